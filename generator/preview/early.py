"""The page of an entry an author just saved, before the rest of the rebuild: the same bytes the
rebuild will write, made from the last good model with only the edited files read again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.errors import Problems
from generator.site.outputs import entry_outputs
from generator.site.render import Renderer, plain_view
from generator.site.theme import make_environment
from generator.site.timeline import build_timelines
from generator.site.words import Words, load_catalog
from generator.source.entries import parse_entry_file
from generator.source.files import NotReadable, check_source, decode, read_bytes
from generator.source.markup import Markup
from generator.source.model import Entry, Site
from generator.source.parse import parse_file


def edited_entry_pages(root: Path, site: Site, edited: set[str], drafts: bool = False) -> dict[str, bytes]:
    """The pages of the entries in the `edited` files, in a few milliseconds.

    {} when the edit reaches further than those pages can tell (a slug, draft or topic changed,
    or the file has problems): then only the whole build is right.
    """
    old: dict[str, list[Entry]] = {}
    for entry in site.entries:
        old.setdefault(entry.path, []).append(entry)
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
    entries: list[Entry] = []
    for entry in site.entries:
        if entry.path not in new:
            entries.append(entry)
        elif entry is old[entry.path][0]:
            entries += new[entry.path]
    changed = replace(site, entries=entries)
    timelines = build_timelines(changed)
    words = Words(load_catalog(root, site.settings.language, Problems()))
    view = plain_view(site.settings, site.topics, list(site.pages.values()), words, list(timelines.tags.values()))
    renderer = Renderer(make_environment(root), view)
    outputs = [
        output for items in new.values() for entry in items for output in entry_outputs(entry, changed, timelines)
    ]
    return {output.path: renderer.make(output) for output in outputs}  # type: ignore[misc]
