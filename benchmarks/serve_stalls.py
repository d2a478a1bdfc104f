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
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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
    port = bench.free_port()
    command = [sys.executable, "-c", WATCHED, str(over), str(log), "--root", str(site), "--port", str(port)]
    server = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=bench.user_environment()
    )
    try:
        entry = sorted((site / "content" / "entries").rglob("*.md"))[7]
        url = f"http://127.0.0.1:{port}/entries/{entry.stem}/"
        deadline = time.time() + 900
        while time.time() < deadline and server.poll() is None:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        log.write_text("", encoding="utf-8")  # the stalls of the saves, not of the first build
        times = []
        for number in range(saves):
            marker = f"stallmarker{number}x{os.getpid()}"
            entry.write_text(entry.read_text(encoding="utf-8") + f"\n\n{marker}\n", encoding="utf-8")
            started = time.perf_counter()
            while time.perf_counter() - started < 60:
                try:
                    if marker in urllib.request.urlopen(url, timeout=2).read().decode("utf-8", "replace"):
                        break
                except OSError:
                    pass
                time.sleep(0.005)
            times.append(time.perf_counter() - started)
            time.sleep(3.0)  # the whole rebuild follows the early page; the next save may land in it
        return times, [line.split("\t") for line in log.read_text(encoding="utf-8").splitlines()]  # (not its exit)
    finally:
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()


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
