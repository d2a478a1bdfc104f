"""The preview server: build, serve, watch, rebuild, reload open browsers, show errors in them.

The only module that opens sockets or imports livereload (so either can be swapped). livereload
gives the reload protocol, its browser script and the script injection into HTML responses;
this module serves the files itself so only the built site is reachable, adds the error
overlay, and rebuilds in a background thread when the watcher (watch.py) reports a burst of
changes. Builds go to a folder of their own and are swapped in whole (writer.write_site), so a
request never sees a half-written site. Nothing here prints: the caller gets each build's
`Rebuild` and decides what to show.
"""

from __future__ import annotations

import asyncio
import errno
import html
import logging
import mimetypes
import signal
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from urllib.parse import unquote

from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.ioloop import IOLoop

from generator.build import OutputState, build_and_write, edited_entry_pages
from generator.errors import BuildError, Problems
from generator.output.search import renew_index
from generator.preview.watch import Change, describe, watch
from generator.source.load import SourceMemo
from generator.source.model import Site

OVERLAY_ID = "timelines-build-errors"
FORBIDDEN = b"403 forbidden: only files of the built site are served\n"
NOT_FOUND = b"<!doctype html><html><head><title>Not found</title></head><body><h1>Not found</h1></body></html>"
TEXT_TYPES = ("application/json", "application/xml", "application/atom+xml", "application/javascript", "image/svg+xml")


class PortInUse(Exception):
    """The port is taken by another program."""


class ServeError(Exception):
    """The server cannot start (a host that cannot be bound, no permission)."""


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    out: Path  # where the preview site is written; never the published site/ unless asked
    host: str = "127.0.0.1"
    port: int = 8000
    drafts: bool = False


@dataclass(frozen=True)
class Rebuild:
    """What one build did, for the terminal."""

    cause: str  # "first build", "content/entries/x.md changed"
    problems: Problems
    pages: int = 0  # HTML pages written
    changed: int = 0  # of which differ from the previous build
    ms: int = 0
    notices: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems.failed()


# --- the state the builder thread and the request handlers share ------------------------------


