"""The one orchestrator: settings -> content -> timelines -> outputs, then (only if clean) write.

`build` makes the whole site in memory; `build_and_write` swaps it into the output folder. What
an earlier build did is reused through a `State` (incremental/stores): parsed files, Markdown,
compiled templates, and the records of what each output read.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator.errors import BuildError, Problems, plural
from generator.incremental.engine import Engine
from generator.incremental.inputs import Inputs, build_inputs
from generator.incremental.keys import TEMPLATE, WORDS, global_views, model_tracker
from generator.incremental.sources import SourceReuse
from generator.incremental.stores import State
from generator.incremental.stores.pages import Records
from generator.incremental.tracking import Tracker
from generator.memory import give_back_memory
from generator.output.aside_search import ShardsAside
from generator.output.early_search import EarlyIndex
from generator.output.edit_search import EditedShards
from generator.output.search import index_bundles
from generator.output.search import plan as search_plan
from generator.output.search_plan import SearchPlan
from generator.output.spare import SpareInBackground
from generator.output.spill import Spilled, SpillTo, differs, make_spill_folder
from generator.output.writer import holds_exactly, is_copy_of, remove_leftovers, write_site
from generator.site.outputs import site_outputs
from generator.site.render import Renderer, SiteView
from generator.site.theme import asset_files, make_environment, template_source
from generator.site.timeline import Timelines, build_timelines
from generator.site.urls import entry_path, output_file
from generator.site.words import Words, load_catalog
from generator.source.config import NO_BASE_URL, Settings, load_settings, normalise_base_url
from generator.source.load import load_site
from generator.source.model import Site


@dataclass
class BuildResult:
    problems: Problems
    settings: Settings
    site: Site | None = None
    timelines: Timelines | None = None  # the site ordered (serve renders saved entries early from it)
    pages: dict[str, bytes | Spilled] = field(default_factory=dict)  # files made in this build
    copies: dict[str, Path] = field(default_factory=dict)  # theme assets and static files
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0
    reused: set[str] = field(default_factory=set)  # files of the live folder that stand as they are
    made: int = 0  # outputs made (pages and data files)
    search: dict[str, list[str]] = field(default_factory=dict)  # search bundle -> entry pages it indexes
    search_pending: dict[str, list[str]] = field(default_factory=dict)  # bundles left to index (serve)
    written: set[str] = field(default_factory=set)  # files whose bytes differ from the live folder's
    records: Records | None = None  # what each output read, for the store once the site is written
    sources: dict[str, str] = field(default_factory=dict)  # content file read -> digest of its bytes
    skipped: bool = False  # nothing the build reads had changed: the live site stands, untouched
    counts: tuple[int, int, int] = (0, 0, 0)  # (pages, entries, topics) of a skipped build

    def failed(self, strict: bool = False) -> bool:
        return self.problems.failed(strict)

    @property
    def page_count(self) -> int:
        return sum(1 for p in (*self.pages, *self.reused) if p.endswith(".html"))

    @property
    def summary(self) -> tuple[int, int, int]:
        """(pages, entries, topics) of the site in the output folder."""
        if self.site is None:
            return self.counts
        return self.page_count, len(self.site.entries), len(self.site.topics)

    @property
    def rendered_count(self) -> int:
        return sum(1 for p in self.pages if p.endswith(".html"))


def build(
    root: Path,
    *,
    base_url: str | None = None,
    drafts: bool = False,
    file_links: bool | None = None,
    state: State | None = None,
    live: Path | None = None,
    use_cache: bool = False,
    write_cache: bool = True,
    workers: int | None = None,
    progress: Callable[[str], None] = lambda stage: None,
    spill: Path | None = None,
    early: EarlyIndex | None = None,
    forked: Callable[[], None] | None = None,
    ahead: EditedShards | None = None,
) -> BuildResult:
    """Build the whole site in memory; nothing is written but the stores of `state` (none by
    default: a cold build; `use_cache` takes the site's own .cache/, which `write_cache=False`
    only reads, as `check` does). With `live`, the folder the state's page records describe,
    outputs whose reads did not change are not made again (`result.reused`). With `spill`, the
    files made are put there as they are made, not held in memory (output/spill.py), and `early`
    indexes them for search as they are (output/early_search.py); `ahead` indexes the shards of an
    edit's entry pages as soon as they are made (output/edit_search.py). `forked()` is called once
    the workers that make the pages exist, if they do."""
    started = time.perf_counter()
    if state is None:
        state = State.on_disk(root) if use_cache else State.none()
    problems = Problems()
    settings = _settings(root, problems, base_url, file_links)
    result = BuildResult(problems, settings, notices=[NO_BASE_URL] if settings.base_url is None else [])
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    progress("reading content")
    reuse = SourceReuse(state.parsed, state.markdown, settings)
    site = result.site = load_site(root, settings, problems, drafts=drafts, reuse=reuse, workers=workers)
    result.sources = {os.path.join(os.path.abspath(root), path): digest for path, digest in reuse.digests.items()}
    timelines = result.timelines = build_timelines(site)
    tracker, renderer = _renderer(root, state, site, timelines, problems)
    result.search = search_plan(output_file(entry_path(e.slug)) for e in site.entries)
    if early is not None:
        early.plan(result.search, settings.language)
    outputs = site_outputs(site, timelines, list(result.search))
    progress(f"making pages ({len(site.entries):,} entries)")
    describes = live is not None and state.output.describes(live)
    engine = Engine(tracker, renderer, root, reuse.wholes)
    if ahead is not None and describes:
        ahead.start(outputs, reuse.fresh, result.search, lambda output: engine.make_one(output)[0], settings.language)
    order, heard = (early.first, early.made) if early is not None else (None, None)
    made = engine.build(
        outputs, state.pages, partial(_is_file, os.fspath(live)) if describes else None, problems, workers, progress,
        SpillTo(os.fspath(spill), early.homes if early else {}) if spill else None, order, heard, forked,
    )  # fmt: skip
    result.pages, result.reused, result.made, result.records = made.files, made.reused, made.outputs, made.records
    result.copies = _copies(root, site, {*result.pages, *result.reused}, problems)
    engine.release(outputs)  # a slice at a time: serve's other threads run between the slices
    if write_cache:
        state.save(keep_output=False)  # the page records and output state are saved with the site
    result.notices += state.notices + waiting_notice(site.waiting)
    result.seconds = time.perf_counter() - started
    return result


def _settings(root: Path, problems: Problems, base_url: str | None, file_links: bool | None) -> Settings:
    """The site's settings, with what the command line says instead."""
    settings = load_settings(root, problems)
    if base_url is not None:
        settings = replace(settings, base_url=normalise_base_url(base_url))
    if file_links is not None:
        settings = replace(settings, file_links=file_links)
    return settings


