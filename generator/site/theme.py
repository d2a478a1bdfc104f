"""The Jinja environment and theme files: a site's own templates/ over the default theme."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import jinja2

from generator.source.files import walk

PACKAGE = Path(__file__).resolve().parent.parent  # the generator package


def default_theme() -> Path:
    """The default templates: shipped inside the package, or the repository's own in a checkout."""
    for candidate in (PACKAGE / "templates", PACKAGE.parent / "templates"):
        if (candidate / "base.html").is_file():
            return candidate
    raise FileNotFoundError("the default templates are missing from the installation")


def theme_folders(root: Path) -> list[Path]:
    """Template folders, most specific first (a site's own templates override file by file)."""
    folders = []
    own = root / "templates"
    if own.is_dir():
        folders.append(own)
    default = default_theme()
    if not folders or own.resolve() != default.resolve():
        folders.append(default)
    return folders


def make_environment(root: Path, compiled: Path | None = None) -> jinja2.Environment:
    """The theme's Jinja environment; `compiled` is a folder that keeps compiled templates between
    builds (Jinja's own bytecode cache, checked against each template's source)."""
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(compiled),
        loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(f)) for f in theme_folders(root)]),
        autoescape=True,  # every template is HTML, XML or JSON written through filters
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def _bytecode_cache(folder: Path | None) -> jinja2.BytecodeCache | None:
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # slower without it, never wrong
    return jinja2.FileSystemBytecodeCache(str(folder))


def theme_files(root: Path) -> list[Path]:
    """Every template file of the theme (not assets): what all pages depend on."""
    return [
        p for folder in theme_folders(root) for p in walk(folder) if "assets" not in p.relative_to(folder).parts[:1]
    ]


def asset_files(root: Path) -> dict[str, Path]:
    """assets/** of the theme: output path -> file, a site's own file winning."""
    found: dict[str, Path] = {}
    for folder in reversed(theme_folders(root)):
        for path in walk(folder / "assets"):
            found["assets/" + path.relative_to(folder / "assets").as_posix()] = path
    return dict(sorted(found.items()))


def template_location(root: Path, exc: BaseException) -> tuple[str, int]:
    """The template file and line an exception was raised at, as the author would look for it."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return display_path(root, exc.filename), exc.lineno or 1
    for frame, lineno in reversed(list(traceback.walk_tb(exc.__traceback__ or sys.exc_info()[2]))):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".json", ".txt")) and Path(filename).exists():
            return display_path(root, filename), lineno
    return "templates", 1


def display_path(root: Path, filename: str) -> str:
    path = Path(filename).resolve()
    for base in (root.resolve(), default_theme().parent):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
