"""The build command puts pages on disk as they are made (output/spill.py): the same site, no
pages held in memory, nothing left beside the output folder."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from conftest import copy_site

from generator import build as build_module
from generator.build import build_and_write
from generator.incremental import engine
from generator.output.spill import Spilled
from generator.output.writer import write_site

THEME = Path(__file__).parent.parent / "templates"  # the default theme


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.") and "spare" not in p.name)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("valid-site", tmp_path / "src")


@pytest.fixture
def handed_to_writer(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """The pages each build hands to the writer."""
    seen: list[dict] = []

    def spy(out: Path, pages: dict, *args: object, **kwargs: object) -> None:
        seen.append(dict(pages))
        write_site(out, pages, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build_module, "write_site", spy)
    return seen


def cold_site(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "cold" / "site"
    shutil.rmtree(out.parent, ignore_errors=True)
    assert not build_and_write(root, out, use_cache=False, search=False).failed()
    return tree(out)


def test_spilled_pages_make_the_same_site_first_and_again(site: Path, tmp_path: Path, handed_to_writer: list):
    out = site / "site"
    result = build_and_write(site, out, search=False, release_pages=True)
    assert not result.failed()
    made = handed_to_writer[-1]
    assert made and all(isinstance(data, Spilled) for data in made.values())  # not one page's bytes in memory
    assert tree(out) == cold_site(site, tmp_path)
    assert beside(out) == []
    # a template change makes every page again; they are moved into the spare of the first build
    theme = (THEME / "base.html").read_text(encoding="utf-8")
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "base.html").write_text(theme.replace("<main ", "<main data-x ", 1), encoding="utf-8")
    assert not build_and_write(site, out, search=False, release_pages=True).failed()
    assert len(handed_to_writer[-1]) > 10 and all(isinstance(d, Spilled) for d in handed_to_writer[-1].values())
    assert tree(out) == cold_site(site, tmp_path)
    assert beside(out) == []


def test_a_failed_build_leaves_no_spilled_pages(site: Path):
    out = site / "site"
    entry = site / "content" / "entries" / "2024" / "bridge-reopens.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("date:", "date: [", 1), encoding="utf-8")
    assert build_and_write(site, out, search=False, release_pages=True).failed()
    assert not out.exists() and beside(out) == []


def test_without_a_folder_for_them_the_pages_stay_in_memory(site: Path, tmp_path: Path, handed_to_writer: list):
    out = tmp_path / "not-yet" / "site"  # its parent is made by the writer, after the pages
    assert not build_and_write(site, out, search=False, release_pages=True).failed()
    assert all(isinstance(data, bytes) for data in handed_to_writer[-1].values())
    assert tree(out) == cold_site(site, tmp_path)


def test_pages_that_cannot_be_spilled_stay_in_memory(
    site: Path, tmp_path: Path, handed_to_writer: list, monkeypatch: pytest.MonkeyPatch
):
    def full(folder: str, path: str, data: bytes) -> Spilled:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(engine, "spill_file", full)
    assert not build_and_write(site, site / "site", search=False, release_pages=True).failed()
    assert all(isinstance(data, bytes) for data in handed_to_writer[-1].values())
    assert tree(site / "site") == cold_site(site, tmp_path)


def test_spilled_pages_of_a_killed_build_are_removed_and_a_running_builds_kept(tmp_path: Path):
    dead = tmp_path / ".site.pages-999999999"
    dead.mkdir()
    (dead / "index.html").write_text("half")
    dead_index = tmp_path / ".site.search-999999999"  # search shards indexed early (early_search.py)
    (dead_index / "search" / "pagefind").mkdir(parents=True)
    running = tmp_path / f".site.pages-{os.getppid()}"  # another process, alive
    running.mkdir()
    mine = tmp_path / f".site.pages-{os.getpid()}"  # this process's own: in use
    mine.mkdir()
    write_site(tmp_path / "site", {"index.html": b"ok"}, {})
    assert not dead.exists() and not dead_index.exists() and running.exists() and mine.exists()
