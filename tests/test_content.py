"""Parsing one entry file: fields, defaults, validation, line numbers. No disk needed."""

from __future__ import annotations

import pytest

from generator.site.urls import relink
from generator.source.config import Settings
from generator.source.dates import Precision
from generator.source.entries import parse_entry_file
from generator.source.markup import Markup
from generator.source.parse import parse_topic_file

SETTINGS = Settings()


def parse(text: str, path: str = "content/entries/a-story.md", settings: Settings = SETTINGS):
    result = parse_entry_file(path, text, settings, Markup())
    return result.items, result.problems


def md(fields: str, body: str = "") -> str:
    return f"---\n{fields.strip()}\n---\n{body}"


BASE = "title: A story\ndate: 2024-10-23\ntopics: [korea]\n"


def test_minimal_entry_and_its_defaults():
    [entry], problems = parse(md(BASE + "url: https://www.example.com/news/1"))
    assert not problems.items
    assert entry.slug == "a-story"
    assert entry.title == "A story"
    assert entry.date.precision is Precision.DAY
    assert entry.topics == ("korea",)
    assert entry.source == "example.com"
    assert entry.key is False and entry.draft is False
    assert entry.line == 1


def test_text_fields_are_the_text_as_written():
    [entry], _ = parse(md("title: no\ndate: 1958\ntopics: korea\nsource: 'true'"))
    assert entry.title == "no"
    assert entry.source == "true"
    assert entry.date.year == 1958 and entry.date.precision is Precision.YEAR


def test_summary_defaults_to_first_paragraph_cut_at_a_word():
    long = " ".join(["word"] * 100)
    [entry], _ = parse(md(BASE, f"{long}\n\nSecond paragraph."))
    assert entry.summary.endswith("…")
    assert len(entry.summary) <= 280
    assert entry.summary[:-1].split() == ["word"] * len(entry.summary[:-1].split())
    [short], _ = parse(md(BASE, "Short *first* paragraph.\n\nSecond."))
    assert short.summary == "Short first paragraph."


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        ("Troops moved &mdash; quickly.", "Troops moved — quickly."),  # an entity
        ("A <abbr title='x'>DMZ</abbr> <b>report</b>.", "A DMZ report."),  # inline HTML
        ("Five \\* stars and a \\[bracket\\].", "Five * stars and a [bracket]."),  # backslash escapes
        ("Run `a < b && c`, then stop.", "Run a < b && c, then stop."),  # code, with < and &
        ("Said &lt;b&gt; is bold &amp; &#169; 2024.", "Said <b> is bold & © 2024."),
    ],
)
def test_a_default_summary_is_the_text_a_reader_sees(body: str, summary: str) -> None:
    """Issue 12 D1: Python-Markdown's placeholders (\\x02wzxhzdk:0\\x03, \\x0242\\x03) and raw
    entities leaked into summaries, feeds, meta tags, JSON-LD and timeline.json."""
    [entry], _ = parse(md(BASE, f"{body}\n\nSecond paragraph."))
    assert entry.summary == summary
    assert "\x02" not in entry.summary and "\x03" not in entry.summary


def test_unknown_fields_are_kept_and_near_misses_warned():
    [entry], problems = parse(md(BASE + "summery: typo\nreporter: Kim\ncount: 3"))
    assert entry.extra == {"summery": "typo", "reporter": "Kim", "count": 3}
    [warning] = problems.warnings
    assert warning.line == 5 and "did you mean 'summary'" in warning.message


@pytest.mark.parametrize(
    "fields, line, fragment",
    [
        ("date: 2024\ntopics: [korea]", 1, "no title"),
        ("title: T\ntopics: [korea]", 1, "no date"),
        ("title: T\ndate: 2024", 1, "no topics"),
        ("title: T\ndate: 2024\ntopics: []", 4, "no topics"),
        ("title: T\ndate: the other day\ntopics: [korea]", 3, "the other day"),
        ("title: T\ndate: 2024-10-23\nend: 2024-10-01\ntopics: [korea]", 4, "before the date"),
        ("title: T\ndate: 2024\ntopics: [korea]\nurl: javascript:alert(1)", 5, "http"),
        ("title: T\ndate: 2024\ntopics: [korea]\nkey: yes", 5, "true or false"),
        ("title: T\ndate: 2024\ntopics: [korea]\nimage: a.png", 5, "image_alt"),
        ("title: [a, b]\ndate: 2024\ntopics: [korea]", 2, "must be text"),
        ("title: ~\ndate: 2024\ntopics: [korea]", 2, "no title"),
    ],
)
def test_invalid_fields_name_their_line(fields, line, fragment):
    items, problems = parse(md(fields))
    assert items == []
    assert any(p.line == line and fragment in p.message for p in problems.errors), problems.errors


def test_yaml_list_file_slugs_from_date_and_title():
    text = (
        "- title: Sputnik 1 launched\n  date: 1957-10-04\n  topics: space\n  body: |\n    Beep.\n"
        "- title: Explorer 1\n  date: 1958\n  topics: space\n  slug: explorer\n"
    )
    entries, problems = parse(text, "content/entries/space.yaml")
    assert not problems.errors
    assert [e.slug for e in entries] == ["1957-10-04-sputnik-1-launched", "explorer"]
    assert entries[0].body_html.strip() == "<p>Beep.</p>"
    assert entries[1].line == 6


def test_yaml_list_with_a_non_mapping_item():
    _, problems = parse("- title: A\n  date: 2024\n  topics: t\n- just text\n", "content/entries/x.yaml")
    [error] = problems.errors
    assert error.line == 4 and "item 2" in error.message


def test_yaml_single_mapping_uses_the_file_name():
    [entry], _ = parse("title: A\ndate: 2024\ntopics: t\n", "content/entries/My Story.yaml")
    assert entry.slug == "my-story"


def test_internal_links_are_collected_with_lines():
    [entry], _ = parse(md(BASE, "Intro.\n\nSee [this](entry:other) and [that](tag:War Crimes).\n"))
    assert [(link.kind, link.target, link.line) for link in entry.links] == [
        ("entry", "other", 8), ("tag", "War Crimes", 8),
    ]  # fmt: skip
    # the link is resolved where the body is shown: from an entry's page, two folders down
    assert 'href="../../tags/war-crimes/"' in relink(entry.body_html, "entries/a-story/")


def test_topic_requires_a_title():
    result = parse_topic_file("content/topics/x.yaml", "description: no title here\n", SETTINGS, Markup())
    [error] = result.problems.errors
    assert error.line == 1 and "no title" in error.message


def test_topic_as_markdown_with_description_body():
    text = "---\ntitle: Space race\norder: newest-first\n---\nFrom *Sputnik* to Apollo.\n"
    [topic] = parse_topic_file("content/topics/space-race.md", text, SETTINGS, Markup()).items
    assert topic.slug == "space-race" and topic.order == "newest-first"
    assert "<em>Sputnik</em>" in topic.description_html


def test_topic_unknown_key_is_a_warning():
    result = parse_topic_file("content/topics/x.yaml", "title: X\ncolour: red\n", SETTINGS, Markup())
    [warning] = result.problems.warnings
    assert warning.line == 2 and "colour" in warning.message
