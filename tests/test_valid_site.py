"""The fixture site in tests/fixtures/valid-site, built with the real command, read as a visitor would.

Each test states one promise of the contract (SPEC sections 4, 5 and 7) about the built pages.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

SITE = Path(__file__).resolve().parent / "fixtures" / "valid-site"

# The Harbour Bridge in time order (SPEC 5): earliest instant first; at the same instant (all of
# October 2024 begins at midnight on the 1st) the month before the day, the exact month before
# the approximate one.
HARBOUR = [
    "harbour-ford",  # 44 BC
    "1890-engineers-sketch-a-first-crossing",  # c. 1890 (a YAML list item: slug from date and title)
    "1923-bridge-design-competition-announced",  # 1923
    "müller-café",  # 2020-06-15, from the file "Müller café.md"
    "repairs-scheduled",  # October 2024
    "noise-reports",  # c. October 2024
    "lane-closures",  # 2024-10-01
    "inspection-closure",  # 2024-10-21 to 2024-10-25
    "corroded-bolt",  # 2024-10-23 14:05
    "safety-review",  # 24 October 2024
    "night-convoy",  # 2024-10-31 22:30 -05:00, which is 1 November 03:30 in London
    "bridge-fireworks",  # 2 November 2024 (file zz-fireworks.md): same day, so by slug
    "bridge-reopens",  # 2024-11-02
]
# City Council in time order; the topic says `order: newest-first`, so its page shows it reversed.
COUNCIL = ["müller-café", "budget-debate", "safety-review", "budget-approved"]
TIMELINES = {"harbour-bridge": HARBOUR, "city-council": COUNCIL}
KEY_MOMENTS = {
    "harbour-bridge": ["müller-café", "inspection-closure", "corroded-bolt", "safety-review"],
    "city-council": ["müller-café", "safety-review"],
}
DRAFT = "toll-plans"
SCRIPT_TITLE = "Bridge reopens <script>alert(1)</script> to traffic"

SHOWN = {
    "harbour-ford": "44 BC",
    "1890-engineers-sketch-a-first-crossing": "c. 1890",
    "1923-bridge-design-competition-announced": "1923",
    "müller-café": "15 June 2020",
    "repairs-scheduled": "October 2024",
    "noise-reports": "c. October 2024",
    "lane-closures": "1 October 2024",
    "inspection-closure": "21–25 October 2024",
    "corroded-bolt": "23 October 2024, 14:05 BST",
    "safety-review": "24 October 2024",
    "night-convoy": "31 October 2024, 22:30 UTC-05:00",  # shown in the zone it was written in
    "bridge-fireworks": "2 November 2024",
    "bridge-reopens": "2 November 2024",
}
SOURCES = {
    "harbour-ford": "Invented Annals",
    "müller-café": "Invented Weekly",
    "lane-closures": "Invented Gazette",
    "corroded-bolt": "example.org",  # no source: the url's host without www.
    "budget-approved": "news.example.com",  # only a leading www. is dropped
}
TAGS = {
    "budget": ["budget-debate", "safety-review", "budget-approved"],
    "design": ["1923-bridge-design-competition-announced"],
    "petitions": ["müller-café"],
    "public-works": ["safety-review"],  # from the tag "Public Works"
    "repairs": ["repairs-scheduled", "lane-closures", "inspection-closure", "bridge-reopens"],
    "brücke": ["bridge-reopens"],  # from the tag "Brücke"
}


# --- reading built pages ------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None = None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[Node]:
        return [
            n for n in self.iter()
            if (tag is None or n.tag == tag)
            and (cls is None or cls in (n.attrs.get("class") or "").split())
            and all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())
        ]  # fmt: skip

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> Node:
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'}{' class=' + cls if cls else ''}{attrs or ''}> in <{self.tag}>"
        return found[0]

    @property
    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text)
        return " ".join("".join(parts).split())

    def __getitem__(self, name: str) -> str:
        value = self.attrs.get(name)
        assert value is not None, f"<{self.tag}> has no {name}"
        return value


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(data: bytes) -> Node:
    builder = _Builder()
    builder.feed(data.decode("utf-8"))
    builder.close()
    return builder.root


def target_of(page: str, href: str) -> str:
    """The built file a relative link on `page` leads to (a folder URL means its index.html)."""
    path = unquote(urlsplit(href).path)
    if not path:
        return page
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or joined == ".":
        joined = "index.html" if joined == "." else joined + "/index.html"
    return joined


def entry_href(slug: str, depth: int = 2) -> str:
    return "../" * depth + "entries/" + quote(slug) + "/"


class Built:
    """One built output folder."""

    def __init__(self, out: Path) -> None:
        self.out = out

    def exists(self, path: str) -> bool:
        return (self.out / path).is_file()

    def page(self, path: str) -> Node:
        assert self.exists(path), f"{path} was not built"
        return parse((self.out / path).read_bytes())

    def html_pages(self) -> list[str]:
        return sorted(p.relative_to(self.out).as_posix() for p in self.out.rglob("*.html"))

    def timeline(self, topic: str) -> list[str]:
        """Entry ids on a topic page, in the order shown."""
        timeline = self.page(f"topics/{topic}/index.html").find("div", "timeline")
        return [a["id"] for a in timeline.find_all("article", "entry")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, cli, copy_fixture) -> Built:
    out = tmp_path_factory.mktemp("valid") / "site"
    result = cli("build", "--root", copy_fixture("valid-site", out.parent / "root"), "--out", out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return Built(out)


@pytest.fixture(scope="module")
def with_drafts(tmp_path_factory: pytest.TempPathFactory, cli, copy_fixture) -> Built:
    out = tmp_path_factory.mktemp("drafts") / "site"
    result = cli("build", "--root", copy_fixture("valid-site", out.parent / "root"), "--out", out, "--drafts")
    assert result.returncode == 0, result.stderr
    return Built(out)


# --- timelines (SPEC 5 Order, 7 topics/<topic>/) -----------------------------------------------------


def test_an_oldest_first_topic_lists_entries_by_earliest_instant(site: Built) -> None:
    assert site.timeline("harbour-bridge") == HARBOUR


def test_at_equal_instants_coarser_precision_comes_first_then_exact_before_approximate(site: Built) -> None:
    shown = site.timeline("harbour-bridge")
    month, approximate_month, day = (shown.index(s) for s in ("repairs-scheduled", "noise-reports", "lane-closures"))
    assert month < approximate_month < day


def test_at_equal_dates_entries_are_ordered_by_slug(site: Built) -> None:
    shown = site.timeline("harbour-bridge")
    assert shown.index("bridge-fireworks") + 1 == shown.index("bridge-reopens")


def test_a_newest_first_topic_shows_exactly_the_reverse_order(site: Built) -> None:
    assert site.timeline("city-council") == COUNCIL[::-1]


def _headings(site: Built, topic: str) -> list[tuple[str, str, str]]:
    """(year heading id, month heading id or "", entry id) for each entry, in page order."""
    rows = []
    for year in site.page(f"topics/{topic}/index.html").find("div", "timeline").find_all("section", "timeline-year"):
        month = ""
        for node in year.iter():
            if node.tag in ("h3", "h4") and "month-heading" in (node.attrs.get("class") or ""):
                month = node["id"]
            elif node.tag == "article" and "entry" in node["class"].split():
                rows.append((year["id"], month, node["id"]))
    return rows


def test_year_and_month_headings_carry_anchors_and_group_the_entries(site: Built) -> None:
    rows = {entry: (year, month) for year, month, entry in _headings(site, "harbour-bridge")}
    assert rows["müller-café"] == ("y2020", "m2020-06")
    assert rows["repairs-scheduled"] == ("y2024", "m2024-10")
    assert rows["corroded-bolt"] == ("y2024", "m2024-10")
    assert rows["bridge-reopens"] == ("y2024", "m2024-11")
    assert rows["night-convoy"] == ("y2024", "m2024-11")  # the month in the site zone, not as written
    assert rows["1923-bridge-design-competition-announced"] == ("y1923", "")  # a year alone has no month heading


@pytest.mark.parametrize("topic", ["harbour-bridge", "city-council"])
def test_headings_never_repeat(site: Built, topic: str) -> None:
    page = site.page(f"topics/{topic}/index.html").find("div", "timeline")
    years = [s["id"] for s in page.find_all("section", "timeline-year")]
    months = [h["id"] for h in page.iter() if "month-heading" in (h.attrs.get("class") or "")]
    assert len(years) == len(set(years))
    assert len(months) == len(set(months))


def test_a_newest_first_topic_has_its_headings_newest_first_too(site: Built) -> None:
    rows = _headings(site, "city-council")
    assert list(dict.fromkeys(year for year, _, _ in rows)) == ["y2025", "y2024", "y2020"]
    assert list(dict.fromkeys(month for _, month, _ in rows)) == ["m2025-01", "m2024-10", "m2024-09", "m2020-06"]


@pytest.mark.parametrize("topic", sorted(KEY_MOMENTS))
def test_key_moments_are_listed_in_a_box_before_the_timeline(site: Built, topic: str) -> None:
    page = site.page(f"topics/{topic}/index.html")
    box = page.find(cls="key-moments")
    assert [a["href"] for a in box.find_all("a")] == ["#" + quote(slug, safe="") for slug in KEY_MOMENTS[topic]]
    order = list(page.iter())
    assert order.index(box) < order.index(page.find("div", "timeline"))


@pytest.mark.parametrize("topic", sorted(TIMELINES))
def test_each_entry_on_a_timeline_has_anchor_date_source_and_headline_link(site: Built, topic: str) -> None:
    page = site.page(f"topics/{topic}/index.html")
    for slug in TIMELINES[topic]:
        card = page.find("article", id=slug)
        shown = date_element(card)
        assert shown.text == SHOWN.get(slug, shown.text)
        # SPEC 5: <time datetime> where HTML can say the date; a year before 1 is plain text
        assert (shown.tag == "time" and shown.attrs.get("datetime")) or (slug in BEFORE_AD_1 and shown.tag == "span")
        assert card.find(cls="entry-source").text == SOURCES.get(slug, card.find(cls="entry-source").text)
        assert card.find(cls="entry-source").text
        headline = card.find(cls="entry-title").find("a")
        assert headline["href"] == entry_href(slug)


def date_element(card: Node) -> Node:
    found = card.find_all("time") or card.find_all(cls="date")
    assert found, f"no date in {card.attrs.get('id')}"
    return found[0]


BEFORE_AD_1 = {"harbour-ford"}


def test_dates_are_shown_with_the_precision_that_was_written(site: Built) -> None:
    page = site.page("topics/harbour-bridge/index.html")
    assert {slug: date_element(page.find("article", id=slug)).text for slug in SHOWN} == SHOWN


def test_a_span_is_shown_compactly(site: Built) -> None:
    page = site.page("entries/inspection-closure/index.html")
    assert page.find("h1").parent.find("time").text == "21–25 October 2024"


def test_the_source_defaults_to_the_host_of_the_url_without_www(site: Built) -> None:
    assert (
        site.page("topics/harbour-bridge/index.html").find("article", id="corroded-bolt").find(cls="entry-source").text
        == "example.org"
    )
    assert (
        site.page("topics/city-council/index.html").find("article", id="budget-approved").find(cls="entry-source").text
        == "news.example.com"
    )


def test_an_empty_topic_still_gets_a_page_that_says_so(site: Built) -> None:
    page = site.page("topics/tram-line/index.html")
    assert page.find("h1").text == "Tram Line Extension"
    assert "no entries" in page.find("main").text.lower()
    assert page.find_all("article", "entry") == []


def test_the_home_page_lists_topics_by_their_latest_entry_most_recent_first(site: Built) -> None:
    home = site.page("index.html")
    topics = [
        target_of("index.html", a["href"]) for a in home.find(id="topics").find_all("a") if "topics/" in a["href"]
    ]
    topics = list(dict.fromkeys(topics))
    assert topics == [f"topics/{t}/index.html" for t in ("city-council", "harbour-bridge", "tram-line")]


# --- summaries (SPEC 4) -------------------------------------------------------------------------------


def _summary(site: Built, slug: str) -> str:
    return site.page("topics/harbour-bridge/index.html").find("article", id=slug).find(cls="entry-summary").text


def test_the_summary_defaults_to_the_first_paragraph_as_plain_text(site: Built) -> None:
    assert _summary(site, "lane-closures") == "Two of the four lanes close for the repairs."


def test_the_summary_of_a_yaml_entry_defaults_to_the_first_paragraph_of_its_body(site: Built) -> None:
    assert (
        _summary(site, "1923-bridge-design-competition-announced")
        == "The town announces a competition for the design of a bridge."
    )


def test_a_long_first_paragraph_is_cut_at_a_word_boundary_before_280_characters_with_an_ellipsis(site: Built) -> None:
    paragraph = site.page("entries/bridge-reopens/index.html").find(cls="prose").find("p").text
    assert len(paragraph) > 280
    summary = _summary(site, "bridge-reopens")
    assert summary.endswith("…")
    assert len(summary) <= 280
    kept = summary[:-1]
    assert paragraph.startswith(kept)
    assert kept[-1].isalnum() and not paragraph[len(kept)].isalnum()  # cut between words, never inside one


# --- entry pages (SPEC 7 entries/<slug>/) -------------------------------------------------------------


def test_an_entry_page_shows_headline_date_source_original_link_tags_and_topics(site: Built) -> None:
    path = "entries/corroded-bolt/index.html"
    page = site.page(path)
    assert page.find("h1").text == "Inspectors find a corroded bolt"
    assert page.find("time").text == "23 October 2024, 14:05 BST"
    assert page.find(cls="entry-source").text == "example.org"
    assert "https://www.example.org/news/corroded-bolt" in [a.attrs.get("href") for a in page.find_all("a")]
    tagged = site.page("entries/safety-review/index.html")
    tag_targets = {target_of("entries/safety-review/index.html", a["href"]) for a in tagged.find_all("a", "tag")}
    assert tag_targets == {"tags/budget/index.html", "tags/public-works/index.html"}
    topic_targets = {target_of(path, a["href"]) for a in page.find_all("a") if "topics/" in a.attrs.get("href", "")}
    assert topic_targets == {"topics/harbour-bridge/index.html"}


def _neighbours(site: Built, slug: str, topic: str) -> tuple[str | None, str | None]:
    """(earlier, later) entry pages linked from an entry page for one of its topics."""
    path = f"entries/{slug}/index.html"
    page = site.page(path)
    for nav in page.find_all("nav", "entry-neighbours"):
        if any(target_of(path, a["href"]) == f"topics/{topic}/index.html" for a in nav.find_all("a")):
            earlier = [target_of(path, a["href"]) for a in nav.find_all("a", rel="prev")]
            later = [target_of(path, a["href"]) for a in nav.find_all("a", rel="next")]
            assert len(earlier) <= 1 and len(later) <= 1
            return (earlier[0] if earlier else None), (later[0] if later else None)
    raise AssertionError(f"{path} has no earlier/later links for the topic {topic}")


@pytest.mark.parametrize("topic", sorted(TIMELINES))
def test_entry_pages_link_the_earlier_and_later_entry_in_time_for_each_topic(site: Built, topic: str) -> None:
    """Earlier and later mean time, even on a newest-first topic; the first has no earlier, the last no later."""
    order = TIMELINES[topic]
    for index, slug in enumerate(order):
        expected_earlier = f"entries/{order[index - 1]}/index.html" if index > 0 else None
        expected_later = f"entries/{order[index + 1]}/index.html" if index + 1 < len(order) else None
        assert _neighbours(site, slug, topic) == (expected_earlier, expected_later), slug


def test_the_entry_page_of_a_non_latin_file_name_exists_and_is_linked_percent_encoded(site: Built) -> None:
    assert site.exists("entries/müller-café/index.html")
    page = site.page("topics/harbour-bridge/index.html")
    href = page.find("article", id="müller-café").find(cls="entry-title").find("a")["href"]
    assert href == "../../entries/m%C3%BCller-caf%C3%A9/"
    assert site.exists(target_of("topics/harbour-bridge/index.html", href))


def test_links_to_non_latin_slugs_are_percent_encoded_everywhere(site: Built) -> None:
    """Slugs keep letters of any script; in links (paths and #fragments alike) they are percent-encoded."""
    raw = []
    for path in site.html_pages():
        for node in site.page(path).iter():
            for name in ("href", "src"):
                url = node.attrs.get(name) or ""
                if url and "://" not in url and not url.isascii():
                    raw.append(f"{path}: <{node.tag} {name}={url!r}>")
    assert raw == []


# --- links written in Markdown (SPEC 4) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (
            "entries/bridge-reopens/index.html",
            {
                "../../entries/inspection-closure/": "entries/inspection-closure/index.html",
                "../../entries/m%C3%BCller-caf%C3%A9/": "entries/müller-café/index.html",
                "../../topics/city-council/": "topics/city-council/index.html",
                "../../tags/repairs/": "tags/repairs/index.html",
                "../../about/": "about/index.html",
                "../../images/map.svg": "images/map.svg",
            },
        ),
        (
            "about/index.html",
            {
                "../topics/harbour-bridge/": "topics/harbour-bridge/index.html",
                "../entries/bridge-reopens/": "entries/bridge-reopens/index.html",
                "../images/map.svg": "images/map.svg",
                "../tags/budget/": "tags/budget/index.html",
            },
        ),
        ("topics/harbour-bridge/index.html", {"../../tags/repairs/": "tags/repairs/index.html"}),
        ("topics/city-council/index.html", {"../../topics/harbour-bridge/": "topics/harbour-bridge/index.html"}),
    ],
)
def test_site_links_in_markdown_become_relative_urls_that_work(
    site: Built, page: str, expected: dict[str, str]
) -> None:
    prose = [a["href"] for div in site.page(page).find_all(cls="prose") for a in div.find_all("a")]
    assert sorted(prose) == sorted(expected)
    for href, target in expected.items():
        assert target_of(page, href) == target
        assert site.exists(target), f"{page}: {href} leads to {target}, which was not built"


