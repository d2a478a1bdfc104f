"""Discover a site's content files, parse them (in parallel when many), check what needs the
whole site (unknown topics, duplicate slugs, links): files in, typed model and problems out.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from generator.errors import Problems
from generator.incremental.cache import MarkdownCache, text_key
from generator.site import urls
from generator.source.config import Settings, closest
from generator.source.files import inside, read_text, rel, walk
from generator.source.markup import Markup
from generator.source.model import Entry, Site, Topic
from generator.source.parse import Parsed, parse_entry_file, parse_page_file, parse_topic_file, slug_of_filename

MAX_FILE_BYTES = 10 * 1024 * 1024


# --- reading files -------------------------------------------------------------------------


def load_file(path: Path, root: Path, problems: Problems) -> str | None:
    relpath = rel(path, root)
    if path.is_symlink() and not inside(path, root / "content"):
        what = "folder" if path.is_dir() else "file"
        problems.error(relpath, 1, f"this is a link to a {what} outside content/; copy it in instead")
        return None
    if path.is_dir():
        problems.error(relpath, 1, "this is a link to a folder, which is not followed; move the files in instead")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.error(relpath, 1, f"the file is {size / 1_048_576:.1f} MB; content files are limited to 10 MB")
            return None
        return read_text(path)
    except UnicodeDecodeError as exc:
        data = path.read_bytes()
        line = data.count(b"\n", 0, exc.start) + 1
        problems.error(relpath, line, f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8")
    except OSError as exc:
        problems.error(relpath, 1, f"cannot read the file: {exc.strerror}")
    return None


# --- the whole site ---------------------------------------------------------------------------

PARSERS = {"entries": parse_entry_file, "topics": parse_topic_file, "pages": parse_page_file}
SUFFIXES = {
    "entries": (".md", ".markdown", ".yaml", ".yml"),
    "topics": (".yaml", ".yml", ".md"),
    "pages": (".md", ".markdown"),
}


def discover(root: Path) -> dict[str, list[Path]]:
    """The content files of each kind, in a stable order."""
    content = root / "content"
    found = {kind: walk(content / kind, SUFFIXES[kind]) for kind in PARSERS}
    found["topics"] = [p for p in found["topics"] if p.parent == content / "topics"]
    found["pages"] = [p for p in found["pages"] if p.parent == content / "pages"]
    found["static"] = walk(content / "static")
    return found


class SourceMemo:
    """Parsed files kept between builds, by path and stat (in memory by serve, on disk by memo.py).

    A file whose size, times and inode did not change is not read or parsed again.
    """

    def __init__(self) -> None:
        self.items: dict[str, tuple[tuple, Parsed]] = {}


def load_site(
    root: Path,
    settings: Settings,
    problems: Problems,
    drafts: bool = False,
    cache: MarkdownCache | None = None,
    workers: int = 1,
    memo: SourceMemo | None = None,
) -> Site:
    """Parse every content file and check what needs the whole site."""
    files = discover(root)
    parsed_with = (settings.timezone, settings.date_order)  # the settings that parsing reads
    found: list[tuple[str, str, tuple | None, Parsed | None]] = []  # kind, relpath, stat key, memoised result
    for kind in PARSERS:
        for path in files[kind]:
            relpath = rel(path, root)
            key = hit = None
            if memo is not None:
                try:
                    stat = path.stat()
                    key = (kind, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino) + parsed_with
                except OSError:
                    key = None
                remembered = memo.items.get(relpath)
                hit = remembered[1] if remembered and key is not None and remembered[0] == key else None
            found.append((kind, relpath, key, hit))
    texts: dict[str, str] = {}
    for _kind, relpath, _, hit in found:
        if hit is None:
            text = load_file(root / relpath, root, problems)
            if text is not None:
                texts[relpath] = text
    todo = [(kind, relpath, texts[relpath]) for kind, relpath, _, hit in found if hit is None and relpath in texts]
    if len(todo) < min(FEW_FILES, len(found)):
        cache = None  # Markdown for a few edited files costs less than reading and rewriting the cache
    fresh = dict(zip((relpath for _, relpath, _ in todo), parse_sources(todo, settings, cache, workers), strict=True))
    by_kind: dict[str, list[Any]] = {"entries": [], "topics": [], "pages": []}
    remembered_now: dict[str, tuple[tuple, Parsed]] = {}
    for kind, relpath, key, hit in found:
        result = hit or fresh.get(relpath)
        if result is None:
            continue
        if key is not None:
            remembered_now[relpath] = (key, result)
        problems.extend(result.problems)
        by_kind[kind].extend(result.items)
    if memo is not None:
        memo.items = remembered_now
        if cache is not None and todo and len(todo) < len(found):
            cache.keep_unused = True  # the Markdown of the files not parsed now is still in use

    static_files: dict[str, str] = {}
    for path in files["static"]:
        relpath = rel(path, root)
        if path.is_symlink() and not inside(path, root / "content"):
            what = "folder" if path.is_dir() else "file"
            problems.error(relpath, 1, f"this is a link to a {what} outside content/; copy it in instead")
            continue
        if path.is_dir():
            problems.error(relpath, 1, "this is a link to a folder, which is not followed; move the files in instead")
            continue
        static_files[rel(path, root / "content" / "static")] = relpath

    topics = _unique_topics(by_kind["topics"], problems)
    pages = _unique(by_kind["pages"], problems, "page")
    all_entries: list[Entry] = by_kind["entries"]
    _check_entry_slugs(all_entries, problems)
    entries = [e for e in all_entries if drafts or not e.draft]
    broken = {slug_of_filename(rel(p, root)) for p in files["topics"]} - set(topics)
    _check_topics(entries, topics, broken, problems)
    site = Site(settings, entries, topics, pages, static_files)
    check_links(site, problems)
    return site


# Below this many files that need Markdown, starting worker processes costs more than it saves.
PARALLEL_MIN = 150
FEW_FILES = 50  # files left to parse when all others came from the memo: no Markdown cache for them
_worker_state: tuple[Settings, MarkdownCache | None] | None = None


def parse_sources(
    sources: list[tuple[str, str, str]], settings: Settings, cache: MarkdownCache | None, workers: int = 1
) -> list[Parsed]:
    """Parse (kind, relpath, text) triples in order; files with uncached Markdown go to a process pool."""
    markup = Markup(cache)
    slow = [i for i, (kind, _, text) in enumerate(sources) if not _cached(kind, text, cache)]
    results: list[Parsed | None] = [None] * len(sources)
    if workers > 1 and len(slow) >= PARALLEL_MIN:
        global _worker_state
        _worker_state = (settings, cache)  # inherited by the forked workers
        size = max(16, len(slow) // (workers * 4))
        chunks = [[sources[i] for i in slow[at : at + size]] for at in range(0, len(slow), size)]
        context = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                done = list(pool.map(_parse_chunk, chunks))
        finally:
            _worker_state = None
        flat = [parsed for chunk_results, _ in done for parsed in chunk_results]
        for index, parsed in zip(slow, flat, strict=True):
            results[index] = parsed
        if cache is not None:
            for _, new in done:
                cache.merge(new)
    for index, (kind, relpath, text) in enumerate(sources):
        if results[index] is None:
            results[index] = PARSERS[kind](relpath, text, settings, markup)
    return results  # type: ignore[return-value]


def _cached(kind: str, text: str, cache: MarkdownCache | None) -> bool:
    """A cheap guess whether a file's Markdown is in the cache (front matter cut at the second ---)."""
    if cache is None or kind != "entries":
        return kind != "entries"
    parts = text.split("\n---", 1)
    if len(parts) < 2 or "\n" not in parts[1]:
        return False
    body = parts[1].split("\n", 1)[1]
    return not body.strip() or text_key(body) in cache.entries


