"""Every page of the built sites is valid HTML5: the Nu Html Checker (vnu.jar) reports no error.

vnu.jar comes from the npm package `vnu-jar` (.ci/run installs it when missing); Java runs it.
Set VNU_JAR to point at another copy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, npm_file, require_tool


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        require_tool("Java is missing: the Nu Html Checker needs it")
    jar = npm_file("VNU_JAR", "vnu-jar/build/dist/vnu.jar", "npm install -g vnu-jar")
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


@pytest.fixture(scope="module")
def dates_site(tmp_path_factory) -> Path:
    """The site of every kind of date (BC, year 0, AD 12024, periods, qualifiers, spans, times)."""
    from generator.build import build_and_write

    out = tmp_path_factory.mktemp("dates") / "site"
    result = build_and_write(FIXTURES / "dates-site", out, use_cache=False, search=False)
    assert not result.failed(), [str(p) for p in result.problems.sorted()]
    return out


def test_every_date_is_valid_html_where_it_is_marked_up(vnu, dates_site) -> None:
    """SPEC 5: <time datetime> only where HTML's date syntax can say it; the Nu checker agrees."""
    pages = sorted(dates_site.rglob("*.html"))
    assert len(pages) > 30
    assert check(vnu, pages) == []
    topic = (dates_site / "topics/history/index.html").read_text(encoding="utf-8")
    assert '<span class="date">753 BC</span>' in topic and '<span class="date">1950s</span>' in topic
    assert '<time datetime="12024">AD 12024</time>' in topic


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(dates_site) -> None:
    try:
        import xmlschema
    except ImportError:
        require_tool("xmlschema is not installed (pip install xmlschema)")
    schema = xmlschema.XMLSchema(str(npm_file("SITEMAP_XSD", "sitemap/schema/sitemap.xsd", "npm install -g sitemap@9")))
    sitemap = dates_site / "sitemap.xml"
    schema.validate(str(sitemap))
    text = sitemap.read_text(encoding="utf-8")
    assert "<lastmod>2024-10-25T09:00:30+09:00</lastmod>" in text  # seconds written: a date and time
    assert "<lastmod>2024-10-23</lastmod>" in text  # a day, and a minute (no seconds): the date
    assert all(len(value) in (10, 20, 25) for value in re.findall(r"<lastmod>([^<]*)</lastmod>", text))
