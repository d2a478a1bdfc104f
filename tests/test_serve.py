"""`python -m generator serve`: the live preview, tested as a real process on a free port.

Every wait polls with a deadline; every server process is stopped in a fixture's teardown.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.preview.server import OVERLAY_ID, Preview, Rebuild, locate, overlay_html, reload_path
from generator.preview.watch import Change, describe, lasting_changes

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 20.0
REBUILD_LINE = re.compile(r"^\[\d\d:\d\d:\d\d\] (?P<cause>.+?): (?:\d+ pages? written|build failed)")
ENTRY = "content/entries/2024/2024-10-23-troops-confirmed.md"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition: Callable[[], object], what: str, timeout: float = TIMEOUT) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class ServeProcess:
    """`python -m generator serve` in a subprocess, its output collected line by line."""

    def __init__(self, root: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
        environment = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1", PYTHONPATH=path)
        environment.update(env or {})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", str(self.port), *args],
            cwd=REPO, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        )  # fmt: skip
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr)):
            threading.Thread(target=self._collect, args=(stream, lines), daemon=True).start()

    @staticmethod
    def _collect(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def wait_ready(self) -> None:
        wait_for(lambda: any(self.url in ln for ln in self.stdout) or self.process.poll() is not None, "the URL line")
        assert self.process.poll() is None, self.output()

    def rebuilds(self) -> list[str]:
        return [m["cause"] for line in list(self.stdout) if (m := REBUILD_LINE.match(line))]

    def get(self, path: str) -> tuple[int, str]:
        """A raw request: the path goes out exactly as given (urllib would normalise it)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def output(self) -> str:
        return "\n".join(["--- stdout", *self.stdout, "--- stderr", *self.stderr])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    return root


@pytest.fixture
def start() -> Iterator[Callable[..., ServeProcess]]:
    started: list[ServeProcess] = []

    def launch(root: Path, *args: str, env: dict[str, str] | None = None, ready: bool = True) -> ServeProcess:
        server = ServeProcess(root, *args, env=env)
        started.append(server)
        if ready:
            server.wait_ready()
        return server

    yield launch
    for server in started:
        server.stop()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the server, end to end -----------------------------------------------------------------------


def test_serves_the_home_page_with_the_reload_script(site: Path, start):
    server = start(site)
    status, body = server.get("/")
    assert status == 200
    assert "Korea Timelines" in body
    assert "livereload.js" in body
    assert server.get("/livereload.js")[0] == 200
    assert server.rebuilds() == ["first build"]
    assert not (site / "site").exists()  # never the published folder


def test_an_edit_changes_the_page(site: Path, start):
    server = start(site)
    edit(site / ENTRY, "title: North Korean troops have been sent to Russia, U.S. confirms", "title: Edited headline")
    wait_for(lambda: "Edited headline" in server.get("/entries/2024-10-23-troops-confirmed/")[1], "the edited page")
    wait_for(lambda: f"{ENTRY} changed" in server.rebuilds(), "the rebuild line")


def test_errors_show_in_every_page_until_fixed(site: Path, start):
    server = start(site)
    good = (site / ENTRY).read_text(encoding="utf-8")
    edit(site / ENTRY, "date: 2024-10-23", "date: 2024-13-45 <b>bold</b>")

    def overlay() -> str | None:
        body = server.get("/")[1]
        return body if OVERLAY_ID in body else None

    body = wait_for(overlay, "the error overlay")
    assert f"{ENTRY}:3:" in body
    assert "2024-13-45 &lt;b&gt;bold&lt;/b&gt;" in body and "<b>bold</b>" not in body  # escaped
    assert server.process.poll() is None  # still serving
    for path in ("/topics/north-korea-russia/", "/entries/2024-10-21-south-korea-could-follow/", "/no-such-page/"):
        assert OVERLAY_ID in server.get(path)[1], path
    assert any(f"{ENTRY}:3:" in line for line in server.stderr)
    wait_for(lambda: any("build failed" in line for line in server.stdout), "the failure line")

    (site / ENTRY).write_text(good, encoding="utf-8")
    wait_for(lambda: OVERLAY_ID not in server.get("/")[1], "the overlay to go")
    status, body = server.get("/entries/2024-10-23-troops-confirmed/")
    assert status == 200 and "North Korean troops have been sent to Russia" in body