# --- drafts (SPEC 4) ---------------------------------------------------------------------------------


def test_drafts_are_left_out_of_the_site(site: Built) -> None:
    assert not site.exists(f"entries/{DRAFT}/index.html")
    assert DRAFT not in site.timeline("harbour-bridge")
    assert not site.exists("tags/tolls/index.html")
    for path in site.html_pages():
        assert b"Toll plans" not in (site.out / path).read_bytes(), path


def test_drafts_are_built_with_the_drafts_option(with_drafts: Built) -> None:
    assert with_drafts.exists(f"entries/{DRAFT}/index.html")
    assert with_drafts.timeline("harbour-bridge") == [*HARBOUR, DRAFT]
    assert with_drafts.exists("tags/tolls/index.html")


# --- text is text (SPEC 4 Plain text) -----------------------------------------------------------------


@pytest.mark.parametrize("which", ["site", "with_drafts"])
def test_a_title_with_markup_is_escaped_on_every_page_and_feed(request: pytest.FixtureRequest, which: str) -> None:
    built: Built = request.getfixturevalue(which)
    # HTML and XML (pages, JSON-LD inside them, Atom feeds); a JSON file holds the title as a JSON string.
    for path in sorted(p for p in built.out.rglob("*") if p.suffix in (".html", ".xml")):
        assert b"<script>alert" not in path.read_bytes().lower(), path.relative_to(built.out)
    for path in ("entries/bridge-reopens/index.html", "topics/harbour-bridge/index.html", "tags/repairs/index.html"):
        assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in (built.out / path).read_bytes(), path
    assert built.page("entries/bridge-reopens/index.html").find("h1").text == SCRIPT_TITLE


