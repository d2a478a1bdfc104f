"""How a build's process uses memory: when the garbage collector walks the heap, and giving
freed heap back to the system.

At 40,000 entries a build holds millions of objects; a full collection walks all of them for a
second, holding the interpreter (so it also stalls serve's other threads), and finds a few hundred
objects in cycles. So collections of the whole heap are kept out of builds.
"""

from __future__ import annotations

import ctypes
import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_gc_pauses = 0
_gc_was_enabled = True
_gc_lock = threading.Lock()
_one_shot = False  # this process builds once and ends (one_shot)


@contextmanager
def paused_gc(keep: bool = False) -> Iterator[None]:
    """No cyclic garbage collection inside: at 40,000 entries a full collection walks millions of
    objects for a second, which must neither count against a text's time nor slow a store's load.
    Pauses in two threads overlap (serve's builder and its early pages): the last one out restores.
    With `keep` (what was made inside lives on: a store's records), a process that builds once
    moves every object into the generation no collection walks (gc.freeze): the records of a
    4,000-entry site were walked twice more by young collections, 0.1 s of a one-edit build."""
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                if keep and _one_shot:
                    gc.freeze()
                gc.enable()


def one_shot() -> tuple[int, int, int]:
    """For a command that builds once and ends: no full collections (no_full_collections), and
    what its stores hold is kept out of young ones too (paused_gc). Returns the thresholds it
    replaced."""
    global _one_shot
    _one_shot = True
    return no_full_collections()


def no_full_collections() -> tuple[int, int, int]:
    """Collect young garbage as usual, but never walk the whole heap (what a build holds lives
    until it ends; each full walk cost a second at 40,000 entries, 13 of them in one build):
    a command that builds once, and serve while it builds (IdleCollector collects when it is
    idle). Returns the thresholds it replaced."""
    previous = gc.get_threshold()
    gc.set_threshold(previous[0], previous[1], 1_000_000)
    return previous


class IdleCollector:
    """For serve, which builds again and again: no full collection during a build (at 40,000
    entries one held the interpreter for a second every few seconds, and a saved page waited
    for it), but one once the author has paused for `idle` seconds after a rebuild. A build
    leaves a few hundred objects in cycles, the rest is freed as it goes."""

    def __init__(self, idle: float = 30.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.idle = idle
        self.clock = clock
        self.last_build: float | None = None

    def built(self) -> None:
        self.last_build = self.clock()

    def waited(self) -> bool:
        """Called when no change came; True when it collected."""
        if self.last_build is None or self.clock() - self.last_build < self.idle:
            return False
        self.last_build = None
        gc.collect()
        return True


def release(container: list[Any] | dict[Any, Any], step: int = 1000) -> None:
    """Empty a big list or dict a slice at a time, so that other threads run between the slices:
    a rebuild's outputs and caches, freed in one call as the build returned, held serve's
    interpreter for 0.1 s at 40,000 entries, and a saved page waited for it."""
    if isinstance(container, list):
        while container:
            del container[-step:]
        return
    while container:
        for _ in range(min(step, len(container))):
            container.popitem()


def give_back_memory() -> None:
    """Return freed heap pages to the system (glibc keeps them for reuse otherwise): after the
    pages of a big site are written, Pagefind's processes use that memory."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: its allocator decides
