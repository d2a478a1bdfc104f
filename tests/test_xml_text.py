"""Feeds and sitemaps are written as text (site/xml_text.py): byte for byte what ElementTree
writes for the same tree, whatever the text and attributes hold."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from generator.site.xml_text import Element, document

# What the writers put in: XML 1.0's characters (feeds.py drops the others), markup's own
# characters and white space that attributes must escape.
TEXT = st.text(st.sampled_from(list("ab <>&\"'\r\n\t é—中")) | st.characters(min_codepoint=32, max_codepoint=0xD7FF))
NAMES = st.sampled_from(["feed", "entry", "link", "xml:lang", "href", "title", "url"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> Element:
    attributes = draw(st.dictionaries(NAMES, TEXT, max_size=3))
    element = Element(draw(NAMES.filter(lambda name: ":" not in name)), attributes)
    if depth < 3 and draw(st.booleans()):
        element.children = draw(st.lists(trees(depth + 1), min_size=1, max_size=3))
    else:
        element.text = draw(st.none() | TEXT)
    return element


def element_tree(element: Element) -> ET.Element:
    made = ET.Element(element.tag, dict(element.attributes))
    made.text = element.text
    made.extend(element_tree(child) for child in element.children)
    return made


def as_element_tree_writes(root: Element) -> bytes:
    tree = element_tree(root)
    ET.indent(tree)
    return ET.tostring(tree, encoding="utf-8", xml_declaration=True) + b"\n"


@given(trees())
def test_a_document_is_what_element_tree_writes(root: Element) -> None:
    assert document(root) == as_element_tree_writes(root)


def test_a_feed_shaped_document_reads_back() -> None:
    root = Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "en"})
    root.add("title", text='Troops & "talks" <north>')
    root.add("link", {"href": "https://example.org/a?b=1&c=2", "rel": "self"})
    root.add("author").add("name", text="Wire")
    written = document(root)
    assert written.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<feed ")
    assert b'\n  <link href="https://example.org/a?b=1&amp;c=2" rel="self" />\n' in written
    assert b"\n  <author>\n    <name>Wire</name>\n  </author>\n</feed>\n" == written[written.index(b"\n  <author>") :]
    parsed = ET.fromstring(written)
    assert parsed.find("{http://www.w3.org/2005/Atom}title").text == 'Troops & "talks" <north>'  # type: ignore[union-attr]
