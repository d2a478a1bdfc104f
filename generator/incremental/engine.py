"""Make the outputs that need making, and remember what each one read.

Every output (a page, a feed, the sitemap) is made against proxies of the model (tracking.py):
what it reads is recorded as it is read, templates and messages included. The next build makes
an output again exactly when its maker or context differs, when a value it read has another
digest, or when its file is missing from the live folder; otherwise the live file stands (it is
hard-linked into the new site). There is no list of a page's inputs anywhere to keep up to date.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import workers as worker_pool
from generator.errors import Problems
from generator.incremental.digests import Digester
from generator.incremental.keys import TEMPLATE, WORDS
from generator.incremental.stores.pages import PageRecord, PageRecords, Records, read_numbers
from generator.incremental.tracking import MISSING, Tracker, record, recording
from generator.memory import give_back_memory, release
from generator.output.spill import SpillTo
from generator.output.spill import spill as spill_file
from generator.site.outputs import Output
from generator.site.render import Renderer, report_template_error

PARALLEL_OUTPUTS = 400  # below this many outputs to make, starting workers costs more than it saves
BATCH = 40  # outputs a worker is given at a time
TRIM_EVERY = 400  # outputs a worker makes between giving freed heap back to the system
DEAD_READS = 1000  # reads no page reads any more that the records may keep beyond as many as the live ones


@dataclass
class Made:
    files: dict[str, bytes] = field(default_factory=dict)  # made in this build
    reused: set[str] = field(default_factory=set)  # files of the live folder that stand
    outputs: int = 0  # how many outputs were made (pages and data files)
    records: Records | None = None  # for the store, once the site is written (None: errors)


class Engine:
    """One build's decisions: which outputs to make, and the records for the next build."""

    def __init__(
        self, tracker: Tracker, renderer: Renderer, root: Path, wholes: dict[int, tuple[Any, bytes]] | None = None
    ) -> None:
        self.tracker = tracker
        self.renderer = renderer
        self.root = root
        self.digester = Digester(tracker, wholes)  # `wholes`: digests reading kept (sources.py)
        renderer.env.on_load = lambda name: record(f"{TEMPLATE}:{name}", "source")
        words = renderer.view.words
        words.on_read = lambda message: record(f"{WORDS}:{words.language}", message)

    def release(self, outputs: list[Output]) -> None:
        """Let go of this build's outputs and caches a slice at a time (memory.release): serve's
        other threads run between the slices."""
        release(outputs)
        self.digester.release()
        self.tracker.release()

    def build(
        self,
        outputs: list[Output],
        store: PageRecords,
        live: Callable[[str], bool] | None,
        problems: Problems,
        workers: int = 1,
        progress: Callable[[str], None] = lambda stage: None,
        spill: SpillTo | None = None,
        first: Callable[[Output], Any] | None = None,
        made_paths: Callable[[list[str]], None] | None = None,
        forked: Callable[[], None] | None = None,
    ) -> Made:
        """Make what changed; `live(path)` says whether the live folder holds a file (None: there
        is no live folder these records describe, so everything is made). The new records are
        returned, not stored: they hold only once the site they describe is written. With a
        `spill` folder the files made are written there as they are made (output/spill.py).
        Workers make the outputs in the order of the key `first`, and `made_paths` hears of
        those they made as they are done; `forked()` is called once they exist, if they do."""
        old = store.records if live is not None else Records()
        changed = self._changed_reads(old) if live is not None else set()
        # a first build makes everything: each context is digested where it is made (in workers)
        contexts = {} if live is None else {output.path: self.digester.value(output.context) for output in outputs}
        made = Made()
        todo: list[Output] = []
        for output in outputs:
            before = old.pages.get(output.path) if live is not None else None
            if (
                before is not None
                and before.maker == output.maker_name
                and before.context == contexts[output.path]
                and changed.isdisjoint(before.reads)
                and all(live(path) for path in before.files)  # type: ignore[misc]
            ):
                made.reused.update(before.files)
            else:
                todo.append(output)
        if todo:
            progress(f"making {len(todo):,} of {len(outputs):,} pages and files")
        numbers = ReadNumbers(old, changed, self.digester)
        results = self._make(
            todo, problems, workers, spill, numbers, first, made_paths, contexts if live is None else None, forked
        )
        made.outputs = len(todo)
        if live is None:  # the contexts no worker digested
            for output in outputs:
                if output.path not in contexts:
                    contexts[output.path] = self.digester.value(output.context)
        new = self._records(old, outputs, contexts, todo, results, numbers)
        for output, (data, _reads) in zip(todo, results, strict=True):
            if data is None:
                continue
            if isinstance(data, dict):
                made.files.update(data)
            else:
                made.files[output.path] = data
        if not problems.errors:
            made.records = old if not todo and new == old else new  # the same: the store stays as it is
        return made

    # -- what changed since the records were made --------------------------------------------------

    def _changed_reads(self, old: Records) -> set[int]:
        """The reads whose value has another digest now. An object whose whole digest is as it
        was has no changed field: only the reads of the others are looked at one by one."""
        digester, virtual = self.digester, self.tracker.virtual
        unchanged = {
            key
            for key, whole in old.wholes.items()
            if whole != MISSING and key.partition(":")[0] not in virtual and digester.whole(key) == whole
        }
        digests = old.digests
        return {
            index
            for index, (key, name) in enumerate(old.reads)
            if key not in unchanged and digester.field(key, name) != digests[index]
        }

    # -- making ------------------------------------------------------------------------------------

    def _make(
        self,
        todo: list[Output],
        problems: Problems,
        workers: int,
        spill: SpillTo | None,
        numbers: ReadNumbers,
        first: Callable[[Output], Any] | None = None,
        made_paths: Callable[[list[str]], None] | None = None,
        contexts: dict[str, bytes] | None = None,
        forked: Callable[[], None] | None = None,
    ) -> list[tuple[Any, frozenset[int]]]:
        """Each output made: its data (None when it failed) and the numbers of what it read; the
        workers put the digest of each context they made in `contexts`, when given."""
        results: list[tuple[Any, frozenset[int]] | None] = [None] * len(todo)
        if workers > 1 and len(todo) >= PARALLEL_OUTPUTS:
            results = _in_workers(self, todo, workers, spill, numbers, first, made_paths, contexts, forked)
        for index, output in enumerate(todo):
            if results[index] is not None:
                continue  # made in a worker (one that failed there is made here again, for its error)
            try:  # here what no worker made, and again what failed in one, for the error as it is
                data, reads = self.make_one(output, spill)
                results[index] = (data, numbers.of(reads))
            except RecursionError as exc:
                report_template_error(
                    exc, problems, self.root, "a template includes, imports or extends itself without end"
                )
                results[index] = (None, frozenset())
            except Exception as exc:  # a template that fails at render time ({{ 1/0 }}) is reported, with its line
                report_template_error(exc, problems, self.root)
                results[index] = (None, frozenset())
        return results  # type: ignore[return-value]

    def make_one(self, output: Output, spill: SpillTo | None = None) -> tuple[Any, set]:
        with recording() as reads:
            data = self.renderer.make(output)
        if spill is not None:
            try:
                if isinstance(data, dict):
                    data = {path: spill_file(spill, path, part) for path, part in data.items()}
                else:
                    data = spill_file(spill, output.path, data)
            except OSError:
                pass  # kept in memory: the writer says what is wrong with the disk, if it still is
        return data, reads

    # -- the records for the next build --------------------------------------------------------------

    def _records(
        self,
        old: Records,
        outputs: list[Output],
        contexts: dict[str, bytes],
        todo: list[Output],
        results: list[tuple[Any, frozenset[int]]],
        numbers: ReadNumbers,
    ) -> Records:
        made = {output.path: result for output, result in zip(todo, results, strict=True)}
        pages: dict[str, PageRecord] = {}
        for output in outputs:
            result = made.get(output.path)
            if result is None:
                before = old.pages.get(output.path)
                if before is not None:
                    pages[output.path] = before
                continue
            data, read = result
            if data is None:
                continue
            files = tuple(sorted(data)) if isinstance(data, dict) else (output.path,)
            pages[output.path] = PageRecord(output.maker_name, contexts[output.path], read_numbers(read), files)
        reads, digests = numbers.reads, numbers.digests
        # Reads no page reads any more (an entry deleted, a template changed) are dropped once
        # they may outnumber the live ones. Counting the live ones takes the union of every page's
        # reads: 5 million numbers at 40,000 entries, 0.4 s in one call that holds the interpreter
        # (serve's saved page waited for it), so they are counted only when there could be that
        # many dead ones. A first build's reads are all live; later builds add only new reads.
        counted = old.counted if old.reads else len(reads)
        if len(reads) > 2 * counted + DEAD_READS:
            used = used_reads(pages.values())
            if len(reads) > 2 * len(used) + DEAD_READS:
                return self._compacted(reads, digests, pages, used)
            counted = len(used)
        return Records(reads, digests, self._wholes(reads), pages, counted)

    def _compacted(self, reads: list, digests: list, pages: dict[str, PageRecord], used: set[int]) -> Records:
        keep = sorted(used)
        renumber = {old: new for new, old in enumerate(keep)}
        pages = {
            path: PageRecord(r.maker, r.context, read_numbers(renumber[n] for n in r.reads), r.files)
            for path, r in pages.items()
        }
        reads = [reads[n] for n in keep]
        return Records(reads, [digests[n] for n in keep], self._wholes(reads), pages, len(keep))

    def _wholes(self, reads: list[tuple[str, str]]) -> dict[str, bytes]:
        """The whole digest of every object read (a superset of the live reads' is as good: an
        unchanged whole only spares comparing its fields one by one)."""
        return {key: self.digester.whole(key) for key in {key for key, _ in reads}}


