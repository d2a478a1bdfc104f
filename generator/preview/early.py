"""The page of an entry an author just saved, before the rest of the rebuild: the same bytes the
rebuild will write, made from the last good model with only the edited files read again.

Ordering 40,000 entries takes a second; an entry saved with the same date, slug, topics, tags and
draft state keeps its place, so the last build's order stands (its neighbours are other, unchanged
entries). The theme and the words are those of the last good build: templates and catalogs are
not entries, and a change to them is a whole rebuild.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from generator.site.outputs import entry_outputs
from generator.site.render import Renderer, is_template, plain_view
from generator.site.theme import make_environment
from generator.site.timeline import Timelines, build_timelines
from generator.site.words import Words
from generator.source.entries import parse_entry_file
from generator.source.files import NotReadable, check_source, decode, read_bytes
from generator.source.markup import Markup
from generator.source.model import Entry, Site
from generator.source.parse import parse_file


@dataclass(frozen=True)
class LastGood:
    """What the last good build knew, kept by serve for the pages of entries saved after it."""

    site: Site
    timelines: Timelines  # its order
    words: Words  # its catalog
    env: jinja2.Environment  # its theme, loaded
    by_path: dict[str, list[Entry]]  # its entries by file (finding them among 40,000 took 15 ms)


def last_good(
    root: Path, site: Site, timelines: Timelines, words: Words, compiled: jinja2.BytecodeCache | None = None
) -> LastGood:
    """Made after each good build, on the builder's thread, with every template loaded (from the
    build's `compiled` templates): a saved entry's page then compiles nothing."""
    by_path: dict[str, list[Entry]] = {}
    for entry in site.entries:
        by_path.setdefault(entry.path, []).append(entry)
    env = make_environment(root, compiled)
    for name in env.list_templates(filter_func=is_template):
        try:
            env.get_template(name)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError, RecursionError):
            continue  # a page that uses it reports it (the build just loaded them all)
    return LastGood(site, timelines, words, env, by_path)


def edited_entry_pages(root: Path, good: LastGood, edited: set[str], drafts: bool = False) -> dict[str, bytes]:
    """The pages of the entries in the `edited` files, in a few milliseconds.

    {} when the edit reaches further than those pages can tell (a slug, draft or topic changed,
    or the file has problems): then only the whole build is right.
    """
    site = good.site
    old = {path: good.by_path[path] for path in edited if path in good.by_path}
    new: dict[str, list[Entry]] = {}
    markup = Markup(None)
    for relpath in sorted(edited):
        if relpath not in old:
            return {}
        try:
            check_source(root / relpath, root / "content")
            text = decode(read_bytes(root / relpath))
        except NotReadable:
            return {}
        parsed = parse_file(parse_entry_file, relpath, text, site.settings, markup)
        if parsed.problems.items:
            return {}
        new[relpath] = [e for e in parsed.items if drafts or not e.draft]
        same_slugs = [e.slug for e in new[relpath]] == [e.slug for e in old[relpath]]
        if not same_slugs or any(t not in site.topics for e in new[relpath] for t in e.topics):
            return {}
    changed, timelines = site, good.timelines  # pages read its topics and settings, and this order
    if not _keeps_its_place(old, new):
        entries: list[Entry] = []
        for entry in site.entries:
            if entry.path not in new:
                entries.append(entry)
            elif entry is old[entry.path][0]:
                entries += new[entry.path]
        changed = replace(site, entries=entries)
        timelines = build_timelines(changed)
    tags = list(timelines.tags.values())
    renderer = Renderer(good.env, plain_view(site.settings, site.topics, list(site.pages.values()), good.words, tags))
    outputs = [
        output for items in new.values() for entry in items for output in entry_outputs(entry, changed, timelines)
    ]
    return {output.path: renderer.make(output) for output in outputs}  # type: ignore[misc]


def _keeps_its_place(old: dict[str, list[Entry]], new: dict[str, list[Entry]]) -> bool:
    """One entry saved, with all that orders and groups it as it was."""
    if len(new) != 1 or sum(map(len, new.values())) != 1:
        return False  # two edited entries may be each other's neighbours
    path, [entry] = next(iter(new.items()))
    if len(old[path]) != 1:
        return False
    place = lambda e: (e.date, e.end, e.slug, e.topics, e.tags, e.draft, e.aliases)  # noqa: E731
    return place(entry) == place(old[path][0])
