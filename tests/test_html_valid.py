"""Every page of the built sites is valid HTML5: the Nu Html Checker (vnu.jar) reports no error.

vnu.jar comes from the npm package `vnu-jar` (.ci/run installs it when missing); Java runs it.
Set VNU_JAR to point at another copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, require_tool

JAR_IN_PACKAGE = Path("vnu-jar") / "build" / "dist" / "vnu.jar"


def find_vnu() -> Path | None:
    candidates = []
    if os.environ.get("VNU_JAR"):
        candidates.append(Path(os.environ["VNU_JAR"]))
    candidates.append(REPO / ".cache" / "tools" / "node_modules" / JAR_IN_PACKAGE)
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        if root:
            candidates.append(Path(root) / JAR_IN_PACKAGE)
    return next((c for c in candidates if c.is_file()), None)


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        require_tool("Java is missing: the Nu Html Checker needs it")
    jar = find_vnu()
    if jar is None:
        require_tool("vnu.jar is missing (npm install -g vnu-jar, or set VNU_JAR)")
    return [java, "-jar", str(jar), "--errors-only", "--format", "json"]


def check(vnu: list[str], files: list[Path]) -> list[str]:
    run = subprocess.run([*vnu, *map(str, files)], capture_output=True, text=True, timeout=600)
    report = json.loads(run.stderr or run.stdout or '{"messages": []}')
    return [
        f"{m.get('url', '?').rsplit('/', 3)[-3:]}:{m.get('lastLine', '?')}: {m.get('message')}"
        for m in report["messages"]
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


@pytest.mark.parametrize("sub", ["repo", "fixture"])
def test_every_page_is_valid_html(served, vnu, sub) -> None:
    folder = served.folder(sub)
    pages = sorted(p for p in folder.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 10
    assert check(vnu, pages) == []


def test_the_checker_does_report_errors(vnu, tmp_path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><title>x</title><p><div>nested</p></html>', encoding="utf-8")
    assert check(vnu, [bad]) != []
