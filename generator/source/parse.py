"""Parse one content file: entries (Markdown or YAML), topics and pages -> model values + problems.

Each parser is a pure function of the file's path, text and the settings, so results can be
cached and computed in worker processes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problems
from generator.site import urls
from generator.source import yamlread
from generator.source.config import Settings
from generator.source.fields import (
    BAD,
    FieldError,
    bool_value,
    date_value,
    host_of,
    text_list,
    text_value,
    warn_unknown,
    web_url,
)
from generator.source.frontmatter import FrontMatterError, split
from generator.source.markup import Markup, cut_summary
from generator.source.model import Entry, Page, Topic

ENTRY_FIELDS = (
    "title",
    "date",
    "end",
    "topics",
    "source",
    "url",
    "summary",
    "tags",
    "key",
    "image",
    "image_alt",
    "draft",
    "updated",
    "aliases",
    "slug",
    "body",
)
TOPIC_FIELDS = ("title", "description", "related", "order")
PAGE_FIELDS = ("title", "slug", "description")
# Top-level names the generator writes itself; a page or static file may not take them.
RESERVED = (
    "entries",
    "topics",
    "tags",
    "assets",
    "search",
    "index.html",
    "404.html",
    "feed.xml",
    "feed.json",
    "sitemap.xml",
    "robots.txt",
    ".nojekyll",
    "pagefind",
)


@dataclass
class Parsed:
    """What one file gives: its items and its own problems."""

    items: list[Any] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


# --- entries --------------------------------------------------------------------------------


def parse_entry_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    """All entries of one `.md` or `.yaml` file."""
    parsed = Parsed()
    stem = slug_of_filename(relpath)
    if relpath.lower().endswith(".md"):
        try:
            doc = split(text)
        except FrontMatterError as exc:
            parsed.problems.error(relpath, exc.line, exc.message)
            return parsed
        if "body" in doc.fields:
            parsed.problems.warn(
                relpath,
                doc.fields.line_of("body"),
                "'body' is for YAML entries; the text after the front matter is the body",
            )
        entry = _entry(doc.fields, 1, relpath, stem, doc.body, doc.body_line, settings, markup, parsed.problems)
        if entry:
            parsed.items.append(entry)
        return parsed
    try:
        data = yamlread.load(text)
    except yamlread.YamlError as exc:
        parsed.problems.error(relpath, exc.line, exc.message)
        return parsed
    if data is None:
        parsed.problems.error(
            relpath, 1, "the file is empty: write one entry (title:, date:, topics:) or a list of them"
        )
    elif isinstance(data, yamlread.LineDict):
        entry = _yaml_entry(data, relpath, stem, settings, markup, parsed.problems)
        if entry:
            parsed.items.append(entry)
    elif isinstance(data, list):
        if not data:
            parsed.problems.error(relpath, 1, "the list of entries is empty")
        for number, item in enumerate(data, 1):
            if not isinstance(item, yamlread.LineDict):
                line = _item_line(text, number)
                parsed.problems.error(
                    relpath, line, f"item {number} of the list is not an entry (fields like 'title: ...')"
                )
                continue
            entry = _yaml_entry(item, relpath, None, settings, markup, parsed.problems)
            if entry:
                parsed.items.append(entry)
    else:
        parsed.problems.error(
            relpath, 1, "a YAML entry file must hold one entry (title:, date:, topics:) or a list of them"
        )
    return parsed


def _item_line(text: str, number: int) -> int:
    """Best line for the n-th top-level list item when it is not a mapping."""
    count = 0
    for index, line in enumerate(text.split("\n"), 1):
        if line.startswith("-"):
            count += 1
            if count == number:
                return index
    return 1


def _yaml_entry(
    fields: yamlread.LineDict, relpath: str, slug: str | None, settings: Settings, markup: Markup, problems: Problems
) -> Entry | None:
    body, body_line = "", fields.line
    if "body" in fields:
        try:
            body = text_value(fields["body"], "body") or ""
        except FieldError as exc:
            problems.error(relpath, fields.line_of("body"), str(exc))
        body_line = fields.line_of("body") + (1 if "\n" in body else 0)
    return _entry(fields, fields.line, relpath, slug, body, body_line, settings, markup, problems)


def slug_of_filename(relpath: str) -> str:
    name = relpath.rsplit("/", 1)[-1]
    return urls.slugify(name.rsplit(".", 1)[0])


def _entry(
    fields: yamlread.LineDict,
    start_line: int,
    relpath: str,
    default_slug: str | None,
    body: str,
    body_line: int,
    settings: Settings,
    markup: Markup,
    problems: Problems,
) -> Entry | None:
    """One entry from its fields; None (with errors recorded) when it cannot be used.

    `start_line` is where the entry begins (1 for a Markdown file, the item's line in a YAML
    list): a missing field is reported there.
    """
    errors_before = len(problems.errors)

    def line_of(name: str) -> int:
        return fields.key_lines.get(name, start_line)

    def get(name: str, convert: Callable[..., Any], *args: Any) -> Any:
        """The converted field; BAD (with the error recorded) when it is malformed."""
        try:
            return convert(fields.get(name), name, *args)
        except FieldError as exc:
            problems.error(relpath, line_of(name), str(exc))
            return BAD

    title = get("title", text_value)
    if title is None:
        problems.error(relpath, line_of("title"), "the entry has no title: add 'title: The headline'")
    date = get("date", date_value, settings)
    if date is None:
        problems.error(relpath, line_of("date"), "the entry has no date: add 'date: 2024-10-23' (or 2024-10, or 2024)")
    end = get("end", date_value, settings)
    topics = get("topics", text_list)
    if topics == []:
        problems.error(
            relpath,
            line_of("topics"),
            "the entry has no topics: add 'topics: [topic-slug]' naming a file in content/topics/",
        )
    url = get("url", web_url)
    source = get("source", text_value)
    summary = get("summary", text_value)
    tags = get("tags", text_list)
    for tag in tags if tags is not BAD else ():
        if not urls.slugify(tag):
            problems.error(
                relpath, line_of("tags"), f"the tag '{tag}' has no letters or digits to make a page name from"
            )
    key = get("key", bool_value)
    draft = get("draft", bool_value)
    image = get("image", text_value)
    image_alt = get("image_alt", text_value)
    if image and image is not BAD:
        if not image_alt:
            problems.error(
                relpath,
                line_of("image"),
                "'image' needs 'image_alt': a short text describing the picture for readers who cannot see it",
            )
        if ":" in image.split("/")[0]:
            image = get("image", web_url)
        else:
            image = image.lstrip("/")
    updated = get("updated", date_value, settings)
    aliases = get("aliases", text_list)
    slug_text = get("slug", text_value)
    extra = warn_unknown(fields, ENTRY_FIELDS, relpath, problems, "entry", always=False)
    if len(problems.errors) > errors_before:
        return None

    if date is not None and end is not None and end.latest(settings.timezone) < date.earliest(settings.timezone):
        problems.error(
            relpath, line_of("end"), f"the end ({fields.get('end')}) is before the date ({fields.get('date')})"
        )

    if len(problems.errors) > errors_before:
        return None

    if slug_text:
        slug = urls.slugify(slug_text)
    elif default_slug is not None:
        slug = default_slug
    else:
        slug = urls.slugify(f"{date.iso()}-{title}")
    if not slug:
        problems.error(relpath, line_of("slug"), "cannot make a page name from this entry: give it 'slug: some-words'")
        return None

    rendered = markup.render(body, body_line) if body.strip() else None
    if summary is None:
        summary = cut_summary(rendered.first_paragraph) if rendered else ""
    return Entry(
        slug=slug,
        title=title,
        date=date,
        end=end,
        topics=tuple(dict.fromkeys(topics)),
        source=source or (host_of(url) if url else ""),
        url=url,
        summary=summary,
        body_html=rendered.html if rendered else "",
        links=rendered.links if rendered else (),
        tags=tuple(dict.fromkeys(tags)),
        key=bool(key),
        draft=bool(draft),
        image=image,
        image_alt=image_alt,
        updated=updated,
        aliases=tuple(a for a in dict.fromkeys(urls.slugify(a) for a in aliases) if a),
        extra=extra,
        path=relpath,
        line=start_line,
        field_lines=dict(fields.key_lines),
    )


# --- topics and pages -------------------------------------------------------------------------


def parse_topic_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    parsed = Parsed()
    problems = parsed.problems
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
        related = [urls.slugify(r) for r in text_list(fields.get("related"), "related")]
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
    rendered = markup.render(description, description_line) if description.strip() else None
    parsed.items.append(
        Topic(
            slug=slug_of_filename(relpath),
            title=title,
            path=relpath,
            description_html=rendered.html if rendered else "",
            links=rendered.links if rendered else (),
            related=tuple(dict.fromkeys(related)),
            order=order,
            extra=extra,
            field_lines=dict(fields.key_lines),
        )
    )
    return parsed


def parse_page_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    parsed = Parsed()
    try:
        doc = split(text, "page")
        title = text_value(doc.fields.get("title"), "title")
        slug_text = text_value(doc.fields.get("slug"), "slug")
        description = text_value(doc.fields.get("description"), "description") or ""
    except FrontMatterError as exc:
        parsed.problems.error(relpath, exc.line, exc.message)
        return parsed
    except FieldError as exc:
        parsed.problems.error(relpath, 1, str(exc))
        return parsed
    if not title:
        parsed.problems.error(
            relpath, doc.fields.key_lines.get("title", 1), "the page has no title: add 'title: About'"
        )
        return parsed
    slug = urls.slugify(slug_text) if slug_text else slug_of_filename(relpath)
    if slug in RESERVED:
        parsed.problems.error(relpath, 1, f"the page name '{slug}' is used by the site itself; rename the file")
        return parsed
    extra = warn_unknown(doc.fields, PAGE_FIELDS, relpath, parsed.problems, "page", always=False)
    rendered = markup.render(doc.body, doc.body_line)
    parsed.items.append(Page(slug, title, relpath, rendered.html, description, rendered.links, extra))
    return parsed
