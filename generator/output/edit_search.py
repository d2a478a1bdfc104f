"""An edit's search shard, indexed from the moment its entry page is made.

Pagefind re-indexing the shard of an edited page is most of what an edit waits for after its
pages are made (0.2 to 0.45 s for 250 pages), and before this it started only once the build had
digested every page's context and read records to learn what else changed (0.4 s at 4,000
entries). The entry pages of the files parsed again are made ahead, as soon as the model is
read; those that differ from the live site have their shards linked aside (aside_search.py) and
indexed while the build goes on. The index made ahead is used only when the build then writes
exactly those pages of its shards, with those bytes; otherwise it is dropped, and the shards
are indexed as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from generator.output.aside_search import ShardsAside
from generator.output.search import reusable_index_files
from generator.output.spill import AHEAD_PREFIX, Spilled, contents, differs
from generator.site.outputs import Output

MOST = 4  # entry pages made ahead at most: a build that parsed more files is not an edit


class EditedShards:
    """An edit's shards, indexed ahead of the build's decisions (`start`), and used only if the
    build then agrees with them (`usable`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.made: dict[str, bytes] = {}  # page -> bytes, of the pages made ahead that changed
        self.aside: ShardsAside | None = None
        self.not_ahead = ""  # why no page was made ahead, when one failed

    def start(
        self,
        outputs: Iterable[Output],
        fresh: set[str],
        bundles: Mapping[str, Sequence[str]],
        make: Callable[[Output], bytes],
        language: str,
    ) -> None:
        """Make the entry pages of the `fresh` files (content files parsed in this build) and
        start indexing the shards of those that changed."""
        ahead = [o for o in outputs if o.maker == "entry.html" and o.shows and o.shows[0].path in fresh]
        if not ahead or len(ahead) > MOST:
            return
        made = {}
        for output in ahead:
            try:
                made[output.path] = make(output)
            except Exception as exc:  # the build makes it again, and reports the error with its template line
                self.not_ahead = f"{output.path}: {type(exc).__name__}: {exc}"
                return
        self.made = {path: data for path, data in made.items() if differs(os.path.join(self.out, path), data)}
        stale = {bundle: pages for bundle, pages in bundles.items() if any(page in self.made for page in pages)}
        if stale:
            reusable = reusable_index_files(self.out, stale)
            # at a lower priority: the build needs the index only once it has compared every page,
            # written the site and saved its stores
            self.aside = ShardsAside.start(
                self.out, stale, language, self.made, reusable, AHEAD_PREFIX, background=True
            )

    def usable(self, stale: Mapping[str, Sequence[str]], written: Mapping[str, bytes | Spilled]) -> ShardsAside | None:
        """The shards indexed ahead, when the build writes exactly the pages of theirs that were
        made ahead, with those bytes, and the shards are stale; else None (and they are dropped)."""
        aside = self.aside
        if aside is None:
            return None
        for bundle, pages in aside.bundles.items():
            good = bundle in stale and all(
                (page in written) == (page in self.made)
                and (page not in self.made or contents(written[page]) == self.made[page])
                for page in pages
            )
            if not good:
                self.close()
                return None
        return aside

    def close(self) -> None:
        if self.aside is not None:
            self.aside.close()
            self.aside = None
