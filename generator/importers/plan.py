"""From parsed stories to files: check dates and topics, skip duplicates, write nothing twice.

`plan_import` decides everything and writes nothing (so `--dry-run` is the same code path);
`apply` writes the planned files, each created exclusively so an existing file is never replaced.
Any error in the source means nothing at all is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from generator.errors import Problems
from generator.site import urls
from generator.source import yamlread
from generator.source.dates import DateError, PartialDate, parse_date
from generator.source.entries import parse_entry_file
from generator.source.files import NotReadable, read_text, rel, walk
from generator.source.frontmatter import FrontMatterError, scalar, split
from generator.source.load import SUFFIXES
from generator.source.markup import Markup
from generator.source.parse import slug_of_filename

from . import clipping, csv_table, feed, timelinejs
from .common import ImportedEntry, ImportOptions, JsonError, SourceData, read_json
from .sanitize import normalise_text
from .writer import entry_text, file_stem, year_folder

FORMATS = ("clipping", "feed", "csv", "timelinejs")
PARSERS = {"clipping": clipping.parse, "feed": feed.parse, "csv": csv_table.parse, "timelinejs": timelinejs.parse}


def detect(text: str) -> str:
    """JSON with events: timelinejs; XML or JSON Feed: feed; a header row: csv; else clipping."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            data = read_json(stripped)
        except JsonError:
            return "timelinejs"  # reported there, with its line
        return "feed" if feed.is_json_feed(data) else "timelinejs"
    if stripped.startswith("<"):
        return "feed"
    if csv_table.looks_like_csv(stripped):
        return "csv"
    return "clipping"


@dataclass
class Action:
    kind: str  # "topic", "entry" or "skip"
    path: str  # relative to the site folder ("" for a skip)
    text: str = ""
    title: str = ""
    reason: str = ""
    draft: bool = False
    checks: bool = False  # the entry has comments saying what to check

    def describe(self, dry_run: bool) -> str:
        if self.kind == "skip":
            return f'skipped "{self.title}": {self.reason}'
        verb = "would write" if dry_run else "wrote"
        if self.kind == "topic":
            return f"{'would create' if dry_run else 'created'} topic {self.path} ({self.title})"
        note = " (draft: check the date)" if self.checks and self.draft else " (draft)" if self.draft else ""
        return f"{verb} {self.path}{note}"


@dataclass
class Plan:
    format: str
    actions: list[Action] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)

    def count(self, kind: str) -> int:
        return sum(1 for a in self.actions if a.kind == kind)

    def summary(self, label: str, dry_run: bool) -> str:
        entries, skipped = self.count("entry"), self.count("skip")
        drafts = sum(1 for a in self.actions if a.kind == "entry" and a.draft)
        noun = "entry" if entries == 1 else "entries"
        drafted = f" ({drafts} draft{'s' if drafts != 1 else ''})" if drafts else ""
        if dry_run:
            return (
                f"Dry run: would import {entries} {noun}{drafted} and skip {skipped} "
                f"from {label} ({self.format}); nothing written."
            )
        return f"Imported {entries} {noun}{drafted}, skipped {skipped}, from {label} ({self.format})."


# --- what the site already has ------------------------------------------------------------------


def normal_url(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    return urlunsplit(("https", host, path, parts.query, ""))


def normal_title(title: str) -> str:
    return urls.slugify(normalise_text(title))


@dataclass
class SiteIndex:
    urls: dict[str, str] = field(default_factory=dict)  # normalised url -> file
    titles: dict[str, str] = field(default_factory=dict)  # normalised title -> file
    slugs: set[str] = field(default_factory=set)
    files: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)

    def add(self, where: str, title: str | None, url: str | None, slug: str | None) -> None:
        if title:
            self.titles.setdefault(normal_title(title), where)
        if url:
            self.urls.setdefault(normal_url(url), where)
        if slug:
            self.slugs.add(slug)


def site_index(root: Path) -> SiteIndex:
    """Titles, urls and slugs of every entry file, read leniently: a broken file still counts."""
    index = SiteIndex()
    content = root / "content"
    for path in walk(content / "topics", SUFFIXES["topics"]):
        if path.parent == content / "topics":
            index.topics.add(slug_of_filename(path.name))
    for path in walk(content / "entries", SUFFIXES["entries"]):
        relpath = rel(path, root)
        index.files.add(relpath)
        try:
            text = read_text(path)
            if relpath.lower().endswith((".md", ".markdown")):
                items, single = [split(text).fields], True
            else:
                data = yamlread.load(text)
                items, single = (data, False) if isinstance(data, list) else ([data], True)
        except (NotReadable, FrontMatterError, yamlread.YamlError):
            index.slugs.add(slug_of_filename(relpath))
            continue
        for item in items:
            if not isinstance(item, dict):
                continue
            fields = {k: str(v).strip() for k, v in item.items() if isinstance(v, str)}
            slug = urls.slugify(fields["slug"]) if fields.get("slug") else slug_of_filename(relpath) if single else None
            index.add(relpath, fields.get("title"), fields.get("url"), slug)
    return index


