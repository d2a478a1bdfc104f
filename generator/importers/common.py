"""What every importer produces, and the small pieces they share.

An importer turns outside text into `ImportedEntry` values (plain data: text fields already
sanitised, the date as text the date parser reads) plus problems; `plan.py` decides what to write.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Problems
from generator.source.config import Settings
from generator.source.fields import http_url


@dataclass
class ImportedEntry:
    title: str
    date: str | None  # as an author would write it; checked with parse_date before writing
    line: int  # where the story starts in the source, for messages
    end: str | None = None
    source: str | None = None
    url: str | None = None
    summary: str | None = None
    body: str = ""  # Markdown, already safe
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # besides the --topic ones
    key: bool = False
    image: str | None = None
    image_alt: str | None = None
    slug: str | None = None
    draft: bool = False
    notes: list[str] = field(default_factory=list)  # written as YAML comments above the date


@dataclass
class SourceData:
    """One parsed source: its stories, its problems, and what it says about the topic."""

    entries: list[ImportedEntry] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    topic_title: str | None = None
    topic_description: str | None = None  # Markdown


@dataclass(frozen=True)
class ImportOptions:
    label: str  # the source as the user named it: the path in messages
    settings: Settings = field(default_factory=Settings)
    year: int | None = None


def web_url(value: str | None) -> str | None:
    """An http(s) URL ("//host/x" read as https), or None for anything else."""
    if not value:
        return None
    text = value.strip()
    return http_url("https:" + text if text.startswith("//") else text)


MAX_DIGITS = 40  # a number longer than this is no date part or count anyone wrote: kept as text


class JsonError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_json(text: str) -> Any:
    """JSON from outside: nesting too deep for the parser, and numbers too long for Python's
    int, are errors with a line, never a traceback."""
    try:
        return json.loads(text, parse_int=lambda digits: int(digits) if len(digits) <= MAX_DIGITS else digits)
    except json.JSONDecodeError as exc:
        raise JsonError(exc.lineno, f"not valid JSON: {exc.msg}") from None
    except RecursionError:
        raise JsonError(1, "the JSON is nested too deeply to read") from None


def json_array_lines(text: str, key: str, count: int) -> list[int]:
    """The line on which each item of the first `"key": [...]` array starts (best effort: the
    lines found so far when the JSON is broken)."""
    match = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
    if not match:
        return []
    decoder = json.JSONDecoder(parse_int=str)  # only where each item ends matters
    lines, at, line, counted = [], match.end(), 1, 0
    for _ in range(count):
        while at < len(text) and text[at] in " \t\r\n,":
            at += 1
        line += text.count("\n", counted, at)  # counted once, however many items
        counted = at
        lines.append(line)
        try:
            _, at = decoder.raw_decode(text, at)
        except (ValueError, RecursionError):
            break
    return lines


def dated_by_year(
    entry: ImportedEntry, source: SourceData, options: ImportOptions, missing: str, gives: str
) -> ImportedEntry | None:
    """An item without a date: never a guessed one. With `--year` it becomes a draft dated only
    with that year and a note to write the date; without, an error (`missing`, `gives` say where)."""
    if options.year is None:
        source.problems.error(
            options.label, entry.line,
            f'"{entry.title}" has no date {missing}; pass --year YEAR to import it as a draft dated only with '
            "that year, then write its publication date",
        )  # fmt: skip
        return None
    entry.date = str(options.year)
    entry.draft = True
    entry.notes.append(
        f"Check the date: {gives}; only the year {options.year} (from --year) is written. "
        "Write the publication date and remove draft."
    )
    return entry
