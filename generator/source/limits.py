"""Bounded time for work on text that anyone may have written.

A library that grows faster than its input (Python-Markdown on long runs of `[`) must not hold
a build for minutes. `time_limit` interrupts the code inside it with TimeLimit once the time is
up, with a timer signal: builds and their workers run this work in their main thread (serve
too), where a signal can interrupt it. Elsewhere there is no guard.

For work on text the time is CPU time (this process's, `ITIMER_PROF`), not the clock's: on a busy
machine (a CI runner, 40,000 entries parsed on two cores beside other work) a process may wait
for a core for a second, and a file that is fine must not fail because of that. A download waits
on the network, not the CPU: it is given clock time (`wall=True`).
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimit(Exception):
    """The time given to a piece of work ran out."""


@contextmanager
def time_limit(seconds: float, wall: bool = False) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
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


def cpu_seconds() -> float:
    """This process's CPU time, the clock `time_limit` counts."""
    return time.process_time()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: at 40,000 entries a full collection walks millions of
    objects for a second, which must neither count against a text's time nor slow a store's load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def one_shot() -> None:
    """For a command that builds once and ends: collect young garbage as usual, but never walk the
    whole heap again (what the build holds lives until it ends; each full walk cost a second at
    40,000 entries, 13 of them in one build)."""
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 1_000_000)