def _parse_chunk(chunk: list[tuple[str, str, str]]) -> tuple[list[Parsed], dict[str, Any]]:
    settings, shared = _worker_state  # type: ignore[misc]
    cache = MarkdownCache(None, "")
    if shared is not None:
        cache.entries = shared.entries
    markup = Markup(cache)
    return [PARSERS[kind](relpath, text, settings, markup) for kind, relpath, text in chunk], cache.new


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
                problems.error(topic.path, topic.field_lines.get("related", 1), _unknown("topic", related, topics))
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


def _unknown(kind: str, name: str, known: dict[str, Any] | list[str]) -> str:
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
                problems.error(
                    entry.path, entry.field_lines.get("topics", entry.line), _unknown("topic", topic, topics)
                )


def check_links(site: Site, problems: Problems) -> None:
    """Every `entry:`, `topic:`, `tag:`, `page:` and `static:` link must name something built."""
    known = {
        "entry": {e.slug for e in site.entries} | {a for e in site.entries for a in e.aliases},
        "topic": set(site.topics),
        "tag": {urls.slugify(t) for e in site.entries for t in e.tags},
        "page": set(site.pages),
        "static": set(site.static_files),
    }
    owners: list[Any] = [*site.entries, *site.topics.values(), *site.pages.values()]
    for owner in owners:
        for link in owner.links:
            name = urls.slugify(link.target) if link.kind == "tag" else link.target
            if link.kind == "static":
                name = name.lstrip("/")
            if name not in known[link.kind]:
                problems.error(
                    owner.path,
                    link.line,
                    _unknown(link.kind, link.target, sorted(known[link.kind]))
                    + f" (in the link {link.kind}:{link.target})",
                )
    for entry in site.entries:
        if entry.image and "://" not in entry.image and entry.image not in known["static"]:
            problems.error(
                entry.path,
                entry.field_lines.get("image", entry.line),
                f"the image '{entry.image}' is not in content/static/",
            )
