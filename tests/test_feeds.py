"""Atom and JSON feeds (SPEC 7): valid, newest first, capped, absolute, with stable ids.

feedparser reads the feeds as a reader would (it tolerates much, so `bozo` only catches broken
XML); the required elements of RFC 4287 and JSON Feed 1.1 are checked here one by one.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from publish_kit import BASE, HOSTILE, built, entry, example_site, write_site

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def feeds_of(pages: dict[str, bytes]) -> list[str]:
    return sorted(p for p in pages if p.endswith("feed.xml"))


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return built(example_site(tmp_path_factory.mktemp("example")), BASE).pages


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Four stories of one topic, one of them updated, one with a link to another entry."""
    return write_site(tmp_path, {
        "content/site.yaml": "title: Bridge Watch\ntimezone: Asia/Seoul\nfeed_limit: 3\n",
        "content/topics/bridge.yaml": "title: The Bridge\ndescription: All about *the* bridge.\n",
        "content/topics/river.yaml": "title: The River\n",
        "content/entries/a.md": entry("First plans", "2023", url="https://news.example.com/plans?a=1&b=2"),
        "content/entries/b.md": entry("Works begin", "2024-10", tags="[works, Brücke]", updated="2025-02-01"),
        "content/entries/c.md": entry("Bolt found", "2024-10-23 14:05", source="Harbour Gazette",
                                      body="See [the works](entry:b) and ![map](static:map.png)."),
        "content/entries/d.md": entry("Reopened", "2024-11-02", topics="[bridge, river]", summary="Open again."),
        "content/static/map.png": "not really a picture",
    })  # fmt: skip


def atom(pages: dict[str, bytes], path: str) -> ET.Element:
    return ET.fromstring(pages[path])


def test_every_atom_feed_parses_without_bozo(example: dict[str, bytes]) -> None:
    assert feeds_of(example) == [
        "feed.xml",
        "topics/north-korea-russia/feed.xml",
        "topics/south-korea-defense/feed.xml",
    ]
    for path in feeds_of(example):
        parsed = feedparser.parse(example[path])
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.entries


def test_atom_feeds_have_the_required_elements(example: dict[str, bytes]) -> None:
    for path in feeds_of(example):
        feed = atom(example, path)
        assert feed.tag == f"{A}feed"
        assert feed.findtext(f"{A}id", "").startswith("urn:uuid:")
        assert feed.findtext(f"{A}title")
        assert RFC3339.match(feed.findtext(f"{A}updated", "")), path
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{A}link")}
        assert links["self"] == BASE + path
        assert links["alternate"] == BASE + path.removesuffix("feed.xml")
        ids = []
        for item in feed.findall(f"{A}entry"):
            ids.append(item.findtext(f"{A}id"))
            assert item.findtext(f"{A}title")
            for name in ("updated", "published"):
                assert RFC3339.match(item.findtext(f"{A}{name}", "")), (path, name)
            alternate = [x.get("href") for x in item.findall(f"{A}link") if x.get("rel") == "alternate"]
            assert len(alternate) == 1 and alternate[0].startswith(BASE + "entries/"), alternate
            assert item.findtext(f"{A}summary")
            content = item.find(f"{A}content")
            assert content is not None and content.get("type") == "html" and "<p>" in (content.text or "")
            assert item.findtext(f"{A}author/{A}name")
            assert item.findall(f"{A}category")
        assert len(ids) == len(set(ids)) and all(i and i.startswith("urn:uuid:") for i in ids)


def test_feeds_are_newest_first_and_capped_at_feed_limit(small: Path) -> None:
    pages = built(small, BASE).pages
    titles = [e.title for e in feedparser.parse(pages["feed.xml"]).entries]
    assert titles == ["Reopened", "Bolt found", "Works begin"]  # feed_limit: 3 leaves out the oldest
    topic = [e.title for e in feedparser.parse(pages["topics/river/feed.xml"]).entries]
    assert topic == ["Reopened"]
    items = json.loads(pages["feed.json"])["items"]
    assert [i["title"] for i in items] == titles


