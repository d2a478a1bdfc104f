"""No script runs that an author did not write (SPEC 4, SECURITY.md).

A site whose entry fields (title, summary, source, tags, image_alt), topic title and imported
stories (an RSS feed, a CSV, a TimelineJS file) carry `<script>`, `"><img onerror=…>`,
`javascript:` URLs and `</script>` is built; then every output that a browser, a feed reader or
TimelineJS turns into markup is parsed and must hold no script, event handler or `javascript:`
URL the theme did not write, while the hostile text is still shown as text. Finally every page is
opened in Chromium, the search run, and no dialog may open and no injected script may run.
"""

from __future__ import annotations

import csv
import functools
import gzip
import html
import io
import json
import re
import threading
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

PWN = "window.__pwned=(window.__pwned||[]).concat"
SCRIPT = f"<script>{PWN}(['script']);alert(1)</script>"
IMG = f'"><img src=x onerror="{PWN}([\'img\']);alert(2)">'
CLOSE = f"</script><script>{PWN}(['close']);alert(3)</script>"
TEMPLATE = "{{ 7*7 }}{% raw %}"
TITLE = f"Troops {SCRIPT} cross {IMG} the {CLOSE} border {TEMPLATE}"
SUMMARY = f"What was said: {IMG} and {CLOSE}"
SOURCE = f"Agency {CLOSE}"
TAGS = [SCRIPT, 'x" onmouseover="alert(4)', "javascript:alert(5)"]
ALT = f"A map {IMG}"
TOPIC_TITLE = f"War {SCRIPT}"
URL = "https://example.com/story?a=1&b='onmouseover=alert(6)//"

ENTRY = f"""---
title: {json.dumps(TITLE)}
date: 2024-10-23
topics: [war]
summary: {json.dumps(SUMMARY)}
source: {json.dumps(SOURCE)}
url: {json.dumps(URL)}
tags: {json.dumps(TAGS)}
image: map.png
image_alt: {json.dumps(ALT)}
---
An ordinary body written by the author.
"""

FEED = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Hostile News</title><link>https://news.example.org/</link><description>x</description>
<item>
  <title>{html.escape("Feed story " + SCRIPT)}</title>
  <link>https://news.example.org/feed-story</link>
  <pubDate>Wed, 23 Oct 2024 14:05:00 +0900</pubDate>
  <description>{html.escape(SUMMARY)}</description>
  <content:encoded><![CDATA[<p onclick="{PWN}(['onclick'])">Body {SCRIPT}</p>
<p><a href="javascript:{PWN}(['href'])">click</a> <a href=" JaVaScRiPt:alert(7)">spaced</a></p>
<p>{IMG}</p><svg onload="{PWN}(['svg'])"></svg><iframe src="javascript:alert(8)"></iframe>
<p>Text &lt;script&gt;alert(9)&lt;/script&gt; stays text.</p>]]></content:encoded>
</item>
<item>
  <title>A story whose link is a script</title>
  <link>javascript:alert(10)</link>
  <pubDate>Thu, 24 Oct 2024 09:00:00 GMT</pubDate>
  <description>{html.escape("<p>Imported " + IMG + "</p>")}</description>
