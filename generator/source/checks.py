"""What needs the whole site: unknown topics, duplicate slugs, links that name nothing.

A file that failed to parse is reported once, for itself: the topics and entries it would have
given are not reported again as unknown wherever they are named.
"""

from __future__ import annotations

from typing import Any

from generator.errors import Problems
from generator.source.config import Settings, closest
from generator.source.model import Entry, Site, Topic
from generator.source.parse import slug_of_filename
from generator.source.slugs import of_tag


def site_from(
    settings: Settings,
    by_kind: dict[str, list[Any]],
    failed: set[str],
    static_files: dict[str, str],
    problems: Problems,
    drafts: bool,
) -> Site:
    """The site of these parsed items, with every site-wide problem recorded."""
    topics = _unique_topics(by_kind["topics"], problems)
    pages = _unique(by_kind["pages"], problems, "page")
    all_entries: list[Entry] = by_kind["entries"]
    _check_entry_slugs(all_entries, problems)
    entries = [e for e in all_entries if drafts or not e.draft]
    broken = {slug_of_filename(path) for path in failed}  # named by what failed: reported already
    _check_topics(entries, topics, broken, problems)
    site = Site(settings, entries, topics, pages, static_files, [e for e in all_entries if e.draft and e.date_to_check])
    check_links(site, broken, problems)
    return site


def _unique(items: list[Any], problems: Problems, what: str) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for item in items:
        if item.slug in seen:
            problems.error(item.path, 1, f"two {what}s are named '{item.slug}': this one and {seen[item.slug].path}")
            continue
        seen[item.slug] = item
    return seen


def _unique_topics(items: list[Topic], problems: Problems) -> dict[str, Topic]:
    topics = _unique(items, problems, "topic")
    for topic in topics.values():
        for related in topic.related:
            if related not in topics:
                problems.error(topic.path, topic.field_lines.get("related", 1), unknown("topic", related, topics))
    return dict(sorted(topics.items()))


def _check_entry_slugs(entries: list[Entry], problems: Problems) -> None:
    owners: dict[str, Entry] = {}
    for entry in entries:
        for name in (entry.slug, *entry.aliases):
            other = owners.get(name)
            if other is not None and other is not entry:
                problems.error(
                    entry.path,
                    entry.line,
                    f"two entries have the page name '{name}': this one and {other.path}:{other.line}; "
                    "give one a different 'slug:'",
                )
            else:
                owners[name] = entry


def unknown(kind: str, name: str, known: dict[str, Any] | list[str]) -> str:
    hint = closest(name, list(known))
    message = f"unknown {kind} '{name}'"
    if hint:
        return message + f": did you mean {hint}?"
    if kind == "topic":
        message += f": add content/topics/{name}.yaml with a title"
        return message + (f", or use one of: {', '.join(list(known)[:8])}" if known else "")
    return message


def _check_topics(entries: list[Entry], topics: dict[str, Topic], broken: set[str], problems: Problems) -> None:
    """Every topic an entry names must exist; one whose file has errors is already reported."""
    for entry in entries:
        for topic in entry.topics:
            if topic not in topics and topic not in broken:
                problems.error(entry.path, entry.field_lines.get("topics", entry.line), unknown("topic", topic, topics))


def check_links(site: Site, broken: set[str], problems: Problems) -> None:
    """Every `entry:`, `topic:`, `tag:`, `page:` and `static:` link must name something built."""
    known = {
        "entry": {e.slug for e in site.entries} | {a for e in site.entries for a in e.aliases},
        "topic": set(site.topics),
        "tag": {of_tag(t) for e in site.entries for t in e.tags},
        "page": set(site.pages),
        "static": set(site.static_files),
    }
    owners: list[Any] = [*site.entries, *site.topics.values(), *site.pages.values()]
    for owner in owners:
        for link in owner.links:
            name = of_tag(link.target) if link.kind == "tag" else link.target
            if link.kind == "static":
                name = name.lstrip("/")
            if name in known[link.kind] or (link.kind in ("entry", "topic", "page") and name in broken):
                continue
            problems.error(
                owner.path,
                link.line,
                unknown(link.kind, link.target, sorted(known[link.kind])) + f" (in the link {link.kind}:{link.target})",
            )
    for entry in site.entries:
        if entry.image and "://" not in entry.image and entry.image not in known["static"]:
            problems.error(
                entry.path,
                entry.field_lines.get("image", entry.line),
                f"the image '{entry.image}' is not in content/static/",
            )
