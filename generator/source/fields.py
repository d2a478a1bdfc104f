"""Field values of entries, topics and pages: text, lists, booleans, URLs and dates, each checked."""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.errors import Problems

if TYPE_CHECKING:
    from generator.source.config import Settings
from generator.source import yamlread
from generator.source.dates import DateError, PartialDate, parse_date, parse_when


class FieldError(Exception):
    pass


BAD: Any = object()  # a field that was present but malformed; its error is already recorded


def text_value(value: Any, name: str) -> str | None:
    """Text as written; None for a missing or null value."""
    if yamlread.is_null(value):
        return None
    if isinstance(value, (list, dict)):
        raise FieldError(f"'{name}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
    text = str(value).strip()
    return text or None


def text_list(value: Any, name: str) -> list[str]:
    if yamlread.is_null(value):
        return []
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, (list, dict)):
            raise FieldError(f"'{name}' must be a list of words like [one, two], not nested lists or mappings")
        text = str(item).strip() if not yamlread.is_null(item) else ""
        if text:
            result.append(text)
    return result


def bool_value(value: Any, name: str) -> bool:
    if yamlread.is_null(value):
        return False
    typed = yamlread.core_value(value)
    if not isinstance(typed, bool):
        raise FieldError(f"'{name}' must be true or false, not '{value}'")
    return typed


_NOT_IN_URLS = re.compile(r'[\x00-\x20\x7f"<>\\`]')


def http_url(text: str) -> str | None:
    """`text` when it is an absolute http(s) URL with a host and nothing that would need escaping
    to stay a URL (spaces, quotes, angle brackets, control characters); None otherwise.

    The one check of a web address: entry fields, `new --url`, importers and base_url use it.
    """
    text = text.strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # an IPv6 host that is not one
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or _NOT_IN_URLS.search(text):
        return None
    return text


def web_url(value: Any, name: str) -> str | None:
    text = text_value(value, name)
    if text is None:
        return None
    if http_url(text) is None:
        raise FieldError(f"'{name}' must be a web address starting with http:// or https://, not '{text}'")
    return text


def date_value(value: Any, name: str, settings: Settings) -> PartialDate | None:
    """One date (`end`, `updated`); the settings are read only when the text needs them."""
    text = text_value(value, name)
    if text is None:
        return None
    try:
        return parse_date(text, settings=settings)
    except DateError as exc:
        raise FieldError(f"'{name}': {exc}") from None


def when_value(value: Any, name: str, settings: Settings) -> tuple[PartialDate, PartialDate | None] | None:
    """A `date`: one date, or a range written in it (its date and its end)."""
    text = text_value(value, name)
    if text is None:
        return None
    try:
        return parse_when(text, settings=settings)
    except DateError as exc:
        raise FieldError(f"'{name}': {exc}") from None


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def warn_unknown(
    fields: yamlread.LineDict, known: tuple[str, ...], relpath: str, problems: Problems, what: str, always: bool
) -> dict[str, Any]:
    """Warn about near-miss keys (and any unknown key when `always`); return the unknown ones."""
    extra = {}
    for key in fields:
        if key in known:
            continue
        extra[key] = yamlread.core_value(fields[key])
        hint = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if hint:
            problems.warn(relpath, fields.line_of(key), f"unknown {what} field '{key}': did you mean '{hint[0]}'?")
        elif always:
            problems.warn(relpath, fields.line_of(key), f"unknown {what} field '{key}' is ignored")
    return extra
