"""Interface words in the site's language (SPEC 8): message catalogs with CLDR plural rules.

A catalog is YAML, `message id: text`, the id being the English text (`Key moments: Key
moments`); a message with a count has a text per CLDR plural category (`one`, `few`, `many`,
`other`...) and `%(num)d` where the number goes. The theme's catalogs are `i18n/<language>.yaml`
beside its templates (the English one lists every id); a site's `content/i18n/<language>.yaml`
adds to them or changes them. A language the theme has no catalog for keeps English words, with
a warning. Templates use them through Jinja's i18n extension (`_()`, `ngettext()`); Python code
(chart captions, feed titles) through the same `Words`. Every look-up is reported to `on_read`, so
a page is made again when a word it used changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale

from generator.errors import Problems
from generator.site.theme import theme_folders
from generator.source import yamlread
from generator.source.config import SITE_FILE, closest
from generator.source.files import NotReadable, decode, read_bytes

CATEGORIES = ("zero", "one", "two", "few", "many", "other")
Message = str | Mapping[str, str]


@dataclass(frozen=True)
class Catalog:
    language: str  # the site's tag, as written in site.yaml
    theme: str | None  # the theme catalog used ("pt" for pt-BR); None: English words
    messages: Mapping[str, Message] = field(default_factory=dict)


def locale_of(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (ValueError, LookupError):  # refused in site.yaml already; a check runs on anyway
        return Locale.parse("en")


class Words:
    """The words of one site: `gettext` and `ngettext` give a message's text in the site's
    language (a %-format string, as Jinja's newstyle gettext wants); `say` and `count` format it."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.language = catalog.language
        self.locale = locale_of(catalog.language)
        self.rtl = self.locale.character_order == "right-to-left"
        self.on_read: Callable[[str], None] | None = None

    def lookup(self, message: str) -> Message | None:
        """The catalog's entry for an id, as stored (what a page that used it depends on)."""
        return self.catalog.messages.get(message)

    def gettext(self, message: str) -> str:
        if self.on_read is not None:
            self.on_read(message)
        found = self.catalog.messages.get(message, message)
        if isinstance(found, Mapping):
            return str(found.get("other") or found.get("one") or message)
        return found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.on_read is not None:
            self.on_read(singular)
        found = self.catalog.messages.get(singular)
        if isinstance(found, Mapping):
            text = found.get(self.locale.plural_form(abs(n))) or found.get("other")
            if text:
                return str(text)
        if isinstance(found, str):
            return found
        return singular if n == 1 else plural

    def say(self, message: str, **values: Any) -> str:
        text = self.gettext(message)
        return text % values if values else text

    def count(self, singular: str, plural: str, n: int, **values: Any) -> str:
        return self.ngettext(singular, plural, n) % {"num": n, **values}


def english(root: Path | None = None) -> Words:
    """The theme's English words (for a page made outside a build)."""
    problems = Problems()
    return Words(load_catalog(root or Path("."), "en", problems))


# --- loading ------------------------------------------------------------------------------------


def theme_catalog_files(root: Path) -> dict[str, list[Path]]:
    """language -> its catalog files in the theme, least specific first (default, then the site's)."""
    found: dict[str, list[Path]] = {}
    for folder in reversed(theme_folders(root)):
        i18n = folder / "i18n"
        if i18n.is_dir():
            for path in sorted(i18n.glob("*.yaml")):
                found.setdefault(path.stem, []).append(path)
    return found


def best_match(language: str, available: list[str]) -> str | None:
    """The theme catalog for a tag: itself, then without its region, then the language alone."""
    wanted = language.replace("_", "-").lower()
    lowered = {name.lower(): name for name in available}
    parts = wanted.split("-")
    for size in range(len(parts), 0, -1):
        candidate = "-".join(parts[:size])
        if candidate in lowered:
            return lowered[candidate]
    return None


def load_catalog(root: Path, language: str, problems: Problems) -> Catalog:
    files = theme_catalog_files(root)
    base = _merged(files.get("en", []), root, problems)
    chosen = "en" if language.lower().startswith("en") else best_match(language, [n for n in files if n != "en"])
    messages: dict[str, Message] = dict(base)
    if chosen and chosen != "en":
        messages.update(_merged(files[chosen], root, problems))
    elif chosen is None:
        have = ", ".join(sorted(files)) or "none"
        problems.warn(SITE_FILE, _setting_line(root, "language"),
                      f"the theme has no words for '{language}' (it has {have}): its words stay English until "
                      f"content/i18n/{language}.yaml gives them")  # fmt: skip
    messages.update(_site_words(root, language, base, problems))
    return Catalog(language, chosen, messages)


def _merged(paths: list[Path], root: Path, problems: Problems) -> dict[str, Message]:
    merged: dict[str, Message] = {}
    for path in paths:
        merged.update(_read(path, _shown(path, root), problems)[0])
    return merged


def _site_words(root: Path, language: str, known: Mapping[str, Message], problems: Problems) -> dict[str, Message]:
    """content/i18n/<language>.yaml: any message added or changed; an unknown id is a warning."""
    folder = root / "content" / "i18n"
    path = next((p for p in sorted(folder.glob("*.yaml")) if p.stem.lower() == language.lower()), None) if (
        folder.is_dir()) else None  # fmt: skip
    if path is None:
        return {}
    relpath = _shown(path, root)
    words, lines = _read(path, relpath, problems)
    for message in words:
        if message not in known:
            hint = closest(message, list(known))
            guess = f" (did you mean '{hint}'?)" if hint else ""
            problems.warn(relpath, lines[message], f"unknown message id '{message}'{guess}: not a word the theme uses")
    return words


def _read(path: Path, relpath: str, problems: Problems) -> tuple[dict[str, Message], dict[str, int]]:
    """The messages of one catalog file, and the line of each."""
    try:
        data = yamlread.load(decode(read_bytes(path)))
    except (NotReadable, yamlread.YamlError) as exc:
        problems.error(relpath, exc.line, exc.message)
        return {}, {}
    if data is None:
        return {}, {}
    if not isinstance(data, yamlread.LineDict):
        problems.error(relpath, 1, "a catalog is a mapping of message ids to texts ('Key moments: Temps forts')")
        return {}, {}
    found: dict[str, Message] = {}
    lines: dict[str, int] = {}
    for key, value in data.items():
        text = _message(value)
        if text is None:
            problems.error(relpath, data.line_of(key), f"'{key}': a message is a text, or a text per plural "
                           f"category ({', '.join(CATEGORIES)})")  # fmt: skip
            continue
        found[str(key)] = text
        lines[str(key)] = data.line_of(key)
    return found, lines


def _message(value: Any) -> Message | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and value and all(k in CATEGORIES and isinstance(v, str) for k, v in value.items()):
        return {str(k): str(v) for k, v in value.items()}
    return None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return f"(default theme) i18n/{path.name}"


def _setting_line(root: Path, key: str) -> int:
    try:
        text = (root / SITE_FILE).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1
    match = re.search(rf"^{re.escape(key)}\s*:", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1