# --- tags, pages, static files, theme (SPEC 7) --------------------------------------------------------


@pytest.mark.parametrize("tag", sorted(TAGS))
def test_each_tag_gets_a_page_listing_its_entries_in_the_sites_order(site: Built, tag: str) -> None:
    path = f"tags/{tag}/index.html"
    page = site.page(path)
    listed = [
        target_of(path, a["href"]) for a in page.find("main").find_all("a") if "entries/" in a.attrs.get("href", "")
    ]
    assert listed == [f"entries/{slug}/index.html" for slug in TAGS[tag]]


def test_a_standalone_page_is_built_and_linked_from_every_pages_navigation(site: Built) -> None:
    assert site.page("about/index.html").find("h1").text == "About"
    for path in site.html_pages():
        nav = [a["href"] for n in site.page(path).find_all("nav") for a in n.find_all("a")]
        if path == "404.html":  # served at any depth: links from the domain root without a base_url
            assert "/about/" in nav, path
        else:
            assert "about/index.html" in [target_of(path, href) for href in nav], path


def test_static_files_are_copied_as_they_are_to_the_site_root(site: Built) -> None:
    static = SITE / "content" / "static"
    assert (site.out / "humans.txt").read_bytes() == (static / "humans.txt").read_bytes()
    assert (site.out / "images/map.svg").read_bytes() == (static / "images/map.svg").read_bytes()


