"""`init`: a new site folder that builds at once."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.common import UsageError, shown


def add_parser(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init", help="create a new site folder",
        description="Create a new site folder that builds at once; refuses a folder that is not empty.",
    )  # fmt: skip
    init.add_argument("folder", metavar="DIR", help="the new site folder (created if missing; must be empty)")
    init.add_argument("--language", metavar="CODE", default="en",
                      help="the site's language, a BCP 47 tag such as ko, de or pt-BR (its example in that "
                           "language where one ships: en, ko)")  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from generator.source.config import SettingError, _language
    from generator.starter import ScaffoldError, check_empty, create_site, site_files, workflow_file

    target = Path(args.folder)
    try:
        language = _language(args.language, args.language.strip())
    except SettingError as exc:
        raise UsageError(f"--language: {exc}") from None
    try:
        check_empty(target)
    except ScaffoldError as exc:
        raise UsageError(f"init {args.folder}: {exc}") from None
    files = site_files(datetime.now(UTC).date().isoformat(), language=language)
    workflow = workflow_file()
    try:
        create_site(target, files, workflow=workflow)
    except (ScaffoldError, OSError) as exc:
        print(f"cannot create the site in {args.folder}: {exc}", file=sys.stderr)
        return 1
    if workflow is None:
        print("warning: this installation has no GitHub Pages workflow to copy; "
              ".github/workflows/pages.yml was not written", file=sys.stderr)  # fmt: skip
    print(f"Created a new site in {shown(target)}")
    print(f"Next: cd {args.folder} && python -m generator serve")
    return 0
