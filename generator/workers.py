"""Worker processes: forked only from a process that has no other thread, never outliving it.

Forking copies one thread only: a lock another thread held at that moment stays locked in the
child for ever. So work is spread over processes only while this process runs no other thread
(a build from the command line), and all workers are forked before the pool starts its own
threads; elsewhere (serve, with its watcher and server threads) the work runs here, in order.
A worker asks the kernel to end it when its parent dies, so a build killed with SIGKILL leaves
no worker behind holding its pipes open.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Sequence
from typing import Any

PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def die_with_parent(parent: int) -> None:
    """SIGKILL this worker when its parent goes (Linux), and at once if it already went."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # elsewhere the worker ends when it finds its task pipe closed
    if os.getppid() != parent:
        os._exit(1)


def map_forked(function: Callable[[Any], Any], tasks: Sequence[Any], workers: int) -> list[Any]:
    """`[function(task) for task in tasks]`, in forked workers when that is safe and worth it.

    The workers inherit this process's memory: state the function needs is set in a module
    global before calling this, and nothing but the tasks and results is pickled.
    """
    if workers <= 1 or len(tasks) <= 1 or not can_fork():
        return [function(task) for task in tasks]
    context = multiprocessing.get_context("fork")
    with context.Pool(min(workers, len(tasks)), initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return pool.map(function, tasks, chunksize=1)
