"""Forked workers: results come back in order, in the calling thread, which also makes the tasks
as the work goes on (reading files overlaps parsing the ones read before)."""

import os
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


def test_the_work_is_done_in_other_processes_and_a_single_task_here():
    pids: list[int] = []
    stream_forked(_pid_and_square, iter(range(6)), 2, lambda task, result: pids.append(result[0]))
    assert os.getpid() not in pids
    stream_forked(_pid_and_square, iter([3]), 2, lambda task, result: pids.append(result[0]))
    assert pids[-1] == os.getpid()  # one task: no worker is started for it
