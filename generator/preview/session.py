"""The state of one preview: its folder, the last good model, queued changes, early pages, errors.

The watcher thread queues changes; the early thread renders the pages of edited entries at once,
from the last good model (served until a whole rebuild has written them), even while the builder
(the main thread) is still busy with an earlier save; the builder takes the changes and rebuilds;
the request handlers read. Each piece of state has one owner and one lock.
"""

from __future__ import annotations

import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import build_and_write
from generator.errors import BuildError, Problems
from generator.incremental.stores import State
from generator.output.search import renew_index
from generator.preview.early import LastGood, edited_entry_pages, last_good
from generator.preview.overlay import OVERLAY_ID, decorate  # noqa: F401 - tests read the id here
from generator.preview.watch import Change
from generator.site.words import Catalog, Words, load_catalog


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    out: Path  # where the preview site is written; never the published site/ unless asked
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False


@dataclass(frozen=True)
class Rebuild:
    """What one build did, for the terminal."""

    cause: str  # "first build", "content/entries/x.md changed"
    problems: Problems
    pages: int = 0  # HTML pages in the site
    changed: int = 0  # of which were made again
    ms: int = 0
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems.failed()


@dataclass
class Preview:
    """The preview folder and the errors of the last build (empty when it succeeded)."""

    root: Path
    out: Path
    drafts: bool = False
    errors: tuple[str, ...] = ()
    has_site: bool = False
    language: str = "en"
    words: Words = field(default_factory=lambda: Words(Catalog("en", None)))  # the site's, for the overlay
    search_wanted: threading.Event = field(default_factory=threading.Event)
    _search_pending: dict[str, list[str]] = field(default_factory=dict)  # bundles to index again
    _good: LastGood | None = None  # what the last good build knew
    _state: State = field(default_factory=State.in_memory)  # everything earlier builds did, in memory
    _lock: threading.Lock = field(default_factory=threading.Lock)  # one whole build at a time
    # Changes, numbered by batch: those no build has started on, and those since the last good build
    _changes: threading.Condition = field(default_factory=threading.Condition)
    _batch: int = 0
    _queued: list[Change] = field(default_factory=list)
    _since_good: list[tuple[int, Change]] = field(default_factory=list)
    _covered: int = 0  # the last batch the folder holds (or whose build failed)
    _early: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # path -> (batch, page)
    _early_failure: str = ""  # a notice for the next rebuild's report

    def changed(self, changes: list[Change]) -> None:
        """A batch of changes from the watcher, queued for the builder."""
        with self._changes:
            self._batch += 1
            self._since_good += [(self._batch, change) for change in changes]
            self._queued += changes
            self._changes.notify_all()

    def next_changes(self, timeout: float) -> list[Change]:
        """The changes queued since the last call (the builder waits here); [] on timeout."""
        with self._changes:
            if not self._queued:
                self._changes.wait(timeout)
            taken, self._queued = self._queued, []
            return taken

    def render_early(self) -> None:
        """The pages of the entries edited since the last good build, from its model, served
        until the whole rebuild has written them (none when an edit reaches further)."""
        with self._changes:
            batch, good = self._batch, self._good
            pending = [change for _, change in self._since_good]
        edited = {c.path for c in pending}
        reaches_further = any(c.kind != "modified" or not c.path.startswith("content/entries/") for c in pending)
        pages: dict[str, bytes] = {}
        if good is not None and not self.errors and pending and not reaches_further:
            try:
                pages = edited_entry_pages(self.root, good, edited, self.drafts)
            except Exception as exc:  # never in the way of the whole build, which reports any problem
                pages = {}
                self._early_failure = f"note: the saved entry's page could not be shown early: {_internal(exc)}"
        with self._changes:
            if batch == self._batch and batch > self._covered:  # a newer batch renders its own
                self._early = {path: (batch, page) for path, page in pages.items()}

    def render_early_pages(self, stop: threading.Event) -> None:
        """The early thread: each new batch's pages, at once, whatever the builder is doing."""
        seen = 0
        while not stop.is_set():
            with self._changes:
                if self._batch == seen:
                    self._changes.wait(0.5)
                batch = self._batch
            if batch != seen:
                seen = batch
                self.render_early()

    def rebuild(self, cause: str, changes: list[Change] | None = None) -> Rebuild:
        """Build in memory; swap the new site in only when it has no errors. One build at a time."""
        if changes:
            self.changed(changes)
            self.render_early()
            self.next_changes(0)
        with self._lock:
            with self._changes:
                covered = self._batch  # every batch so far is on disk when this build is done
            started = time.perf_counter()
            problems = Problems()
            pages = changed = 0
            notices: tuple[str, ...] = ()
            try:
                # the first build is complete with its search index; later ones are served at once
                # and the index follows in the background (renew_search)
                result = build_and_write(self.root, self.out, drafts=self.drafts, state=self._state,
                                         search=not self.has_site)  # fmt: skip
                problems, notices = result.problems, tuple(result.notices)
                self.errors = _errors(problems)  # at once: the folder may have just been swapped in
                self.words = Words(load_catalog(self.root, result.settings.language, Problems()))
                if self._early_failure:
                    notices, self._early_failure = (*notices, self._early_failure), ""
                self._state.notices.clear()
                if not result.failed():
                    pages, changed = result.page_count, result.rendered_count
                    if self.has_site and result.search_pending:
                        self.language = result.settings.language
                        self._search_pending.update(result.search_pending)
                        self.search_wanted.set()
                    self.has_site = True
                    good = last_good(self.root, result.site, result.timelines, self.words, self._state.templates)  # type: ignore[arg-type]
                    with self._changes:
                        self._good = good
                        self._since_good = [(n, c) for n, c in self._since_good if n > covered]
            except BuildError as exc:
                problems.error("(preview folder)", 1, str(exc))
            except Exception as exc:  # a bug in the generator must not stop the preview
                problems.error("(generator)", 1, _internal(exc))
            self.errors = _errors(problems)
            with self._changes:  # the folder now holds these batches (or the errors say why not)
                self._covered = covered
                self._early = {path: item for path, item in self._early.items() if item[0] > covered}
            ms = round((time.perf_counter() - started) * 1000)
            return Rebuild(cause, problems, pages, changed, ms, notices)

    def early_page(self, relpath: str) -> bytes | None:
        item = self._early.get(relpath)
        return item[1] if item else None

    def renew_search(self, stop: threading.Event) -> None:
        """Background thread: index the live preview again after rebuilds that changed entries."""
        while not stop.is_set():
            if not self.search_wanted.wait(timeout=0.5):
                continue
            self.search_wanted.clear()
            with self._lock:
                bundles, self._search_pending = self._search_pending, {}
            try:  # the switch waits for any build in progress: never into a half-swapped site
                renew_index(self.out, bundles, language=self.language, switch=self._lock)
            except (BuildError, OSError):
                with self._lock:  # the previous index stays; the next rebuild tries again
                    self._search_pending = bundles | self._search_pending

    def decorate(self, page: bytes) -> bytes:
        """An HTML page as served: with the error overlay while the last build has errors."""
        return decorate(page, self.errors, self.words)


def _errors(problems: Problems) -> tuple[str, ...]:
    return tuple(str(p) for p in problems.sorted() if not p.warning)


def _internal(exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" ({Path(where.filename).name}:{where.lineno})" if where else ""
    return f"internal error, please report it: {type(exc).__name__}: {exc}{place}"
