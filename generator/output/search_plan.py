"""Which search bundles a build indexes again, and which files of the live index stand."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol

from generator.output.search import bundles_in, reusable_index_files, search_files


class Built(Protocol):
    """What a plan needs of a build's result (build.BuildResult)."""

    search: dict[str, list[str]]  # search bundle -> entry pages it indexes
    search_pending: dict[str, list[str]]  # bundles left to index (serve)
    written: set[str]  # files whose bytes differ from the live folder's


class SearchPlan:
    """Which search bundles to index again: those whose pages changed, or that are missing.

    Without `search` (serve) the old index stands and the stale bundles wait in
    `result.search_pending` for the caller to renew.
    """

    def __init__(self, result: Built, out: Path, old: dict[str, str], search: bool) -> None:
        self.reusable: list[str] = []  # files of the stale bundles that their new index may keep
        self.digests = {bundle: pages_digest(indexed) for bundle, indexed in result.search.items()}
        self.stale = {
            bundle: indexed
            for bundle, indexed in result.search.items()
            if old.get(bundle) != self.digests[bundle]
            or not (out / bundle / "pagefind.js").is_file()
            or any(page in result.written for page in indexed)
        }
        if search:  # the bundles whose pages did not change stand as they are
            self.keep = set(search_files(out, [bundle for bundle in result.search if bundle not in self.stale]))
            # Pagefind does not write a content-named file that is already there: the old index's
            # files spare it most of its writing (they are never written to, so links are safe)
            self.reusable = reusable_index_files(out, self.stale)
        else:
            self.keep = set(search_files(out))
            unused = {bundle: [] for bundle in bundles_in(out) if bundle not in result.search}
            result.search_pending = unused | self.stale
            self.digests = {b: d for b, d in self.digests.items() if b not in self.stale} | {
                b: old.get(b, "") for b in self.stale
            }
        self.index_again = search and bool(self.stale)


def pages_digest(pages: list[str]) -> str:
    return hashlib.blake2b("\n".join(pages).encode("utf-8"), digest_size=12).hexdigest()
