"""Parsed content files kept between builds, by path and stat, in the site's .cache/ folder.

Reading and parsing 4,000 unchanged entries costs a warm build half a second; loading them back
costs a tenth of that. The parsed objects are stored with pickle, which can run code when it
loads, so the file is signed with a key that lives outside the site folder (in the user's own
cache folder, readable only by them): a .cache/ folder that came with a cloned site, or was
written by anyone else, is ignored, never loaded. Without a usable key nothing is stored.

A file is taken from here only while its size, modification time, inode and change time are the
ones recorded; files changed within the last two seconds before saving are not recorded at all,
so an edit within a file system's timestamp resolution is never missed (git does the same).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import time
from pathlib import Path

from generator import __version__
from generator.incremental.cache import CACHE_DIR
from generator.source.load import SourceMemo

MAGIC = b"timelines-sources 1\n"
RACY_NS = 2_000_000_000


def memo_file(root: Path) -> Path:
    return root / CACHE_DIR / "sources.pickle"


def user_folder() -> Path | None:
    """This user's own cache folder for the generator (mode 0700), or None when there is none.

    What can run code when it is loaded (signing keys, compiled templates) lives here, never in
    a site's .cache/, which may have come from anywhere.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "timeline-generator"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = os.stat(folder)
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # someone else's, or open to others
    return folder


def user_key() -> bytes | None:
    """This user's signing key, made on first use; None when there is nowhere private to keep it."""
    folder = user_folder()
    if folder is None:
        return None
    path = folder / "key"
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(os.urandom(32))
    except FileExistsError:
        pass  # another build made it just now
    except OSError:
        return None
    try:
        return _read_key(path)
    except OSError:
        return None


def _read_key(path: Path) -> bytes | None:
    info = os.stat(path)
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None  # someone else's, or readable by others: not a secret
    key = path.read_bytes()
    return key if len(key) == 32 else None


def load(root: Path, header: str) -> SourceMemo:
    """The memo saved by the last build of this site, or an empty one."""
    memo = SourceMemo()
    key = user_key()
    if key is None:
        return memo
    try:
        data = memo_file(root).read_bytes()
    except OSError:
        return memo
    if not data.startswith(MAGIC):
        return memo
    signature, body = data[len(MAGIC) : len(MAGIC) + 32], data[len(MAGIC) + 32 :]
    if not hmac.compare_digest(signature, _sign(key, header, body)):
        return memo
    try:
        items = pickle.loads(body)
    except Exception:  # a signed file that does not load is a bug, never a reason to stop a build
        return memo
    if isinstance(items, dict):
        memo.items = items
    return memo


def save(memo: SourceMemo, root: Path, header: str, loaded: dict[str, tuple] | None = None) -> None:
    """Store what the last build parsed; nothing is written when it is what was `loaded`."""
    recent = time.time_ns() - RACY_NS
    loaded = loaded or {}
    items = {}
    for path, item in memo.items.items():
        if _settled(item[0], recent):
            items[path] = item
        elif path in loaded:
            items[path] = loaded[path]  # changed just now: the old record stays, and no longer matches
    if items.keys() == loaded.keys() and all(items[p][0] == loaded[p][0] for p in items):
        return
    key = user_key()
    if key is None:
        return
    body = pickle.dumps(items, protocol=5)
    path = memo_file(root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(MAGIC + _sign(key, header, body) + body)
        os.replace(temporary, path)
    except OSError:
        pass  # without it the next build parses every file: slower, never wrong


def _settled(stat_key: tuple, recent: int) -> bool:
    """Not changed so recently that a second change could keep the same timestamps."""
    return all(isinstance(ns, int) and ns < recent for ns in (stat_key[1], stat_key[2]))


def _sign(key: bytes, header: str, body: bytes) -> bytes:
    context = f"{__version__}\n{header}\n".encode()
    return hmac.new(key, context + body, hashlib.sha256).digest()
