"""Feeds in: RSS 2.0 and Atom through feedparser, JSON Feed read as JSON.

Feed HTML is untrusted (SPEC 4): titles become plain text, content is sanitised with nh3 and
written as Markdown. Dates are kept as the feed wrote them when the date parser reads them,
else taken from feedparser's normalised UTC time.
"""

from __future__ import annotations

import json
import time
from html import escape
from typing import Any

import feedparser

from generator.source.dates import DateError, parse_date

from .common import ImportedEntry, ImportOptions, SourceData, web_url
from .sanitize import first_words, html_to_markdown, html_to_text


def is_json_feed(data: Any) -> bool:
    return isinstance(data, dict) and str(data.get("version", "")).startswith("https://jsonfeed.org/version/")


def parse(text: str, options: ImportOptions) -> SourceData:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            source = SourceData()
            source.problems.error(options.label, exc.lineno, f"not valid JSON: {exc.msg}")
            return source
        return _json_feed(data, text, options)
    return _xml_feed(text, options)


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
           line: int, source: SourceData, label: str) -> ImportedEntry | None:  # fmt: skip
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
    if date is None:
        source.problems.error(label, line, f'"{title}" has no date (no published or updated date in the feed)')
        return None
    entry = ImportedEntry(title=title, date=date, line=line, body=body, summary=summary or None)
    entry.url = web_url(link)
    return entry


def _xml_feed(text: str, options: ImportOptions) -> SourceData:
    source = SourceData()
    parsed = feedparser.parse(text.encode("utf-8"), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "no RSS, Atom or JSON feed found"
        line = getattr(parsed.get("bozo_exception"), "getLineNumber", lambda: 1)() or 1
        source.problems.error(options.label, line, f"not a feed: {reason}")
        return source
    feed_title = html_to_text(parsed.feed.get("title", "")) or None
    source.topic_title = feed_title
    source.topic_description = html_to_text(parsed.feed.get("subtitle", "")) or None
    for item in parsed.entries:
        content = item.get("content") or []
        content_html = "\n".join(c.get("value", "") for c in content)
        raw_date = item.get("published") or item.get("updated")
        parsed_date = item.get("published_parsed") or item.get("updated_parsed")
        line = _line_of(text, item.get("link")) if item.get("link") else _line_of(text, item.get("title"))
        entry = _entry(
            item.get("title", ""), content_html, item.get("summary", ""), item.get("link"),
            _date(raw_date, parsed_date, options), line, source, options.label,
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
    for item in items:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        line = _line_of(text, json.dumps(link)[1:-1] if link else None)
        content = str(item.get("content_html") or "")
        if not content and item.get("content_text"):
            content = "".join(f"<p>{escape(p)}</p>" for p in str(item["content_text"]).split("\n\n"))
        raw_date = str(item.get("date_published") or item.get("date_modified") or "") or None
        entry = _entry(str(item.get("title") or ""), content, str(item.get("summary") or ""), link,
                       _date(raw_date, None, options), line, source, options.label)  # fmt: skip
        if entry:
            entry.source = feed_title
            source.entries.append(entry)
    return source
