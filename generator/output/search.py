"""Full-text search: index the entry pages with Pagefind, in shards that are re-indexed one by one.

Pagefind has no incremental mode: re-indexing 4,000 pages takes seconds, whatever one edit
changed. So the entry pages are split by a hash of their path into a few shards (bundles), each
a complete Pagefind index: `search/pagefind/` and, on large sites, `search/pagefind-1/` ...
The search page loads the first and merges the others (Pagefind's `mergeIndex`, which ranks the
results of all of them together). An edit re-indexes only the shard that holds the page.

Indexing runs on the staging folder, before the atomic swap, so a reader never sees a half-
written index. The Pagefind binary is run directly: its command line is twice as fast as its
Python service at writing an index. Pagefind output is the one part of a build that is not
byte-identical.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path

from generator.errors import BuildError
from generator.output.writer import exchange

BUNDLE = "search/pagefind"  # the first shard; search.html loads pagefind.js from here
# A shard is split in two when it would hold twice as many pages. Re-indexing a shard is what
# an edit waits for (0.18 s for 250 pages, 0.35 s for 500); each shard costs a first build a
# Pagefind start (0.06 CPU-s) and the browser one more small index to load.
SHARD_PAGES = 250
MAX_SHARDS = 16  # every shard is one more index the browser loads on its first search
CONTENT_NAMED = ("fragment", "index", "filter")  # bundle folders whose files are named by a hash of their bytes


def shard_count(pages: int) -> int:
    """Powers of two, so the count (and with it every shard) changes rarely as a site grows."""
    count = 1
    while count < MAX_SHARDS and pages >= count * 2 * SHARD_PAGES:
        count *= 2
    return count


def bundle_path(shard: int) -> str:
    return BUNDLE if shard == 0 else f"{BUNDLE}-{shard}"


def plan(pages: Iterable[str]) -> dict[str, list[str]]:
    """Which shard indexes which page: bundle path -> pages (site paths), shards in order, none empty."""
    pages = sorted(pages)
    count = shard_count(len(pages))
    shards: dict[int, list[str]] = {}
    for page in pages:
        digest = hashlib.blake2b(page.encode("utf-8"), digest_size=4).digest()
        shards.setdefault(int.from_bytes(digest, "big") % count, []).append(page)
    return {bundle_path(shard): shards[shard] for shard in sorted(shards)}


def search_files(site: Path, bundles: Iterable[str] | None = None) -> list[str]:
    """The files of the search bundles of a built site (all, or those named), relative to it."""
    found = []
    for bundle in bundles_in(site) if bundles is None else bundles:
        for folder, _, names in os.walk(os.path.join(site, bundle)):  # plain strings: thousands of files
            inner = os.path.relpath(folder, site).replace(os.sep, "/")
            found += (f"{inner}/{name}" for name in names)
    return sorted(found)


def reusable_index_files(site: Path, bundles: Mapping[str, Sequence[str]]) -> list[str]:
    """The content-named files (fragments, index chunks, metadata) of `site`'s bundles that a new
    index of the same bundles may keep: Pagefind skips writing a file whose name (a hash of its
    content) is already there, and that saves most of its time. Files it no longer refers to stay
    behind, so a bundle that has gathered too many is indexed afresh instead.
    """
    kept = []
    for bundle, pages in bundles.items():
        files = search_files(site, [bundle])
        if len(files) > 2 * len(pages) + 200:  # a fresh index drops what earlier edits left
            continue
        kept += (f for f in files if f.endswith(".pf_meta") or f.split("/")[-2] in CONTENT_NAMED)
    return kept


def bundles_in(site: Path) -> list[str]:
    """The search bundles a built site holds (the shards of an earlier build included)."""
    search = site / BUNDLE.rpartition("/")[0]
    name = BUNDLE.rpartition("/")[2]
    if not search.is_dir():
        return []
    return sorted(
        f"{search.name}/{p.name}"
        for p in search.iterdir()
        if p.is_dir() and (p.name == name or (p.name.startswith(name + "-") and p.name[len(name) + 1 :].isdigit()))
    )


def index_bundles(
    site: Path,
    bundles: Mapping[str, Sequence[str]],
    *,
    language: str = "en",
    output: Path | None = None,
    background: bool = False,
    side_by_side: bool = False,
) -> int:
    """Index each bundle's pages of `site` into `site/<bundle>/` (or `output/<bundle>/`); return the
    pages indexed. Shards run side by side, one Pagefind process each, each on a CPU of its own
    (`side_by_side`: the caller runs other shards beside these); in the `background` at a lower
    priority, so that they do not slow down what the author is waiting for.

    Raises BuildError (never anything else) when Pagefind is missing or fails.
    """
    if not bundles:
        return 0
    executable = pagefind_executable()
    runs = [(pages, (output or site) / bundle) for bundle, pages in bundles.items()]
    workers = max(1, min(len(runs), os.cpu_count() or 1, 4))
    pinned = side_by_side or workers > 1

    def index(run: tuple[Sequence[str], Path]) -> None:
        with one_cpu() if pinned else nullcontext():
            _pagefind(executable, site, run[0], run[1], language, background)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(index, runs))
    return sum(len(pages) for pages in bundles.values())


_cpus_taken: dict[int, int] = {}  # CPU -> Pagefind runs pinned to it now
_cpus_lock = threading.Lock()


@contextmanager
def one_cpu() -> Iterator[None]:
    """Pin the calling thread, and so the Pagefind it starts, to the CPU fewest of our other runs
    are pinned to. Pagefind's threads hand each file to one another and its allocator gives
    memory back page by page, and on two CPUs each page given back flushes the other CPU's TLB:
    pinned, a first build's 16 shards at 4,000 entries spent 0.85 CPU-s in the kernel, not 1.05,
    and a first build at 40,000 entries took 149 CPU-s, not 164. Shards side by side still use
    every CPU. Where affinity cannot be set (not Linux), nothing changes."""
    try:
        allowed = sorted(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        yield
        return
    with _cpus_lock:
        cpu = min(allowed, key=lambda each: (_cpus_taken.get(each, 0), each))
        _cpus_taken[cpu] = _cpus_taken.get(cpu, 0) + 1
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError:
        pass
    try:
        yield
    finally:
        try:
            os.sched_setaffinity(0, allowed)
        except OSError:
            pass
        with _cpus_lock:
            _cpus_taken[cpu] -= 1


def move_bundles(source: Path, bundles: Iterable[str], site: Path) -> None:
    """Move the bundles indexed into `source` into `site`, in place of any there."""
    for bundle in bundles:
        target = site / bundle
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source / bundle, target)


def pagefind_executable() -> str:
    executable = find_pagefind()
    if executable is None:
        raise BuildError("search index not built: no Pagefind binary (install 'pagefind[bin]')")
    return executable


def find_pagefind() -> str | None:
    """The Pagefind binary where the pagefind package's `get_executable` looks, in its order:
    PAGEFIND_BINARY_PATH, the binary inside pagefind_bin_extended or pagefind_bin, then PATH.
    Looked up here because importing `pagefind.service` imports asyncio and ssl, 65 ms of every
    build."""
    chosen = os.environ.get("PAGEFIND_BINARY_PATH")
    if chosen is not None:
        return chosen
    names = [
        name + suffix for name in ("pagefind_extended", "pagefind") for suffix in ("", ".exe")[: 1 + (os.name == "nt")]
    ]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec is not None else []:
            for name in names:
                if os.path.isfile(os.path.join(folder, name)):
                    return os.path.join(folder, name)
    return shutil.which("pagefind_extended") or shutil.which("pagefind")


def _pagefind(
    executable: str, site: Path, pages: Sequence[str], output: Path, language: str, background: bool = False
) -> None:
    """One Pagefind run over exactly `pages` of `site`."""
    _start(executable, site, pages, output, language, background).wait()


class Indexing:
    """Pagefind processes started and not yet waited for. No thread waits on them: a build that
    starts them may fork its workers afterwards (workers.py)."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []

    def wait(self) -> None:
        """Until every run has ended; raises BuildError when one failed."""
        failed = None
        for run in self.runs:
            try:
                run.wait()
            except BuildError as exc:
                failed = failed or exc
        if failed is not None:
            raise failed

    def stop(self) -> None:
        for run in self.runs:
            run.stop()


