"""Big topics (SPEC 7): a page per year (and per month of a year too big for one page), every entry
reachable, every link and anchor resolving; and the reader's smaller comforts (issue 16)."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import synth  # noqa: E402

from generator.build import build  # noqa: E402


class Links(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])  # type: ignore[arg-type]
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])  # type: ignore[arg-type]


def big_site(root: Path, entries: int = 650, limit: int | None = None) -> Path:
    synth.write_ours(root, entries, 1)
    settings = "title: Big\n" + (f"topic_page_limit: {limit}\n" if limit else "")
    (root / "content" / "site.yaml").write_text(settings, encoding="utf-8")
    return root


def resolve(pages: dict[str, bytes], path: str, href: str) -> tuple[str, str] | None:
    """The (page, fragment) a relative link leads to, or None for a link out of the site."""
    if "://" in href or href.startswith(("mailto:", "data:")):
        return None
    url = urlsplit(urljoin("https://site.example/" + path, href))
    target = unquote(url.path.lstrip("/"))
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target, unquote(url.fragment)


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory):
    result = build(big_site(tmp_path_factory.mktemp("big") / "site"))
    assert not result.failed(), [str(p) for p in result.problems.errors]
    return result


def test_a_650_entry_topic_is_split_into_year_pages_whose_every_entry_and_link_resolves(split) -> None:
    pages = split.pages
    topic = "topics/topic-000/"
    years = sorted(p for p in pages if re.fullmatch(rf"{topic}\d{{4}}/index\.html", p))
    assert len(years) == 10  # 2014-2023, 650 entries: no year over 200, so no month pages
    assert len(pages[topic + "index.html"]) < 120_000  # the topic page no longer holds every entry
    shown: dict[str, str] = {}
    for path in [topic + "index.html", *years]:
        html = pages[path].decode("utf-8")
        found = Links(html)
        for slug in re.findall(r'<article class="entry[^"]*" id="([^"]+)"', html):
            if path != topic + "index.html":
                assert slug not in shown, f"{slug} on two year pages"
                shown[slug] = path
        for href in found.hrefs:
            target = resolve(pages, path, href)
            if target is None or target[0].startswith(("search/", "assets/")) or target[0].endswith(".json"):
                continue
            assert target[0] in pages or target[0].endswith((".xml", ".json")), (path, href)
            if target[1] and target[0].endswith(".html") and target[0] in pages:
                ids = Links(pages[target[0]].decode("utf-8")).ids
                assert target[1] in ids, f"{path}: {href} leads to no #{target[1]}"
    assert len(shown) == 650  # every entry is on exactly one year page
    # an entry's page leads to its place in the topic: its year page, at its anchor
    slug, where = sorted(shown.items())[100]
    entry_page = Links(pages[f"entries/{slug}/index.html"].decode("utf-8"))
    assert any(resolve(pages, f"entries/{slug}/index.html", h) == (where, slug) for h in entry_page.hrefs)


def test_the_topic_page_lists_every_year_and_shows_the_latest(split) -> None:
    html = split.pages["topics/topic-000/index.html"].decode("utf-8")
    listed = r'<a href="(?:\.\./\.\./topics/topic-000/)?(\d{4})/">(\d{4})</a> <span class="count">(\d+)</span>'
    years = re.findall(listed, html)
    assert [y for y, _, _ in years] == [str(y) for y in range(2014, 2024)]
    assert sum(int(c) for _, _, c in years) == 650
    latest = split.pages["topics/topic-000/2023/index.html"].decode("utf-8")
    slugs = re.findall(r'<article class="entry[^"]*" id="([^"]+)"', html)
    assert slugs == re.findall(r'<article class="entry[^"]*" id="([^"]+)"', latest)  # the latest year's entries
    assert "Latest: 2023" in html
    bars = re.findall(r'<a href="([^"]+)" aria-label=', html)  # the chart leads to the year pages
    assert bars and all(re.fullmatch(r"(\.\./\.\./topics/topic-000/)?(\d{4})/#(y\2|m\2-\d\d)", b) for b in bars)
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    assert jsonld.count('"@type":"ListItem"') == len(slugs)  # the page's entries, not the archive


def test_a_year_over_the_limit_is_split_by_month_and_bc_years_have_their_pages(tmp_path: Path) -> None:
    root = big_site(tmp_path / "site", 650, limit=60)
    rubicon = "---\ntitle: Caesar crosses the Rubicon\ndate: 49 BC\ntopics: [topic-000]\n---\n"
    (root / "content" / "entries" / "bc.md").write_text(rubicon, encoding="utf-8")
    result = build(root)
    assert not result.failed()
    pages = result.pages
    assert "topics/topic-000/49bc/index.html" in pages
    months = [p for p in pages if re.fullmatch(r"topics/topic-000/2019/\d\d/index\.html", p)]
    assert len(months) >= 6
    year = pages["topics/topic-000/2019/index.html"].decode("utf-8")
    for path in months:
        hrefs = Links(year).hrefs  # the year page lists its months
        assert any(resolve(pages, "topics/topic-000/2019/index.html", h) == (path, "") for h in hrefs), path
        month = pages[path].decode("utf-8")
        assert 'aria-current="page"' in month and len(re.findall(r'<article class="entry', month)) <= 60


def test_a_small_topic_stays_one_page(split) -> None:
    """Not every topic is big: below the limit, no year pages (the example site)."""
    result = build(Path(__file__).resolve().parents[1])
    assert not any(re.fullmatch(r"topics/[^/]+/\d{4}/index\.html", p) for p in result.pages)


# --- smaller comforts ----------------------------------------------------------------------------


def test_the_lede_shows_only_when_it_is_not_the_opening_of_the_body(tmp_path: Path) -> None:
    """Issue 16: a cut default summary was shown, then the same paragraph in full."""
    root = tmp_path / "site"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "topics" / "t.yaml").write_text("title: T\n")
    long = " ".join(["The council met and talked about the bridge and its long history."] * 6)
    (root / "content" / "entries").mkdir()
    (root / "content" / "entries" / "cut.md").write_text(f"---\ntitle: Cut\ndate: 2024\ntopics: [t]\n---\n{long}\n")
    head = "---\ndate: 2024\ntopics: [t]\n"
    (root / "content" / "entries" / "own.md").write_text(
        head + "title: Own\nsummary: A summary of its own.\n---\nThe body *says* more.\n"
    )
    (root / "content" / "entries" / "same.md").write_text(
        head + "title: Same\nsummary: The body says more.\n---\nThe body *says* more.\n"
    )
    pages = build(root).pages
    assert '<p class="lede">' not in pages["entries/cut/index.html"].decode()
    assert '<p class="lede">A summary of its own.</p>' in pages["entries/own/index.html"].decode()
    assert '<p class="lede">' not in pages["entries/same/index.html"].decode()


def test_file_links_name_index_html_so_the_site_works_from_disk(cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "content", root / "content")
    result = cli("build", "--root", root, "--file-links", "--quiet")
    assert result.returncode == 0, result.stderr
    out = root / "site"
    checked = 0
    for page in out.rglob("*.html"):
        if "pagefind" in page.parts or page.name == "404.html":
            continue
        for href in Links(page.read_text(encoding="utf-8")).hrefs:
            if "://" in href or href.startswith(("#", "mailto:")):
                continue
            path = unquote(href.split("#")[0])
            target = (page.parent / path).resolve()
            assert target.is_file(), f"{page.relative_to(out)}: {href} is not a file on disk"
            checked += 1
    assert checked > 50
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="topics/north-korea-russia/index.html"' in home


def test_drafts_waiting_for_a_date_are_listed_by_check_and_build(cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "content", root / "content")
    clipping = tmp_path / "clip.txt"
    clipping.write_text("Troops move again\n\nBy Reporter\n\nThe troops moved again, officials said.\n")
    imported = cli("import", clipping, "--topic", "north-korea-russia", "--root", root, "--year", "2024")
    assert imported.returncode == 0, imported.stderr
    for command in ("check", "build"):
        result = cli(command, "--root", root)
        assert result.returncode == 0
        line = next(x for x in result.stderr.splitlines() if "without a known date" in x)
        assert re.search(r"note: 1 draft still without a known date .*content/entries/2024/[^:]+\.md:\d+", line), line


def test_tags_are_in_the_navigation_and_cards_name_their_topics(tmp_path: Path) -> None:
    pages = build(Path(__file__).resolve().parents[1]).pages
    home = pages["index.html"].decode("utf-8")
    assert '<li><a href="tags/">Tags</a></li>' in home
    latest = home[home.index('<section class="latest"') :]
    assert latest.count('class="entry-topics"') == latest.count('<article class="entry')
    assert '<a href="topics/north-korea-russia/">North Korea and Russia</a>' in latest
    tag_page = next(p for p in pages if p.startswith("tags/") and p != "tags/index.html")
    assert 'class="entry-topics"' in pages[tag_page].decode("utf-8")
    root = tmp_path / "site"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "topics" / "t.yaml").write_text("title: T\n")
    untagged = build(root).pages["index.html"].decode("utf-8")
    assert 'href="tags/"' not in untagged  # no tags: no link to an empty page