def test_a_fifo_in_content_is_an_error_and_rebuilding_goes_on(site: Path, start):
    """Issue 12 H1: a FIFO in content/ froze rebuilding for good while stale pages were served."""
    server = start(site)
    fifo = site / "content/entries/2024/pipe.md"
    os.mkfifo(fifo)
    body = wait_for(lambda: (b := server.get("/")[1]) and OVERLAY_ID in b and b, "the error overlay")
    assert "content/entries/2024/pipe.md:1: this is a named pipe (FIFO), not a file" in body
    fifo.unlink()
    edit(site / ENTRY, "North Korean troops have been sent", "Troops were sent")
    wait_for(lambda: "Troops were sent" in server.get("/entries/2024-10-23-troops-confirmed/")[1], "the next rebuild")
    assert OVERLAY_ID not in server.get("/")[1] and server.process.poll() is None


def test_a_site_broken_from_the_start_shows_its_errors_then_recovers(site: Path, start):
    topic = site / "content/topics/north-korea-russia.yaml"
    good = topic.read_text(encoding="utf-8")
    topic.write_text("description: no title\n", encoding="utf-8")
    server = start(site)
    status, body = server.get("/")
    assert status == 500 and OVERLAY_ID in body and "content/topics/north-korea-russia.yaml:1:" in body
    topic.write_text(good, encoding="utf-8")
    wait_for(lambda: server.get("/")[0] == 200, "the first good build")
    assert OVERLAY_ID not in server.get("/")[1]


@pytest.mark.parametrize(
    "path",
    [
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/assets/../../../../etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/..\\..\\..\\etc\\passwd",
    ],
)
def test_paths_out_of_the_site_are_refused(site: Path, start, path: str):
    server = start(site)
    status, body = server.get(path)
    assert status in (403, 404)
    assert "root:" not in body


