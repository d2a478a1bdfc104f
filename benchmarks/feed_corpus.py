"""Import every feed of feedparser's own test corpus (2,242 files in its sdist) with `import
--dry-run`'s code, and count the outcomes: imported, refused with a `path:line: message`, or a
traceback (which must never happen).

    python benchmarks/feed_corpus.py              # the whole corpus: a table of counts
    python benchmarks/feed_corpus.py --every 10   # one file in ten
    python benchmarks/feed_corpus.py --show traceback   # and each file with that outcome

The sdist of the installed feedparser version is fetched from PyPI once (`pip download`) and kept
in ~/.cache/timeline-generator-tests/ (or $FEED_CORPUS_CACHE).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
from collections import Counter
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.importers import ImportOptions, SourceError, plan_import, read_source  # noqa: E402

MESSAGE = re.compile(r"^.+:\d+: .+")


def cache_folder() -> Path:
    return Path(os.environ.get("FEED_CORPUS_CACHE") or Path.home() / ".cache" / "timeline-generator-tests")


def corpus(folder: Path | None = None) -> list[Path]:
    """The corpus's feed files, sorted; fetched and unpacked on first use. RuntimeError without
    the network (or pip) when they are not cached yet."""
    folder = folder or cache_folder()
    name = f"feedparser-{version('feedparser')}"
    unpacked = folder / name / "tests"
    if not unpacked.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        archive = folder / f"{name}.tar.gz"
        if not archive.is_file():
            command = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                       "--dest", str(folder), f"feedparser=={version('feedparser')}"]  # fmt: skip
            run = subprocess.run(command, capture_output=True, text=True, timeout=300)
            if run.returncode != 0 or not archive.is_file():
                raise RuntimeError(f"cannot fetch {archive.name} from PyPI: {run.stderr.strip()[-300:]}")
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(f"{name}/tests/")]
            tar.extractall(folder, members=members, filter="data")
    return sorted(p for p in unpacked.rglob("*.xml") if p.is_file())


def outcome(path: Path, site: Path, year: int | None = None) -> tuple[str, str]:
    """("imported" | "refused" | "unclear" | "traceback", detail) for one feed file."""
    try:
        source = read_source(str(path))
    except SourceError as exc:
        return ("refused" if MESSAGE.match(str(exc)) else "unclear"), str(exc)
    except Exception:  # noqa: BLE001 - counting tracebacks is the point
        return "traceback", traceback.format_exc()
    try:
        plan = plan_import(site, source.text, "auto", ["corpus"], ImportOptions(label=source.label, year=year))
    except Exception:  # noqa: BLE001
        return "traceback", traceback.format_exc()
    if plan.problems.errors:
        messages = [str(problem) for problem in plan.problems.errors]
        clear = all(MESSAGE.match(m) for m in messages)
        return ("refused" if clear else "unclear"), messages[0]
    return "imported", f"{sum(1 for a in plan.actions if a.kind == 'entry')} entries"


def run(paths: list[Path], year: int | None = None) -> dict[str, list[tuple[Path, str]]]:
    results: dict[str, list[tuple[Path, str]]] = {}
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        (site / "content").mkdir(parents=True)
        for path in paths:
            kind, detail = outcome(path, site, year)
            results.setdefault(kind, []).append((path, detail))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="import one file in N")
    parser.add_argument("--year", type=int, help="as `import --year`: undated items become drafts")
    parser.add_argument("--show", choices=["imported", "refused", "unclear", "traceback"], help="list these files")
    args = parser.parse_args()
    paths = corpus()[:: args.every]
    started = time.monotonic()
    results = run(paths, args.year)
    seconds = time.monotonic() - started
    year = f", --year {args.year}" if args.year else ""
    print(f"feedparser {version('feedparser')} test corpus: {len(paths)} files in {seconds:.1f} s{year}")
    print(f"{'outcome':12} {'files':>6}")
    for kind in ("imported", "refused", "unclear", "traceback"):
        print(f"{kind:12} {len(results.get(kind, [])):6}")
    reasons = Counter(
        re.sub(r'"[^"]*"', '"…"', re.sub(r"^.*?:\d+: ", "", d))[:70] for _, d in results.get("refused", [])
    )
    print("\nmost common refusals:")
    for reason, count in reasons.most_common(8):
        print(f"{count:6}  {reason}")
    for path, detail in results.get(args.show or "", []):
        print(f"\n{path}: {detail}")
    sys.exit(1 if results.get("traceback") or results.get("unclear") else 0)


if __name__ == "__main__":
    main()