@dataclass
class Preview:
    """The preview folder and the errors of the last build (empty when it succeeded)."""

    root: Path
    out: Path
    drafts: bool = False
    errors: tuple[str, ...] = ()
    has_site: bool = False
    language: str = "en"
    search_wanted: threading.Event = field(default_factory=threading.Event)
    _search_pending: dict[str, list[str]] = field(default_factory=dict)  # bundles to index again
    _site: Site | None = None  # the model of the last good build
    _state: OutputState = field(default_factory=OutputState)  # what the last build wrote, in memory
    _sources: SourceMemo = field(default_factory=SourceMemo)  # parsed files, by path and stat
    _lock: threading.Lock = field(default_factory=threading.Lock)  # one whole build at a time
    # Changes, numbered by batch: those no build has started on, and those since the last good build
    _changes: threading.Condition = field(default_factory=threading.Condition)
    _batch: int = 0
    _queued: list[Change] = field(default_factory=list)
    _since_good: list[tuple[int, Change]] = field(default_factory=list)
    _early: dict[str, tuple[int, bytes]] = field(default_factory=dict)  # path -> (batch, page)

    def changed(self, changes: list[Change]) -> None:
        """A batch of changes from the watcher: the pages of edited entries are rendered now, from
        the last good build's model, and served until the whole rebuild (queued) has written them."""
        with self._changes:
            self._batch += 1
            self._since_good += [(self._batch, change) for change in changes]
            batch, site, pending = self._batch, self._site, [change for _, change in self._since_good]
        edited = {c.path for c in pending}
        pages: dict[str, bytes] = {}
        reaches_further = any(c.kind != "modified" or not c.path.startswith("content/entries/") for c in pending)
        if site is not None and not self.errors and not reaches_further:
            try:
                pages = edited_entry_pages(self.root, site, edited, self.drafts)
            except Exception:  # never in the way of the whole build, which reports any problem
                pages = {}
        with self._changes:
            if batch == self._batch:  # a newer batch renders its own
                self._early = {path: (batch, page) for path, page in pages.items()}
            self._queued += changes  # only now: the whole rebuild would slow the pages above down
            self._changes.notify_all()

    def next_changes(self, timeout: float) -> list[Change]:
        """The changes queued since the last call (the builder thread waits here); [] on timeout."""
        with self._changes:
            if not self._queued:
                self._changes.wait(timeout)
            taken, self._queued = self._queued, []
            return taken

    def rebuild(self, cause: str, changes: list[Change] | None = None) -> Rebuild:
        """Build in memory; swap the new site in only when it has no errors. One build at a time."""
        if changes:
            self.changed(changes)
            self.next_changes(0)
        with self._lock:
            with self._changes:
                covered = self._batch  # every batch so far is on disk when this build is done
            started = time.perf_counter()
            problems = Problems()
            pages = changed = 0
            notices: tuple[str, ...] = ()
            try:
                # incremental: unchanged files are not parsed again, unchanged pages not rendered
                # the first build is complete with its search index; later ones are served at once and
                # the index follows in the background (renew_search)
                result = build_and_write(self.root, self.out, drafts=self.drafts, state=self._state,
                                         sources=self._sources, search=not self.has_site)  # fmt: skip
                problems, notices = result.problems, tuple(result.notices)
                if not result.failed():
                    pages = result.page_count
                    changed = result.rendered_count
                    if self.has_site and result.search_pending:
                        self.language = result.settings.language
                        self._search_pending.update(result.search_pending)
                        self.search_wanted.set()
                    self.has_site = True
                    with self._changes:
                        self._site = result.site
                        self._since_good = [(n, c) for n, c in self._since_good if n > covered]
            except BuildError as exc:
                problems.error("(preview folder)", 1, str(exc))
            except Exception as exc:  # a bug in the generator must not stop the preview
                where = traceback.extract_tb(exc.__traceback__)[-1]
                place = f"{Path(where.filename).name}:{where.lineno}"
                message = f"internal error, please report it: {type(exc).__name__}: {exc} ({place})"
                problems.error("(generator)", 1, message)
            self.errors = tuple(str(p) for p in problems.sorted() if not p.warning)
            with self._changes:  # the folder now holds these batches (or the errors say why not)
                self._early = {path: item for path, item in self._early.items() if item[0] > covered}
            ms = round((time.perf_counter() - started) * 1000)
            return Rebuild(cause, problems, pages, changed, ms, notices)

    def early_page(self, relpath: str) -> bytes | None:
        item = self._early.get(relpath)
        return item[1] if item else None

    def renew_search(self, stop: threading.Event) -> None:
        """Background thread: index the live preview again after rebuilds that changed entries."""
        while not stop.is_set():
            if not self.search_wanted.wait(timeout=0.5):
                continue
            self.search_wanted.clear()
            with self._lock:
                bundles, self._search_pending = self._search_pending, {}
            try:  # the switch waits for any build in progress: never into a half-swapped site
                renew_index(self.out, bundles, language=self.language, switch=self._lock)
            except (BuildError, OSError):
                with self._lock:  # the previous index stays; the next rebuild tries again
                    self._search_pending = bundles | self._search_pending

    def decorate(self, page: bytes) -> bytes:
        """An HTML page as served: with the error overlay while the last build has errors."""
        errors = self.errors
        if not errors:
            return page
        overlay = overlay_html(errors).encode("utf-8")
        at = page.rfind(b"</body>")
        return page[:at] + overlay + page[at:] if at >= 0 else page + overlay


def overlay_html(errors: tuple[str, ...] | list[str]) -> str:
    """The box listing `path:line: message` errors over every page (escaped: they quote content)."""
    count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
    items = "".join(f"<li>{html.escape(error)}</li>" for error in errors)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:2147483647;'
        "max-height:80vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#fff;"
        'font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;border-bottom:4px solid #e5484d;text-align:left">'
        f'<p style="margin:0 0 .5rem;font-weight:bold">The last build failed: {count}</p>'
        f'<ol style="margin:0 0 .5rem;padding-left:1.5rem">{items}</ol>'
        '<p style="margin:0">Fix them and save: this page reloads by itself. '
        "Below is the page as it was after the last good build.</p></div>"
    )


