"""Keep full garbage collections cheap in a server that has the ML stack imported.

With pandas, scikit-learn, SciPy and plotly imported, a full collection walks some 190 000
long-lived objects: 130-150 ms on 2 cores, holding the GIL, so the server sends nothing while
it lasts. Streamlit ran one after every script run by default (`runner.postScriptGC`, now off
in config.toml), and Python runs them as allocations pile up. Frozen once, after the imports,
those objects are left out of every later collection; what a session creates is still
collected as before.
"""

from __future__ import annotations

import gc
import threading

_lock = threading.Lock()
_frozen = False


def freeze_imported_objects() -> None:
    """Once per process: collect what is garbage now, then exempt the rest from collection.

    Only objects that live as long as the process should be frozen (a frozen object is never
    freed), hence once, at the first run, when what exists is modules, classes and caches.
    """
    global _frozen
    with _lock:
        if _frozen:
            return
        gc.collect()
        gc.freeze()
        _frozen = True
