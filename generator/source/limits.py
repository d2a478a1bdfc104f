"""Bounded time for work on text that anyone may have written.

A library that grows faster than its input (Python-Markdown on long runs of `[`) must not hold
a build for minutes. `time_limit` interrupts the code inside it with TimeLimit once the time is
up, with a timer signal: builds and their workers run this work in their main thread, where a
signal can interrupt it. In another thread (serve renders a saved entry's page on its own thread
while the builder works) a watchdog raises TimeLimit in that thread instead, by the clock.

For work on text the time is CPU time (this process's, `ITIMER_PROF`), not the clock's: on a busy
machine (a CI runner, 40,000 entries parsed on two cores beside other work) a process may wait
for a core for a second, and a file that is fine must not fail because of that. A download waits
on the network, not the CPU: it is given clock time (`wall=True`).
"""

from __future__ import annotations

import ctypes
import gc
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class TimeLimit(Exception):
    """The time given to a piece of work ran out."""


@contextmanager
def time_limit(seconds: float, wall: bool = False) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        with _watchdog(seconds):
            yield
        return
    if not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeLimit(f"over {seconds:.1f} s")

    signum, timer = (signal.SIGALRM, signal.ITIMER_REAL) if wall else (signal.SIGPROF, signal.ITIMER_PROF)
    previous = signal.signal(signum, expired)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    """TimeLimit raised in this thread once `seconds` have passed on the clock (threads share the
    process's CPU time), at the next bytecode, as a signal would be; never after the block."""
    thread = ctypes.c_ulong(threading.get_ident())
    inside = threading.Lock()
    fired = False

    def expire() -> None:
        nonlocal fired
        with inside:
            if not done:
                fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(TimeLimit))

    done = False
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with inside:
            done = True
            if fired:  # raised already, or still pending: a pending one must not escape the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)


def cpu_seconds() -> float:
    """The CPU time `time_limit` counts: the process's in the main thread, elsewhere the thread's."""
    if threading.current_thread() is threading.main_thread():
        return time.process_time()
    return time.thread_time()


_gc_pauses = 0
_gc_was_enabled = True
_gc_lock = threading.Lock()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: at 40,000 entries a full collection walks millions of
    objects for a second, which must neither count against a text's time nor slow a store's load.
    Pauses in two threads overlap (serve's builder and its early pages): the last one out restores."""
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
                gc.enable()


def one_shot() -> tuple[int, int, int]:
    """For a command that builds once and ends: collect young garbage as usual, but never walk the
    whole heap again (what the build holds lives until it ends; each full walk cost a second at
    40,000 entries, 13 of them in one build). Returns the thresholds it replaced."""
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


def give_back_memory() -> None:
    """Return freed heap pages to the system (glibc keeps them for reuse otherwise): after the
    pages of a big site are written, Pagefind's processes use that memory."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: its allocator decides
