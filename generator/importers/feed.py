"""Feeds in: RSS 2.0 and Atom through feedparser, JSON Feed read as JSON.

Feed HTML is untrusted (SPEC 4): titles become plain text, content is sanitised with nh3 and
written as Markdown. Dates are kept as the feed wrote them when the date parser reads them,
else taken from feedparser's normalised UTC time.
"""

from __future__ import annotations

import re
import time
from html import escape
from typing import Any

import feedparser

from generator.source.dates import DateError, parse_date

from .common import (
    ImportedEntry,
    ImportOptions,
    JsonError,
    SourceData,
    dated_by_year,
    json_array_lines,
    read_json,
    web_url,
)
from .sanitize import first_words, html_to_markdown, html_to_text


def is_json_feed(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("version", "")).startswith("https://jsonfeed.org/version/")


def parse(text: str, options: ImportOptions) -> SourceData:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        try:
            data = read_json(stripped)
        except JsonError as exc:
            source = SourceData()
            source.problems.error(options.label, exc.line, exc.message)
            return source
        return _json_feed(data, text, options)
    return _xml_feed(text, options)


_DECLARED = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_ITEM = re.compile(r"<(?:[\w.-]+:)?(?:item|entry)[\s>/]")


def as_utf8(text: str) -> bytes:
    """The feed as UTF-8 bytes saying so: the text was decoded from whatever it declared
    (importers/source.py), and feedparser must not decode it a second time."""
    return _DECLARED.sub(r'\1"utf-8"', text, count=1).encode("utf-8")


def item_lines(text: str, count: int) -> list[int]:
    """The line of each <item> or <entry>, when there are as many as feedparser found."""
    lines, line, counted = [], 1, 0
    for match in _ITEM.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.append(line)
    return lines if len(lines) == count else []


def _line_of(text: str, needle: str | None) -> int:
    if not needle:
        return 1
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _date(raw: str | None, parsed: time.struct_time | None, options: ImportOptions) -> str | None:
    if raw:
        try:
            date = parse_date(raw, date_order=options.settings.date_order, site_zone=options.settings.timezone)
            return date.iso() if date.has_time else raw.strip()
        except DateError:
            pass
    if parsed:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    return None


def _entry(title_html: str, content_html: str, summary_html: str, link: str | None, date: str | None,
           line: int, source: SourceData, options: ImportOptions) -> ImportedEntry | None:  # fmt: skip
    label = options.label
    body = html_to_markdown(content_html or summary_html)
    summary = html_to_text(summary_html) if content_html and summary_html else ""
    title = html_to_text(title_html)
    if not title:
        text = html_to_text(content_html or summary_html)
        if not text:
            source.problems.error(label, line, "a feed item with no title and no text")
            return None
        title = first_words(text)
        source.problems.warn(label, line, f'the item has no title; its title is made from its text: "{title}"')
    entry = ImportedEntry(title=title, date=date, line=line, body=body, summary=summary or None)
    entry.url = web_url(link)
    if date is None:
        return _undated(entry, source, options)
    return entry


def _undated(entry: ImportedEntry, source: SourceData, options: ImportOptions) -> ImportedEntry | None:
    return dated_by_year(entry, source, options, "(no published or updated date in the feed)",
                         "the feed gives no date for this item")  # fmt: skip


def _xml_feed(text: str, options: ImportOptions) -> SourceData:
    source = SourceData()
    parsed = feedparser.parse(as_utf8(text), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "no RSS, Atom or JSON feed found"
        line = getattr(parsed.get("bozo_exception"), "getLineNumber", lambda: 1)() or 1
        source.problems.error(options.label, line, f"not a feed: {reason}")
        return source
    feed_title = html_to_text(parsed.feed.get("title", "")) or None
    source.topic_title = feed_title
    source.topic_description = html_to_text(parsed.feed.get("subtitle", "")) or None
    lines = item_lines(text, len(parsed.entries))
    for index, item in enumerate(parsed.entries):
        content = item.get("content") or []
        content_html = "\n".join(c.get("value", "") for c in content)
        raw_date = item.get("published") or item.get("updated")
        parsed_date = item.get("published_parsed") or item.get("updated_parsed")
        line = lines[index] if lines else _line_of(text, item.get("link") or item.get("title"))
        entry = _entry(
            item.get("title", ""), content_html, item.get("summary", ""), item.get("link"),
            _date(raw_date, parsed_date, options), line, source, options,
        )  # fmt: skip
        if entry:
            entry.source = feed_title
            source.entries.append(entry)
    return source


def _json_feed(data: Any, text: str, options: ImportOptions) -> SourceData:
    source = SourceData()
    if not is_json_feed(data):
        source.problems.error(
            options.label, 1, 'not a JSON Feed: it has no "version": "https://jsonfeed.org/version/1.1"'
        )
        return source
    items = data.get("items")
    if not isinstance(items, list):
        source.problems.error(options.label, 1, 'a JSON Feed needs an "items" list')
        return source
    feed_title = html_to_text(str(data.get("title") or "")) or None
    source.topic_title = feed_title
    source.topic_description = html_to_text(str(data.get("description") or "")) or None
    lines = json_array_lines(text, "items", len(items))
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else 1
        if not isinstance(item, dict):
            source.problems.error(options.label, line, f"item {index + 1} is not an object")
            continue
        link = item.get("url") or item.get("external_url")
        content = str(item.get("content_html") or "")
        if not content and item.get("content_text"):
            content = "".join(f"<p>{escape(p)}</p>" for p in str(item["content_text"]).split("\n\n"))
        raw_date = str(item.get("date_published") or item.get("date_modified") or "") or None
        entry = _entry(str(item.get("title") or ""), content, str(item.get("summary") or ""), link,
                       _date(raw_date, None, options), line, source, options)  # fmt: skip
        if entry:
            entry.source = feed_title
            source.entries.append(entry)
    return source
