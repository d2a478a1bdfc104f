"""Importing RSS, Atom and JSON Feed, from files and from a URL; feed HTML is sanitised."""

from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent / "data" / "import"


def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "site-folder"
    (root / "content").mkdir(parents=True)
    return root


def written(root: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted((root / "content" / "entries").rglob("*.md")))


def test_rss_html_is_sanitised_and_builds_without_scripts(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", DATA / "hostile.rss", "--topic", "world", "--root", root)
    assert result.returncode == 0, result.stderr
    text = written(root)
    for bad in ("<script", "onclick", "javascript:", "steal()", "onerror", "<iframe", "evil.example.com"):
        assert bad not in text
    # SPEC 4: an outside image is kept as a link to it, never loaded
    assert "[Picture](https://tracker.example.com/p.gif)" in text and "![" not in text
    assert "title: Troops cross the border" in text
    assert "date: 2024-10-23T14:05:00+09:00" in text and "date: 2024-11-01T09:00:00Z" in text
    assert "source: Example News" in text and "url: https://news.example.org/2024/10/troops" in text
    assert "[more](https://news.example.org/more)" in text and "**at dawn**" in text
    assert (root / "content" / "topics" / "world.yaml").read_text().startswith("title: Example News\n")
    build = cli("build", "--root", root, "--quiet")
    assert build.returncode == 0, build.stderr
    page = (root / "site" / "entries" / "2024-10-23-troops-cross-the-border" / "index.html").read_text()
    assert "evil()" in page and "<script>evil" not in page and "alert(" not in page  # shown as text only
    assert '<a href="https://tracker.example.com/p.gif">Picture</a>' in page and "<img" not in page


def test_atom_and_json_feed(cli, tmp_path):
    root = new_site(tmp_path)
    atom = cli("import", DATA / "feed.atom", "--topic", "world", "--root", root)
    assert atom.returncode == 0, atom.stderr
    json_feed = cli("import", DATA / "feed.json", "--topic", "world", "--root", root)
    assert json_feed.returncode == 0, json_feed.stderr
    text = written(root)
    assert "title: Ceasefire & talks" in text and "summary: A short summary." in text and "bad()" not in text
    assert "date: 2024-10-24T08:30:00+02:00" in text
    assert "title: First item" in text and "javascript" not in text and "z()" not in text and "Hello there" in text
    assert "no title; its title is made from its text" in json_feed.stderr and "title: An item without a title" in text
    assert (root / "content" / "topics" / "world.yaml").read_text().startswith("title: Atom Desk")


def test_second_import_skips_everything_and_writes_nothing(cli, tmp_path):
    root = new_site(tmp_path)
    assert cli("import", DATA / "hostile.rss", "--topic", "world", "--root", root).returncode == 0
    before = written(root)
    again = cli("import", DATA / "hostile.rss", "--topic", "world", "--root", root)
    assert again.returncode == 0
    assert 'skipped "Troops cross the border": same url as content/entries/2024/' in again.stdout
    assert "Imported 0 entries, skipped 2" in again.stdout
    assert written(root) == before


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def feed_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(DATA)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_feed_from_a_url(cli, tmp_path, feed_server):
    root = new_site(tmp_path)
    result = cli("import", f"{feed_server}/feed.atom", "--topic", "world", "--draft", "--root", root)
    assert result.returncode == 0, result.stderr
    assert "draft: true" in written(root) and "(draft)" in result.stdout
    missing = cli("import", f"{feed_server}/nothing.xml", "--topic", "world", "--root", root)
    assert missing.returncode == 1 and "the server answered 404" in missing.stderr


def test_unreachable_url_is_a_clear_error(cli, tmp_path):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = new_site(tmp_path)
    result = cli("import", f"http://127.0.0.1:{port}/feed.xml", "--topic", "world", "--root", root)
    assert result.returncode == 1 and "cannot reach it" in result.stderr and "Traceback" not in result.stderr
