"""The TimelineJS3 export written by every build: topics/<topic>/timeline.json."""

from __future__ import annotations

import json
from pathlib import Path

from generator.site.timelinejs import date_parts
from generator.source.dates import parse_date


def test_date_parts_follow_the_precision_and_timelinejs_years():
    assert date_parts(parse_date("2024")) == {"year": "2024"}
    assert date_parts(parse_date("2024-10")) == {"year": "2024", "month": "10"}
    assert date_parts(parse_date("44 BC")) == {"year": "-44"}  # TimelineJS shows -44 as "44 BCE"
    assert date_parts(parse_date("1 BC")) == {"year": "-1"}
    # SPEC 5: times in the site zone, so TimelineJS (which has no zones) orders them as the site does
    assert date_parts(parse_date("2024-10-23T14:05:30+09:00"), "Asia/Seoul") == {
        "year": "2024", "month": "10", "day": "23", "hour": "14", "minute": "5", "second": "30"}  # fmt: skip
    assert date_parts(parse_date("2024-10-23T14:05+09:00"), "UTC") == {
        "year": "2024", "month": "10", "day": "23", "hour": "5", "minute": "5"}  # fmt: skip


def test_every_build_writes_an_escaped_timeline_per_topic(cli, tmp_path):
    root = tmp_path / "site-folder"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "entries").mkdir()
    (root / "content" / "static").mkdir()
    (root / "content" / "static" / "pic.png").write_bytes(b"\x89PNG")
    (root / "content" / "topics" / "war.yaml").write_text('title: "War & <peace>"\ndescription: Long *story*.\n')
    (root / "content" / "topics" / "empty.yaml").write_text("title: Empty\n")
    (root / "content" / "entries" / "a.md").write_text(
        "---\ntitle: Troops <cross> & stay\ndate: c. October 2024\nend: 2024-11\ntopics: [war]\n"
        'url: https://example.com/a?x=1&y=2\nsource: Example\nsummary: Said "<b>no</b>".\ntags: [army]\n'
        "image: pic.png\nimage_alt: A picture\n---\nBody.\n"
    )
    (root / "content" / "entries" / "b.md").write_text("---\ntitle: Old\ndate: 44 BC\ntopics: [war]\n---\nText.\n")
    result = cli("build", "--root", root, "--quiet")
    assert result.returncode == 0, result.stderr
    data = json.loads((root / "site" / "topics" / "war" / "timeline.json").read_text(encoding="utf-8"))
    assert data["title"]["text"]["headline"] == "War &amp; &lt;peace&gt;"
    assert "<em>story</em>" in data["title"]["text"]["text"]
    old, troops = data["events"]  # oldest first
    assert old["start_date"] == {"year": "-44"} and old["unique_id"] == "b"
    assert "group" not in old  # no group the author did not give: TimelineJS would add a row
    assert troops["text"]["headline"] == "Troops &lt;cross&gt; &amp; stay"
    assert troops["start_date"] == {"year": "2024", "month": "10"} and troops["end_date"] == {
        "year": "2024",
        "month": "11",
    }
    assert troops["display_date"].startswith("c. October 2024")
    assert troops["text"]["text"].startswith("<p>Body.</p>")  # the whole body, not the summary
    assert '<a href="https://example.com/a?x=1&amp;y=2">Example</a>' in troops["text"]["text"]
    assert '<a href="../../entries/a/">Read the entry</a>' in troops["text"]["text"]
    assert troops["media"] == {"url": "../../pic.png", "alt": "A picture", "caption": "A picture"}
    assert troops["group"] == "army" and troops["unique_id"] == "a"
    # SPEC 7: TimelineJS shows an error for a timeline without events, so there is none to link
    assert not (root / "site" / "topics" / "empty" / "timeline.json").exists()
    assert "timeline.json" not in (root / "site" / "topics" / "empty" / "index.html").read_text(encoding="utf-8")
    page = (root / "site" / "topics" / "war" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../topics/war/timeline.json" type="application/json"' in page
    again = cli("build", "--root", root, "--quiet", "--out", tmp_path / "again")
    assert again.returncode == 0
    assert (tmp_path / "again" / "topics" / "war" / "timeline.json").read_bytes() == (
        root / "site" / "topics" / "war" / "timeline.json").read_bytes()  # fmt: skip


def test_text_timelinejs_reads_as_html_twice_is_escaped_twice(cli, tmp_path):
    root = tmp_path / "site-folder"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "entries").mkdir()
    (root / "content" / "topics" / "t.yaml").write_text("title: T\n")
    (root / "content" / "entries" / "x.md").write_text(
        "---\ntitle: X\ndate: c. 2024\ntopics: [t]\ntags: ['&lt;img src=x onerror=alert(1)&gt;']\n"
        "image: \"https://e.example/a'onload='alert(1).pdf\"\nimage_alt: pic\n---\nOne.\n\nTwo.\n"
    )
    assert cli("build", "--root", root, "--quiet").returncode == 0
    (event,) = json.loads((root / "site" / "topics" / "t" / "timeline.json").read_text())["events"]
    # TimelineJS strips markup from the group with a parser (one decoding), then sets innerHTML
    assert event["group"] == "&amp;amp;lt;img src=x onerror=alert(1)&amp;amp;gt;"
    assert event["display_date"] == "c. 2024"
    # its PDF media type pastes the URL into an iframe between quotes
    assert event["media"]["url"] == "https://e.example/a%27onload=%27alert(1).pdf"
    assert event["text"]["text"].startswith("<p>One.</p>\n<p>Two.</p>")


def test_base_url_makes_links_absolute(cli, tmp_path):
    root = tmp_path / "site-folder"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "topics" / "t.yaml").write_text("title: T\n")
    (root / "content" / "entries").mkdir()
    (root / "content" / "entries" / "x.md").write_text("---\ntitle: X\ndate: 2024-01-01\ntopics: [t]\n---\n")
    result = cli("build", "--root", root, "--quiet", "--base-url", "https://user.github.io/repo/")
    assert result.returncode == 0, result.stderr
    data = json.loads((root / "site" / "topics" / "t" / "timeline.json").read_text())
    assert 'href="https://user.github.io/repo/entries/x/"' in data["events"][0]["text"]["text"]
    assert Path(root / "site" / "topics" / "t" / "timeline.json").read_bytes().endswith(b"\n")
