"""Where serve makes a saved page wait: save-to-page times, and each stretch in which a thread that
only sleeps could not run (the builder held the interpreter), with where the builder was; prints
a table.

    python benchmarks/serve_stalls.py                      # 40,000 synthetic entries, 12 saves
    python benchmarks/serve_stalls.py --entries 4000 --saves 20 --over 20

A saved page is made on serve's early thread while the builder (the main thread) rebuilds the
whole site; the early page waits whenever the builder is in one long call that keeps the
interpreter (a union of millions of numbers, a sort). Serve runs in a child process with a thread
that sleeps 2 ms at a time and notes, when it wakes more than `--over` ms late, the builder's
innermost lines of our code.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import synth  # noqa: E402

WATCHED = """
import sys, threading, time, traceback
over, log = float(sys.argv[1]) / 1000, sys.argv[2]
builder = threading.get_ident()

def watch():
    while True:
        started = time.perf_counter()
        time.sleep(0.002)
        late = time.perf_counter() - started - 0.002
        frame = sys._current_frames().get(builder) if late > over else None
        if frame is not None:
            ours = [f for f in traceback.extract_stack(frame) if "/generator/" in f.filename]
            where = " < ".join(f"{f.filename.split('/generator/')[-1]}:{f.lineno}" for f in ours[-1:-4:-1])
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"{late * 1000:.0f}\\t{where}\\n")

threading.Thread(target=watch, daemon=True).start()
sys.argv = ["generator", "serve", *sys.argv[3:]]
from generator.cli import main
main()
"""


def measure(site: Path, saves: int, over: float, log: Path) -> tuple[list[float], list[list[str]]]:
    """The save-to-page times, and the stalls noted while the saves were served (not at serve's
    first build, nor at its exit)."""
    stalls: list[list[str]] = []

    def command(port: int) -> list[str]:
        return [sys.executable, "-c", WATCHED, str(over), str(log), "--root", str(site), "--port", str(port)]

    def saved() -> None:
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        stalls.extend(line.split("\t") for line in lines)

    times = bench.serve_saves(command, site, saves, ready=lambda: log.write_text("", encoding="utf-8"), saved=saved)
    return times, stalls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=40000)
    parser.add_argument("--saves", type=int, default=12)
    parser.add_argument("--over", type=float, default=40.0, help="note stalls longer than this many ms")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="timeline-stalls-"))
    try:
        site = synth.write_ours(work / "src", args.entries, bench.TOPICS_FOR.get(args.entries, args.entries // 100))
        times, stalls = measure(site, args.saves, args.over, work / "stalls.tsv")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    shown = ", ".join(f"{t * 1000:.0f}" for t in times)
    print(f"{args.entries:,} entries, {len(times)} saves: save -> page ms: {shown}")
    print(f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms\n")
    by_place: dict[str, list[float]] = collections.defaultdict(list)
    for late, where in stalls:
        by_place[where].append(float(late))
    print(f"{'stalls':>6}  {'longest ms':>10}  where the builder was (innermost first), stalls over {args.over:.0f} ms")
    for where, lates in sorted(by_place.items(), key=lambda item: -max(item[1])):
        print(f"{len(lates):>6}  {max(lates):>10.0f}  {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
