"""`import`: clippings, feeds, spreadsheets and TimelineJS files in, entry files out."""

from __future__ import annotations

import argparse
import sys

from generator.commands.common import UsageError, add_root, report, site_root
from generator.errors import Problems


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import", help="turn a clipping, feed, CSV or TimelineJS JSON into entry files",
        description="Turn a news clipping, a feed (RSS, Atom, JSON Feed), a CSV or a TimelineJS JSON into entry "
        "files under content/entries/. Never overwrites a file and never duplicates an entry already there "
        "(same url, or else same title): such stories are skipped and listed.",
    )  # fmt: skip
    parser.add_argument("source", metavar="SOURCE", help="a file, - for standard input, or a feed's http(s) URL")
    parser.add_argument("--topic", action="append", required=True, metavar="SLUG",
                        help="topic of every imported entry; a new one is created; repeat for more")  # fmt: skip
    parser.add_argument("--format", default="auto", choices=("auto", "clipping", "feed", "csv", "timelinejs"),
                        help="what SOURCE is (default: auto, from its content)")  # fmt: skip
    parser.add_argument("--year", type=int, metavar="Y", help="year of clipping dates written without one")
    parser.add_argument("--draft", action="store_true", help="mark every imported entry draft: true")
    parser.add_argument("--dry-run", action="store_true", help="show what would be written; write nothing")
    add_root(parser)


def run(args: argparse.Namespace) -> int:
    from generator.importers import ImportOptions, SourceError, apply, plan_import, read_source
    from generator.site.urls import slugify
    from generator.source.config import load_settings

    root = site_root(args.root)
    topics = list(dict.fromkeys(t.strip() for t in args.topic))
    for topic in topics:
        if not topic or slugify(topic) != topic:
            raise UsageError(f"--topic {topic!r}: a topic slug is lower-case words joined by hyphens, like "
                             f"'{slugify(topic) or 'north-korea'}'")  # fmt: skip
    if args.year is not None and not 1 <= args.year <= 9999:
        raise UsageError(f"--year {args.year}: give a year from 1 to 9999")
    problems = Problems()
    settings = load_settings(root, problems)
    if problems.errors:
        report(problems, strict=False)
        return 1
    if args.source.lower().startswith(("http://", "https://")) and args.format not in ("auto", "feed"):
        raise UsageError(f"{args.source}: only feeds can be imported from a URL; save the file and import that")
    try:
        source = read_source(args.source)
    except SourceError as exc:
        print(exc, file=sys.stderr)
        return 1
    options = ImportOptions(label=source.label, settings=settings, year=args.year)
    plan = plan_import(root, source.text, args.format, topics, options, draft=args.draft)
    if not plan.problems.errors:
        for action in plan.actions:
            print(action.describe(args.dry_run))
    if plan.problems.items:
        report(plan.problems, strict=False)
    if plan.problems.errors:
        print(f"Nothing was imported from {source.label}: fix the errors above and run the import again.",
              file=sys.stderr)  # fmt: skip
        return 1
    if not args.dry_run:
        try:
            apply(root, plan)
        except FileExistsError as exc:
            print(f"{exc.filename}: the file appeared during the import and was not replaced; run it again",
                  file=sys.stderr)  # fmt: skip
            return 1
        except OSError as exc:
            print(f"cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
            return 1
    print(plan.summary(source.label, args.dry_run))
    return 0
