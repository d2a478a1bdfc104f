"""The built site served under a sub-path, as GitHub Pages serves a project site (SPEC 7).

A local HTTP server maps /repo/ to the built folder and answers every missing path with 404.html
(status 404), as Pages does. A crawler starts at /repo/ and follows every link and asset of every
page, feed and sitemap: nothing may be missing and nothing may leave /repo/.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest
from publish_kit import example_site

PREFIX = "/repo/"


class PagesHandler(SimpleHTTPRequestHandler):
    """Serves the site folder at /repo/ only; a missing file gets 404.html with status 404."""

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if path == PREFIX.rstrip("/"):
            path = PREFIX
        if not path.startswith(PREFIX):
            return str(Path(self.directory) / "\0outside")  # never a file
        return super().translate_path("/" + path[len(PREFIX) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep the test output quiet
        pass


class _Refs(HTMLParser):
    """Every URL a page refers to: href, src, and the target of a meta refresh."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in ("href", "src"):
            if values.get(name):
                self.refs.append((tag, values[name]))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.refs.append(("meta", values.get("content", "").split("url=", 1)[-1]))


def refs_of(body: bytes, content_type: str) -> list[tuple[str, str]]:
    text = body.decode("utf-8", "replace")
    if "html" in content_type:
        parser = _Refs()
        parser.feed(text)
        return parser.refs
    if "css" in content_type:
        return [("css", u) for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", text) if not u.startswith("data:")]
    if content_type.endswith("xml"):
        return [("xml", u) for u in re.findall(r'href="([^"]+)"|<loc>([^<]+)</loc>', text) for u in u if u]
    if "json" in content_type:  # a JSON Feed's own URLs (a TimelineJS file names the stories' pages elsewhere)
        data = json.loads(text)
        if not str(data.get("version", "")).startswith("https://jsonfeed.org/"):
            return []
        found = [data.get("home_page_url"), data.get("feed_url"), *(item.get("url") for item in data["items"])]
        return [("json", u) for u in found if u]
    return []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, cli) -> Iterator[str]:
    """The example site built for http://127.0.0.1:<port>/repo/ and served there."""
    folder = tmp_path_factory.mktemp("crawl")
    out = folder / "site"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(out)))
    base = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    result = cli("build", "--root", example_site(folder / "root"), "--out", out, "--base-url", base)
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def check_refs(page: str, refs: list[tuple[str, str]], base: str, problems: list[str]) -> list[str]:
    """The same-site URLs `page` refers to; outside-site assets and escapes are recorded as problems."""
    host = urlsplit(base).netloc
    found = []
    for tag, ref in refs:
        url = urldefrag(urljoin(page, ref.strip()))[0]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            continue  # mailto: and the like
        if parts.netloc != host:
            if tag != "a":  # a link to the original story may leave the site; an asset may not
                problems.append(f"{page}: <{tag}> {ref} loads from outside the site")
            continue
        if not unquote(parts.path).startswith(PREFIX):
            problems.append(f"{page}: <{tag}> {ref} -> {parts.path} escapes {PREFIX}")
            continue
        found.append(url)
    return found


def test_every_link_and_asset_from_the_home_page_down_loads_under_the_sub_path(server: str) -> None:
    seen: set[str] = set()
    queue, problems, kinds = [server], [], set()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, content_type, body = fetch(url)
        if status != 200:
            problems.append(f"{url}: HTTP {status}")
            continue
        kinds.add(content_type)
        queue += [u for u in check_refs(url, refs_of(body, content_type), server, problems) if u not in seen]
    assert problems == []
    paths = {urlsplit(u).path.removeprefix(PREFIX) for u in seen}
    for expected in ("", "feed.xml", "feed.json", "topics/north-korea-russia/feed.xml", "assets/style.css"):
        assert expected in paths, expected
    assert len(seen) > 20 and {"text/html", "text/css"} <= kinds


def test_the_sitemap_and_robots_txt_lead_to_pages_that_load(server: str) -> None:
    status, _, robots = fetch(server + "robots.txt")
    assert status == 200 and f"Sitemap: {server}sitemap.xml" in robots.decode()
    status, _, sitemap = fetch(server + "sitemap.xml")
    assert status == 200
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap.decode())
    assert urls and all(u.startswith(server) for u in urls)
    assert [u for u in urls if fetch(u)[0] != 200] == []


def test_a_missing_deep_path_gets_the_404_page_whose_links_and_stylesheet_load(server: str) -> None:
    missing = server + "no/such/deep/page/"
    status, content_type, body = fetch(missing)
    assert status == 404 and content_type == "text/html" and b"Page not found" in body
    problems: list[str] = []
    refs = refs_of(body, content_type)
    urls = [u for u in check_refs(missing, refs, server, problems) if u != missing]  # "#main" stays on the page
    assert problems == []
    stylesheets = [urldefrag(urljoin(missing, ref))[0] for tag, ref in refs if tag == "link" and ref.endswith(".css")]
    assert stylesheets and set(stylesheets) <= set(urls)
    assert [u for u in urls if fetch(u)[0] != 200] == []
    assert server + "topics/north-korea-russia/" in urls  # the 404 page leads readers on
