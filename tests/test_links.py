"""Every link inside a built site works, and all of them are relative (SPEC 7).

Both the repository's own example site and the valid fixture site are built with the real command;
then each `href` and `src` of each HTML page is followed on disk, and each `#fragment` looked up
among the `id`s of the page it leads to. Only 404.html, which hosts serve at any depth, links from
the root.
"""

from __future__ import annotations

import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SITES = {"example": REPO, "valid-site": TESTS / "fixtures" / "valid-site"}
EXTERNAL = ("http:", "https:", "mailto:")


class _Links(HTMLParser):
    """The links (`href`, `src`) and `id`s of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))
            elif name == "id" and value is not None:
                self.ids.add(value)

    handle_startendtag = handle_starttag


def read_page(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def resolve(page: str, url: str) -> tuple[str, str]:
    """(file the link leads to, fragment) for a relative link on `page`; a folder URL means its index.html."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target == ".":
        target = "index.html"
    elif path.endswith("/"):
        target += "/index.html"
    return target, unquote(parts.fragment)


@pytest.fixture(scope="module", params=sorted(SITES))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, cli) -> Path:
    out = tmp_path_factory.mktemp(request.param) / "site"
    root = shutil.copytree(
        SITES[request.param] / "content", out.parent / "root" / "content"
    )  # the site folder stays clean
    result = cli("build", "--root", root.parent, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def html_pages(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))


def test_the_site_has_pages_with_links(built: Path) -> None:
    pages = html_pages(built)
    assert "index.html" in pages and "404.html" in pages
    assert sum(len(read_page(built / p).links) for p in pages) > len(pages)


def test_every_relative_link_leads_to_a_built_file_and_an_existing_anchor(built: Path) -> None:
    broken = []
    ids: dict[str, set[str]] = {}
    for page in html_pages(built):
        if page == "404.html":
            continue  # links from the domain root: checked below
        for tag, url in read_page(built / page).links:
            if url.lower().startswith(EXTERNAL):
                continue
            target, fragment = resolve(page, url)
            if target.startswith("../") or not (built / target).is_file():
                broken.append(f"{page}: <{tag}> {url} -> {target} does not exist")
                continue
            if fragment:
                if target not in ids:
                    ids[target] = read_page(built / target).ids if target.endswith(".html") else set()
                if fragment not in ids[target]:
                    broken.append(f"{page}: <{tag}> {url} -> no id '{fragment}' in {target}")
    assert broken == []


def test_no_link_is_an_absolute_path_except_on_the_404_page(built: Path) -> None:
    absolute = [
        f"{page}: {url}"
        for page in html_pages(built)
        if page != "404.html"
        for _, url in read_page(built / page).links
        if url.startswith("/")  # also catches protocol-relative //host/ links, which leave the site
    ]
    assert absolute == []


def test_the_404_page_links_from_the_root_to_pages_that_exist(built: Path) -> None:
    """Without a base_url the 404 page links from the domain root ("/topics/x/"); "#main" stays on the page."""
    page = read_page(built / "404.html")
    links = [url for _, url in page.links if not url.lower().startswith(EXTERNAL)]
    assert links
    for url in links:
        if url.startswith("#"):
            assert unquote(url[1:]) in page.ids, url
            continue
        assert url.startswith("/") and not url.startswith("//"), url
        target, _ = resolve("index.html", url.lstrip("/") or "./")
        assert (built / target).is_file(), f"404.html: {url} -> {target} does not exist"