# --- planning -------------------------------------------------------------------------------------


def plan_import(root: Path, text: str, fmt: str, topics: list[str], options: ImportOptions,
                draft: bool = False) -> Plan:  # fmt: skip
    """Everything an import would do, and every problem it found; nothing is written."""
    if fmt == "auto":
        fmt = detect(text)
    plan = Plan(fmt)
    source = PARSERS[fmt](text, options)
    plan.problems.extend(source.problems)
    index = site_index(root)
    _plan_topics(plan, index, topics, source)
    settings = options.settings
    read = partial(parse_date, date_order=settings.date_order, site_zone=settings.timezone)
    markup = Markup()
    earlier: dict[str, int] = {}  # normalised url/title -> line, earlier in this import
    known_topics = index.topics | set(topics)
    for entry in source.entries:
        _plan_entry(plan, entry, index, earlier, topics, known_topics, options, draft, read, markup)
    return plan


def _plan_topics(plan: Plan, index: SiteIndex, topics: list[str], source: SourceData) -> None:
    for number, slug in enumerate(topics):
        if slug in index.topics:
            continue
        from_source = number == 0  # the source's title slide describes the first topic named
        title = (from_source and source.topic_title) or " ".join(w.capitalize() for w in slug.split("-") if w)
        lines = [f"title: {scalar(title or slug)}"]
        if from_source and source.topic_description:
            body = "\n".join(("  " + line) if line else "" for line in source.topic_description.split("\n"))
            lines.append("description: |\n" + body)
        plan.actions.append(Action("topic", f"content/topics/{slug}.yaml", "\n".join(lines) + "\n", title or slug))
        index.topics.add(slug)


def _plan_entry(plan: Plan, entry: ImportedEntry, index: SiteIndex, earlier: dict[str, int], topics: list[str],
                known_topics: set[str], options: ImportOptions, draft: bool, read: partial[PartialDate],
                markup: Markup) -> None:  # fmt: skip
    label, problems = options.label, plan.problems
    try:
        date = read(entry.date or "")
        end = read(entry.end) if entry.end else None
    except DateError as exc:
        problems.error(label, entry.line, f'"{entry.title}": {exc}')
        return
    all_topics = list(dict.fromkeys([*topics, *(urls.slugify(t) for t in entry.topics)]))
    for topic in all_topics:
        if topic not in known_topics:
            problems.error(
                label, entry.line, f"\"{entry.title}\": unknown topic '{topic}': add it with --topic {topic}"
            )
            return
    url_key = normal_url(entry.url) if entry.url else None
    title_key = normal_title(entry.title)
    if url_key and url_key in index.urls:
        reason = f"same url as {index.urls[url_key]}"
    elif url_key and url_key in earlier:
        reason = f"same url as the story on line {earlier[url_key]} of this import"
    elif title_key in index.titles:
        reason = f"same title as {index.titles[title_key]}"
    elif title_key in earlier:
        reason = f"same title as the story on line {earlier[title_key]} of this import"
    else:
        reason = ""
    if reason:
        plan.actions.append(Action("skip", "", title=entry.title, reason=reason))
        return
    earlier.setdefault(title_key, entry.line)
    if url_key:
        earlier.setdefault(url_key, entry.line)
    entry.draft = entry.draft or draft
    relpath, slug = _free_path(index, date, entry)
    text = entry_text(entry, date, end, all_topics, slug, read)
    parsed = parse_entry_file(relpath, text, options.settings, markup)
    if parsed.problems.errors or not parsed.items:
        message = parsed.problems.errors[0].message if parsed.problems.errors else "it does not read back"
        problems.error(label, entry.line, f'cannot write "{entry.title}": {message}')
        return
    index.files.add(relpath)
    index.slugs.add(parsed.items[0].slug)
    plan.actions.append(Action("entry", relpath, text, entry.title, draft=entry.draft, checks=bool(entry.notes)))


def _free_path(index: SiteIndex, date: PartialDate, entry: ImportedEntry) -> tuple[str, str | None]:
    """A file name and slug no entry has yet: `-2`, `-3`, ... added when needed."""
    wanted = urls.slugify(entry.slug) if entry.slug else None
    stem = file_stem(date, entry.title, wanted)
    for number in range(1, 1000):
        suffix = "" if number == 1 else f"-{number}"
        slug = wanted + suffix if wanted else None
        relpath = f"content/entries/{year_folder(date)}/{stem}{suffix}.md"
        if relpath not in index.files and (slug or slug_of_filename(relpath)) not in index.slugs:
            return relpath, slug
    raise RuntimeError("no free file name")  # pragma: no cover - a thousand entries with one name


def apply(root: Path, plan: Plan) -> None:
    """Write the planned files; never replaces one (exclusive create). Raises OSError."""
    for action in plan.actions:
        if action.kind == "skip":
            continue
        path = root / action.path
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(action.text)
