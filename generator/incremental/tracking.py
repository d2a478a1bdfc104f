"""Observe what a page reads: proxies around the model that record each field a page touches.

A page is a pure function of what it reads. Rather than list a page's inputs by hand (a list
that goes stale the day a theme reads one more field), the page is rendered against proxies of
the model: every read of a stored field of a keyed object (`entry:troops-confirmed` . `title`)
is recorded for the page being rendered, whether a template, a filter or a chart function made
it. Properties and methods run with the proxy as `self`, so what they read is recorded too.
The next build re-renders a page exactly when one of the values it read has a different digest.

Keyed objects are the model's own (entries, topics, pages, tags, the settings) and the indexes
the build derives from them (a topic's timeline, the topic list, the navigation): each has a key
that names the same thing in every build. Plain values (text, numbers, dates) are returned as
they are; containers of keyed objects are returned with proxies inside.
"""

from __future__ import annotations

import dataclasses
import functools
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from generator.memory import release

MISSING = b"\x00missing"  # the digest of a key or field that no longer exists


class Recorder:
    """What one page (or one parsed file) read: (key, field) pairs, templates and messages."""

    __slots__ = ("reads",)

    def __init__(self) -> None:
        self.reads: set[tuple[str, str]] = set()


_current: Recorder | None = None  # the recorder of the page being rendered in this process


class recording:  # noqa: N801 - used as a `with` statement, like contextlib's helpers
    """`with recording() as reads:` records every tracked read made inside the block."""

    def __init__(self) -> None:
        self.recorder = Recorder()

    def __enter__(self) -> set[tuple[str, str]]:
        global _current
        self._previous, _current = _current, self.recorder
        return self.recorder.reads

    def __exit__(self, *exc: object) -> None:
        global _current
        _current = self._previous


def record(key: str, field: str) -> None:
    """Note a read that does not go through a proxy (a template loaded, a message looked up)."""
    if _current is not None:
        _current.reads.add((key, field))


# --- what is tracked --------------------------------------------------------------------------


@functools.cache
def stored_fields(kind: type) -> frozenset[str]:
    return frozenset(f.name for f in dataclasses.fields(kind)) if dataclasses.is_dataclass(kind) else frozenset()


class Tracker:
    """The keyed objects of one build and their proxies (one proxy per object, so `is` holds).

    `key_of(obj)` names a keyed object, or returns None for anything else; `resolve(key)` finds
    the object of a key in this build (the next build asks it for the keys earlier pages read).
    """

    def __init__(self, key_of: Callable[[Any], str | None], plain: tuple[type, ...] = ()) -> None:
        self._key_of = key_of
        self._plain = frozenset(plain)
        self.objects: dict[str, Any] = {}  # key -> object, for resolve()
        # Reads of things that are not model objects (`template:base.html`): prefix -> how to
        # find the value of (name, field) in this build
        self.virtual: dict[str, Callable[[str, str], Any]] = {}
        self._proxies: dict[int, Any] = {}
        self._keep: list[Any] = []  # wrapped objects stay alive, so their ids stay unique

    def release(self) -> None:
        """Let go of the proxies of this build, a slice at a time (memory.release)."""
        release(self._proxies)
        release(self._keep)

    def add(self, obj: Any) -> str:
        key = self._key_of(obj)
        if key is None:
            raise TypeError(f"{type(obj).__name__} is not a keyed object")
        self.objects[key] = obj
        return key

    def resolve(self, key: str) -> Any:
        return self.objects.get(key, None)

    def key_of(self, obj: Any) -> str | None:
        if isinstance(obj, (Proxy, TrackedMapping, TrackedList)):
            return obj._key
        return self._key_of(obj)

    def wrap(self, value: Any) -> Any:
        """The value as a page sees it: keyed objects as proxies, containers with proxies inside."""
        kind = type(value)
        if (
            kind in _PLAIN
            or kind in self._plain
            or isinstance(value, (Proxy, Transparent, TrackedMapping, TrackedList))
        ):
            return value
        known = self._proxies.get(id(value))
        if known is not None:
            return known
        if kind is list or kind is tuple:
            if not any(_needs_wrap(item) for item in value):
                return value
            wrapped: Any = kind(self.wrap(item) for item in value)
        elif kind is dict:
            if not any(_needs_wrap(item) for item in value.values()):
                return value
            wrapped = {k: self.wrap(v) for k, v in value.items()}
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            key = self._key_of(value)
            if key is not None:
                self.objects.setdefault(key, value)
                wrapped = _typed(Proxy, kind)(value, key, self)
            elif _holds_keyed(value, self._key_of):
                wrapped = _typed(Transparent, kind)(value, self)
            else:
                return value  # plain data: a date, a link
        else:
            return value
        self._proxies[id(value)] = wrapped
        self._keep.append(value)
        return wrapped


