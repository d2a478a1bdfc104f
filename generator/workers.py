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
import itertools
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
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


def map_forked(
    function: Callable[[Any], Any],
    tasks: Sequence[Any],
    workers: int,
    each: Callable[[int, Any], None] | None = None,
    forked: Callable[[], None] | None = None,
) -> list[Any]:
    """`[function(task) for task in tasks]`, in forked workers when that is safe and worth it.

    The workers inherit this process's memory: state the function needs is set in a module
    global before calling this, and nothing but the tasks and results is pickled. Tasks are
    handed out one at a time, in order, to whichever worker is free; `each(index, result)` is
    called here as each one is done (in the order they finish). `forked()` is called once the
    workers exist, when there are any: this process may then start a thread of its own.
    """
    results: list[Any] = [None] * len(tasks)
    if workers <= 1 or len(tasks) <= 1 or not can_fork():
        for index, task in enumerate(tasks):
            results[index] = function(task)
            if each is not None:
                each(index, results[index])
        return results
    with _pool(min(workers, len(tasks))) as pool:
        if forked is not None:
            forked()
        numbered = [(function, index, task) for index, task in enumerate(tasks)]
        for index, result in pool.imap_unordered(_numbered, numbered, chunksize=1):
            results[index] = result
            if each is not None:
                each(index, result)
    return results


def _pool(workers: int) -> Any:
    """Forked workers that end with this process (multiprocessing is imported here: a build that
    forks none, an edit, does without its 10 ms import)."""
    import multiprocessing

    return multiprocessing.get_context("fork").Pool(workers, initializer=die_with_parent, initargs=(os.getpid(),))


def _numbered(job: tuple[Callable[[Any], Any], int, Any]) -> tuple[int, Any]:
    function, index, task = job
    return index, function(task)


def stream_forked(
    function: Callable[[Any], Any], tasks: Iterator[Any], workers: int, each: Callable[[Any, Any], None]
) -> None:
    """`each(task, function(task))` for every task, in order, all called in this thread.

    The tasks are taken from the iterator as the work goes on, so what makes them (reading files)
    runs here while forked workers run the ones made before. The workers are forked once there is
    a second task, when that is safe; a single task is run here.
    """
    started = list(itertools.islice(tasks, 2))
    if len(started) < 2 or workers <= 1 or not can_fork():
        for task in itertools.chain(started, tasks):
            each(task, function(task))
        return
    with _pool(workers) as pool:
        pending: deque[tuple[Any, Any]] = deque()
        for task in itertools.chain(started, tasks):
            pending.append((task, pool.apply_async(function, (task,))))
            while pending and pending[0][1].ready():
                done, result = pending.popleft()
                each(done, result.get())
        while pending:
            done, result = pending.popleft()
            each(done, result.get())