def waiting_notice(waiting: list) -> list[str]:  # type: ignore[type-arg]
    """Drafts an import left without a known date: said on every build and check until dated."""
    if not waiting:
        return []
    where = ", ".join(f"{e.path}:{e.date_to_check}" for e in waiting[:5]) + (", ..." if len(waiting) > 5 else "")
    return [f"note: {plural(len(waiting), 'draft')} still without a known date (see '# Check the date'): {where}"]


def _renderer(
    root: Path, state: State, site: Site, timelines: Timelines, problems: Problems
) -> tuple[Tracker, Renderer]:
    """The theme, the site's words and the recording view of the model every page renders with."""
    env = make_environment(root, state.templates)
    tracker = model_tracker(site, timelines)
    tracker.virtual[TEMPLATE] = lambda name, _field: template_source(env, name)
    words = Words(load_catalog(root, site.settings.language, problems))
    tracker.virtual[WORDS] = lambda _language, message: words.lookup(message)
    renderer = Renderer(env, SiteView(*global_views(tracker), wrap=tracker.wrap, words=words))
    renderer.compile_all(problems, root)
    return tracker, renderer


def _copies(root: Path, site: Site, generated: set[str], problems: Problems) -> dict[str, Path]:
    """Theme assets and static files; a static file may not take the place of a generated file,
    of a folder the site needs (a file named `entries`), or of the search index."""
    copies = asset_files(root)
    folders = {path.rsplit("/", 1)[0] for path in (*generated, *copies) if "/" in path}
    folders |= {f.rsplit("/", i)[0] for f in list(folders) for i in range(1, f.count("/") + 1)}
    for out_path, source in site.static_files.items():
        if out_path in generated or out_path in copies:
            owner = "a generated page" if out_path in generated else "a theme asset"
            problems.error(source, 1, f"this static file would overwrite {owner}: {out_path}; rename or move it")
        elif out_path in folders:
            problems.error(source, 1, f"this static file would take the place of the site's folder {out_path}/")
        elif out_path.startswith(("search/pagefind/", "search/pagefind-")) or out_path.rpartition("/")[0] in generated:
            problems.error(source, 1, f"this static file would go inside the search index or a page: {out_path}")
        else:
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
    state: State | None = None,
    search: bool = True,
    file_links: bool | None = None,
    progress: Callable[[str], None] = lambda stage: None,
    skip_unchanged: bool = False,
    release_pages: bool = False,
) -> BuildResult:
    """Build, and replace `out` with the new site only when the build has no errors.

    Files unchanged since the last build into `out` are hard-linked from it, never written again.
    `state` holds the stores (by default the site's .cache/, or none without `use_cache`; serve
    keeps its own in memory). With `skip_unchanged` (the build command) a build whose inputs are
    all as the last one's into `out` found them only repeats that build's report (inputs.py).
    With `release_pages` the pages are spilled to disk as they are made (output/spill.py) and
    let go once written (`result.pages` keeps their paths, with empty bytes): Pagefind then
    indexes beside a smaller process."""
    out = Path(os.path.abspath(out))
    if state is None:
        state = State.on_disk(root, out) if use_cache else State.none()
    inputs = None
    if skip_unchanged:
        started = time.perf_counter()
        inputs = build_inputs(root, (base_url, drafts, strict, file_links, search, os.fspath(out)))
        skipped = _skipped(root, out, state, inputs)
        if skipped is not None:
            skipped.seconds = time.perf_counter() - started
            return skipped
    describes = state.output.describes(out)
    spare = SpareInBackground(out, wanted=describes)  # a site this built: made while it computes
    spill = make_spill_folder(out) if release_pages else None
    early = EarlyIndex(spill, out) if spill is not None and search and not describes else None  # no index to keep
    ahead = EditedShards(out) if search and describes else None
    try:
        with state.saving_sources() as saving:  # reading fills them: saved beside the workers that make pages
            result = build(root, base_url=base_url, drafts=drafts, file_links=file_links, state=state, live=out,
                           progress=progress, write_cache=False, spill=spill, early=early,
                           forked=saving.start, ahead=ahead)  # fmt: skip
        if result.failed(strict):
            spare.discard()
            state.save(keep_output=False)  # the files that parsed are worth keeping
            return result
        started = time.perf_counter()
        inputs = replace(inputs, contents=result.sources) if inputs is not None else None
        _write(result, out, state, describes, search, spare, progress, inputs, release_pages, spill, early, ahead)
        result.seconds += time.perf_counter() - started
        return result
    finally:
        spare.stop()
        for beside in filter(None, (early, ahead)):
            beside.close()
        if spill is not None:
            shutil.rmtree(spill, ignore_errors=True)  # what was not moved into the site


