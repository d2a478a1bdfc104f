"""Every piece of state a build keeps for the next one, one module per store, one owner each.

| store        | module       | where                          | format (why)                                   |
|--------------|--------------|--------------------------------|------------------------------------------------|
| parsed files | parsed.py    | .cache/parsed/NN.pickle        | pickle, signed: model objects; 64 files by path|
| Markdown     | markdown.py  | .cache/markdown/NN.json        | JSON, signed: HTML text; 64 files by key       |
| page records | pages.py     | .cache/pages-<out>.pickle      | pickle, signed: many small sets of reads       |
| output state | output.py    | .cache/output-<out>.json       | JSON, signed: folder id, shards, last inputs   |
| templates    | templates.py | ~/.cache/timeline-generator/   | pickle, signed, private: compiled code         |

Each store loads once, answers look-ups, takes records and saves once (base.Store); each file
is a signed envelope (signed.py). `State` below is the one object a build holds them by.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from generator.incremental.stores.base import CACHE_DIR
from generator.incremental.stores.markdown import MarkdownResults
from generator.incremental.stores.output import OutputState
from generator.incremental.stores.pages import PageRecords
from generator.incremental.stores.parsed import ParsedFiles
from generator.incremental.stores.templates import CompiledTemplates

OLD_FILES = ("parsed.pickle", "markdown.json")  # one file each before the stores were split by key


@dataclass
class State:
    """The stores of one site (and one output folder), on disk or in memory."""

    parsed: ParsedFiles
    markdown: MarkdownResults
    pages: PageRecords
    output: OutputState
    templates: CompiledTemplates
    notices: list[str] = field(default_factory=list)
    superseded: tuple[Path, ...] = ()  # files of an earlier layout, removed by the first save

    @classmethod
    def on_disk(cls, root: Path, out: Path | None = None) -> State:
        notices: list[str] = []
        cache = root / CACHE_DIR
        tag = hashlib.blake2b(str(out).encode("utf-8"), digest_size=8).hexdigest() if out else "none"
        return cls(
            ParsedFiles(cache / "parsed", notices),
            MarkdownResults(cache / "markdown", notices),
            PageRecords(cache / f"pages-{tag}.pickle" if out else None, notices),
            OutputState(cache / f"output-{tag}.json" if out else None, notices),
            CompiledTemplates.for_site(root, notices),
            notices,
            tuple(cache / name for name in OLD_FILES),
        )

    @classmethod
    def in_memory(cls) -> State:
        """Stores that live as long as the caller (serve): nothing is read or written."""
        notices: list[str] = []
        return cls(
            ParsedFiles(None, notices), MarkdownResults(None, notices), PageRecords(None, notices),
            OutputState(None, notices), CompiledTemplates(None, notices), notices,
        )  # fmt: skip

    @classmethod
    def none(cls) -> State:
        """No earlier work at all: a cold build."""
        return cls.in_memory()

    def saving_sources(self) -> BackgroundSave:
        """The stores that reading fills (parsed files, Markdown), to save while pages are made."""
        return BackgroundSave([self.parsed, self.markdown])

    def save(self, *, keep_output: bool = True) -> None:
        for path in self.superseded:  # (a check, which saves nothing, leaves them too)
            try:
                path.unlink()
            except OSError:
                pass
        self.parsed.save()
        self.markdown.save()
        self.templates.save()
        if keep_output:
            self.pages.save()
            self.output.save()


class _Saves(Protocol):
    def save(self) -> None: ...


class BackgroundSave:
    """Stores saved by a thread while the build goes on. At 40,000 entries saving the parsed files
    and their Markdown took 2.5 s after the last page, with one core idle. `start()` only once
    this process forks no more workers (a fork copies one thread: a lock held by another would
    stay locked in the child); `join()`, or the end of a `with` block, waits and raises what
    saving raised."""

    def __init__(self, stores: Sequence[_Saves]) -> None:
        self.stores = stores
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._save, name="save-stores", daemon=True)
        self._thread.start()

    def _save(self) -> None:
        try:
            for store in self.stores:
                store.save()
        except BaseException as exc:  # raised in the build's own thread, by join()
            self._error = exc

    def __enter__(self) -> BackgroundSave:
        return self

    def __exit__(self, *exc: object) -> None:
        self.join()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error