def test_feed_updated_is_the_newest_entrys_never_the_build_time(small: Path) -> None:
    pages = built(small, BASE).pages
    # "Works begin" (October 2024) was updated on 1 February 2025: the newest change in the feed.
    assert atom(pages, "feed.xml").findtext(f"{A}updated") == "2025-02-01T00:00:00+09:00"
    assert atom(pages, "topics/river/feed.xml").findtext(f"{A}updated") == "2024-11-02T00:00:00+09:00"


def test_partial_dates_become_their_first_instant_in_the_site_zone(small: Path) -> None:
    pages = built(small, BASE).pages
    items = {i.findtext(f"{A}title"): i for i in atom(pages, "feed.xml").findall(f"{A}entry")}
    assert items["Works begin"].findtext(f"{A}published") == "2024-10-01T00:00:00+09:00"
    assert items["Works begin"].findtext(f"{A}updated") == "2025-02-01T00:00:00+09:00"
    assert items["Bolt found"].findtext(f"{A}published") == "2024-10-23T14:05:00+09:00"
    assert items["Reopened"].findtext(f"{A}updated") == "2024-11-02T00:00:00+09:00"


def test_a_date_coarser_than_a_day_is_said_as_written_in_the_content(small: Path) -> None:
    """SPEC 5: a period or a partial date is carried honestly: feeds need an instant for
    `published`, so the item's content begins with the date as the site shows it."""
    pages = built(small, BASE).pages
    items = {i.findtext(f"{A}title"): i for i in atom(pages, "feed.xml").findall(f"{A}entry")}
    assert items["Works begin"].findtext(f"{A}content").startswith("<p><strong>October 2024</strong></p>")
    assert items["Bolt found"].findtext(f"{A}content").startswith("<p>See ")  # a minute: nothing to add
    data = json.loads(pages["feed.json"])
    by_title = {i["title"]: i for i in data["items"]}
    assert by_title["Works begin"]["content_html"].startswith("<p><strong>October 2024</strong></p>")
    assert by_title["Reopened"]["content_html"] == "<p>Text.</p>"  # a day: nothing to add


def test_entry_elements_link_the_page_the_original_and_name_topics_tags_and_source(small: Path) -> None:
    pages = built(small, BASE).pages
    items = {i.findtext(f"{A}title"): i for i in atom(pages, "topics/bridge/feed.xml").findall(f"{A}entry")}
    bolt = items["Bolt found"]
    assert bolt.findtext(f"{A}author/{A}name") == "Harbour Gazette"
    content = bolt.findtext(f"{A}content", "")
    assert f'href="{BASE}entries/b/"' in content and f'src="{BASE}map.png"' in content
    assert "@@site-root@@" not in pages["topics/bridge/feed.xml"].decode()
    works = items["Works begin"]
    assert {(c.get("term"), c.get("label")) for c in works.findall(f"{A}category")} == {
        ("bridge", "The Bridge"),
        ("works", "works"),
        ("brücke", "Brücke"),
    }
    assert len(items) == 3  # the topic has four stories: feed_limit: 3 caps topic feeds too


def test_the_original_story_is_a_related_link_and_external_url(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "content/topics/bridge.yaml": "title: The Bridge\n",
        "content/entries/a.md": entry("First plans", "2023", url="https://news.example.com/plans?a=1&b=2"),
    })  # fmt: skip
    pages = built(root, BASE).pages
    item = atom(pages, "feed.xml").find(f"{A}entry")
    related = [x.get("href") for x in item.findall(f"{A}link") if x.get("rel") == "related"]
    assert related == ["https://news.example.com/plans?a=1&b=2"]
    assert b"plans?a=1&amp;b=2" in pages["feed.xml"]
    assert item.findtext(f"{A}author/{A}name") == "news.example.com"
    assert json.loads(pages["feed.json"])["items"][0]["external_url"] == "https://news.example.com/plans?a=1&b=2"


