"""The Markdown converter's fast paths for plain text give exactly Python-Markdown's output."""

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.source.markup import BLOCK_TRIGGERS, INLINE_PATTERNS, _QuickInline, converter

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
        "## ",
        "***",
        "___",
        "* * *",
        "\n[^1]: ",
    ]  # fmt: skip
)


# One block of each kind the block fast path skips where its trigger is missing
EVERY_BLOCK = """# Title

Text ## not a header, [a] and a note[^1].

---

> A quote

[a]: http://x.example

[^1]: The note.

```
code
```

~~~
more
~~~

***

___
"""


def _both(text: str) -> tuple[str, str]:
    quick, plain = converter(quick=True), converter(quick=False)
    return quick.convert(text), plain.convert(text)


@example("![a](b) and [c](d) *e* `f`")
@example("![a][b]\n\n[b]: http://x.example *c*")
@example("a\\*b* [^1] <b>c</b> &amp;  \nd")
@example(EVERY_BLOCK)
@example("See [the report][r], [it] and [this] [r].\n\n[r]: http://x.example\n[it]: http://y.example")  # references
@example("Text\n# Head\nmore > less\n- - -\n[a]: http://x.example\n[^1]: note\n")  # inside a paragraph
@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, max_size=60).map("".join))
def test_the_fast_path_changes_nothing(text):
    """Texts that skip every pattern, and texts of which each pattern is tried only where it can
    match (what it needs is in them): the output is upstream's."""
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


def test_a_pattern_is_not_tried_on_a_text_that_lacks_what_it_needs():
    md = converter()
    tried: list[str] = []
    for name in ("link", "backtick", "em_strong", "entity"):
        pattern = md.inlinePatterns[name]
        compiled = pattern.getCompiledRegExp()
        pattern.getCompiledRegExp = lambda name=name, compiled=compiled: tried.append(name) or compiled
    assert md.convert("A *word* and another.") == "<p>A <em>word</em> and another.</p>"
    assert tried == ["em_strong"]  # no '[', backtick or '&' in the text: those are not tried
    tried.clear()
    md.convert("See [the report](https://x.example) & more.")
    assert sorted(set(tried)) == ["entity", "link"]


class _Spy:
    """A block processor's regular expression that notes each search it makes."""

    def __init__(self, name: str, compiled, searched: list[str]) -> None:
        self.name, self.compiled, self.searched = name, compiled, searched

    def __getattr__(self, attribute: str):
        self.searched.append(self.name)
        return getattr(self.compiled, attribute)


def test_a_block_processor_is_not_tried_on_a_block_that_lacks_what_it_needs():
    md = converter()
    searched: list[str] = []
    for name in BLOCK_TRIGGERS:
        processor = md.parser.blockprocessors[name]
        attribute = "SEARCH_RE" if name == "hr" else "RE"
        setattr(processor, attribute, _Spy(name, getattr(processor, attribute), searched))
    fenced = md.preprocessors["fenced_code_block"]
    fenced.FENCED_BLOCK_RE = _Spy("fenced", fenced.FENCED_BLOCK_RE, searched)
    assert md.convert("Plain words.\n\nMore words, and more.") == "<p>Plain words.</p>\n<p>More words, and more.</p>"
    assert searched == []
    assert md.reset().convert("# Head\n\n> Said") == "<h1>Head</h1>\n<blockquote>\n<p>Said</p>\n</blockquote>"
    assert set(searched) == {"hashheader", "quote"}
    searched.clear()
    md.reset().convert("A - B\n\n~~~\ncode\n~~~")
    assert set(searched) == {"hr", "fenced"}


def test_an_unknown_inline_pattern_turns_the_fast_path_off(monkeypatch):
    """A Markdown release (or extension) with a pattern we have not checked is tried on every text."""
    monkeypatch.setattr("generator.source.markup.INLINE_PATTERNS", INLINE_PATTERNS - {"entity"})
    assert not isinstance(converter().treeprocessors["inline"], _QuickInline)


# Pieces of rendered HTML: paragraphs, inline and block tags (some unbalanced or self-closed),
# void elements, entities, comments, attributes holding '<', '>' or '</p>', and stray marks
HTML_PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<em>", "</em>", "<EM>", "</strong>", "<strong>", '<a href="x?a=1&amp;b=2">', "</a>",
        "<a title='</p>'>", '<span class="c">', "<span/>", "<span />", "</span >", "<br>", "<br/>", '<img alt="x">',
        "<div>", "</div>", "<h1>", "</h1>", "<!-- c -->", "<script>", "</script>", "<code>", "</code>",
        "text", " ", "\n", "a > b", "<", ">", "&amp;", "&lt;", "&gt;", "&am", "p;", "&#8212;", "&", "é",
    ]
)  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(HTML_PIECES, max_size=24), st.booleans())
@example(["a", "</em>", "b", "<em>", "c", "</p>"], True)  # an end tag with no start ends the paragraph
@example(["<em>", "a", "</p>", "b", "</em>", "c"], True)  # an open element carries it past </p>
@example(["a", "<span />", "b", "</span >", "c", "</p>"], True)  # a self-closed tag opens nothing
def test_a_simple_first_paragraph_is_read_as_the_parser_reads_it(pieces: list[str], opened: bool) -> None:
    """first_paragraph skips the HTML parser for a paragraph of text and inline elements; what
    it reads is what the parser reads, and anything it is unsure of goes to the parser."""
    from generator.source import markup

    html = ("<p>" if opened else "") + "".join(pieces)
    parser = markup._FirstParagraph()
    for line in markup._VOID.sub(" ", html).splitlines(keepends=True):
        parser.feed(line)
        if parser.done:
            break
    expected = " ".join("".join(parser.parts).split())
    simple = markup._simple_first_paragraph(html)
    assert simple is None or simple == expected
    assert markup.first_paragraph(html) == expected


def test_a_plain_opening_paragraph_takes_the_quick_way() -> None:
    from generator.source import markup

    html = '<p>Troops <em>crossed</em> the <a href="https://x.org/?a=1&amp;b">border</a> &amp; left.</p>\n<p>More</p>'
    assert markup._simple_first_paragraph(html) == "Troops crossed the border & left."
