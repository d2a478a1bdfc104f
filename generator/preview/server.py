"""The preview server: build, serve, watch, rebuild, reload open browsers, show errors in them.

The only module that opens sockets or imports livereload (so either can be swapped). livereload
gives the reload protocol's socket handler, its browser script and the script injection into
HTML responses; this module serves the files itself so only the built site is reachable, adds
the error overlay, and answers only requests meant for it: a Host that names this machine (a
web page whose domain was re-pointed at 127.0.0.1, "DNS rebinding", is refused) and reload
sockets opened by the preview's own pages. Builds run on the main thread, where a time limit can
interrupt Markdown that would never end; the server runs in a thread of its own. Builds go to a
folder of their own and are swapped in whole, so a request never sees a half-written site.
Nothing here prints: the caller gets each build's `Rebuild` and decides what to show.
"""

from __future__ import annotations

import asyncio
import errno
import gc
import json
import logging
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from livereload.server import LiveScriptInjector
from tornado import httpserver, web
from tornado.ioloop import IOLoop

from generator.memory import IdleCollector, no_full_collections
from generator.preview.overlay import error_page, overlay_html  # noqa: F401 - part of this module's face
from generator.preview.session import OVERLAY_ID, Preview, Rebuild, ServeOptions  # noqa: F401
from generator.preview.site_files import content_type, locate, read_served
from generator.preview.watch import Change, describe, watch

FORBIDDEN = b"403 forbidden: only files of the built site are served\n"
WRONG_HOST = b"421 misdirected request: this preview answers only for this computer's own addresses\n"
NOT_FOUND = b"<!doctype html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>"
LIVE_SCRIPT = (
    b'<script>(function(){var s=document.createElement("script");'
    b's.src="/livereload.js?port="+(window.location.port||(window.location.protocol=="https:"?443:80));'
    b"document.head.appendChild(s);})();</script>"
)


class PortInUse(Exception):
    """The port is taken by another program."""


class ServeError(Exception):
    """The server cannot start (a host that cannot be bound, no permission)."""


# --- who may ask ----------------------------------------------------------------------------------


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers this preview answers: this machine's own names, with the port."""
    names = {"127.0.0.1", "localhost", "[::1]"}
    if host not in ("0.0.0.0", "", "::"):
        names.add(f"[{host}]" if ":" in host else host)
    return {f"{name}:{port}" for name in names} | ({*names} if port == 80 else set())


def host_allowed(host_header: str, allowed: set[str], bound: str) -> bool:
    if host_header.lower() in allowed:
        return True
    if bound in ("0.0.0.0", "", "::"):  # on every address: any IP literal of this machine, no names
        name = host_header.rsplit(":", 1)[0].strip("[]")
        return bool(name) and all(c in "0123456789.:abcdefABCDEF" for c in name)
    return False


class _Guard:
    """Mixed into every handler: refuse requests for other hosts (DNS rebinding)."""

    preview_hosts: set[str] = set()
    preview_bound: str = "127.0.0.1"

    def prepare(self) -> None:  # type: ignore[misc]
        if not host_allowed(self.request.host or "", self.preview_hosts, self.preview_bound):  # type: ignore[attr-defined]
            self.set_status(421)  # type: ignore[attr-defined]
            self.set_header("Content-Type", "text/plain; charset=utf-8")  # type: ignore[attr-defined]
            self.finish(WRONG_HOST)  # type: ignore[attr-defined]


class ReloadSocket(_Guard, LiveReloadHandler):
    """livereload's socket, for the preview's own pages only, ignoring messages it cannot read."""

    def check_origin(self, origin: str) -> bool:
        from urllib.parse import urlsplit

        return urlsplit(origin).netloc.lower() == (self.request.host or "").lower()

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except (ValueError, TypeError, UnicodeDecodeError):
            return
        if isinstance(data, dict) and isinstance(data.get("command"), str):
            super().on_message(json.dumps({"command": data["command"], "url": str(data.get("url", ""))}))


class ReloadScript(_Guard, LiveReloadJSHandler):
    pass


