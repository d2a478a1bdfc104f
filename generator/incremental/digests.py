"""Digests of what pages read: deterministic, with keyed objects standing for themselves by key.

A keyed object inside a value (an entry in a timeline's list) is digested as its key: what a page
then reads of it is recorded as reads of its own (tracking.py).
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import pickle
from pathlib import PurePath
from typing import Any

from generator.incremental.tracking import (
    _PLAIN,
    MISSING,
    Proxy,
    TrackedList,
    TrackedMapping,
    Tracker,
    stored_fields,
    unwrap,
)
from generator.memory import release
from generator.source.config import Settings
from generator.source.model import Entry, Page, Topic

# Model types whose fields hold no other keyed object. Their whole digest (a fast filter before
# field digests are compared) may be pickle's bytes: equal values pickle the same in practice,
# and when they do not (shared references), a field is compared for nothing, never missed.
FLAT = (Entry, Page, Topic, Settings)


class Digester:
    """Deterministic digests of values, with keyed objects standing for themselves by key.

    A keyed object inside a value (an entry in a timeline's list) is digested as its key: what
    the page then reads of it is recorded as reads of its own. Each build makes one Digester;
    whole-object digests are kept for the build.
    """

    def __init__(self, tracker: Tracker, known: dict[int, tuple[Any, bytes]] | None = None) -> None:
        self.tracker = tracker
        self._whole: dict[str, bytes] = {}
        self._known = known if known is not None else {}  # id -> (object, whole digest), from reading
        self._keys: dict[type, Any] = {}  # types seen to be keyed -> how to name one
        self._values: set[type] = set()  # dataclasses seen not to be keyed (a topic's neighbours)
        # id of a keyed object, or of a dataclass value, -> (it, its encoding): contexts are made
        # before any page and never changed, and one object is often in many of them
        self._named: dict[int, tuple[Any, bytes]] = {}

    def release(self) -> None:
        """Let go of what this build encoded, a slice at a time (memory.release)."""
        release(self._named)
        release(self._whole)

    def value(self, value: Any) -> bytes:
        return hashlib.blake2b(self._encode(value), digest_size=16).digest()

    def field(self, key: str, name: str) -> bytes:
        """The digest of a stored field of a keyed object in this build (MISSING when gone)."""
        prefix, _, rest = key.partition(":")
        virtual = self.tracker.virtual.get(prefix)
        if virtual is not None:
            return self.value(virtual(rest, name))
        obj = self.tracker.resolve(key)
        if obj is None:
            return MISSING
        if isinstance(obj, (TrackedMapping, TrackedList)):
            return self.value(list(obj.members)) if name == "members" else MISSING
        if name not in stored_fields(type(obj)):
            return MISSING
        return self.value(getattr(obj, name))

    def whole(self, key: str) -> bytes:
        """One digest of every stored field of a keyed object: unchanged means no field changed."""
        known = self._whole.get(key)
        if known is not None:
            return known
        obj = self.tracker.resolve(key)
        if obj is None:
            digest = MISSING
        elif isinstance(obj, (TrackedMapping, TrackedList)):
            digest = self.value(list(obj.members))
        elif type(obj) in FLAT:
            kept = self._known.get(id(obj))
            digest = kept[1] if kept is not None and kept[0] is obj else flat_whole(obj)
        else:
            digest = self.value([(name, getattr(obj, name)) for name in sorted(stored_fields(type(obj)))])
        self._whole[key] = digest
        return digest

    def _encode(self, value: Any) -> bytes:
        kind = type(value)
        if kind is str:
            return b"s" + value.encode("utf-8", "surrogatepass") + b"\x00"
        if kind is tuple or kind is list:  # most often a list of entries, each encoded before
            encode, named = self._encode, self._named
            parts = []
            for item in value:
                known = named.get(id(item))
                parts.append(known[1] if known is not None and known[0] is item else encode(item))
            return b"[" + b"".join(parts) + b"]"
        if kind is dict:
            encode = self._encode
            return b"{" + b"".join([encode(k) + encode(v) for k, v in value.items()]) + b"}"
        if kind in _PLAIN:
            return repr(value).encode("utf-8") + b";"
        named = self._named.get(id(value))
        if named is not None and named[0] is value:  # the object itself is kept: its id stays its own
            return named[1]
        key = self._keys.get(kind)
        if key is not None:  # a model type: keyed objects stand for themselves by key
            name = key(value)
            if name is not None:
                encoded = b"@" + name.encode("utf-8") + b"\x00"
                self._named[id(value)] = (value, encoded)
                return encoded
        if kind in self._values and self.tracker.key_of(value) is None:
            return self._encode_dataclass(value, kind)
        return self._encode_other(value, kind)

    def _encode_other(self, value: Any, kind: type) -> bytes:
        if isinstance(value, enum.Enum):
            return repr(value).encode("utf-8") + b";"
        if isinstance(value, Proxy):
            return b"@" + object.__getattribute__(value, "_key").encode("utf-8") + b"\x00"
        if isinstance(value, (TrackedMapping, TrackedList)):
            return b"@" + value._key.encode("utf-8") + b"\x00"
        value = unwrap(value)
        kind = type(value)
        if kind in (list, tuple, dict, str) or kind in _PLAIN:
            return self._encode(value)
        if kind in (set, frozenset):
            return b"<" + b"".join(sorted(self._encode(item) for item in value)) + b">"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            key = self.tracker.key_of(value)
            if key is not None:
                self._keys[kind] = self.tracker.key_of
                return b"@" + key.encode("utf-8") + b"\x00"
            self._values.add(kind)
            return self._encode_dataclass(value, kind)
        if isinstance(value, (str, int, float)):  # subclasses (a YAML scalar kept as written)
            return kind.__qualname__.encode() + self._encode(_base(value))
        if isinstance(value, PurePath):
            return b"p" + str(value).encode("utf-8") + b"\x00"
        if callable(value) and hasattr(value, "__qualname__"):
            return b"f" + f"{getattr(value, '__module__', '')}.{value.__qualname__}".encode() + b"\x00"
        raise TypeError(f"cannot digest a {kind.__name__}: a page context may hold only model values and plain data")

    def _encode_dataclass(self, value: Any, kind: type) -> bytes:
        parts = [name.encode() + b"=" + self._encode(getattr(value, name)) for name in _field_order(kind)]
        encoded = kind.__qualname__.encode() + b"(" + b"".join(parts) + b")"
        self._named[id(value)] = (value, encoded)  # a topic's pages are in each of its pages' contexts
        return encoded


def flat_whole(obj: Any) -> bytes:
    """The whole digest of an object of a FLAT type: plain data all through, so pickle's C
    encoder does it, ten times faster than ours. Reading keeps it with the parsed file."""
    fields = [getattr(obj, name) for name in sorted(stored_fields(type(obj)))]
    return hashlib.blake2b(pickle.dumps(fields, protocol=5), digest_size=16).digest()


def _base(value: Any) -> Any:
    for base in (str, bool, int, float):
        if isinstance(value, base):
            return base(value)
    return value


@functools.cache
def _field_order(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind))
