"""YAML values written the way an author writes them, read back unchanged by `yamlread`.

`new` and `import` both write entry files; one writer keeps them in step with the reader.
"""

from __future__ import annotations

import json
import re

from generator.source import yamlread

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