def _write(
    result: BuildResult,
    out: Path,
    state: State,
    describes: bool,
    search: bool,
    spare: SpareInBackground,
    progress: Callable[[str], None],
    inputs: Inputs | None = None,
    release_pages: bool = False,
    spill: Path | None = None,
    early: EarlyIndex | None = None,
    ahead: EditedShards | None = None,
) -> None:
    """Swap the new site in (or nothing, when the live folder already is it), search index included."""
    pages, copies, keep = _changes(result, out)
    plan = SearchPlan(result, out, state.output.search if describes else {}, search)
    besides = plan.indexed_beside(out, result.settings.language, pages, describes, early, ahead)
    keep |= plan.keep | set(plan.reusable_of(plan.stale_but(*(b.bundles for b in besides))))

    def finish(staging: Path) -> None:  # the folder that becomes `out` in the swap
        if release_pages:
            pages.clear()
            result.pages = dict.fromkeys(result.pages, b"")
            give_back_memory()
        _index(staging, plan, result, state, progress, besides)
        state.output.settle(staging, plan.digests, inputs, _report(result, state))
        if result.records is not None and result.records is not state.pages.records:
            state.pages.replace(result.records)  # (a build that made nothing keeps them unwritten)
        state.pages.save()
        state.output.save()

    if not plan.index_again and not pages and not copies and holds_exactly(out, {}, {}, keep):
        spare.stop()  # nothing to write: the live site already is this build
        remove_leftovers(out)
        finish(out)
        return
    try:
        spare.wait()
        if early is not None:  # the spilled pages move only once the shards indexed from them are done
            progress("finishing the search index")
            state.save(keep_output=False)
            early.wait()
            early.relocate(pages)  # (the entry pages moved from their shards' folders: found there)
        progress(f"writing {plural(sum(1 for p in pages if p.endswith('.html')), 'changed page')}")
        write_site(out, pages, copies, finish=finish, keep=sorted(keep), spilled=spill)
    except BuildError as exc:
        state.save(keep_output=False)
        state.output.settle(None, {})
        result.problems.error(str(out), 1, str(exc))
    finally:
        for beside in besides:
            if beside is not early:  # (closed by build_and_write, which made it)
                beside.close()