def test_the_site_has_nojekyll_and_the_theme_stylesheet(site: Built) -> None:
    assert (site.out / ".nojekyll").is_file()
    assert (site.out / "assets/style.css").is_file()
    assert (site.out / "assets/style.css").stat().st_size > 0


# --- output safety (SPEC 6) ---------------------------------------------------------------------------


def test_building_twice_gives_byte_identical_trees(tmp_path: Path, cli, copy_fixture, tree) -> None:
    """Same input, same bytes; only the search index files that Pagefind writes are exempt (SPEC 6)."""
    for name in ("one", "two"):
        result = cli("build", "--root", copy_fixture("valid-site", tmp_path / f"root-{name}"), "--out", tmp_path / name)
        assert result.returncode == 0, result.stderr
    first, second = (
        {p: b for p, b in tree(tmp_path / n).items() if not p.startswith("search/pagefind/")} for n in ("one", "two")
    )
    assert "index.html" in first
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []


def test_a_failed_build_leaves_the_previous_site_unchanged(tmp_path: Path, cli, copy_fixture, tree) -> None:
    root = copy_fixture("valid-site", tmp_path / "root")
    out = tmp_path / "out" / "site"
    assert cli("build", "--root", root, "--out", out).returncode == 0
    before = tree(out)
    broken = root / "content/entries/2024/lane-closures.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("date: 2024-10-01\n", ""), encoding="utf-8")

    result = cli("build", "--root", root, "--out", out)

    assert result.returncode == 1
    assert "content/entries/2024/lane-closures.md:" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]  # no half-written folder left beside it
