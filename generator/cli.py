"""The command line: parse arguments, run one command, return an exit status.

0 success; 1 content errors (all of them listed); 2 a wrong command line. Each command is a
module of commands/; they are imported when run, so `--help` stays fast.
"""

from __future__ import annotations

import argparse
import sys

from generator import __version__
from generator.commands import build, check, importing, init, new, serve
from generator.commands.common import UsageError

COMMANDS = {"build": build, "check": check, "serve": serve, "new": new, "init": init, "import": importing}


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build topic timelines as a static website from Markdown and YAML entries in content/.",
        epilog="With no command, builds the site (same as 'build'). "
        "Run 'python -m generator COMMAND --help' for details.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS.values():
        module.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    if not argv or (argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]  # `python -m generator [options]` is `build [options]`
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command].run(args)
    except UsageError as exc:
        print(f"python -m generator: error: {exc}", file=sys.stderr)
        return 2


def run() -> None:
    sys.exit(main())