def _index(
    staging: Path,
    plan: SearchPlan,
    result: BuildResult,
    state: State,
    progress: Callable[[str], None],
    besides: list[EarlyIndex | ShardsAside],
) -> None:
    """The stale search shards into `staging`: those indexed beside it (early, ahead or aside)
    are moved in, Pagefind's processes index the others while this one saves its stores."""
    indexed = set().union(*(beside.move_into(staging) for beside in besides)) if plan.index_again else set()
    stale = {bundle: pages for bundle, pages in plan.stale.items() if bundle not in indexed}
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as background:
        indexing = None
        if plan.index_again and stale:
            progress(f"indexing {plural(sum(len(pages) for pages in stale.values()), 'page')} for search")
            indexing = background.submit(index_bundles, staging, stale, language=result.settings.language)
        state.save(keep_output=False)
        if indexing is not None:
            indexing.result()


def _report(result: BuildResult, state: State) -> dict:  # type: ignore[type-arg]
    """What a skipped build repeats: the counts, and the notices and warnings about the sources."""
    return {
        "counts": list(result.summary),
        "notices": [notice for notice in result.notices if notice not in state.notices],
        "warnings": [[p.path, p.line, p.message] for p in result.problems.warnings],
    }


def _skipped(root: Path, out: Path, state: State, inputs: Inputs) -> BuildResult | None:
    """The result of the last build into `out`, when nothing it read has changed since."""
    report = state.output.unchanged_report(out, inputs)
    if report is None:
        return None
    try:
        problems = Problems()
        for path, line, message in report["warnings"]:
            problems.warn(path, line, message)
        counts = tuple(int(n) for n in report["counts"])
        notices = [str(notice) for notice in report["notices"]]
    except (KeyError, TypeError, ValueError):
        return None  # a report of another shape: build
    result = BuildResult(problems, load_settings(root, Problems()), skipped=True, counts=counts)  # type: ignore[arg-type]
    result.notices = notices + state.notices
    return result


def _changes(result: BuildResult, out: Path) -> tuple[dict[str, bytes | Spilled], dict[str, Path], set[str]]:
    """(files to write, files to copy, live files that stand): only what differs is written."""
    keep = set(result.reused)
    live = out.is_dir()  # (a first build: nothing to compare with)
    for path, data in result.pages.items():
        if not live or differs(out / path, data):
            result.written.add(path)
        else:
            keep.add(path)  # made again, the same bytes: the live file stands
    copies = {}
    for path, source in result.copies.items():  # a copy the live folder already holds stands too
        if is_copy_of(out / path, source):
            keep.add(path)
        else:
            copies[path] = source
            result.written.add(path)
    return {path: result.pages[path] for path in result.written if path in result.pages}, copies, keep


def _is_file(folder: str, path: str) -> bool:
    return os.path.isfile(os.path.join(folder, path))  # plain strings: asked for every page
