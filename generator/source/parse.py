"""Parse one content file -> model values + problems: what every parser shares, and the parsers of
topics and pages (entries have their own module, entries.py).

Each parser is a pure function of the file's path, its text and what it reads of the settings
(`SettingsReads` notes each setting it reads, so the result can be kept for exactly as long as
those settings and the bytes stay the same), and can run in a worker process.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problems
from generator.source import slugs, yamlread
from generator.source.config import Settings
from generator.source.fields import (
    FieldError,
    text_list,
    text_value,
    warn_unknown,
)
from generator.source.frontmatter import FrontMatterError, split
from generator.source.markup import MarkdownError, Markup, Rendered
from generator.source.model import Page, Topic

TOPIC_FIELDS = ("title", "description", "related", "order")
PAGE_FIELDS = ("title", "slug", "description")
# Top-level names the generator writes itself; a page or static file may not take them.
RESERVED = (
    "entries", "topics", "tags", "assets", "search", "index.html", "404.html", "feed.xml", "feed.json",
    "sitemap.xml", "robots.txt", ".nojekyll", "pagefind",
)  # fmt: skip


class SettingsReads:
    """The settings as a parser sees them: each setting read is noted with its value."""

    __slots__ = ("_settings", "read")

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.read: dict[str, Any] = {}

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._settings, name)
        self.read[name] = value
        return value


@dataclass
class Parsed:
    """What one file gives: its items, its own problems, and what making them read."""

    items: list[Any] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    settings_read: tuple[tuple[str, Any], ...] = ()  # (setting, value)
    markdown: tuple[str, ...] = ()  # keys of the Markdown texts it rendered


ParseFunction = Callable[[str, str, Any, Markup], Parsed]


def parse_file(parse: ParseFunction, relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    """`parse(...)` with what it read of the settings and of Markdown noted on the result."""
    reads = SettingsReads(settings)
    rendered: list[str] = []
    markup.rendered = rendered
    try:
        with markup.file_budget(len(text)):
            parsed = parse(relpath, text, reads, markup)
    finally:
        markup.rendered = None
    parsed.settings_read = tuple(sorted(reads.read.items()))
    parsed.markdown = tuple(dict.fromkeys(rendered))
    return parsed


def slug_of_filename(relpath: str) -> str:
    """The default slug of a file: its name without the extension, as a slug ("" when none)."""
    name = relpath.rsplit("/", 1)[-1]
    return slugs.cut(slugs.slugify(name.rsplit(".", 1)[0]))


def render_markdown(markup: Markup, text: str, line: int, relpath: str, problems: Problems) -> Rendered | None:
    """Rendered Markdown, or None with the error recorded (too slow, too deeply nested)."""
    if not text.strip():
        return None
    try:
        return markup.render(text, line)
    except MarkdownError as exc:
        problems.error(relpath, line, str(exc))
        return None


# --- topics and pages -------------------------------------------------------------------------


def parse_topic_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    parsed = Parsed()
    problems = parsed.problems
    slug = slug_of_filename(relpath)
    if not slug:
        problems.error(relpath, 1, "the topic's file name has no letters or digits to make its page name from")
        return parsed
    description, description_line = "", 1
    if relpath.lower().endswith(".md"):
        try:
            doc = split(text, "topic")
        except FrontMatterError as exc:
            problems.error(relpath, exc.line, exc.message)
            return parsed
        fields, description, description_line = doc.fields, doc.body, doc.body_line
    else:
        try:
            fields = yamlread.load(text)
        except yamlread.YamlError as exc:
            problems.error(relpath, exc.line, exc.message)
            return parsed
        if not isinstance(fields, yamlread.LineDict):
            problems.error(relpath, 1, "a topic file must hold fields like 'title: North Korea and Russia'")
            return parsed
    try:
        title = text_value(fields.get("title"), "title")
        if "description" in fields:
            description = text_value(fields["description"], "description") or ""
            description_line = fields.line_of("description")
        related = [slugs.slugify(r) for r in text_list(fields.get("related"), "related")]
        order = text_value(fields.get("order"), "order")
    except FieldError as exc:
        problems.error(relpath, 1, str(exc))
        return parsed
    if not title:
        problems.error(relpath, fields.key_lines.get("title", 1), "the topic has no title: add 'title: The topic name'")
        return parsed
    if order is not None and order not in ("oldest-first", "newest-first"):
        problems.error(relpath, fields.line_of("order"), f"order must be oldest-first or newest-first, not '{order}'")
        return parsed
    extra = warn_unknown(fields, TOPIC_FIELDS, relpath, problems, "topic", always=True)
    rendered = render_markdown(markup, description, description_line, relpath, problems)
    topic = Topic(
        slug=slug,
        title=title,
        path=relpath,
        description_html=rendered.html if rendered else "",
        links=rendered.links if rendered else (),
        related=tuple(dict.fromkeys(related)),
        order=order,
        extra=extra,
        field_lines=dict(fields.key_lines),
    )
    if not problems.errors:
        parsed.items.append(topic)
    return parsed


def parse_page_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    parsed = Parsed()
    problems = parsed.problems
    try:
        doc = split(text, "page")
        title = text_value(doc.fields.get("title"), "title")
        slug_text = text_value(doc.fields.get("slug"), "slug")
        description = text_value(doc.fields.get("description"), "description") or ""
    except FrontMatterError as exc:
        problems.error(relpath, exc.line, exc.message)
        return parsed
    except FieldError as exc:
        problems.error(relpath, 1, str(exc))
        return parsed
    if not title:
        problems.error(relpath, doc.fields.key_lines.get("title", 1), "the page has no title: add 'title: About'")
        return parsed
    try:
        slug = slugs.written(slug_text) if slug_text else slugs.made(relpath.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    except slugs.SlugError as exc:
        problems.error(relpath, doc.fields.key_lines.get("slug", 1), f"cannot make a page name: {exc}")
        return parsed
    if slug in RESERVED:
        problems.error(relpath, 1, f"the page name '{slug}' is used by the site itself; rename the file")
        return parsed
    extra = warn_unknown(doc.fields, PAGE_FIELDS, relpath, problems, "page", always=False)
    rendered = render_markdown(markup, doc.body, doc.body_line, relpath, problems)
    if not problems.errors:
        html, links = (rendered.html, rendered.links) if rendered else ("", ())
        parsed.items.append(Page(slug, title, relpath, html, description, links, extra))
    return parsed
