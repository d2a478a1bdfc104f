"""Reuse of parsed files for the reading stage (source/load.py's `Reuse`), from two stores.

A file's result is kept with the digest of its bytes and the settings its parse read; it is
taken again while both are the same. While the file's size, times and inode are the recorded
ones its bytes are not even read (see stores/parsed.py for the two-second rule).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import Any

from generator.incremental.digests import flat_whole
from generator.incremental.stores.markdown import MarkdownResults
from generator.incremental.stores.parsed import ParsedFiles, ParsedRecord, bytes_digest
from generator.source.config import Settings
from generator.source.parse import Parsed


def stat_key(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


class SourceReuse:
    def __init__(self, parsed: ParsedFiles, markdown: MarkdownResults, settings: Settings) -> None:
        self.store = parsed
        self.markdown = markdown
        self.settings = settings
        self.fresh: set[str] = set()  # the files parsed in this build (an edit's, for pages made ahead)
        # id of an item of a result -> (it, its whole digest): the digester's, known without
        # encoding its fields again (an unchanged file's entries are the recorded objects)
        self.wholes: dict[int, tuple[Any, bytes]] = {}
        self.digests: dict[str, str] = {}  # path -> digest of the bytes of each file whose result was taken

    def _current(self, record: ParsedRecord) -> bool:
        """Would parsing read the same settings values today?"""
        return all(getattr(self.settings, name) == value for name, value in record.reads)

    def stored(self, relpath: str, kind: str, stat: os.stat_result) -> Parsed | None:
        record = self.store.lookup(relpath)
        if record is None or record.kind != kind or not record.stat or record.stat != stat_key(stat):
            return None
        return self._taken(relpath, record) if self._current(record) else None

    def matching(self, relpath: str, kind: str, stat: os.stat_result, data: bytes) -> Parsed | None:
        record = self.store.lookup(relpath)
        if record is None or record.kind != kind or record.digest != bytes_digest(data) or not self._current(record):
            return None
        if record.stat != stat_key(stat):  # touched, not changed: remember the new stat
            self.store.record(relpath, replace(record, stat=stat_key(stat)))
        return self._taken(relpath, record)

    def keep(self, relpath: str, kind: str, stat: os.stat_result, data: bytes, parsed: Parsed) -> None:
        self.fresh.add(relpath)
        wholes = tuple(flat_whole(item) for item in parsed.items)
        record = ParsedRecord(
            kind, stat_key(stat), bytes_digest(data), parsed.settings_read, parsed, parsed.markdown, wholes
        )
        self.store.record(relpath, record)
        self._taken(relpath, record)

    def _taken(self, relpath: str, record: ParsedRecord) -> Parsed:
        self.digests[relpath] = record.digest
        items = record.result.items
        if len(record.wholes) == len(items):
            for item, whole in zip(items, record.wholes, strict=True):
                self.wholes[id(item)] = (item, whole)
        return record.result

    def finish(self, paths: set[str]) -> None:
        self.store.keep_only(paths)
        if self.markdown.loaded:  # unread when nothing was parsed: left as it is, for the next build
            self.markdown.keep_only({key for record in self.store.data.values() for key in record.markdown})
