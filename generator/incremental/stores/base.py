"""What every store shares: load once, look up, record, save once; one signed file each.

A store lives in a file under the site's .cache/ (or only in memory, for serve, whose stores
live as long as the preview). A file that cannot be used (another version of the generator, a
signature that is not this user's, a body of the wrong shape) is ignored with a one-line notice
and made again: a cache costs time when it is missing, never correctness.
"""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path
from typing import Any

from generator.incremental.stores.signed import Unusable, seal, unseal
from generator.memory import paused_gc
from generator.output.atomic import write_atomically

CACHE_DIR = ".cache"


class Store:
    """Subclasses name themselves, choose a codec and say what their data looks like."""

    name = "store"
    codec = "json"  # or "pickle": only ever loaded from a signed file

    def __init__(self, path: Path | None, notices: list[str] | None = None) -> None:
        self.path = path
        self.notices = notices if notices is not None else []
        self.data: Any = self.empty()
        self.changed = False
        self.loaded = False

    # -- subclasses ----------------------------------------------------------------------------

    def empty(self) -> Any:
        return {}

    def check(self, data: Any) -> Any:
        """The data if it has the store's shape; ValueError otherwise."""
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
        return data

    # -- the interface ---------------------------------------------------------------------------

    def load(self) -> None:
        """Read the file once (later calls keep what is in memory)."""
        if self.loaded:
            return
        self.loaded = True
        if self.path is None:
            return
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self._notice(exc.strerror or str(exc))
            return
        try:
            body = unseal(self.name, raw)
            with paused_gc(keep=True):  # millions of new objects: collections would walk them again and again
                data = pickle.loads(body) if self.codec == "pickle" else json.loads(body)
            self.data = self.check(data)
        except Unusable as exc:
            self._notice(str(exc))
        except Exception as exc:  # a signed file of the wrong shape: a bug or a half-written disk
            self._notice(f"its contents are damaged ({type(exc).__name__}: {exc})")

    def lookup(self, key: Any) -> Any:
        self.load()
        return self.data.get(key)

    def record(self, key: Any, value: Any) -> None:
        self.load()
        self.data[key] = value
        self.changed = True

    def replace(self, data: Any) -> None:
        """All of it at once (the records of a whole build)."""
        self.loaded = True
        self.data = data
        self.changed = True

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        body = pickle.dumps(self.data, protocol=5) if self.codec == "pickle" else self._json()
        sealed = seal(self.name, body)
        if sealed is None:
            return  # no private key: nothing may be stored
        try:
            write_atomically(self.path, sealed)
            self.changed = False
        except OSError:
            pass  # without it the next build does more work, never wrong work

    def _json(self) -> bytes:
        return json.dumps(self.data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def _notice(self, reason: str) -> None:
        shown = self.path.as_posix() if self.path is not None else self.name
        home = os.path.expanduser("~")
        if self.path is not None and self.path.parent.name == CACHE_DIR:
            shown = f"{CACHE_DIR}/{self.path.name}"  # the site's own
        elif shown.startswith(home + os.sep):
            shown = "~" + shown[len(home) :]
        self.notices.append(f"note: {shown} was not used ({reason}); it is made again")
        self.data = self.empty()
