"""`build`: the site into site/ (or --out), one summary line, every problem listed."""

from __future__ import annotations

import argparse
import sys

from generator.commands.common import Progress, UsageError, add_root, output_folder, report, shown, site_root
from generator.errors import plural
from generator.memory import one_shot


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("build", help="build the site into site/", description="Build the site.")
    add_options(parser)


def add_options(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--out", metavar="DIR", help="output folder (default: DIR/site)")
    parser.add_argument("--base-url", metavar="URL", help="absolute URL the site is served at (overrides site.yaml)")
    parser.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors and warnings")
    parser.add_argument(
        "--file-links",
        action="store_true",
        help="links that name index.html: the site works opened from disk (file_links: true)",
    )


def run(args: argparse.Namespace) -> int:
    from generator.build import build_and_write
    from generator.source.config import normalise_base_url

    one_shot()  # this process builds once
    root = site_root(args.root)
    out = output_folder(root, args.out)
    if args.base_url is not None and normalise_base_url(args.base_url) is None:
        raise UsageError(
            f"--base-url {args.base_url}: must be an absolute http(s) URL like https://user.github.io/repo/"
        )
    progress = Progress(enabled=not args.quiet and sys.stdout.isatty())
    try:
        result = build_and_write(
            root,
            out,
            base_url=args.base_url,
            drafts=args.drafts,
            strict=args.strict,
            progress=progress.stage,
            file_links=True if getattr(args, "file_links", False) else None,
            skip_unchanged=True,
            release_pages=True,
        )
    finally:
        progress.close()
    if not args.quiet:
        for notice in result.notices:
            print(notice, file=sys.stderr)
    report(result.problems, args.strict)
    if result.failed(args.strict):
        return 1
    if not args.quiet:
        pages, entries, topics = result.summary
        unchanged = " (nothing changed since the last build)" if result.skipped else ""
        print(
            f"Built {plural(pages, 'page')}, {plural(entries, 'entry')}, "
            f"{plural(topics, 'topic')} in {result.seconds:.2f} s -> {shown(out)}{unchanged}"
        )
    return 0