_PLAIN = frozenset({str, int, float, bool, type(None), bytes})


def _needs_wrap(value: Any) -> bool:
    return type(value) not in _PLAIN


def _holds_keyed(value: Any, key_of: Callable[[Any], str | None]) -> bool:
    """Does this dataclass (or something inside it) hold a keyed object?"""
    for name in stored_fields(type(value)):
        item = getattr(value, name)
        items = item if isinstance(item, (list, tuple)) else item.values() if isinstance(item, dict) else (item,)
        for inner in items:
            if type(inner) in _PLAIN:
                continue
            if key_of(inner) is not None:
                return True
            if dataclasses.is_dataclass(inner) and not isinstance(inner, type) and _holds_keyed(inner, key_of):
                return True
    return False


class _Wrapper:
    """Shared by proxies: attribute reads evaluate properties and methods against the proxy."""

    __slots__ = ("_obj", "_tracker", "_values")  # _values: field -> (value as wrapped, its read)

    def __getattr__(self, name: str) -> Any:  # what the class of its type (`_typed`) does not have
        return self._attribute(name)

    def _attribute(self, name: str) -> Any:
        obj = self._obj
        kind = type(obj)
        if name in stored_fields(kind):
            self._read(name)
            return self._tracker.wrap(getattr(obj, name))
        member = getattr(kind, name, None)
        if isinstance(member, property) and member.fget is not None:
            return member.fget(self)
        if isinstance(member, functools.cached_property):
            return member.func(self)
        if isinstance(member, types.FunctionType):
            return types.MethodType(member, self)
        if member is not None and not name.startswith("_"):
            return member  # a class attribute: code, covered by the code fingerprint
        raise AttributeError(name)

    def _read(self, name: str) -> None:
        pass

    @property  # type: ignore[misc]
    def __class__(self) -> type:  # isinstance(proxy, Entry) holds, as callers expect
        return type(object.__getattribute__(self, "_obj"))

    def __eq__(self, other: object) -> bool:
        return object.__getattribute__(self, "_obj") == unwrap(other)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {object.__getattribute__(self, '_obj')!r}>"


class Proxy(_Wrapper):
    """A keyed object as pages see it: each read of a stored field is recorded."""

    __slots__ = ("_key",)

    def __init__(self, obj: Any, key: str, tracker: Tracker) -> None:
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_tracker", tracker)
        object.__setattr__(self, "_values", {})

    def _read(self, name: str) -> None:
        if _current is not None:
            _current.reads.add((self._key, name))

    def __hash__(self) -> int:
        return hash(object.__getattribute__(self, "_key"))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the model is read-only while pages are made ({name})")


class Transparent(_Wrapper):
    """An unkeyed container of keyed objects (a pair of neighbours, a year of a timeline): it is
    part of the page's own context, whose digest covers it; the objects inside are proxies."""

    __slots__ = ()

    def __init__(self, obj: Any, tracker: Tracker) -> None:
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_tracker", tracker)
        object.__setattr__(self, "_values", {})

    def __hash__(self) -> int:
        return hash(id(object.__getattribute__(self, "_obj")))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"the model is read-only while pages are made ({name})")


