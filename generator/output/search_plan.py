"""Which search bundles a build indexes again, and which files of the live index stand."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from generator.output.aside_search import ShardsAside
from generator.output.early_search import EarlyIndex
from generator.output.edit_search import EditedShards
from generator.output.search import bundles_in, reusable_index_files, search_files
from generator.output.spill import Spilled


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

    def indexed_beside(
        self,
        out: Path,
        language: str,
        pages: Mapping[str, bytes | Spilled],
        describes: bool,
        early: EarlyIndex | None,
        ahead: EditedShards | None,
    ) -> list[EarlyIndex | ShardsAside]:
        """What indexes stale shards beside the new site: a first build's early index, an edit's
        shards made ahead (while they hold), and an aside for the other stale shards of an edit."""
        besides: list[EarlyIndex | ShardsAside] = [early] if early is not None else []
        made_ahead = ahead.usable(self.stale, pages) if ahead is not None else None
        besides += [made_ahead] if made_ahead is not None else []
        rest = self.stale_but(*(beside.bundles for beside in besides))
        if describes and self.index_again and rest:
            aside = ShardsAside.start(out, rest, language, pages, self.reusable_of(rest))
            besides += [aside] if aside is not None else []
        return besides

    def stale_but(self, *handled: Iterable[str]) -> dict[str, list[str]]:
        """The stale bundles but those `handled` (indexed beside the site already)."""
        done = set().union(*handled)
        return {bundle: pages for bundle, pages in self.stale.items() if bundle not in done}

    def reusable_of(self, bundles: Iterable[str]) -> list[str]:
        """The reusable files of these bundles' old index."""
        inside = tuple(f"{bundle}/" for bundle in bundles)
        return [path for path in self.reusable if path.startswith(inside)]


def pages_digest(pages: list[str]) -> str:
    return hashlib.blake2b("\n".join(pages).encode("utf-8"), digest_size=12).hexdigest()
