"""Importing RSS, Atom and JSON Feed, from files and from a URL; feed HTML is sanitised."""

from __future__ import annotations

import http.server
import threading
import time
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


# --- issue 12: encodings, per-item lines, undated items, redirects, slow servers ------------------

RSS = """<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0"><channel><title>{title}</title><link>https://news.example.org/</link>
<item><title>{item}</title><link>https://news.example.org/a</link>
<pubDate>Wed, 23 Oct 2024 14:05:00 +0900</pubDate><description>{item}</description></item>
</channel></rss>
"""


@pytest.mark.parametrize(
    ("encoding", "codec", "title"),
    [
        ("iso-8859-1", "latin-1", "Défense et sécurité"),
        ("euc-kr", "euc-kr", "국방부 뉴스"),
        ("windows-1251", "cp1251", "Новости обороны"),
        ("gb2312", "gb2312", "国防新闻"),
        ("big5", "big5", "國防新聞"),
        ("utf-16", "utf-16-le", "Défense"),  # no byte-order mark: read from the NULs of `<?xm`
        ("utf-16", "utf-16-be", "국방부"),
        ("utf-32", "utf-32-le", "Défense"),
    ],
)
def test_feeds_in_any_encoding_feedparser_reads(cli, tmp_path, encoding, codec, title):
    root = new_site(tmp_path)
    feed = tmp_path / "feed.xml"
    feed.write_bytes(RSS.format(encoding=encoding, title=title, item=title + " 1").encode(codec))
    result = cli("import", feed, "--topic", "world", "--root", root, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "would write content/entries/2024/2024-10-23-" in result.stdout and title in result.stdout
    assert "\x00" not in result.stdout + result.stderr


def test_a_text_that_is_no_encoding_it_claims_names_its_line(cli, tmp_path):
    root = new_site(tmp_path)
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n<rss>\n<title>caf\xe9</title></rss>\n')
    result = cli("import", feed, "--topic", "world", "--root", root)
    assert result.returncode == 1 and f"{feed}:3: not UTF-8 text (byte 0xe9)" in result.stderr
    feed.write_bytes(b'<?xml version="1.0" encoding="klingon-8"?>\n<rss/>\n')
    result = cli("import", feed, "--topic", "world", "--root", root)
    assert result.returncode == 1 and "the encoding 'klingon-8' it declares is not one Python knows" in result.stderr


def test_item_errors_name_the_line_of_their_item(cli, tmp_path):
    root = new_site(tmp_path)
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n'
        "<item><title>Dated</title><pubDate>Wed, 23 Oct 2024 14:05:00 GMT</pubDate></item>\n"
        "<item>\n<title>First undated</title>\n</item>\n"
        "<item><title>Second undated</title></item>\n</channel></rss>\n"
    )
    result = cli("import", feed, "--topic", "world", "--root", root)
    assert result.returncode == 1
    assert f'{feed}:4: "First undated" has no date' in result.stderr
    assert f'{feed}:7: "Second undated" has no date' in result.stderr and "pass --year" in result.stderr
    json_feed = tmp_path / "feed.json"
    json_feed.write_text('{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [\n'
                         '  {"id": "1", "title": "A", "date_published": "2024-10-23T10:00:00Z"},\n'
                         '  {"id": "2",\n   "title": "B"}\n]}\n')  # fmt: skip
    result = cli("import", json_feed, "--topic", "world", "--root", root)
    assert result.returncode == 1 and f'{json_feed}:3: "B" has no date' in result.stderr


def test_an_undated_item_with_year_is_a_draft_to_check(cli, tmp_path):
    """Like clippings: `--year` dates it with that year only, as a draft that says to check it."""
    root = new_site(tmp_path)
    feed = tmp_path / "feed.xml"
    item = "<item><title>Undated</title><link>https://news.example.org/u</link></item>"
    feed.write_text(f'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>T</title>\n{item}\n</channel></rss>\n')
    result = cli("import", feed, "--topic", "world", "--root", root, "--year", "2024")
    assert result.returncode == 0, result.stderr
    text = written(root)
    assert "draft: true" in text and "date: 2024\n" in text and "# Check the date" in text


class _Tricky(http.server.BaseHTTPRequestHandler):
    """Servers that misbehave: slow, redirecting out of the web, naming a charset."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            try:
                for byte in RSS.encode():  # a byte every 0.2 s: each read is quick, the whole is not
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(0.2)
            except OSError:
                pass
            return
        if self.path in ("/to-ftp", "/to-file", "/to-feed"):
            target = {"/to-ftp": "ftp://files.example.org/feed.xml", "/to-file": "file:///etc/passwd",
                      "/to-feed": "/euc-kr"}[self.path]  # fmt: skip
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
            return
        body = RSS.replace(' encoding="{encoding}"', "").format(title="국방부", item="국방부 1").encode("euc-kr")
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=euc-kr")  # the only place it is said
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def tricky_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Tricky)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_url_is_read_within_one_deadline_however_slowly_it_comes(tricky_server):
    from generator.importers.source import SourceError, read_source

    started = time.monotonic()
    with pytest.raises(SourceError, match="no complete answer within 2 seconds"):
        read_source(f"{tricky_server}/slow", timeout=2)
    assert time.monotonic() - started < 4


def test_redirects_are_followed_only_to_web_addresses(cli, tmp_path, tricky_server):
    root = new_site(tmp_path)
    for path, target in (("/to-ftp", "ftp://files.example.org/feed.xml"), ("/to-file", "file:///etc/passwd")):
        result = cli("import", f"{tricky_server}{path}", "--topic", "world", "--root", root)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"the server redirects to {target}, which is not an http(s) address" in result.stderr
    result = cli("import", f"{tricky_server}/to-feed", "--topic", "world", "--root", root, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "2024-10-23-국방부-1.md" in result.stdout  # the charset the server named decides
