"""The command line: parse arguments, run one command, print, return an exit status.

0 success; 1 content errors (all of them listed); 2 a wrong command line.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from pathlib import Path

from generator import __version__
from generator.errors import Problems, plural

COMMANDS = ("build", "check", "serve", "new", "init", "import")


class UsageError(Exception):
    """A wrong command line: exit 2."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build topic timelines as a static website from Markdown and YAML entries in content/.",
        epilog="With no command, builds the site (same as 'build'). "
        "Run 'python -m generator COMMAND --help' for details.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the site into site/", description="Build the site.")
    _add_build_options(build)

    check = commands.add_parser(
        "check", help="validate everything, write nothing", description="Check every file and template; write nothing."
    )
    check.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")
    check.add_argument("--drafts", action="store_true", help="check drafts as if they were published")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    _add_serve_parser(commands)
    _add_new_parser(commands)
    _add_init_parser(commands)
    _add_import_parser(commands)
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
    run_command = {
        "build": run_build,
        "check": run_check,
        "serve": run_serve,
        "new": run_new,
        "init": run_init,
        "import": run_import,
    }[args.command]
    try:
        return run_command(args)
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


class Progress:
    """One line on a terminal that says what a long build is doing; nothing for builds under 2 s."""

    DELAY = 2.0

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.current = ""
        self.shown = False
        self.lock = threading.Lock()
        self.timer = threading.Timer(self.DELAY, self._show) if enabled else None
        if self.timer:
            self.timer.daemon = True
            self.timer.start()

    def stage(self, what: str) -> None:
        with self.lock:
            self.current = what
        if self.enabled and time.monotonic() - self.started >= self.DELAY:
            self._show()

    def _show(self) -> None:
        with self.lock:
            if self.current:
                print(f"\r\033[K{self.current} ...", end="", flush=True)
                self.shown = True

    def close(self) -> None:
        if self.timer:
            self.timer.cancel()
        with self.lock:
            if self.shown:
                print("\r\033[K", end="", flush=True)
            self.current = ""


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
    from generator.build import build_and_write

    root = site_root(args.root)
    out = output_folder(root, args.out)
    if args.base_url is not None:
        from generator.source.config import normalise_base_url

        if normalise_base_url(args.base_url) is None:
            raise UsageError(
                f"--base-url {args.base_url}: must be an absolute http(s) URL like https://user.github.io/repo/"
            )
    progress = Progress(enabled=not args.quiet and sys.stdout.isatty())
    try:
        result = build_and_write(
            root, out, base_url=args.base_url, drafts=args.drafts, strict=args.strict, progress=progress.stage
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
        site = result.site
        entries = len(site.entries) if site else 0
        topics = len(site.topics) if site else 0
        print(
            f"Built {plural(result.page_count, 'page')}, {plural(entries, 'entry')}, "
            f"{plural(topics, 'topic')} in {result.seconds:.2f} s -> {_shown(out)}"
        )
    return 0


def run_check(args: argparse.Namespace) -> int:
    from generator.build import build

    root = site_root(args.root)
    result = build(root, drafts=args.drafts, use_cache=True, write_cache=False)  # reads the caches, writes nothing
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


# --- serve, new, init ------------------------------------------------------------------------------

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _add_serve_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="preview the site, rebuilt and reloaded on every change",
        description="Build the site into a preview folder, serve it, and rebuild and reload open browsers "
        "whenever content/ or templates/ change. Errors show in the terminal and over every page.",
    )  # fmt: skip
    serve.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only)")  # fmt: skip
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    serve.add_argument("--open", action="store_true", help="open the preview in the web browser")
    serve.add_argument("--out", metavar="DIR", help="preview folder (default: a temporary folder, removed on exit)")


def _add_new_parser(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new", help="write a new entry file",
        description="Write a new entry file and print its path; never overwrites.",
    )  # fmt: skip
    new.add_argument("headline", help="the entry's title")
    new.add_argument("--topic", action="append", required=True, metavar="SLUG",
                     help="a topic (a file in content/topics/); repeat for more")  # fmt: skip
    new.add_argument(
        "--date", metavar="D", help="when, e.g. 2024-10-23, 'October 2024', '44 BC' (default: today in the site's zone)"
    )
    new.add_argument("--url", metavar="U", help="link to the original story (http or https)")
    new.add_argument("--source", metavar="S", help="publisher name (default at build time: the host of --url)")
    new.add_argument("--key", action="store_true", help="mark it as a key moment")
    new.add_argument("--draft", action="store_true", help="mark it as a draft (left out unless --drafts)")
    new.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")


def _add_init_parser(commands: argparse._SubParsersAction) -> None:
    init = commands.add_parser(
        "init", help="create a new site folder",
        description="Create a new site folder that builds at once; refuses a folder that is not empty.",
    )  # fmt: skip
    init.add_argument("folder", metavar="DIR", help="the new site folder (created if missing; must be empty)")


