"""Every interface message the default theme and the generator use, extracted as gettext tools do:
templates with Jinja's Babel extractor, the theme's script through its `script_words(...)` lists,
Python through the calls `gettext`, `ngettext`, `say` and `count` with literal ids (and the few
ids made from a table, listed in DYNAMIC). `python tests/message_ids.py` prints them; the catalog
tests check every shipped catalog against them.
"""

from __future__ import annotations

import ast
import io
import re
import sys
from pathlib import Path

from jinja2.ext import babel_extract

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site import chart  # noqa: E402
from generator.source.dates import cldr  # noqa: E402
from generator.source.dates.words import SEASONS  # noqa: E402

# ids made from data rather than written out where they are used
DYNAMIC = {
    **{f"{name} %(year)s": False for name in (*SEASONS, "fall")},
    **{text: False for text in chart.UNIT_TITLES.values()},
    **{text: False for text in chart.UNIT_HEADINGS.values()},
    "Period": False,
    **{text: False for table in (cldr.THIRDS_OF, cldr.DECADE_THIRDS, cldr.CENTURY_THIRDS) for text in table.values()},
}  # fmt: skip
CALLS = {"gettext": 1, "say": 1, "ngettext": 2, "count": 2}


def from_templates() -> dict[str, bool]:
    """id -> whether it has plural forms."""
    found: dict[str, bool] = {}
    for path in sorted((REPO / "templates").rglob("*.html")):
        with path.open("rb") as handle:
            for _line, function, message, _comments in babel_extract(handle, ("_", "gettext", "ngettext"), [], {}):
                first = message if isinstance(message, str) else message[0]  # keyword values come as None
                if function == "ngettext":
                    found[first] = True
                elif first:
                    found.setdefault(first, False)
        text = path.read_text(encoding="utf-8")
        for call in re.findall(r"script_words\(((?:\"[^\"]*\"|[^\")])*)\)", text):
            for message in re.findall(r'"([^"]*)"', call):
                found.setdefault(message, "%(num)d" in message)
    return found


def from_python() -> dict[str, bool]:
    found: dict[str, bool] = {}
    for path in sorted((REPO / "generator").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            arity = CALLS.get(node.func.attr)
            args = node.args[:arity] if arity else []
            if arity and len(args) == arity and all(isinstance(a, ast.Constant) and isinstance(a.value, str)
                                                   for a in args):  # fmt: skip
                found[args[0].value] = arity == 2 or found.get(args[0].value, False)
    return found


def all_ids() -> dict[str, bool]:
    return {**DYNAMIC, **from_python(), **from_templates()}


if __name__ == "__main__":
    out = io.StringIO()
    for message, plural in sorted(all_ids().items()):
        print(("[plural] " if plural else "") + message, file=out)
    print(out.getvalue(), end="")
