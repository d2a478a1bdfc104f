"""`serve`: the live preview, rebuilt and reloaded on every change (the server is preview/)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.commands.common import UsageError, add_root, output_folder, report, shown, site_root
from generator.errors import plural

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_parser(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve", help="preview the site, rebuilt and reloaded on every change",
        description="Build the site into a preview folder, serve it, and rebuild and reload open browsers "
        "whenever content/ or templates/ change. Errors show in the terminal and over every page.",
    )  # fmt: skip
    add_root(serve)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this computer only)")  # fmt: skip
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--drafts", action="store_true", help="include entries marked draft: true")
    serve.add_argument("--open", action="store_true", help="open the preview in the web browser")
    serve.add_argument("--out", metavar="DIR", help="preview folder (default: a temporary folder, removed on exit)")


def run(args: argparse.Namespace) -> int:
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
        print(f"Serving {shown(root)} at {url} (Ctrl-C to stop)", flush=True)
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
