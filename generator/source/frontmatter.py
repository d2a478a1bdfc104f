"""Front matter: split a Markdown file into its YAML fields and body (keeping file line numbers),
and write one back (`compose`) so that our own reader gives back exactly what was written.

`new` and `import` both write entry files; one writer keeps them in step with the reader.
"""

from __future__ import annotations

import json
import re
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


# --- writing -------------------------------------------------------------------------------------

# Plain values worth trying: a word character first, no control characters; in a flow list
# ([a, b]) also no commas or brackets.
_PLAIN = re.compile(r"[\w(][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]*", re.UNICODE)
_FLOW_PLAIN = re.compile(r"[\w][\w .\-']*", re.UNICODE)
# Words YAML 1.1 readers (other tools) take for booleans or null: quoted for them too.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
# What JSON leaves raw but a YAML reader may not: line breaks YAML knows beyond \n (NEL, LS,
# PS), DEL and C1 controls, and the non-characters U+FFFE/U+FFFF.
_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def scalar(text: str, *, flow: bool = False, text_only: bool = False) -> str:
    """`text` as a YAML value: plain when our own reader gives back exactly this text, else quoted.

    So a colon, a leading quote, `#`, `[`, `&`, `*`, `null`, `true` or a number get quotes.
    `text_only`: the field is always read as text (dates), so `2024` may stay plain.
    `flow`: the value stands in a `[a, b]` list.
    """
    pattern = _FLOW_PLAIN if flow else _PLAIN
    risky = ": " in text or " #" in text or text.endswith(":")
    if pattern.fullmatch(text) and not risky and text == text.strip() and text.lower() not in _YAML11_WORDS:
        try:
            read = yamlread.load(f"k: {text}\n")
        except yamlread.YamlError:
            read = None
        if isinstance(read, dict) and list(read) == ["k"] and isinstance(read["k"], yamlread.Plain):
            typed = yamlread.core_value(read["k"])
            if str(read["k"]) == text and (text_only or typed == text):
                return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", quoted)


def flow_list(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def compose(fields: list[tuple[str, str]], body: str = "", notes: dict[str, list[str]] | None = None) -> str:
    """An entry file: `key: value` lines (values already written with `scalar` or `flow_list`)
    between --- lines, then the body. `notes` puts `# comment` lines above a field."""
    lines = ["---"]
    for key, value in fields:
        lines += [f"# {note}" for note in (notes or {}).get(key, [])]
        lines.append(f"{key}: {value}")
    lines.append("---")
    body = body.strip()
    return "\n".join(lines) + "\n" + (body + "\n" if body else "")
