"""What every command shares: the wrong-command-line error, the site and output folders, the
report of problems, and the progress line."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from generator.errors import Problems


class UsageError(Exception):
    """A wrong command line: exit 2."""


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")


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


def shown(path: Path) -> str:
    try:
        return os.path.relpath(path) + "/"
    except ValueError:
        return str(path)


class Progress:
    """One line on a terminal that says what a long build is doing; nothing for builds under 2 s.

    No thread: a stage is shown when the build reaches it, once the build has run for `DELAY`
    seconds (a thread would keep the build from forking its workers).
    """

    DELAY = 2.0

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = False

    def stage(self, what: str) -> None:
        if self.enabled and time.monotonic() - self.started >= self.DELAY:
            print(f"\r\033[K{what} ...", end="", flush=True)
            self.shown = True

    def close(self) -> None:
        if self.shown:
            print("\r\033[K", end="", flush=True)
