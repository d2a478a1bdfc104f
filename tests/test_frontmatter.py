"""Front matter between --- lines; line numbers count the opening ---."""

from __future__ import annotations

import pytest

from generator.source.frontmatter import FrontMatterError, split


def test_fields_and_body_with_file_lines():
    doc = split("---\ntitle: T\ndate: 2024\n---\nBody line\n")
    assert doc.fields == {"title": "T", "date": "2024"}
    assert doc.fields.line_of("title") == 2
    assert doc.fields.line_of("date") == 3
    assert doc.body == "Body line\n"
    assert doc.body_line == 5


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("", 1, "empty"),
        ("title: x\n", 1, "must start with a line '---'"),
        ("---\ntitle: x\n", 1, "not closed"),
        ("---\n- a\n- b\n---\n", 2, "is a list"),
        ("---\njust text\n---\n", 2, "single value"),
        ("---\ntitle: x\ndate: [unclosed\n---\n", 3, "invalid YAML"),
        ("---\n---\nbody\n", 1, "empty"),
    ],
)
def test_bad_front_matter(text, line, fragment):
    with pytest.raises(FrontMatterError) as info:
        split(text)
    assert info.value.line == line
    assert fragment in info.value.message
