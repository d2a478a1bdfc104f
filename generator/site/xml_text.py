"""XML documents (feeds, sitemaps) written as text, byte for byte as ElementTree writes them
indented (`ET.indent`, then `ET.tostring` with its declaration): its serializer is Python code
that asks each element for its namespaces, 1.6% of the instructions of a whole cold build.

The documents are small trees of elements that hold either text or other elements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"


@dataclass(slots=True)
class Element:
    tag: str
    attributes: dict[str, str] = field(default_factory=dict)
    text: str | None = None
    children: list[Element] = field(default_factory=list)

    def add(self, tag: str, attributes: dict[str, str] | None = None, text: str | None = None) -> Element:
        child = Element(tag, attributes or {}, text)
        self.children.append(child)
        return child


def document(root: Element) -> bytes:
    """The declaration and the tree, children indented by two spaces, and a final newline."""
    out = [DECLARATION]
    _write(root, out, "\n")
    out.append("\n")
    return "".join(out).encode("utf-8")


def _write(element: Element, out: list[str], newline: str) -> None:
    out.append("<" + element.tag)
    for name, value in element.attributes.items():
        out.append(f' {name}="{escape_attribute(value)}"')
    if element.children:
        out.append(">")
        inner = newline + "  "
        for child in element.children:
            out.append(inner)
            _write(child, out, inner)
        out.append(f"{newline}</{element.tag}>")
    elif element.text:
        out.append(f">{escape_text(element.text)}</{element.tag}>")
    else:
        out.append(" />")


def escape_text(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(text: str) -> str:
    """As ElementTree: the text's escapes, quotes, and the white space a parser would normalise."""
    text = escape_text(text)
    for char, entity in (('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;")):
        if char in text:
            text = text.replace(char, entity)
    return text
