"""The command line: parse arguments, run one command, print, return an exit status.

0 success; 1 content errors (all of them listed); 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import Problems, plural

COMMANDS = ("build", "check")


class UsageError(Exception):
    """A wrong command line: exit 2."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build topic timelines as a static website from Markdown and YAML entries in content/.",
        epilog="With no command, builds the site (same as 'build'). Run 'python -m generator COMMAND --help' for details.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/", description="Build the site.")
    _add_build_options(build)

    check = commands.add_parser("check", help="validate everything, write nothing", description="Check every file and template; write nothing.")
    check.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")
    check.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")
    parser.add_argument("--out", metavar="DIR", help="output folder (default: DIR/site)")
    parser.add_argument("--base-url", metavar="URL", help="absolute URL the site is served at (overrides site.yaml)")
    parser.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors and warnings")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]  # `python -m generator [options]` is `build [options]`
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return run_check(args)
        return run_build(args)
    except UsageError as exc:
        print(f"python -m generator: error: {exc}", file=sys.stderr)
        return 2


def site_root(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"--root {value}: no such folder")
    if not (root / "content").is_dir():
        raise UsageError(f"--root {value}: not a site folder (it has no content/ folder)")
    return root


def output_folder(root: Path, value: str | None) -> Path:
    out = Path(value) if value else root / "site"
    resolved, site = out.resolve(), root.resolve()
    protected = [site / "content", site / "templates"]
    if resolved == site or site.is_relative_to(resolved):
        raise UsageError(f"--out {value}: the output folder cannot be the site folder or contain it")
    for folder in protected:
        if resolved == folder or resolved.is_relative_to(folder):
            raise UsageError(f"--out {value}: the output folder cannot be inside {folder.name}/")
    return out


def report(problems: Problems, strict: bool) -> None:
    """Errors and warnings on stderr, `path:line: message`, then the count line."""
    if not problems.items:
        return
    for problem in problems.sorted():
        print(problem, file=sys.stderr)
    line = problems.count_line()
    if strict and problems.warnings and not problems.errors:
        line += " (warnings are errors with --strict)"
    print(line, file=sys.stderr)


def run_build(args: argparse.Namespace) -> int:
    from .build import build_and_write

    root = site_root(args.root)
    out = output_folder(root, args.out)
    if args.base_url is not None:
        from .config import normalise_base_url

        if normalise_base_url(args.base_url) is None:
            raise UsageError(f"--base-url {args.base_url}: must be an absolute http(s) URL like https://user.github.io/repo/")
    result = build_and_write(root, out, base_url=args.base_url, drafts=args.drafts, strict=args.strict)
    if not args.quiet:
        for notice in result.notices:
            print(notice, file=sys.stderr)
    report(result.problems, args.strict)
    if result.failed(args.strict):
        return 1
    if not args.quiet:
        site = result.site
        entries = len(site.entries) if site else 0
        topics = len(site.topics) if site else 0
        print(
            f"Built {plural(result.page_count, 'page')}, {plural(entries, 'entry')}, "
            f"{plural(topics, 'topic')} in {result.seconds:.2f} s -> {_shown(out)}"
        )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from .build import build

    root = site_root(args.root)
    result = build(root, drafts=args.drafts)
    report(result.problems, args.strict)
    if result.failed(args.strict):
        return 1
    print(f"No problems in {plural(result.page_count, 'page')}.")
    return 0


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path) + "/"
    except ValueError:
        return str(path)


def run() -> None:
    sys.exit(main())
