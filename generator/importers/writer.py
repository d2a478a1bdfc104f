"""ImportedEntry -> the Markdown file an author would have written by hand.

Values are written plain when that reads back as the same text, else double-quoted; the whole
file is then read back with the generator's own parser (`parse_entry_file`) before it is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.site import urls
from generator.source.dates import PartialDate, format_date, parse_date
from generator.source.frontmatter import compose, flow_list, scalar

from .common import ImportedEntry


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
    day = date.iso().split("T")[0].split("/")[0]  # a period by its first year, month or day
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
    fields = [("title", scalar(entry.title))]
    fields.append(("date", scalar(date_scalar(date, entry.date or "", read), text_only=True)))
    if end is not None and entry.end:
        fields.append(("end", scalar(date_scalar(end, entry.end, read), text_only=True)))
    fields.append(("topics", flow_list(topics)))
    fields += [(name, scalar(getattr(entry, name))) for name in ("source", "url", "summary") if getattr(entry, name)]
    if entry.tags:
        fields.append(("tags", flow_list(list(dict.fromkeys(entry.tags)))))
    if entry.key:
        fields.append(("key", "true"))
    if entry.image:
        fields += [("image", scalar(entry.image)), ("image_alt", scalar(entry.image_alt or entry.title))]
    if slug:
        fields.append(("slug", scalar(slug)))
    if entry.draft:
        fields.append(("draft", "true"))
    return compose(fields, entry.body, notes={"date": entry.notes})
