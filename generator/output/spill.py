"""Pages put on disk as they are made, in a folder beside the output folder.

A cold build of 4,000 entries makes 93 MB of pages (40,000: about 1 GB). Held in memory until
the site is written, they were the largest part of the build's peak, and each one travelled from
the worker that made it to the main process through a pipe. Spilled, a page is written once, by
the process that made it, and the writer moves the file (or, in a first build, the whole folder)
into the new site instead of writing its bytes again. The folder is named by the build's
process, so the leftovers of a build that was killed are recognised and removed by the next one.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PREFIX = "pages-"  # .<out>.pages-<pid>
SEARCH_PREFIX = "search-"  # .<out>.search-<pid>: search shards indexed from the spilled pages (early_search.py)
AHEAD_PREFIX = "ahead-"  # .<out>.ahead-<pid>: an edit's shard indexed from the pages made ahead (edit_search.py)


@dataclass(frozen=True)
class Spilled:
    """The bytes of a made file, on disk."""

    file: str
    size: int

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        with open(self.file, "rb") as handle:
            return handle.read()


def spill_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.{PREFIX}{os.getpid()}"


def search_folder(out: Path, prefix: str = SEARCH_PREFIX) -> Path:
    """Where this build indexes search shards beside the output, before they move into the site
    (a first build's early shards, or an edit's shards aside: never both; an edit's shards
    indexed ahead have a folder of their own, AHEAD_PREFIX)."""
    return out.parent / f".{out.name}.{prefix}{os.getpid()}"


def make_spill_folder(out: Path) -> Path | None:
    """A fresh folder for this build's pages, or None when there cannot be one (the pages then
    stay in memory, and the writer says what is wrong with the output's folder)."""
    folder = spill_folder(out)
    _made.clear()
    try:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()  # (beside the output folder, whose parent the writer makes when it can)
    except OSError:
        return None
    return folder


@dataclass(frozen=True)
class SpillTo:
    """Where made files go: the spill folder, but the pages `elsewhere` names go to the folder it
    gives them (the entry pages of a search shard, indexed there and then moved into the spill
    folder: early_search.py)."""

    folder: str
    elsewhere: Mapping[str, str] = field(default_factory=dict)

    def file(self, path: str) -> str:
        return os.path.join(self.elsewhere.get(path, self.folder), path)


def spill(to: SpillTo, path: str, data: bytes) -> Spilled:
    """Write the bytes of the site file `path` at that path in the spill folder: when there is no
    earlier site to bring up to date, the whole folder becomes the new site (writer.py), and the
    thousands of folders of a site's pages are made by the workers, side by side."""
    file = to.file(path)
    parent = os.path.dirname(file)
    if parent not in _made:
        os.makedirs(parent, exist_ok=True)
        _made.add(parent)
    with open(file, "wb") as handle:
        handle.write(data)
    return Spilled(file, len(data))


_made: set[str] = set()  # folders this process made in spill folders


def contents(data: bytes | Spilled) -> bytes:
    return data.read() if isinstance(data, Spilled) else data


def differs(path: str | os.PathLike[str], data: bytes | Spilled) -> bool:
    """Does the file at `path` (a live page) hold other bytes than `data`, or is it missing? Made
    again is not changed: a neighbour's body changed, not its headline."""
    try:
        return os.path.getsize(path) != len(data) or _read(path) != contents(data)
    except OSError:
        return True


def _read(path: str | os.PathLike[str]) -> bytes:
    with open(path, "rb") as file:
        return file.read()
