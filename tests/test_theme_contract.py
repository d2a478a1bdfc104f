"""SPEC 9, the theme contract: a custom theme that uses every promised name builds, and shows
what each name holds (tests/fixtures/themes/contract/ is such a theme)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from conftest import FIXTURES

from generator.build import build

THEME = FIXTURES / "themes" / "contract" / "templates"
EVERY_FIELD = """\
---
title: Every field <i>here</i>
date: 2024-10-21
end: 2024-10-25
topics: [harbour-bridge, city-council]
source: The Contract Gazette
url: https://example.org/every-field
summary: A summary of every field.
tags: [contract, repairs]
key: true
image: images/map.svg
image_alt: The map again
draft: true
updated: 2024-11-05
aliases: [old-every-field]
slug: every-field
photographer: Ann Example
---
The body with [a link](entry:bridge-reopens).
"""


def contract_site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(FIXTURES / "valid-site", root)
    shutil.copytree(THEME, root / "templates")
    (root / "content/entries/2024/every-field.md").write_text(EVERY_FIELD, encoding="utf-8")
    topic = root / "content/topics/harbour-bridge.yaml"
    topic.write_text(topic.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    page = root / "content/pages/about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("title:", "mood: calm\ntitle:", 1), encoding="utf-8")
    return root


def text(result, path: str) -> str:
    return html.unescape(result.pages[path].decode("utf-8"))


def test_a_custom_theme_gets_every_name_the_contract_promises(tmp_path: Path) -> None:
    result = build(contract_site(tmp_path), drafts=True)
    assert not result.failed(), [str(p) for p in result.problems.errors]
    entry = text(result, "entries/every-field/index.html")
    for shown in (
        "<dt>slug</dt><dd>every-field</dd>",
        "<dt>title</dt><dd>Every field <i>here</i></dd>",  # escaped in the page, read back here
        "<dt>date</dt><dd>21 October 2024 2024-10-21</dd>",
        "<dt>end</dt><dd>25 October 2024</dd>",
        "<dt>when</dt><dd>21–25 October 2024</dd>",
        "<dt>source</dt><dd>The Contract Gazette</dd>",
        "<dt>url</dt><dd>https://example.org/every-field</dd>",
        "<dt>summary</dt><dd>A summary of every field.</dd>",
        "<dt>key</dt><dd>True</dd>",
        "<dt>image</dt><dd>images/map.svg The map again</dd>",
        "<dt>draft</dt><dd>True</dd>",
        "<dt>updated</dt><dd>5 November 2024</dd>",
        "<dt>aliases</dt><dd>old-every-field</dd>",
        "<dt>extra</dt><dd>photographer=Ann Example </dd>",
    ):
        assert shown in entry, shown
    assert '<a href="../../entries/bridge-reopens/">a link</a>' in entry  # body_html through `html`
    assert '<a href="../../tags/contract/">contract</a>' in entry  # tag_url
    assert '<a href="../../topics/city-council/">city-council</a>' in entry  # topic_url
    assert 'rel="prev" href="../../entries/' in entry and 'data-topic="city-council"' in entry  # in_topics
    assert '<strong class="brand">FIXTURE TIMELINES</strong>' in entry  # an imported macro module
    assert 'href="../../about/">About</a>' in entry  # nav_pages, page_url
    assert 'href="../../assets/style.css"' in entry  # asset_url
    assert "Tram Line Extension</a>: <p>A plan that has no stories yet.</p>" in entry  # every topic
    assert "Europe/London" in entry and "Fixture Timelines" in entry  # site
    topic = text(result, "topics/harbour-bridge/index.html")
    assert 'data-slug="harbour-bridge"' in topic and "colour=blue" in topic and "city-council" in topic
    assert "oldest-first" in topic and '<li id="every-field">' in topic  # timeline
    tag = text(result, "tags/contract/index.html")
    assert 'data-slug="contract"' in tag and ">contract</h1>" in tag and 'id="every-field"' in tag
    page = text(result, "about/index.html")
    assert 'data-slug="about"' in page and "What this fixture site is." in page and "mood=calm" in page
    home = text(result, "index.html")
    assert "The Harbour Bridge (" in home and '<ol class="latest"><li id=' in home  # timelines, latest


def test_the_readme_lists_every_name_each_default_template_uses() -> None:
    """SPEC 9: the README's Themes section lists, per template, every name the default theme uses."""
    import re

    import theme_names

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Themes", 1)[1].split("\n## ", 1)[0]
    rows = {m[1]: set(re.findall(r"`([^`]+)`", m[2])) for m in re.finditer(r"^\| `([^`]+)` \|(.*)\|$", section, re.M)}
    env = theme_names.environment()
    for template in theme_names.templates():
        assert template in rows, f"README's Themes table has no row for {template}"
        missing = theme_names.names_of(env, template) - rows[template]
        assert not missing, f"{template} uses {sorted(missing)}, which README's Themes table does not list"
