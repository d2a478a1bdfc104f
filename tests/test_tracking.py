"""The proxies that record what a page reads: every way a template reaches a field is recorded."""

from __future__ import annotations

import dataclasses
import functools

import pytest

from generator.incremental.tracking import Proxy, Tracker, Transparent, recording, unwrap


@dataclasses.dataclass
class Story:
    slug: str
    title: str
    topics: list = dataclasses.field(default_factory=list)
    note: str = "default"

    @property
    def loud(self) -> str:
        return self.title.upper()

    @functools.cached_property
    def length(self) -> int:
        return len(self.title)

    def titled(self, prefix: str) -> str:
        return prefix + self.title

    def _private(self) -> str:
        return self.note

    kind = "story"


@dataclasses.dataclass
class Pair:  # unkeyed, holding keyed objects: a topic's neighbours
    left: Story
    right: Story


def tracker() -> Tracker:
    return Tracker(lambda obj: f"story:{obj.slug}" if isinstance(obj, Story) else None)


def test_each_way_to_a_field_is_recorded_and_gives_its_value():
    proxy = tracker().wrap(Story("a", "Talks", note="set"))
    reads_of = {
        "field": (lambda p: p.title, "Talks", {("story:a", "title")}),
        "field with a default": (lambda p: p.note, "set", {("story:a", "note")}),
        "property": (lambda p: p.loud, "TALKS", {("story:a", "title")}),
        "cached property": (lambda p: p.length, 5, {("story:a", "title")}),
        "method": (lambda p: p.titled("On "), "On Talks", {("story:a", "title")}),
        "private method": (lambda p: p._private(), "set", {("story:a", "note")}),
        "class attribute": (lambda p: p.kind, "story", set()),
    }
    for way, (read, value, expected) in reads_of.items():
        for _ in range(2):  # the first read and the remembered one
            with recording() as reads:
                assert read(proxy) == value, way
            assert reads == expected, way


def test_a_proxy_passes_for_its_object_and_refuses_writes():
    story = Story("a", "Talks")
    proxy = tracker().wrap(story)
    assert isinstance(proxy, Story) and isinstance(proxy, Proxy)
    assert proxy == story and unwrap(proxy) is story and tracker().wrap(proxy) is proxy
    with pytest.raises(AttributeError):
        proxy.title = "changed"
    with pytest.raises(AttributeError):
        proxy.no_such_field  # noqa: B018


def test_keyed_objects_inside_values_are_proxies_whose_reads_are_their_own():
    track = tracker()
    pair = track.wrap(Pair(Story("a", "One"), Story("b", "Two")))
    assert isinstance(pair, Transparent)
    with recording() as reads:
        assert pair.left.title == "One" and pair.right.loud == "TWO"
    assert reads == {("story:a", "title"), ("story:b", "title")}  # the pair itself is the page's context
    assert track.wrap(pair.left) is pair.left


def test_reads_outside_a_recording_are_not_kept():
    proxy = tracker().wrap(Story("a", "Talks"))
    assert proxy.title == "Talks"
    with recording() as reads:
        pass
    assert reads == set()
