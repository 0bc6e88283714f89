"""Keep the full garbage collection Streamlit runs after every script run cheap.

Streamlit calls `gc.collect(2)` after each run (`runner.postScriptGC`), so that memory does
not build up between reruns. With pandas, scikit-learn, SciPy and plotly imported, that
collection walks some 190 000 long-lived objects: 130-150 ms on 2 cores, after every slider
move, longer than the run itself, and the server sends nothing while it lasts (it holds the
GIL). Frozen once, after the imports, those objects are left out of every later collection;
what a session creates is still collected as before.
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
