"""Bounded time for work on text that anyone may have written.

A library that grows faster than its input (Python-Markdown on long runs of `[`) must not hold
a build for minutes. `time_limit` interrupts the code inside it with TimeLimit once the time is
up, with a timer signal: builds and their workers run this work in their main thread (serve
too), where a signal can interrupt it. Elsewhere there is no guard.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class TimeLimit(Exception):
    """The time given to a piece of work ran out."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise TimeLimit(f"over {seconds:.1f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
