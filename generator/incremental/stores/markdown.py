"""Markdown results by the digest of the text: rendering is most of parsing, and a pure
function of the text and the code (whose fingerprint keys the whole store).

JSON, signed: the values are HTML that goes into pages as it is. Entries that no recorded file
uses any more are dropped on saving, so the store never grows past the site.
"""

from __future__ import annotations

import hashlib
from typing import Any

from generator.incremental.stores.base import Store


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class MarkdownResults(Store):
    name = "markdown"
    codec = "json"

    def check(self, data: Any) -> Any:
        data = super().check(data)
        for value in data.values():
            if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)):
                raise ValueError("an entry is not [html, links, first paragraph]")
        return data

    def keep_only(self, keys: set[str]) -> None:
        """Drop results no file uses any more (called before saving)."""
        self.load()
        if any(key not in keys for key in self.data):
            self.data = {key: value for key, value in self.data.items() if key in keys}
            self.changed = True
