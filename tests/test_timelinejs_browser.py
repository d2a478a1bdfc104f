"""The exported timeline.json, shown by TimelineJS3 itself (the npm package @knight-lab/timelinejs,
which .ci/run installs) in Chromium: every event becomes a slide, what an author wrote as text is
shown as text, and no hostile field runs script or opens a dialog on the embedder's page."""

from __future__ import annotations

import functools
import json
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import _QuietHandler, npm_file

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import timelinejs_round_trip  # noqa: E402

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>embed</title>
<link rel="stylesheet" href="/tl/css/timeline.css"><script src="/tl/js/timeline.js"></script></head>
<body><div id="embed" style="width:100%;height:600px"></div><script>
window.loaded = false;
window.tl = new TL.Timeline("embed", new URLSearchParams(location.search).get("src"), {});
window.tl.on("loaded", () => { window.loaded = true; });
</script></body></html>"""

HOSTILE = {
    "topics/t.yaml": "title: \"Hostile <img src=x onerror=alert('topic')>\"\n",
    "entries/a.md": (
        "---\ntitle: \"<img src=x onerror=alert('title')>\"\ndate: c. 2024\ntopics: [t]\n"
        "tags: ['&lt;img src=x onerror=alert(\"escaped group\")&gt;']\n"
        "source: \"<script>alert('source')</script>\"\n"
        "url: \"https://e.example/x?a='onmouseover='alert(7)\"\n"
        "image: \"https://e.example/a'onload='alert(1)'.pdf\"\n"  # TimelineJS builds an iframe by joining strings
        'image_alt: "\\"><img src=x onerror=alert(\'alt\')>"\n---\nBody <em>kept</em>.\n'
    ),
    "entries/b.md": (
        "---\ntitle: Second\ndate: 2024-03-01 10:00\nend: 2024-03-02 12:00\ntopics: [t]\n"
        "tags: [\"<img src=x onerror=alert('group')>\"]\nsummary: \"<img src=x onerror=alert('summary')>\"\n---\n"
    ),
    "entries/c.md": "---\ntitle: Third\ndate: 2023\ntopics: [t]\nimage: https://e.example/b.jpg\nimage_alt: pic\n---\n",
}

# What a page could do with a hostile field: an element with an event attribute, a script, an
# image or frame pointing at "x" (the probes' src), a javascript: URL. TimelineJS's own links
# carry onclick="void(0)".
INJECTED = """[...document.querySelectorAll('#embed *')].filter(e =>
    [...e.attributes].some(a => (a.name.startsWith('on') && a.value !== 'void(0)') || /^\\s*javascript:/i.test(a.value))
    || e.tagName === 'SCRIPT' || /\\/x$/.test(e.src || '')).map(e => e.outerHTML.slice(0, 200))"""


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory, cli) -> Iterator[tuple[str, Path]]:
    """An embedder's web server: TimelineJS3 from npm at /tl/, and a page that shows ?src=."""
    dist = npm_file("TIMELINEJS_DIST", "@knight-lab/timelinejs/dist", "npm install -g @knight-lab/timelinejs@3.9.10")
    if not (dist / "js" / "timeline.js").is_file():
        pytest.fail(f"{dist} has no js/timeline.js (3.9.11 on npm was published empty: install 3.9.10)")
    www = tmp_path_factory.mktemp("embedder")
    (www / "tl").symlink_to(dist)
    (www / "show.html").write_text(PAGE, encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(www)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", www
    finally:
        server.shutdown()
        server.server_close()


def show(browser, origin: str, src: str, visit_slides: bool = False) -> dict:
    """Load `src` into TimelineJS as an embedder would; outside requests are refused."""
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    seen: dict = {"dialogs": [], "errors": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(origin) else r.abort())
    try:
        page.goto(f"{origin}/show.html?src={src}")
        page.wait_for_function("window.loaded", timeout=20_000)
        count = page.evaluate("window.tl.config.events.length")
        if visit_slides:  # media are made when a slide is shown
            for index in range(1, count + 1):
                page.evaluate(f"window.tl.goTo({index})")
                if page.evaluate(f"!!window.tl.config.events[{index - 1}].media"):
                    page.wait_for_function(f"document.querySelectorAll('.tl-slide')[{index}]"
                                           ".querySelector('.tl-media-item')")  # fmt: skip
        text = "el => el.textContent"
        seen["events"] = count
        seen["slides"] = page.locator(".tl-slide").count()
        seen["headlines"] = page.locator(".tl-slide .tl-headline").evaluate_all(f"els => els.map({text})")
        seen["groups"] = page.locator(".tl-timegroup-message").evaluate_all(f"els => els.map({text})")
        seen["dates"] = page.locator(".tl-slide .tl-headline-date").evaluate_all(f"els => els.map({text})")
        seen["injected"] = page.evaluate(INJECTED)
        seen["frames"] = page.locator("#embed iframe").evaluate_all("els => els.map(e => e.getAttribute('src'))")
    finally:
        page.close()
    return seen


def test_hostile_fields_stay_text_inside_timelinejs(browser, embedder, cli, tmp_path) -> None:
    origin, www = embedder
    root = tmp_path / "site-folder"
    for name, text in HOSTILE.items():
        (root / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / name).write_text(text, encoding="utf-8")
    result = cli("build", "--root", root, "--quiet")
    assert result.returncode == 0, result.stderr
    (www / "hostile.json").write_bytes((root / "site" / "topics" / "t" / "timeline.json").read_bytes())
    seen = show(browser, origin, "hostile.json", visit_slides=True)
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["injected"] == []
    assert seen["slides"] == 4  # the title and three events
    assert "<img src=x onerror=alert('title')>" in seen["headlines"]
    assert "Hostile <img src=x onerror=alert('topic')>" in seen["headlines"]
    assert '&lt;img src=x onerror=alert("escaped group")&gt;' in seen["groups"]  # exactly as written
    assert "<img src=x onerror=alert('group')>" in seen["groups"]
    assert "1 March 2024, 10:00 UTC – 2 March 2024, 12:00 UTC" in seen["dates"] and "c. 2024" in seen["dates"]
    assert seen["frames"] == ["https://e.example/a%27onload=%27alert(1)%27.pdf"]  # the PDF, quotes encoded


@pytest.mark.parametrize("name", timelinejs_round_trip.SHOWABLE)
def test_round_tripped_examples_show_every_event(browser, embedder, tmp_path, name) -> None:
    origin, www = embedder
    original, exported, _ = timelinejs_round_trip.round_trip(name, tmp_path)
    (www / f"{name}.json").write_text(json.dumps(exported), encoding="utf-8")
    seen = show(browser, origin, f"{name}.json")
    assert seen["dialogs"] == [] and seen["errors"] == [] and seen["injected"] == []
    assert seen["events"] == len(original["events"]) and seen["slides"] == len(original["events"]) + 1
    shown = {timelinejs_round_trip.plain(h) for h in seen["headlines"]}
    for event in original["events"]:
        headline = timelinejs_round_trip.plain((event.get("text") or {}).get("headline"))
        assert not headline or headline in shown
