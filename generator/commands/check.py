"""`check`: every file and template checked, nothing written."""

from __future__ import annotations

import argparse
import sys

from generator.commands.common import add_root, report, site_root
from generator.errors import plural
from generator.memory import one_shot


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check", help="validate everything, write nothing", description="Check every file and template; write nothing."
    )
    add_root(parser)
    parser.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")


def run(args: argparse.Namespace) -> int:
    from generator.build import build

    one_shot()  # this process builds once
    root = site_root(args.root)
    result = build(root, drafts=args.drafts, use_cache=True, write_cache=False)  # reads the caches, writes nothing
    for notice in result.notices:
        if "without a known date" in notice:
            print(notice, file=sys.stderr)
    report(result.problems, args.strict)
    if result.failed(args.strict):
        return 1
    print(f"No problems in {plural(result.page_count, 'page')}.")
    return 0
