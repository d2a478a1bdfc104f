"""Render the model into pages: a mapping of output path -> bytes, nothing written.

Each page is a `PageJob` that names its inputs (the entries, topics and settings it shows), so a
caller can tell which pages an edit touches; rendering one job is a pure function of those inputs.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup as Html

from generator.errors import Problems
from generator.incremental.fingerprint import Fingerprinter, files_digest
from generator.output import search
from generator.site import chart, metadata, urls
from generator.site.feeds import feed_paths
from generator.site.theme import make_environment, template_location, theme_files
from generator.site.timeline import Timelines
from generator.source.dates import format_date, format_span
from generator.source.markup import relink
from generator.source.model import Entry, Site, Topic

HOME_LATEST = 10
HOME_TOPIC_LATEST = 3


@dataclass
class PageJob:
    path: str  # output file, e.g. "entries/some-slug/index.html"
    template: str
    inputs: tuple[
        str, ...
    ]  # e.g. ("entry:some-slug", "topic:korea"); every page also depends on settings and templates
    context: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def url_path(self) -> str:
        """The page's folder URL relative to the site root ("" for the home page)."""
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path


class Renderer:
    def __init__(self, root: Path, site: Site, timelines: Timelines, compiled: Path | None = None) -> None:
        self.root = root
        self.site = site
        self.timelines = timelines
        self.env = make_environment(root, compiled)
        self.env.globals.update(self._globals())
        self.env.filters.update(self._filters())

    @functools.cached_property
    def search_plan(self) -> dict[str, list[str]]:
        """Search bundle -> the entry pages it indexes (alias pages are redirects: not indexed)."""
        return search.plan(urls.output_file(urls.entry_path(e.slug)) for e in self.site.entries)

    # -- helpers available to every template -----------------------------------------------------

    def _globals(self) -> dict[str, Any]:
        links = {
            "href": _href,
            "entry_url": lambda ctx, e: _href(ctx, urls.entry_path(e.slug if isinstance(e, Entry) else e)),
            "topic_url": lambda ctx, t: _href(ctx, urls.topic_path(t.slug if isinstance(t, Topic) else t)),
            "tag_url": lambda ctx, name: _href(ctx, urls.tag_path(urls.slugify(name))),
            "page_url": lambda ctx, p: _href(ctx, urls.page_path(p.slug)),
            "asset_url": lambda ctx, p: _href(ctx, "assets/" + p),
        }
        return {
            "site": self.site.settings,
            "nav_pages": list(self.site.pages.values()),
            "topics": self.site.topics,
            "page_meta": jinja2.pass_context(lambda ctx: metadata.page_meta(ctx, self.site)),
            "absolute_url": lambda path: metadata.absolute_url(self.site.settings.base_url, path),
            "feed_paths": feed_paths,
            "overview_chart": lambda timeline: chart.overview_svg(timeline, self.site.settings.timezone),
            "sparkline": lambda timeline: chart.sparkline(timeline, self.site.settings.timezone),
        } | {name: jinja2.pass_context(fn) for name, fn in links.items()}

    def _filters(self) -> dict[str, Any]:
        zone = self.site.settings.timezone
        return {
            "when": lambda e: _when(e, zone),
            "date_text": lambda d: format_date(d, zone),
            "anchor": lambda slug: quote(slug, safe=""),  # a slug as a #fragment (slugs may hold any script)
            "iso": lambda d: d.iso(),
            "html": jinja2.pass_context(lambda ctx, text: Html(relink(text, ctx["page_path"]))),
        }

    # -- the pages -------------------------------------------------------------------------------

    def jobs(self) -> list[PageJob]:
        site, tl = self.site, self.timelines
        jobs = [
            PageJob(
                "index.html",
                "home.html",
                ("home",) + tuple(f"topic:{t.topic.slug}" for t in tl.home_topics),
                {"timelines": tl.home_topics, "latest": tl.latest[:HOME_LATEST], "topic_latest": HOME_TOPIC_LATEST},
            ),
            PageJob("404.html", "404.html", ("nav",), {}),
            PageJob("search/index.html", "search.html", ("nav", "search"), {"bundles": list(self.search_plan)}),
        ]
        zone = site.settings.timezone
        for slug, timeline in tl.by_topic.items():
            jobs.append(
                PageJob(
                    urls.output_file(urls.topic_path(slug)),
                    "topic.html",
                    (f"topic:{slug}", *(f"entry:{e.slug}" for e in timeline.chronological)),
                    {
                        "topic": timeline.topic,
                        "timeline": timeline,
                        "years": tl.groups(slug, zone),
                        "related": [site.topics[r] for r in timeline.topic.related if r in site.topics],
                    },
                )
            )
        for entry in site.entries:
            jobs.append(self.entry_job(entry))
            for alias in entry.aliases:  # old slugs: small pages that redirect to the entry
                if alias != entry.slug:
                    path = urls.output_file(urls.entry_path(alias))
                    context = {"entry": entry, "alias": alias}
                    jobs.append(PageJob(path, "alias.html", (f"entry-head:{entry.slug}",), context))
        if tl.tags:
            jobs.append(
                PageJob(
                    "tags/index.html", "tags.html", tuple(f"tag:{t}" for t in tl.tags), {"tags": list(tl.tags.values())}
                )
            )
        for tag in tl.tags.values():
            jobs.append(
                PageJob(
                    urls.output_file(urls.tag_path(tag.slug)),
                    "tag.html",
                    (f"tag:{tag.slug}", *(f"entry-head:{e.slug}" for e in tag.entries)),
                    {"tag": tag},
                )
            )
        for page in site.pages.values():
            jobs.append(
                PageJob(
                    urls.output_file(urls.page_path(page.slug)), "page.html", (f"page:{page.slug}",), {"page": page}
                )
            )
        return jobs

    def entry_job(self, entry: Entry) -> PageJob:
        site, tl = self.site, self.timelines
        in_topics = [(site.topics[t], tl.neighbours.get((t, entry.slug))) for t in entry.topics if t in site.topics]
        inputs = [f"entry:{entry.slug}"]
        for topic, near in in_topics:
            inputs.append(f"topic-title:{topic.slug}")
            if near:
                inputs += [f"entry-head:{n.slug}" for n in (near.earlier, near.later) if n]
        context = {"entry": entry, "in_topics": in_topics}
        return PageJob(urls.output_file(urls.entry_path(entry.slug)), "entry.html", tuple(inputs), context)

    def render(self, job: PageJob) -> bytes:
        page_path = "" if job.path == "404.html" else job.url_path
        context = dict(job.context, page_path=page_path, output_path=job.path, is_404=job.path == "404.html")
        return self.env.get_template(job.template).render(context).encode("utf-8")

    def render_all(
        self,
        problems: Problems,
        previous: Mapping[str, str] | None = None,
        reusable: Callable[[str], bool] | None = None,
        fingerprints: Fingerprinter | None = None,
        workers: int = 1,
    ) -> RenderOutput:
        """Every page whose inputs changed since `previous` (all when None), after compiling every
        template so `check` sees unused ones too. A page whose fingerprint is unchanged and that
        `reusable(path)` confirms is still on disk is not rendered again. Many pages are rendered
        by `workers` processes."""
        reported: set[tuple[str, int, str]] = set()

        def report(exc: jinja2.TemplateError) -> None:
            where, line = template_location(self.root, exc)
            message = _template_message(exc)
            if (where, line, message) not in reported:
                reported.add((where, line, message))
                problems.error(where, line, message)

        for name in self.env.list_templates(filter_func=_is_template):
            try:
                self.env.get_template(name)
            except jinja2.TemplateError as exc:
                report(exc)
        output = RenderOutput(self.jobs())
        fingerprints = fingerprints or Fingerprinter(self.fingerprint_salt())
        todo = []
        for job in output.jobs:
            fingerprint = fingerprints.page(job.template, job.context)
            output.fingerprints[job.path] = fingerprint
            if previous is not None and previous.get(job.path) == fingerprint and reusable and reusable(job.path):
                output.reused.add(job.path)
            else:
                todo.append(job)
        pages: list[bytes | None] = [None] * len(todo)
        if workers > 1 and len(todo) >= PARALLEL_PAGES and not reported:  # a whole site, or a template edit
            with _RenderPool(self, todo, workers) as pool:
                pages = pool.results()
        for job, page in zip(todo, pages, strict=True):
            try:  # here what no worker rendered, and again what failed in one, for the error as it is
                output.pages[job.path] = page if page is not None else self.render(job)
            except jinja2.TemplateError as exc:
                report(exc)
        return output

    def fingerprint_salt(self) -> tuple:
        """What every page depends on besides its own context: templates, settings, navigation."""
        site = self.site
        return (
            files_digest(theme_files(self.root)),
            repr(site.settings),
            tuple((p.slug, p.title) for p in site.pages.values()),
            tuple((t.slug, t.title) for t in site.topics.values()),
        )


