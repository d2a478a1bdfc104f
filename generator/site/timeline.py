"""Order and group entries: one timeline per topic, tags, and what the home page lists.

Pure functions of the model; the order is the SPEC's: earliest instant, then coarser precision,
then exact before approximate, then slug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.site import urls
from generator.source.dates import PartialDate, format_date, month_name
from generator.source.model import Entry, Site, Tag, Topic


def order_key(entry: Entry, zone: str) -> tuple:
    return (*entry.date.sort_key(zone), entry.slug)


def chronological(entries: Iterable[Entry], zone: str) -> list[Entry]:
    return sorted(entries, key=lambda e: order_key(e, zone))


@dataclass
class MonthGroup:
    year: int
    month: int | None  # None: entries known only to the year
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"m{self.year}-{self.month:02d}" if self.month else f"y{self.year}-year"

    @property
    def label(self) -> str:
        return f"{month_name(self.month)} {year_label(self.year)}" if self.month else f"{year_label(self.year)}"


@dataclass
class YearGroup:
    year: int
    months: list[MonthGroup] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"y{self.year}"

    @property
    def label(self) -> str:
        return year_label(self.year)

    @property
    def count(self) -> int:
        return sum(len(m.entries) for m in self.months)


def year_label(year: int) -> str:
    return format_date(PartialDate(year=year))


def group(entries: list[Entry], zone: str) -> list[YearGroup]:
    """Year and month headings in the order given; consecutive entries share a heading."""
    years: list[YearGroup] = []
    for entry in entries:
        year, month = entry.date.local_year_month(zone)
        if not years or years[-1].year != year:
            years.append(YearGroup(year))
        months = years[-1].months
        if not months or months[-1].month != month:
            months.append(MonthGroup(year, month))
        months[-1].entries.append(entry)
    return years


@dataclass
class Timeline:
    topic: Topic
    order: str  # oldest-first or newest-first
    chronological: list[Entry]

    @property
    def entries(self) -> list[Entry]:
        """Display order."""
        return self.chronological if self.order == "oldest-first" else self.chronological[::-1]

    @property
    def key_entries(self) -> list[Entry]:
        return [e for e in self.chronological if e.key]

    @property
    def first(self) -> Entry | None:
        return self.chronological[0] if self.chronological else None

    @property
    def last(self) -> Entry | None:
        return self.chronological[-1] if self.chronological else None


@dataclass(frozen=True)
class Neighbours:
    earlier: Entry | None
    later: Entry | None


@dataclass
class Timelines:
    """Everything ordered: built once per build, read by every renderer."""

    by_topic: dict[str, Timeline]
    tags: dict[str, Tag]
    neighbours: dict[tuple[str, str], Neighbours]  # (topic slug, entry slug)
    latest: list[Entry]  # all entries, newest first
    home_topics: list[Timeline]  # most recently active first

    def groups(self, topic: str, zone: str) -> list[YearGroup]:
        return group(self.by_topic[topic].entries, zone)


def build_timelines(site: Site) -> Timelines:
    zone = site.settings.timezone
    ordered = chronological(site.entries, zone)
    per_topic: dict[str, list[Entry]] = {slug: [] for slug in site.topics}
    for entry in ordered:
        for topic in entry.topics:
            if topic in per_topic:
                per_topic[topic].append(entry)
    by_topic = {
        slug: Timeline(topic, topic.order or site.settings.order, per_topic[slug])
        for slug, topic in site.topics.items()
    }
    neighbours = {}
    for slug, timeline in by_topic.items():
        items = timeline.chronological
        for index, entry in enumerate(items):
            neighbours[(slug, entry.slug)] = Neighbours(
                items[index - 1] if index > 0 else None, items[index + 1] if index + 1 < len(items) else None
            )
    tags: dict[str, Tag] = {}
    tag_order = ordered if site.settings.order == "oldest-first" else ordered[::-1]
    for entry in tag_order:
        for name in entry.tags:
            tag_slug = urls.slugify(name)
            tags.setdefault(tag_slug, Tag(tag_slug, name)).entries.append(entry)
    # Most recent latest entry first; ties alphabetical; topics with no entries last.
    home = sorted(by_topic.values(), key=lambda t: (t.last is None, _recency(t, zone)))
    return Timelines(by_topic, dict(sorted(tags.items())), neighbours, ordered[::-1], home)


def _recency(timeline: Timeline, zone: str) -> tuple:
    if timeline.last is None:
        return (timeline.topic.slug,)
    key = order_key(timeline.last, zone)
    return (-key[0], -int(key[1]), key[2], timeline.topic.slug)
