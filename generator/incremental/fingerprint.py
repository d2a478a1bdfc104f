"""Fingerprints of page inputs: a page whose fingerprint did not change need not be rendered.

A page is a pure function of its template set, the settings and the values in its job context,
so the fingerprint hashes exactly those values (not a hand-kept list of dependencies, which could
go stale). Entries, topics and pages are hashed once per build and reused by every page that
shows them.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import pickle
from pathlib import Path
from typing import Any

from generator import __version__
from generator.source.model import Entry, Page, Topic

MODEL = (Entry, Topic, Page)


class Fingerprinter:
    def __init__(self, *salt: Any) -> None:
        self._salt = repr((__version__, salt)).encode("utf-8")
        self._memo: dict[int, bytes] = {}
        self._keep: list[Any] = []  # holds memoised objects so their ids stay unique for this build

    def page(self, template: str, context: dict[str, Any]) -> str:
        h = hashlib.blake2b(self._salt, digest_size=16)
        h.update(template.encode("utf-8"))
        for key in sorted(context):
            h.update(key.encode("utf-8"))
            h.update(self.value(context[key]))
        return h.hexdigest()

    def value(self, value: Any) -> bytes:
        # Model objects and the groups built from them are shown on many pages: hash each once.
        memo = self._memo.get(id(value))  # only kept-alive dataclasses are in it: an id match is them
        if memo is not None:
            return memo
        kind = type(value)
        if kind in _SCALARS:
            return repr(value).encode("utf-8") + b";"
        if kind is list or kind is tuple:
            return b"[" + b"".join([self.value(v) for v in value]) + b"]"
        if _is_dataclass(kind):
            # plain model data pickles fast and deterministically; groups reuse their items' hashes
            if kind in MODEL:
                data = pickle.dumps(value, 5)
            else:
                parts = [label + self.value(getattr(value, name)) for name, label in _fields(kind)]
                data = kind.__name__.encode("utf-8") + b"(" + b"".join(parts) + b")"
            memo = hashlib.blake2b(data, digest_size=16).digest()
            self._memo[id(value)] = memo
            self._keep.append(value)
            return memo
        return self._plain(value)

    def _plain(self, value: Any) -> bytes:
        """What `value` leaves over: subclasses of the plain types, enums, dicts and paths."""
        if isinstance(value, (str, int, float, bool, enum.Enum)):
            return repr(value).encode("utf-8") + b";"
        if isinstance(value, (list, tuple)):
            return b"[" + b"".join(self.value(v) for v in value) + b"]"
        if isinstance(value, dict):
            return b"{" + b"".join(self.value(k) + self.value(v) for k, v in value.items()) + b"}"
        if isinstance(value, Path):
            return repr(value).encode("utf-8")
        raise TypeError(f"cannot fingerprint {type(value).__name__}")


_SCALARS = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _is_dataclass(kind: type) -> bool:
    return dataclasses.is_dataclass(kind)


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, bytes], ...]:
    return tuple((f.name, f.name.encode("utf-8") + b"=") for f in dataclasses.fields(kind))


def files_digest(paths: list[Path]) -> str:
    """One hash of a set of files' names and bytes (the templates of a theme)."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        h.update(str(path).encode("utf-8"))
        h.update(path.read_bytes())
    return h.hexdigest()