def test_ids_are_stable_across_builds_and_across_a_change_of_base_url(small: Path) -> None:
    def ids(pages: dict[str, bytes]) -> list[str]:
        return [i.findtext(f"{A}id") for i in atom(pages, "feed.xml").findall(f"{A}entry")] + [
            atom(pages, "feed.xml").findtext(f"{A}id")
        ]

    first, second = built(small, BASE).pages, built(small, BASE).pages
    moved = built(small, "https://timelines.example.org/").pages
    assert first["feed.xml"] == second["feed.xml"] and first["feed.json"] == second["feed.json"]
    assert ids(first) == ids(moved)
    assert first["feed.xml"] != moved["feed.xml"]  # the links did move
    json_ids = [i["id"] for i in json.loads(first["feed.json"])["items"]]
    assert json_ids == ids(first)[:-1]


def test_json_feeds_have_the_required_fields(example: dict[str, bytes]) -> None:
    for path in feeds_of(example):
        data = json.loads(example[path.replace("feed.xml", "feed.json")])
        assert data["version"] == "https://jsonfeed.org/version/1.1"
        assert data["title"]
        assert data["home_page_url"] == BASE + path.removesuffix("feed.xml")
        assert data["feed_url"] == BASE + path.replace("feed.xml", "feed.json")
        assert data["items"]
        for item in data["items"]:
            assert isinstance(item["id"], str) and item["id"]
            assert item.get("content_html") or item.get("content_text")
            assert item["url"].startswith(BASE + "entries/")
            assert RFC3339.match(item["date_published"])
            assert item["authors"][0]["name"]
        atom_ids = [i.findtext(f"{A}id") for i in atom(example, path).findall(f"{A}entry")]
        assert [i["id"] for i in data["items"]] == atom_ids


def test_without_base_url_feeds_link_from_the_domain_root(small: Path) -> None:
    pages = built(small).pages
    feed = atom(pages, "feed.xml")
    assert {x.get("rel"): x.get("href") for x in feed.findall(f"{A}link")} == {"self": "/feed.xml", "alternate": "/"}
    assert [x.get("href") for x in feed.find(f"{A}entry").findall(f"{A}link")] == ["/entries/d/"]
    assert 'href="/entries/b/"' in pages["feed.xml"].decode().replace("&quot;", '"')
    assert not feedparser.parse(pages["feed.xml"]).bozo
    assert json.loads(pages["topics/bridge/feed.json"])["feed_url"] == "/topics/bridge/feed.json"


def test_hostile_text_and_control_characters_stay_inside_the_xml(tmp_path: Path) -> None:
    title = f"Tom & Jerry {HOSTILE} ]]> \x0b done"
    root = write_site(tmp_path, {
        "content/topics/bridge.yaml": "title: 'A <b> & \"topic\"'\n",
        "content/entries/a.md": entry(json.dumps(title), "2024-10-23", body="<b>raw</b> & <i>html</i>"),
    })  # fmt: skip
    pages = built(root, BASE).pages
    item = atom(pages, "feed.xml").find(f"{A}entry")
    assert item.findtext(f"{A}title") == title.replace("\x0b", "")
    assert "<b>raw</b>" in item.findtext(f"{A}content", "")
    assert not feedparser.parse(pages["feed.xml"]).bozo
    assert json.loads(pages["feed.json"])["items"][0]["title"] == title


def test_a_story_before_the_common_era_keeps_the_feed_valid(tmp_path: Path) -> None:
    root = write_site(tmp_path, {
        "content/topics/rome.yaml": "title: Rome\n",
        "content/entries/caesar.md": entry("Caesar is killed", "44 BC", topics="[rome]"),
    })  # fmt: skip
    pages = built(root, BASE).pages
    item = atom(pages, "feed.xml").find(f"{A}entry")
    assert item.findtext(f"{A}updated") == "0001-01-01T00:00:00Z"  # the nearest instant RFC 3339 can write
    assert item.find(f"{A}published") is None
    assert not feedparser.parse(pages["feed.xml"]).bozo
    assert "date_published" not in json.loads(pages["feed.json"])["items"][0]


def test_a_topic_without_entries_still_gets_valid_feeds(small: Path) -> None:
    (small / "content/topics/empty.yaml").write_text("title: Nothing yet\n", encoding="utf-8")
    pages = built(small, BASE).pages
    feed = atom(pages, "topics/empty/feed.xml")
    assert feed.findall(f"{A}entry") == [] and RFC3339.match(feed.findtext(f"{A}updated", ""))
    assert json.loads(pages["topics/empty/feed.json"])["items"] == []
