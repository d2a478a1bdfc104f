"""Everything a build reads, as one digest: a build whose inputs are all as the last good one
found them, into a folder that still holds what it left, would make the same bytes again.

A build reads the site's content/ and templates/, the theme's folders, the generator's code and
libraries (code.py) and its options; no clock and no environment (the differential tests
change each of these in turn). Files are known by path, size, times and inode, read before the
build reads any of them: a file saved during a build makes the next one build. A digest taken
within two seconds of a file's change is not trusted (parsed.py's rule: a second save within
the file system's time resolution could keep the same times).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.incremental import code
from generator.incremental.stores.parsed import RACY_NS, bytes_digest
from generator.site.theme import theme_folders


@dataclass(frozen=True)
class Inputs:
    digest: str
    trusted: bool  # no file changed within two seconds of the digest being taken
    head: str = ""  # the digest of the code, the root and the options alone
    files: dict[str, list[int]] = field(default_factory=dict)  # path -> mode, size, times, inode
    # path -> digest of the bytes the build read, for the content files it read (the build adds them)
    contents: dict[str, str] = field(default_factory=dict)


def build_inputs(root: Path, options: tuple[object, ...]) -> Inputs:
    """The digest of the build of `root` with `options` (each value's repr counts)."""
    taken = time.time_ns()
    head = f"{code.code_fingerprint()}\0{os.path.abspath(root)}\0{options!r}\n".encode()
    digest = hashlib.blake2b(head, digest_size=16)
    newest, files = 0, {}
    folders = [root / "content", root / "templates", *theme_folders(root)]
    for folder in dict.fromkeys(os.path.abspath(f) for f in folders):
        digest.update(b"folder\0" + folder.encode("utf-8", "surrogateescape") + b"\n")
        newest = max(newest, _add_tree(digest, folder, files))
    head_digest = hashlib.blake2b(head, digest_size=16).hexdigest()
    return Inputs(digest.hexdigest(), newest < taken - RACY_NS, head_digest, files)


def _add_tree(digest: hashlib.blake2b, folder: str, files: dict[str, list[int]]) -> int:
    """Every file and link under `folder` (hidden ones too: the digest errs on the side of
    building), into the digest and `files`; the newest change time seen."""
    newest = 0
    for path, item in files_under(folder):
        if item is None:
            digest.update(b"unreadable\0" + path.encode("utf-8", "surrogateescape") + b"\n")
            files[os.path.join(folder, path)] = []
            continue
        try:
            info = os.stat(item.path)  # a linked file: its target's times
        except OSError:
            info = item.stat(follow_symlinks=False)
        newest = max(newest, info.st_mtime_ns, info.st_ctime_ns)
        known = files[item.path] = [info.st_mode, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        digest.update(b"%s\0%d\0%d\0%d\0%d\0%d\n" % (item.path.encode("utf-8", "surrogateescape"), *known))
    return newest


def only_saved_again(inputs: Inputs, files: object, contents: object, head: object) -> bool:
    """Are `inputs` those of a build that read `files` (with these `contents`), but for content
    files saved again with the same bytes (an editor's save, a `touch`)? Their bytes are read now.
    """
    if head != inputs.head or not isinstance(files, dict) or not isinstance(contents, dict):
        return False
    if files.keys() != inputs.files.keys():
        return False
    for path, now in inputs.files.items():
        then = files[path]
        if then == now:
            continue
        if not now or not isinstance(then, list) or then[:1] != now[:1] or path not in contents:  # (the mode counts)
            return False
        try:
            with open(path, "rb") as file:
                if bytes_digest(file.read()) != contents[path]:
                    return False
        except OSError:
            return False
    return True


def files_under(folder: str | Path) -> Iterator[tuple[str, os.DirEntry | None]]:
    """Every file under `folder` in a stable order: (path relative to it, its entry); a folder
    that cannot be read comes as (its path, None)."""
    todo = [os.fspath(folder)]
    base = len(todo[0]) + 1
    while todo:
        current = todo.pop()
        try:
            with os.scandir(current) as found:
                items = sorted(found, key=lambda e: e.name)
        except OSError:
            yield current[base:], None
            continue
        for item in items:
            if item.is_dir(follow_symlinks=False):
                todo.append(item.path)
            else:
                yield item.path[base:], item
