"""Forked workers: results come back in order, in the calling thread, which also makes the tasks
as the work goes on (reading files overlaps parsing the ones read before)."""

import os
import subprocess
import sys
import threading

from generator.workers import stream_forked


def _pid_and_square(n: int) -> tuple[int, int]:
    return os.getpid(), n * n


def test_results_come_back_in_order_here_and_the_tasks_are_made_here():
    heard: list[tuple[int, int]] = []
    makers: set[threading.Thread] = set()

    def tasks():
        for n in range(40):
            makers.add(threading.current_thread())
            yield n

    def each(task: int, result: tuple[int, int]) -> None:
        assert threading.current_thread() is threading.main_thread()
        heard.append((task, result[1]))

    stream_forked(_pid_and_square, tasks(), 2, each)
    assert heard == [(n, n * n) for n in range(40)]
    assert makers == {threading.main_thread()}  # never in the pool's threads: no lock is needed


PIDS = """
import os
from generator.workers import stream_forked
def pid(n):
    return os.getpid()
many, one = [], []
stream_forked(pid, iter(range(6)), 2, lambda task, result: many.append(result))
stream_forked(pid, iter([3]), 2, lambda task, result: one.append(result))
print(os.getpid() in many, one == [os.getpid()])
"""


def test_the_work_is_done_in_other_processes_and_a_single_task_here():
    """In a process of one thread, as a build is (this test's process may have others: then no
    worker is forked, and the work is done here)."""
    done = subprocess.run([sys.executable, "-c", PIDS], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", "True"]  # six tasks in workers; one task here, no worker


def test_a_build_that_forks_no_workers_does_not_import_what_only_forks_and_odd_dates_need():
    """An edit is a build that forks nothing and reads dates the grammar knows: multiprocessing
    (10 ms) and python-dateutil (6 ms) are imported only when needed, not with the build."""
    check = (
        "import sys, generator.cli, generator.build; print(sorted({'multiprocessing', 'dateutil'} & set(sys.modules)))"
    )
    said = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60, check=True)
    assert said.stdout.strip() == "[]"
