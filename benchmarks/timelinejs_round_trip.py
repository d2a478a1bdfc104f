"""Round-trip TimelineJS's own example timelines: import each, build, compare the exported
timeline.json with the original, and count what still differs, by kind.

    python benchmarks/timelinejs_round_trip.py           # the table
    python benchmarks/timelinejs_round_trip.py --each    # and every difference

The files are ../shared/realdata/timelinejs/*.json (TimelineJS3's examples). cosmo.json is on
TimelineJS's cosmological scale, which a date here cannot hold: it is refused, not compared.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import io
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
REALDATA = ROOT.parent / "shared" / "realdata" / "timelinejs"
SHOWABLE = ["eras", "houston", "marktwain", "mediatypes", "republican"]

from generator.cli import main as cli_main  # noqa: E402
from generator.importers.timelinejs import is_image  # noqa: E402

# What may differ, and why: each kind names a part of TimelineJS an entry has no place for, or a
# form the site writes its own way. Anything else is a loss.
EXPECTED = {
    "eras not imported": "a topic has no eras",
    "background not imported": "a page has one look; an entry has no background",
    "location not imported": "StoryMapJS's map locations have no place in an entry",
    "title slide media not imported": "a topic has no picture of its own",
    "milliseconds dropped": "SPEC 5 dates stop at seconds",
    "display_date added": "a time (in the site zone), a period or a span, as the site shows it",
    "unique_id added": "every entry has a slug; TimelineJS uses it as the event's id",
    "headline made from text": "an entry needs a title; the event had none",
    "media not a picture became a link": "an entry's only media is its picture; the rest is a link",
    "relative media left out": "no site to resolve it against",
    "protocol-relative media made https": "a page here can be opened from a file",
    "credit moved into the text": "an entry has no credit field; the text keeps it, shown on the page",
    "overview slide is an event": "an entry is always an event",
}


@dataclass(frozen=True)
class Difference:
    file: str
    event: str
    kind: str


def plain(fragment: Any) -> str:
    """Text of an HTML fragment without its spaces: what a reader sees, however it is laid out."""
    return "".join(html.unescape(re.sub(r"<[^>]+>", " ", str(fragment or ""))).split())


def parts(date: dict[str, Any] | None) -> dict[str, int]:
    keys = ("year", "month", "day", "hour", "minute", "second")
    return {k: int(v) for k, v in (date or {}).items() if k in keys and str(v).strip()}


def round_trip(name: str, work: Path) -> tuple[dict[str, Any], dict[str, Any], str]:
    """The original, the export after import and build, and what the import said."""
    root = work / name
    (root / "content").mkdir(parents=True)
    source = REALDATA / f"{name}.json"
    said = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(said):
        if cli_main(["import", str(source), "--topic", name, "--root", str(root)]) != 0:
            raise SystemExit(f"{name}: import failed\n{said.getvalue()}")
        if cli_main(["build", "--root", str(root), "--quiet"]) != 0:
            raise SystemExit(f"{name}: build failed\n{said.getvalue()}")
    exported = json.loads((root / "site" / "topics" / name / "timeline.json").read_text(encoding="utf-8"))
    return json.loads(source.read_text(encoding="utf-8")), exported, said.getvalue()


def match(event: dict[str, Any], exported: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The exported event for an original one: same start, then same headline or same text."""
    same_start = [e for e in exported if parts(e["start_date"]) == parts(event.get("start_date"))]
    text = event.get("text") or {}
    for candidate in same_start:
        if plain(text.get("headline")) and plain(candidate["text"]["headline"]) == plain(text.get("headline")):
            return candidate
    words = plain(text.get("text")) or plain((event.get("media") or {}).get("caption"))
    for candidate in same_start:
        if words and words in plain(candidate["text"]["headline"]) + plain(candidate["text"]["text"]):
            return candidate
    return None


