"""Time limits: CPU time for work on text (a busy machine must not fail a file), clock time for
downloads (waiting on the network uses no CPU)."""

import time

import pytest

from generator.source.limits import TimeLimit, time_limit
from generator.source.markup import MarkdownError, Markup


def test_waiting_for_a_core_does_not_count_against_work_on_text():
    with time_limit(0.2):
        time.sleep(0.4)  # a process that waits (descheduled, or here asleep) uses no CPU time


def test_work_that_uses_the_cpu_is_stopped():
    started = time.monotonic()
    with pytest.raises(TimeLimit), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - started < 2


def test_a_download_is_given_clock_time():
    with pytest.raises(TimeLimit), time_limit(0.2, wall=True):
        time.sleep(2)


def test_a_files_markdown_budget_counts_cpu_time_not_the_wait(monkeypatch):
    markup = Markup()
    with markup.file_budget(100):
        time.sleep(1.2)  # longer than the whole budget of a small file (1 s), in waiting only
        assert "<p>fine</p>" in markup.render("fine").html
    with markup.file_budget(100), pytest.raises(MarkdownError):
        markup.render("[" * 60_000)


def test_a_conversion_is_not_interrupted_by_a_collection_and_gc_comes_back():
    import gc

    from generator.source.limits import paused_gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_first_load_of_the_markdown_store_does_not_count_against_a_file():
    """At 40,000 entries the store takes more than a file's whole budget to load; that is not the file's time."""

    class SlowStore:
        def lookup(self, key):
            end = time.process_time() + 1.2
            while time.process_time() < end:
                pass
            return None

        def record(self, key, value):
            pass

    markup = Markup(SlowStore())
    with markup.file_budget(100):
        assert "<p>fine</p>" in markup.render("fine").html