def start_index(
    site: Path, bundles: Mapping[str, Sequence[str]], *, language: str, output: Path, background: bool = False
) -> Indexing:
    """Start indexing each bundle's pages of `site` into `output/<bundle>/`, one Pagefind process
    each, and return at once; in the `background` at a lower priority. Raises BuildError when
    Pagefind is missing or cannot start."""
    indexing = Indexing()
    executable = pagefind_executable()
    try:
        for bundle, pages in bundles.items():
            indexing.runs.append(_start(executable, site, pages, output / bundle, language, background))
    except BuildError:
        indexing.stop()
        raise
    return indexing


class _Run:
    """One Pagefind process. Waiting for it again repeats what the first wait found (a build
    waits for a shard's run, and closes it again when it ends)."""

    def __init__(self, process: subprocess.Popen, workdir: str) -> None:  # type: ignore[type-arg]
        self.process, self.workdir = process, workdir
        self.failure: str | None = None  # once waited for: "" or why it failed

    def wait(self) -> None:
        if self.failure is None:
            returncode = self.process.wait()
            self.failure = _failure(self.workdir, returncode) if returncode else ""
            shutil.rmtree(self.workdir, ignore_errors=True)
        if self.failure:
            raise BuildError(self.failure)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.wait()
        except BuildError:
            pass


