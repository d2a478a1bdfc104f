"""Entries: one Markdown file, or a YAML file of one or many, -> Entry values and problems (SPEC 4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.errors import Problems
from generator.source import slugs, yamlread
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
    when_value,
)
from generator.source.frontmatter import FrontMatterError, split
from generator.source.markup import Markup, Rendered, cut_summary
from generator.source.model import Entry
from generator.source.parse import Parsed, render_markdown, slug_of_filename

ENTRY_FIELDS = (
    "title", "date", "end", "topics", "source", "url", "summary", "tags", "key", "image", "image_alt",
    "draft", "updated", "aliases", "slug", "body",
)  # fmt: skip


def parse_entry_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    """All entries of one `.md` or `.yaml` file."""
    parsed = Parsed()
    problems = parsed.problems
    if relpath.lower().endswith((".md", ".markdown")):
        try:
            doc = split(text)
        except FrontMatterError as exc:
            problems.error(relpath, exc.line, exc.message)
            return parsed
        if "body" in doc.fields:
            line = doc.fields.line_of("body")
            problems.warn(relpath, line, "'body' is for YAML entries; the text after the front matter is the body")
        source = EntrySource(relpath, doc.fields, 1, slug_of_filename(relpath), doc.body, doc.body_line)
        entry = source.entry(settings, markup, problems)
        if entry is not None and entry.draft:
            entry.date_to_check = _date_to_check(text, doc.body_line)
        _add(parsed, entry)
        return parsed
    try:
        data = yamlread.load(text)
    except yamlread.YamlError as exc:
        problems.error(relpath, exc.line, exc.message)
        return parsed
    if data is None:
        problems.error(relpath, 1, "the file is empty: write one entry (title:, date:, topics:) or a list of them")
    elif isinstance(data, yamlread.LineDict):
        _add(parsed, _yaml_entry(data, relpath, slug_of_filename(relpath), settings, markup, problems))
    elif isinstance(data, list):
        if not data:
            problems.error(relpath, 1, "the list of entries is empty")
        for number, item in enumerate(data, 1):
            if not isinstance(item, yamlread.LineDict):
                message = f"item {number} of the list is not an entry (fields like 'title: ...')"
                problems.error(relpath, _item_line(text, number), message)
                continue
            _add(parsed, _yaml_entry(item, relpath, None, settings, markup, problems))
    else:
        problems.error(relpath, 1, "a YAML entry file must hold one entry (title:, date:, topics:) or a list of them")
    return parsed


def _add(parsed: Parsed, entry: Entry | None) -> None:
    if entry is not None:
        parsed.items.append(entry)


def _item_line(text: str, number: int) -> int:
    """Best line for the n-th top-level list item when it is not a mapping."""
    count = 0
    for index, line in enumerate(text.split("\n"), 1):
        if line.startswith("-"):
            count += 1
            if count == number:
                return index
    return 1


def _date_to_check(text: str, body_line: int) -> int | None:
    """The line of an import's "# Check the date" comment in the front matter, if any."""
    for number, line in enumerate(text.split("\n")[: body_line - 1], start=1):
        if line.lstrip().startswith("# Check the date"):
            return number
    return None


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
    return EntrySource(relpath, fields, fields.line, slug, body, body_line).entry(settings, markup, problems)


