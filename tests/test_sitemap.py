"""sitemap.xml and robots.txt (SPEC 2 and 7): every HTML page but 404 once, all under base_url."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from publish_kit import BASE, built, entry, example_site, html_pages, write_site

from generator.site.sitemap import SitemapUrl, crawler_files
from generator.source.dates import parse_date

S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locs(xml: bytes) -> list[str]:
    return [loc.text or "" for loc in ET.fromstring(xml).iter(f"{S}loc")]


def folder_url(path: str) -> str:
    return BASE + path.removesuffix("index.html")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path, {
        "content/site.yaml": "timezone: Europe/London\n",
        "content/topics/bridge.yaml": "title: The Bridge\n",
        "content/topics/river.yaml": "title: The River\n",
        "content/pages/about.md": "---\ntitle: About\n---\nHello.\n",
        "content/entries/a.md": entry("Plans", "2023", tags="[plans]"),
        "content/entries/b.md": entry("Works", "2024-10", aliases="[works-begin]", updated="2025-01-05"),
        "content/entries/c.md": entry("Reopened", "2024-11-02 10:30", topics="[river]"),
        "content/entries/ü.md": entry("Umlaut", "2022-06", topics="[river]"),
    })  # fmt: skip


def test_the_sitemap_lists_every_html_page_but_404_once(tmp_path: Path) -> None:
    result = built(example_site(tmp_path), BASE)
    listed = locs(result.pages["sitemap.xml"])
    expected = [folder_url(p) for p in html_pages(result) if p != "404.html"]  # alias redirects too (SPEC 7)
    assert sorted(listed) == sorted(expected)
    assert len(listed) == len(set(listed))
    assert all(url.startswith(BASE) for url in listed)
    assert BASE + "404.html" not in listed


def test_lastmod_is_the_newest_entry_shown_on_the_page(site: Path) -> None:
    """SPEC 5: a full date (the sitemaps.org schema takes no "2024-10"), or none at all."""
    root = ET.fromstring(built(site, BASE).pages["sitemap.xml"])
    lastmod = {u.findtext(f"{S}loc"): u.findtext(f"{S}lastmod") for u in root.findall(f"{S}url")}
    assert lastmod[BASE + "topics/bridge/"] == "2025-01-05"  # "Works" was updated then
    assert lastmod[BASE + "topics/river/"] == "2024-11-02"  # a time without seconds: its day
    assert lastmod[BASE + "tags/plans/"] is None  # a year only: no day to give
    assert lastmod[BASE] == "2025-01-05"
    assert lastmod[BASE + "about/"] is None  # shows no entry
    assert lastmod[BASE + "entries/works-begin/"] == "2025-01-05"  # an alias redirect: its entry's change
    assert BASE + "entries/%C3%BC/" in lastmod  # slugs in any script, percent-encoded


def test_robots_txt_points_to_the_sitemap(site: Path) -> None:
    pages = built(site, BASE).pages
    assert pages["robots.txt"].decode() == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n"


def test_without_base_url_no_sitemap_and_robots_names_none(site: Path) -> None:
    pages = built(site).pages
    assert "sitemap.xml" not in pages
    assert "Sitemap" not in pages["robots.txt"].decode()
    assert pages["robots.txt"].startswith(b"User-agent: *")


def test_past_the_limit_the_sitemap_becomes_an_index_of_parts() -> None:
    dates = ["2024-01-02", None, "2024-03", "2023", "2024-02-10", None, "2021"]
    listed = [SitemapUrl(f"entries/e{n}/", parse_date(d) if d else None) for n, d in enumerate(dates)]
    files = crawler_files(BASE, listed, "UTC", limit=3)
    assert sorted(files) == ["robots.txt", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{S}sitemapindex"
    assert locs(files["sitemap.xml"]) == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3)]
    assert [s.findtext(f"{S}lastmod") for s in index.findall(f"{S}sitemap")] == ["2024-01-02", "2024-02-10", None]
    urls = [u for n in (1, 2, 3) for u in locs(files[f"sitemap-{n}.xml"])]
    assert urls == [f"{BASE}entries/e{n}/" for n in range(7)]
    assert all(len(locs(files[f"sitemap-{n}.xml"])) <= 3 for n in (1, 2, 3))
    assert b"Sitemap: " + BASE.encode() + b"sitemap.xml" in files["robots.txt"]


def test_at_the_limit_the_sitemap_stays_one_file() -> None:
    listed = [SitemapUrl(f"p{n}/", None) for n in range(3)]
    files = crawler_files(BASE, listed, "UTC", limit=3)
    assert sorted(files) == ["robots.txt", "sitemap.xml"]
    assert ET.fromstring(files["sitemap.xml"]).tag == f"{S}urlset"


def test_the_cli_builds_feeds_sitemap_and_canonical_urls_under_a_sub_path(tmp_path: Path, cli) -> None:
    root, out = example_site(tmp_path / "root"), tmp_path / "out"
    result = cli("build", "--root", root, "--out", out, "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    assert all(url.startswith(BASE) for url in locs((out / "sitemap.xml").read_bytes()))
    assert f'<link rel="self" type="application/atom+xml" href="{BASE}feed.xml"' in (out / "feed.xml").read_text()
    page = (out / "topics/north-korea-russia/index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}topics/north-korea-russia/">' in page
    assert 'href="../../entries/' in page and f'<a href="{BASE}' not in page  # page links stay relative