def test_symlinks_out_of_the_site_are_refused(site: Path, start, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret\n", encoding="utf-8")
    out = tmp_path / "preview"
    server = start(site, "--out", str(out))
    assert (out / "index.html").is_file()
    (out / "leak.txt").symlink_to(secret)
    (out / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    for path in ("/leak.txt", "/leakdir/secret.txt"):
        status, body = server.get(path)
        assert status == 403 and "the secret" not in body


def test_the_reload_script_is_only_in_served_pages(site: Path, start, tmp_path: Path, cli):
    built = cli("build", "--root", site, "--out", tmp_path / "built")
    assert built.returncode == 0, built.stderr
    for path in (tmp_path / "built").rglob("*"):
        if path.is_file():
            assert b"livereload" not in path.read_bytes(), path
    server = start(site, "--out", str(tmp_path / "preview"))
    assert "livereload.js" in server.get("/")[1]
    for path in (tmp_path / "preview").rglob("*"):
        if path.is_file():
            assert b"livereload" not in path.read_bytes(), path


def test_a_burst_of_writes_gives_one_rebuild(site: Path, start):
    server = start(site)
    folder = site / "content/entries/2024"  # an existing folder: events in a brand-new one may come before its watch
    for number in range(20):
        (folder / f"burst-{number:02d}.md").write_text(
            f"---\ntitle: Burst entry {number}\ndate: 2024-11-{number + 1:02d}\ntopics: [north-korea-russia]\n---\n",
            encoding="utf-8",
        )
    wait_for(lambda: len(server.rebuilds()) >= 2, "the rebuild")
    wait_for(lambda: "Burst entry 19" in server.get("/topics/north-korea-russia/")[1], "the new entries")
    time.sleep(1.5)  # a second rebuild, if there were one, would come well within this
    rebuilds = server.rebuilds()
    assert len(rebuilds) == 2, server.output()
    assert rebuilds[1] == "content/entries/2024/burst-00.md and 19 more files changed"


def test_ctrl_c_stops_cleanly_and_removes_the_preview_folder(site: Path, start, tmp_path: Path):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    server = start(site, env={"TMPDIR": str(scratch)})
    assert list(scratch.iterdir())  # the preview folder
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=TIMEOUT) == 0
    assert list(scratch.iterdir()) == []
    assert not any("Traceback" in line for line in server.stderr), server.output()


def test_a_port_in_use_is_a_clear_error(site: Path, start):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = start(site, "--port", str(port), ready=False)
        assert server.process.wait(timeout=TIMEOUT) == 2
    wait_for(lambda: server.stderr, "the message")
    message = "\n".join(server.stderr)
    assert f"port {port}" in message and "--port" in message
    assert "Traceback" not in message


def test_listening_on_every_address_warns(site: Path, start):
    server = start(site, "--host", "0.0.0.0")
    assert any("reachable from the network" in line for line in server.stderr)
    assert server.get("/")[0] == 200


def test_serve_help_and_a_wrong_port(site: Path, cli):
    shown = cli("serve", "--help")
    assert shown.returncode == 0
    for option in ("--root", "--host", "--port", "--drafts", "--open", "--out"):
        assert option in shown.stdout
    wrong = cli("serve", "--root", site, "--port", "70000")
    assert wrong.returncode == 2 and "--port 70000" in wrong.stderr


def test_the_default_host_does_not_warn(site: Path, start):
    server = start(site)
    assert not any("reachable from the network" in line for line in server.stderr)


def test_open_opens_the_browser(site: Path, start, tmp_path: Path):
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\necho "$1" > "{record}"\n', encoding="utf-8")
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    server = start(site, "--open", env={"BROWSER": str(browser)})
    wait_for(record.exists, "the browser to be opened")
    wait_for(lambda: record.read_text(encoding="utf-8").strip(), "the URL to be written")
    assert record.read_text(encoding="utf-8").strip() == server.url


# --- the parts, in process --------------------------------------------------------------------------


def test_locate(tmp_path: Path):
    site = tmp_path / "site"
    (site / "entries/x").mkdir(parents=True)
    (site / "entries/x/index.html").write_text("x", encoding="utf-8")
    (site / "style.css").write_text("", encoding="utf-8")
    (tmp_path / "outside.txt").write_text("no", encoding="utf-8")
    (site / "out.txt").symlink_to(tmp_path / "outside.txt")
    assert locate(site, "/entries/x/").file == (site / "entries/x/index.html").resolve()
    assert locate(site, "/entries/x").status == 301 and locate(site, "/entries/x").location == "/entries/x/"
    assert locate(site, "/style.css").status == 200
    assert locate(site, "/missing").status == 404
    for path in ("/../outside.txt", "/%2e%2e/outside.txt", "//etc/passwd", "/out.txt", "/a/./b", "/x%00y"):
        assert locate(site, path).status == 403, path


def test_overlay_escapes_the_messages():
    box = overlay_html(['content/x.md:3: cannot read "<script>alert(1)</script>"'])
    assert "<script>" not in box and "&lt;script&gt;" in box and "1 error" in box


def test_a_failed_build_keeps_the_last_good_site(site: Path, tmp_path: Path):
    preview = Preview(site, tmp_path / "out")
    first = preview.rebuild("first build")
    assert first.ok and first.pages > 0 and first.changed == first.pages
    page = (tmp_path / "out/index.html").read_bytes()
    edit(site / ENTRY, "date: 2024-10-23", "date: nonsense")
    failed = preview.rebuild(f"{ENTRY} changed")
    assert not failed.ok and preview.errors and preview.has_site
    assert (tmp_path / "out/index.html").read_bytes() == page
    assert OVERLAY_ID.encode() in preview.decorate(page)
    edit(site / ENTRY, "date: nonsense", "date: 2024-10-23")
    again = preview.rebuild(f"{ENTRY} changed")
    assert again.ok and again.changed == 0 and preview.decorate(page) == page


def test_changes_are_described_and_passing_files_dropped(tmp_path: Path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content/a.md").write_text("", encoding="utf-8")
    from watchfiles import Change as Kind

    batch = {
        (Kind.added, str(tmp_path / "content/sedX1y2")),
        (Kind.deleted, str(tmp_path / "content/sedX1y2")),
        (Kind.modified, str(tmp_path / "content/a.md")),
    }
    changes = lasting_changes(tmp_path, batch)
    assert changes == [Change("modified", "content/a.md")]
    assert describe(changes) == "content/a.md changed"
    assert describe([Change("added", "content/b.md"), Change("modified", "content/a.md")]) == (
        "content/a.md and 1 more file changed"
    )
    assert describe([Change("deleted", "content/b.md")]) == "content/b.md deleted"


def test_a_stylesheet_change_reloads_only_the_stylesheet():
    from generator.errors import Problems

    ok = Rebuild("x", Problems())
    assert reload_path([Change("modified", "templates/assets/style.css")], ok) == "style.css"
    assert reload_path([Change("modified", "content/x.md")], ok) == "*"
    broken = Problems()
    broken.error("templates/assets/style.css", 1, "x")
    assert reload_path([Change("modified", "templates/assets/style.css")], Rebuild("x", broken)) == "*"


def test_an_edited_entry_page_is_ready_before_the_rest_of_the_rebuild(site: Path, tmp_path: Path, monkeypatch):
    """serve renders the pages of edited entries first and serves them while the rest is built:
    they are exactly the pages the whole rebuild writes."""
    from generator.preview import session as serve

    preview = Preview(site, tmp_path / "out")
    assert preview.rebuild("first build").ok
    page = "entries/2024-10-23-troops-confirmed/index.html"
    seen_during_rebuild: list[bytes | None] = []
    real = serve.build_and_write

    def whole_rebuild(*args, **kwargs):
        seen_during_rebuild.append(preview.early_page(page))
        return real(*args, **kwargs)

    monkeypatch.setattr(serve, "build_and_write", whole_rebuild)
    edit(site / ENTRY, "North Korean troops", "Zyzzogeton troops")
    assert preview.rebuild(f"{ENTRY} changed", [Change("modified", ENTRY)]).ok
    [early] = seen_during_rebuild
    assert early is not None and b"Zyzzogeton troops" in early
    assert early == (tmp_path / "out" / page).read_bytes()
    assert preview.early_page(page) is None  # once written, the folder is served again


def test_a_save_during_a_long_rebuild_is_shown_at_once(site: Path, tmp_path: Path, monkeypatch):
    """At 40,000 entries a rebuild takes 15 s: the page of an entry saved meanwhile is made on the
    early thread from the last good model, not after the builder is free; then written as usual."""
    from generator.preview import session as serve

    preview = Preview(site, tmp_path / "out")
    assert preview.rebuild("first build").ok
    page = "entries/2024-10-23-troops-confirmed/index.html"
    stop, building, release = threading.Event(), threading.Event(), threading.Event()
    real = serve.build_and_write

    def long_rebuild(*args, **kwargs):
        building.set()
        assert release.wait(TIMEOUT)
        return real(*args, **kwargs)

    monkeypatch.setattr(serve, "build_and_write", long_rebuild)
    early = threading.Thread(target=preview.render_early_pages, args=(stop,), daemon=True)
    early.start()
    done: list[Rebuild] = []
    try:
        edit(site / ENTRY, "North Korean troops", "Zyzzogeton troops")
        preview.changed([Change("modified", ENTRY)])
        builder = threading.Thread(target=lambda: done.append(preview.rebuild("first save", preview.next_changes(0))))
        builder.start()
        assert building.wait(TIMEOUT)
        wait_for(lambda: b"Zyzzogeton" in (preview.early_page(page) or b""), "the first save's early page")
        edit(site / ENTRY, "Zyzzogeton troops", "Quux troops")  # while the builder is busy
        preview.changed([Change("modified", ENTRY)])
        wait_for(lambda: b"Quux troops" in (preview.early_page(page) or b""), "the second save's early page")
        assert not release.is_set() and builder.is_alive()
        release.set()
        builder.join(TIMEOUT)
        assert done[0].ok
        assert b"Quux troops" in preview.early_page(page)  # the folder holds the first save only
        assert preview.rebuild("second save", preview.next_changes(0)).ok
        assert preview.early_page(page) is None
        assert b"Quux troops" in (tmp_path / "out" / page).read_bytes()
    finally:
        release.set()
        stop.set()
        early.join(TIMEOUT)


def _early_then_written(preview: Preview, site: Path, out: Path, monkeypatch, page: str) -> bytes:
    """Rebuild after an edit of ENTRY; the early page seen during the rebuild, checked against
    the page the whole rebuild wrote."""
    from generator.preview import session as serve

    seen: list[bytes | None] = []
    real = serve.build_and_write
    monkeypatch.setattr(
        serve, "build_and_write", lambda *a, **k: (seen.append(preview.early_page(page)), real(*a, **k))[1]
    )
    assert preview.rebuild(f"{ENTRY} changed", [Change("modified", ENTRY)]).ok
    monkeypatch.setattr(serve, "build_and_write", real)
    [early] = seen
    assert early is not None
    assert early == (out / page).read_bytes()
    return early


def test_an_entry_saved_in_its_place_keeps_the_last_order_and_one_that_moves_is_ordered_again(
    site: Path, tmp_path: Path, monkeypatch
):
    """Ordering every entry again takes a second at 40,000 entries: only an entry whose date,
    slug, topics, tags or draft state changed needs it. Either way the early page is the page
    the whole rebuild writes (its neighbours too)."""
    from generator.preview import early

    preview = Preview(site, tmp_path / "out")
    assert preview.rebuild("first build").ok
    page = "entries/2024-10-23-troops-confirmed/index.html"
    ordered: list[int] = []
    real = early.build_timelines
    monkeypatch.setattr(early, "build_timelines", lambda s: (ordered.append(1), real(s))[1])
    edit(site / ENTRY, "North Korean troops", "Zyzzogeton troops")
    assert b"Zyzzogeton" in _early_then_written(preview, site, tmp_path / "out", monkeypatch, page)
    assert ordered == []  # the title changed, not the place
    edit(site / ENTRY, "date: 2024-10-23", "date: 2024-01-29")  # now before another entry of its topic
    moved = _early_then_written(preview, site, tmp_path / "out", monkeypatch, page)
    assert ordered == [1]
    assert b"29 January 2024" in moved


def test_an_early_page_uses_the_words_as_changed_since(site: Path, tmp_path: Path, monkeypatch):
    preview = Preview(site, tmp_path / "out")
    assert preview.rebuild("first build").ok
    page = "entries/2024-10-23-troops-confirmed/index.html"
    edit(site / ENTRY, "North Korean troops", "Zyzzogeton troops")
    _early_then_written(preview, site, tmp_path / "out", monkeypatch, page)  # words kept from here
    words = site / "content" / "i18n" / "en.yaml"
    words.parent.mkdir(exist_ok=True)
    words.write_text('"Key moment": "Turning point"\n', encoding="utf-8")
    assert preview.rebuild("content/i18n/en.yaml changed", [Change("added", "content/i18n/en.yaml")]).ok
    edit(site / ENTRY, "Zyzzogeton troops", "Quux troops")
    assert b"Turning point" in _early_then_written(preview, site, tmp_path / "out", monkeypatch, page)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("date: 2024-10-23", "date: nonsense"),  # an error: only the whole build reports it
        ("topics: [", "topics: [no-such-topic, "),  # an unknown topic
        ("title:", "slug: a-new-slug\ntitle:"),  # the page moves
    ],
)
def test_no_early_page_when_the_edit_reaches_further(site: Path, tmp_path: Path, monkeypatch, old: str, new: str):
    from generator.preview import session as serve

    preview = Preview(site, tmp_path / "out")
    assert preview.rebuild("first build").ok
    seen: list[dict] = []
    real = serve.build_and_write
    monkeypatch.setattr(serve, "build_and_write", lambda *a, **k: (seen.append(dict(preview._early)), real(*a, **k))[1])
    edit(site / ENTRY, old, new)
    preview.rebuild(f"{ENTRY} changed", [Change("modified", ENTRY)])
    assert seen == [{}]


