"""The site as typed data: what parsing produces and what rendering reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.source.config import Settings

if TYPE_CHECKING:
    from generator.source.dates import PartialDate


@dataclass(frozen=True)
class Link:
    """An internal `kind:target` link found in Markdown, checked once every slug is known."""

    kind: str  # entry, topic, tag, page, static
    target: str
    line: int


@dataclass
class Entry:
    slug: str
    title: str
    date: PartialDate
    topics: tuple[str, ...]
    source: str
    path: str  # source file, relative to the site folder
    line: int  # where the entry starts in that file
    body_html: str = ""  # site links are markers (markup.ROOT_MARKER), resolved per page
    summary: str = ""
    end: PartialDate | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    key: bool = False
    image: str | None = None  # a site path (no leading slash) or an absolute URL
    image_alt: str | None = None
    draft: bool = False
    updated: PartialDate | None = None
    aliases: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    field_lines: dict[str, int] = field(default_factory=dict)
    date_to_check: int | None = None  # a draft's "# Check the date" line (left by import)


@dataclass
class Topic:
    slug: str
    title: str
    path: str
    description_html: str = ""
    related: tuple[str, ...] = ()
    order: str | None = None
    links: tuple[Link, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class Page:
    slug: str
    title: str
    path: str
    body_html: str = ""
    description: str = ""
    links: tuple[Link, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Tag:
    slug: str
    name: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Site:
    settings: Settings
    entries: list[Entry]  # drafts already removed unless asked for
    topics: dict[str, Topic]
    pages: dict[str, Page]
    static_files: dict[str, str]  # output path -> source path relative to the site folder
    waiting: list[Entry] = field(default_factory=list)  # drafts whose date import could not know
