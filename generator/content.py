"""Discover and parse a site's content: files in, typed model and problems out.

Parsing one file is a pure function of its text and the settings (`parse_entry_file`,
`parse_topic_file`, `parse_page_file`), so results can be cached and computed in parallel;
checks that need the whole site (unknown topics, duplicate slugs, links) come after.
"""

from __future__ import annotations

import difflib
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import urls, yamlread
from .cache import MarkdownCache, text_key
from .config import Settings, closest
from .dates import DateError, PartialDate, parse_date
from .errors import Problems
from .files import inside, read_text, rel, walk
from .frontmatter import FrontMatterError, split
from .markup import Markup, cut_summary
from .model import Entry, Page, Site, Topic

ENTRY_FIELDS = (
    "title",
    "date",
    "end",
    "topics",
    "source",
    "url",
    "summary",
    "tags",
    "key",
    "image",
    "image_alt",
    "draft",
    "updated",
    "aliases",
    "slug",
    "body",
)
TOPIC_FIELDS = ("title", "description", "related", "order")
PAGE_FIELDS = ("title", "slug", "description")
MAX_FILE_BYTES = 10 * 1024 * 1024
# Top-level names the generator writes itself; a page or static file may not take them.
RESERVED = (
    "entries",
    "topics",
    "tags",
    "assets",
    "search",
    "index.html",
    "404.html",
    "feed.xml",
    "feed.json",
    "sitemap.xml",
    "robots.txt",
    ".nojekyll",
    "pagefind",
)


@dataclass
class Parsed:
    """What one file gives: its items and its own problems."""

    items: list[Any] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


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


# --- values ---------------------------------------------------------------------------------


class FieldError(Exception):
    pass


BAD: Any = object()  # a field that was present but malformed; its error is already recorded


def text_value(value: Any, name: str) -> str | None:
    """Text as written; None for a missing or null value."""
    if yamlread.is_null(value):
        return None
    if isinstance(value, (list, dict)):
        raise FieldError(f"'{name}' must be text, not a {'list' if isinstance(value, list) else 'mapping'}")
    text = str(value).strip()
    return text or None


def text_list(value: Any, name: str) -> list[str]:
    if yamlread.is_null(value):
        return []
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, (list, dict)):
            raise FieldError(f"'{name}' must be a list of words like [one, two], not nested lists or mappings")
        text = str(item).strip() if not yamlread.is_null(item) else ""
        if text:
            result.append(text)
    return result


def bool_value(value: Any, name: str) -> bool:
    if yamlread.is_null(value):
        return False
    typed = yamlread.core_value(value)
    if not isinstance(typed, bool):
        raise FieldError(f"'{name}' must be true or false, not '{value}'")
    return typed


def web_url(value: Any, name: str) -> str | None:
    text = text_value(value, name)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in text for c in ' "<>\n'):
        raise FieldError(f"'{name}' must be a web address starting with http:// or https://, not '{text}'")
    return text


def date_value(value: Any, name: str, settings: Settings) -> PartialDate | None:
    text = text_value(value, name)
    if text is None:
        return None
    try:
        return parse_date(text, date_order=settings.date_order, site_zone=settings.timezone)
    except DateError as exc:
        raise FieldError(f"'{name}': {exc}") from None


def host_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def warn_unknown(
    fields: yamlread.LineDict, known: tuple[str, ...], relpath: str, problems: Problems, what: str, always: bool
) -> dict[str, Any]:
    """Warn about near-miss keys (and any unknown key when `always`); return the unknown ones."""
    extra = {}
    for key in fields:
        if key in known:
            continue
        extra[key] = yamlread.core_value(fields[key])
        hint = difflib.get_close_matches(key, known, n=1, cutoff=0.75)
        if hint:
            problems.warn(relpath, fields.line_of(key), f"unknown {what} field '{key}': did you mean '{hint[0]}'?")
        elif always:
            problems.warn(relpath, fields.line_of(key), f"unknown {what} field '{key}' is ignored")
    return extra


# --- entries --------------------------------------------------------------------------------


