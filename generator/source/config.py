"""Site settings from content/site.yaml: a typed, validated Settings value plus problems."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import Problems
from generator.source import yamlread
from generator.source.files import NotReadable, check_source, decode, read_bytes

SITE_FILE = "content/site.yaml"
ORDERS = ("oldest-first", "newest-first")
DATE_ORDERS = ("ymd", "dmy", "mdy")


@dataclass(frozen=True)
class Settings:
    title: str = "Timelines"
    description: str = ""
    base_url: str | None = None
    language: str = "en"
    timezone: str = "UTC"
    date_order: str = "ymd"
    order: str = "oldest-first"
    feed_limit: int = 50


KNOWN_KEYS = tuple(Settings.__dataclass_fields__)


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def normalise_base_url(url: str) -> str | None:
    """An absolute http(s) URL ending in '/', or None when it is not one."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return url.strip().rstrip("/") + "/"


def load_settings(root: Path, problems: Problems) -> Settings:
    path = root / SITE_FILE
    if not os.path.lexists(path):
        return Settings()
    try:
        check_source(path, root / "content")
        data = yamlread.load(decode(read_bytes(path)))
    except NotReadable as exc:
        problems.error(SITE_FILE, exc.line, exc.message)
        return Settings()
    except yamlread.YamlError as exc:
        problems.error(SITE_FILE, exc.line, exc.message)
        return Settings()
    if data is None:
        return Settings()
    if not isinstance(data, yamlread.LineDict):
        problems.error(SITE_FILE, 1, "site settings must be a mapping of keys like 'title: My timelines'")
        return Settings()
    values: dict = {}
    for key, raw in data.items():
        line = data.line_of(key)
        if key not in KNOWN_KEYS:
            hint = closest(key, KNOWN_KEYS)
            problems.warn(SITE_FILE, line, f"unknown setting '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
            continue
        if yamlread.is_null(raw):
            continue
        if isinstance(raw, (list, dict)):
            problems.error(SITE_FILE, line, f"'{key}' must be a single value, not a list or mapping")
            continue
        text = str(raw).strip()
        if key == "base_url":
            url = normalise_base_url(text)
            if url is None:
                problems.error(
                    SITE_FILE,
                    line,
                    f"base_url must be an absolute http(s) URL like https://user.github.io/repo/, not '{text}'",
                )
                continue
            values[key] = url
        elif key == "timezone":
            try:
                ZoneInfo(text)
            except (ZoneInfoNotFoundError, ValueError):
                problems.error(
                    SITE_FILE, line, f"unknown time zone '{text}' (use an IANA name like Europe/London or Asia/Seoul)"
                )
                continue
            values[key] = text
        elif key == "date_order":
            if text not in DATE_ORDERS:
                problems.error(SITE_FILE, line, f"date_order must be one of {', '.join(DATE_ORDERS)}, not '{text}'")
                continue
            values[key] = text
        elif key == "order":
            if text not in ORDERS:
                problems.error(SITE_FILE, line, f"order must be oldest-first or newest-first, not '{text}'")
                continue
            values[key] = text
        elif key == "feed_limit":
            number = yamlread.core_value(raw)
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                problems.error(SITE_FILE, line, f"feed_limit must be a whole number of at least 1, not '{text}'")
                continue
            values[key] = number
        else:
            values[key] = text
    return Settings(**values)
