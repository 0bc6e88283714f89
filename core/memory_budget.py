"""A memory budget for what the server keeps between runs: sizes measured, least recently
used out first.

Community Cloud restarts an app that goes over its memory limit, for every visitor at once,
so the objects the server keeps for everyone (fitted models with their interval data and
Shapley background, figures, curves, importances, model files for download) are bounded by
their measured size, not by their count. Each value is measured once, when it is put in
(`measured_size`: the bytes pickle writes, counted without building them; for numpy arrays
and fitted estimators that is their memory to within a few percent). When a new value does not
fit, the least recently used ones leave until it does; asking for a value that left computes
it again (a model is reloaded from the store's disk, in milliseconds to a second).

A value larger than the room the budget can make (the limit less what is reserved, see below)
is refused with `MemoryBudgetError`, whose message a person understands; the page shows it
and goes on with what it had.

One budget serves every cache of the process (`cached` below; the page layer's `ui/cache.py`
holds the instance), so eight visitors opening eight forests share one bound.

**Values kept elsewhere** (for example models a session keeps privately in its session state)
are accounted with `reserve(value)`: their size counts against the limit, shared values are
evicted to make room, and the reservation ends by itself when the value is garbage collected
(or at `release(value)`). `reserve` raises `MemoryBudgetError` when even an empty cache
would not make room, so the caller can refuse before keeping the value::

    from ui.cache import memory_budget          # the process's one budget
    memory_budget().reserve(result)             # raises MemoryBudgetError if it cannot
    st.session_state["my_model"] = result       # freed → its reservation ends

**Work in progress** (a training) is held with `holding(size)` for as long as it runs, so the
least recently used values leave before it starts rather than after.

What is not bounded: a value still in use by a running script after it was evicted (it lives
until that run ends), and freed memory glibc keeps between two trims, so the worst case is the
limit plus one model per script running at that moment (docs/performance.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import logging
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

import joblib

from core.errors import WineLabError

log = logging.getLogger(__name__)

MB = 2**20
# Evicting, making or working on at least this much hands freed memory back to the system
# (glibc keeps it otherwise).
TRIM_AFTER_BYTES = 4 * MB

P = ParamSpec("P")
R = TypeVar("R")


class MemoryBudgetError(WineLabError):
    """A value the memory budget cannot hold: how big it is, how much is free, the limit
    (bytes; the page layer says it in the reader's words)."""

    def __init__(self, size: int, room: int, limit: int) -> None:
        self.size, self.room, self.limit = size, max(room, 0), limit
        super().__init__(
            f"The server cannot keep this model in memory: it needs {size / MB:.0f} MB, and "
            f"{self.room / MB:.0f} MB of the {limit / MB:.0f} MB it keeps for models are free."
        )


class _Counter:
    """A file that only counts what is written to it."""

    def __init__(self) -> None:
        self.bytes = 0

    def write(self, data: Any) -> int:
        written = memoryview(data).nbytes
        self.bytes += written
        return written

    def tell(self) -> int:
        return self.bytes

    def flush(self) -> None:
        return None


def measured_size(value: object) -> int:
    """The bytes joblib's pickler (as the store writes models) writes for `value`, counted as
    they stream out, so measuring a 30 MB forest allocates no 30 MB copy. Only ever writes:
    nothing is loaded from these bytes."""
    counter = _Counter()
    joblib.dump(value, counter)
    return counter.bytes


@dataclass(frozen=True)
class Entry:
    key: Hashable
    size: int


class MemoryBudget:
    """Values kept under `limit_bytes` in total, least recently used evicted first."""

    def __init__(
        self, limit_bytes: int, *, measure: Callable[[object], int] = measured_size
    ) -> None:
        if limit_bytes <= 0:
            raise ValueError("A memory budget needs a positive limit.")
        self.limit_bytes = limit_bytes
        self._measure = measure
        self._values: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._reserved: dict[int, int] = {}
        self._guard = threading.RLock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self.evictions = 0

    @property
    def used_bytes(self) -> int:
        with self._guard:
            return self.shared_bytes + self.reserved_bytes

    @property
    def shared_bytes(self) -> int:
        with self._guard:
            return sum(size for _, size in self._values.values())

    @property
    def reserved_bytes(self) -> int:
        with self._guard:
            return sum(self._reserved.values())

    def entries(self) -> list[Entry]:
        """What is kept, least recently used first."""
        with self._guard:
            return [Entry(key, size) for key, (_, size) in self._values.items()]

    def lookup(self, key: Hashable) -> tuple[bool, object]:
        """(True, value) if kept (it becomes the most recently used), else (False, None)."""
        with self._guard:
            if key not in self._values:
                return False, None
            self._values.move_to_end(key)
            return True, self._values[key][0]

    def put(self, key: Hashable, value: object, *, size: int | None = None) -> None:
        """Keep `value` under `key`, evicting the least recently used to make room."""
        size = self._measure(value) if size is None else size
        with self._guard:
            self._values.pop(key, None)
            self._make_room(size)
            self._values[key] = (value, size)

    def reserve(self, value: object, *, size: int | None = None) -> int:
        """Count a value kept outside the budget (a session's own model) against its limit
        until the value is garbage collected or `release`d; returns its size in bytes."""
        size = self._measure(value) if size is None else size
        with self._guard:
            self._make_room(size)
            self._reserved[id(value)] = size
        with contextlib.suppress(TypeError):  # not weak-referenceable: release() it by hand
            weakref.finalize(value, self._end_reservation, id(value))
        return size

    def release(self, value: object) -> None:
        self._end_reservation(id(value))

    def clear(self) -> None:
        with self._guard:
            self._values.clear()

    @contextlib.contextmanager
    def holding(self, size: int) -> Iterator[None]:
        """Count `size` bytes of work in progress (a training's estimated footprint) against
        the limit while the block runs: shared values leave first to make room, so the work
        does not add its memory on top of a full budget. Raises `MemoryBudgetError` before
        the block starts when even an empty cache would not make room."""
        token = _Held()
        self.reserve(token, size=size)
        try:
            yield
        finally:
            self.release(token)
            if size >= TRIM_AFTER_BYTES:
                release_freed_memory()  # the work's temporaries, freed in small pieces

    def make_room(self, size: int) -> None:
        """Evict the least recently used values until `size` more bytes fit (before loading a
        value of that size, so the old ones leave before the new one arrives);
        `MemoryBudgetError` if it cannot fit at all."""
        with self._guard:
            self._make_room(size)

    def check_room(self, size: int) -> None:
        """Raise `MemoryBudgetError` if a value of `size` bytes could not be kept even after
        evicting every shared value (so a caller can refuse before loading it)."""
        with self._guard:
            room = self.limit_bytes - self.reserved_bytes
        if size > room:
            raise MemoryBudgetError(size, room, self.limit_bytes)

    def get_or_compute(
        self,
        key: Hashable,
        compute: Callable[[], R],
        *,
        size: Callable[[R], int] | None = None,
    ) -> R:
        """The value kept under `key`, or `compute()` kept there (measured by `size`, else
        `measured_size`). Two callers asking for one key at once compute it once."""
        with self._lock_for(key):
            found, value = self.lookup(key)
            if found:
                return value  # type: ignore[return-value]
            value = compute()
            measured = self._measure(value) if size is None else size(value)
            self.put(key, value, size=measured)
            if measured >= TRIM_AFTER_BYTES:
                # Making a large value (loading a forest: each tree's arrays are read, then
                # copied into the tree) freed as much again in thousands of small pieces.
                release_freed_memory()
            return value

    def cached(
        self, name: str, *, size: Callable[[Any], int] | None = None
    ) -> Callable[[Callable[P, R]], Callable[P, R]]:
        """Memoise a function by its (hashable) arguments inside this budget, under `name`."""

        def decorate(function: Callable[P, R]) -> Callable[P, R]:
            @functools.wraps(function)
            def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
                key = (name, args, tuple(sorted(kwargs.items())))
                return self.get_or_compute(key, lambda: function(*args, **kwargs), size=size)

            return wrapper

        return decorate

    def _lock_for(self, key: Hashable) -> threading.Lock:
        with self._guard:
            return self._key_locks.setdefault(key, threading.Lock())

    def _end_reservation(self, value_id: int) -> None:
        with self._guard:
            self._reserved.pop(value_id, None)

    def _make_room(self, size: int) -> None:
        room = self.limit_bytes - self.reserved_bytes
        if size > room:
            raise MemoryBudgetError(size, room, self.limit_bytes)
        freed = 0
        while self._values and self.shared_bytes + size > room:
            key, (_, evicted) = self._values.popitem(last=False)
            freed += evicted
            self.evictions += 1
            log.info("Memory budget: evicted %s (%.1f MB)", _describe(key), evicted / MB)
        if freed >= TRIM_AFTER_BYTES:
            release_freed_memory()


class _Held:
    """The token of a `holding` reservation (weak-referenceable, unlike an int)."""


def _describe(key: Hashable) -> str:
    if isinstance(key, tuple) and key and isinstance(key[0], str):
        return key[0]
    return "this value"


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    return library if hasattr(library, "malloc_trim") else None


def release_freed_memory() -> None:
    """Hand freed heap memory back to the system (glibc's `malloc_trim`; elsewhere nothing).

    A forest is thousands of small arrays: once evicted, glibc keeps their pages for reuse,
    so the process's resident memory would stay at its highest point without this.
    """
    library = _libc()
    if library is not None:
        library.malloc_trim(0)


# glibc's mallopt parameter M_ARENA_MAX (malloc.h).
_M_ARENA_MAX = -8
MALLOC_ARENAS = 2


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let glibc's malloc keep at most `arenas` heaps (elsewhere nothing); True if it did.

    Streamlit runs each session's script on a thread of its own, and glibc gives threads
    heaps of their own (up to eight per core): memory a forest freed in one thread's heap
    stays there, unused by the others. Measured on issue #22's scenario (docs/performance.md):
    with two heaps the server's peak fell by about 60 MB and the free memory malloc held by
    half. Call it before the server starts its threads; heaps made before stay.
    """
    library = _libc()
    return library is not None and library.mallopt(_M_ARENA_MAX, arenas) == 1


MEMORY_BUDGET_ENV = "WINE_LAB_MEMORY_MB"
DEFAULT_LIMIT_MB = 64


def limit_from_env() -> int:
    """The budget in bytes: `$WINE_LAB_MEMORY_MB` megabytes, else `DEFAULT_LIMIT_MB`."""
    try:
        megabytes = float(os.environ.get(MEMORY_BUDGET_ENV) or DEFAULT_LIMIT_MB)
    except ValueError:
        log.warning("%s is not a number; using %d MB", MEMORY_BUDGET_ENV, DEFAULT_LIMIT_MB)
        megabytes = DEFAULT_LIMIT_MB
    return max(1, int(megabytes * MB))


def budget_from_env() -> MemoryBudget:
    """A budget of `limit_from_env()` bytes."""
    return MemoryBudget(limit_from_env())
