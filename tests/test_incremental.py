"""The cache and incremental builds never serve a stale page: after any edit, an incremental
build gives exactly the bytes a cold build (no cache, fresh output folder) gives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from array import array
from pathlib import Path

import pytest

from generator.build import build, build_and_write
from generator.incremental import engine as render
from generator.incremental.digests import Digester
from generator.incremental.stores import BackgroundSave, State
from generator.source import load as content

FIXTURE = Path(__file__).parent / "fixtures" / "valid-site"
ENTRY = "content/entries/2024/bridge-reopens.md"


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site-src"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache", "site"))
    return root


def incremental(root: Path) -> tuple[dict[str, bytes], int]:
    result = build_and_write(root, root / "site", search=False)
    assert not result.failed(), [str(p) for p in result.problems.errors]
    return tree(root / "site"), result.rendered_count


def cold(root: Path, tmp_path: Path) -> dict[str, bytes]:
    out = tmp_path / "cold" / "site"
    shutil.rmtree(out.parent, ignore_errors=True)
    result = build_and_write(root, out, use_cache=False, search=False)
    assert not result.failed()
    return tree(out)


def edit(root: Path, relpath: str, old: str, new: str) -> None:
    path = root / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_renders_nothing(site: Path, tmp_path: Path):
    first, rendered = incremental(site)
    assert rendered > 10
    second, rendered = incremental(site)
    assert rendered == 0
    assert second == first == cold(site, tmp_path)


@pytest.mark.parametrize(
    "relpath, old, new, expect_changed",
    [
        # a body edit: its page and the timelines that show its summary
        (ENTRY, "\n---\n", "\n---\nA new first paragraph.\n\n", {"entries/bridge-reopens/index.html"}),
        # a title edit: also the neighbours' earlier/later links and tag pages
        (ENTRY, "title:", "title: Renamed —", {"entries/bridge-reopens/index.html"}),
        # the site settings: every page
        ("content/site.yaml", "title:", "title: Another", {"index.html", "404.html"}),
    ],
)
def test_an_edit_gives_the_cold_build(site: Path, tmp_path: Path, relpath, old, new, expect_changed):
    before, _ = incremental(site)
    edit(site, relpath, old, new)
    after, rendered = incremental(site)
    assert after == cold(site, tmp_path)
    changed = {p for p in after if before.get(p) != after[p]}
    assert expect_changed <= changed
    assert 0 < rendered < len([p for p in after if p.endswith(".html")]) or relpath.endswith("site.yaml")


@pytest.mark.parametrize("in_workers", [False, True])
def test_a_template_edit_rerenders_every_page_that_uses_it(
    site: Path, tmp_path: Path, monkeypatch, in_workers, forking
):
    if in_workers:
        monkeypatch.setattr(render, "PARALLEL_OUTPUTS", 1)  # as on a large site: worker processes render
    incremental(site)
    (site / "templates").mkdir()
    base = (FIXTURE.parent.parent.parent / "templates" / "base.html").read_text(encoding="utf-8")
    (site / "templates" / "base.html").write_text(base.replace("</body>", "<!-- edited -->\n</body>"), encoding="utf-8")
    after, _ = incremental(site)
    assert after == cold(site, tmp_path)
    html = [p for p in after if p.endswith(".html")]
    assert all(b"<!-- edited -->" in after[p] for p in html if b"<body" in after[p])


def test_deleting_and_adding_entries(site: Path, tmp_path: Path):
    before, _ = incremental(site)
    assert "entries/lane-closures/index.html" in before
    (site / "content/entries/2024/lane-closures.md").unlink()
    after, _ = incremental(site)
    assert "entries/lane-closures/index.html" not in after
    assert after == cold(site, tmp_path)
    new = site / "content" / "entries" / "2024" / "brand-new.md"
    new.write_text(
        "---\ntitle: Brand new\ndate: 2024-10-22\ntopics: [harbour-bridge]\n---\nNew text.\n", encoding="utf-8"
    )
    after, _ = incremental(site)
    assert "entries/brand-new/index.html" in after
    assert after == cold(site, tmp_path)


@pytest.mark.parametrize(
    "garbage", [b"", b"{not json", b'{"header": {"format": 99}, "entries": {"x": 1}}', b"\x00\xff"]
)
def test_a_corrupt_or_foreign_cache_is_ignored(site: Path, tmp_path: Path, garbage: bytes):
    incremental(site)
    for path in (site / ".cache").rglob("*"):  # Markdown, parsed files, output state, compiled templates
        if path.is_file():
            path.write_bytes(garbage)
    after, rendered = incremental(site)
    assert rendered > 10  # nothing trusted: everything rendered again
    assert after == cold(site, tmp_path)
    cached = State.on_disk(site).markdown
    cached.load()
    assert cached.data and not cached.notices  # rebuilt


def test_a_stale_output_state_is_not_trusted(site: Path, tmp_path: Path):
    """A build killed after writing the site but before saving its state must not make the next
    build reuse pages: the state names the folder it describes."""
    incremental(site)
    state = next((site / ".cache").glob("output-*.json"))
    saved = state.read_bytes()
    edit(site, ENTRY, "title:", "title: Changed —")
    incremental(site)
    state.write_bytes(saved)  # as if the second build had died before saving
    edit(site, ENTRY, "title: Changed —", "title:")
    after, _ = incremental(site)
    assert after == cold(site, tmp_path)


def _restore(folder: Path) -> None:
    """As a CI cache restores a folder: the same files, sizes and times in a new folder (new inode)."""
    aside = folder.with_name(folder.name + "-saved")
    folder.rename(aside)
    shutil.copytree(aside, folder)  # copy2: times kept to the nanosecond, as tar --posix keeps them
    shutil.rmtree(aside)


def test_a_site_restored_from_a_ci_cache_is_reused_like_the_folder_it_was(site: Path, tmp_path: Path, monkeypatch):
    """GitHub Pages builds run on a fresh machine: with .cache/ and site/ restored, one edit
    renders like a one-edit build, and gives the cold build."""
    monkeypatch.setenv("CI", "true")
    _, everything = incremental(site)
    _restore(site / "site")
    _restore(site / ".cache")
    edit(site, ENTRY, "title:", "title: Changed —")
    after, rendered = incremental(site)
    assert 0 < rendered < everything / 2
    assert after == cold(site, tmp_path)


def test_a_restored_site_that_differs_from_its_record_is_not_reused(site: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    _, everything = incremental(site)
    _restore(site / "site")
    page = next((site / "site" / "entries").rglob("index.html"))
    page.write_bytes(page.read_bytes().replace(b"<h1>", b"<h1>Tampered "))
    after, rendered = incremental(site)
    assert rendered == everything  # nothing of that folder trusted: every page made again
    assert after == cold(site, tmp_path)


def test_same_bytes_with_and_without_cache_serial_and_parallel(site: Path, monkeypatch: pytest.MonkeyPatch, forking):
    monkeypatch.setattr(content, "PARALLEL_MIN", 1)
    monkeypatch.setattr(render, "PARALLEL_OUTPUTS", 1)  # pages rendered by worker processes too
    results = [
        build(site, use_cache=False, workers=1),
        build(site, use_cache=False, workers=2),
        build(site, use_cache=True, workers=2),  # fills the cache
        build(site, use_cache=True, workers=1),  # reads it
    ]
    first = results[0].pages
    assert len(first) > 20
    for result in results[1:]:
        assert result.pages == first
        assert [str(p) for p in result.problems.items] == [str(p) for p in results[0].problems.items]


def test_workers_record_the_reads_and_digests_one_process_does(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking
):
    """Workers send what their pages read, and the main process digests each read once,
    whichever worker read it first: the records are the same as one process makes."""
    monkeypatch.setattr(render, "PARALLEL_OUTPUTS", 1)
    serial = build(site, use_cache=False, workers=1).records
    digesting = tmp_path / "digesting"
    field = Digester.field

    def noted(self, key, name):
        with open(digesting, "a") as log:  # (workers are other processes)
            log.write(f"{os.getpid()}\n")
        return field(self, key, name)

    monkeypatch.setattr(Digester, "field", noted)
    parallel = build(site, use_cache=False, workers=2).records
    assert serial is not None and parallel is not None
    assert digesting.read_text().split() == [str(os.getpid())] * len(parallel.reads)
    digested = [dict(zip(records.reads, records.digests, strict=True)) for records in (serial, parallel)]
    assert digested[0] == digested[1]
    assert len(serial.reads) > 100 and parallel.wholes == serial.wholes
    assert {path: (r.maker, r.context, r.files) for path, r in parallel.pages.items()} == {
        path: (r.maker, r.context, r.files) for path, r in serial.pages.items()
    }
    for records in (serial, parallel):  # each page's reads kept as the store keeps them: ascending numbers
        assert all(isinstance(r.reads, array) and list(r.reads) == sorted(set(r.reads)) for r in records.pages.values())
    read_by = [{path: {rs.reads[n] for n in r.reads} for path, r in rs.pages.items()} for rs in (serial, parallel)]
    assert read_by[0] == read_by[1]  # (numbered in another order, the same reads)


def test_a_template_error_in_a_worker_is_reported_as_in_one_process(
    site: Path, monkeypatch: pytest.MonkeyPatch, forking
):
    monkeypatch.setattr(render, "PARALLEL_OUTPUTS", 1)
    template = site / "templates" / "entry.html"
    template.parent.mkdir(exist_ok=True)
    template.write_text('{% extends "base.html" %}{% block main %}{{ entry.no_such_field }}{% endblock %}\n')
    serial, parallel = build(site, use_cache=False, workers=1), build(site, use_cache=False, workers=2)
    assert serial.failed() and [str(p) for p in parallel.problems.items] == [str(p) for p in serial.problems.items]
    assert "templates/entry.html:1: template error" in str(parallel.problems.errors[0])


def test_unchanged_search_index_is_kept_and_an_edit_reindexes(site: Path):
    first = build_and_write(site, site / "site")
    assert not first.failed()
    bundle = site / "site" / "search" / "pagefind"
    entry_file = next(bundle.rglob("pagefind-entry.json"))
    inode = entry_file.stat().st_ino
    build_and_write(site, site / "site")
    assert (bundle / entry_file.relative_to(bundle)).stat().st_ino == inode  # linked, not rebuilt
    edit(site, ENTRY, "\n---\n", "\n---\nZanzibarquux appears here.\n\n")
    build_and_write(site, site / "site")
    words = b"".join(p.read_bytes() for p in bundle.rglob("*") if p.is_file())
    assert (bundle / entry_file.relative_to(bundle)).stat().st_ino != inode
    assert words  # a fresh index was written


def test_a_static_file_saved_again_with_its_bytes_is_not_copied_again(site: Path, tmp_path: Path):
    """An editor's save (or a change undone) gives the file a new time, not new bytes: the live
    copy stands, and takes the new time, as a fresh copy would have it."""
    static = site / "content" / "static" / "humans.txt"
    out = site / "site"
    incremental(site)
    copy = out / "humans.txt"
    inode, later = copy.stat().st_ino, static.stat().st_mtime_ns + 5_000_000_000
    os.utime(static, ns=(later, later))
    assert build_and_write(site, out, search=False).written == set()
    assert (copy.stat().st_ino, copy.stat().st_mtime_ns) == (inode, later)
    assert tree(out) == cold(site, tmp_path)
    static.write_text(static.read_text(encoding="utf-8").upper(), encoding="utf-8")  # new bytes, same size
    assert build_and_write(site, out, search=False).written == {"humans.txt"}
    assert tree(out) == cold(site, tmp_path)


def test_a_static_file_may_not_replace_an_unchanged_page(site: Path):
    """Unchanged pages are not rendered again, but they still count as generated pages."""
    incremental(site)
    (site / "content" / "static" / "about").mkdir(parents=True, exist_ok=True)
    (site / "content" / "static" / "about" / "index.html").write_text("<p>mine</p>", encoding="utf-8")
    result = build_and_write(site, site / "site", search=False)
    assert result.failed()
    assert any("would overwrite a generated page: about/index.html" in str(p) for p in result.problems.errors)


def test_the_sitemap_follows_an_edit_and_is_kept_when_nothing_changed(site: Path, tmp_path: Path):
    base = "https://example.org/repo/"

    def with_base(out: Path, use_cache: bool = True):
        result = build_and_write(site, out, base_url=base, use_cache=use_cache, search=False)
        assert not result.failed()
        return result

    with_base(site / "site")
    second = with_base(site / "site")
    assert "sitemap.xml" in second.reused  # nothing changed: not made again
    edit(site, ENTRY, "\n---\n", "\n---\nA new first paragraph.\n\n")
    body_only = with_base(site / "site")
    assert "entries/bridge-reopens/index.html" in body_only.pages
    assert "sitemap.xml" in body_only.reused  # no date changed: the same sitemap
    edit(site, ENTRY, "title:", "updated: 2026-01-02\ntitle:")
    third = with_base(site / "site")
    assert "sitemap.xml" in third.pages
    assert b"2026-01-02" in (site / "site" / "sitemap.xml").read_bytes()
    with_base(tmp_path / "cold" / "site", use_cache=False)
    assert tree(site / "site") == tree(tmp_path / "cold" / "site")


def test_a_build_where_nothing_changed_writes_nothing(site: Path):
    incremental(site)
    out = site / "site"
    before = {p: p.stat().st_ino for p in out.rglob("*")}
    folder = out.stat().st_ino
    _, rendered = incremental(site)
    assert rendered == 0
    assert out.stat().st_ino == folder  # not swapped
    assert {p: p.stat().st_ino for p in out.rglob("*")} == before  # not a file touched
    # beside it, while the build computed, (part of) the spare that the next write brings up to
    # date: hard links to the live files, so the first edit does not have to make 4,000 folders
    spare = site / ".site.spare"
    files = {p.relative_to(out): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    linked = {p.relative_to(spare): p.stat().st_ino for p in spare.rglob("*") if p.is_file()}
    assert linked.items() <= files.items()
    edit(site, ENTRY, "\n---\n", "\n---\nNow something changed.\n\n")
    incremental(site)
    assert out.stat().st_ino != folder  # a real change swaps a new folder in


def test_outside_ci_a_restored_site_is_not_recognised(site: Path, tmp_path: Path, monkeypatch):
    """Its listing costs a walk of the whole site, so it is taken only where CI is set."""
    monkeypatch.delenv("CI", raising=False)
    _, everything = incremental(site)
    _restore(site / "site")
    after, rendered = incremental(site)
    assert rendered == everything
    assert after == cold(site, tmp_path)


def test_an_edit_reads_and_writes_only_the_markdown_files_its_texts_fall_in(site: Path, tmp_path: Path):
    """At 40,000 entries the Markdown results are 150 MB: an edit must not read or write all of them."""
    from generator.incremental.stores.markdown import SHARDS

    incremental(site)
    folder = site / ".cache" / "markdown"
    before = {path.name: path.read_bytes() for path in folder.glob("*.json")}
    assert len(before) > 8  # the fixture's texts are spread over many files
    edit(site, ENTRY, "After six weeks", "After six long weeks")
    state = State.on_disk(site, site / "site")
    assert not build_and_write(site, site / "site", state=state, search=False).failed()
    read = [shard for shard in state.markdown._shards if shard.loaded]
    assert 1 <= len(read) <= 3 < SHARDS
    after = {path.name: path.read_bytes() for path in folder.glob("*.json")}
    assert 1 <= sum(after[name] != before.get(name) for name in after) <= len(read)
    assert tree(site / "site") == cold(site, tmp_path)


def test_a_build_that_parses_nothing_leaves_the_markdown_store_unread(site: Path):
    incremental(site)
    state = State.on_disk(site, site / "site")
    result = build_and_write(site, site / "site", state=state, search=False)
    assert not result.failed() and not state.markdown.loaded
    edit(site, ENTRY, "title:", "title: Changed —")
    state = State.on_disk(site, site / "site")
    assert not build_and_write(site, site / "site", state=state, search=False).failed()
    assert state.markdown.loaded


def test_a_build_that_lets_go_of_its_pages_writes_the_same_site(site: Path, tmp_path: Path):
    """The build command lets go of the pages' bytes once they are written (Pagefind then runs
    beside a smaller process): the same site, the same counts."""
    kept = build_and_write(site, tmp_path / "kept", use_cache=False, search=False)
    released = build_and_write(site, tmp_path / "released", use_cache=False, search=False, release_pages=True)
    assert released.summary == kept.summary and set(released.pages) == set(kept.pages)
    assert not any(released.pages.values())
    assert tree(tmp_path / "released") == tree(tmp_path / "kept")


def test_the_stores_of_the_one_file_layout_are_removed(site: Path):
    """Before the stores were split by key they were one file each (170 MB at 40,000 entries)."""
    cache = site / ".cache"
    cache.mkdir(exist_ok=True)
    for name in ("parsed.pickle", "markdown.json"):
        (cache / name).write_bytes(b"an old store")
    assert not build(site, use_cache=True, write_cache=False).failed()  # as `check` does: writes nothing
    assert (cache / "parsed.pickle").exists() and (cache / "markdown.json").exists()
    incremental(site)
    assert not (cache / "parsed.pickle").exists() and not (cache / "markdown.json").exists()
    assert (cache / "parsed").is_dir() and (cache / "markdown").is_dir()


SAVED_BESIDE_WORKERS = """
import os, sys, threading
from pathlib import Path
from generator.build import build_and_write
from generator.incremental import engine
from generator.incremental.stores.markdown import MarkdownResults
from generator.incremental.stores.parsed import ParsedFiles
engine.PARALLEL_OUTPUTS = 1
os.cpu_count = lambda: 2
making, saved = [], []
real_make = engine.Engine._make
def make(self, *args, **kwargs):
    making.append(True)
    try:
        return real_make(self, *args, **kwargs)
    finally:
        making.pop()
