"""The Markdown converter's fast path for plain text gives exactly Python-Markdown's output."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.source.markup import INLINE_PATTERNS, _QuickInline, converter

ROOT = Path(__file__).resolve().parent.parent

# Words, Markdown marks and the characters near them, lines and blank lines, raw HTML and entities
PIECES = st.sampled_from(
    [
        "word",
        "Seoul",
        "  ",
        " ",
        "\n",
        "\n\n",
        "*",
        "**",
        "_",
        "__",
        "`",
        "``",
        "\\",
        "[",
        "]",
        "(",
        ")",
        "!",
        "<",
        ">",
        "&",
        ";",
        "#",
        ":",
        "^",
        "{",
        "}",
        "-",
        "1.",
        "> ",
        "- ",
        "|",
        "---",
        "&amp;",
        "&#91;",
        "<b>",
        "</b>",
        "<div>",
        "</div>",
        "[^1]",
        "[^1]: note",
        "[a]: http://x.example",
        "<http://x.example>",
        "\x02",
        "é",
        "—",
        "    ",
        "~~~",
        "```",
        "{: .c}",
        "  \n",
        "<!-- c -->",
        "https://x.example/a_b",
    ]  # fmt: skip
)


def _both(text: str) -> tuple[str, str]:
    quick, plain = converter(quick=True), converter(quick=False)
    return quick.convert(text), plain.convert(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
def test_the_fast_path_changes_nothing(text):
    quick, plain = _both(text)
    assert quick == plain


def test_the_fast_path_is_taken_and_matches_on_every_markdown_file_of_the_project():
    assert isinstance(converter().treeprocessors["inline"], _QuickInline)
    files = [p for p in ROOT.glob("**/*.md") if ".git" not in p.parts and p.stat().st_size < 100_000]
    assert len(files) > 20
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            plain = converter(quick=False).convert(text)
        except RecursionError:  # a hostile fixture nested too deep: the fast path fails alike
            plain = "RecursionError"
        try:
            quick = converter(quick=True).convert(text)
        except RecursionError:
            quick = "RecursionError"
        assert quick == plain, path


def test_an_unknown_inline_pattern_turns_the_fast_path_off(monkeypatch):
    """A Markdown release (or extension) with a pattern we have not checked is tried on every text."""
    monkeypatch.setattr("generator.source.markup.INLINE_PATTERNS", INLINE_PATTERNS - {"entity"})
    assert not isinstance(converter().treeprocessors["inline"], _QuickInline)