def used_reads(pages: Iterable[PageRecord]) -> set[int]:
    """The numbers of the reads some page read."""
    return set().union(*(record.reads for record in pages))


class ReadNumbers:
    """The number of each read in the records this build makes, and the digest of its value:
    the old records' reads keep theirs. A page's reads are numbered as soon as it is made, here
    or, as each batch comes back, from the numbers of the worker that made it (`of_worker`):
    a worker sends each read once, and each page as the small numbers it gave them."""

    def __init__(self, old: Records, changed: set[int], digester: Digester) -> None:
        self.index = {read: number for number, read in enumerate(old.reads)}
        self.reads, self.digests = list(old.reads), list(old.digests)
        self.digester = digester
        for number in changed:  # pages that read these are all made again: the digest is today's
            self.digests[number] = digester.field(*self.reads[number])
        self.of_worker: dict[int, list[int]] = {}  # a worker's pid -> its number of a read -> ours

    def number(self, read: tuple[str, str]) -> int:
        number = self.index.get(read)
        if number is None:
            number = self.index[read] = len(self.reads)
            self.reads.append(read)
            self.digests.append(self.digester.field(*read))
        return number

    def of(self, reads: set[tuple[str, str]]) -> frozenset[int]:
        number = self.number
        return frozenset([number(read) for read in reads])