def parse_entry_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    """All entries of one `.md` or `.yaml` file."""
    parsed = Parsed()
    stem = slug_of_filename(relpath)
    if relpath.lower().endswith(".md"):
        try:
            doc = split(text)
        except FrontMatterError as exc:
            parsed.problems.error(relpath, exc.line, exc.message)
            return parsed
        if "body" in doc.fields:
            parsed.problems.warn(
                relpath,
                doc.fields.line_of("body"),
                "'body' is for YAML entries; the text after the front matter is the body",
            )
        entry = _entry(doc.fields, 1, relpath, stem, doc.body, doc.body_line, settings, markup, parsed.problems)
        if entry:
            parsed.items.append(entry)
        return parsed
    try:
        data = yamlread.load(text)
    except yamlread.YamlError as exc:
        parsed.problems.error(relpath, exc.line, exc.message)
        return parsed
    if data is None:
        parsed.problems.error(
            relpath, 1, "the file is empty: write one entry (title:, date:, topics:) or a list of them"
        )
    elif isinstance(data, yamlread.LineDict):
        entry = _yaml_entry(data, relpath, stem, settings, markup, parsed.problems)
        if entry:
            parsed.items.append(entry)
    elif isinstance(data, list):
        if not data:
            parsed.problems.error(relpath, 1, "the list of entries is empty")
        for number, item in enumerate(data, 1):
            if not isinstance(item, yamlread.LineDict):
                line = _item_line(text, number)
                parsed.problems.error(
                    relpath, line, f"item {number} of the list is not an entry (fields like 'title: ...')"
                )
                continue
            entry = _yaml_entry(item, relpath, None, settings, markup, parsed.problems)
            if entry:
                parsed.items.append(entry)
    else:
        parsed.problems.error(
            relpath, 1, "a YAML entry file must hold one entry (title:, date:, topics:) or a list of them"
        )
    return parsed


def _item_line(text: str, number: int) -> int:
    """Best line for the n-th top-level list item when it is not a mapping."""
    count = 0
    for index, line in enumerate(text.split("\n"), 1):
        if line.startswith("-"):
            count += 1
            if count == number:
                return index
    return 1


def _yaml_entry(
    fields: yamlread.LineDict, relpath: str, slug: str | None, settings: Settings, markup: Markup, problems: Problems
) -> Entry | None:
    body, body_line = "", fields.line
    if "body" in fields:
        try:
            body = text_value(fields["body"], "body") or ""
        except FieldError as exc:
            problems.error(relpath, fields.line_of("body"), str(exc))
        body_line = fields.line_of("body") + (1 if "\n" in body else 0)
    return _entry(fields, fields.line, relpath, slug, body, body_line, settings, markup, problems)


def slug_of_filename(relpath: str) -> str:
    name = relpath.rsplit("/", 1)[-1]
    return urls.slugify(name.rsplit(".", 1)[0])


def _entry(
    fields: yamlread.LineDict,
    start_line: int,
    relpath: str,
    default_slug: str | None,
    body: str,
    body_line: int,
    settings: Settings,
    markup: Markup,
    problems: Problems,
) -> Entry | None:
    """One entry from its fields; None (with errors recorded) when it cannot be used.

    `start_line` is where the entry begins (1 for a Markdown file, the item's line in a YAML
    list): a missing field is reported there.
    """
    errors_before = len(problems.errors)

    def line_of(name: str) -> int:
        return fields.key_lines.get(name, start_line)

    def get(name: str, convert: Callable[..., Any], *args: Any) -> Any:
        """The converted field; BAD (with the error recorded) when it is malformed."""
        try:
            return convert(fields.get(name), name, *args)
        except FieldError as exc:
            problems.error(relpath, line_of(name), str(exc))
            return BAD

    title = get("title", text_value)
    if title is None:
        problems.error(relpath, line_of("title"), "the entry has no title: add 'title: The headline'")
    date = get("date", date_value, settings)
    if date is None:
        problems.error(relpath, line_of("date"), "the entry has no date: add 'date: 2024-10-23' (or 2024-10, or 2024)")
    end = get("end", date_value, settings)
    topics = get("topics", text_list)
    if topics == []:
        problems.error(
            relpath,
            line_of("topics"),
            "the entry has no topics: add 'topics: [topic-slug]' naming a file in content/topics/",
        )
    url = get("url", web_url)
    source = get("source", text_value)
    summary = get("summary", text_value)
    tags = get("tags", text_list)
    for tag in tags if tags is not BAD else ():
        if not urls.slugify(tag):
            problems.error(
                relpath, line_of("tags"), f"the tag '{tag}' has no letters or digits to make a page name from"
            )
    key = get("key", bool_value)
    draft = get("draft", bool_value)
    image = get("image", text_value)
    image_alt = get("image_alt", text_value)
    if image and image is not BAD:
        if not image_alt:
            problems.error(
                relpath,
                line_of("image"),
                "'image' needs 'image_alt': a short text describing the picture for readers who cannot see it",
            )
        if ":" in image.split("/")[0]:
            image = get("image", web_url)
        else:
            image = image.lstrip("/")
    updated = get("updated", date_value, settings)
    aliases = get("aliases", text_list)
    slug_text = get("slug", text_value)
    extra = warn_unknown(fields, ENTRY_FIELDS, relpath, problems, "entry", always=False)
    if len(problems.errors) > errors_before:
        return None

    if date is not None and end is not None and end.latest(settings.timezone) < date.earliest(settings.timezone):
        problems.error(
            relpath, line_of("end"), f"the end ({fields.get('end')}) is before the date ({fields.get('date')})"
        )

    if len(problems.errors) > errors_before:
        return None

    if slug_text:
        slug = urls.slugify(slug_text)
    elif default_slug is not None:
        slug = default_slug
    else:
        slug = urls.slugify(f"{date.iso()}-{title}")
    if not slug:
        problems.error(relpath, line_of("slug"), "cannot make a page name from this entry: give it 'slug: some-words'")
        return None

    rendered = markup.render(body, body_line) if body.strip() else None
    if summary is None:
        summary = cut_summary(rendered.first_paragraph) if rendered else ""
    return Entry(
        slug=slug,
        title=title,
        date=date,
        end=end,
        topics=tuple(dict.fromkeys(topics)),
        source=source or (host_of(url) if url else ""),
        url=url,
        summary=summary,
        body_html=rendered.html if rendered else "",
        links=rendered.links if rendered else (),
        tags=tuple(dict.fromkeys(tags)),
        key=bool(key),
        draft=bool(draft),
        image=image,
        image_alt=image_alt,
        updated=updated,
        aliases=tuple(a for a in dict.fromkeys(urls.slugify(a) for a in aliases) if a),
        extra=extra,
        path=relpath,
        line=start_line,
        field_lines=dict(fields.key_lines),
    )


