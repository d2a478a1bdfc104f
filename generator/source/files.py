"""Reading the site folder: which files count, and their bytes and text.

Only regular files are read. A FIFO, a socket or a device in content/ would make `read` wait
for ever, so each file is opened without blocking and checked before it is read; anything else
is an error naming it. A linked folder is not followed (its target may be anywhere: a folder
holding `~/.ssh`), and a linked file must point inside content/.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_FILE_BYTES = 10 * 1024 * 1024


class NotReadable(Exception):
    """A file that must not or cannot be read; the message is for the author."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def walk(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[Path]:
    """Files under `folder` in a stable order, skipping names that start with '.' or '_'.

    Linked folders and anything that is not a regular file (FIFOs, sockets) are listed too, so
    callers report them rather than lose them; they are never walked into or read. A `folder`
    that is itself a link is listed alone, for the same reason.
    """
    return [Path(path) for path in walk_paths(folder, suffixes)]


def walk_paths(folder: Path, suffixes: tuple[str, ...] | None = None) -> list[str]:
    """`walk` as plain strings, in the same order (as paths sort: by their parts): a site's
    thousands of entries are listed on every build."""
    found: list[str] = []
    if os.path.islink(folder):
        return [os.fspath(folder)]
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not hidden(d))
        filenames += [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            if hidden(name):
                continue
            path = os.path.join(dirpath, name)
            if suffixes is None or name.lower().endswith(suffixes) or not _regular(path):
                found.append(path)
    return sorted(found, key=_by_parts)


def _by_parts(path: str) -> str:
    """A key that sorts paths as their lists of parts do (NUL is below any character of a name):
    strings compare at once, lists part by part; sorting 40,000 paths by their parts held the
    interpreter for 0.1 s, which a saved page waited for in serve."""
    return path.replace(os.sep, "\x00")


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def rel(path: Path | str, root: Path) -> str:
    """`path` relative to `root`, with forward slashes."""
    text, base = os.fspath(path), os.fspath(root).rstrip(os.sep)
    if text.startswith(base + os.sep):  # the common case, without pathlib's parsing
        return text[len(base) + 1 :].replace(os.sep, "/")
    return Path(path).relative_to(root).as_posix()


def inside(path: Path | str, folder: Path) -> bool:
    """True when `path`, links resolved, stays inside `folder` (a link loop never does)."""
    real = os.path.realpath(path)
    base = os.path.realpath(folder)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def check_source(path: Path | str, content: Path) -> os.stat_result:
    """The stat of a file that may be read as content; NotReadable says why it may not."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise NotReadable(f"cannot read the file: {exc.strerror}") from None
    linked = stat.S_ISLNK(info.st_mode)
    if linked:
        if not inside(path, content):
            raise NotReadable("this is a link to something outside content/; copy it in instead")
        try:
            info = os.stat(path)
        except OSError as exc:
            raise NotReadable(f"this link leads nowhere ({exc.strerror}); remove it or copy the file in") from None
    if stat.S_ISDIR(info.st_mode):
        if linked:
            raise NotReadable("this is a link to a folder, which is not followed; move the files in instead")
        raise NotReadable("this is a folder where a file belongs")
    if not stat.S_ISREG(info.st_mode):
        raise NotReadable(f"this is a {_kind(info.st_mode)}, not a file; only regular files are read")
    if info.st_size > MAX_FILE_BYTES:
        raise NotReadable(f"the file is {info.st_size / 1_048_576:.1f} MB; content files are limited to 10 MB")
    return info


def read_bytes(path: Path | str, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, opened without blocking (never waits on a FIFO)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise NotReadable(f"cannot read the file: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotReadable(f"this is a {_kind(info.st_mode)}, not a file; only regular files are read")
        # as many bytes as it holds, and one more: a read of `limit` bytes allocates that much
        # for every file (10 MB for a 3 KB entry: 0.12 s of a build's reading at 4,000 entries)
        data = file.read(min(info.st_size, limit) + 1)
        if len(data) > info.st_size:  # it grew since: the rest, up to the limit
            data += file.read(limit + 1 - len(data))
    if len(data) > limit:
        raise NotReadable(
            f"the file is over {limit // 1_048_576} MB; content files are limited to {limit // 1_048_576} MB"
        )
    return data


def decode(data: bytes) -> str:
    """UTF-8 text with a BOM dropped and CRLF/CR line endings read as LF; NotReadable with the
    line of the first byte that is not UTF-8."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotReadable(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8", line
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def read_text(path: Path) -> str:
    """A regular file's text (see `decode`), for files read outside content/ checks."""
    return decode(read_bytes(path))


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
