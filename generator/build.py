"""The one orchestrator: settings -> content -> timelines -> pages, then (only if clean) write."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import MarkdownCache, cache_file
from .config import Settings, load_settings, normalise_base_url
from .content import load_site
from .errors import BuildError, Problems
from .export import timeline_files
from .feeds import feed_files
from .markup import SETTINGS_KEY
from .model import Site
from .render import Renderer
from .search import index_site
from .sitemap import crawler_files, sitemap_urls
from .theme import asset_files
from .timeline import build_timelines
from .writer import write_site


@dataclass
class BuildResult:
    problems: Problems
    settings: Settings
    site: Site | None = None
    pages: dict[str, bytes] = field(default_factory=dict)  # generated files
    copies: dict[str, Path] = field(default_factory=dict)  # theme assets and static files
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def failed(self, strict: bool = False) -> bool:
        return self.problems.failed(strict)

    @property
    def page_count(self) -> int:
        return sum(1 for p in self.pages if p.endswith(".html"))


def build(root: Path, *, base_url: str | None = None, drafts: bool = False, use_cache: bool = True,
          workers: int | None = None) -> BuildResult:  # fmt: skip
    """Build the whole site in memory: nothing is written but the Markdown cache in .cache/."""
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
    cache = MarkdownCache(cache_file(root), SETTINGS_KEY) if use_cache else None
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    site = load_site(root, settings, problems, drafts=drafts, cache=cache, workers=workers)
    if cache is not None:
        cache.save()
    result.site = site
    timelines = build_timelines(site)
    renderer = Renderer(root, site, timelines)
    result.pages = renderer.render_all(problems)
    result.pages.update(feed_files(site, timelines))
    result.pages.update(timeline_files(site, timelines))
    listed = sitemap_urls(result.pages, renderer.jobs(), site, timelines)
    result.pages.update(crawler_files(settings.base_url, listed, settings.timezone))
    result.pages[".nojekyll"] = b""
    result.copies = _copies(root, site, result.pages, problems)
    result.seconds = time.perf_counter() - started
    return result


def _copies(root: Path, site: Site, pages: dict[str, bytes], problems: Problems) -> dict[str, Path]:
    copies = asset_files(root)
    for out_path, source in site.static_files.items():
        if out_path in pages or out_path in copies:
            owner = "a generated page" if out_path in pages else "a theme asset"
            problems.error(source, 1, f"this static file would overwrite {owner}: {out_path}; rename or move it")
            continue
        copies[out_path] = root / source
    return copies


def build_and_write(root: Path, out: Path, *, base_url: str | None = None, drafts: bool = False,
                    strict: bool = False) -> BuildResult:  # fmt: skip
    """Build, and replace `out` with the new site only when the build has no errors."""
    result = build(root, base_url=base_url, drafts=drafts)
    if result.failed(strict):
        return result
    started = time.perf_counter()
    try:
        language = result.settings.language
        write_site(out, result.pages, result.copies, finish=lambda staging: index_site(staging, language=language))
    except BuildError as exc:
        result.problems.error(str(out), 1, str(exc))
    result.seconds += time.perf_counter() - started
    return result
