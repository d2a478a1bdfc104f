"""The page of an entry an author just saved, before the rest of the rebuild: the same bytes the
rebuild will write, made from the last good model with only the edited files read again.

Ordering 40,000 entries takes a second; an entry saved with the same date, slug, topics, tags and
draft state keeps its place, so the last build's order stands (its neighbours are other, unchanged
entries). The theme and the words are kept between saves: templates and catalogs are not entries,
and a change to them is a whole rebuild.
"""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path

import jinja2

from generator.errors import Problems
from generator.site.outputs import entry_outputs
from generator.site.render import Renderer, plain_view
from generator.site.theme import make_environment, theme_folders
from generator.site.timeline import Timelines, build_timelines
from generator.site.words import Words, load_catalog, theme_catalog_files
from generator.source.entries import parse_entry_file
from generator.source.files import NotReadable, check_source, decode, read_bytes
from generator.source.markup import Markup
from generator.source.model import Entry, Site
from generator.source.parse import parse_file


def edited_entry_pages(
    root: Path,
    site: Site,
    edited: set[str],
    drafts: bool = False,
    timelines: Timelines | None = None,
    words: Words | None = None,
) -> dict[str, bytes]:
    """The pages of the entries in the `edited` files, in a few milliseconds (`timelines`: the
    order of `site`, and `words`: its catalog, when the caller has them).

    {} when the edit reaches further than those pages can tell (a slug, draft or topic changed,
    or the file has problems): then only the whole build is right.
    """
    by_path = _entries_by_path(site)
    old = {path: by_path[path] for path in edited if path in by_path}
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
    changed = site  # pages read its topics and settings; its entries only to be ordered again
    if timelines is None or not _keeps_its_place(old, new):
        entries: list[Entry] = []
        for entry in site.entries:
            if entry.path not in new:
                entries.append(entry)
            elif entry is old[entry.path][0]:
                entries += new[entry.path]
        changed = replace(site, entries=entries)
        timelines = build_timelines(changed)
    words = words or _words(root, site.settings.language)
    view = plain_view(site.settings, site.topics, list(site.pages.values()), words, list(timelines.tags.values()))
    renderer = Renderer(_environment(root), view)
    outputs = [
        output for items in new.values() for entry in items for output in entry_outputs(entry, changed, timelines)
    ]
    return {output.path: renderer.make(output) for output in outputs}  # type: ignore[misc]


def warm_up(root: Path, language: str, site: Site | None = None) -> None:
    """Load the theme and the words, and index the entries, before the first save (serve calls
    it after a good build)."""
    _words(root, language)
    if site is not None:
        _entries_by_path(site)
    for name in ("entry.html", "alias.html"):
        try:
            _environment(root).get_template(name)
        except (jinja2.TemplateError, OSError, UnicodeDecodeError, RecursionError):
            return  # the whole build reports a broken theme


_index: tuple[Site, dict[str, list[Entry]]] | None = None  # the last good model's entries by file


def _entries_by_path(site: Site) -> dict[str, list[Entry]]:
    """Finding a file's entries among 40,000 took 15 ms: indexed once per good build."""
    global _index
    kept = _index
    if kept is None or kept[0] is not site:
        index: dict[str, list[Entry]] = {}
        for entry in site.entries:
            index.setdefault(entry.path, []).append(entry)
        kept = _index = (site, index)
    return kept[1]


def _keeps_its_place(old: dict[str, list[Entry]], new: dict[str, list[Entry]]) -> bool:
    """One entry saved, with all that orders and groups it as it was."""
    if len(new) != 1 or sum(map(len, new.values())) != 1:
        return False  # two edited entries may be each other's neighbours
    path, [entry] = next(iter(new.items()))
    if len(old[path]) != 1:
        return False
    place = lambda e: (e.date, e.end, e.slug, e.topics, e.tags, e.draft, e.aliases)  # noqa: E731
    return place(entry) == place(old[path][0])


def _environment(root: Path):  # type: ignore[no-untyped-def]
    """Jinja checks a template's file for changes whenever it is used, so a kept one is current
    while the theme's folders are the same."""
    return _kept_environment(root, tuple(theme_folders(root)))


@functools.lru_cache(maxsize=4)
def _kept_environment(root: Path, folders: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    return make_environment(root)


def _words(root: Path, language: str) -> Words:
    """The site's words, read again only when one of its catalog files changed."""
    files = [path for paths in theme_catalog_files(root).values() for path in paths]
    files += sorted((root / "content" / "i18n").glob("*.yaml"))
    stamp = tuple((str(path), _mtime(path)) for path in files)
    return _kept_words(root, language, stamp)


@functools.lru_cache(maxsize=4)
def _kept_words(root: Path, language: str, stamp: tuple) -> Words:  # type: ignore[type-arg]
    return Words(load_catalog(root, language, Problems()))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1