def _failure(workdir: str, returncode: int) -> str:
    try:
        said = Path(workdir, "said").read_text(encoding="utf-8", errors="replace")
    except OSError:
        said = ""
    lines = said.strip().splitlines()
    reason = lines[-1] if lines else f"exit status {returncode}"
    return f"search index not built: Pagefind failed: {reason}"


def _start(
    executable: str, site: Path, pages: Sequence[str], output: Path, language: str, background: bool = False
) -> _Run:
    """Start one Pagefind run over exactly `pages` of `site`.

    The pages are named in a glob in a pagefind.json of our own (a command line could be too long
    for a large shard), in an empty working folder, with no PAGEFIND_* variables: nothing of the
    author's changes the index. What it says goes to a file there (no pipe to fill up).
    """
    nice = shutil.which("nice") if background else None
    command = [*([nice, "-n", "10"] if nice else []), executable, "--site", str(site), "--output-path", str(output)]
    command += ["--force-language", _primary(language), "--silent"]
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    workdir = tempfile.mkdtemp(prefix="timelines-pagefind-")
    try:
        Path(workdir, "pagefind.json").write_text(json.dumps({"glob": _glob(pages)}), encoding="utf-8")
        with open(os.path.join(workdir, "said"), "wb") as said:
            process = subprocess.Popen(command, cwd=workdir, env=environment, stdout=said, stderr=said)
    except OSError as exc:
        shutil.rmtree(workdir, ignore_errors=True)
        raise BuildError(f"search index not built: cannot run Pagefind: {exc.strerror or exc}") from None
    return _Run(process, workdir)


def _glob(pages: Sequence[str]) -> str:
    """A glob that matches exactly `pages`. Pagefind tries it on every file of the site, and a
    list of whole paths costs it time in proportion to paths x files (2.7 s a shard at 40,000
    entries); pages that differ in one folder name are written as one path with a list of names
    in that place, which costs it a tenth of that."""
    shapes = {(head, tail) for head, _, tail in (_split_middle(page) for page in pages)}
    if len(shapes) == 1 and all(_split_middle(page)[1] for page in pages):
        (head, tail), names = shapes.pop(), (_split_middle(page)[1] for page in pages)
        return f"{_glob_literal(head)}/{{{','.join(_glob_literal(name) for name in names)}}}/{_glob_literal(tail)}"
    return "{" + ",".join(_glob_literal(page) for page in pages) + "}"


def _split_middle(page: str) -> tuple[str, str, str]:
    """ "entries/a-slug/index.html" -> ("entries", "a-slug", "index.html")."""
    parts = page.split("/")
    if len(parts) < 3:
        return page, "", ""
    return "/".join(parts[:-2]), parts[-2], parts[-1]


def _glob_literal(path: str) -> str:
    """A path as a glob that matches only itself (slugs hold letters, digits and hyphens; this is
    for safety)."""
    return "".join("\\" + c if c in "\\*?[]{},!()<>:#" else c for c in path)


def renew_index(
    site: Path,
    bundles: Mapping[str, Sequence[str]],
    *,
    language: str = "en",
    switch: AbstractContextManager | None = None,
) -> int:
    """Index some bundles of a live site again and switch each in one step (serve does this after
    a rebuild, so the page is served at once and the index follows). Bundles of `site` that are no
    longer in use (`bundles` maps an unused one to no pages) are removed.

    Indexing runs into a folder beside the site; only the switch holds `switch` (the lock that
    builds take), so rebuilds are not held up while Pagefind works.
    """
    fresh = site.parent / f".{site.name}.pagefind-{os.getpid()}-{threading.get_ident()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        wanted = {bundle: pages for bundle, pages in bundles.items() if pages}
        count = index_bundles(site, wanted, language=language, output=fresh, background=True)
        with switch or nullcontext():
            for bundle in bundles:
                live, new = site / bundle, fresh / bundle
                if not new.exists():
                    shutil.rmtree(live, ignore_errors=True)
                elif not (live.exists() and exchange(new, live)):  # `new` now holds the old one
                    shutil.rmtree(live, ignore_errors=True)
                    live.parent.mkdir(parents=True, exist_ok=True)
                    os.rename(new, live)
        return count
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def _primary(language: str) -> str:
    """Pagefind wants an ISO 639-1 code: `en-GB` -> `en`."""
    return (language or "en").split("-")[0].lower() or "en"
