"""Small sites for the publishing tests (feeds, sitemap, metadata, aliases, crawl), built in memory."""

from __future__ import annotations

import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

from generator.build import BuildResult, build

REPO = Path(__file__).resolve().parent.parent
BASE = "https://user.github.io/repo/"
HOSTILE = "</script><script>alert(1)</script>"


def example_site(dest: Path) -> Path:
    """A copy of the repository's example site (content/ only: the default theme is used)."""
    shutil.copytree(REPO / "content", dest / "content")
    return dest


def write_site(root: Path, files: dict[str, str]) -> Path:
    """A site folder from {relative path: text}; text is dedented."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


def entry(title: str, date: str, topics: str = "[bridge]", body: str = "Text.", **fields: str) -> str:
    head = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\ntitle: {title}\ndate: {date}\ntopics: {topics}\n{head}---\n{body}\n"


def built(root: Path, base_url: str | None = None) -> BuildResult:
    """Build without writing; fail the test on any content error."""
    result = build(root, base_url=base_url)
    assert not result.failed(), [str(p) for p in result.problems.items]
    return result


def html_pages(result: BuildResult) -> list[str]:
    return sorted(p for p in result.pages if p.endswith(".html"))


def alias_pages(result: BuildResult) -> set[str]:
    return {p for p, body in result.pages.items() if p.endswith(".html") and b'http-equiv="refresh"' in body}


class Head(HTMLParser):
    """The parts of a page the metadata tests read: <link>, <meta>, <script> elements and texts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str]] = []
        self.metas: list[dict[str, str]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.anchors: list[dict[str, str]] = []
        self._script: dict[str, str] | None = None
        self._text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link":
            self.links.append(values)
        elif tag == "meta":
            self.metas.append(values)
        elif tag == "a":
            self.anchors.append(values)
        elif tag == "script":
            self._script, self._text = values, []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def meta(self, prop: str) -> list[str]:
        return [m.get("content", "") for m in self.metas if m.get("property") == prop or m.get("name") == prop]

    def rel(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if rel in link.get("rel", "").split()]

    def json_ld(self) -> list[str]:
        return [text for attrs, text in self.scripts if attrs.get("type") == "application/ld+json"]
