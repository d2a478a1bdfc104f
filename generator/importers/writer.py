"""ImportedEntry -> the Markdown file an author would have written by hand.

Values are written plain when that reads back as the same text, else double-quoted; the whole
file is then read back with the generator's own parser (`parse_entry_file`) before it is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from .. import urls, yamlread
from ..dates import PartialDate, format_date, parse_date
from .common import ImportedEntry

_PLAIN = re.compile(r"[\w(][^\x00-\x1f\x7f\u2028\u2029\u0085]*", re.UNICODE)
_FLOW_PLAIN = re.compile(r"[\w][\w .\-']*", re.UNICODE)
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(value: str, flow: bool = False, text_only: bool = False) -> str:
    """A YAML scalar that reads back (YAML 1.2 core, as yamlread does) as exactly `value`.

    `text_only`: the field is always read as text (dates), so `2024` may stay plain.
    """
    pattern = _FLOW_PLAIN if flow else _PLAIN
    risky = ": " in value or " #" in value or value.endswith(":")
    if pattern.fullmatch(value) and not risky and value == value.strip() and value.lower() not in _YAML11_WORDS:
        try:
            read = yamlread.load(f"k: {value}")
        except yamlread.YamlError:
            read = None
        typed = yamlread.core_value(read.get("k")) if isinstance(read, dict) else None
        if isinstance(read, dict) and read["k"] == value and (text_only or isinstance(typed, str)):
            return value
    quoted = json.dumps(value, ensure_ascii=False)
    for char in ("\u2028", "\u2029", "\u0085"):
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return quoted


def date_scalar(date: PartialDate, written: str, read: Callable[[str], PartialDate] = parse_date) -> str:
    """ISO for years 1..9999, "44 BC" style before the era; `written` when neither reads back the same."""
    circa = "c. " if date.approximate else ""
    candidates = []
    if date.year <= 0 and not date.has_time:
        candidates.append(format_date(date))
    candidates.append(circa + date.iso())
    if date.has_time:  # the same wall time with no zone: the site's zone, as when none was written
        candidates.append(circa + re.sub(r"(Z|[+-]\d\d:\d\d)$", "", date.iso()).replace("T", " "))
    for candidate in candidates:
        try:
            if read(candidate) == date:
                return candidate
        except ValueError:
            continue
    return written


def file_stem(date: PartialDate, title: str, slug: str | None) -> str:
    """`<date>-<slug>`: the date part at the entry's precision; BC years as `bc-0044`."""
    day = date.iso().split("T")[0]
    if date.year <= 0:  # "bc-0044-03-15": the year as it is said, not the astronomical one
        day = f"bc-{1 - date.year:04d}" + day.lstrip("-").lstrip("0123456789")
    words = slug or urls.slugify(title)
    if len(words) > 60:
        words = words[:60].rsplit("-", 1)[0]
    return f"{day}-{words}".strip("-")


def year_folder(date: PartialDate) -> str:
    return f"bc-{1 - date.year:04d}" if date.year <= 0 else f"{date.year:04d}"


def entry_text(entry: ImportedEntry, date: PartialDate, end: PartialDate | None, topics: list[str],
               slug: str | None, read: Callable[[str], PartialDate] = parse_date) -> str:  # fmt: skip
    lines = ["---", f"title: {scalar(entry.title)}"]
    lines += [f"# {note}" for note in entry.notes]
    lines.append(f"date: {scalar(date_scalar(date, entry.date or '', read), text_only=True)}")
    if end is not None and entry.end:
        lines.append(f"end: {scalar(date_scalar(end, entry.end, read), text_only=True)}")
    lines.append(f"topics: [{', '.join(scalar(t, flow=True) for t in topics)}]")
    for name in ("source", "url", "summary"):
        value = getattr(entry, name)
        if value:
            lines.append(f"{name}: {scalar(value)}")
    if entry.tags:
        lines.append(f"tags: [{', '.join(scalar(t, flow=True) for t in dict.fromkeys(entry.tags))}]")
    if entry.key:
        lines.append("key: true")
    if entry.image:
        lines.append(f"image: {scalar(entry.image)}")
        lines.append(f"image_alt: {scalar(entry.image_alt or entry.title)}")
    if slug:
        lines.append(f"slug: {scalar(slug)}")
    if entry.draft:
        lines.append("draft: true")
    lines.append("---")
    body = entry.body.strip()
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")
