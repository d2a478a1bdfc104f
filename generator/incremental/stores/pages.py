"""Page records: what each output of the live folder read when it was made.

A read is a (key, field) pair (`entry:troops-confirmed`, `title`), a template (`template:
base.html`, `source`) or a message. The digest of every read value is kept once for all pages:
when a value changes, every page that read it is made again in that build, so at any time the
pages that read a value were all made with its current digest. Pickle, signed.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.incremental.stores.base import Store

Read = tuple[str, str]


@dataclass
class PageRecord:
    maker: str  # the template or function that made it
    context: bytes  # digest of what the page was given (its entry, its topic's years ...)
    reads: array  # type: ignore[type-arg]  # indexes into Records.reads, ascending (read_numbers)
    files: tuple[str, ...]  # what it made: its path, or the files of a group (sitemap parts)


def read_numbers(numbers: Iterable[int]) -> array:  # type: ignore[type-arg]
    """A page's reads as stored: an array, not a set. Every build loads every page's record, and
    4,000 entries' pages read 236,000 values: as frozensets they took 45 ms to unpickle, as
    arrays 1.5 ms (40,000 entries: 5 million)."""
    return array("I", sorted(numbers))


@dataclass
class Records:
    reads: list[Read] = field(default_factory=list)  # index -> read
    digests: list[bytes] = field(default_factory=list)  # index -> digest of the value read
    wholes: dict[str, bytes] = field(default_factory=dict)  # key -> digest of all its fields
    pages: dict[str, PageRecord] = field(default_factory=dict)  # output path -> record
    counted: int = 0  # how many of `reads` some page read, when last counted (engine._records)


class PageRecords(Store):
    name = "pages"
    codec = "pickle"

    def empty(self) -> Any:
        return Records()

    def check(self, data: Any) -> Any:
        if not isinstance(data, Records) or len(data.reads) != len(data.digests):
            raise ValueError("not page records")
        return data

    @property
    def records(self) -> Records:
        self.load()
        return self.data
