"""The search index of a site built afresh, made while its pages are: each shard as soon as the
workers have made all of its pages.

Pagefind took a third of a first build, after every page was written. It reads pages from disk,
and the build command puts each page on disk as it is made (spill.py), so a shard's pages are
there long before the last page is. The entry pages are made shard by shard (`first`), each
shard's into a folder of its own, which Pagefind indexes (into a folder beside them) as soon as
they are all there; then they move into the spill folder, one rename each. Pagefind walks the
whole folder it is given: over the spill folder, 2 of the 8 seconds of each shard at 40,000
entries. The writer moves the shards into the new site. Only when there is no earlier index to
keep: an incremental build re-indexes only the shards whose pages changed, which it knows once
the pages are compared.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.errors import BuildError
from generator.output.search import index_bundles, move_bundles
from generator.output.spill import Spilled, search_folder


class EarlyIndex:
    def __init__(self, pages: Path, out: Path) -> None:
        self.pages = pages  # the spilled pages
        self.output = search_folder(out)  # until moved into the site
        self.bundles: dict[str, Sequence[str]] = {}
        self.language = "en"
        self._bundle_of: dict[str, str] = {}
        self._rank: dict[str, int] = {}
        self._waiting: dict[str, set[str]] = {}
        self._started: dict[str, concurrent.futures.Future] = {}  # type: ignore[type-arg]
        self.homes: dict[str, str] = {}  # entry page -> the folder of its shard's pages
        self._moved: set[str] = set()  # pages indexed and moved into the spill folder
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4))

    def plan(self, bundles: Mapping[str, Sequence[str]], language: str) -> None:
        """The shards (bundle -> entry pages) of this build."""
        self.bundles, self.language = dict(bundles), language
        self._rank = {bundle: rank for rank, bundle in enumerate(bundles)}
        self._bundle_of = {page: bundle for bundle, pages in bundles.items() for page in pages}
        self._waiting = {bundle: set(pages) for bundle, pages in bundles.items()}
        home = {bundle: os.fspath(self.output / "pages" / str(rank)) for bundle, rank in self._rank.items()}
        self.homes = {page: home[bundle] for page, bundle in self._bundle_of.items()}

    def first(self, output: Any) -> int:
        """The order outputs are made in: the data files (feeds, TimelineJS files, the sitemap:
        the biggest, which must not be left to one worker at the end), each shard's entry pages
        in turn, then the other pages (topics, tags), made while the last shard is indexed."""
        bundle = self._bundle_of.get(output.path)
        if bundle is not None:
            return self._rank[bundle]
        return len(self._rank) if output.is_page else -1

    def made(self, paths: list[str]) -> None:
        """These pages are on disk: a shard whose pages all are is indexed now."""
        for path in paths:
            bundle = self._bundle_of.get(path)
            if bundle is None:
                continue
            waiting = self._waiting[bundle]
            waiting.discard(path)
            if not waiting and bundle not in self._started:
                self._started[bundle] = self._pool.submit(self._index_and_move, bundle)

    def _index_and_move(self, bundle: str) -> None:
        """Index a shard from its own folder, then move its pages into the spill folder."""
        pages = self.bundles[bundle]
        home = self.homes[pages[0]]
        index_bundles(
            Path(home), {bundle: pages}, language=self.language, output=self.output, side_by_side=len(self.bundles) > 1
        )
        try:
            for page in pages:
                self._move(home, page)
        except OSError as exc:
            raise BuildError(f"search index not built: cannot move its pages: {exc.strerror or exc}") from None

    def _move(self, home: str, page: str) -> None:
        spill = os.fspath(self.pages)
        folder, name = os.path.split(page)
        if name == "index.html" and "/" in folder:  # entries/<slug>/: it holds this page alone
            os.makedirs(os.path.join(spill, os.path.dirname(folder)), exist_ok=True)
            try:
                os.rename(os.path.join(home, folder), os.path.join(spill, folder))
                self._moved.add(page)
                return
            except OSError:  # the folder is in the spill folder already (another file of the site)
                pass
        if os.path.exists(os.path.join(home, page)):  # (a page the disk refused is in memory)
            os.makedirs(os.path.join(spill, folder), exist_ok=True)
            os.rename(os.path.join(home, page), os.path.join(spill, page))
            self._moved.add(page)

    def relocate(self, pages: dict[str, Any]) -> None:
        """Once `wait` is done: the spilled pages that moved, where they are now."""
        spill = os.fspath(self.pages)
        for page in self._moved:
            data = pages.get(page)
            if isinstance(data, Spilled):
                pages[page] = Spilled(os.path.join(spill, page), data.size)

    def wait(self) -> None:
        """Until every shard started is indexed (the pages it reads may not move before);
        raises BuildError when Pagefind failed."""
        for future in self._started.values():
            future.result()

    def move_into(self, site: Path) -> set[str]:
        """Put the shards indexed into `site`; returns their bundle paths."""
        self.wait()
        move_bundles(self.output, self._started, site)
        return set(self._started)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.output, ignore_errors=True)
