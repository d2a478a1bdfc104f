"""Full-text search: index a written site with Pagefind, through its Python package and binary.

Runs on the staging folder, before the atomic swap, so a reader never sees a half-written index.
Only pages that mark their text with `data-pagefind-body` (the entry pages) are indexed; the
bundle goes to `search/pagefind/` beside `search/index.html`. Pagefind output is the one part
of a build that is not required to be byte-identical between builds.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import shutil
import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from .errors import BuildError
from .writer import exchange

BUNDLE = "search/pagefind"  # relative to the site root; search.html loads pagefind.js from here
INDEXED = "entries/**/*.html"


def search_files(site: Path) -> list[str]:
    """The files of the search bundle of a built site, relative to it (none when it has none)."""
    bundle = site / BUNDLE
    if not bundle.is_dir():
        return []
    return sorted(p.relative_to(site).as_posix() for p in bundle.rglob("*") if p.is_file())


def renew_index(site: Path, *, language: str = "en", switch: AbstractContextManager | None = None) -> int:
    """Index a live site again and switch its bundle over in one step (serve does this after a
    rebuild, so the page is served at once and the index follows).

    Indexing runs into a folder beside the site; only the switch holds `switch` (the lock that
    builds take), so rebuilds are not held up while Pagefind works.
    """
    fresh = site.parent / f".{site.name}.pagefind-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        count = index_site(site, language=language, output=fresh)
        with switch or nullcontext():
            live = site / BUNDLE
            if live.exists() and exchange(fresh, live):
                pass  # `fresh` now holds the old bundle, removed below
            else:
                shutil.rmtree(live, ignore_errors=True)
                live.parent.mkdir(parents=True, exist_ok=True)
                os.rename(fresh, live)
        return count
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def index_site(folder: Path, *, language: str = "en", output: Path | None = None) -> int:
    """Index the HTML under `folder` into `folder/search/pagefind/` (or `output`); return the pages indexed.

    Raises BuildError (never anything else) when Pagefind is missing or fails.
    """
    try:
        from pagefind.index import PagefindIndex
        from pagefind.service import get_executable
    except ImportError:
        raise BuildError("search index not built: the 'pagefind[bin]' package is not installed") from None
    if get_executable() is None:
        raise BuildError("search index not built: no Pagefind binary (install 'pagefind[bin]')") from None

    async def run() -> int:
        config = {"output_path": str(output or folder / BUNDLE), "force_language": _primary(language)}
        async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
            # only entry pages carry data-pagefind-body; reading the others is wasted work
            result = await index.add_directory(str(folder), glob=INDEXED)
        return int(result.get("page_count", 0))

    # asyncio.run refuses to start inside a running loop (a live-reload server has one):
    # a short-lived worker thread gets a loop of its own either way.
    logging.getLogger("pagefind").setLevel(logging.WARNING)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, run()).result()
        except BuildError:
            raise
        except Exception as exc:  # Pagefind reports its own failures as bare Exceptions
            raise BuildError(f"search index not built: Pagefind failed: {exc}") from None


def _primary(language: str) -> str:
    """Pagefind wants an ISO 639-1 code: `en-GB` -> `en`."""
    return (language or "en").split("-")[0].lower() or "en"