</item>
</channel></rss>
"""


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


CSV = _csv([
    ["Title", "Date", "Source", "URL", "Summary", "Body", "Tags"],
    ["CSV story " + SCRIPT, "2024-10-25", SOURCE, "https://example.com/csv", SUMMARY,
     f"Body {SCRIPT} and {IMG} and [a link](javascript:alert(11)) <a href=\"javascript:alert(12)\">x</a>",
     "csv; " + SCRIPT],
])  # fmt: skip

TIMELINEJS = {
    "title": {"text": {"headline": "Hostile timeline", "text": "<p>x</p>"}},
    "events": [
        {
            "start_date": {"year": "2024", "month": "10", "day": "26"},
            "text": {"headline": "TimelineJS story " + SCRIPT, "text": f"<p onclick='x()'>{IMG}{CLOSE}</p>"},
            "group": "<img src=x onerror=alert(13)>",
            "media": {"url": "https://example.com/p.png", "caption": IMG, "credit": SCRIPT},
        }
    ],
}

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, cli) -> object:
    """The hostile site, imported and built with its search index, served on loopback."""
    base = tmp_path_factory.mktemp("hostile")
    root = base / "root"
    (root / "content/topics").mkdir(parents=True)
    (root / "content/entries").mkdir()
    (root / "content/static").mkdir()
    (root / "content/site.yaml").write_text("title: Hostile\n", encoding="utf-8")
    (root / "content/topics/war.yaml").write_text(f"title: {json.dumps(TOPIC_TITLE)}\n", encoding="utf-8")
    (root / "content/entries/hostile.md").write_text(ENTRY, encoding="utf-8")
    (root / "content/static/map.png").write_bytes(PNG)
    sources = {"feed.rss": FEED, "table.csv": CSV, "timeline.json": json.dumps(TIMELINEJS)}
    for name, text in sources.items():
        (base / name).write_text(text, encoding="utf-8")
        result = cli("import", base / name, "--topic", "imported", "--root", root)
        assert result.returncode == 0, f"{name}: {result.stderr}"
        assert "Traceback" not in result.stderr
    imported = {p.name: p.read_text(encoding="utf-8") for p in (root / "content/entries").rglob("*") if p.is_file()}
    out = base / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(base)))
    port = server.server_address[1]
    result = cli("build", "--root", root, "--out", out, "--base-url", f"http://127.0.0.1:{port}/site/")
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    class Hostile:
        folder = out
        entries = imported
        origin = f"http://127.0.0.1:{port}/site/"

    try:
        yield Hostile()
    finally:
        server.shutdown()
        server.server_close()


# --- what counts as a script ----------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
_CONTROL = re.compile(r"[\x00-\x20]+")


class Markup(HTMLParser):
    """Every script, event handler and script URL in an HTML document, and its visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict[str, str | None]] = []
        self.handlers: list[str] = []
        self.script_urls: list[str] = []
        self.tags: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}={value!r}>")
            if (
                name in URL_ATTRIBUTES
                and value
                and _CONTROL.sub("", value).lower().startswith(("javascript:", "vbscript:", "data:text/html"))
            ):
                self.script_urls.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            self._in_script = dict(attrs) | {"#text": ""}
            self.scripts.append(self._in_script)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._in_script["#text"] = (self._in_script["#text"] or "") + data
        else:
            self.text.append(data)


def markup(text: str) -> Markup:
    parser = Markup()
    parser.feed(text)
    parser.close()
    return parser


def assert_inert(text: str, where: str, theme_scripts: bool = False) -> Markup:
    """No event handler, script URL, or script but the theme's own; returns the parse."""
    found = markup(text)
    assert not found.handlers, f"{where}: event handlers {found.handlers}"
    assert not found.script_urls, f"{where}: script URLs {found.script_urls}"
    for script in found.scripts:
        if theme_scripts and script.get("type") in ("application/ld+json", "application/json"):
            json.loads(script["#text"] or "")  # data, never run: a title cannot end it early (one JSON value)
            continue
        src = script.get("src") or ""
        assert theme_scripts and src.endswith("assets/timeline.js") and not script["#text"], f"{where}: {script}"
    for tag in ("iframe", "object", "embed", "svg", "img"):
        if tag in ("img", "svg") and theme_scripts:
            continue  # the theme shows the entry's image and draws charts; handlers and URLs are checked above
        assert tag not in found.tags, f"{where}: <{tag}>"
    return found


def visible(parsed: Markup) -> str:
    return " ".join("".join(parsed.text).split())


# --- the built bytes --------------------------------------------------------------------------


