"""Parsed content files, by path: the result, the digest of the bytes it was made from, and what
parsing read of the settings (recorded while it parsed, never listed by hand).

A file is parsed again when its bytes differ or a setting it read has another value. Its bytes
are not even read while its size, times and inode are the ones recorded, unless it changed in
the two seconds before that record was saved (a second edit within a file system's timestamp
resolution could keep them; git does the same). Pickle, signed, in 64 files by path
(`.cache/parsed/00.pickle` ...; sharded.py): every build reads all of them, an edit writes one.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from generator.incremental.stores.base import Store
from generator.incremental.stores.sharded import Sharded

RACY_NS = 2_000_000_000
SHARDS = 64


def bytes_digest(data: bytes) -> str:
    """The digest of a file's bytes that a record keeps (and the build command's inputs: inputs.py)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True)
class ParsedRecord:
    kind: str  # entries, topics or pages
    stat: tuple[int, ...]  # size, mtime, ctime, inode when it was read
    digest: str  # of the file's bytes
    reads: tuple[tuple[str, Any], ...]  # (setting, value) that parsing read
    result: Any  # the Parsed value
    markdown: tuple[str, ...]  # Markdown texts it rendered (their keys), kept in that store
    wholes: tuple[bytes, ...] = ()  # the whole digest of each item of the result (digests.py)


class ParsedFile(Store):
    name = "parsed"
    codec = "pickle"

    def check(self, data: Any) -> Any:
        data = super().check(data)
        if not all(isinstance(v, ParsedRecord) for v in data.values()):
            raise ValueError("not parsed records")
        return data

    def save(self) -> None:
        """Records of files changed just now lose their stat, so the next build reads them."""
        recent = time.time_ns() - RACY_NS
        for path, record in list(self.data.items()):
            if record.stat and (record.stat[1] >= recent or record.stat[2] >= recent):
                self.data[path] = replace(record, stat=())
                self.changed = True
        super().save()


class ParsedFiles(Sharded):
    def __init__(self, folder: Path | None, notices: list[str] | None = None) -> None:
        super().__init__(ParsedFile, folder, notices, SHARDS)

    def keep_only(self, paths: set[str]) -> None:
        self.load()  # a file whose every path was deleted is read, to be emptied
        super().keep_only(paths)