# Below this many pages, starting worker processes costs more than it saves.
PARALLEL_PAGES = 400
_pool_state: tuple[Renderer, list[PageJob]] | None = None  # inherited by forked workers


class _RenderPool:
    """Forked processes that render slices of the jobs (they inherit the renderer: nothing to send)."""

    def __init__(self, renderer: Renderer, jobs: list[PageJob], workers: int) -> None:
        global _pool_state
        _pool_state = (renderer, jobs)
        size = max(50, len(jobs) // (workers * 4))
        self._slices = [(at, min(at + size, len(jobs))) for at in range(0, len(jobs), size)]
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        try:
            self._done = [self._pool.submit(_render_slice, start, end) for start, end in self._slices]
        finally:
            _pool_state = None  # the workers forked with it; this process does not need it

    def results(self) -> list[bytes | None]:
        return [page for done in self._done for page in done.result()]

    def __enter__(self) -> _RenderPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)


def _render_slice(start: int, end: int) -> list[bytes | None]:
    renderer, jobs = _pool_state  # type: ignore[misc]
    pages: list[bytes | None] = []
    for job in jobs[start:end]:
        try:
            pages.append(renderer.render(job))
        except jinja2.TemplateError:
            pages.append(None)  # the parent renders it again and reports the error
    return pages


@dataclass
class RenderOutput:
    jobs: list[PageJob]
    pages: dict[str, bytes] = field(default_factory=dict)  # rendered now
    reused: set[str] = field(default_factory=set)  # unchanged: the previous build's file stands
    fingerprints: dict[str, str] = field(default_factory=dict)  # of every page, for the next build


def _is_template(name: str) -> bool:
    return not name.startswith("assets/") and name.endswith((".html", ".xml", ".json", ".txt"))


def _href(ctx: Any, path: str) -> str:
    """A link from the page being rendered to a site path (relative; from base_url on 404)."""
    if ctx.get("is_404"):
        base = urlsplit(ctx["site"].base_url or "/").path  # "/repo/": works on any host, at any depth
        return base + urls.encode(path)
    return urls.relative(ctx["page_path"], path)


def _when(entry: Entry, zone: str) -> str:
    if entry.end is not None:
        return format_span(entry.date, entry.end, zone)
    return format_date(entry.date, zone)


def _template_message(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"template syntax error: {exc.message}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"template error: {exc.message} (a name the template uses is not defined)"
    return f"template error: {exc}"
