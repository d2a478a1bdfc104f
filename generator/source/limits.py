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
import signal
import threading
import time
from collections.abc import Iterator
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
    """The time a file's Markdown budget counts: the process's CPU time in the main thread (as
    `time_limit` counts there), elsewhere the thread's (where `time_limit` counts the clock,
    which never runs slower)."""
    if threading.current_thread() is threading.main_thread():
        return time.process_time()
    return time.thread_time()