def event_differences(event: dict[str, Any], got: dict[str, Any]) -> list[str]:
    kinds = []
    text, got_text = event.get("text") or {}, plain(got["text"]["text"])
    if not plain(text.get("headline")):
        kinds.append("headline made from text")
    elif plain(text.get("headline")) != plain(got["text"]["headline"]):
        kinds.append("headline changed")
    if plain(text.get("text")) not in plain(got["text"]["headline"]) + got_text:
        kinds.append("text lost")
    for key in ("start_date", "end_date"):
        if parts(event.get(key)) != parts(got.get(key)):
            kinds.append(f"{key} changed")
        elif str((event.get(key) or {}).get("millisecond") or "").strip():
            kinds.append("milliseconds dropped")
    if event.get("display_date") and plain(event["display_date"]) != plain(got.get("display_date")):
        kinds.append("display_date changed")
    elif got.get("display_date") and not event.get("display_date"):
        kinds.append("display_date added")
    if plain(event.get("group")) != plain(html.unescape(str(got.get("group") or ""))):
        kinds.append("group added" if got.get("group") else "group lost")
    if str(event.get("unique_id") or "").strip() and event["unique_id"] != got.get("unique_id"):
        kinds.append("unique_id changed")
    elif not str(event.get("unique_id") or "").strip():
        kinds.append("unique_id added")
    kinds += media_differences(event.get("media") or {}, got.get("media"), got_text)
    kinds += [f"{key} not imported" for key in ("background", "location") if event.get(key)]
    if event.get("type") == "overview":
        kinds.append("overview slide is an event")
    return kinds


def media_differences(media: dict[str, Any], got: dict[str, Any] | None, got_text: str) -> list[str]:
    url = str(media.get("url") or "").strip()
    if not url:
        return []
    absolute = "https:" + url if url.startswith("//") else url
    if not absolute.startswith(("http://", "https://")):
        return ["relative media left out"]
    kinds = ["protocol-relative media made https"] if url.startswith("//") else []
    if is_image(absolute):
        if not got or got["url"] != absolute:
            return [*kinds, "picture lost"]
        if plain(media.get("caption")) and plain(media.get("caption")) != plain(got.get("caption")):
            kinds.append("caption changed")
    elif plain(media.get("caption")) not in got_text:
        kinds.append("media link lost")
    else:
        kinds.append("media not a picture became a link")
    if plain(media.get("credit")):
        kinds.append("credit moved into the text" if plain(media["credit"]) in got_text else "credit lost")
    return kinds


def differences(name: str, original: dict[str, Any], exported: dict[str, Any]) -> list[Difference]:
    found = [Difference(name, "(file)", "eras not imported")] if original.get("eras") else []
    title, got_title = original.get("title") or {}, exported.get("title") or {}
    if plain((title.get("text") or {}).get("text")) not in plain(got_title.get("text", {}).get("text")):
        found.append(Difference(name, "(title)", "title text lost"))
    if str((title.get("media") or {}).get("url") or "").strip():
        found.append(Difference(name, "(title)", "title slide media not imported"))
    if len(exported["events"]) != len(original["events"]):
        found.append(Difference(name, "(file)", "events lost"))
    for event in original["events"]:
        label = plain((event.get("text") or {}).get("headline")) or plain((event.get("text") or {}).get("text"))[:40]
        got = match(event, exported["events"])
        if got is None:
            found.append(Difference(name, label, "event lost"))
            continue
        found += [Difference(name, label, kind) for kind in event_differences(event, got)]
    return found


def all_differences(work: Path) -> list[Difference]:
    found: list[Difference] = []
    for name in SHOWABLE:
        original, exported, _ = round_trip(name, work)
        found += differences(name, original, exported)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--each", action="store_true", help="list every difference")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        found = all_differences(Path(work))
    counts = Counter((d.kind, d.file) for d in found)
    print(f"{'difference':38} {'file':12} {'count':>5}  why")
    for (kind, file), count in sorted(counts.items()):
        why = EXPECTED.get(kind, "LOSS: not expected")
        print(f"{kind:38} {file:12} {count:5}  {why}")
    losses = [d for d in found if d.kind not in EXPECTED]
    print(f"\n{len(found)} differences in {len(SHOWABLE)} files, {len(losses)} of them losses")
    if args.each:
        for d in found:
            print(f"{d.file}: {d.event[:60]}: {d.kind}")
    sys.exit(1 if losses else 0)


if __name__ == "__main__":
    main()
