"""Every name each template of the default theme uses: the variables it reads (with the
attributes it reads straight off them, `entry.title`) and the filters it applies. The README's
"Themes" section must list them (SPEC 9); `python tests/theme_names.py` prints that section's table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jinja2
import jinja2.meta
from jinja2 import nodes

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.site.render import Renderer, plain_view  # noqa: E402
from generator.site.theme import default_theme, make_environment  # noqa: E402
from generator.source.config import Settings  # noqa: E402

BUILT_IN = {"loop", "caller", "varargs", "kwargs", "self", "range", "dict", "lipsum", "cycler", "joiner", "namespace"}


def environment() -> jinja2.Environment:
    env = make_environment(REPO)
    Renderer(env, plain_view(Settings(), {}, []))  # registers the filters (and the globals ...)
    env.globals = dict(jinja2.defaults.DEFAULT_NAMESPACE)  # ... which must count as names used
    return env


def templates() -> list[str]:
    root = default_theme()
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html") if "assets" not in p.parts)


def names_of(env: jinja2.Environment, name: str) -> set[str]:
    """`var`, `var.attr` and `|filter` names one template uses (not those it defines itself)."""
    source = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
    tree = env.parse(source)
    free = jinja2.meta.find_undeclared_variables(tree) - BUILT_IN
    found = set(free)
    for node in tree.find_all(nodes.Getattr):
        if isinstance(node.node, nodes.Name) and node.node.name in free:
            found.add(f"{node.node.name}.{node.attr}")
    ours = set(env.filters) - set(jinja2.filters.FILTERS)
    found |= {f"|{node.name}" for node in tree.find_all(nodes.Filter) if node.name in ours}
    return found


def table(env: jinja2.Environment) -> str:
    rows = ["| template | names it uses |", "|---|---|"]
    for name in templates():
        used = names_of(env, name)
        rows.append(f"| `{name}` | {', '.join(f'`{n}`' for n in sorted(used, key=_order))} |")
    return "\n".join(rows)


def _order(name: str) -> tuple[int, str]:
    return (1 if name.startswith("|") else 0, name)


if __name__ == "__main__":
    print(table(environment()))
