"""Read every string of the date corpus (tests/data/dates/corpus.tsv) and count the outcomes.

    python benchmarks/date_corpus.py            # the table
    python benchmarks/date_corpus.py --misses   # and every line that did not go as the corpus says

Each line says how SPEC 5 wants one date string read: `= shown form`, or `! refusal class`.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT / "tests" / "data" / "dates" / "corpus.tsv"

from generator.source.dates import DateError, format_date, format_span, parse_when  # noqa: E402


def rows(path: Path = CORPUS) -> list[dict[str, str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line.strip()]


def read(row: dict[str, str]) -> tuple[str, str]:
    """("=", shown) or ("!", message) for one corpus row."""
    site = dict(part.split("=", 1) for part in row["site"].split(";") if "=" in part)
    zone, order = site.get("zone", "UTC"), site.get("order", "ymd")
    try:
        start, end = parse_when(row["text"], date_order=order, site_zone=zone)
    except DateError as exc:
        return "!", str(exc)
    return "=", format_span(start, end, zone) if end else format_date(start, zone)


def outcome(row: dict[str, str]) -> str:
    """accepted rightly, refused rightly, shown otherwise, accepted wrongly, refused wrongly."""
    kind, got = read(row)
    expect = row["expect"]
    if expect.startswith("="):
        if kind == "=":
            return "accepted rightly" if got == expect[1:].strip() else "shown otherwise"
        return "refused wrongly"
    return "refused rightly" if kind == "!" else "accepted wrongly"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every line that did not go as the corpus says")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    for row in rows():
        result = outcome(row)
        counts[result] += 1
        if row["expect"].startswith("!"):
            classes[row["expect"][1:].strip()] += 1
        if args.misses and result not in ("accepted rightly", "refused rightly"):
            print(f"{result:16}  {row['text']!r}  [{row['site']}]  expected {row['expect']!r}  got {read(row)[1]!r}")
    total = sum(counts.values())
    print(f"{'outcome':20} {'lines':>6}")
    for name in ("accepted rightly", "refused rightly", "shown otherwise", "accepted wrongly", "refused wrongly"):
        print(f"{name:20} {counts[name]:6}")
    print(f"{'total':20} {total:6}")
    print("refusal classes in the corpus: " + ", ".join(f"{k} {v}" for k, v in sorted(classes.items())))


if __name__ == "__main__":
    main()
