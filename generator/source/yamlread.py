"""YAML read the way authors mean it: YAML 1.2 core schema, no timestamps, lines kept.

PyYAML implements YAML 1.1, where `no` is False, `12:30` is 750 and `2024-10-23` a date. We
compose nodes with no implicit resolvers and build the values ourselves: plain scalars stay the
text that was written (`Plain`), typed only when a field asks (`core_value`), and every mapping
remembers the line of each key for error messages.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
import yaml.reader

try:  # libyaml's parser is several times faster and composes the same nodes
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser

from yaml.composer import Composer
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

MAX_NODES = 10_000
MAX_DEPTH = 100  # lists in mappings in lists ...: no author nests front matter deeper
MAX_NUMBER_DIGITS = 4000  # Python reads no longer integer (4,300 digits): such a value stays text

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_TRUE = re.compile(r"^(?:true|True|TRUE)$")
_FALSE = re.compile(r"^(?:false|False|FALSE)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "!",
}


class Plain(str):
    """A plain (unquoted) scalar: text as written, which may also mean a number, bool or null."""

    __slots__ = ()


class LineDict(dict):
    """A mapping that knows the file line of itself and of each of its keys (1-based)."""

    __slots__ = ("line", "key_lines")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlError(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


if hasattr(_Parser, "get_node"):  # CParser composes nodes itself

    class _NodeLoader(_Parser, BaseResolver):
        def __init__(self, stream: str) -> None:
            _Parser.__init__(self, stream)
            BaseResolver.__init__(self)

else:  # pragma: no cover

    class _NodeLoader(Reader, Scanner, _Parser, Composer, BaseResolver):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _Parser.__init__(self)
            Composer.__init__(self)
            BaseResolver.__init__(self)


_NodeLoader.yaml_implicit_resolvers = {}


def load(text: str, first_line: int = 1) -> Any:
    """Parse one YAML document; `first_line` is the file line where the text starts."""
    _refuse_deep_brackets(text, first_line)
    loader = _NodeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        lines = text.split("\n")
        # libyaml may point just past the end of the text: clamp to its last line
        index = min(mark.line if mark else 0, max(len(lines) - 1, 0))
        while index > 0 and not lines[index].strip():
            index -= 1
        raise YamlError(first_line + index, _yaml_message(exc, lines[index] if lines else "")) from None
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, max(exc.position, 0))
        character = exc.character if isinstance(exc.character, str) else chr(exc.character or 0)
        raise YamlError(line, f"a control character (U+{ord(character):04X}) is not allowed here; delete it") from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise YamlError(first_line, f"the YAML is nested more than {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()
    if node is None:
        return None
    return _Builder(first_line).build(node)


def _refuse_deep_brackets(text: str, first_line: int) -> None:
    """libyaml composes flow collections recursively in C: tens of thousands of nested `[` crash
    the process. Such text is refused before it is parsed (brackets in quotes count too: no
    author's value holds a thousand of them inside each other)."""
    if text.count("[") + text.count("{") < 10 * MAX_DEPTH:
        return
    depth = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth += 1 if match.group() in "[{" else -1
        if depth > 10 * MAX_DEPTH:
            line = first_line + text.count("\n", 0, match.start())
            raise YamlError(line, f"the YAML is nested more than {MAX_DEPTH} levels deep")


def _yaml_message(exc: yaml.MarkedYAMLError, line: str) -> str:
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in problem:
        return "invalid YAML: a tab character is used for indentation; indent with spaces"
    if exc.context and exc.problem:
        return f"invalid YAML: {exc.context} {problem}"
    return f"invalid YAML: {problem}"


class _Builder:
    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.count = 0
        self.seen: set[int] = set()  # nodes built once: meeting one again means an alias
        self.where = first_line  # line of the last node written out in the file, not reached by an alias

    def line(self, node: yaml.Node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        self.count += 1
        if depth > MAX_DEPTH:
            raise YamlError(self.line(node), f"the YAML is nested more than {MAX_DEPTH} levels deep")
        if id(node) not in self.seen:
            self.seen.add(id(node))
            self.where = self.line(node)
        if self.count > MAX_NODES:
            raise YamlError(
                self.where,  # the value that expands, not the anchor it repeats
                f"YAML too large: more than {MAX_NODES:,} values (aliases that expand too far?)",
            )
        tag = node.tag
        if tag not in _CORE_TAGS:
            raise YamlError(self.line(node), f"YAML tag {tag} is not allowed: only plain data is read")
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        mapping = LineDict(self.line(node))
        for key_node, value_node in node.value:
            key = self.build(key_node, depth + 1)
            if isinstance(key, (list, dict)):
                raise YamlError(self.line(key_node), "a key must be a plain word, not a list or mapping")
            key = str(key) if key is not None else "null"
            if key in mapping:
                raise YamlError(self.line(key_node), f"the key '{key}' is given twice")
            mapping[key] = self.build(value_node, depth + 1)
            mapping.key_lines[key] = self.line(key_node)
        return mapping

    def scalar(self, node: yaml.ScalarNode) -> Any:
        value = node.value
        tag = node.tag
        if tag == "tag:yaml.org,2002:str" and not node.style:  # None (Python parser) or "" (libyaml)
            # An explicit `!!str` on a plain scalar cannot be told apart after composing: it
            # stays Plain, which only matters for `!!str true` and the like.
            return Plain(value)
        if tag in ("tag:yaml.org,2002:str", "!"):
            return str(value)
        typed = core_value(Plain(value))
        expected = {"int": int, "float": (int, float), "bool": bool, "null": type(None)}[tag.rsplit(":", 1)[1]]
        if isinstance(typed, bool) and expected is int or not isinstance(typed, expected):
            raise YamlError(self.line(node), f"'{value}' is not a valid {tag.rsplit(':', 1)[1]}")
        return typed


def core_value(value: Any) -> Any:
    """The YAML 1.2 core-schema meaning of a value: plain scalars become int/float/bool/None."""
    if isinstance(value, Plain):
        text = str(value)
        if _NULL.match(text):
            return None
        if _TRUE.match(text):
            return True
        if _FALSE.match(text):
            return False
        if _INT.match(text) and len(text) <= MAX_NUMBER_DIGITS:
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            return int(text)
        if _FLOAT.match(text) and len(text) <= MAX_NUMBER_DIGITS:
            return float(text.replace(".", "", 1) if text.lower().lstrip("+-").startswith((".inf", ".nan")) else text)
        return text
    if isinstance(value, LineDict):
        return {str(k): core_value(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {k: core_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [core_value(v) for v in value]
    return value


def is_null(value: Any) -> bool:
    return value is None or (isinstance(value, Plain) and bool(_NULL.match(value)))
