"""Signed store files: what a build keeps in .cache/ is used only if this user's key signed it.

Stored results become pages (Markdown results are HTML) and some are pickles (which run code
when loaded), so a .cache/ folder that came with a cloned site, or was edited by anyone else,
must never be trusted. Every store file is one envelope:

    timelines-store 2 <store name> <code fingerprint>\\n  <32-byte HMAC-SHA256>  <body>

The HMAC covers the name, the fingerprint and the body, with a key that lives outside the site:
TIMELINES_CACHE_KEY when set (a CI secret: caches restored on another machine still verify),
else a random key in the user's own cache folder (mode 0600, owner checked). Without a key
nothing is stored. The fingerprint is in clear too, so a store from another version of the
generator is told apart from a tampered one in the notice.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from pathlib import Path

from generator.incremental import code

VERSION = b"timelines-store 2"
KEY_VARIABLE = "TIMELINES_CACHE_KEY"


class Unusable(Exception):
    """A store file that cannot be trusted or read; the message says why, for the notice."""


def user_folder() -> Path | None:
    """This user's own cache folder for the generator (mode 0700), or None when there is none.

    What can run code when it is loaded (the key, compiled templates) lives here, never in a
    site's .cache/, which may have come from anywhere.
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


def signing_key() -> bytes | None:
    """TIMELINES_CACHE_KEY, else this user's key (made on first use); None when there is neither."""
    secret = os.environ.get(KEY_VARIABLE)
    if secret:
        return hashlib.sha256(b"timelines cache key\n" + secret.encode("utf-8")).digest()
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


def _header(name: str) -> bytes:
    return b"%s %s %s\n" % (VERSION, name.encode("ascii"), code.code_fingerprint().encode("ascii"))


def seal(name: str, body: bytes) -> bytes | None:
    """The envelope for `body`, or None when there is no key to sign it with."""
    key = signing_key()
    if key is None:
        return None
    header = _header(name)
    return header + hmac.new(key, header + body, hashlib.sha256).digest() + body


def unseal(name: str, data: bytes) -> bytes:
    """The body of an envelope this user's key signed for this code; Unusable otherwise."""
    line, newline, rest = data.partition(b"\n")
    parts = line.split(b" ")
    if not newline or len(parts) != 4 or b" ".join(parts[:2]) != VERSION:
        raise Unusable("not a store file of this generator")
    if parts[2] != name.encode("ascii"):
        raise Unusable(f"it holds {parts[2].decode('ascii', 'replace')}, not {name}")
    if parts[3] != code.code_fingerprint().encode("ascii"):
        raise Unusable("made by another version of the generator or its libraries")
    key = signing_key()
    if key is None:
        raise Unusable("there is no private key to check it with")
    signature, body = rest[:32], rest[32:]
    if len(signature) != 32 or not hmac.compare_digest(
        signature, hmac.new(key, line + b"\n" + body, "sha256").digest()
    ):
        raise Unusable("its signature is not this user's (copied from elsewhere, or changed)")
    return body
