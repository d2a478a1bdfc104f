"""Split a Markdown file into its YAML front matter and body, keeping file line numbers."""

from __future__ import annotations

from dataclasses import dataclass

from generator.source import yamlread


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Document:
    fields: yamlread.LineDict
    body: str
    body_line: int  # file line where the body starts


def split(text: str, what: str = "entry") -> Document:
    """Front matter between `---` lines, then Markdown. Line numbers count the opening `---`."""
    if not text.strip():
        raise FrontMatterError(1, f"the file is empty: an {what} starts with front matter between --- lines")
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        raise FrontMatterError(
            1, f"an {what} file must start with a line '---', then its fields (title: ...), then another '---'"
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            break
    else:
        raise FrontMatterError(1, "the front matter is not closed: add a line '---' after the last field")
    try:
        data = yamlread.load("\n".join(lines[1:index]), first_line=2)
    except yamlread.YamlError as exc:
        raise FrontMatterError(exc.line, exc.message) from None
    if data is None:
        raise FrontMatterError(1, "the front matter is empty: it needs fields like 'title: ...'")
    if not isinstance(data, yamlread.LineDict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise FrontMatterError(2, f"the front matter is {kind}; it must be fields like 'title: ...', one per line")
    return Document(data, "\n".join(lines[index + 1 :]), index + 2)
