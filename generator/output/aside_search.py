"""The stale search shards of an incremental build, indexed while the new site is written.

An edit re-indexes the shard that holds its page. Indexed in the new site's folder, Pagefind
could start only once every file of the site was in place, and it walked all of them (the other
shards' index files too) to find the shard's few hundred pages: 0.24 s of a 1.3 s edit at 4,000
entries. Here each stale shard's pages are hard links in a folder of their own (the pages that
changed are their new files), made before the site is written, and Pagefind indexes them while
it is. Its output folder starts with the old index's content-named files, which Pagefind then
does not write again (search.reusable_index_files). The writer moves the shards into the site.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from generator.errors import BuildError
from generator.output.search import Indexing, move_bundles, start_index
from generator.output.spill import SEARCH_PREFIX, Spilled, search_folder


class ShardsAside:
    """Stale shards indexed from a folder of their own while the site is written (`start`)."""

    def __init__(self, folder: Path, bundles: Mapping[str, Sequence[str]], indexing: Indexing) -> None:
        self.folder = folder
        self.bundles = bundles
        self._indexing = indexing
        self._removing: threading.Thread | None = None

    @classmethod
    def start(
        cls,
        out: Path,
        bundles: Mapping[str, Sequence[str]],
        language: str,
        pages: Mapping[str, bytes | Spilled],
        reusable: Iterable[str],
        prefix: str = SEARCH_PREFIX,
        background: bool = False,
    ) -> ShardsAside | None:
        """Link each shard's pages (a changed one from `pages`, the others from the live site
        `out`) and the reusable index files, then start Pagefind on each shard. None when a link
        cannot be made: the shards are then indexed in the new site, as before. `prefix` names
        the folder beside `out` (spill.search_folder)."""
        live, folder = os.fspath(out), os.fspath(search_folder(out, prefix))
        home = os.path.join(folder, "pages")
        try:
            shutil.rmtree(folder, ignore_errors=True)
            for path in (page for shard in bundles.values() for page in shard):
                data = pages.get(path)
                _put(os.path.join(home, path), os.path.join(live, path) if data is None else data)
            for path in reusable:
                _put(os.path.join(folder, path), os.path.join(live, path))
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        try:
            indexing = start_index(Path(home), bundles, language=language, output=Path(folder), background=background)
        except BuildError:  # (no Pagefind to start: indexing in the new site says so, as an error of the build)
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return cls(Path(folder), bundles, indexing)

    def move_into(self, site: Path) -> set[str]:
        """Put the shards, once indexed, into `site`; returns their bundle paths. Raises
        BuildError when Pagefind failed."""
        self._indexing.wait()
        move_bundles(self.folder, self.bundles, site)
        # the links left (a shard's pages: 2,500 at 40,000 entries, 0.3 s) go while the build finishes
        self._removing = threading.Thread(target=shutil.rmtree, args=(self.folder, True), name="remove-aside")
        self._removing.start()
        return set(self.bundles)

    def close(self) -> None:
        self._indexing.stop()  # (its error, if any, was raised by move_into)
        if self._removing is not None:
            self._removing.join()
        shutil.rmtree(self.folder, ignore_errors=True)


def _put(target: str, source: str | bytes | Spilled) -> None:
    """`target` as a hard link to a file (a path, or a page spilled), or holding a page's bytes."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    if isinstance(source, bytes):
        with open(target, "wb") as file:
            file.write(source)
    else:
        os.link(source.file if isinstance(source, Spilled) else source, target)