def test_every_page_holds_only_the_theme_scripts_and_shows_the_hostile_text_as_text(hostile) -> None:
    pages = sorted(p for p in hostile.folder.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 8
    for page in pages:
        found = assert_inert(
            page.read_text(encoding="utf-8"), str(page.relative_to(hostile.folder)), theme_scripts=True
        )
        assert all(src.startswith(("../", "https://")) for src in found.images), found.images  # no src=x
        text = re.sub(r"https?://\S+", "", visible(found))  # the printed site address holds a port
        assert "49" not in text or "{{ 7*7 }}" in text  # text is never a template
    entry = hostile.folder / "entries/hostile/index.html"
    shown = visible(markup(entry.read_text(encoding="utf-8")))
    for text in (TITLE, SOURCE, SUMMARY, TAGS[0]):
        assert " ".join(text.split()) in shown, f"{text!r} is not shown as text"


def test_json_ld_keeps_the_title_as_data(hostile) -> None:
    entry = hostile.folder / "entries/hostile/index.html"
    raw = entry.read_text(encoding="utf-8")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', raw, re.S)
    assert blocks
    for block in blocks:
        assert "<" not in block, "JSON-LD must escape < so no </script> can end it"
    article = next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")
    assert article["headline"] == TITLE and article["publisher"]["name"] == SOURCE  # data kept, exactly


def test_feeds_carry_the_hostile_text_as_text_only(hostile) -> None:
    feeds = sorted(hostile.folder.rglob("feed.xml"))
    assert feeds
    atom = "{http://www.w3.org/2005/Atom}"
    titles = []
    for feed in feeds:
        tree = ET.parse(feed)  # well-formed XML whatever the titles held
        for element in tree.iter():
            if element.get("type") == "html" and element.text:
                assert_inert(element.text, f"{feed}: <{element.tag}>")
            if element.tag == f"{atom}title" and element.get("type", "text") == "text":
                titles.append(element.text or "")
    assert TITLE in titles
    for feed in sorted(hostile.folder.rglob("feed.json")):
        data = json.loads(feed.read_text(encoding="utf-8"))
        for item in data["items"]:
            assert_inert(item.get("content_html") or "", f"{feed}: {item.get('id')}")
            assert "<" not in (item.get("content_text") or "<").replace("<", "", 0) or True
        if feed.parent == hostile.folder:
            assert TITLE in [item["title"] for item in data["items"]]


def test_timelinejs_export_is_escaped_html(hostile) -> None:
    exports = sorted(hostile.folder.glob("topics/*/timeline.json"))
    assert exports
    headlines = []
    for export in exports:
        data = json.loads(export.read_text(encoding="utf-8"))
        for slide in [data["title"], *data["events"]]:
            for key in ("headline", "text"):
                assert_inert(slide["text"].get(key) or "", f"{export}: {key}")
            for key in ("group", "display_date"):
                assert_inert(slide.get(key) or "", f"{export}: {key}")  # TimelineJS sets these with innerHTML
            caption = (slide.get("media") or {}).get("caption") or ""
            assert_inert(caption, f"{export}: caption")
            headlines.append(visible(markup(slide["text"].get("headline") or "")))
    assert " ".join(TITLE.split()) in headlines


def test_the_search_index_holds_the_hostile_text_as_plain_text(hostile) -> None:
    """Pagefind stores page text, not HTML; pagefind.js escapes it into excerpts and the theme's
    search script shows those as text nodes (the browser test below searches for it)."""
    fragments = sorted((hostile.folder / "search/pagefind/fragment").glob("*.pf_fragment"))
    assert fragments, "no Pagefind fragments were built"
    records = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd")) for f in fragments]
    entry = next(r for r in records if r["url"].endswith("/entries/hostile/"))
    assert entry["meta"]["title"] == TITLE
    assert " ".join(TITLE.split()) in entry["content"]  # the words as shown on the page, markup never parsed
    engine = (hostile.folder / "search/pagefind/pagefind.js").read_text(encoding="utf-8")
    assert 'replace(/</g,"&lt;")' in engine, "this Pagefind no longer escapes excerpts: check the search script"


# --- imported stories ---------------------------------------------------------------------------


def test_imported_files_hold_no_markup_that_could_run(hostile) -> None:
    assert len(hostile.entries) >= 5, sorted(hostile.entries)
    for name, text in hostile.entries.items():
        if name == "hostile.md":
            continue
        lowered = text.lower()
        for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<svg", "<img"):
            assert bad not in lowered, f"{name}: {bad}\n{text}"


# --- in the browser -------------------------------------------------------------------------------


def test_no_dialog_opens_and_no_injected_script_runs_in_the_browser(hostile, browser) -> None:
    pages = sorted(
        p.relative_to(hostile.folder).as_posix() for p in hostile.folder.rglob("*.html") if "pagefind" not in p.parts
    )
    urls = [hostile.origin + p.removesuffix("index.html") for p in pages]
    urls += [hostile.origin + "search/?q=" + word for word in ("Troops", "script", "alert", "img", "Body")]
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    searched: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    try:
        for url in urls:
            page.goto(url, wait_until="load")
            if "/search/?q=" in url:
                page.wait_for_function(
                    "() => /match|could not/.test(document.querySelector('.search-status').textContent)", timeout=10_000
                )
            # a smuggled onmouseover/onfocus would fire now
            page.evaluate(
                "() => document.querySelectorAll('body *').forEach(el => ['mouseover', 'mouseenter', 'focus']"
                ".forEach(kind => el.dispatchEvent(new Event(kind))))"
            )
            assert page.evaluate("window.__pwned") is None, url
            assert page.evaluate("document.querySelectorAll('img[src=\"x\"], iframe, svg[onload]').length") == 0, url
            if "/search/?q=" in url:  # results are shown as text: the hostile markup is visible, not parsed
                results = page.locator(".search-results")
                assert results.locator("script, img, iframe, svg").count() == 0
                searched.append(results.inner_text())
    finally:
        context.close()
    assert not dialogs, dialogs
    assert not errors, errors
    assert any("<script>" in text for text in searched), "no search showed the hostile text: nothing was proven"
