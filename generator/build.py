"""The one orchestrator: settings -> content -> timelines -> pages, then (only if clean) write."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator import __version__
from generator.errors import BuildError, Problems, plural
from generator.incremental import memo
from generator.incremental.cache import CACHE_DIR, MarkdownCache, cache_file
from generator.incremental.fingerprint import Fingerprinter
from generator.output.search import bundles_in, index_bundles, reusable_index_files, search_files
from generator.output.writer import SpareInBackground, holds_exactly, remove_leftovers, write_site
from generator.site.feeds import atom_feed, feeds_of, json_feed, newest_update
from generator.site.render import Renderer
from generator.site.sitemap import crawler_files, sitemap_urls
from generator.site.theme import asset_files
from generator.site.timeline import Timelines, build_timelines
from generator.site.timelinejs import timeline_file, timeline_path
from generator.source.config import Settings, load_settings, normalise_base_url
from generator.source.load import SourceMemo, load_file, load_site
from generator.source.markup import SETTINGS_KEY, Markup
from generator.source.model import Entry, Site
from generator.source.parse import parse_entry_file


@dataclass
class BuildResult:
    problems: Problems
    settings: Settings
    site: Site | None = None
    pages: dict[str, bytes] = field(default_factory=dict)  # generated files
    copies: dict[str, Path] = field(default_factory=dict)  # theme assets and static files
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reused: set[str] = field(default_factory=set)  # pages unchanged since the previous build: not in `pages`
    fingerprints: dict[str, str] = field(default_factory=dict)  # of every page, for the next build
    search: dict[str, list[str]] = field(default_factory=dict)  # search bundle -> entry pages it indexes
    search_pending: dict[str, list[str]] = field(default_factory=dict)  # bundles left to index (serve)

    def failed(self, strict: bool = False) -> bool:
        return self.problems.failed(strict)

    @property
    def page_count(self) -> int:
        return sum(1 for p in (*self.pages, *self.reused) if p.endswith(".html"))

    @property
    def rendered_count(self) -> int:
        return sum(1 for p in self.pages if p.endswith(".html"))


def build(
    root: Path,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    use_cache: bool = True,
    write_cache: bool = True,
    workers: int | None = None,
    previous: Mapping[str, str] | None = None,
    reusable: Callable[[str], bool] | None = None,
    sources: SourceMemo | None = None,
    progress: Callable[[str], None] = lambda stage: None,
) -> BuildResult:
    """Build the whole site in memory: nothing is written but the caches in .cache/ (and with
    `write_cache=False`, as `check` asks, not even those: they are only read).

    With `previous` (page fingerprints of the last build), pages whose inputs did not change and
    that `reusable(path)` confirms are still there are not rendered again (`result.reused`).
    `sources` keeps parsed files between builds of a long-running process (serve)."""
    started = time.perf_counter()
    problems = Problems()
    settings = load_settings(root, problems)
    if base_url is not None:
        settings = replace(settings, base_url=normalise_base_url(base_url))
    result = BuildResult(problems, settings)
    if settings.base_url is None:
        result.notices.append(
            "note: no base_url in content/site.yaml (or --base-url): feeds and the 404 page link from the domain "
            "root, and there is no sitemap or canonical URL"
        )
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    progress("reading content")
    site = result.site = _read_content(root, settings, problems, drafts, use_cache, write_cache, workers, sources)
    timelines = build_timelines(site)
    renderer = Renderer(root, site, timelines, compiled=_compiled_templates() if use_cache else None)
    fingerprints = Fingerprinter(renderer.fingerprint_salt())
    progress(f"rendering pages ({len(site.entries):,} entries)")
    rendered = renderer.render_all(problems, previous, reusable, fingerprints, workers)
    result.pages, result.reused, result.fingerprints = rendered.pages, rendered.reused, rendered.fingerprints
    result.search = renderer.search_plan
    for bundle, indexed in result.search.items():  # which pages it holds; their bytes are compared on writing
        inputs = {"pages": indexed, "language": settings.language}
        result.fingerprints[bundle + "/"] = fingerprints.page("search", inputs)
    for path, inputs, make in _data_files(site, timelines):
        fingerprint = fingerprints.page(path, inputs)
        result.fingerprints[path] = fingerprint
        if previous is not None and previous.get(path) == fingerprint and reusable and reusable(path):
            result.reused.add(path)
        else:
            result.pages[path] = make()
    # sitemap.xml and robots.txt list each page and its last change: an edit that changes no
    # date (most do not) leaves them as they were
    listed = sitemap_urls([*result.pages, *result.reused], rendered.jobs, site, timelines)
    crawl_key = fingerprints.page("sitemap", {"urls": listed})
    kept = [path for path, key in (previous or {}).items() if key == crawl_key]
    if kept and reusable and all(reusable(path) for path in kept):
        result.reused.update(kept)
        result.fingerprints.update(dict.fromkeys(kept, crawl_key))
    else:
        crawl_files = crawler_files(settings.base_url, listed, settings.timezone)
        result.pages.update(crawl_files)
        result.fingerprints.update(dict.fromkeys(crawl_files, crawl_key))
    result.pages[".nojekyll"] = b""
    result.copies = _copies(root, site, {*result.pages, *result.reused}, problems)
    result.seconds = time.perf_counter() - started
    return result


def _compiled_templates() -> Path | None:
    """Jinja's compiled templates run when loaded: kept in the user's own folder, not in .cache/."""
    folder = memo.user_folder()
    return folder / "templates" if folder else None


def _read_content(
    root: Path,
    settings: Settings,
    problems: Problems,
    drafts: bool,
    use_cache: bool,
    write_cache: bool,
    workers: int,
    sources: SourceMemo | None,
) -> Site:
    """Parse the content with the caches of .cache/: files parsed by the last build (unless the
    caller keeps its own `sources`, as serve does) and Markdown by text."""
    cache = MarkdownCache(cache_file(root), SETTINGS_KEY) if use_cache else None
    persistent = sources is None and use_cache
    loaded: dict[str, tuple] = {}
    if persistent:
        sources = memo.load(root, SETTINGS_KEY)
        loaded = dict(sources.items)
    site = load_site(root, settings, problems, drafts=drafts, cache=cache, workers=workers, memo=sources)
    if cache is not None and write_cache:
        cache.save()
    if persistent and sources is not None and write_cache:
        memo.save(sources, root, SETTINGS_KEY, loaded)
    return site


def edited_entry_pages(root: Path, site: Site, edited: set[str], drafts: bool = False) -> dict[str, bytes]:
    """The pages of the entries in the `edited` files, from `site` (the last good build) with
    only those files read again: what `build` will render for them, in a few milliseconds.

    serve shows these while the rest of the rebuild runs. {} when the edit reaches further than
    those pages can tell (a slug, draft or topic changed, or the file has problems): then only the
    whole build is right.
    """
    problems = Problems()
    markup = Markup(None)
    old: dict[str, list[Entry]] = {}
    for entry in site.entries:
        old.setdefault(entry.path, []).append(entry)
    new: dict[str, list[Entry]] = {}
    for relpath in sorted(edited):
        text = load_file(root / relpath, root, problems)
        if text is None or relpath not in old:
            return {}
        parsed = parse_entry_file(relpath, text, site.settings, markup)
        problems.extend(parsed.problems)
        new[relpath] = [e for e in parsed.items if drafts or not e.draft]
        same_slugs = [e.slug for e in new[relpath]] == [e.slug for e in old[relpath]]
        if not same_slugs or any(t not in site.topics for e in new[relpath] for t in e.topics):
            return {}
    if problems.failed() or problems.warnings:
        return {}
    entries: list[Entry] = []
    for entry in site.entries:
        if entry.path not in new:
            entries.append(entry)
        elif entry is old[entry.path][0]:
            entries += new[entry.path]
    changed = replace(site, entries=entries)
    renderer = Renderer(root, changed, build_timelines(changed), compiled=_compiled_templates())
    jobs = [renderer.entry_job(entry) for items in new.values() for entry in items]
    return {job.path: renderer.render(job) for job in jobs}


def _data_files(site: Site, timelines: Timelines) -> Iterator[tuple[str, dict, Callable[[], bytes]]]:
    """Feeds and TimelineJS exports: (path, the values it is made of, how to make it)."""
    fallback = newest_update(timelines.latest, site.settings.timezone)
    for feed in feeds_of(site, timelines):
        inputs = {"feed": feed, "fallback": fallback}
        yield feed.atom, inputs, partial(atom_feed, feed, site, fallback)
        yield feed.json, inputs, partial(json_feed, feed, site)
    for slug, timeline in timelines.by_topic.items():
        yield timeline_path(slug), {"timeline": timeline}, partial(timeline_file, timeline, site)


def _copies(root: Path, site: Site, generated: set[str], problems: Problems) -> dict[str, Path]:
    """Theme assets and static files; a static file may not take the place of a generated one."""
    copies = asset_files(root)
    for out_path, source in site.static_files.items():
        if out_path in generated or out_path in copies:
            owner = "a generated page" if out_path in generated else "a theme asset"
            problems.error(source, 1, f"this static file would overwrite {owner}: {out_path}; rename or move it")
            continue
        copies[out_path] = root / source
    return copies


def build_and_write(
    root: Path,
    out: Path,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    strict: bool = False,
    use_cache: bool = True,
    state: OutputState | None = None,
    sources: SourceMemo | None = None,
    search: bool = True,
    progress: Callable[[str], None] = lambda stage: None,
) -> BuildResult:
    """Build, and replace `out` with the new site only when the build has no errors.

    Pages unchanged since the last build into `out` are hard-linked from it, not rendered again;
    `state` remembers what that build wrote (by default in .cache/, keyed by the output folder).
    """
    out = Path(os.path.abspath(out))
    persist = state is None and use_cache  # a caller's own state (serve) stays in memory
    if state is None:
        state = OutputState.load(root, out) if use_cache else OutputState()
    previous = state.fingerprints if state.describes(out) else None
    spare = SpareInBackground(out, wanted=previous is not None)  # a site this built: made while it computes
    try:
        result = build(
            root,
            progress=progress,
            base_url=base_url,
            drafts=drafts,
            use_cache=use_cache,
            previous=previous,
            reusable=partial(_is_file, os.fspath(out)),
            sources=sources,
        )
        if result.failed(strict):
            spare.discard()
            return result
        started = time.perf_counter()
        keep = set(result.reused)
        stale = {
            bundle: indexed
            for bundle, indexed in result.search.items()
            if previous is None
            or previous.get(bundle + "/") != result.fingerprints[bundle + "/"]
            or not (out / bundle / "pagefind.js").is_file()
            or any(_differs(out / page, result.pages[page]) for page in indexed if page in result.pages)
        }
        if search:  # the bundles whose pages did not change stand as they are
            keep.update(search_files(out, [bundle for bundle in result.search if bundle not in stale]))
            # Pagefind does not write a content-named file that is already there: the old index's
            # files spare it most of its writing (they are never written to, so links are safe)
            keep.update(reusable_index_files(out, stale))
        else:  # the whole old index stands until the caller renews what `search_pending` names
            keep.update(search_files(out))
            unused = {bundle: [] for bundle in bundles_in(out) if bundle not in result.search}
            result.search_pending = unused | stale
        index_again = search and bool(stale)
        language = result.settings.language

        def finish(staging: Path) -> None:
            if index_again:
                count = sum(len(indexed) for indexed in stale.values())
                progress(f"indexing {plural(count, 'page')} for search")
                index_bundles(staging, stale, language=language)
            state.fingerprints = result.fingerprints
            state.folder = staging.stat().st_ino  # the folder that becomes `out` in the swap
            if persist:
                state.save(root, out)

        if not index_again and holds_exactly(out, result.pages, result.copies, keep):
            # nothing to write: the live site already is this build (the state may still need saving)
            spare.stop()
            remove_leftovers(out)
            finish(out)
            result.seconds += time.perf_counter() - started
            return result
        progress(f"writing {plural(result.rendered_count, 'changed page')}")
        spare.wait()
        try:
            write_site(out, result.pages, result.copies, finish=finish, keep=sorted(keep))
        except BuildError as exc:
            state.folder = None
            result.problems.error(str(out), 1, str(exc))
        result.seconds += time.perf_counter() - started
        return result
    finally:
        spare.stop()


def _is_file(folder: str, path: str) -> bool:
    return os.path.isfile(os.path.join(folder, path))  # plain strings: asked for every page


def _differs(path: Path, data: bytes) -> bool:
    """A page rendered again may still be the same bytes (a neighbour's body changed, not its headline)."""
    try:
        return path.stat().st_size != len(data) or path.read_bytes() != data
    except OSError:
        return True


@dataclass
class OutputState:
    """What the last good build wrote into an output folder: each page's fingerprint.

    It is trusted only while `folder` is still the inode of the output folder, so a build killed
    between writing the site and saving this never makes the next build reuse a wrong page.
    """

    fingerprints: dict[str, str] = field(default_factory=dict)
    folder: int | None = None

    def describes(self, out: Path) -> bool:
        try:
            return self.folder is not None and out.stat().st_ino == self.folder
        except OSError:
            return False

    @staticmethod
    def path(root: Path, out: Path) -> Path:
        key = hashlib.blake2b(str(out).encode("utf-8"), digest_size=8).hexdigest()
        return root / CACHE_DIR / f"output-{key}.json"

    @classmethod
    def load(cls, root: Path, out: Path) -> OutputState:
        try:
            data = json.loads(cls.path(root, out).read_bytes())
            if data.get("version") == __version__ and isinstance(data.get("pages"), dict):
                return cls(data["pages"], data.get("folder"))
        except (OSError, ValueError, AttributeError):
            pass
        return cls()

    def save(self, root: Path, out: Path) -> None:
        path = self.path(root, out)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            data = {"version": __version__, "folder": self.folder, "pages": self.fingerprints}
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # without it the next build renders every page: slower, never wrong