# --- topics and pages -------------------------------------------------------------------------


def parse_topic_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    parsed = Parsed()
    problems = parsed.problems
    description, description_line = "", 1
    if relpath.lower().endswith(".md"):
        try:
            doc = split(text, "topic")
        except FrontMatterError as exc:
            problems.error(relpath, exc.line, exc.message)
            return parsed
        fields, description, description_line = doc.fields, doc.body, doc.body_line
    else:
        try:
            fields = yamlread.load(text)
        except yamlread.YamlError as exc:
            problems.error(relpath, exc.line, exc.message)
            return parsed
        if not isinstance(fields, yamlread.LineDict):
            problems.error(relpath, 1, "a topic file must hold fields like 'title: North Korea and Russia'")
            return parsed
    try:
        title = text_value(fields.get("title"), "title")
        if "description" in fields:
            description = text_value(fields["description"], "description") or ""
            description_line = fields.line_of("description")
        related = [urls.slugify(r) for r in text_list(fields.get("related"), "related")]
        order = text_value(fields.get("order"), "order")
    except FieldError as exc:
        problems.error(relpath, 1, str(exc))
        return parsed
    if not title:
        problems.error(relpath, fields.key_lines.get("title", 1), "the topic has no title: add 'title: The topic name'")
        return parsed
    if order is not None and order not in ("oldest-first", "newest-first"):
        problems.error(relpath, fields.line_of("order"), f"order must be oldest-first or newest-first, not '{order}'")
        return parsed
    extra = warn_unknown(fields, TOPIC_FIELDS, relpath, problems, "topic", always=True)
    rendered = markup.render(description, description_line) if description.strip() else None
    parsed.items.append(
        Topic(
            slug=slug_of_filename(relpath),
            title=title,
            path=relpath,
            description_html=rendered.html if rendered else "",
            links=rendered.links if rendered else (),
            related=tuple(dict.fromkeys(related)),
            order=order,
            extra=extra,
            field_lines=dict(fields.key_lines),
        )
    )
    return parsed


def parse_page_file(relpath: str, text: str, settings: Settings, markup: Markup) -> Parsed:
    parsed = Parsed()
    try:
        doc = split(text, "page")
        title = text_value(doc.fields.get("title"), "title")
        slug_text = text_value(doc.fields.get("slug"), "slug")
        description = text_value(doc.fields.get("description"), "description") or ""
    except FrontMatterError as exc:
        parsed.problems.error(relpath, exc.line, exc.message)
        return parsed
    except FieldError as exc:
        parsed.problems.error(relpath, 1, str(exc))
        return parsed
    if not title:
        parsed.problems.error(
            relpath, doc.fields.key_lines.get("title", 1), "the page has no title: add 'title: About'"
        )
        return parsed
    slug = urls.slugify(slug_text) if slug_text else slug_of_filename(relpath)
    if slug in RESERVED:
        parsed.problems.error(relpath, 1, f"the page name '{slug}' is used by the site itself; rename the file")
        return parsed
    extra = warn_unknown(doc.fields, PAGE_FIELDS, relpath, parsed.problems, "page", always=False)
    rendered = markup.render(doc.body, doc.body_line)
    parsed.items.append(Page(slug, title, relpath, rendered.html, description, rendered.links, extra))
    return parsed


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
    """Parsed files kept by a long-running process (serve) between builds, by path and stat.

    A file whose size and modification time did not change is not read or parsed again.
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
    found: list[tuple[str, str, tuple | None, Parsed | None]] = []  # kind, relpath, stat key, memoised result
    for kind in PARSERS:
        for path in files[kind]:
            relpath = rel(path, root)
            key = hit = None
            if memo is not None:
                try:
                    stat = path.stat()
                    key = (kind, stat.st_mtime_ns, stat.st_size, settings.timezone, settings.date_order)
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
