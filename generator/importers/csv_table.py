"""Spreadsheets in: a header row, then one story per row.

Two layouts, told apart by their columns (case-insensitive): the site's own (title|headline,
date, end, source, url, summary, body|text, topics, tags, key) and the TimelineJS Google Sheets
template (Year, Month, Day, Time, End Year, ..., Headline, Text, Media, Media Credit, Group).
Cells are untrusted: text is sanitised, a bad row is `source:line: message`.
"""

from __future__ import annotations

import csv
import io
import re

from .common import ImportedEntry, ImportOptions, SourceData, web_url
from .sanitize import html_to_text, markdown_to_safe_markdown
from .timelinejs import EventError, apply_media, date_text

SITE_COLUMNS = ("title", "headline", "date", "end", "source", "url", "summary", "body", "text", "topics", "tags", "key")
SHEET_COLUMNS = (
    "year", "month", "day", "time", "end year", "end month", "end day", "end time", "display date",
    "headline", "text", "media", "media credit", "media caption", "media thumbnail", "type", "group", "background",
)  # fmt: skip
TRUE_WORDS = {"true", "yes", "y", "x", "1"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


class RowError(ValueError):
    pass


def looks_like_csv(text: str) -> bool:
    """A first line of delimited cells, at least one of them a column this importer knows."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    for delimiter in (",", ";", "\t"):
        if delimiter in first:
            cells = {c.strip().strip('"').lower() for c in first.split(delimiter)}
            if cells & (set(SITE_COLUMNS) | set(SHEET_COLUMNS)):
                return True
    return False


def _dialect(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d])


def parse(text: str, options: ImportOptions) -> SourceData:
    source = SourceData()
    label = options.label
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text.split("\n", 1)[0]), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        source.problems.error(label, 1, f"cannot read the header row: {exc}")
        return source
    if not header:
        source.problems.error(label, 1, "the file is empty: a CSV needs a header row, then one story per row")
        return source
    columns = [c.strip().lower() for c in header]
    if not {"title", "headline"} & set(columns):
        source.problems.error(label, 1, 'the header row has no "title" or "headline" column')
        return source
    sheet = "year" in columns
    if not sheet and "date" not in columns:
        source.problems.error(label, 1, 'the header row has no "date" column (or "Year" of the TimelineJS template)')
        return source
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            source.problems.error(label, reader.line_num, f"cannot read this row: {exc}")
            break
        if any(c.strip() for c in cells):
            if len(cells) > len(columns):
                source.problems.error(label, line, f"the row has {len(cells)} cells but the header has {len(columns)}")
            else:
                row = {name: cells[i].strip() if i < len(cells) else "" for i, name in enumerate(columns)}
                try:
                    entry = _sheet_row(row, line, source, label) if sheet else _site_row(row, line)
                except (RowError, EventError) as exc:
                    source.problems.error(label, line, str(exc))
                else:
                    if entry:
                        source.entries.append(entry)
        line = reader.line_num + 1
    return source


def _words(cell: str) -> list[str]:
    return [w.strip() for w in re.split(r"[;,]", cell) if w.strip()]


def _title(row: dict[str, str]) -> str:
    title = html_to_text(row.get("title") or row.get("headline") or "")
    if not title:
        raise RowError("the row has no title")
    return title


def _site_row(row: dict[str, str], line: int) -> ImportedEntry:
    title = _title(row)
    if not row.get("date"):
        raise RowError(f'"{title}" has no date')
    entry = ImportedEntry(title=title, date=row["date"], end=row.get("end") or None, line=line)
    entry.source = html_to_text(row.get("source", "")) or None
    if row.get("url"):
        entry.url = web_url(row["url"])
        if entry.url is None:
            raise RowError(f"url must be a web address starting with http:// or https://, not '{row['url']}'")
    entry.summary = html_to_text(row.get("summary", "")) or None
    entry.body = markdown_to_safe_markdown(row.get("body") or row.get("text") or "")
    entry.topics = _words(row.get("topics", ""))
    entry.tags = [html_to_text(t) for t in _words(row.get("tags", "")) if html_to_text(t)]
    key = row.get("key", "").lower()
    if key not in TRUE_WORDS | FALSE_WORDS:
        raise RowError(f"key must be true or false, not '{row['key']}'")
    entry.key = key in TRUE_WORDS
    return entry


def _sheet_date(row: dict[str, str], prefix: str) -> dict[str, str]:
    parts = {name: row.get(f"{prefix}{name}", "") for name in ("year", "month", "day")}
    time = row.get(f"{prefix}time", "")
    if time:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?", time.strip(), re.I)
        if not match:
            raise RowError(f"{prefix}time '{time}' is not a time like 14:05 or 2:05 PM")
        hour = int(match[1])
        if match[4]:
            hour = hour % 12 + (12 if match[4].lower().startswith("p") else 0)
        parts |= {"hour": str(hour), "minute": match[2], "second": match[3] or ""}
    return parts


def _sheet_row(row: dict[str, str], line: int, source: SourceData, label: str) -> ImportedEntry | None:
    kind = row.get("type", "").lower()
    if kind == "title":
        source.topic_title = html_to_text(row.get("headline", "")) or None
        source.topic_description = markdown_to_safe_markdown(row.get("text", "")) or None
        return None
    if kind == "era":
        source.problems.warn(label, line, "TimelineJS eras are not imported (a topic has no eras)")
        return None
    title = _title(row)
    display = row.get("display date") or None
    date = date_text(_sheet_date(row, ""), "Year/Month/Day", display)
    if date is None:
        raise RowError(f'"{title}" has no Year')
    end = date_text(_sheet_date(row, "end "), "End Year/Month/Day")
    entry = ImportedEntry(title=title, date=date, end=end, line=line)
    entry.body = markdown_to_safe_markdown(row.get("text", ""))
    group = html_to_text(row.get("group", ""))
    if group:
        entry.tags.append(group)
    media = {
        "url": row.get("media", ""),
        "caption": row.get("media caption", ""),
        "credit": row.get("media credit", ""),
    }
    apply_media(entry, media, source, label)
    return entry
