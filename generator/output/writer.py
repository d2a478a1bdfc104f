"""Write a built site atomically: a complete folder beside the output, swapped in at once.

The folder that is swapped in is the spare `.<out>.spare`: the site of the build before last,
kept after each swap (after the first build, made from the live site while the next build
computes: prepare_spare). A build brings it up to date file by file (only what differs from the new
site is written, unchanged pages are hard links to the live ones), then exchanges it with the
output folder in one step (renameat2 RENAME_EXCHANGE). The live site is never touched while a
build runs: a failed or killed build leaves it as it was, and the next build simply brings the
spare up to date again. Files are never changed in place (the two trees share hard links): a
file that differs is removed and written anew.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import filecmp
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from generator.errors import BuildError
from generator.output.spill import AHEAD_PREFIX, SEARCH_PREFIX, Spilled, contents, differs
from generator.output.spill import PREFIX as SPILL_PREFIX

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def spare_folder(out: Path) -> Path:
    return out.parent / f".{out.name}.spare"


def write_site(
    out: Path,
    pages: Mapping[str, bytes | Spilled],
    copies: Mapping[str, Path],
    finish: Callable[[Path], None] | None = None,
    keep: Iterable[str] = (),
    spilled: Path | None = None,
) -> None:
    """Make `out` hold exactly: pages (path -> bytes, or bytes spilled to disk: spill.py), copies
    (path -> source file), and the files of the current `out` named in `keep` (unchanged pages),
    switching over in one step. `spilled` is the folder the spilled pages are in: when there is
    no spare to bring up to date, it becomes the new folder (its pages are in place already).

    `finish(staging)` runs on the complete new folder before the swap (the search index is built
    there); a BuildError from it leaves the previous site as it was.
    """
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        blocking = next((p for p in [out.parent, *out.parent.parents] if p.exists() and not p.is_dir()), None)
        reason = f"{blocking} is a file, not a folder" if blocking else exc.strerror
        raise BuildError(f"cannot create {out.parent}: {reason}") from None
    lock = _lock(out)
    try:
        remove_leftovers(out)
        staging = spare_folder(out)
        if staging.exists() and not staging.is_dir():
            staging.unlink()
        moved = None
        if spilled is not None and not staging.exists() and spilled.is_dir():
            os.rename(spilled, staging)
            moved = os.fspath(spilled)
        staging.mkdir(exist_ok=True)
        desired: dict[str, tuple[str, object]] = {}
        live = os.fspath(out)  # (plain strings: a large site keeps tens of thousands of files)
        desired.update((path, ("keep", os.path.join(live, path))) for path in keep)
        desired.update((path, ("copy", source)) for path, source in copies.items())
        desired.update((path, ("bytes", data)) for path, data in pages.items())
        _sync(staging, desired, moved)
        desired.clear()  # the pages' bytes are on disk now: not held while the search index is made
        if finish is not None:
            finish(staging)
        swap_in(staging, out)
    except BuildError:
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        where = exc.filename or out
        raise BuildError(
            f"cannot write the site to {out}: {reason} ({where}); the previous site is unchanged"
        ) from None
    finally:
        os.close(lock)


def holds_exactly(out: Path, pages: Mapping[str, bytes], copies: Mapping[str, Path], keep: Iterable[str]) -> bool:
    """True when `out` already is the site these would write (a build where nothing changed)."""
    if not out.is_dir():
        return False
    if any(differs(out / relpath, data) for relpath, data in pages.items()):  # first what most often differs
        return False
    wanted = {*pages, *copies, *keep}
    found = 0
    for dirpath, _dirnames, filenames in os.walk(out):
        base = Path(dirpath)
        relbase = base.relative_to(out).as_posix()
        for name in filenames:
            rel = name if relbase == "." else f"{relbase}/{name}"
            if rel not in wanted:
                return False
            found += 1
    if found != len(wanted):
        return False
    return all(is_copy_of(out / relpath, source) for relpath, source in copies.items())


def is_copy_of(path: str | os.PathLike[str], source: str | os.PathLike[str]) -> bool:
    """The file at `path` is a copy of `source` as it is now. Copies keep the source's size and time;
    a source saved again with the same bytes is compared byte by byte, and the copy that stands
    takes its time, so that the next build needs to compare the times alone again."""
    try:
        mine, theirs = os.stat(path), os.stat(source)
        same_time = mine.st_mtime_ns == theirs.st_mtime_ns
        if mine.st_size != theirs.st_size or not filecmp.cmp(path, source, shallow=same_time):
            return False
        if not same_time:
            os.utime(path, ns=(mine.st_atime_ns, theirs.st_mtime_ns))
        return True
    except OSError:
        return False


def _lock(out: Path) -> int:
    """One build at a time beside the same output folder (a lock on its parent: no lock file)."""
    try:
        fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise BuildError(f"cannot write beside {out}: {exc.strerror}; the previous site is unchanged") from None
    fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def _sync(folder: Path, desired: Mapping[str, tuple[str, object]], moved: str | None = None) -> None:
    """Make `folder` hold exactly the desired files, touching only those that differ (`moved`:
    the spill folder that became `folder`, whose pages are where they belong).

    Plain strings and one scan of the folder: this runs over every file of the site on each build.
    """
    root = os.fspath(folder)
    in_place: set[str] = set()  # pages spilled where they belong in `folder`
    if moved is None:
        present = _scan(root, desired)  # what stays: relative path -> its directory entry
    else:  # the spill folder of this build holds the pages it made and nothing else: not scanned
        present = {}  # (what is written over one of them replaces it)
        in_place = {rel for rel, (_, value) in desired.items() if _in_place(value, moved, rel)}
    folders = {""} | {rel.rpartition("/")[0] for rel in (*present, *in_place)}
    device = os.stat(root).st_dev
    for relpath, (kind, value) in desired.items():
        target = os.path.join(root, relpath)
        parent = relpath.rpartition("/")[0]
        if parent not in folders:
            os.makedirs(os.path.join(root, parent), exist_ok=True)
            while parent not in folders:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        current = present.get(relpath)
        if kind == "keep":
            if current is not None and _same_file(current, device, value):
                continue
            _remove(target, current)
            if moved is not None:  # (not scanned) a page made again and spilled, the same as the live one
                _unlink_if_there(target)
            _link_or_copy(value, target)  # a file of the live site
        elif kind == "copy":
            if current is not None and current.is_file(follow_symlinks=False) and is_copy_of(target, value):
                continue
            _remove(target, current)
            shutil.copy2(value, target)
        else:
            if relpath in in_place:
                continue  # spilled in place
            if (
                current is not None
                and current.is_file(follow_symlinks=False)
                and current.stat(follow_symlinks=False).st_size == len(value)
                and _read(target) == contents(value)
            ):
                continue
            _remove(target, current)
            _put_bytes(target, value)  # a new file: the old one (maybe linked from the live site) is gone


def _unlink_if_there(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _in_place(value: object, moved: str, relpath: str) -> bool:
    return isinstance(value, Spilled) and value.file == os.path.join(moved, relpath)


def _scan(root: str, desired: Mapping[str, object], rel: str = "") -> dict[str, os.DirEntry]:
    """Remove what is not desired under root/rel (files, links, emptied folders); return what is left."""
    left: dict[str, os.DirEntry] = {}
    with os.scandir(os.path.join(root, rel) if rel else root) as entries:
        listed = list(entries)
    for entry in listed:
        path = f"{rel}/{entry.name}" if rel else entry.name
        if path in desired:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)  # a folder where a file belongs now
            else:
                left[path] = entry
        elif entry.is_dir(follow_symlinks=False):
            inside = _scan(root, desired, path)
            if inside:
                left.update(inside)
            else:
                os.rmdir(entry.path)  # empty: no longer part of the site
        else:
            os.unlink(entry.path)
    return left


def _put_bytes(path: str, data: bytes | Spilled) -> None:
    if isinstance(data, Spilled):
        try:
            os.rename(data.file, path)  # written once, by the process that made it
            return
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
        data = data.read()
    _write(path, data)


def _write(path: str, data: bytes) -> None:
    with open(path, "wb") as file:
        file.write(data)


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _same_file(current: os.DirEntry, device: int, other: str) -> bool:
    """Is `current` (in a folder on `device`) a hard link to `other`?"""
    try:
        theirs = os.stat(other)
    except FileNotFoundError:
        return False
    return current.inode() == theirs.st_ino and device == theirs.st_dev and current.is_file(follow_symlinks=False)


def _remove(target: str, current: os.DirEntry | None) -> None:
    if current is None:
        return
    if current.is_dir(follow_symlinks=False):
        shutil.rmtree(target)
    else:
        os.unlink(target)


def _link_or_copy(source: str, target: str) -> None:
    """Files of the previous site are never changed in place, so a hard link is a safe copy."""
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target)


def swap_in(staging: Path, out: Path) -> None:
    """Make `staging` the output folder in one step; the previous site becomes the spare."""
    if not out.exists():
        os.rename(staging, out)
        return
    if exchange(staging, out):
        return  # staging now holds the previous site: the spare for the next build
    # no atomic exchange here: renames with the shortest gap there can be
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, old)
    os.rename(staging, out)
    os.rename(old, staging)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def remove_leftovers(out: Path) -> None:
    """Remove the folders that builds killed before they finished left beside `out` (this
    process's own spilled pages and search shards are in use: spill.py, early_search.py,
    edit_search.py)."""
    in_use = (f".{out.name}.{SPILL_PREFIX}", f".{out.name}.{SEARCH_PREFIX}", f".{out.name}.{AHEAD_PREFIX}")
    for prefix in (f".{out.name}.building-", f".{out.name}.old-", *in_use):
        for leftover in out.parent.glob(prefix + "*"):
            pid = leftover.name[len(prefix) :]
            if pid.isdigit() and _alive(int(pid)) and (int(pid) != os.getpid() or prefix in in_use):
                continue
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
