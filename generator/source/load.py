"""Discover a site's content files and parse them (in parallel when many): files in, model out.

What an earlier build parsed may be reused: `load_site` asks a `Reuse` (the incremental layer's,
or none) before reading or parsing each file, and hands it every file it parsed. The site-wide
checks (unknown topics, duplicate slugs, links) are in checks.py.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from generator import workers as worker_pool
from generator.errors import Problems
from generator.source import checks
from generator.source.config import Settings
from generator.source.entries import parse_entry_file
from generator.source.files import NotReadable, check_source, decode, read_bytes, rel, walk_paths
from generator.source.markup import Markup, ResultCache
from generator.source.model import Site
from generator.source.parse import Parsed, parse_file, parse_page_file, parse_topic_file

PARSERS = {"entries": parse_entry_file, "topics": parse_topic_file, "pages": parse_page_file}
SUFFIXES = {
    "entries": (".md", ".markdown", ".yaml", ".yml"),
    "topics": (".yaml", ".yml", ".md"),
    "pages": (".md", ".markdown"),
}
PARALLEL_MIN = 150  # files a parse task holds: below two tasks' worth, starting workers costs more than it saves


class Reuse(Protocol):
    """What an earlier build parsed (incremental/sources.py): asked before each file is read."""

    markdown: ResultCache | None

    def stored(self, relpath: str, kind: str, stat: os.stat_result) -> Parsed | None:
        """The result for a file whose stat is the recorded one (its bytes are not read)."""

    def matching(self, relpath: str, kind: str, stat: os.stat_result, data: bytes) -> Parsed | None:
        """The result for a file with these bytes, when the settings it read are the same."""

    def keep(self, relpath: str, kind: str, stat: os.stat_result, data: bytes, parsed: Parsed) -> None:
        """A result parsed in this build."""

    def finish(self, paths: set[str]) -> None:
        """Every file of the site was seen: forget the others."""


@dataclass
class _File:
    kind: str
    path: str
    relpath: str
    stat: os.stat_result | None = None
    data: bytes | None = None
    parsed: Parsed | None = None


def discover(root: Path) -> dict[str, list[str]]:
    """The content files of each kind, in a stable order (paths as strings: there are thousands)."""
    content = root / "content"
    found = {kind: walk_paths(content / kind, SUFFIXES[kind]) for kind in PARSERS}
    for flat in ("topics", "pages"):  # no subfolders
        folder = os.fspath(content / flat)
        found[flat] = [p for p in found[flat] if os.path.dirname(p) == folder or p == folder]
    found["static"] = walk_paths(content / "static")
    return found


def load_site(
    root: Path,
    settings: Settings,
    problems: Problems,
    drafts: bool = False,
    reuse: Reuse | None = None,
    workers: int = 1,
) -> Site:
    """Parse every content file and check what needs the whole site."""
    found = discover(root)
    content = root / "content"
    files = [_File(kind, path, rel(path, root)) for kind in PARSERS for path in found[kind]]

    def to_parse() -> Iterator[tuple[str, str, str]]:
        """(kind, relpath, text) of each file that has no result yet, read as the parsing goes on."""
        for file in files:
            _read(file, content, problems, reuse)
            if file.parsed is None and file.data is not None:
                try:
                    yield file.kind, file.relpath, decode(file.data)
                except NotReadable as exc:
                    problems.error(file.relpath, exc.line, exc.message)

    def parsed(relpath: str, result: Parsed) -> None:  # (here, as each task comes back)
        file = by_path[relpath]
        file.parsed = result
        if reuse is not None:
            reuse.keep(file.relpath, file.kind, file.stat, file.data, result)  # type: ignore[arg-type]

    by_path = {file.relpath: file for file in files}
    parse_sources(to_parse(), settings, reuse, workers, parsed)
    by_kind: dict[str, list[Any]] = {"entries": [], "topics": [], "pages": []}
    for file in files:
        if file.parsed is not None:
            problems.extend(file.parsed.problems)
            by_kind[file.kind].extend(file.parsed.items)
    if reuse is not None:
        reuse.finish({file.relpath for file in files})
    static_files = _static_files(found["static"], root, problems)
    failed = {file.relpath for file in files if file.parsed is None or file.parsed.problems.errors}
    return checks.site_from(settings, by_kind, failed, static_files, problems, drafts)


def _read(file: _File, content: Path, problems: Problems, reuse: Reuse | None) -> None:
    """Check the file, then take a recorded result or read its bytes."""
    try:
        file.stat = check_source(file.path, content)
        if reuse is not None:
            file.parsed = reuse.stored(file.relpath, file.kind, file.stat)
            if file.parsed is not None:
                return
        file.data = read_bytes(file.path)
    except NotReadable as exc:
        problems.error(file.relpath, exc.line, exc.message)
        return
    if reuse is not None:
        file.parsed = reuse.matching(file.relpath, file.kind, file.stat, file.data)


def _static_files(paths: list[str], root: Path, problems: Problems) -> dict[str, str]:
    """Output path -> source path of every static file (regular files inside content/ only)."""
    content = root / "content"
    static: dict[str, str] = {}
    for path in paths:
        relpath = rel(path, root)
        try:
            check_source(path, content)
        except NotReadable as exc:
            problems.error(relpath, exc.line, exc.message)
            continue
        static[rel(path, content / "static")] = relpath
    return static


# --- parsing, in workers when many ---------------------------------------------------------------

_shared: tuple[Settings, ResultCache | None] | None = None  # inherited by forked workers


def parse_sources(
    sources: Iterable[tuple[str, str, str]],
    settings: Settings,
    reuse: Reuse | None,
    workers: int,
    each: Callable[[str, Parsed], None],
) -> None:
    """Parse (kind, relpath, text) triples, in order; `each(relpath, parsed)` is called here as each
    is done. They are taken in tasks of PARALLEL_MIN, each sent to a forked worker as soon as it is
    made (the sources may be read as they are taken), once there are two; the Markdown the workers
    convert comes back to this process's cache."""
    global _shared
    cache = reuse.markdown if reuse is not None else None

    def done(chunk: list[tuple[str, str, str]], result: tuple[list[Parsed], dict[str, Any]]) -> None:
        parsed, new = result
        if cache is not None:
            for key, value in new.items():
                cache.record(key, value)
        for (_, relpath, _), one in zip(chunk, parsed, strict=True):
            each(relpath, one)

    _shared = (settings, cache)
    try:
        worker_pool.stream_forked(_parse_chunk, _chunks(iter(sources), PARALLEL_MIN), workers, done)
    finally:
        _shared = None


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, max(1, size))):
        yield chunk


class _Collecting:
    """A worker's cache: reads the parent's, collects what the worker made to send back."""

    def __init__(self, shared: ResultCache | None) -> None:
        self.shared = shared
        self.new: dict[str, Any] = {}

    def lookup(self, key: str) -> Any:
        return self.new.get(key) or (self.shared.lookup(key) if self.shared is not None else None)

    def record(self, key: str, value: Any) -> None:
        self.new[key] = value


def _parse_chunk(chunk: list[tuple[str, str, str]]) -> tuple[list[Parsed], dict[str, Any]]:
    """In a worker, or here: what a chunk parses, and the Markdown results it made."""
    settings, shared = _shared  # type: ignore[misc]
    collecting = _Collecting(shared)
    markup = Markup(collecting)
    parsed = [parse_file(PARSERS[kind], relpath, text, settings, markup) for kind, relpath, text in chunk]
    return parsed, collecting.new
