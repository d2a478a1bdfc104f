"""YAML is read with the 1.2 core schema: values are the text written, typed only on request."""

from __future__ import annotations

import pytest

from generator.source import yamlread


def test_plain_scalars_stay_the_text_that_was_written():
    data = yamlread.load("a: no\nb: 12:30\nc: 2024-10-23\nd: 2024\ne: -0043\nf: 2024.10\n")
    assert data == {"a": "no", "b": "12:30", "c": "2024-10-23", "d": "2024", "e": "-0043", "f": "2024.10"}


@pytest.mark.parametrize(
    "text, value",
    [
        ("true", True),
        ("False", False),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("~", None),
        ("null", None),
        ("", None),
        ("12", 12),
        ("0x1f", 31),
        ("0o17", 15),
        ("1.5", 1.5),
        ("12:30", "12:30"),
        ("2024-10-23", "2024-10-23"),
    ],
)
def test_core_schema_typing(text, value):
    assert yamlread.core_value(yamlread.load(f"v: {text}\n")["v"]) == value


def test_quoted_scalars_are_never_typed():
    assert yamlread.core_value(yamlread.load('v: "true"\n')["v"]) == "true"


def test_key_lines_count_from_first_line():
    data = yamlread.load("title: x\n\ndate: 2024\n", first_line=2)
    assert data.line == 2
    assert data.line_of("title") == 2
    assert data.line_of("date") == 4
    assert data.line_of("missing") == 2


def test_python_tags_are_refused_with_their_line():
    with pytest.raises(yamlread.YamlError) as info:
        yamlread.load("a: 1\nb: !!python/object/apply:os.system [ls]\n")
    assert info.value.line == 2
    assert "not allowed" in info.value.message


def test_tab_indentation_is_explained():
    with pytest.raises(yamlread.YamlError) as info:
        yamlread.load("a:\n\tb: 1\n", first_line=2)
    assert info.value.line == 3
    assert "tab" in info.value.message


def test_alias_bomb_is_refused_quickly():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join(f"*{prev}" for _ in range(9)) + "]")
    with pytest.raises(yamlread.YamlError) as info:
        yamlread.load("\n".join(lines))
    assert "10,000" in info.value.message


def test_duplicate_keys_are_an_error():
    with pytest.raises(yamlread.YamlError) as info:
        yamlread.load("title: a\ntitle: b\n")
    assert info.value.line == 2 and "twice" in info.value.message
