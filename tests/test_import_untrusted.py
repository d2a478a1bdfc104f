"""Imported text never becomes markup it was not (SPEC 4, issue S1): Markdown syntax in a feed's,
a JSON Feed's or a spreadsheet's text is escaped, and outside images stay links, never loaded."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from generator.importers.sanitize import escape_markdown, html_to_markdown, markdown_to_safe_markdown
from generator.source.markup import Markup

HOSTILE_TEXT = [
    "[click me](javascript:alert(9))",
    "![p](https://evil.example/track.png)",
    "&#91;z&#93;(javascript:alert(8))",
    "[x]: javascript:alert(7)\n\n[y][x]",
    'text {onclick="alert(6)"}',
    "<script>alert(5)</script>",
    "<img src=x onerror=alert(4)>",
    "`code` *em* _u_ | a | b |\n| --- | --- |",
    "Title\n===",
    "~~~\nfenced\n~~~",
    "1. a list\n- another\n> a quote\n# a heading",
    "a footnote[^1]\n\n[^1]: javascript:alert(3)",
    "<https://autolink.example/>",
]


def rendered(markdown_text: str) -> str:
    return Markup().render(markdown_text).html


def live_markup(html: str) -> list[str]:
    """What would act in a browser: links, images, scripts, event attributes."""
    return re.findall(r"<(?:a|img|script|iframe)\b[^>]*>|<[^>]*\son\w+\s*=[^>]*>|href=\"javascript", html, re.I)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    html = rendered(escape_markdown(text))
    assert live_markup(html) == [], (text, html)
    for markup in ("<em>", "<code>", "<table", "<h1", "<ol", "<ul", "<blockquote", "<pre", "<sup"):
        assert markup not in html, (text, html)
    import html as html_module

    shown = " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())
    assert shown == " ".join(text.split()), (text, shown)  # the very text, nothing lost


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_feed_html_whose_text_is_markdown_stays_text(text: str) -> None:
    from html import escape

    html = rendered(html_to_markdown(f"<p>{escape(text)}</p>"))
    assert live_markup(html) == [], (text, html)


def test_an_outside_image_becomes_a_link_and_a_kept_link_stays_one() -> None:
    markdown_text = html_to_markdown(
        '<p>See <a href="https://ok.example/a_(b)">the (source)</a>.</p>'
        '<p><img src="https://evil.example/t.png" alt="a [tracker]"><img src="javascript:x()" alt="no"></p>'
    )
    html = rendered(markdown_text)
    assert '<a href="https://ok.example/a_(b)">the (source)</a>' in html
    assert '<a href="https://evil.example/t.png">a [tracker]</a>' in html
    assert "<img" not in html and "javascript" not in html


def test_untrusted_markdown_keeps_its_links_not_its_images_or_scripts() -> None:
    html = rendered(
        markdown_to_safe_markdown("![p](https://evil.example/t.png) [a](javascript:x) [b](https://ok.example/)")
    )
    assert '<a href="https://evil.example/t.png">p</a>' in html and '<a href="https://ok.example/">b</a>' in html
    assert "<img" not in html and "javascript" not in html


def test_json_feed_and_csv_bodies_are_escaped_too(cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "topics" / "world.yaml").write_text("title: World\n", encoding="utf-8")
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Feed",
        "items": [
            {"id": "1", "title": "One", "date_published": "2024-10-23T09:00:00Z",
             "content_text": "[click me](javascript:alert(9)) and ![p](https://evil.example/t.png)"},
            {"id": "2", "title": "Two", "date_published": "2024-10-24T09:00:00Z",
             "content_html": "<p>&#91;z&#93;(javascript:alert(8)) {onclick=alert(7)}</p>"},
        ],
    }  # fmt: skip
    (tmp_path / "feed.json").write_text(json.dumps(feed), encoding="utf-8")
    body = "[x](javascript:alert(6)) ![i](https://evil.example/i.png) <script>a</script>"
    (tmp_path / "rows.csv").write_text(f'title,date,body\nThree,2024-10-25,"{body}"\n', encoding="utf-8")
    for source in ("feed.json", "rows.csv"):
        result = cli("import", tmp_path / source, "--topic", "world", "--root", root)
        assert result.returncode == 0, result.stderr
    built = cli("build", "--root", root, "--quiet")
    assert built.returncode == 0, built.stderr
    for page in (root / "site" / "entries").rglob("index.html"):
        body = page.read_text(encoding="utf-8").split('<div class="prose">', 1)[-1].split("</div>", 1)[0]
        assert all(tag.startswith('<a href="https://evil.example/') for tag in live_markup(body)), (page, body)
    pages = "".join(p.read_text(encoding="utf-8") for p in (root / "site" / "entries").rglob("index.html"))
    assert "[click me](javascript:alert(9))" in pages  # shown as the text it was


DEEP_CASES = {
    # name: (file name, text, what the import says)
    "TimelineJS JSON nested 100,000 deep": (
        "deep.json", '{"events": [' + "[" * 100_000 + "]" * 100_000 + "]}", ":1: the JSON is nested too deeply"),
    "a year of 5,000 digits as a JSON number": (
        "year.json", '{"events": [{"start_date": {"year": ' + "1" * 5000 + '}, "text": {"headline": "x"}}]}',
        ":1: event 1: start_date.year has 5000 digits: no calendar reaches that far"),
    "a year of 5,000 digits as text": (
        "text.json", '{"events": [{"start_date": {"year": "' + "1" * 5000 + '"}, "text": {"headline": "x"}}]}',
        "start_date.year has 5000 digits"),
    "feed HTML nested 20,000 deep": (
        "deep.rss", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title>'
        "<pubDate>Wed, 23 Oct 2024 14:05:00 GMT</pubDate><description>" + "&lt;div&gt;" * 20_000 + "x"
        "</description></item></channel></rss>", "would write content/entries/2024/2024-10-23-a.md"),
    "JSON Feed HTML nested 20,000 deep": (
        "deep.json", '{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [{"id": "1", "title": '
        '"A", "date_published": "2024-10-23T10:00:00Z", "content_html": "' + "<b>" * 20_000 + 'x"}]}',
        "would write content/entries/2024/2024-10-23-a.md"),
    "a CSV date of 5,000 digits": ("big.csv", "title,date\nA," + "1" * 5000 + "\n", ":2: \"A\": cannot read"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(DEEP_CASES))
def test_deep_or_huge_input_is_a_clear_answer_in_bounded_time(cli, tmp_path: Path, case: str) -> None:
    """Issue 12 C1, C2: numbers past Python's 4,300 digits and nesting past its recursion limit."""
    name, text, said = DEEP_CASES[case]
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    started = time.monotonic()
    result = cli("import", tmp_path / name, "--topic", "t", "--root", root, "--dry-run")
    assert time.monotonic() - started < 10
    assert "Traceback" not in result.stderr and said in result.stdout + result.stderr, result.stderr[-500:]
    assert result.returncode == (0 if said.startswith("would") else 1)
