"""A build with nothing to do (inputs.py): when every file it reads, its options and the code are
as the last good build into the same folder found them, and that folder holds what it left,
`build` repeats that build's report and touches nothing. Anything else builds."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.build import build_and_write
from generator.incremental import code, inputs


@pytest.fixture
def site(tmp_path: Path, copy_fixture, monkeypatch) -> Path:
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # nanosecond times tell these saves apart
    root = copy_fixture("valid-site", tmp_path / "site")
    entry = root / "content" / "entries" / "2024" / "bridge-reopens.md"
    entry.write_text(entry.read_text(encoding="utf-8").replace("title:", "sumary: tense\ntitle:", 1), encoding="utf-8")
    return root


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_nothing_changed_repeats_the_report_and_touches_nothing(site: Path, cli) -> None:
    first = cli("build", "--root", str(site))
    assert first.returncode == 0, first.stderr
    assert "unknown entry field 'sumary'" in first.stderr  # a warning, to be repeated
    before = stamps(site / "site")
    again = cli("build", "--root", str(site))
    assert again.returncode == 0
    assert again.stderr == first.stderr
    assert again.stdout.endswith("(nothing changed since the last build)\n")
    built, kept = first.stdout.split(" in ")[0], again.stdout.split(" in ")[0]
    assert kept == built  # the same pages, entries and topics
    assert stamps(site / "site") == before


def test_strict_fails_on_the_repeated_warnings_too(site: Path, cli) -> None:
    assert cli("build", "--root", str(site)).returncode == 0
    assert cli("build", "--root", str(site), "--strict").returncode == 1  # other options: built, and failed


def _built(root: Path, out: Path, **options) -> bool:
    """True when the build was made, False when skipped; either way the cold build's bytes."""
    result = build_and_write(root, out, search=False, skip_unchanged=True, **options)
    assert not result.failed()
    cold = out.parent / "cold"
    shutil.rmtree(cold, ignore_errors=True)
    assert not build_and_write(root, cold, use_cache=False, search=False, **options).failed()
    mine = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert mine == {p.relative_to(cold): p.read_bytes() for p in cold.rglob("*") if p.is_file()}
    return not result.skipped


def _touch(path: Path) -> None:
    path.write_bytes(path.read_bytes())  # the same bytes, saved again


@pytest.mark.parametrize(
    "change",
    [
        "an entry saved with other bytes",
        "a template added",
        "a static file removed",
        "a page of the site removed",
        "a file added to the site",
        "the site folder replaced by a copy",
        "the generator's code",
        "another option",
    ],
)
def test_anything_the_build_reads_or_left_makes_it_build(site: Path, tmp_path: Path, monkeypatch, change) -> None:
    # Outside CI: there a copied folder with the same names, sizes and times is trusted as the one
    # the build left (a site restored from the Actions cache; see test_incremental.py)
    monkeypatch.delenv("CI", raising=False)
    out = tmp_path / "out" / "site"
    options: dict = {}
    assert _built(site, out)
    assert not _built(site, out)
    if change == "an entry saved with other bytes":
        entry = next((site / "content" / "entries").rglob("*.md"))
        entry.write_bytes(entry.read_bytes() + b"\nMore.\n")
    elif change == "a template added":
        (site / "templates").mkdir(exist_ok=True)
        (site / "templates" / "footer_extra.html").write_text("<p>x</p>\n", encoding="utf-8")
    elif change == "a static file removed":
        next(p for p in (site / "content" / "static").rglob("*") if p.is_file()).unlink()
    elif change == "a page of the site removed":
        (out / "404.html").unlink()
    elif change == "a file added to the site":
        (out / "stray.html").write_text("stray\n", encoding="utf-8")
    elif change == "the site folder replaced by a copy":
        shutil.copytree(out, out.with_name("copy"))
        shutil.rmtree(out)
        os.rename(out.with_name("copy"), out)
    elif change == "the generator's code":
        monkeypatch.setattr(code, "code_fingerprint", lambda: "edited")
    else:
        options = {"drafts": True}
    assert _built(site, out, **options)
    assert not _built(site, out, **options)


def test_content_saved_again_with_the_same_bytes_does_not_build(site: Path, tmp_path: Path, monkeypatch) -> None:
    """An editor saves a file it did not change, or a tool touches it: its bytes are read, and
    they are what the last build read. A template saved again is not looked into: that builds."""
    monkeypatch.delenv("CI", raising=False)
    out = tmp_path / "out" / "site"
    assert _built(site, out)
    entry, topic = next((site / "content" / "entries").rglob("*.md")), next((site / "content" / "topics").glob("*"))
    _touch(entry)
    _touch(topic)
    assert not _built(site, out)
    assert not _built(site, out)  # (and again: nothing is saved by a build that does nothing)
    entry.write_bytes(entry.read_bytes().replace(b"title:", b"title: Changed", 1))
    assert _built(site, out)
    os.chmod(entry, 0o600)  # the same bytes, another mode
    assert _built(site, out)
    (site / "templates").mkdir(exist_ok=True)
    (site / "templates" / "extra.html").write_text("<p>x</p>\n", encoding="utf-8")
    assert _built(site, out)
    _touch(site / "templates" / "extra.html")
    assert _built(site, out)


def test_a_file_changed_within_two_seconds_of_the_build_is_not_trusted(site: Path, tmp_path: Path, monkeypatch):
    """Two saves within a coarse file system's time resolution can leave the same times."""
    monkeypatch.setattr(inputs, "RACY_NS", 2_000_000_000)
    out = tmp_path / "out" / "site"
    assert _built(site, out)
    assert _built(site, out)  # the fixture was copied just now: the first build's digest is not kept
