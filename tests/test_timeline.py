"""Timeline order and grouping exactly as SPEC §5, from in-memory entries."""

from __future__ import annotations

import random

from generator.site.timeline import build_timelines, chronological, group
from generator.source.config import Settings
from generator.source.dates import parse_date
from generator.source.model import Entry, Site, Topic


def entry(slug: str, date: str, topics=("t",), zone: str = "UTC", **kw) -> Entry:
    return Entry(slug=slug, title=slug, date=parse_date(date, site_zone=zone), topics=tuple(topics), source="",
                 path=f"content/entries/{slug}.md", line=1, **kw)  # fmt: skip


def slugs(entries) -> list[str]:
    return [e.slug for e in entries]


def test_equal_instants_coarser_first_then_exact_then_slug():
    items = [
        entry("day-b", "2024-01-01"), entry("year", "2024"), entry("c-day", "c. 2024-01-01"), entry("month", "2024-01"),
        entry("day-a", "2024-01-01"), entry("minute", "2024-01-01 00:00"), entry("older", "2023-12-31"),
    ]  # fmt: skip
    assert slugs(chronological(items, "UTC")) == ["older", "year", "month", "day-a", "day-b", "c-day", "minute"]


def test_order_is_total_and_independent_of_input_order():
    items = [entry(f"e{i}", f"{2000 + i % 5}-{1 + i % 12:02d}") for i in range(40)] + [entry("bc", "44 BC")]
    expected = slugs(chronological(items, "UTC"))
    assert expected[0] == "bc"
    for seed in range(5):
        random.Random(seed).shuffle(items)
        assert slugs(chronological(items, "UTC")) == expected


def test_a_time_in_another_zone_orders_by_its_instant():
    items = [entry("seoul-morning", "2024-10-23 08:00 KST"), entry("utc-evening-before", "2024-10-22 22:00 UTC")]
    # 08:00 KST is 23:00 UTC the day before: after 22:00 UTC
    assert slugs(chronological(items, "UTC")) == ["utc-evening-before", "seoul-morning"]


def test_headings_follow_the_site_zone_and_never_repeat():
    items = chronological(
        [entry("a", "2024-09-30 23:30 UTC-05:00"), entry("b", "2024-10-02"), entry("c", "2024"), entry("d", "2023-12")],
        "UTC",
    )
    years = group(items, "UTC")
    assert [(y.anchor, [m.anchor for m in y.months]) for y in years] == [
        ("y2023", ["m2023-12"]),
        ("y2024", ["y2024-year", "m2024-10"]),  # 23:30 at UTC-05:00 is already October in UTC
    ]


def site(entries, topics, order="oldest-first") -> Site:
    return Site(Settings(order=order), entries, topics, {}, {})


def test_newest_first_is_the_exact_reverse_and_neighbours_stay_in_time():
    topics = {"t": Topic("t", "T", "content/topics/t.yaml", order="newest-first"), "u": Topic("u", "U", "x")}
    items = [entry("a", "2020"), entry("b", "2021"), entry("c", "2022", topics=("t", "u"))]
    timelines = build_timelines(site(items, topics))
    t = timelines.by_topic["t"]
    assert slugs(t.entries) == ["c", "b", "a"]
    assert slugs(t.chronological) == ["a", "b", "c"]
    near = timelines.neighbours[("t", "b")]
    assert near.earlier.slug == "a" and near.later.slug == "c"
    assert timelines.neighbours[("u", "c")].earlier is None


def test_home_lists_topics_by_latest_entry_and_empty_topics_last():
    topics = {s: Topic(s, s.upper(), "x") for s in ("old", "new", "empty")}
    items = [entry("a", "2020", topics=("old",)), entry("b", "2024", topics=("new",))]
    timelines = build_timelines(site(items, topics))
    assert [t.topic.slug for t in timelines.home_topics] == ["new", "old", "empty"]
    assert slugs(timelines.latest) == ["b", "a"]


def test_tags_follow_the_site_order():
    topics = {"t": Topic("t", "T", "x")}
    items = [entry("a", "2020", tags=("War",)), entry("b", "2021", tags=("war", "Peace"))]
    assert slugs(build_timelines(site(items, topics)).tags["war"].entries) == ["a", "b"]
    assert slugs(build_timelines(site(items, topics, "newest-first")).tags["war"].entries) == ["b", "a"]