# --- who may ask, and odd requests (issue 12: S6, C6) ----------------------------------------------


def raw_request(port: int, request: bytes) -> tuple[bytes, socket.socket]:
    """Send bytes as they are; the response head, and the open socket."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(request)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return head, sock


def upgrade(port: int, origin: str, host: str | None = None) -> tuple[bytes, socket.socket]:
    return raw_request(port, (
        f"GET /livereload HTTP/1.1\r\nHost: {host or f'127.0.0.1:{port}'}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n\r\n").encode())  # fmt: skip


def frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One masked client frame (RFC 6455 5.2)."""
    mask = b"\x01\x02\x03\x04"
    size = len(payload)
    length = bytes([0x80 | size]) if size < 126 else bytes([0x80 | 126]) + size.to_bytes(2, "big")
    return bytes([0x80 | opcode]) + length + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def test_a_request_for_another_host_is_refused(site: Path, start):
    """DNS rebinding: a page of evil.example whose name now points here must not read the preview."""
    server = start(site, "--drafts")
    for host in ("evil.example", f"evil.example:{server.port}", "127.0.0.1.evil.example"):
        head, sock = raw_request(server.port, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        sock.close()
        assert head.startswith(b"HTTP/1.1 421"), head
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}"):
        head, sock = raw_request(server.port, f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        sock.close()
        assert head.startswith(b"HTTP/1.1 200"), head
    head, sock = upgrade(server.port, f"http://127.0.0.1:{server.port}", host="evil.example")
    sock.close()
    assert head.startswith(b"HTTP/1.1 421"), head


def test_the_reload_socket_refuses_other_origins_and_survives_junk(site: Path, start):
    server = start(site)
    for origin in ("http://evil.example", f"http://evil.example:{server.port}", "null"):
        head, sock = upgrade(server.port, origin)
        sock.close()
        assert head.startswith(b"HTTP/1.1 403"), (origin, head)
    head, sock = upgrade(server.port, f"http://127.0.0.1:{server.port}")
    assert head.startswith(b"HTTP/1.1 101"), head
    junk = [b"\xff\xfe not text", b"not json", b"[1, 2]", b'{"command": 5}', b'{"command": "hello", "url": {}}',
            b'{"command": "info", "plugins": ' + b"[" * 5000 + b"]" * 5000 + b"}"]  # fmt: skip
    for payload in junk:
        sock.sendall(frame(payload, opcode=0x2 if payload.startswith(b"\xff") else 0x1))
    sock.sendall(frame(b"", opcode=0x8))  # close
    sock.close()
    assert server.get("/")[0] == 200
    assert server.process.poll() is None and "Traceback" not in server.output()


def test_a_path_segment_longer_than_a_file_name_is_not_found(site: Path, start):
    server = start(site)
    for path in ("/" + "a" * 300, "/entries/" + "%C3%A9" * 150 + "/", "/" + "b" * 300 + "/index.html"):
        status, _ = server.get(path)
        assert status == 404, path
    assert server.get("/")[0] == 200
    assert "Traceback" not in server.output()