# --- workers ------------------------------------------------------------------------------------

# (the engine, the outputs to make, the spill folder, whether to digest contexts): inherited by forked workers
_shared: tuple[Engine, list[Output], SpillTo | None, bool] | None = None


def _in_workers(
    engine: Engine,
    todo: list[Output],
    workers: int,
    spill: SpillTo | None,
    numbers: ReadNumbers,
    first: Callable[[Output], Any] | None = None,
    made: Callable[[list[str]], None] | None = None,
    contexts: dict[str, bytes] | None = None,
    forked: Callable[[], None] | None = None,
) -> list[tuple[Any, frozenset[int]] | None]:
    """The outputs made in forked processes (they inherit the engine: nothing is sent), a few
    dozen at a time, handed to whichever worker is free, in the order of `first` (the search
    index of a site's first pages can start while the rest are made); `made(paths)` hears of
    each batch as it is done, and what its pages read is numbered then. An output that fails
    in a worker comes back as None and is made here, for its error."""
    global _shared
    _shared = (engine, todo, spill, contexts is not None)
    _sent.clear()
    order = sorted(range(len(todo)), key=lambda index: first(todo[index])) if first else range(len(todo))
    batches = [list(order[at : at + BATCH]) for at in range(0, len(todo), BATCH)]
    results: list[tuple[Any, frozenset[int]] | None] = [None] * len(todo)

    def done(number: int, result: Batch) -> None:
        worker, new_reads, items, digested = result
        ours = numbers.of_worker.setdefault(worker, [])  # a worker's batches come back in its order
        ours.extend([numbers.number(read) for read in new_reads])  # digested here, once for all workers
        paths = []
        for index, (data, read) in zip(batches[number], items, strict=True):
            results[index] = None if data is None else (data, frozenset([ours[n] for n in read]))
            if data is not None:
                paths.append(todo[index].path)
        if contexts is not None:
            contexts.update(digested)
        if made is not None:
            made(paths)

    try:
        worker_pool.map_forked(_make_batch, batches, workers, done, forked)
        return results
    finally:
        _shared = None


# (worker pid, reads new to it, each output's data and read numbers (or, for one that failed,
# why: it is made again here), the digests of the contexts)
Batch = tuple[int, list[tuple[str, str]], list[tuple[Any, list[int] | str]], dict[str, bytes]]
_sent: dict[tuple[str, str], int] = {}  # in a worker: the reads it has sent, by its number for each
_since_trim = 0  # in a worker: outputs made since it last gave freed heap back


def _make_batch(indexes: list[int]) -> Batch:
    """The outputs of one batch, what they read and the digests of their contexts. A read is
    sent once by each worker, then named by a small number: a topic page reads hundreds of
    entries' fields, and 40,000 entries' pages read 5 million. The parent digests the value of
    each read once; here, both workers would digest most of them."""
    global _since_trim
    engine, todo, spill, digest_contexts = _shared  # type: ignore[misc]
    _since_trim += len(indexes)
    if _since_trim > TRIM_EVERY:
        give_back_memory()  # the pages this worker made and sent, freed: not held while it makes more
        _since_trim = 0
    new_reads: list[tuple[str, str]] = []
    items: list[tuple[Any, list[int] | str]] = []
    for output in (todo[index] for index in indexes):
        try:
            data, reads = engine.make_one(output, spill)
        except Exception as exc:  # made again in the parent, which reports it with its template line
            items.append((None, f"failed in a worker: {type(exc).__name__}: {exc}"))
            continue
        read = []
        for each in reads:
            number = _sent.get(each)
            if number is None:
                number = _sent[each] = len(_sent)
                new_reads.append(each)
            read.append(number)
        items.append((data, read))
    contexts = {}
    if digest_contexts:
        contexts = {todo[index].path: engine.digester.value(todo[index].context) for index in indexes}
    return os.getpid(), new_reads, items, contexts
