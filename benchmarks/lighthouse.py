"""Lighthouse (mobile profile) on the pages readers land on: home, a short topic, a year page of
200 entries and an entry. Prints a table; exits 1 when a score is under the target (95).

    npm install -g lighthouse@12        # 12.x runs on Node 18-20; 13.x wants Node 22
    python benchmarks/lighthouse.py     # uses Debian's /usr/bin/chromium (or $CHROME_PATH)

The example site gives home, the short topic and the entry; a synthetic topic of 600 entries over
three years (topic_page_limit 200) gives the year page. Both are built with the search index and
served over HTTP from this machine.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402

from generator.build import build_and_write  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGET = 95


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def year_site(root: Path) -> Path:
    """One topic of 600 entries, 200 a year, so that it is split into year pages."""
    synth.write_ours(root, 0, 1)
    (root / "content" / "site.yaml").write_text("title: Big topic\ntopic_page_limit: 200\n", encoding="utf-8")
    folder = root / "content" / "entries"
    folder.mkdir(parents=True, exist_ok=True)
    for n, item in enumerate(synth.entries(600, 1, seed=7)):
        year = 2022 + n // 200
        date = f"{year}-{1 + n % 200 // 17:02d}-{1 + n % 28:02d}"
        body = item["body"]
        text = f"---\ntitle: {item['title']}\ndate: {date}\ntopics: [topic-000]\nsource: {item['source']}\n---\n{body}"
        (folder / f"{item['slug']}.md").write_text(text, encoding="utf-8")
    return root


def lighthouse(url: str, chrome: str) -> dict[str, int]:
    flags = "--chrome-flags=--headless=new --no-sandbox --disable-gpu"
    command = [shutil.which("lighthouse") or "lighthouse", url, "--quiet", "--output=json", "--output-path=stdout",
               "--only-categories=" + ",".join(CATEGORIES), flags]  # fmt: skip
    run = subprocess.run(command, capture_output=True, text=True, timeout=300, env=dict(os.environ, CHROME_PATH=chrome))
    if run.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{run.stderr[-2000:]}")
    report = json.loads(run.stdout)
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()
    if not shutil.which("lighthouse"):
        raise SystemExit("lighthouse is not installed: npm install -g lighthouse@12")
    with tempfile.TemporaryDirectory() as work:
        served = Path(work) / "www"
        for name, source in (("example", ROOT), ("big", year_site(Path(work) / "big"))):
            result = build_and_write(source, served / name, base_url=None, use_cache=False)
            if result.failed():
                raise SystemExit(f"{name} did not build: {[str(p) for p in result.problems.errors]}")
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(served)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        pages = {
            "home": f"{origin}/example/",
            "short topic (3 entries)": f"{origin}/example/topics/north-korea-russia/",
            "year page (200 entries)": f"{origin}/big/topics/topic-000/2023/",
            "entry": f"{origin}/example/entries/2024-10-23-troops-confirmed/",
        }
        rows = [(name, lighthouse(url, args.chrome)) for name, url in pages.items()]
        server.shutdown()
    width = max(len(name) for name in pages)
    print(f"{'page':{width}}  " + "  ".join(f"{c:>14}" for c in CATEGORIES))
    for name, scores in rows:
        print(f"{name:{width}}  " + "  ".join(f"{scores[c]:>14}" for c in CATEGORIES))
    low = [(n, c, s[c]) for n, s in rows for c in CATEGORIES if s[c] < TARGET]
    print(f"\ntarget: every score >= {TARGET} (mobile profile); " + (f"{len(low)} under it" if low else "all met"))
    return 1 if low else 0


if __name__ == "__main__":
    raise SystemExit(main())
