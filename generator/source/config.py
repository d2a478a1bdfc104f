"""Site settings from content/site.yaml (SPEC 2): a typed, validated Settings value plus problems.

Each key has one reader in SETTINGS: text in, the value or a SettingError with the message for
the author. Unknown keys are a warning naming the closest known one.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import Problems
from generator.source import yamlread
from generator.source.fields import http_url
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
    topic_page_limit: int = 200
    image: str | None = None  # a site path under content/static/
    image_alt: str | None = None
    file_links: bool = False


NO_BASE_URL = (
    "note: no base_url in content/site.yaml (or --base-url): feeds and the 404 page link from the domain "
    "root, and there is no sitemap or canonical URL"
)


KNOWN_KEYS = tuple(f.name for f in fields(Settings))


class SettingError(ValueError):
    """A value a setting cannot take; the message is for the author."""


def closest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def normalise_base_url(url: str) -> str | None:
    """An absolute http(s) URL ending in '/', or None when it is not one."""
    checked = http_url(url)
    return checked.rstrip("/") + "/" if checked else None


# --- one reader per key ----------------------------------------------------------------------------


def _text(raw: Any, text: str) -> str:
    return text


def _base_url(raw: Any, text: str) -> str:
    url = normalise_base_url(text)
    if url is None:
        raise SettingError(f"base_url must be an absolute http(s) URL like https://user.github.io/repo/, not '{text}'")
    return url


def _timezone(raw: Any, text: str) -> str:
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(f"unknown time zone '{text}' (use an IANA name like Europe/London or Asia/Seoul)") from None
    return text


def _one_of(name: str, choices: tuple[str, ...]) -> Callable[[Any, str], str]:
    def read(raw: Any, text: str) -> str:
        if text not in choices:
            raise SettingError(f"{name} must be one of {', '.join(choices)}, not '{text}'")
        return text

    return read


def _whole_number(name: str) -> Callable[[Any, str], int]:
    def read(raw: Any, text: str) -> int:
        number = yamlread.core_value(raw) if len(text) <= 12 else None  # no 4,300-digit integers
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= 1_000_000_000:
            raise SettingError(f"{name} must be a whole number of at least 1, not '{text[:40]}'")
        return number

    return read


def _yes_no(name: str) -> Callable[[Any, str], bool]:
    def read(raw: Any, text: str) -> bool:
        value = yamlread.core_value(raw)
        if not isinstance(value, bool):
            raise SettingError(f"{name} must be true or false, not '{text}'")
        return value

    return read


def _language(raw: Any, text: str) -> str:
    """A BCP 47 tag CLDR knows (`ko`, `pt-BR`, `zh-Hant`), kept as written."""
    from babel import Locale, UnknownLocaleError

    try:
        Locale.parse(text, sep="-")
    except (UnknownLocaleError, ValueError):
        raise SettingError(
            f"language '{text}' is not one CLDR knows: write a BCP 47 tag such as en, ko, de, pt-BR or zh-Hant"
        ) from None
    return text


def _static_path(raw: Any, text: str) -> str:
    if "://" in text or text.startswith("//"):
        raise SettingError(f"image must be a path under content/static/ (like images/cover.png), not '{text}'")
    return text.lstrip("/")


SETTINGS: dict[str, Callable[[Any, str], Any]] = {
    "title": _text,
    "description": _text,
    "base_url": _base_url,
    "language": _language,
    "timezone": _timezone,
    "date_order": _one_of("date_order", DATE_ORDERS),
    "order": _one_of("order", ORDERS),
    "feed_limit": _whole_number("feed_limit"),
    "topic_page_limit": _whole_number("topic_page_limit"),
    "image": _static_path,
    "image_alt": _text,
    "file_links": _yes_no("file_links"),
}


def load_settings(root: Path, problems: Problems) -> Settings:
    data = _read(root, problems)
    if data is None:
        return Settings()
    values: dict[str, Any] = {}
    for key, raw in data.items():
        line = data.line_of(key)
        if key not in SETTINGS:
            hint = closest(key, KNOWN_KEYS)
            problems.warn(SITE_FILE, line, f"unknown setting '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""))
            continue
        if yamlread.is_null(raw):
            continue
        if isinstance(raw, (list, dict)):
            problems.error(SITE_FILE, line, f"'{key}' must be a single value, not a list or mapping")
            continue
        try:
            values[key] = SETTINGS[key](raw, str(raw).strip())
        except SettingError as exc:
            problems.error(SITE_FILE, line, str(exc))
    if values.get("image") and not values.get("image_alt"):
        message = "'image' needs 'image_alt': a short text describing the picture"
        problems.error(SITE_FILE, data.line_of("image"), message)
    if values.get("image") and not _is_static_file(root, values["image"]):
        problems.error(SITE_FILE, data.line_of("image"), f"the image '{values['image']}' is not in content/static/")
    return Settings(**values)


def _is_static_file(root: Path, relpath: str) -> bool:
    """A file content/static/ publishes (no part hidden with . or _, no link out of it)."""
    static = root / "content" / "static"
    parts = relpath.split("/")
    if any(not part or part in (".", "..") or part.startswith((".", "_")) for part in parts):
        return False
    path = static
    for part in ("", *parts):
        path = path / part if part else path
        if path.is_symlink():
            return False
    return path.is_file()


def _read(root: Path, problems: Problems) -> yamlread.LineDict | None:
    """The mapping in site.yaml; None (with any problem recorded) when there is none to use."""
    path = root / SITE_FILE
    if not os.path.lexists(path):
        return None
    try:
        check_source(path, root / "content")
        data = yamlread.load(decode(read_bytes(path)))
    except NotReadable as exc:
        problems.error(SITE_FILE, exc.line, exc.message)
        return None
    except yamlread.YamlError as exc:
        problems.error(SITE_FILE, exc.line, exc.message)
        return None
    if data is not None and not isinstance(data, yamlread.LineDict):
        problems.error(SITE_FILE, 1, "site settings must be a mapping of keys like 'title: My timelines'")
        return None
    return data
