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
from dataclasses import dataclass, field
from pathlib import Path

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
