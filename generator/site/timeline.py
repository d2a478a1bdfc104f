"""Order and group entries: one timeline per topic, tags, and what the home page lists.

Pure functions of the model, in SPEC 5's order: earliest instant, then coarser precision, then
exact before approximate before uncertain, then slug. Shown under year and month headings that
follow the site zone: a date coarser than a month (a year, a season, a decade) sits under its
year heading outside any month group, before the months oldest-first; newest-first is all of it
reversed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from generator.site import urls
from generator.site.topic_pages import TopicPages, topic_pages
from generator.source.dates import PartialDate, format_date, month_name
from generator.source.model import Entry, Site, Tag, Topic


def order_key(entry: Entry, zone: str) -> tuple:
    return (*entry.date.sort_key(zone), entry.slug)


def chronological(entries: Iterable[Entry], zone: str) -> list[Entry]:
    return sorted(entries, key=lambda e: order_key(e, zone))


@dataclass
class MonthGroup:
    year: int
    month: int | None  # None: entries coarser than a month (a year, a season, a decade ...)
    entries: list[Entry] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"m{self.year}-{self.month:02d}" if self.month else f"y{self.year}-year"

    @property
    def label(self) -> str:
        return f"{month_name(self.month)} {year_label(self.year)}" if self.month else f"{year_label(self.year)}"

    @property
    def date(self) -> PartialDate:
        """The heading as a date, for `date_text` to show in the site's language."""
        return PartialDate(self.year, self.month)


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
    def date(self) -> PartialDate:
        return PartialDate(self.year)

    @property
    def count(self) -> int:
        return sum(len(m.entries) for m in self.months)


def year_label(year: int) -> str:
    return format_date(PartialDate(year=year))


def group(entries: list[Entry], zone: str, order: str = "oldest-first") -> list[YearGroup]:
    """Year and month headings for entries in time order (SPEC 5); newest-first reverses it all."""
    years: list[YearGroup] = []
    for entry in entries:
        year, month = entry.date.local_year_month(zone)
        if not years or years[-1].year != year:
            years.append(YearGroup(year, [MonthGroup(year, None)]))
        months = years[-1].months
        target = months[0] if month is None else months[-1]
        if month is not None and target.month != month:
            target = MonthGroup(year, month)
            months.append(target)
        target.entries.append(entry)
    for year_group in years:
        year_group.months = [m for m in year_group.months if m.entries]
    if order == "newest-first":
        years.reverse()
        for year_group in years:
            year_group.months.reverse()
            for month_group in year_group.months:
                month_group.entries.reverse()
    return years


def shown_order(years: list[YearGroup]) -> list[Entry]:
    return [entry for year in years for month in year.months for entry in month.entries]


@dataclass
class Timeline:
    topic: Topic
    order: str  # oldest-first or newest-first
    chronological: list[Entry]  # earliest first: neighbours, charts, feeds
    zone: str = "UTC"  # the site zone, whose years and months head the entries
    entries: list[Entry] = field(init=False)  # as shown, under its headings (SPEC 5)

    def __post_init__(self) -> None:
        self.entries = shown_order(group(self.chronological, self.zone, self.order))

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
    pages: dict[str, TopicPages] = field(default_factory=dict)  # how each topic is spread over pages

    def groups(self, topic: str, zone: str) -> list[YearGroup]:
        timeline = self.by_topic[topic]
        return group(timeline.chronological, zone, timeline.order)


def build_timelines(site: Site) -> Timelines:
    zone = site.settings.timezone
    ordered = chronological(site.entries, zone)
    per_topic: dict[str, list[Entry]] = {slug: [] for slug in site.topics}
    for entry in ordered:
        for topic in entry.topics:
            if topic in per_topic:
                per_topic[topic].append(entry)
    by_topic = {}
    for slug, topic in site.topics.items():
        order = topic.order or site.settings.order
        entries = per_topic[slug]
        by_topic[slug] = Timeline(topic, order, entries, zone)
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
            tag_slug = urls.of_tag(name)
            tags.setdefault(tag_slug, Tag(tag_slug, name)).entries.append(entry)
    # Most recent latest entry first; ties alphabetical; topics with no entries last.
    home = sorted(by_topic.values(), key=lambda t: (t.last is None, _recency(t, zone)))
    limit = site.settings.topic_page_limit
    pages = {slug: topic_pages(timeline, limit) for slug, timeline in by_topic.items()}
    return Timelines(by_topic, dict(sorted(tags.items())), neighbours, ordered[::-1], home, pages)


def _recency(timeline: Timeline, zone: str) -> tuple:
    if timeline.last is None:
        return (timeline.topic.slug,)
    key = order_key(timeline.last, zone)
    return (-key[0], -int(key[1]), key[2], timeline.topic.slug)