engine.Engine._make = make
for store in (ParsedFiles, MarkdownResults):
    def save(self, real=store.save):
        if any(shard.changed for shard in self._shards):  # (a later save of the same writes nothing)
            saved.append((type(self).__name__, threading.current_thread() is threading.main_thread(), bool(making)))
        real(self)
    store.save = save
root = Path(sys.argv[1])
assert not build_and_write(root, root / "site", search=False).failed()
print(sorted(set(saved)))
"""


def test_the_stores_reading_fills_are_saved_while_workers_make_the_pages(site: Path):
    """Saving the parsed files and their Markdown took 2.5 s after the last page at 40,000 entries:
    it runs in a thread of the build, once the workers are forked, while they make the pages (in
    a process of its own: this test's may have threads, and then no worker is forked)."""
    done = subprocess.run(
        [sys.executable, "-c", SAVED_BESIDE_WORKERS, str(site)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('MarkdownResults', False, True), ('ParsedFiles', False, True)]"
    assert (site / ".cache" / "parsed").is_dir() and (site / ".cache" / "markdown").is_dir()
    assert incremental(site)[1] == 0  # what was saved is the next build's


def test_an_error_in_a_background_save_is_raised_where_the_build_waits_for_it():
    class Broken:
        def save(self) -> None:
            raise ValueError("cannot pickle this")

    saving = BackgroundSave([Broken()])
    saving.start()
    with pytest.raises(ValueError, match="cannot pickle"):
        saving.join()
    saving.join()  # raised once


def _batch(root: Path, name: str, count: int) -> None:
    """`count` entries of their own in content/entries/<name>/, replacing any other batch."""
    entries = root / "content" / "entries"
    for old in entries.glob("batch-*"):
        shutil.rmtree(old)
    folder = entries / f"batch-{name}"
    folder.mkdir()
    for number in range(count):
        (folder / f"{name}-{number}.md").write_text(
            f"---\ntitle: {name} {number}\ndate: 2023-01-{number % 28 + 1:02d}\ntopics: [harbour-bridge]\n---\n"
            f"Story {number} of batch {name}.\n",
            encoding="utf-8",
        )


def _reads_of_each_page(records) -> dict[str, set[tuple[str, str]]]:
    return {path: {records.reads[n] for n in record.reads} for path, record in records.pages.items()}


def test_an_edit_does_not_count_what_every_page_read(site: Path, monkeypatch: pytest.MonkeyPatch):
    """Counting the reads no page reads any more takes the union of every page's reads: 5
    million numbers at 40,000 entries, 0.4 s that held serve's saved page. A first build's reads
    are all read; an edit counts them only when it has added as many reads as there were."""
    counted = []
    used_reads = render.used_reads
    monkeypatch.setattr(render, "used_reads", lambda pages: counted.append(1) or used_reads(pages))
    first = build_and_write(site, site / "site", search=False).records
    assert first is not None and first.counted == len(first.reads) and not counted
    edit(site, ENTRY, "\n---\n", "\n---\nA new first paragraph.\n\n")
    second = build_and_write(site, site / "site", search=False).records
    assert second is not None and not counted
    assert second.counted == first.counted and len(second.reads) <= len(first.reads) + 5


def test_reads_no_page_reads_any_more_are_dropped_before_they_outnumber_the_rest(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Stories replaced again and again leave the reads of the old ones behind; the records keep
    at most as many of those as there are live reads, and the reads they keep for each page are
    the ones a cold build records."""
    monkeypatch.setattr(render, "DEAD_READS", 0)
    _batch(site, "a", 40)
    first = build_and_write(site, site / "site", search=False).records
    assert first is not None
    live, dropped = first.counted, False
    for name in "bcdefgh":
        _batch(site, name, 40)
        records = build_and_write(site, site / "site", search=False).records
        assert records is not None
        assert len(records.reads) <= 2 * live  # (kept, they would grow by a batch's reads each time)
        dropped = dropped or not any(key.startswith("entry:a-") for key, _ in records.reads)
    assert dropped
    assert tree(site / "site") == cold(site, tmp_path)
    fresh = build(site, use_cache=False).records
    assert fresh is not None and _reads_of_each_page(records) == _reads_of_each_page(fresh)
