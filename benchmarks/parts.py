"""Where a cold build's CPU seconds go, part by part; prints a table.

    python benchmarks/parts.py                  # 4,000 synthetic entries (bench.py's corpus)
    python benchmarks/parts.py --entries 40000

Each part is measured alone, in one process (`workers=1`), so the figures add up to the CPU a
build spends whatever the number of cores: the whole cold build as the command runs it, then
Python-Markdown alone on every body (the engine SPEC 4 keeps), the rest of reading (front matter,
YAML, dates, checks), making every page and file (Jinja, the records of what each page read),
and Pagefind alone over the built site's entry pages (the tool Hugo users run too). What the two
tools we do not write (Markdown, Pagefind) take is the floor of any build of ours.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402
import synth  # noqa: E402


def cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(u.ru_utime + u.ru_stime for u in usage)


def parts(site: Path, work: Path) -> list[tuple[str, float, float]]:
    from generator.build import build
    from generator.errors import Problems
    from generator.incremental import engine
    from generator.output.search import index_bundles, plan
    from generator.source.config import load_settings
    from generator.source.frontmatter import split
    from generator.source.load import load_site
    from generator.source.markup import Markup

    found: list[tuple[str, float, float]] = []

    def measure(name: str, run: object) -> None:
        started, used = time.perf_counter(), cpu()
        run()  # type: ignore[operator]
        found.append((name, time.perf_counter() - started, cpu() - used))

    out = work / "site"
    cold = bench.measure(bench.ours(site, out))
    found.append(("the cold build, as `build` runs it (all cores)", cold.wall, cold.cpu))
    texts = [p.read_text(encoding="utf-8") for p in sorted((site / "content" / "entries").rglob("*.md"))]
    bodies = [split(text).body for text in texts]

    def markdown_alone() -> None:
        converter = Markup(None)  # Python-Markdown, as the build runs it (markup.py), nothing cached
        for body in bodies:
            converter.render(body)

    measure("Python-Markdown alone, every body", markdown_alone)
    settings = load_settings(site, Problems())
    measure("reading every source file (Markdown included)", lambda: load_site(site, settings, Problems(), workers=1))
    made: dict[str, float] = {}
    real = engine.Engine._make

    def timed_make(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = cpu()
        try:
            return real(self, *args, **kwargs)
        finally:
            made["cpu"] = cpu() - started

    engine.Engine._make = timed_make  # type: ignore[method-assign]
    try:
        measure("a whole build in one process, nothing written", lambda: build(site, workers=1))
    finally:
        engine.Engine._make = real  # type: ignore[method-assign]
    found.append(("  of which making every page and file", 0.0, made["cpu"]))
    pages = sorted(str(p.relative_to(out)) for p in (out / "entries").glob("*/index.html"))
    measure("Pagefind alone over the entry pages", lambda: index_bundles(out, plan(pages), output=work / "index"))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=4000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="timeline-parts-"))
    try:
        site = synth.write_ours(work / "src", args.entries, bench.TOPICS_FOR.get(args.entries, args.entries // 100))
        rows = parts(site, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.entries:,} entries; CPU seconds (user + system) of each part, measured alone")
    print(f"{'part':<50}  {'wall s':>7}  {'CPU s':>7}")
    for name, wall, used in rows:
        print(f"{name:<50}  {wall:>7.2f}  {used:>7.2f}" if wall else f"{name:<50}  {'':>7}  {used:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