class SiteHandler(_Guard, web.RequestHandler):
    """Serves the preview folder; HTML responses get the overlay (and the reload script)."""

    def initialize(self, preview: Preview) -> None:
        self.preview = preview

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")

    def compute_etag(self) -> None:
        return None  # no-store: every reload gets the current build

    def get(self) -> None:
        self._respond(send_body=True)

    def head(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        preview = self.preview
        if not preview.has_site:
            page = error_page(preview.errors or ("no site built yet",), preview.words)
            self._send(500, "text/html; charset=utf-8", page, send_body)
            return
        found = locate(preview.out, self.request.path)
        if found.status == 301 and found.location:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(found.location + query, permanent=False)
            return
        if found.status == 403:
            self._send(403, "text/plain; charset=utf-8", FORBIDDEN, send_body)
            return
        data = None
        if found.status == 200 and found.file:
            data = preview.early_page(found.file.relative_to(preview.out.resolve()).as_posix()) or read_served(
                found.file
            )
        if data is None:
            page = read_served(preview.out / "404.html") or NOT_FOUND
            self._send(404, "text/html; charset=utf-8", preview.decorate(page), send_body)
            return
        kind = content_type(found.file)  # type: ignore[arg-type]
        if kind.startswith("text/html"):
            data = preview.decorate(data)
        self._send(200, kind, data, send_body)

    def _send(self, status: int, kind: str, data: bytes, send_body: bool) -> None:
        self.set_status(status)
        self.set_header("Content-Type", kind)
        if send_body:
            self.finish(data)
        else:
            self.set_header("Content-Length", str(len(data)))
            self.finish()

    def log_exception(self, *args: object) -> None:
        pass  # an odd request is answered with 500; the terminal is the author's, not a log


class _Injector(LiveScriptInjector):
    script = LIVE_SCRIPT


class _NoWatcher:
    """livereload's handlers read `watcher.filepath` when they reload; our watcher is watch.py."""

    filepath: str | None = None


def application(preview: Preview, host: str, port: int) -> web.Application:
    _Guard.preview_hosts = allowed_hosts(host, port)
    _Guard.preview_bound = host
    LiveReloadHandler.live_css = True
    LiveReloadHandler.watcher = _NoWatcher()
    handlers = [
        (r"/livereload", ReloadSocket),
        (r"/livereload\.js", ReloadScript),
        (r".*", SiteHandler, {"preview": preview}),
    ]
    return web.Application(handlers=handlers, transforms=[_Injector], debug=False)


def reload_path(changes: list[Change], rebuild: Rebuild) -> str:
    """What to tell browsers: a stylesheet path lets livereload swap CSS in place; '*' reloads."""
    if rebuild.ok and changes and all(c.path.endswith(".css") and c.kind != "deleted" for c in changes):
        return changes[0].path.rsplit("/", 1)[-1]
    return "*"


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "", "::") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


# --- running it -------------------------------------------------------------------------------------


def serve(options: ServeOptions, report: Callable[[Rebuild], None], ready: Callable[[str], None]) -> None:
    """Build, serve and rebuild until Ctrl-C (or SIGTERM); raise PortInUse / ServeError if it cannot listen."""
    preview = Preview(options.root, options.out, options.drafts)
    _quiet_logs()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    io_loop = IOLoop.current()
    server = httpserver.HTTPServer(application(preview, options.host, options.port))
    _listen(server, loop, options)
    asyncio.set_event_loop(None)

    def run_server() -> None:
        asyncio.set_event_loop(loop)
        loop.run_forever()

    stop = threading.Event()
    threads = [
        threading.Thread(target=watch, args=(options.root, preview.changed, stop), name="timelines-watch", daemon=True),
        threading.Thread(target=preview.renew_search, args=(stop,), name="timelines-search", daemon=True),
        threading.Thread(target=preview.render_early_pages, args=(stop,), name="timelines-early", daemon=True),
        threading.Thread(target=run_server, name="timelines-server", daemon=True),
    ]
    previous = signal.signal(signal.SIGTERM, _interrupt)
    switch = _short_switches()
    collector, thresholds = IdleCollector(), no_full_collections()  # serve's heap stays collectable
    try:
        threads[0].start()  # before the first build: a save during it is seen, and gives the next build
        threads[1].start()
        threads[2].start()
        report(preview.rebuild("first build"))
        threads[3].start()
        ready(url_of(options.host, options.port))
        collector.built()
        while True:  # whole rebuilds, one after another, each taking every change queued meanwhile
            changes = preview.next_changes(timeout=0.5)
            if changes:  # the early thread has their pages in hand, or soon will
                rebuild = preview.rebuild(describe(changes))
                report(rebuild)
                io_loop.add_callback(LiveReloadHandler.reload_waiters, reload_path(changes, rebuild))
                collector.built()
            else:
                collector.waited()
    except KeyboardInterrupt:
        pass
    finally:
        sys.setswitchinterval(switch)
        gc.set_threshold(*thresholds)
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        io_loop.add_callback(server.stop)
        loop.call_soon_threadsafe(loop.stop)
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=5)
        if not loop.is_running():
            loop.close()


def _quiet_logs() -> None:
    logging.getLogger("tornado.access").addHandler(logging.NullHandler())  # no line per request
    logging.getLogger("tornado.application").addHandler(logging.NullHandler())
    logging.getLogger("tornado.application").propagate = False
    logging.getLogger("livereload").propagate = False


def _listen(server: httpserver.HTTPServer, loop: asyncio.AbstractEventLoop, options: ServeOptions) -> None:
    try:
        server.listen(options.port, address=options.host)
    except OSError as exc:
        loop.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {options.port} on {options.host} is in use") from None
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None


def _short_switches() -> float:
    """The builder holds the interpreter lock for seconds at a time; a thread that waited on a
    file or a socket (the early pages, the server) waits up to the switch interval to get it back,
    on each such call: 0.5 ms instead of 5 keeps a saved page's 40 or so calls within its 100 ms.
    Returns the interval to restore."""
    switch = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    return switch


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the preview like Ctrl-C: cleanly, folder removed