def run_serve(args: argparse.Namespace) -> int:
    import shutil
    import tempfile
    import threading
    import time
    import webbrowser

    from generator.preview.server import PortInUse, Rebuild, ServeError, ServeOptions, serve

    root = site_root(args.root)
    if not 1 <= args.port <= 65535:
        raise UsageError(f"--port {args.port}: must be a number from 1 to 65535")
    scratch = None if args.out else Path(tempfile.mkdtemp(prefix="timelines-serve-"))
    out = output_folder(root, args.out) if args.out else scratch / "site"  # type: ignore[operator]
    if args.host not in LOOPBACK:
        print(f"warning: --host {args.host}: the preview is reachable from the network, "
              "by anyone who can reach this computer", file=sys.stderr, flush=True)  # fmt: skip

    def show(rebuild: Rebuild) -> None:
        if rebuild.cause == "first build":
            for notice in rebuild.notices:
                print(notice, file=sys.stderr, flush=True)
        report(rebuild.problems, strict=False)
        sys.stderr.flush()
        stamp = time.strftime("%H:%M:%S")
        if rebuild.ok:
            print(f"[{stamp}] {rebuild.cause}: {plural(rebuild.pages, 'page')} written "
                  f"({rebuild.changed} changed) in {rebuild.ms} ms", flush=True)  # fmt: skip
        else:
            print(f"[{stamp}] {rebuild.cause}: build failed with {plural(len(rebuild.problems.errors), 'error')} "
                  "(shown in the browser too); waiting for a fix", flush=True)  # fmt: skip

    def ready(url: str) -> None:
        print(f"Serving {_shown(root)} at {url} (Ctrl-C to stop)", flush=True)
        if args.open:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    try:
        serve(ServeOptions(root, out, args.host, args.port, args.drafts), show, ready)
    except PortInUse as exc:
        hint = f"stop the other server or choose another port with --port, e.g. --port {args.port + 1}"
        raise UsageError(f"{exc}: {hint}") from None
    except ServeError as exc:
        raise UsageError(f"--host {args.host}: {exc}") from None
    except KeyboardInterrupt:
        pass  # Ctrl-C before the server was up
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    print("Stopped.", flush=True)
    return 0


def run_new(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from generator.commands.scaffold import NewEntry, ScaffoldError, create_entry, known_topics, today, topic_problems
    from generator.source.config import load_settings
    from generator.source.dates import DateError, parse_date

    root = site_root(args.root)
    problems = Problems()
    settings = load_settings(root, problems)
    if problems.errors:
        report(problems, strict=False)
        return 1
    title = args.headline.strip()
    if not title:
        raise UsageError('the headline is empty: give it in quotes, e.g. new "Troops cross the border" --topic SLUG')
    if args.date is None:
        date = today(settings.timezone)
        date_text = date.iso()
    else:
        date_text = args.date.strip()
        try:
            date = parse_date(date_text, date_order=settings.date_order, site_zone=settings.timezone)
        except DateError as exc:
            raise UsageError(f"--date {args.date}: {exc}") from None
    if args.url is not None:
        url = args.url.strip()
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or any(c in url for c in ' "<>\n'):
            raise UsageError(f"--url {args.url}: must be a web address starting with http:// or https://")
    topics = tuple(dict.fromkeys(t.strip() for t in args.topic))
    messages = topic_problems(topics, known_topics(root))
    if messages:
        for message in messages:
            print(message, file=sys.stderr)
        return 1
    entry = NewEntry(title, date_text, date, topics, url=(args.url or "").strip() or None,
                     source=(args.source or "").strip() or None, key=args.key, draft=args.draft)  # fmt: skip
    try:
        relpath = create_entry(root, entry)
    except (ScaffoldError, OSError) as exc:
        print(f"cannot write the entry: {exc}", file=sys.stderr)
        return 1
    print(root / relpath if args.root != "." else relpath)
    return 0


def run_init(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from generator.commands.scaffold import ScaffoldError, check_empty, create_site, site_files, workflow_file

    target = Path(args.folder)
    try:
        check_empty(target)
    except ScaffoldError as exc:
        raise UsageError(f"init {args.folder}: {exc}") from None
    files = site_files(datetime.now(UTC).date().isoformat())
    workflow = workflow_file()
    try:
        create_site(target, files, workflow=workflow)
    except (ScaffoldError, OSError) as exc:
        print(f"cannot create the site in {args.folder}: {exc}", file=sys.stderr)
        return 1
    if workflow is None:
        print("warning: this installation has no GitHub Pages workflow to copy; "
              ".github/workflows/pages.yml was not written", file=sys.stderr)  # fmt: skip
    print(f"Created a new site in {_shown(target)}")
    print(f"Next: cd {args.folder} && python -m generator serve")
    return 0


# --- import ----------------------------------------------------------------------------------------


def _add_import_parser(commands: argparse._SubParsersAction) -> None:
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
    parser.add_argument("--root", default=".", metavar="DIR", help="site folder (default: current folder)")


def run_import(args: argparse.Namespace) -> int:
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