@dataclass
class EntrySource:
    """One entry's fields as written, and where: a Markdown file, or one mapping of a YAML file.

    `start` is where the entry begins (1 for a Markdown file, the item's line in a YAML list): a
    missing field is reported there. `default_slug` is None for items of a YAML list, whose slug
    is made from their date and title.
    """

    relpath: str
    fields: yamlread.LineDict
    start: int
    default_slug: str | None
    body: str
    body_line: int

    def line_of(self, name: str) -> int:
        return self.fields.key_lines.get(name, self.start)

    def entry(self, settings: Settings, markup: Markup, problems: Problems) -> Entry | None:
        """The entry, or None (with errors recorded) when it cannot be used."""
        before = len(problems.errors)
        values = self._values(settings, problems)
        title, date, end = values["title"], values["date"], values["end"]
        known = all(v is not None and v is not BAD for v in (title, date))
        # every mistake of the entry is reported, not only the first
        written = values["slug"] if values["slug"] is not BAD else None
        slug = self._slug(written, title, date, problems) if known or written else None
        aliases = self._aliases(values["aliases"], problems) if values["aliases"] is not BAD else None
        if len(problems.errors) > before or slug is None or aliases is None:
            return None
        if end is not None and end.latest(settings.timezone) < date.earliest(settings.timezone):
            written = self.fields.get("end"), self.fields.get("date")
            problems.error(
                self.relpath, self.line_of("end"), f"the end ({written[0]}) is before the date ({written[1]})"
            )
            return None
        rendered = render_markdown(markup, self.body, self.body_line, self.relpath, problems)
        if len(problems.errors) > before:
            return None
        return self._make(values, slug, aliases, rendered)

    def _get(self, problems: Problems, name: str, convert: Callable[..., Any], *args: Any) -> Any:
        """The converted field; BAD (with the error recorded) when it is malformed."""
        try:
            return convert(self.fields.get(name), name, *args)
        except FieldError as exc:
            problems.error(self.relpath, self.line_of(name), str(exc))
            return BAD

    def _values(self, settings: Settings, problems: Problems) -> dict[str, Any]:
        get = self._get
        when = get(problems, "date", when_value, settings)
        values = {
            "title": get(problems, "title", text_value),
            "date": when[0] if isinstance(when, tuple) else when,
            "end": get(problems, "end", date_value, settings),
            "topics": get(problems, "topics", text_list),
        }
        if isinstance(when, tuple) and when[1] is not None:
            if "end" in self.fields:
                message = "the date is a range already (its end is written in it): remove 'end:' or write one date"
                problems.error(self.relpath, self.line_of("end"), message)
            values["end"] = when[1]
        for name, reason in (
            ("title", "the entry has no title: add 'title: The headline'"),
            ("date", "the entry has no date: add 'date: 2024-10-23' (or 2024-10, or 2024)"),
        ):
            if values[name] is None:
                problems.error(self.relpath, self.line_of(name), reason)
        if values["topics"] == []:
            message = "the entry has no topics: add 'topics: [topic-slug]' naming a file in content/topics/"
            problems.error(self.relpath, self.line_of("topics"), message)
        for name, convert in (
            ("url", web_url), ("source", text_value), ("summary", text_value), ("tags", text_list),
            ("key", bool_value), ("draft", bool_value), ("image", text_value), ("image_alt", text_value),
            ("aliases", text_list), ("slug", text_value),
        ):  # fmt: skip
            values[name] = get(problems, name, convert)
        values["updated"] = get(problems, "updated", date_value, settings)
        self._check_tags(values["tags"], problems)
        values["image"] = self._image(values["image"], values["image_alt"], problems)
        values["extra"] = warn_unknown(self.fields, ENTRY_FIELDS, self.relpath, problems, "entry", always=False)
        return values

    def _check_tags(self, tags: Any, problems: Problems) -> None:
        for tag in tags if tags is not BAD else ():
            try:
                slugs.made(tag)
            except slugs.SlugError as exc:
                problems.error(self.relpath, self.line_of("tags"), f"the tag '{tag}': {exc}")

    def _image(self, image: Any, alt: Any, problems: Problems) -> Any:
        if not image or image is BAD:
            return image
        if not alt:
            message = "'image' needs 'image_alt': a short text describing the picture for readers who cannot see it"
            problems.error(self.relpath, self.line_of("image"), message)
        if ":" in image.split("/")[0]:
            return self._get(problems, "image", web_url)
        return image.lstrip("/")

    def _slug(self, written: str | None, title: str, date: Any, problems: Problems) -> str | None:
        try:
            if written:
                return slugs.written(written)
            if self.default_slug is not None:
                if not self.default_slug:
                    raise slugs.SlugError(f"the file name '{self.relpath.rsplit('/', 1)[-1]}' has no letters or digits")
                return self.default_slug
            return slugs.made(f"{date.iso()}-{title}")
        except slugs.SlugError as exc:
            problems.error(
                self.relpath,
                self.line_of("slug"),
                f"cannot make a page name for this entry: {exc}; give it 'slug: some-words'",
            )
            return None

    def _aliases(self, aliases: list[str], problems: Problems) -> tuple[str, ...] | None:
        found = []
        for alias in aliases:
            try:
                found.append(slugs.written(alias))
            except slugs.SlugError as exc:
                problems.error(self.relpath, self.line_of("aliases"), f"the alias '{alias}': {exc}")
                return None
        return tuple(dict.fromkeys(found))

    def _make(self, values: dict[str, Any], slug: str, aliases: tuple[str, ...], rendered: Rendered | None) -> Entry:
        summary, url = values["summary"], values["url"]
        if summary is None:
            summary = cut_summary(rendered.first_paragraph) if rendered else ""
        return Entry(
            slug=slug,
            title=values["title"],
            date=values["date"],
            end=values["end"],
            topics=tuple(dict.fromkeys(values["topics"])),
            source=values["source"] or (host_of(url) if url else ""),
            url=url,
            summary=summary,
            body_html=rendered.html if rendered else "",
            links=rendered.links if rendered else (),
            tags=tuple(dict.fromkeys(values["tags"])),
            key=bool(values["key"]),
            draft=bool(values["draft"]),
            image=values["image"],
            image_alt=values["image_alt"],
            updated=values["updated"],
            aliases=aliases,
            extra=values["extra"],
            path=self.relpath,
            line=self.start,
            field_lines=dict(self.fields.key_lines),
        )
