"""Markdown results kept between builds, by content hash, in the site's .cache/ folder.

Markdown is most of a cold build's time and a pure function of the text and the converter's
settings, so its results are stored as JSON (never pickle: a cache folder must not be able to run
code) under a header naming the generator version and the Markdown extensions. A cache that is
corrupt, foreign or from another version is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from generator import __version__

CACHE_DIR = ".cache"
FORMAT = 1


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class MarkdownCache:
    """A dict of text hash -> rendered result, loaded once and saved once per build."""

    def __init__(self, path: Path | None, settings_key: str) -> None:
        self.path = path
        self.header = {"format": FORMAT, "version": __version__, "markdown": settings_key}
        self._entries: dict[str, Any] | None = None if path is not None else {}  # read on first use
        self.used: set[str] = set()
        self.new: dict[str, Any] = {}  # computed in this process during this build
        self.keep_unused = False  # set when some files were not parsed at all: their results stay

    @property
    def entries(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = self._load()
        return self._entries

    @entries.setter
    def entries(self, value: dict[str, Any]) -> None:
        self._entries = value

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())  # type: ignore[union-attr]
        except (OSError, ValueError):
            return {}
        if isinstance(data, dict) and data.get("header") == self.header and isinstance(data.get("entries"), dict):
            return data["entries"]
        return {}

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used.add(key)
        self.new[key] = value

    def merge(self, new: dict[str, Any]) -> None:
        """Results computed in worker processes."""
        for key, value in new.items():
            self.put(key, value)

    def save(self) -> None:
        """Keep only what this build used, so the cache never grows past the site (all of it when
        some files were not parsed at all, as their Markdown is still in use: `keep_unused`)."""
        if self.path is None or self._entries is None:  # never needed: the file stands as it is
            return
        if not self.new and (self.keep_unused or len(self.used) == len(self.entries)):
            return
        kept = {key: self.entries[key] for key in sorted(self.used) if key in self.entries}
        if self.keep_unused:
            kept = dict(sorted(self.entries.items()))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            temporary.write_text(
                json.dumps({"header": self.header, "entries": kept}, ensure_ascii=False), encoding="utf-8"
            )
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time


def cache_file(root: Path) -> Path:
    return root / CACHE_DIR / "markdown.json"
