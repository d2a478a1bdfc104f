"""News clippings in: text pasted from news pages, split into stories.

What a pasted page looks like (see ../shared/seeds/): page furniture ("Skip Navigation",
"Search"), a line `www.host.tld Headline`, the dek (often twice: page header and article),
the body one paragraph a line, a stray vote count (a line that is only a number) between
stories; wire stories have a dateline `SEOUL, Jan. 30 (Yonhap) -- ...` instead of a host line.

Dates are never guessed silently: a clipping rarely carries its year, and often only a weekday.
A dateline with a year gives the date. Without a year, `--year` supplies it; failing that, the
latest year (not after this one) in which that day falls on the weekday the story names is the
best date, written as a draft with a comment saying what to check. A story with no date at all
becomes a draft dated only with the `--year` year, with a comment; without `--year` it is refused
with a message naming the story (no date is invented).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from generator.source.dates import WEEKDAY_NAMES, DateError, month_name, parse_date

from .common import ImportedEntry, ImportOptions, SourceData, dated_by_year
from .sanitize import normalise_text, text_to_markdown

FURNITURE = {
    "skip navigation", "skip to content", "skip to main content", "search", "menu", "share", "share this",
    "share this article", "sign in", "log in", "subscribe", "advertisement", "close", "print", "email",
    "facebook", "twitter", "x", "linkedin", "whatsapp", "copy link", "comments", "read more", "related",
    "watch live", "listen", "more", "newsletter", "sponsored", "top stories",
}  # fmt: skip
PUBLISHERS = {
    "nbcnews.com": "NBC News", "newsweek.com": "Newsweek", "yna.co.kr": "Yonhap", "en.yna.co.kr": "Yonhap",
    "reuters.com": "Reuters", "apnews.com": "AP", "bbc.com": "BBC", "bbc.co.uk": "BBC", "cnn.com": "CNN",
    "nytimes.com": "The New York Times", "washingtonpost.com": "The Washington Post",
    "theguardian.com": "The Guardian", "aljazeera.com": "Al Jazeera", "koreaherald.com": "The Korea Herald",
    "koreatimes.co.kr": "The Korea Times", "npr.org": "NPR", "cbsnews.com": "CBS News", "abcnews.go.com": "ABC News",
    "foxnews.com": "Fox News", "politico.com": "Politico", "bloomberg.com": "Bloomberg", "ft.com": "Financial Times",
    "wsj.com": "The Wall Street Journal", "economist.com": "The Economist", "nknews.org": "NK News",
}  # fmt: skip
HOST_LINE = re.compile(r"^(?:https?://)?(?P<host>www\d?\.[a-z0-9-]+(?:\.[a-z0-9-]+)+)/?\s+(?P<headline>\S.*)$", re.I)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'’/-]+),?\s+"
    r"(?:(?P<date>(?P<mon>[A-Z][a-z]{2,8})\.?\s+(?P<day>\d{1,2})(?:,\s*(?P<year>\d{4}))?)\s*)?"
    r"\((?P<agency>[^)]{2,40})\)\s*(?:--|—|–|-)\s*"
)
WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
NUMBER = re.compile(r"^[\d,.]+[kKmM]?$")


@dataclass
class _Story:
    headline: str
    line: int
    host: str | None = None
    paragraphs: list[tuple[int, str]] = field(default_factory=list)


def _headline_like(text: str) -> bool:
    return len(text) <= 160 and not text.endswith((".", ",", ";", ":")) and len(text.split()) >= 3


def split_stories(text: str) -> list[_Story]:
    """Stories in the order pasted; furniture and vote counts dropped."""
    stories: list[_Story] = []
    current: _Story | None = None
    boundary = True
    for number, raw in enumerate(text.split("\n"), 1):
        line = normalise_text(raw)
        if not line or line.lower().rstrip(".:") in FURNITURE:
            continue
        if NUMBER.match(line):
            boundary = True  # a stray vote or comment count ends a story
            continue
        host = HOST_LINE.match(line)
        if host:
            current = _Story(normalise_text(host["headline"]), number, host["host"].lower())
            stories.append(current)
        elif boundary or current is None:
            current = _Story(line, number)
            stories.append(current)
        elif DATELINE.match(line) and current.paragraphs and _headline_like(current.paragraphs[-1][1]):
            head_line, head = current.paragraphs.pop()  # a new wire story: headline, then its dateline
            current = _Story(head, head_line)
            current.paragraphs.append((number, line))
            stories.append(current)
        else:
            current.paragraphs.append((number, line))
        boundary = False
    return [s for s in stories if s.paragraphs or s.host]


def _publisher(host: str) -> str:
    bare = host.split(".", 1)[1] if host.startswith("www") else host
    return PUBLISHERS.get(bare, bare)


def parse(text: str, options: ImportOptions) -> SourceData:
    source = SourceData()
    stories = split_stories(text)
    if not stories:
        source.problems.error(options.label, 1, "no stories found: a clipping needs a headline line, then paragraphs")
    for story in stories:
        entry = _entry(story, options, source)
        if entry:
            source.entries.append(entry)
    return source


def _entry(story: _Story, options: ImportOptions, source: SourceData) -> ImportedEntry | None:
    paragraphs = [p for _, p in story.paragraphs if p != story.headline]
    summary = None
    if paragraphs and (story.host or paragraphs.count(paragraphs[0]) > 1):
        summary = paragraphs[0]  # the dek, under the headline (and often repeated)
        paragraphs = [p for p in paragraphs if p != summary]
    entry = ImportedEntry(title=story.headline, date=None, line=story.line, summary=summary)
    entry.body = "\n\n".join(text_to_markdown(p) for p in paragraphs)
    if story.host:
        entry.source = _publisher(story.host)
    dateline = next((m for m in (DATELINE.match(p) for p in paragraphs[:2]) if m), None)
    if dateline and not entry.source:
        entry.source = dateline["agency"].strip()
    weekday_match = WEEKDAY.search(" ".join(paragraphs[:2]))
    weekday = weekday_match[1] if weekday_match else None
    if dateline and dateline["date"]:
        return _dated(entry, dateline, weekday, options, source)
    return _undated(entry, weekday, options, source)


def _dated(entry: ImportedEntry, dateline: re.Match[str], weekday: str | None, options: ImportOptions,
           source: SourceData) -> ImportedEntry | None:  # fmt: skip
    written = dateline["date"]
    try:
        month = parse_date(f"{dateline['mon']} 2000").month or 1
    except DateError:
        source.problems.error(options.label, entry.line, f'"{entry.title}": cannot read the dateline date "{written}"')
        return None
    day = int(dateline["day"])
    if dateline["year"]:
        year = int(dateline["year"])
    elif options.year is not None:
        year = options.year
        entry.notes.append(f"The clipping says {written} without a year; {year} comes from --year.")
    else:
        year = _year_for(month, day, weekday)
        if year is None:
            message = f'"{entry.title}": the dateline gives {written} but no year; pass --year YEAR'
            source.problems.error(options.label, entry.line, message)
            return None
        entry.draft = True
        entry.notes.append(
            f"Check the date: the clipping says {written} without a year; {year} is the latest year in which "
            f"{day} {month_name(month)} is a {weekday}, as the story says. Pass --year to give it."
        )
    try:
        parse_date(f"{year:04d}-{month:02d}-{day:02d}")
    except DateError as exc:
        source.problems.error(options.label, entry.line, f'"{entry.title}": {exc}')
        return None
    entry.date = f"{year:04d}-{month:02d}-{day:02d}"
    actual = WEEKDAY_NAMES[datetime.date(year, month, day).weekday()] if 1 <= year <= 9999 else None
    if weekday and actual and actual != weekday and not entry.draft:
        entry.draft = True
        entry.notes.append(
            f"Check the date: the story says {weekday}, but {day} {month_name(month)} {year} is a {actual}."
        )
    return entry


def _year_for(month: int, day: int, weekday: str | None) -> int | None:
    if weekday is None:
        return None
    this_year = datetime.date.today().year
    for year in range(this_year, this_year - 28, -1):
        try:
            if WEEKDAY_NAMES[datetime.date(year, month, day).weekday()] == weekday:
                return year
        except ValueError:  # 29 February
            continue
    return None


def _undated(entry: ImportedEntry, weekday: str | None, options: ImportOptions,
             source: SourceData) -> ImportedEntry | None:  # fmt: skip
    hint = f' (it only says "{weekday}")' if weekday else ""
    return dated_by_year(entry, source, options, f"in the clipping{hint}", f"the clipping gives no date{hint}")
