"""TimelineJS3 JSON in: events with date parts, HTML text (sanitised), media, group, unique_id.

Years: TimelineJS shows a negative year -N as "N BCE" (its English era label), so -44 means
44 BC here (astronomical -43); the exporter writes the same convention back. Years that
TimelineJS itself can only place on its cosmological scale (beyond what a JavaScript Date holds,
about 271,821 years either side of 1970) are refused with a message, never turned into a wrong date.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any
from urllib.parse import urlsplit

from generator.source.dates import month_name

from .common import (
    MAX_DIGITS,
    ImportedEntry,
    ImportOptions,
    JsonError,
    SourceData,
    json_array_lines,
    read_json,
    web_url,
)
from .sanitize import first_words, html_to_markdown, html_to_text

PARTS = ("year", "month", "day", "hour", "minute", "second")
JS_DATE_YEARS = 271_820  # a JavaScript Date spans +-8.64e15 ms around 1970
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".svg", ".avif")
_CIRCA = re.compile(r"^\s*(?:c\.|ca\.|circa\b|~)", re.I)


class EventError(ValueError):
    """A problem with one event or date, for the `source:line: message` report."""


def date_text(parts: dict[str, Any], what: str = "start_date", display: str | None = None) -> str | None:
    """The date an author would write for TimelineJS date parts; None when no year is given."""
    values: dict[str, int] = {}
    for name in PARTS:
        raw = parts.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        text = str(raw).strip()
        if isinstance(raw, bool) or not re.fullmatch(r"[+-]?\d+", text):
            raise EventError(f"{what}.{name} must be a whole number, not {textwrap.shorten(repr(raw), 60)}")
        if len(text.lstrip("+-")) > MAX_DIGITS:
            raise EventError(f"{what}.{name} has {len(text)} digits: no calendar reaches that far")
        values[name] = int(text)
    if "year" not in values:
        if values:
            raise EventError(f"{what} has no year")
        return None
    year = values["year"]
    if abs(year) > JS_DATE_YEARS:
        raise EventError(
            f"{what}.year {year} is on TimelineJS's cosmological scale (beyond {JS_DATE_YEARS:,} years); "
            "entries here hold calendar dates, so this timeline cannot be imported as it is"
        )
    if year == 0:
        raise EventError(f"{what}.year 0 is not a year TimelineJS shows; write -1 for 1 BC or 1 for AD 1")
    month, day, hour = values.get("month"), values.get("day"), values.get("hour")
    if day is not None and month is None:
        raise EventError(f"{what} has a day but no month")
    if hour is not None and day is None:
        raise EventError(f"{what} has a time but no day")
    if month is not None and not 1 <= month <= 12:
        raise EventError(f"{what}.month {month} is not 1..12")
    if year < 0:  # TimelineJS -N is N BCE
        text = f"{-year} BC"
        if month is not None:
            text = f"{month_name(month)} {text}" if day is None else f"{day} {month_name(month)} {text}"
    else:
        text = f"{year:04d}"
        if month is not None:
            text += f"-{month:02d}"
        if day is not None:
            text += f"-{day:02d}"
    if hour is not None:
        text += f" {hour:02d}:{values.get('minute', 0):02d}"
        if "second" in values:
            text += f":{values['second']:02d}"
    if display and _CIRCA.match(display):
        text = "c. " + text
    return text


def is_image(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(IMAGE_SUFFIXES)


def apply_media(entry: ImportedEntry, media: Any, source: SourceData, label: str) -> None:
    """An image URL becomes `image` (caption, else headline, as alt); other media a link in the body."""
    if not isinstance(media, dict):
        return
    raw = str(media.get("url") or "").strip()
    caption = html_to_text(str(media.get("caption") or ""))
    credit = html_to_markdown(str(media.get("credit") or ""))
    if not raw:
        return
    if raw.startswith("<"):
        inner = html_to_markdown(raw)
        if not inner:
            frame = re.search(r"""\bsrc\s*=\s*["']([^"']+)""", raw)
            target = web_url(frame.group(1)) if frame else None
            inner = f"[{_link_text(caption or 'Embedded media')}]({target})" if target else ""
        if not inner:
            source.problems.warn(label, entry.line, "media that is neither a URL nor readable HTML is left out")
            return
        entry.body = _join(entry.body, inner, f"{caption} ({credit})" if caption and credit else caption or credit)
        return
    url = web_url(raw)
    if url is None:
        source.problems.warn(label, entry.line, f"media '{raw}' is not an absolute http(s) URL, so it is left out")
        return
    if is_image(url) and entry.image is None:
        entry.image = url
        entry.image_alt = caption or entry.title
        if credit:
            entry.body = _join(entry.body, f"Picture: {credit}")
        return
    link = f"[{_link_text(caption or entry.title)}]({url})"
    entry.body = _join(entry.body, link + (f" ({credit})" if credit else ""))


def _link_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]").replace("<", "&lt;")


