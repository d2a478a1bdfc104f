"""`new`: the file of a new entry, as an author would write it, computed, then written without
overwriting anything (the one entry writer, frontmatter.compose, is shared with `import`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.source.config import closest
from generator.source.dates import PartialDate
from generator.source.files import walk
from generator.source.frontmatter import compose, flow_list, scalar
from generator.source.load import SUFFIXES
from generator.source.slugs import slugify

MAX_SLUG = 60  # characters of the headline kept in a file name


class ScaffoldError(Exception):
    """A file or folder cannot be created; the message is for the author."""


@dataclass(frozen=True)
class NewEntry:
    title: str
    date_text: str  # as the author gave it (or today's ISO date)
    date: PartialDate
    topics: tuple[str, ...]
    url: str | None = None
    source: str | None = None
    key: bool = False
    draft: bool = False


def today(zone: str, now: datetime | None = None) -> PartialDate:
    """Today's date in the site's time zone (a day, no time)."""
    moment = (now or datetime.now(ZoneInfo(zone))).astimezone(ZoneInfo(zone))
    return PartialDate(moment.year, moment.month, moment.day)


def entry_text(entry: NewEntry) -> str:
    """The Markdown file of a new entry: front matter as an author writes it, an empty body."""
    fields = [
        ("title", scalar(entry.title)),
        ("date", scalar(entry.date_text, text_only=True)),
        ("topics", flow_list(entry.topics)),
    ]
    fields += [(name, scalar(getattr(entry, name))) for name in ("source", "url") if getattr(entry, name)]
    fields += [(name, "true") for name in ("key", "draft") if getattr(entry, name)]
    return compose(fields)


def file_date(date: PartialDate) -> str:
    """The date part of a file name: ISO as written, without a time (`2024-10`, `-0043`); a period
    by its first year, month or day (`1950` for the 1950s, `2024-03` for spring 2024)."""
    return date.iso().split("T", 1)[0].split("/", 1)[0]


def year_folder(date: PartialDate) -> str:
    match = re.match(r"[+-]?\d+", file_date(date))
    return match.group(0) if match else str(date.year)


def entry_stem(entry: NewEntry) -> str:
    words = slugify(entry.title) or "entry"
    if len(words) > MAX_SLUG:
        cut = words[:MAX_SLUG]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return f"{file_date(entry.date)}-{words}"


def entry_relpath(entry: NewEntry, taken: set[str], exists: set[str] | None = None) -> str:
    """content/entries/<year>/<date>-<slug>.md, with -2, -3 ... when that name is taken.

    `taken` holds the page names (slugs) entries already have: a second file with the same name
    in another year folder would give two entries one page.
    """
    stem = entry_stem(entry)
    folder = f"content/entries/{year_folder(entry.date)}"
    candidate, number = stem, 1
    while slugify(candidate) in taken or f"{folder}/{candidate}.md" in (exists or set()):
        number += 1
        candidate = f"{stem}-{number}"
    return f"{folder}/{candidate}.md"


def known_topics(root: Path) -> list[str]:
    """Topic slugs: the file names in content/topics/."""
    folder = root / "content" / "topics"
    return sorted({p.stem for p in walk(folder, SUFFIXES["topics"]) if p.parent == folder})


def topic_problems(wanted: tuple[str, ...], known: list[str]) -> list[str]:
    """One message per topic that has no file, with the closest existing one."""
    messages = []
    for topic in wanted:
        if topic in known:
            continue
        hint = closest(topic, known)
        if hint:
            messages.append(f"--topic {topic}: unknown topic: did you mean {hint}?")
        elif known:
            messages.append(f"--topic {topic}: unknown topic: the topics are {', '.join(known)}")
        else:
            messages.append(
                f"--topic {topic}: unknown topic: there are no topics yet; add content/topics/{topic}.yaml with a title"
            )
    return messages


def entry_names(root: Path) -> set[str]:
    """The default page names of the entry files already there (their file names, slugified)."""
    return {slugify(p.stem) for p in walk(root / "content" / "entries", SUFFIXES["entries"])}


def create_entry(root: Path, entry: NewEntry) -> str:
    """Write the new entry under a name no entry has; return its path relative to the site."""
    for _attempt in range(100):
        relpath = entry_relpath(entry, entry_names(root))
        try:
            create_file(root / relpath, entry_text(entry))
        except FileExistsError:
            continue  # made by someone else meanwhile: take the next number
        return relpath
    raise ScaffoldError("could not find a free file name for the entry")


def create_file(path: Path, text: str) -> None:
    """Write a new file; FileExistsError when there already is one (never overwrites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
