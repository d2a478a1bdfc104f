"""The pages in a real browser: Debian's Chromium driven by Playwright, the sites served under a sub-path.

Every page loads with no console error, no failed request and no request leaving 127.0.0.1; the
filters, the order switch (remembered) and search work by clicking and typing; the keyboard alone
reaches every control; with JavaScript off every entry is there. Screenshots of each page type at
phone and desktop widths, light and dark, go to TIMELINES_ARTIFACTS (or a temporary folder) to be looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

TOPIC = "topics/harbour-bridge/"  # the fixture's richest timeline: sources, tags, spans, BC, key moments


class Watch:
    """Everything that went wrong while a page was open."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"script error: {e}"))
        # A request still running when the test moves to the next page is aborted: not the page's fault.
        page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and self.problems.append(f"failed: {r.url}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        page.on("request", self._request)

    def _request(self, request) -> None:
        url = urlsplit(request.url)
        if url.scheme not in ("data", "blob") and url.hostname != "127.0.0.1":
            self.outside.append(request.url)


@pytest.fixture
def context(browser, served) -> Iterator[object]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield ctx
    finally:
        ctx.close()


def open_page(context, served, sub: str, path: str, wait: str = "networkidle"):
    page = context.new_page()
    watch = Watch(page)
    page.goto(served.url(sub, path), wait_until=wait)
    return page, watch


def html_pages(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html") if "pagefind" not in p.parts)


def page_types(folder: Path) -> dict[str, str]:
    """One page of each type from a built site."""

    def first(pattern: str) -> str:
        found = sorted(folder.glob(pattern))
        return found[0].relative_to(folder).as_posix().removesuffix("index.html") if found else ""

    pages = {
        "home": "",
        "topic": TOPIC if (folder / TOPIC).is_dir() else first("topics/*/index.html"),
        "entry": first("entries/*/index.html"),
        "tag": first("tags/*/index.html"),
        "page": first("about/index.html"),
        "search": "search/",
        "404": "404.html",
    }
    return {name: path for name, path in pages.items() if path or name == "home"}


# -- loading ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sub", ["repo", "fixture"])
def test_every_page_loads_cleanly_under_a_sub_path(context, served, sub) -> None:
    pages = html_pages(served.folder(sub))
    assert len(pages) > 10
    page = context.new_page()
    watch = Watch(page)
    for path in pages:
        page.goto(served.url(sub, path.removesuffix("index.html")), wait_until="load")
        assert watch.problems == [], path
        assert watch.outside == [], path
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui"), path


def test_search_page_loads_the_index_from_the_sub_path(context, served) -> None:
    page, watch = open_page(context, served, "repo", "search/?q=troops")
    page.wait_for_selector(".search-results li")
    assert watch.problems == [] and watch.outside == []
    assert page.locator(".search-results .entry-title a").first.get_attribute("href").startswith("/repo/entries/")


# -- filters and order ------------------------------------------------------------------------


def visible_titles(page) -> list[str]:
    return page.locator(".timeline .entry-title:visible").all_inner_texts()


def open_filters(page) -> None:
    """The filters live in a closed box, so a phone's first screen is for the stories."""
    box = page.locator("details.timeline-controls")
    if box.get_attribute("open") is None:
        box.locator("summary").click()


def test_filter_by_source_and_by_tag(context, served) -> None:
    page, watch = open_page(context, served, "fixture", TOPIC)
    all_titles = visible_titles(page)
    assert not page.locator("#filter-source").is_visible()  # closed until asked for
    open_filters(page)
    cards = page.locator(".timeline .entry")
    sources = [cards.nth(i).get_attribute("data-source") for i in range(cards.count())]
    source = max(set(sources), key=sources.count)

    page.select_option("#filter-source", source)
    shown = visible_titles(page)
    assert len(shown) == sources.count(source) < len(all_titles)
    for i in range(cards.count()):
        assert cards.nth(i).is_visible() == (sources[i] == source)
    assert page.locator(".timeline-status").inner_text() == f"Showing {len(shown)} of {len(all_titles)} entries."
    # Years left with no entry disappear, headings included, and so do their "jump to year" links.
    for year in page.locator(".timeline-year").all():
        assert year.is_visible() == (year.locator(".entry:visible").count() > 0)

    page.select_option("#filter-source", "")
    page.select_option("#filter-tag", "repairs")
    tagged = visible_titles(page)
    assert tagged and len(tagged) < len(all_titles)
    for i in range(cards.count()):
        assert cards.nth(i).is_visible() == ("repairs" in (cards.nth(i).get_attribute("data-tags") or ""))
    page.select_option("#filter-tag", "")
    assert visible_titles(page) == all_titles
    assert watch.problems == []


def test_order_switch_is_remembered(context, served) -> None:
    page, watch = open_page(context, served, "fixture", TOPIC)
    oldest_first = visible_titles(page)
    toggle = page.get_by_role("button", name="Newest first")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert visible_titles(page) == oldest_first[::-1]
    years = page.locator(".timeline-year > .year-heading").all_inner_texts()
    assert years[0] == "2024" and years[-1] == "44 BC"
    assert page.locator(".jump-bar li").first.inner_text() == "2024"  # the jump bar follows the order

    page.reload(wait_until="networkidle")
    assert visible_titles(page) == oldest_first[::-1], "the order is remembered across visits"
    other, _ = open_page(context, served, "fixture", "topics/city-council/")
    open_filters(other)
    assert other.get_by_role("button", name="Newest first").get_attribute("aria-pressed") == "true"

    page.get_by_role("button", name="Newest first").click()
    page.reload(wait_until="networkidle")
    assert visible_titles(page) == oldest_first
    assert watch.problems == []


def test_links_from_the_overview_chart_reach_their_headings(context, served) -> None:
    page, _ = open_page(context, served, "fixture", TOPIC)
    links = page.locator(".overview-bars a")
    assert links.count() >= 2
    for i in range(links.count()):
        target = links.nth(i).get_attribute("href")
        assert page.locator(target.replace("#", "#", 1)).count() == 1, target
    links.last.click()
    assert urlsplit(page.url).fragment == links.last.get_attribute("href")[1:]


# -- search -----------------------------------------------------------------------------------


def test_search_by_typing_shows_date_source_and_topic(context, served) -> None:
    page, watch = open_page(context, served, "fixture", "search/")
    box = page.get_by_label("Search entries")
    box.click()
    page.keyboard.type("corroded bolt")
    first = page.locator(".search-results li").first
    first.wait_for()
    meta = first.locator(".entry-meta").inner_text()
    assert "23 October 2024" in meta
    assert "Harbour Bridge" in meta  # the topic
    assert "example.org" in meta  # the source: the host of its url
    assert re.fullmatch(
        r"\d+ (entry matches|entries match) “corroded bolt”\.", page.locator(".search-status").inner_text()
    )
    assert "q=corroded+bolt" in page.url or "q=corroded%20bolt" in page.url
    place = first.locator(".result-topic").get_attribute("href")  # the entry's place in its topic
    assert place.endswith("/fixture/topics/harbour-bridge/#corroded-bolt")
    first.locator(".entry-title a").click()
    page.wait_for_load_state("networkidle")
    assert urlsplit(page.url).path == "/fixture/entries/corroded-bolt/"
    assert watch.problems == [] and watch.outside == []


def test_search_over_a_sharded_index_finds_what_one_index_finds(context, served) -> None:
    """Large sites split the index in shards: the search page merges them, ranked together."""
    assert len(list((served.folder("sharded") / "search").glob("pagefind*"))) > 2
    found = {}
    for sub in ("fixture", "sharded"):
        page, watch = open_page(context, served, sub, "search/?q=bridge")
        page.wait_for_function("/match/.test(document.querySelector('.search-status').textContent)")
        hrefs = page.locator(".search-results .entry-title a").evaluate_all("links => links.map(a => a.pathname)")
        found[sub] = sorted(h.split("/", 2)[2] for h in hrefs)
        assert watch.problems == [] and watch.outside == []
    assert len(found["sharded"]) > 3 and found["sharded"] == found["fixture"]


def test_search_says_when_nothing_matches(context, served) -> None:
    page, _ = open_page(context, served, "fixture", "search/")
    page.get_by_label("Search entries").fill("xylophonequartz")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.search-status').textContent.startsWith('No entry')")
    assert page.locator(".search-results li").count() == 0


# -- keyboard ---------------------------------------------------------------------------------


def tab_through(page, presses: int = 80) -> list[str]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                   return e.id || e.getAttribute('href') || e.className || e.tagName; }"""
            )
        )
    return seen


def test_keyboard_reaches_every_control(context, served) -> None:
    page, _ = open_page(context, served, "fixture", TOPIC)
    seen = tab_through(page, 120)
    assert "#main" in seen  # the skip link comes first
    assert "order-toggle" in seen and "view-toggle" in seen  # in the jump bar, always in reach
    assert "#top" in seen and any(h.startswith("#y") for h in seen)  # the jump bar's links
    chart_links = page.locator(".overview-bars a").evaluate_all("(links) => links.map(a => a.getAttribute('href'))")
    assert set(chart_links) <= set(seen)
    page.focus("details.timeline-controls summary")
    page.keyboard.press("Enter")  # the filters open from the keyboard
    opened = tab_through(page, 3)
    assert "filter-source" in opened and "filter-tag" in opened
    chart_links = page.locator(".overview-bars a").evaluate_all("(links) => links.map(a => a.getAttribute('href'))")
    assert set(chart_links) <= set(seen)
    # The order switch works from the keyboard, and focus is visible on it.
    page.focus(".order-toggle")
    page.keyboard.press("Enter")
    assert page.locator(".order-toggle").get_attribute("aria-pressed") == "true"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Space")
    assert page.locator(".order-toggle").get_attribute("aria-pressed") == "false"

    search, _ = open_page(context, served, "fixture", "search/")
    seen = tab_through(search, 15)
    assert "search-q" in seen
    search.focus("#search-q")
    search.keyboard.type("bridge")
    search.keyboard.press("Enter")
    search.locator(".search-results li").first.wait_for()
    assert search.locator(".search-results li").count() > 0


# -- long pages and phones (issue 16) ------------------------------------------------------------


def test_the_jump_bar_stays_in_reach_and_leads_to_years_and_the_latest_entry(context, served) -> None:
    page, watch = open_page(context, served, "fixture", TOPIC)
    bar = page.locator(".jump-bar")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("window.scrollY > 600")
    assert bar.is_visible() and abs(bar.bounding_box()["y"]) < 1  # sticky: at the top of the window
    bar.get_by_role("link", name="Latest entry").click()
    page.wait_for_function("location.hash.length > 1")
    target = page.evaluate("location.hash.slice(1)")
    assert page.locator(f"[id='{target}']").is_visible()
    assert page.locator(".timeline .entry").last.get_attribute("id") == target  # oldest first: the last one
    bar.get_by_role("link", name="Top").click()
    page.wait_for_function("Math.abs(document.getElementById('top').getBoundingClientRect().top) < 5")
    assert watch.problems == []


def test_headlines_only_is_a_compact_view_that_is_remembered(context, served) -> None:
    page, watch = open_page(context, served, "fixture", TOPIC)
    summary = page.locator(".timeline .entry-summary").first
    full_height = page.locator(".timeline").bounding_box()["height"]
    assert summary.is_visible()
    switch = page.get_by_role("button", name="Headlines only")
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true" and not summary.is_visible()
    assert page.locator(".timeline").bounding_box()["height"] < full_height * 0.7
    assert page.locator(".timeline .entry-title").first.is_visible()
    page.reload(wait_until="networkidle")
    assert not page.locator(".timeline .entry-summary").first.is_visible(), "remembered across visits"
    page.get_by_role("button", name="Headlines only").click()
    assert page.locator(".timeline .entry-summary").first.is_visible()
    assert watch.problems == []


def test_a_short_topics_first_story_is_on_a_phones_first_screen(browser, served, artifacts) -> None:
    ctx = browser.new_context(viewport={"width": 375, "height": 667})
    try:
        page = ctx.new_page()
        for sub, path in (("repo", "topics/north-korea-russia/"), ("repo", "topics/south-korea-defense/"),
                          ("fixture", "topics/city-council/"), ("fixture", "topics/tram-line/")):  # fmt: skip
            page.goto(served.url(sub, path), wait_until="networkidle")
            first = page.locator(".timeline .entry").first
            if not first.count():
                continue
            box = first.bounding_box()
            assert box["y"] < 667 - 60, f"{sub}/{path}: the first story starts at {box['y']:.0f}px"
            page.screenshot(path=str(artifacts / f"first-screen-{sub}-{path.split('/')[1]}.png"))
    finally:
        ctx.close()


def test_search_excerpts_say_where_they_cut_and_leave_out_the_headline(context, served) -> None:
    page, _ = open_page(context, served, "fixture", "search/?q=inspectors")
    first = page.locator(".search-results li").first
    first.wait_for()
    title = first.locator(".entry-title").inner_text()
    excerpt = first.locator(".entry-summary").inner_text()
    assert not excerpt.startswith(title)
    assert "inspectors" in excerpt.lower()
    assert excerpt.endswith("…") or excerpt.startswith("…") or len(excerpt) < 200


# -- without JavaScript -----------------------------------------------------------------------


def test_without_javascript_every_entry_is_there_and_no_dead_control(browser, served) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        folder = served.folder("fixture")
        for topic in sorted(folder.glob("topics/*/index.html")):
            path = topic.relative_to(folder).as_posix().removesuffix("index.html")
            page.goto(served.url("fixture", path))
            expected = topic.read_text(encoding="utf-8").count('<article class="entry')
            cards = page.locator(".timeline .entry")
            assert cards.count() == expected
            for i in range(expected):
                assert cards.nth(i).is_visible()
            assert page.locator(".timeline-controls, select, button").count() == 0
        page.goto(served.url("fixture", "search/"))
        assert not page.locator("form.search-form").is_visible()
        notice = page.locator("p.notice")
        assert notice.is_visible() and "Search needs JavaScript" in notice.inner_text()
        page.get_by_role("link", name="topic timeline").click()
        assert urlsplit(page.url).path == "/fixture/"
    finally:
        ctx.close()


# -- look: screenshots, no sideways scrolling, print ------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_and_no_sideways_scrolling(browser, served, width, scheme, artifacts) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        for sub in ("repo", "fixture"):
            for name, path in page_types(served.folder(sub)).items():
                page.goto(served.url(sub, path), wait_until="load")
                if name == "search":
                    page.get_by_label("Search entries").fill("bridge" if sub == "fixture" else "troops")
                    page.locator(".search-results li").first.wait_for()
                target = artifacts / f"{sub}-{name}-{width}-{scheme}.png"
                page.screenshot(path=str(target), full_page=True)
                assert target.stat().st_size > 1000
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{sub}/{path} scrolls sideways by {overflow}px at {width}px"
    finally:
        ctx.close()


def test_narrowest_phone_has_no_sideways_scrolling(browser, served) -> None:
    ctx = browser.new_context(viewport={"width": 320, "height": 700})
    try:
        page = ctx.new_page()
        for name, path in page_types(served.folder("fixture")).items():
            page.goto(served.url("fixture", path), wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px"
    finally:
        ctx.close()


def test_print_is_a_clean_dated_list_with_urls(context, served, artifacts) -> None:
    page, _ = open_page(context, served, "fixture", TOPIC)
    open_filters(page)
    page.select_option("#filter-tag", "repairs")  # a filter on screen must not cut the printout
    page.get_by_role("button", name="Headlines only").click()  # nor the compact view
    page.emulate_media(media="print")
    hidden = [".masthead", ".overview", ".timeline-controls", ".jump-bar", ".back-to-top"]
    for selector in hidden:
        assert not page.locator(selector).first.is_visible(), selector
    cards = page.locator(".timeline .entry")
    for i in range(cards.count()):
        assert cards.nth(i).is_visible() and cards.nth(i).locator(".entry-summary").is_visible()
    header = page.locator(".print-header")
    assert header.is_visible() and "Fixture Timelines" in header.inner_text()  # who printed it, and where
    assert "https://example.org/fixture/" in header.inner_text() or "http://127.0.0.1" in header.inner_text()
    linked = page.locator(".timeline a.entry-source").first
    after = linked.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert "http" in linked.get_attribute("href") and "attr(href)" not in after and after not in ("none", "normal")
    page.pdf(path=str(artifacts / "fixture-topic-print.pdf"))
