"""The house shows the pipeline: folders by stage, every import pointing down, small modules.

A newcomer finds from folder names where a file is read (source), a page made (site), bytes
written (output), earlier work reused (incremental), the preview served (preview) and the
command line handled (commands). These tests keep it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "generator"
# Lowest first: a module may import from its own layer and the ones before it, never after.
LAYERS = [
    ("generator", "generator.errors", "generator.workers"),
    ("generator.source",),
    ("generator.site",),
    ("generator.output",),
    ("generator.incremental",),
    ("generator.build",),
    ("generator.importers", "generator.starter"),
    ("generator.preview",),
    ("generator.commands",),
    ("generator.cli", "generator.__main__"),
]
MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 60


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def layer_of(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, layer)
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), number)
    assert best[1] >= 0, f"{module} is in no layer"
    return best[1]


def imports(path: Path, module: str) -> set[str]:
    found = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in node.names}
    return {name for name in found if name == "generator" or name.startswith("generator.")}


def test_every_import_points_down_the_pipeline() -> None:
    known = modules()
    wrong = []
    for module, path in known.items():
        mine = layer_of(module)
        for target in imports(path, module):
            if target not in known:  # `from generator.x import name`: the module is the prefix
                target = target.rpartition(".")[0]
            if target in known and layer_of(target) > mine:
                wrong.append(f"{module} imports {target}")
    assert not wrong, "imports that point up the pipeline:\n" + "\n".join(wrong)


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for module, path in modules().items():
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{module}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{module}.{node.name}: {length} lines")
    assert not too_long, "split these:\n" + "\n".join(too_long)


def test_no_broad_except_without_a_message() -> None:
    """`except Exception` only where the exception becomes a message (or is passed on)."""
    silent = []
    for module, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and (
                node.type is None
                or (isinstance(node.type, ast.Name) and node.type.id in ("Exception", "BaseException"))
            ):
                uses_it = node.name and any(isinstance(n, ast.Name) and n.id == node.name for n in ast.walk(node))
                passes_on = any(isinstance(n, ast.Raise) for n in ast.walk(node))
                if not (uses_it or passes_on):
                    silent.append(f"{module}:{node.lineno}")
    assert not silent, f"broad except clauses that say nothing: {silent}"
