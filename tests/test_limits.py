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

    from generator.memory import paused_gc

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


def _in_a_thread(work):
    import threading

    outcome: list[object] = []

    def run():
        try:
            outcome.append(work())
        except BaseException as exc:  # noqa: BLE001 - the test reads what the thread raised
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not thread.is_alive()
    return outcome[0]


def test_work_on_another_thread_is_stopped_too():
    """serve's early thread converts a saved entry's Markdown while the builder works."""

    def spin():
        started = time.monotonic()
        with time_limit(0.2):
            while True:
                pass
        return time.monotonic() - started

    assert isinstance(_in_a_thread(spin), TimeLimit)
    assert isinstance(_in_a_thread(lambda: Markup().render("[" * 60_000)), MarkdownError)


def test_a_limit_that_ends_in_time_on_another_thread_raises_nothing_later():
    def quick():
        with time_limit(0.05):
            pass
        time.sleep(0.2)  # past the limit, outside it
        return "fine"

    assert _in_a_thread(quick) == "fine"


def test_pauses_of_two_threads_that_overlap_leave_gc_enabled():
    import gc
    import threading

    from generator.memory import paused_gc

    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()

    def first():
        with paused_gc():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    thread = threading.Thread(target=first)
    thread.start()
    first_in.wait(5)
    with paused_gc():
        second_in.set()
        first_out.wait(5)
        assert not gc.isenabled()  # the other thread's pause ended; this one has not
    thread.join(5)
    assert gc.isenabled()


def test_serve_collects_the_whole_heap_only_once_the_author_has_paused(monkeypatch):
    """At 40,000 entries a full collection holds the interpreter for a second: never during a
    build (the thresholds), once after the author has been idle for a while."""
    import gc

    from generator import memory
    from generator.memory import IdleCollector, no_full_collections

    now = [100.0]
    collected = []
    monkeypatch.setattr(gc, "collect", lambda *args: collected.append(now[0]) or 0)
    collector = IdleCollector(idle=30, clock=lambda: now[0])
    assert not collector.waited()  # nothing built yet
    collector.built()
    now[0] += 29
    assert not collector.waited() and collected == []
    now[0] += 2
    assert collector.waited() and collected == [131.0]
    now[0] += 100
    assert not collector.waited()  # once per pause
    monkeypatch.setattr(memory, "_one_shot", False)
    previous = no_full_collections()  # what serve asks for
    try:
        assert gc.get_threshold()[2] >= 1_000_000
        assert not memory._one_shot  # serve's heap stays collectable: its stores are not frozen
    finally:
        gc.set_threshold(*previous)


@pytest.mark.parametrize("builds_once", [True, False])
def test_records_read_from_a_store_are_kept_out_of_collections_only_in_a_process_that_builds_once(
    builds_once, tmp_path, monkeypatch
):
    """A build that ends when it is done freezes what its stores held (gc.freeze): young collections
    walked each record twice more. Serve builds again and again: its heap stays collectable."""
    import gc

    from conftest import copy_site

    from generator.build import build_and_write
    from generator.incremental.stores import State

    site = copy_site("valid-site", tmp_path / "src")
    assert not build_and_write(site, tmp_path / "site").failed()
    monkeypatch.setattr("generator.memory._one_shot", builds_once)
    gc.unfreeze()
    try:
        state = State.on_disk(site)
        state.parsed.load()
        assert state.parsed.data  # (the records were read)
        assert (gc.get_freeze_count() > 0) == builds_once
    finally:
        gc.unfreeze()


# --- the size limit of a content file --------------------------------------------------------------


def test_a_file_up_to_the_size_limit_is_read_whole_and_one_over_it_is_refused(tmp_path):
    from generator.source.files import NotReadable, read_bytes

    (tmp_path / "at.md").write_bytes(b"x" * 10)
    (tmp_path / "over.md").write_bytes(b"x" * 11)
    assert read_bytes(tmp_path / "at.md", limit=10) == b"x" * 10
    with pytest.raises(NotReadable, match="over"):
        read_bytes(tmp_path / "over.md", limit=10)


def test_a_file_that_grows_between_its_size_and_its_read_is_read_to_its_end_within_the_limit(tmp_path, monkeypatch):
    import os

    from generator.source import files

    (tmp_path / "growing.md").write_bytes(b"y" * 8)
    (tmp_path / "past.md").write_bytes(b"y" * 12)
    real = os.fstat

    def stale(fd):  # the size before the file grew
        info = real(fd)
        return os.stat_result((*info[:6], 4, *info[7:]))

    monkeypatch.setattr(files.os, "fstat", stale)
    assert files.read_bytes(tmp_path / "growing.md", limit=10) == b"y" * 8
    with pytest.raises(files.NotReadable, match="over"):
        files.read_bytes(tmp_path / "past.md", limit=10)


def test_reading_a_small_file_asks_for_its_size_not_for_the_limit(tmp_path, monkeypatch):
    """A read of the limit allocates the limit: 10 MB for each 3 KB entry."""
    import os

    from generator.source import files

    asked = []
    real = os.fdopen

    class Recording:
        def __init__(self, file):
            self.file = file

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

        def read(self, size=-1):
            asked.append(size)
            return self.file.read(size)

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: Recording(real(fd, mode)))
    (tmp_path / "entry.md").write_bytes(b"z" * 3000)
    assert files.read_bytes(tmp_path / "entry.md") == b"z" * 3000
    assert asked == [3001]


def test_a_builds_outputs_and_caches_are_let_go_a_slice_at_a_time():
    """Freed in one call as a rebuild returned, they held serve's interpreter for 0.1 s at 40,000
    entries; emptied a slice at a time, other threads run between the slices."""
    from generator.memory import release

    class Slices(list):
        deleted: list[int] = []

        def __delitem__(self, index):
            self.deleted.append(len(self[index]))
            super().__delitem__(index)

    items = Slices(range(2500))
    release(items, step=1000)
    assert items == [] and items.deleted == [1000, 1000, 500]
    mapping = {number: str(number) for number in range(2500)}
    release(mapping, step=1000)
    assert mapping == {}
