"""The search index of a site built afresh, made while its pages are: each shard as soon as the
workers have made all of its pages.

Pagefind took a third of a first build, after every page was written. It reads pages from disk,
and the build command puts each page on disk as it is made (spill.py), so a shard's pages are
there long before the last page is. The entry pages are made shard by shard (`first`), and
Pagefind indexes each shard from the spilled pages into a folder beside them; the writer moves
the shards into the new site. Only when there is no earlier index to keep: an incremental build
re-indexes only the shards whose pages changed, which it knows once the pages are compared.
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from generator.output.search import index_bundles
from generator.output.spill import SEARCH_PREFIX


class EarlyIndex:
    def __init__(self, pages: Path, out: Path) -> None:
        self.pages = pages  # the spilled pages
        self.output = out.parent / f".{out.name}.{SEARCH_PREFIX}{os.getpid()}"  # until moved into the site
        self.bundles: dict[str, Sequence[str]] = {}
        self.language = "en"
        self._bundle_of: dict[str, str] = {}
        self._rank: dict[str, int] = {}
        self._waiting: dict[str, set[str]] = {}
        self._started: dict[str, concurrent.futures.Future] = {}  # type: ignore[type-arg]
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, 4))

    def plan(self, bundles: Mapping[str, Sequence[str]], language: str) -> None:
        """The shards (bundle -> entry pages) of this build."""
        self.bundles, self.language = dict(bundles), language
        self._rank = {bundle: rank for rank, bundle in enumerate(bundles)}
        self._bundle_of = {page: bundle for bundle, pages in bundles.items() for page in pages}
        self._waiting = {bundle: set(pages) for bundle, pages in bundles.items()}

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
                job = {bundle: self.bundles[bundle]}
                self._started[bundle] = self._pool.submit(
                    index_bundles, self.pages, job, language=self.language, output=self.output
                )

    def wait(self) -> None:
        """Until every shard started is indexed (the pages it reads may not move before);
        raises BuildError when Pagefind failed."""
        for future in self._started.values():
            future.result()

    def move_into(self, site: Path) -> set[str]:
        """Put the shards indexed into `site`; returns their bundle paths."""
        self.wait()
        for bundle in self._started:
            target = site / bundle
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(self.output / bundle, target)
        return set(self._started)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.output, ignore_errors=True)
