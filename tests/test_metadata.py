"""Page metadata (SPEC 7): canonical link, Open Graph, feed links and JSON-LD in every page's head."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from publish_kit import BASE, HOSTILE, Head, alias_pages, built, entry, example_site, html_pages, write_site

from generator.site.metadata import json_ld_text


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return built(example_site(tmp_path_factory.mktemp("example")), BASE).pages


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path, {
        "content/site.yaml": "title: Bridge Watch\ndescription: Everything about the bridge.\n",
        "content/topics/bridge.yaml": "title: The Bridge\ndescription: The *old* bridge.\n",
        "content/topics/river.yaml": "title: The River\n",
        "content/pages/about.md": "---\ntitle: About\n---\nHello.\n",
        "content/static/img/bolt.jpg": "not really a picture",
        "content/entries/a.md": entry("Plans", "2023-10", source="Harbour Gazette", url="https://example.org/p",
                                      image="img/bolt.jpg", image_alt="A bolt", tags="[plans]"),
        "content/entries/b.md": entry("Reopened", "2024-11-02", topics="[bridge, river]",
                                      image="https://images.example.org/open.jpg", image_alt="Cars"),
        "content/entries/c.md": entry(json.dumps(HOSTILE), "2024-12-01", summary=json.dumps(HOSTILE)),
    })  # fmt: skip


def head(pages: dict[str, bytes], path: str) -> Head:
    return Head(pages[path].decode("utf-8"))


def ld(pages: dict[str, bytes], path: str) -> dict:
    scripts = head(pages, path).json_ld()
    assert len(scripts) == 1, path
    return json.loads(scripts[0])


def test_every_page_has_json_ld_that_parses_with_the_required_keys(example: dict[str, bytes]) -> None:
    pages = [p for p in sorted(example) if p.endswith(".html")]
    assert len(pages) > 10
    for path in pages:
        data = ld(example, path)
        assert data["@context"] == "https://schema.org" and data["@type"], path
        if path.startswith("entries/"):
            assert data["@type"] == "NewsArticle"
            assert {"headline", "datePublished", "author", "publisher", "about", "url"} <= set(data), path
        elif path.startswith("topics/"):
            assert data["@type"] == "CollectionPage" and data["mainEntity"]["@type"] == "ItemList", path


def test_news_article_keeps_the_written_precision_publisher_original_and_topics(site: Path) -> None:
    pages = built(site, BASE).pages
    data = ld(pages, "entries/a/index.html")
    assert data["headline"] == "Plans"
    assert data["datePublished"] == "2023-10"  # a month, never a made-up day
    gazette = {"@type": "Organization", "name": "Harbour Gazette", "url": "https://example.org/"}
    assert data["publisher"] == data["author"] == gazette  # the story's own source wrote it
    assert data["isBasedOn"] == "https://example.org/p"
    assert data["about"] == [{"@type": "Thing", "name": "The Bridge", "url": BASE + "topics/bridge/"}]
    assert data["url"] == BASE + "entries/a/"
    two = ld(pages, "entries/b/index.html")
    assert [t["name"] for t in two["about"]] == ["The Bridge", "The River"]
    assert "isBasedOn" not in two  # no url: nothing made up
    site_itself = {"@type": "Organization", "name": "Bridge Watch", "url": BASE}
    assert two["publisher"] == two["author"] == site_itself  # written here: this site published it


def test_topic_pages_are_collection_pages_with_an_item_list_in_page_order(site: Path) -> None:
    pages = built(site, BASE).pages
    data = ld(pages, "topics/bridge/index.html")
    assert data["name"] == "The Bridge" and data["description"] == "The old bridge."
    items = data["mainEntity"]["itemListElement"]
    assert data["mainEntity"]["numberOfItems"] == len(items) == 3
    assert [i["position"] for i in items] == [1, 2, 3]
    assert [i["item"]["url"] for i in items] == [BASE + f"entries/{s}/" for s in ("a", "b", "c")]
    assert ld(pages, "tags/plans/index.html")["@type"] == "CollectionPage"
    assert ld(pages, "index.html")["@type"] == "WebSite"


def test_a_hostile_title_cannot_break_out_of_the_json_ld_script(site: Path) -> None:
    pages = built(site, BASE).pages
    for path in ("entries/c/index.html", "topics/bridge/index.html"):
        assert "<script>alert" not in pages[path].decode(), path
        holding = [attrs.get("type") for attrs, text in head(pages, path).scripts if "alert" in text]
        assert holding == ["application/ld+json"], path  # one script, which still holds the whole title
    assert ld(pages, "entries/c/index.html")["headline"] == HOSTILE
    assert ld(pages, "entries/c/index.html")["description"] == HOSTILE


def test_json_ld_text_escapes_what_html_would_read() -> None:
    text = json_ld_text({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_canonical_and_open_graph_with_a_base_url(site: Path) -> None:
    result = built(site, BASE)
    pages = result.pages
    page = head(pages, "entries/a/index.html")
    assert [link["href"] for link in page.rel("canonical")] == [BASE + "entries/a/"]
    assert page.meta("og:url") == [BASE + "entries/a/"]
    assert page.meta("og:type") == ["article"]
    assert page.meta("og:title") == ["Plans"]
    assert page.meta("og:image") == [BASE + "img/bolt.jpg"] and page.meta("og:image:alt") == ["A bolt"]
    assert head(pages, "entries/b/index.html").meta("og:image") == ["https://images.example.org/open.jpg"]
    topic = head(pages, "topics/bridge/index.html")
    assert topic.meta("og:type") == ["website"] and topic.meta("og:title") == ["The Bridge"]
    assert topic.meta("og:description") == topic.meta("description") == ["The old bridge."]
    assert head(pages, "index.html").meta("og:url") == [BASE]
    assert head(pages, "404.html").rel("canonical") == []  # a 404 has no address of its own
    for path in html_pages(result):
        if path not in alias_pages(result) and path != "404.html":
            assert len(head(pages, path).rel("canonical")) == 1, path


def test_without_a_base_url_no_canonical_or_absolute_open_graph_urls(site: Path) -> None:
    pages = built(site).pages
    for path in ("index.html", "entries/a/index.html", "topics/bridge/index.html"):
        page = head(pages, path)
        assert page.rel("canonical") == [] and page.meta("og:url") == [], path
        assert page.meta("og:title"), path
        assert "url" not in ld(pages, path), path
    assert head(pages, "entries/a/index.html").meta("og:image") == []  # a local picture needs a base_url
    assert head(pages, "entries/b/index.html").meta("og:image") == ["https://images.example.org/open.jpg"]


def test_feed_links_in_every_head_lead_to_the_right_feeds(site: Path) -> None:
    pages = built(site, BASE).pages

    def feeds(path: str) -> list[str]:
        found = []
        for link in head(pages, path).rel("alternate"):
            assert link["type"] in ("application/atom+xml", "application/feed+json")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link["href"]))
            assert target in pages, (path, link["href"])
            found.append(target)
        return found

    assert feeds("about/index.html") == ["feed.xml", "feed.json"]
    assert feeds("topics/river/index.html") == [
        "feed.xml",
        "feed.json",
        "topics/river/feed.xml",
        "topics/river/feed.json",
    ]
    assert feeds("entries/b/index.html") == [
        "feed.xml", "feed.json", "topics/bridge/feed.xml", "topics/bridge/feed.json",
        "topics/river/feed.xml", "topics/river/feed.json",
    ]  # fmt: skip
    assert [link["href"] for link in head(pages, "404.html").rel("alternate")] == ["/repo/feed.xml", "/repo/feed.json"]


def test_topic_pages_show_a_follow_link_to_their_feeds(site: Path) -> None:
    pages = built(site).pages
    anchors = head(pages, "topics/bridge/index.html").anchors
    follow = [a["href"] for a in anchors if a.get("type") in ("application/atom+xml", "application/feed+json")]
    assert follow == ["../../topics/bridge/feed.xml", "../../topics/bridge/feed.json"]
    assert '<p class="follow">Follow:' in pages["topics/bridge/index.html"].decode()


def test_pages_without_a_picture_of_their_own_show_the_site_image(site: Path) -> None:
    """SPEC 2 `image` and `image_alt`: the default og:image; an entry's own picture comes first."""
    (site / "content/static/cover.png").write_bytes(b"\x89PNG")
    (site / "content/site.yaml").write_text("title: Bridge Watch\nimage: cover.png\nimage_alt: The bridge at dusk\n")
    pages = built(site, BASE).pages
    for path in ("index.html", "topics/bridge/index.html", "tags/plans/index.html", "about/index.html",
                 "entries/c/index.html"):  # fmt: skip
        page = head(pages, path)
        assert page.meta("og:image") == [BASE + "cover.png"], path
        assert page.meta("og:image:alt") == ["The bridge at dusk"], path
    own = head(pages, "entries/a/index.html")
    assert own.meta("og:image") == [BASE + "img/bolt.jpg"] and own.meta("og:image:alt") == ["A bolt"]


@pytest.mark.parametrize("value", ["missing.png", "../secret.png", "_hidden/x.png"])
def test_a_site_image_that_is_not_a_static_file_is_an_error(site: Path, cli, value: str) -> None:
    (site / "content/site.yaml").write_text(f"title: Bridge Watch\nimage: {value}\nimage_alt: A picture\n")
    result = cli("build", "--root", site, "--quiet")
    assert result.returncode == 1
    assert f"content/site.yaml:2: the image '{value}' is not in content/static/" in result.stderr
