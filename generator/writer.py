"""Write a built site atomically: a new folder beside the output, swapped in when complete.

A failed or killed build leaves the previous site as it was; the next build removes what a killed
one left behind (folders named `.<out>.building-<pid>` / `.<out>.old-<pid>` of dead processes).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import BuildError

AT_FDCWD = -100
RENAME_EXCHANGE = 2


def write_site(
    out: Path, pages: Mapping[str, bytes], copies: Mapping[str, Path], finish: Callable[[Path], None] | None = None
) -> None:
    """Write pages (path -> bytes) and copies (path -> source file) as the new content of `out`.

    `finish(staging)` runs on the complete new folder before the swap (the search index is
    built there); a BuildError from it leaves the previous site as it was.
    """
    out = Path(os.path.abspath(out))
    if out.exists() and not out.is_dir():
        raise BuildError(f"{out} exists and is not a folder")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BuildError(f"cannot create {out.parent}: {exc.strerror}") from None
    remove_leftovers(out)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    try:
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
        made: set[Path] = {staging}
        for relpath, data in pages.items():
            target = staging / relpath
            _ensure_parent(target, made)
            target.write_bytes(data)
        for relpath, source in copies.items():
            target = staging / relpath
            _ensure_parent(target, made)
            shutil.copyfile(source, target)
        if finish is not None:
            finish(staging)
        swap_in(staging, out)
    except BuildError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        reason = exc.strerror or str(exc)
        where = exc.filename or out
        raise BuildError(f"cannot write the site to {out}: {reason} ({where}); the previous site is unchanged") from None


def _ensure_parent(target: Path, made: set[Path]) -> None:
    parent = target.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made.add(parent)


def swap_in(staging: Path, out: Path) -> None:
    """Make `staging` the output folder in one step and remove the old one."""
    if not out.exists():
        os.rename(staging, out)
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    if _exchange(staging, out):
        os.rename(staging, old)  # staging now holds the previous site
    else:  # no atomic exchange here: two renames, the gap is as short as it can be
        os.rename(out, old)
        os.rename(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
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
    """Remove staging and old folders that builds killed before they finished left beside `out`."""
    for prefix in (f".{out.name}.building-", f".{out.name}.old-"):
        for leftover in out.parent.glob(prefix + "*"):
            pid = leftover.name[len(prefix) :]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
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