class TrackedMapping(Mapping):
    """A keyed mapping (every topic by slug): reading which keys it has is one recorded read,
    and its values are proxies."""

    def __init__(self, key: str, items: Mapping[str, Any], tracker: Tracker) -> None:
        self._key = key
        self._items = {name: tracker.wrap(value) for name, value in items.items()}
        self.members = tuple(tracker.key_of(v) or repr(k) for k, v in items.items())

    def _touch(self) -> None:
        if _current is not None:
            _current.reads.add((self._key, "members"))

    def __getitem__(self, name: str) -> Any:
        self._touch()
        return self._items[name]

    def __iter__(self) -> Iterator[str]:
        self._touch()
        return iter(self._items)

    def __len__(self) -> int:
        self._touch()
        return len(self._items)

    def __contains__(self, name: object) -> bool:
        self._touch()
        return name in self._items


class TrackedList(list):
    """A keyed list (the pages in the navigation): using it is one recorded read."""

    def __init__(self, key: str, items: list[Any], tracker: Tracker) -> None:
        super().__init__(tracker.wrap(item) for item in items)
        self._key = key
        self.members = tuple(tracker.key_of(item) or "?" for item in items)

    def _touch(self) -> None:
        if _current is not None:
            _current.reads.add((self._key, "members"))

    def __iter__(self) -> Iterator[Any]:
        self._touch()
        return super().__iter__()

    def __len__(self) -> int:
        self._touch()
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self._touch()
        return super().__getitem__(index)

    def __bool__(self) -> bool:
        self._touch()
        return super().__len__() > 0

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(self._key)


@functools.cache
def _typed(base: type, kind: type) -> type:
    """A proxy class for one model type, with its members in the class: a read of a field is a
    property that Python finds at once. Through `__getattr__`, each read first failed a normal
    lookup, which raised and caught an AttributeError (4.5 times slower; a topic page reads
    thousands). Members are what `_attribute` would give: properties and methods run with the
    proxy as `self`, and a cached property is computed on every read (a proxy has no storage)."""
    namespace: dict[str, Any] = {"__slots__": ()}
    for name in dir(kind):
        if name.startswith("__") or name in stored_fields(kind) or hasattr(base, name):
            continue  # (a name the proxy itself has is found on it, as before)
        member = getattr(kind, name, None)
        if isinstance(member, property) and member.fget is not None:
            namespace[name] = property(member.fget)
        elif isinstance(member, functools.cached_property):
            namespace[name] = property(member.func)
        elif isinstance(member, types.FunctionType):
            namespace[name] = member
        elif member is not None and not name.startswith("_") and not hasattr(type(member), "__get__"):
            namespace[name] = member
    for name in stored_fields(kind) - set(dir(base)):
        namespace[name] = property(_field_reader(name, recorded=base is Proxy))
    return type(f"{kind.__name__}{base.__name__}", (base,), namespace)


def _field_reader(name: str, recorded: bool) -> Callable[[Any], Any]:
    """A field's value as a page sees it, kept on the proxy beside the read it is recorded as, so
    a read makes no new tuple: 1% of the instructions of a whole cold build (callgrind, 400 entries)."""

    def read(proxy: Any) -> Any:
        known = proxy._values.get(name)
        if known is None:
            value = proxy._tracker.wrap(getattr(proxy._obj, name))
            known = proxy._values[name] = (value, (proxy._key, name) if recorded else None)
        if recorded and _current is not None:
            _current.reads.add(known[1])
        return known[0]

    return read


def unwrap(value: Any) -> Any:
    if isinstance(value, _Wrapper):
        return object.__getattribute__(value, "_obj")
    return value