def error_page(errors: tuple[str, ...]) -> bytes:
    """What every address shows when no build has succeeded yet."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Build failed</title></head>'
        f"<body>{overlay_html(errors)}</body></html>"
    ).encode()


# --- which file a request may have ---------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    status: int  # 200, 301, 403 or 404
    file: Path | None = None
    location: str | None = None


def locate(site: Path, raw_path: str) -> Located:
    """The built file a URL path names; 403 for anything that would leave the site folder.

    `raw_path` is the path as sent (still percent-encoded): `..` in any spelling, absolute
    paths and symlinks resolving outside `site` are refused, never normalised away.
    """
    path = unquote(raw_path)
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        return Located(403)
    relative = path[1:]
    if relative.startswith("/"):
        return Located(403)  # `//etc/passwd`: an absolute path
    parts = relative.split("/")
    if any(part in (".", "..") for part in parts):
        return Located(403)
    base = site.resolve()
    target = base.joinpath(*[part for part in parts if part])
    if target.is_dir():
        if not path.endswith("/"):
            return Located(301, location=raw_path + "/")
        target = target / "index.html"
    try:
        real = target.resolve(strict=True)
    except (OSError, RuntimeError):
        return Located(404)
    if not real.is_relative_to(base):
        return Located(403)
    return Located(200, real) if real.is_file() else Located(404)


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in TEXT_TYPES:
        kind += "; charset=utf-8"
    return kind


def _read(path: Path) -> bytes | None:
    for _attempt in range(3):  # a swap without RENAME_EXCHANGE leaves a very short gap
        try:
            return path.read_bytes()
        except FileNotFoundError:
            time.sleep(0.02)
        except OSError:
            return None
    return None


class SiteHandler(web.RequestHandler):
    """Serves the preview folder; HTML responses get the overlay (and, from livereload, its script)."""

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
            self._send(500, "text/html; charset=utf-8", error_page(preview.errors or ("no site built yet",)), send_body)
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
            data = preview.early_page(found.file.relative_to(preview.out.resolve()).as_posix()) or _read(found.file)
        if data is None:
            page = _read(preview.out / "404.html") or NOT_FOUND
            self._send(404, "text/html; charset=utf-8", preview.decorate(page), send_body)
            return
        kind = content_type(found.file)
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


# --- livereload, kept here ------------------------------------------------------------------------


class _NoWatcher:
    """livereload's handlers read `watcher.filepath` when they reload; our watcher is watch.py."""

    filepath: str | None = None


class _LivereloadServer(Server):
    """livereload's Server with our file handler in place of its static one."""

    def __init__(self, preview: Preview) -> None:
        super().__init__(watcher=_NoWatcher())
        self.preview = preview

    def get_web_handlers(self, script: bytes) -> list:
        return [(r".*", SiteHandler, {"preview": self.preview})]


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


def serve(options: ServeOptions, report: Callable[[Rebuild], None], ready: Callable[[str], None]) -> None:
    """Build, serve and rebuild until Ctrl-C (or SIGTERM); raise PortInUse / ServeError if it cannot listen."""
    preview = Preview(options.root, options.out, options.drafts)
    logging.getLogger("tornado.access").addHandler(logging.NullHandler())  # no line per request
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    io_loop = IOLoop.current()
    try:
        _LivereloadServer(preview).application(options.port, options.host, debug=False, live_css=True)
    except OSError as exc:
        loop.close()
        if exc.errno == errno.EADDRINUSE:
            raise PortInUse(f"port {options.port} on {options.host} is in use") from None
        raise ServeError(f"cannot listen on {options.host}:{options.port}: {exc.strerror or exc}") from None

    def build_forever(stop: threading.Event) -> None:
        """Whole rebuilds, one after another, each taking every change queued while the last ran."""
        while not stop.is_set():
            changes = preview.next_changes(timeout=0.5)
            if changes:
                rebuild = preview.rebuild(describe(changes))
                report(rebuild)
                io_loop.add_callback(LiveReloadHandler.reload_waiters, reload_path(changes, rebuild))

    stop = threading.Event()
    watch_args = (options.root, preview.changed, stop)
    watcher = threading.Thread(target=watch, args=watch_args, name="timelines-watch", daemon=True)
    builder = threading.Thread(target=build_forever, args=(stop,), name="timelines-build", daemon=True)
    indexer = threading.Thread(target=preview.renew_search, args=(stop,), name="timelines-search", daemon=True)
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        watcher.start()  # before the first build: a save during it is seen, and gives the next build
        indexer.start()
        report(preview.rebuild("first build"))
        builder.start()
        ready(url_of(options.host, options.port))
        loop.run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        stop.set()
        for thread in (watcher, builder):
            if thread.is_alive():
                thread.join(timeout=5)
        loop.close()


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the preview like Ctrl-C: cleanly, folder removed