def _join(body: str, *parts: str) -> str:
    return "\n\n".join(p for p in (body, *parts) if p and p.strip())


def parse(text: str, options: ImportOptions) -> SourceData:
    source = SourceData()
    label = options.label
    try:
        data = read_json(text)
    except JsonError as exc:
        source.problems.error(label, exc.line, exc.message)
        return source
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list):
        source.problems.error(label, 1, 'not a TimelineJS file: it has no "events" list')
        return source
    lines = json_array_lines(text, "events", len(events))
    title = data.get("title")
    if isinstance(title, dict):
        slide = title.get("text") if isinstance(title.get("text"), dict) else {}
        source.topic_title = html_to_text(str(slide.get("headline") or "")) or None
        source.topic_description = html_to_markdown(str(slide.get("text") or "")) or None
        if isinstance(title.get("media"), dict) and str(title["media"].get("url") or "").strip():
            source.problems.warn(label, 1, "the title slide's media is not imported (a topic has no picture)")
    if data.get("eras"):
        source.problems.warn(label, 1, "TimelineJS eras are not imported (a topic has no eras)")
    _warn_unplaced(events, lines, source, label)
    for index, event in enumerate(events):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(event, dict):
            source.problems.error(label, line, f"event {index + 1} is not an object")
            continue
        try:
            entry = _event(event, line, source, label)
        except EventError as exc:
            source.problems.error(label, line, f"event {index + 1}: {exc}")
            continue
        if entry:
            source.entries.append(entry)
    return source


UNPLACED = {"background": "a background (a page has one look)", "location": "a map location (StoryMapJS)"}


def _warn_unplaced(events: list[Any], lines: list[int], source: SourceData, label: str) -> None:
    """Parts of events an entry has no place for, said once each with the first line that has one."""
    for key, what in UNPLACED.items():
        having = [i for i, event in enumerate(events) if isinstance(event, dict) and event.get(key)]
        if having:
            first = lines[having[0]] if having[0] < len(lines) else 1
            count = f"{len(having)} event{'s' if len(having) > 1 else ''}"
            source.problems.warn(label, first, f"{count} with {what}: not imported, an entry has no place for it")


def _event(event: dict[str, Any], line: int, source: SourceData, label: str) -> ImportedEntry | None:
    text = event.get("text") if isinstance(event.get("text"), dict) else {}
    media = event.get("media") if isinstance(event.get("media"), dict) else {}
    display = str(event.get("display_date") or "").strip() or None
    start = event.get("start_date")
    if not isinstance(start, dict):
        raise EventError("it has no start_date (TimelineJS needs one for every event)")
    date = date_text(start, "start_date", display)
    if date is None:
        raise EventError("start_date has no year")
    end_parts = event.get("end_date")
    end = date_text(end_parts, "end_date") if isinstance(end_parts, dict) else None
    headline = html_to_text(str(text.get("headline") or ""))
    body = html_to_markdown(str(text.get("text") or ""))
    if not headline:
        fallback = html_to_text(str(text.get("text") or "")) or html_to_text(str(media.get("caption") or ""))
        if not fallback:
            raise EventError("it has no headline and no text to make a title from")
        headline = first_words(fallback)
        source.problems.warn(label, line, f'the event has no headline; its title is made from its text: "{headline}"')
    entry = ImportedEntry(title=headline, date=date, end=end, line=line, body=body)
    if display and not _CIRCA.match(display):
        entry.notes.append(f"TimelineJS showed this date as: {html_to_text(display)}")
    group = html_to_text(str(event.get("group") or ""))
    if group:
        entry.tags.append(group)
    unique = str(event.get("unique_id") or "").strip()
    if unique:
        entry.slug = unique
    apply_media(entry, media, source, label)
    return entry
