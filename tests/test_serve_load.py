"""The preview server under load while files change (SPEC 6 serve; SECURITY.md).

`python -m generator serve` on a copy of the example site gets 200 requests at a time for five
seconds, loopback only, while another thread keeps editing an entry and sometimes breaking it.
Every answer must be a whole page (200, or 404 for a page that does not exist), traversal
attempts are refused, no connection fails, and the server's memory stays bounded.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import REPO

CONCURRENCY = 200
SECONDS = 5.0
TRAVERSALS = [
    "/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/assets/..%2f..%2f..%2fetc%2fpasswd", "//etc/passwd",
    "/%2F%2Fetc/passwd", "/entries/..%5c..%5cetc%5cpasswd", "/.%2e/.%2e/content/site.yaml",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)  # the path exactly as written
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture
def server(tmp_path: Path):
    """The serve command on a copy of the example site, on a free loopback port."""
    root = tmp_path / "site-folder"
    shutil.copytree(REPO / "content", root / "content")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--root", str(root), "--port", str(port)],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 90
    while True:
        try:
            if get(port, "/", timeout=5)[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        assert time.monotonic() < deadline, "serve did not answer within 90 s"
        time.sleep(0.2)
    try:
        yield root, port, process
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        log.close()


def site_paths(port: int) -> list[str]:
    """Pages reachable from the home page and one topic page, plus feeds and assets."""
    status, home = get(port, "/")
    assert status == 200
    paths = {"/", "/feed.xml", "/feed.json", "/assets/style.css", "/assets/timeline.js", "/search/"}
    topics = sorted(set(re.findall(r'href="(topics/[^"#]+/)"', home.decode())))
    paths.update("/" + t for t in topics)
    for topic in topics[:1]:
        page = get(port, "/" + topic)[1].decode()
        paths.update(
            "/" + re.sub(r"^(\.\./)+", "", h) for h in re.findall(r'href="(\.\./\.\./(?:entries|tags)/[^"#]+/)"', page)
        )
    return sorted(paths)


def changer(root: Path, stop: threading.Event, edits: list[str]) -> None:
    """Keep editing one entry: a new title twice a second, and every third time a broken date."""
    entry = sorted((root / "content/entries").rglob("*.md"))[0]
    original = entry.read_text(encoding="utf-8")
    n = 0
    while not stop.is_set():
        n += 1
        if n % 3 == 0:
            entry.write_text(original.replace("date:", "date: not a date #", 1), encoding="utf-8")
            edits.append("broken")
        else:
            entry.write_text(
                re.sub(r"^title: .*$", f"title: Edited {n}", original, count=1, flags=re.M), encoding="utf-8"
            )
            edits.append("edited")
        stop.wait(0.5)
    entry.write_text(original, encoding="utf-8")


@pytest.mark.slow
def test_serve_answers_200_requests_at_a_time_while_files_change(server) -> None:
    root, port, process = server
    paths = site_paths(port)
    assert len(paths) > 10, paths
    stop = threading.Event()
    edits: list[str] = []
    memory: list[float] = [rss_mb(process.pid)]
    results: list[tuple[str, int, bytes]] = []
    failures: list[str] = []
    lock = threading.Lock()
    ends = time.monotonic() + SECONDS

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < ends:
            path = rng.choice(paths + ["/no-such-page/", *TRAVERSALS[:1]])
            try:
                status, body = get(port, path)
            except OSError as exc:
                with lock:
                    failures.append(f"{path}: {exc!r}")
                continue
            with lock:
                results.append((path, status, body if path.endswith("/") or status != 200 else b""))

    def sample() -> None:
        while not stop.wait(0.5):
            memory.append(rss_mb(process.pid))

    threads = [threading.Thread(target=changer, args=(root, stop, edits)), threading.Thread(target=sample)]
    for thread in threads:
        thread.start()
    try:
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            list(pool.map(client, range(CONCURRENCY)))
    finally:
        stop.set()
        for thread in threads:
            thread.join()

    assert process.poll() is None, "the server died under load"
    assert not failures, f"{len(failures)} requests failed, e.g. {failures[:5]}"
    assert len(results) > 1000, f"only {len(results)} answers in {SECONDS} s"
    assert "broken" in edits and "edited" in edits
    for path, status, body in results:
        if path in TRAVERSALS:
            assert status in (403, 404), (path, status)
            assert b"root:" not in body
            continue
        expected = 404 if path == "/no-such-page/" else 200
        assert status == expected, (path, status, body[:200])
        if path.endswith("/"):  # an HTML page: one whole page, never half of one
            text = body.rstrip()
            assert text.endswith(b"</html>") and text.count(b"</html>") == 1, (path, text[-200:])
    # the server rebuilt under load: edited titles and the error overlay of broken builds were served
    assert any(b"Edited " in body for _, _, body in results), "no edit was ever served"
    assert any(b"timelines-build-errors" in body for _, _, body in results), "no broken build was shown"
    assert max(memory) < 500, f"RSS peaked at {max(memory):.0f} MB"
    settled = memory[len(memory) // 3 :]
    assert settled[-1] < settled[0] * 1.5 + 50, f"RSS kept growing: {[round(m) for m in memory]}"


def test_traversal_attempts_are_refused_and_the_server_lives_on(server) -> None:
    root, port, process = server
    for path in TRAVERSALS:
        status, body = get(port, path)
        assert status in (403, 404), (path, status)
        assert b"root:" not in body and b"title:" not in body, path
    (root.parent / "secret.txt").write_text("secret\n", encoding="utf-8")
    assert get(port, "/../secret.txt")[0] in (403, 404)
    assert get(port, "/")[0] == 200
    assert process.poll() is None
