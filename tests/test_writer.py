"""The output folder is replaced whole or not at all."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.output import writer
from generator.output.spare import prepare_spare
from generator.output.writer import write_site


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_first_write_and_replacement(tmp_path: Path):
    out = tmp_path / "site"
    write_site(out, {"index.html": b"one", "a/b/index.html": b"deep"}, {})
    assert tree(out) == {"index.html": b"one", "a/b/index.html": b"deep"}
    write_site(out, {"index.html": b"two"}, {})
    assert tree(out) == {"index.html": b"two"}  # pages that disappeared are gone
    assert leftovers(tmp_path) == []
    # the previous site is kept whole as the spare that the next build brings up to date
    assert tree(tmp_path / ".site.spare") == {"index.html": b"one", "a/b/index.html": b"deep"}
    write_site(out, {"index.html": b"three", "new/index.html": b"new"}, {})
    assert tree(out) == {"index.html": b"three", "new/index.html": b"new"}
    assert tree(tmp_path / ".site.spare") == {"index.html": b"two"}


def test_unchanged_pages_are_linked_not_written(tmp_path: Path):
    out = tmp_path / "site"
    write_site(out, {"a.html": b"a", "b.html": b"b"}, {})
    write_site(out, {"b.html": b"b2"}, {}, keep=["a.html"])
    assert tree(out) == {"a.html": b"a", "b.html": b"b2"}
    assert (out / "a.html").stat().st_ino == (tmp_path / ".site.spare" / "a.html").stat().st_ino
    # the live file is never changed in place, even when the spare shares it
    write_site(out, {"a.html": b"a2", "b.html": b"b2"}, {})
    assert tree(tmp_path / ".site.spare") == {"a.html": b"a", "b.html": b"b2"}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name or ".old-" in p.name)


def test_copies_are_written(tmp_path: Path):
    source = tmp_path / "logo.png"
    source.write_bytes(b"\x89PNG")
    write_site(tmp_path / "site", {}, {"img/logo.png": source})
    assert (tmp_path / "site" / "img" / "logo.png").read_bytes() == b"\x89PNG"


def test_leftovers_of_killed_builds_are_removed(tmp_path: Path):
    dead = tmp_path / ".site.building-999999999"
    dead.mkdir()
    (dead / "half.html").write_text("half")
    old = tmp_path / ".site.old-999999998"
    old.mkdir()
    write_site(tmp_path / "site", {"index.html": b"ok"}, {})
    assert not dead.exists() and not old.exists()


def test_full_disk_keeps_the_old_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old"}, {})
    real_write = writer._write

    def full(path: str, data: bytes) -> None:
        if path.endswith("b.html"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real_write(path, data)

    monkeypatch.setattr(writer, "_write", full)
    with pytest.raises(BuildError) as info:
        write_site(out, {"a.html": b"new", "b.html": b"new"}, {})
    assert "No space left on device" in str(info.value)
    monkeypatch.undo()
    assert tree(out) == {"index.html": b"old"}
    assert leftovers(tmp_path) == []


def test_failure_while_writing_keeps_the_old_site(tmp_path: Path):
    out = tmp_path / "site"
    write_site(out, {"index.html": b"old"}, {})
    with pytest.raises(BuildError) as info:
        # a page path that needs a folder where a file already is fails half-way through
        write_site(out, {"a": b"file", "a/index.html": b"clash"}, {})
    assert "previous site is unchanged" in str(info.value)
    assert tree(out) == {"index.html": b"old"}
    assert leftovers(tmp_path) == []
    write_site(out, {"index.html": b"next"}, {})  # the next build brings the half-written spare up to date
    assert tree(out) == {"index.html": b"next"}


def test_output_that_is_a_file_is_refused(tmp_path: Path):
    (tmp_path / "site").write_text("not a folder")
    with pytest.raises(BuildError):
        write_site(tmp_path / "site", {"index.html": b"x"}, {})


def test_a_spare_is_prepared_as_links_to_the_live_site(tmp_path: Path):
    out = tmp_path / "site"
    prepare_spare(out)  # no site yet: nothing to do
    assert leftovers(tmp_path) == []
    write_site(out, {"index.html": b"home", "entries/a/index.html": b"a"}, {})
    prepare_spare(out)
    spare = tmp_path / ".site.spare"
    assert tree(spare) == tree(out)
    assert (spare / "entries/a/index.html").stat().st_ino == (out / "entries/a/index.html").stat().st_ino
    (spare / "stale.html").write_bytes(b"x")
    prepare_spare(out)  # a spare is there: left to the write, which brings it up to date
    assert (spare / "stale.html").exists()
    write_site(out, {"index.html": b"new home", "entries/a/index.html": b"a"}, {})
    assert tree(out) == {"index.html": b"new home", "entries/a/index.html": b"a"}
    assert tree(tmp_path / ".site.spare") == {"index.html": b"home", "entries/a/index.html": b"a"}


def test_a_spare_stopped_early_is_a_part_of_the_site(tmp_path: Path):
    import threading

    out = tmp_path / "site"
    write_site(out, {f"entries/{n}/index.html": b"x" for n in range(50)}, {})
    stop = threading.Event()
    stop.set()
    prepare_spare(out, stop)
    spare = tree(tmp_path / ".site.spare")
    assert spare.items() <= tree(out).items() and len(spare) < 50
    assert leftovers(tmp_path) == []
    write_site(out, {"index.html": b"home"}, {})  # the write brings it up to date
    assert tree(out) == {"index.html": b"home"}


def test_the_spare_is_made_by_its_own_process_beside_a_build(tmp_path: Path):
    """The child `python -m generator.output.spare` runs as a fresh interpreter: it once failed
    there unseen (a name used before its definition), leaving every edit to make 40,000 folders."""
    from generator.output.spare import SpareInBackground

    out = tmp_path / "site"
    write_site(out, {f"entries/{n}/index.html": b"x" for n in range(30)} | {"index.html": b"home"}, {})
    spare = SpareInBackground(out, wanted=True)
    spare.wait()
    assert tree(tmp_path / ".site.spare") == tree(out)
    assert leftovers(tmp_path) == []


def test_the_spare_is_made_behind_the_build_that_started_it():
    """A first edit makes its few pages while the spare's 4,000 folders are made: the child runs at
    a lower priority, and the build's own work goes first."""
    import subprocess
    import sys

    said = subprocess.run(
        [sys.executable, "-c", "import os; from generator.output.spare import _lower_priority as lower; "
         "before = os.nice(0); lower(); print(before, os.nice(0))"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    before, after = map(int, said)
    assert after == min(before + 10, 19)


def test_a_spill_folder_becomes_the_site_without_a_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A first build's spill folder holds the pages it made and nothing else: it becomes the site
    as it is (scanning its 40,000 folders took 0.8 s), and a spilled page that the live folder
    already holds, the same, is replaced by a link to the live one."""
    from generator.output.spill import Spilled

    out = tmp_path / "site"
    write_site(out, {"same/index.html": b"same", "old.html": b"old"}, {})
    spill = tmp_path / ".site.pages-1"
    pages = {}
    for path, data in {"same/index.html": b"same", "new/index.html": b"new"}.items():
        (spill / path).parent.mkdir(parents=True)
        (spill / path).write_bytes(data)
        pages[path] = Spilled(str(spill / path), len(data))
    assert not (tmp_path / ".site.spare").exists()  # no spare to bring up to date: the spill folder moves in
    monkeypatch.setattr(writer, "_scan", lambda *args: pytest.fail("scanned"))
    write_site(out, {"new/index.html": pages["new/index.html"], "memory.html": b"kept in memory"}, {},
               keep=["same/index.html"], spilled=spill)  # fmt: skip
    assert tree(out) == {"same/index.html": b"same", "new/index.html": b"new", "memory.html": b"kept in memory"}
    assert (out / "same/index.html").stat().st_ino == (tmp_path / ".site.spare" / "same/index.html").stat().st_ino
