"""What every importer produces, and the small pieces they share.

An importer turns outside text into `ImportedEntry` values (plain data: text fields already
sanitised, the date as text the date parser reads) plus problems; `plan.py` decides what to write.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import Problems
from generator.source.config import Settings
from generator.source.fields import http_url


@dataclass
class ImportedEntry:
    title: str
    date: str | None  # as an author would write it; checked with parse_date before writing
    line: int  # where the story starts in the source, for messages
    end: str | None = None
    source: str | None = None
    url: str | None = None
    summary: str | None = None
    body: str = ""  # Markdown, already safe
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)  # besides the --topic ones
    key: bool = False
    image: str | None = None
    image_alt: str | None = None
    slug: str | None = None
    draft: bool = False
    notes: list[str] = field(default_factory=list)  # written as YAML comments above the date


@dataclass
class SourceData:
    """One parsed source: its stories, its problems, and what it says about the topic."""

    entries: list[ImportedEntry] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    topic_title: str | None = None
    topic_description: str | None = None  # Markdown


@dataclass(frozen=True)
class ImportOptions:
    label: str  # the source as the user named it: the path in messages
    settings: Settings = field(default_factory=Settings)
    year: int | None = None


def web_url(value: str | None) -> str | None:
    """An http(s) URL ("//host/x" read as https), or None for anything else."""
    if not value:
        return None
    text = value.strip()
    return http_url("https:" + text if text.startswith("//") else text)
