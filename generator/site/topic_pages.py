"""The pages of a big topic (SPEC 7): one per year, and one per month of a year too big for one.

A topic with more entries than `topic_page_limit` is split: `topics/<topic>/<year>/` for every
year (`44bc/` before the era), and `<year>/<mm>/` for each month of a year that has more entries
than the limit (that year's page then keeps the entries known only to the year, and lists its
months). A span or period belongs to the year of its earliest instant. The topic page keeps the
description, chart, key moments and the list of years, with the entries of the latest page. Every
link to an entry's place in the topic goes to the page that shows it (`place`). Pure functions of
the timeline: no page is written here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.site import urls
from generator.source.dates import PartialDate
from generator.source.model import Entry


@dataclass(frozen=True)
class Part:
    """One page of a split topic: a year, or one month of a year."""

    topic: str
    year: int
    month: int | None
    entries: tuple[Entry, ...]  # the entries this page shows, earliest first
    count: int  # entries of the whole year (or month), shown here or on its month pages
    months: tuple[Part, ...] = ()  # a year split by month: its month pages

    @property
    def path(self) -> str:
        """The site path of the page: `topics/t/2024/`, `topics/t/44bc/`, `topics/t/2024/10/`."""
        folder = f"{urls.topic_path(self.topic)}{year_folder(self.year)}/"
        return folder + (f"{self.month:02d}/" if self.month else "")

    @property
    def date(self) -> PartialDate:
        """The year or month as a date, for `date_text` to name it in the site's language."""
        return PartialDate(self.year, self.month)


@dataclass
class TopicPages:
    topic: str
    split: bool
    years: list[Part] = field(default_factory=list)  # every year, earliest first (empty unless split)
    place: dict[str, str] = field(default_factory=dict)  # entry slug -> path of the page showing it

    @property
    def parts(self) -> list[Part]:
        """Every page of the split topic: the years, each followed by its month pages."""
        return [page for year in self.years for page in (year, *year.months)]

    @property
    def latest(self) -> Part | None:
        """The page the topic page shows the entries of: the latest year, or its latest month."""
        if not self.years:
            return None
        year = self.years[-1]
        return year.months[-1] if year.months and not year.entries else year

    def page_of(self, entry: Entry) -> str:
        return self.place.get(entry.slug, urls.topic_path(self.topic))

    def link(self, year: int, month: int | None) -> str:
        """The page (and heading) a chart bar for (year, month) leads to."""
        anchor = f"#m{year}-{month:02d}" if month else f"#y{year}"
        for part in self.years:
            if part.year == year:
                target = next((m for m in part.months if m.month == month), part) if month else part
                return target.path + anchor
        return urls.topic_path(self.topic) + anchor


def year_folder(year: int) -> str:
    """`2024`; `44bc` for 44 BC (astronomical year -43)."""
    return str(year) if year > 0 else f"{1 - year}bc"


def topic_pages(timeline: Any, limit: int) -> TopicPages:
    """How a topic's entries are spread over pages."""
    slug = timeline.topic.slug
    entries = timeline.chronological
    if len(entries) <= limit:
        return TopicPages(slug, False, place={e.slug: urls.topic_path(slug) for e in entries})
    zone = timeline.zone
    by_year: dict[int, list[Entry]] = {}
    for entry in entries:
        by_year.setdefault(entry.date.local_year_month(zone)[0], []).append(entry)
    pages = TopicPages(slug, True)
    for year, items in by_year.items():
        part = _year_part(slug, year, items, limit, zone)
        pages.years.append(part)
        for page in (part, *part.months):
            pages.place.update((e.slug, page.path) for e in page.entries)
    return pages


def _year_part(slug: str, year: int, items: list[Entry], limit: int, zone: str) -> Part:
    if len(items) <= limit:
        return Part(slug, year, None, tuple(items), len(items))
    coarse: list[Entry] = []
    by_month: dict[int, list[Entry]] = {}
    for entry in items:
        month = entry.date.local_year_month(zone)[1]
        if month is None:
            coarse.append(entry)
        else:
            by_month.setdefault(month, []).append(entry)
    months = tuple(Part(slug, year, m, tuple(found), len(found)) for m, found in sorted(by_month.items()))
    return Part(slug, year, None, tuple(coarse), len(items), months)
