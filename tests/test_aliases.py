"""An entry's `aliases` (SPEC 4): old slugs keep working as small pages that redirect to the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from publish_kit import BASE, Head, built, entry, write_site

from generator.build import build


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "root", {
        "content/topics/bridge.yaml": "title: The Bridge\n",
        "content/entries/reopened.md": entry("Bridge reopens", "2024-11-02",
                                             aliases="[bridge-opens, Bridge Opens Again, reopened]"),
        "content/entries/other.md": entry("Other", "2024-11-03", body="Old link: [here](entry:bridge-opens)."),
    })  # fmt: skip


def test_each_alias_gets_a_redirect_page_to_the_entry(site: Path) -> None:
    pages = built(site).pages
    for alias in ("bridge-opens", "bridge-opens-again"):  # aliases are slugified like slugs
        html = pages[f"entries/{alias}/index.html"].decode()
        page = Head(html)
        refresh = [m["content"] for m in page.metas if m.get("http-equiv") == "refresh"]
        assert refresh == ["0; url=../../entries/reopened/"], alias
        assert [link["href"] for link in page.rel("canonical")] == ["../../entries/reopened/"]
        assert [a["href"] for a in page.anchors] == ["../../entries/reopened/"]  # a plain link too
        assert "Bridge reopens" in html
        assert page.meta("robots") == ["noindex"]
    assert b"<h1>Bridge reopens</h1>" in pages["entries/reopened/index.html"]  # its own slug is not an alias page


def test_with_a_base_url_the_canonical_link_is_absolute(site: Path) -> None:
    page = Head(built(site, BASE).pages["entries/bridge-opens/index.html"].decode())
    assert [link["href"] for link in page.rel("canonical")] == [BASE + "entries/reopened/"]
    assert [m["content"] for m in page.metas if m.get("http-equiv") == "refresh"] == ["0; url=../../entries/reopened/"]


def test_an_internal_link_to_an_alias_reaches_the_redirect_page(site: Path) -> None:
    pages = built(site).pages
    assert b'href="../../entries/bridge-opens/"' in pages["entries/other/index.html"]
    assert "entries/bridge-opens/index.html" in pages


def test_an_alias_that_is_a_live_slug_is_an_error_naming_both_files(site: Path) -> None:
    (site / "content/entries/opens.md").write_text(entry("Opens", "2024-11-04"), encoding="utf-8")
    (site / "content/entries/reopened.md").write_text(
        entry("Bridge reopens", "2024-11-02", aliases="[opens]"), encoding="utf-8"
    )
    result = build(site)
    errors = [p for p in result.problems.items if not p.warning and "page name" in p.message]
    assert len(errors) == 1 and result.failed()
    message = f"{errors[0].path}: {errors[0].message}"
    assert "content/entries/opens.md" in message and "content/entries/reopened.md" in message
    assert "'opens'" in message


def test_two_entries_claiming_one_alias_is_an_error(site: Path) -> None:
    (site / "content/entries/other.md").write_text(
        entry("Other", "2024-11-03", aliases="[bridge-opens]"), encoding="utf-8"
    )
    errors = [p for p in build(site).problems.items if not p.warning]
    assert len(errors) == 1 and "bridge-opens" in errors[0].message
    assert {errors[0].path, errors[0].message.split("this one and ")[1].split(":")[0]} == {
        "content/entries/reopened.md",
        "content/entries/other.md",
    }


def test_the_cli_reports_an_alias_collision_with_exit_status_1(site: Path, cli) -> None:
    (site / "content/entries/opens.md").write_text(entry("Opens", "2024-11-04"), encoding="utf-8")
    (site / "content/entries/reopened.md").write_text(
        entry("Bridge reopens", "2024-11-02", aliases="[opens]"), encoding="utf-8"
    )
    result = cli("build", "--root", site, "--out", site.parent / "out")
    assert result.returncode == 1
    assert "content/entries/" in result.stderr and "opens.md" in result.stderr and "reopened.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site.parent / "out").exists()
