"""Reading the site folder: which files count, and their text."""

from __future__ import annotations

import os
from pathlib import Path


def read_text(path: Path) -> str:
    """UTF-8 text with a BOM dropped and CRLF/CR line endings read as LF."""
    text = path.read_bytes().decode("utf-8-sig")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def walk(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Files under `folder` in a stable order, skipping names that start with '.' or '_'."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not hidden(d))
        # a linked folder is not walked into, but listed, so callers report it rather than lose it
        filenames += [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in sorted(filenames):
            if hidden(name):
                continue
            if suffixes is None or name.lower().endswith(suffixes) or os.path.isdir(os.path.join(dirpath, name)):
                found.append(Path(dirpath) / name)
    return sorted(found)


def rel(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, symlinks resolved, stays inside `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True
