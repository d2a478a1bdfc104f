"""Search: the Pagefind index is built on the staging folder, from the entry pages only, under search/."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_site, require_tool

from generator.build import build, build_and_write
from generator.errors import BuildError
from generator.output import search


@pytest.fixture(scope="module")
def pagefind_ready() -> None:
    if search.find_pagefind() is None:
        require_tool("the Pagefind binary is missing (pip install 'pagefind[bin]')")


def entry_count(out: Path) -> int:
    return len(list(out.glob("entries/*/index.html")))


def page_counts(out: Path, bundles: list[str]) -> list[int]:
    """How many pages each search bundle indexes, as Pagefind says."""
    entries = [json.loads((out / bundle / "pagefind-entry.json").read_bytes()) for bundle in bundles]
    return [sum(language["page_count"] for language in entry["languages"].values()) for entry in entries]


def test_a_build_writes_the_search_page_and_the_index(pagefind_ready, tmp_path) -> None:
    out = tmp_path / "site"
    result = build_and_write(FIXTURES / "valid-site", out, use_cache=False)
    assert not result.failed(), [str(p) for p in result.problems.sorted()]
    assert (out / "search" / "index.html").is_file()
    bundle = out / "search" / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(lang["page_count"] for lang in entry["languages"].values())
    assert indexed == entry_count(out)  # entry pages only: not timelines, tags or the home page
    assert not list(tmp_path.glob(".site.building-*"))  # indexed before the swap, nothing left behind


def test_the_search_page_loads_the_bundle_relatively(pagefind_ready) -> None:
    result = build(FIXTURES / "valid-site")
    html = result.pages["search/index.html"].decode("utf-8")
    assert 'data-search-bundles="../search/pagefind/"' in html and 'data-search-root="../"' in html  # relative
    assert "<noscript>" in html and "Search needs JavaScript" in html
    assert re.search(r"<form [^>]*\bhidden\b", html)  # no dead form without JavaScript


def test_entry_pages_carry_what_results_show(pagefind_ready) -> None:
    html = build(FIXTURES / "valid-site").pages["entries/corroded-bolt/index.html"].decode("utf-8")
    assert "data-pagefind-body" in html
    assert re.search(r'<time datetime="[^"]+" data-pagefind-meta="date"', html)
    assert 'data-pagefind-meta="source"' in html and 'data-pagefind-meta="topic"' in html
    assert re.search(r'<p class="original" data-pagefind-ignore>', html)


def test_the_index_finds_words_with_date_source_and_topic(pagefind_ready, tmp_path) -> None:
    """Query the written index the way the browser does, through Pagefind's own service."""
    out = tmp_path / "site"
    assert not build_and_write(FIXTURES / "valid-site", out, use_cache=False).failed()
    fragments = list((out / "search" / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert len(fragments) == entry_count(out)
    import gzip

    records = []
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(data[data.index(b"{") :]))
    bolt = next(r for r in records if r["url"] == "/entries/corroded-bolt/")
    assert bolt["meta"]["date"] == "23 October 2024, 14:05 BST"
    assert bolt["meta"]["source"] == "example.org"
    assert "Harbour Bridge" in bolt["meta"]["topic"]
    assert "corroded" in bolt["content"].lower()
    assert "Read the original" not in bolt["content"] and "Key moment" not in bolt["content"]  # page chrome


def test_a_failing_index_leaves_the_previous_site(monkeypatch, tmp_path) -> None:
    site = copy_site("valid-site", tmp_path / "src")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", encoding="utf-8")

    def broken(folder: Path, bundles: dict, *, language: str = "en") -> int:
        raise BuildError("search index not built: Pagefind failed: boom")

    monkeypatch.setattr("generator.build.index_bundles", broken)
    result = build_and_write(site, out)
    assert result.failed()
    messages = [str(p) for p in result.problems.sorted()]
    assert any("search index not built: Pagefind failed: boom" in m for m in messages), messages
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    # only the spare that the next build brings up to date stays beside it
    assert [p.name for p in tmp_path.glob(".site.*")] in ([], [".site.spare"])


def test_no_pagefind_binary_is_a_clear_error(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(search, "find_pagefind", lambda: None)
    with pytest.raises(BuildError, match=r"no Pagefind binary \(install 'pagefind\[bin\]'\)"):
        search.index_bundles(tmp_path, {search.BUNDLE: ["entries/a/index.html"]})


def test_an_edit_without_pagefind_is_a_clear_error_that_leaves_the_site(
    pagefind_ready, small_shards, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = _edited_site(tmp_path)
    before = (out / "entries/corroded-bolt/index.html").read_bytes()
    monkeypatch.setattr(search, "find_pagefind", lambda: None)
    result = build_and_write(site, out)
    assert result.failed()
    assert any("no Pagefind binary" in str(p) for p in result.problems.sorted())
    assert (out / "entries/corroded-bolt/index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.spare", "site", "src"]


def test_a_failed_pagefind_run_says_why_each_time_it_is_waited_for(tmp_path: Path, monkeypatch) -> None:
    fake = tmp_path / "failing-pagefind"
    fake.write_text("#!/bin/sh\necho 'Error: the disk is full' >&2\nexit 3\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    indexing = search.start_index(tmp_path, {search.BUNDLE: ["entries/a/index.html"]}, language="en", output=tmp_path)
    for _ in range(2):
        with pytest.raises(BuildError, match="Pagefind failed: Error: the disk is full"):
            indexing.wait()
    indexing.stop()  # (quiet: the failure was said)
    assert not os.path.exists(indexing.runs[0].workdir)  # its working folder is gone


def test_language_codes_are_reduced_for_pagefind() -> None:
    assert search._primary("en-GB") == "en" and search._primary("pt") == "pt" and search._primary("") == "en"


def test_renewing_the_index_of_a_live_site_switches_the_whole_bundle(pagefind_ready, tmp_path) -> None:
    """serve renews the index after a rebuild: indexed beside the site, then switched in one step."""
    site = copy_site("valid-site", tmp_path / "src")
    out = tmp_path / "site"
    assert not build_and_write(site, out).failed()
    page = next(out.glob("entries/*/index.html"))
    text = page.read_text(encoding="utf-8").replace("</article>", "<p>Zyzzogeton</p></article>", 1)
    page.write_text(text, encoding="utf-8")
    before = {p.name for p in (out / "search" / "pagefind").rglob("*")}
    pages = [p.relative_to(out).as_posix() for p in out.glob("entries/*/index.html")]
    count = search.renew_index(out, search.plan(pages))
    assert count == entry_count(out)
    after = {p.name for p in (out / "search" / "pagefind").rglob("*")}
    assert after != before and "pagefind.js" in after  # a new index, complete
    assert sorted(p.name for p in tmp_path.iterdir() if "pagefind" in p.name) == []  # nothing left beside it


# -- shards: large sites get several bundles, and an edit re-indexes only its own ------------------


def test_shard_counts_grow_in_powers_of_two_up_to_a_cap() -> None:
    n = search.SHARD_PAGES
    sizes = (0, 1, 2 * n - 1, 2 * n, 4 * n - 1, 4 * n, 8 * n, 16 * n)
    assert [search.shard_count(size) for size in sizes] == [1, 1, 1, 2, 2, 4, 8, 16]
    assert search.shard_count(1_000_000) == search.MAX_SHARDS


def test_every_entry_page_is_in_exactly_one_bundle_and_stays_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 500)  # 4,000 pages in 8 shards
    pages = [f"entries/story-{n:05d}/index.html" for n in range(4000)]
    plan = search.plan(pages)
    assert list(plan) == [search.BUNDLE] + [f"{search.BUNDLE}-{n}" for n in range(1, 8)]
    assert sorted(p for shard in plan.values() for p in shard) == sorted(pages)
    assert all(300 < len(shard) < 700 for shard in plan.values())  # even enough
    grown = search.plan([*pages, "entries/a-new-story/index.html"])  # same count: nothing else moves
    assert sum(len(shard) for shard in grown.values()) == 4001
    assert all(set(plan[b]) <= set(grown[b]) for b in plan)


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "SHARD_PAGES", 2)  # the fixture's 11 entries in 4 shards


def bundle_of(out: Path, page: str) -> str:
    pages = [p.relative_to(out).as_posix() for p in out.glob("entries/*/index.html")]
    return next(b for b, shard in search.plan(pages).items() if page in shard)


def indexed_text(bundle: Path) -> str:
    import gzip

    return " ".join(
        gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in (bundle / "fragment").glob("*.pf_fragment")
    )


def test_a_large_site_is_indexed_in_shards_that_the_search_page_loads(pagefind_ready, small_shards, tmp_path) -> None:
    out = tmp_path / "site"
    assert not build_and_write(FIXTURES / "valid-site", out, use_cache=False).failed()
    bundles = search.bundles_in(out)
    assert len(bundles) == 4 and bundles[0] == search.BUNDLE
    counts = page_counts(out, bundles)
    assert sum(counts) == entry_count(out) and all(counts)
    html = (out / "search" / "index.html").read_text(encoding="utf-8")
    listed = re.search(r'data-search-bundles="([^"]*)"', html).group(1).split()
    assert listed == [f"../{b}/" for b in bundles]


def test_an_edit_reindexes_only_the_shard_of_its_page(pagefind_ready, small_shards, tmp_path) -> None:
    site = copy_site("valid-site", tmp_path / "src")
    out = tmp_path / "site"
    assert not build_and_write(site, out).failed()
    before = {p: p.stat().st_ino for b in search.bundles_in(out) for p in [out / b / "pagefind-entry.json"]}
    live = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    entry = site / "content" / "entries" / "2024" / "corroded-bolt.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nZyzzogeton sightings.\n", encoding="utf-8")
    assert not build_and_write(site, out).failed()
    edited = bundle_of(out, "entries/corroded-bolt/index.html")
    for bundle in search.bundles_in(out):
        same = (out / bundle / "pagefind-entry.json").stat().st_ino == before[out / bundle / "pagefind-entry.json"]
        assert same == (bundle != edited), bundle  # the others are the very same files
    assert "zyzzogeton" in indexed_text(out / edited).lower()
    # the build never wrote into a file of the site that was live while it ran (now the spare)
    spare = tmp_path / ".site.spare"
    assert {p.relative_to(spare).as_posix(): p.read_bytes() for p in spare.rglob("*") if p.is_file()} == live


def _edited_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site built once into `out`, then one entry edited (the word 'zyzzogeton' added)."""
    site = copy_site("valid-site", tmp_path / "src")
    out = tmp_path / "site"
    assert not build_and_write(site, out).failed()
    entry = site / "content" / "entries" / "2024" / "corroded-bolt.md"
    entry.write_text(entry.read_text(encoding="utf-8") + "\nZyzzogeton sightings.\n", encoding="utf-8")
    return site, out


def test_an_edit_indexes_its_shard_from_its_own_pages_while_the_site_is_written(
    pagefind_ready, small_shards, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts before the writer brings the new site up to date, on a folder that holds
    the shard's pages alone, the edited one as it is now (aside_search.py)."""
    import threading

    from generator.output import aside_search, writer

    site, out = _edited_site(tmp_path)
    started, order = threading.Event(), []
    real_index, real_sync = aside_search.start_index, writer._sync

    def spy_index(folder: Path, bundles: dict, **options: object) -> object:
        (pages,) = bundles.values()
        assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == sorted(pages)
        if "entries/corroded-bolt/index.html" in pages:
            assert "Zyzzogeton" in (folder / "entries/corroded-bolt/index.html").read_text(encoding="utf-8")
        started.set()
        return real_index(folder, bundles, **options)  # type: ignore[arg-type]

    def spy_sync(*args: object) -> None:
        order.append(("indexing when the site is written", started.wait(timeout=20)))
        real_sync(*args)

    monkeypatch.setattr(aside_search, "start_index", spy_index)
    monkeypatch.setattr(writer, "_sync", spy_sync)
    assert not build_and_write(site, out).failed()
    assert order == [("indexing when the site is written", True)]
    assert "zyzzogeton" in indexed_text(out / bundle_of(out, "entries/corroded-bolt/index.html")).lower()
    assert not list(tmp_path.glob(".site.search-*"))  # the folder aside is gone


def test_an_edit_whose_shard_cannot_be_linked_aside_is_indexed_in_the_site(
    pagefind_ready, small_shards, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.output import aside_search

    site, out = _edited_site(tmp_path)

    def refuse(target: str, source: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(aside_search, "_put", refuse)
    assert not build_and_write(site, out).failed()
    assert "zyzzogeton" in indexed_text(out / bundle_of(out, "entries/corroded-bolt/index.html")).lower()
    assert sum(page_counts(out, search.bundles_in(out))) == entry_count(out)


def test_a_shard_that_gathered_too_many_old_files_is_indexed_afresh(tmp_path: Path) -> None:
    bundle = tmp_path / search.BUNDLE
    (bundle / "fragment").mkdir(parents=True)
    (bundle / "pagefind.js").write_text("js", encoding="utf-8")
    for n in range(10):
        (bundle / "fragment" / f"en_{n}.pf_fragment").write_bytes(b"x")
    kept = search.reusable_index_files(tmp_path, {search.BUNDLE: ["entries/a/index.html"] * 10})
    assert sorted(kept) == sorted(f"{search.BUNDLE}/fragment/en_{n}.pf_fragment" for n in range(10))  # not pagefind.js
    for n in range(10, 300):
        (bundle / "fragment" / f"en_{n}.pf_fragment").write_bytes(b"x")
    assert search.reusable_index_files(tmp_path, {search.BUNDLE: ["entries/a/index.html"] * 10}) == []


def test_pagefind_settings_of_the_author_do_not_change_the_index(pagefind_ready, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PAGEFIND_FORCE_LANGUAGE", "de")
    monkeypatch.setenv("PAGEFIND_GLOB", "nothing/*.html")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("glob: nothing/*.html\n", encoding="utf-8")
    out = tmp_path / "site"
    assert not build_and_write(FIXTURES / "valid-site", out, use_cache=False).failed()
    entry = json.loads((out / search.BUNDLE / "pagefind-entry.json").read_bytes())
    assert list(entry["languages"]) == ["en"] and entry["languages"]["en"]["page_count"] == entry_count(out)


def test_a_shard_indexes_exactly_its_pages_whatever_their_names(pagefind_ready, tmp_path: Path) -> None:
    names = ["a(b)", "ab", "x{y,z}", "북한-러시아", "a*", "plain"]
    for name in names:
        page = tmp_path / "entries" / name / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><body data-pagefind-body><p>story {name}</p></body></html>", encoding="utf-8")
    chosen = ["entries/a(b)/index.html", "entries/x{y,z}/index.html", "entries/북한-러시아/index.html"]
    assert search.index_bundles(tmp_path, {search.BUNDLE: chosen}) == 3
    assert len(list((tmp_path / search.BUNDLE / "fragment").iterdir())) == 3  # not ab, a*, plain


def test_a_first_build_indexes_each_shard_as_soon_as_its_pages_are_made(
    pagefind_ready, small_shards, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forking
) -> None:
    """The build command puts pages on disk as they are made; with no earlier index to keep, a
    shard is indexed from them while the other pages are still being made (early_search.py),
    each shard from a folder of its own pages (Pagefind walks the whole folder it is given)."""
    from generator.incremental import engine
    from generator.output import early_search

    monkeypatch.setattr(engine, "PARALLEL_OUTPUTS", 1)  # as on a large site: pages made in batches
    monkeypatch.setattr(engine, "BATCH", 2)
    made: list[str] = []
    started: list[tuple[str, int]] = []  # (shard, pages made when its index started)
    real_made, real_index = early_search.EarlyIndex.made, early_search.index_bundles

    def spy_made(self: early_search.EarlyIndex, paths: list[str]) -> None:
        made.extend(paths)
        real_made(self, paths)

    def spy_index(site: Path, bundles: dict, **options: object) -> int:
        started.extend((bundle, len(made)) for bundle in bundles)
        assert options["side_by_side"] is True  # the other shards run beside it: one CPU each
        (pages,) = bundles.values()
        assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == sorted(pages)
        return real_index(site, bundles, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(early_search.EarlyIndex, "made", spy_made)
    monkeypatch.setattr(early_search, "index_bundles", spy_index)
    site = copy_site("valid-site", tmp_path / "src")
    out = tmp_path / "site"
    assert not build_and_write(site, out, release_pages=True).failed()
    bundles = search.bundles_in(out)
    assert sorted(bundle for bundle, _ in started) == bundles and len(bundles) == 4
    assert started[0][1] < len(made)  # the first shard began before the last page was made
    counts = page_counts(out, bundles)
    assert sum(counts) == entry_count(out) and all(counts)
    assert "corroded" in " ".join(indexed_text(out / b) for b in bundles).lower()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "src"]  # no shards or pages left beside it


def test_a_first_build_makes_data_files_then_each_shards_pages_then_the_other_pages(tmp_path: Path) -> None:
    """The big data files go first (not left to one worker at the end), the entry pages shard by
    shard (each shard is indexed once its pages are made), the other pages last (made while
    the last shard is indexed)."""
    from generator.output.early_search import EarlyIndex
    from generator.site.outputs import Output

    early = EarlyIndex(tmp_path / "pages", tmp_path / "site")
    shards = {search.BUNDLE: ["entries/b/index.html"], f"{search.BUNDLE}-1": ["entries/a/index.html"]}
    early.plan(shards, "en")
    outputs = [
        Output("topics/t/index.html", "topic.html"),
        Output("entries/a/index.html", "entry.html"),
        Output("sitemap.xml+robots.txt", lambda context, view: {}),
        Output("entries/b/index.html", "entry.html"),
        Output("index.html", "home.html"),
        Output("feed.xml", lambda context, view: b""),
    ]
    ordered = [output.path for output in sorted(outputs, key=early.first)]
    assert ordered == [
        "sitemap.xml+robots.txt", "feed.xml", "entries/b/index.html", "entries/a/index.html",
        "topics/t/index.html", "index.html",
    ]  # fmt: skip
    early.close()


def test_the_binary_is_the_one_the_pagefind_package_would_run(monkeypatch, tmp_path) -> None:
    """find_pagefind looks where pagefind.service.get_executable does, without importing it."""
    service = pytest.importorskip("pagefind.service", reason="the pagefind package is not installed")
    assert search.find_pagefind() == str(service.get_executable())
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "my-pagefind"))
    assert search.find_pagefind() == str(service.get_executable()) == str(tmp_path / "my-pagefind")


def test_a_shards_pages_move_into_the_spill_folder_once_indexed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Each page's folder moves in one rename; a page whose folder the spill folder already has
    (another file of the site is in it) moves alone; one that is not there (kept in memory) stays
    as it is; the writer then finds each where it is."""
    from generator.output import early_search
    from generator.output.spill import Spilled, SpillTo, spill

    indexed: list[Path] = []
    monkeypatch.setattr(early_search, "index_bundles", lambda site, bundles, **options: indexed.append(site))
    early = early_search.EarlyIndex(tmp_path / ".site.pages-1", tmp_path / "site")
    pages = ["entries/a/index.html", "entries/b/index.html"]
    early.plan({search.BUNDLE: [*pages, "entries/c/index.html"]}, "en")
    to = SpillTo(str(tmp_path / ".site.pages-1"), early.homes)
    made: dict[str, object] = {page: spill(to, page, page.encode()) for page in pages}
    made["entries/c/index.html"] = b"the disk refused it: kept in memory"
    spill(to, "entries/b/old/index.html", b"an alias")  # not a shard's page: in the spill folder
    assert all(made[page].file.startswith(early.homes[page]) for page in pages)
    early.made([*pages, "entries/c/index.html"])
    early.wait()
    early.relocate(made)
    assert made["entries/c/index.html"] == b"the disk refused it: kept in memory"
    assert indexed == [Path(early.homes[pages[0]])]
    for page in pages:
        assert made[page] == Spilled(str(tmp_path / ".site.pages-1" / page), len(page))
        assert made[page].read() == page.encode()
    assert (tmp_path / ".site.pages-1/entries/b/old/index.html").read_bytes() == b"an alias"
    early.close()


def _cpu_logging_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, side_by_side: int) -> Path:
    """A stand-in for Pagefind that writes the CPUs it may run on into its output folder, once
    `side_by_side` runs have started (so that they are known to run at the same time)."""
    started = tmp_path / "started"
    started.mkdir()
    fake = tmp_path / "fake-pagefind"
    fake.write_text(
        "#!/bin/sh\n"
        'while [ "$1" != "--output-path" ]; do shift; done\n'
        'mkdir -p "$2" && : > "' + str(started) + '/$$"\n'
        "for _ in $(seq 100); do\n"
        '  [ "$(ls "' + str(started) + '" | wc -l)" -ge ' + str(side_by_side) + " ] && break; sleep 0.05\n"
        "done\n"
        'grep Cpus_allowed_list /proc/self/status | cut -f2 > "$2/cpus"\n',
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    return tmp_path / "out"


def _cpus(listed: str) -> set[int]:
    """ "0-2,5" -> {0, 1, 2, 5}"""
    cpus: set[int] = set()
    for part in listed.strip().split(","):
        first, _, last = part.partition("-")
        cpus.update(range(int(first), int(last or first) + 1))
    return cpus


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_shards_indexed_side_by_side_each_run_on_a_cpu_of_their_own(tmp_path: Path, monkeypatch) -> None:
    """Pagefind on two CPUs spends as much time in the kernel as in its own code: shards that run
    side by side are pinned one to a CPU, and the thread that started them gets its CPUs back."""
    allowed = os.sched_getaffinity(0)
    out = _cpu_logging_pagefind(tmp_path, monkeypatch, side_by_side=min(2, len(allowed)))
    bundles = {search.BUNDLE: ["entries/a/index.html"], f"{search.BUNDLE}-1": ["entries/b/index.html"]}
    search.index_bundles(tmp_path, bundles, output=out)
    seen = [_cpus((out / bundle / "cpus").read_text(encoding="utf-8")) for bundle in bundles]
    assert all(len(cpus) == 1 and cpus <= allowed for cpus in seen), seen
    assert len(allowed) == 1 or seen[0] != seen[1]  # one CPU each
    assert os.sched_getaffinity(0) == allowed


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_a_shard_indexed_alone_runs_on_every_cpu(tmp_path: Path, monkeypatch) -> None:
    """An edit's one shard is what the author waits for: it keeps every CPU; so does a shard of a
    first build's early index when it is the only one."""
    out = _cpu_logging_pagefind(tmp_path, monkeypatch, side_by_side=1)
    search.index_bundles(tmp_path, {search.BUNDLE: ["entries/a/index.html"]}, output=out)
    assert _cpus((out / search.BUNDLE / "cpus").read_text(encoding="utf-8")) == os.sched_getaffinity(0)


def test_an_edits_shard_is_indexed_as_soon_as_its_entry_page_is_made(
    pagefind_ready, small_shards, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edited entry's page is made ahead, and its shard indexed from it, before the build
    compares every page's reads to find what else changed (edit_search.py)."""
    from generator.incremental.engine import Engine
    from generator.output import aside_search

    site, out = _edited_site(tmp_path)
    events: list[str] = []
    real_index, real_build = aside_search.start_index, Engine.build

    def spy_index(folder: Path, bundles: dict, **options: object) -> object:
        (pages,) = bundles.values()
        assert "entries/corroded-bolt/index.html" in pages
        assert "Zyzzogeton" in (folder / "entries/corroded-bolt/index.html").read_text(encoding="utf-8")
        assert options["background"] is True  # behind the build, which needs it only at the end
        events.append(f"index {folder.parent.name.split('-')[0]}")
        return real_index(folder, bundles, **options)  # type: ignore[arg-type]

    def spy_build(self: Engine, *args: object, **options: object) -> object:
        events.append("engine decides")
        return real_build(self, *args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(aside_search, "start_index", spy_index)
    monkeypatch.setattr(Engine, "build", spy_build)
    assert not build_and_write(site, out).failed()
    assert events == ["index .site.ahead", "engine decides"]  # indexed once, ahead
    assert "zyzzogeton" in indexed_text(out / bundle_of(out, "entries/corroded-bolt/index.html")).lower()
    assert sum(page_counts(out, search.bundles_in(out))) == entry_count(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.spare", "site", "src"]  # nothing aside left


def test_an_index_made_ahead_is_dropped_when_the_build_changes_other_pages_of_its_shard(
    pagefind_ready, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new headline changes the pages of the entry's neighbours too: in the one shard of a small
    site, the index made ahead (of the edited page alone) is dropped and the shard indexed again
    with every changed page."""
    from generator.output import aside_search

    site = copy_site("valid-site", tmp_path / "src")
    out = tmp_path / "site"
    assert not build_and_write(site, out).failed()
    assert len(search.bundles_in(out)) == 1
    entry = site / "content" / "entries" / "2024" / "corroded-bolt.md"
    text = entry.read_text(encoding="utf-8")
    headline = re.search(r"^title: (.*)$", text, re.M).group(1)
    entry.write_text(text.replace(headline, "Quixotic zyzzogeton bolt", 1), encoding="utf-8")
    folders: list[str] = []
    real_index = aside_search.start_index

    def spy_index(folder: Path, bundles: dict, **options: object) -> object:
        folders.append(folder.parent.name.split("-")[0])
        return real_index(folder, bundles, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(aside_search, "start_index", spy_index)
    result = build_and_write(site, out)
    assert not result.failed()
    assert len([p for p in result.written if p.startswith("entries/")]) > 1  # the neighbours' pages too
    assert folders == [".site.ahead", ".site.search"]  # made ahead, dropped, indexed again
    assert "zyzzogeton" in indexed_text(out / search.BUNDLE).lower()
    cold = tmp_path / "cold"
    assert not build_and_write(site, cold, use_cache=False).failed()
    assert page_counts(out, [search.BUNDLE]) == page_counts(cold, [search.BUNDLE])
    fragments = {f.name for f in (out / search.BUNDLE / "fragment").iterdir()}  # (old ones stay: reusable_index_files)
    assert {f.name for f in (cold / search.BUNDLE / "fragment").iterdir()} <= fragments


def test_no_index_is_made_ahead_of_an_entry_page_that_fails_or_of_many(tmp_path: Path) -> None:
    """A page that fails is made again by the build, which reports it; more files parsed than an
    edit's are not made ahead at all."""
    from generator.output.edit_search import MOST, EditedShards
    from generator.site.outputs import Output
    from generator.source.model import Entry

    def entry_output(n: int) -> Output:
        entry = Entry(f"e{n}", "T", None, (), "", f"content/e{n}.md", 1)  # type: ignore[arg-type]
        return Output(f"entries/e{n}/index.html", "entry.html", {"entry": entry}, (entry,))

    def fails(output: Output) -> bytes:
        raise ZeroDivisionError("division by zero")

    made: list[str] = []
    ahead = EditedShards(tmp_path / "site")
    ahead.start([entry_output(1)], {"content/e1.md"}, {search.BUNDLE: ["entries/e1/index.html"]}, fails, "en")
    assert ahead.aside is None and ahead.made == {}
    assert ahead.not_ahead == "entries/e1/index.html: ZeroDivisionError: division by zero"
    many = [entry_output(n) for n in range(MOST + 1)]
    ahead.start(many, {f"content/e{n}.md" for n in range(MOST + 1)}, {}, lambda o: made.append(o.path) or b"", "en")
    assert made == [] and ahead.aside is None
