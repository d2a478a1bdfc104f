"""Search: the Pagefind index is built on the staging folder, from the entry pages only, under search/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_site, require_tool

from generator import search
from generator.build import build, build_and_write
from generator.errors import BuildError


@pytest.fixture(scope="module")
def pagefind_ready() -> None:
    try:
        from pagefind.service import get_executable
    except ImportError:
        require_tool("the pagefind package is missing (pip install 'pagefind[bin]')")
    if get_executable() is None:
        require_tool("the Pagefind binary is missing (pip install 'pagefind[bin]')")


def entry_count(out: Path) -> int:
    return len(list(out.glob("entries/*/index.html")))


def test_a_build_writes_the_search_page_and_the_index(pagefind_ready, tmp_path) -> None:
    out = tmp_path / "site"
    result = build_and_write(FIXTURES / "valid-site", out)
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
    assert 'data-search-bundle="../search/pagefind/"' in html and 'data-search-root="../"' in html  # relative
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
    assert not build_and_write(FIXTURES / "valid-site", out).failed()
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

    def broken(folder: Path, *, language: str = "en") -> int:
        raise BuildError("search index not built: Pagefind failed: boom")

    monkeypatch.setattr("generator.build.index_site", broken)
    result = build_and_write(site, out)
    assert result.failed()
    messages = [str(p) for p in result.problems.sorted()]
    assert any("search index not built: Pagefind failed: boom" in m for m in messages), messages
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    # only the spare that the next build brings up to date stays beside it
    assert [p.name for p in tmp_path.glob(".site.*")] in ([], [".site.spare"])


def test_no_pagefind_binary_is_a_clear_error(monkeypatch, tmp_path) -> None:
    pytest.importorskip("pagefind.service", reason="the pagefind package is not installed")
    monkeypatch.setattr("pagefind.service.get_executable", lambda: None)
    with pytest.raises(BuildError, match=r"no Pagefind binary \(install 'pagefind\[bin\]'\)"):
        search.index_site(tmp_path)


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
    count = search.renew_index(out)
    assert count == entry_count(out)
    after = {p.name for p in (out / "search" / "pagefind").rglob("*")}
    assert after != before and "pagefind.js" in after  # a new index, complete
    assert sorted(p.name for p in tmp_path.iterdir() if "pagefind" in p.name) == []  # nothing left beside it
