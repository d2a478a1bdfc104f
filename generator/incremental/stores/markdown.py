"""Markdown results by the digest of the text: rendering is most of parsing, and a pure
function of the text and the code (whose fingerprint keys every file of the store).

JSON, signed: the values are HTML that goes into pages as it is. In 64 files by key
(`.cache/markdown/00.json` ...; sharded.py): an edit reads and writes the few files its texts
fall in, not all of them (150 MB at 40,000 entries, a second and a half to read and as long to
write). Results that no recorded file uses any more are dropped from every file a build reads,
so a file holds at most what the site uses and what edits since it was last read left behind.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from generator.incremental.stores.base import Store
from generator.incremental.stores.sharded import Sharded

SHARDS = 64


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class MarkdownFile(Store):
    name = "markdown"
    codec = "json"

    def check(self, data: Any) -> Any:
        data = super().check(data)
        for value in data.values():
            if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)):
                raise ValueError("an entry is not [html, links, first paragraph]")
        return data


class MarkdownResults(Sharded):
    def __init__(self, folder: Path | None, notices: list[str] | None = None) -> None:
        super().__init__(MarkdownFile, folder, notices, SHARDS)
