"""The Jinja environment and theme files: a site's own templates/ over the default theme."""

from __future__ import annotations

import os
import sys
import traceback
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from generator.source.files import NotReadable, decode, read_bytes, walk

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


class ThemeLoader(jinja2.FileSystemLoader):
    """Jinja's file loader, reading only regular files, as UTF-8 (a BOM dropped, CRLF read as
    LF), and naming the file and line of a byte that is not UTF-8 instead of failing."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            if os.path.isfile(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        try:
            contents = decode(read_bytes(Path(filename)))
        except NotReadable as exc:
            raise jinja2.TemplateSyntaxError(exc.message, exc.line, template, filename) from None
        mtime = os.path.getmtime(filename)
        return contents, os.path.normpath(filename), lambda: _mtime(filename) == mtime


def _mtime(filename: str) -> float | None:
    try:
        return os.path.getmtime(filename)
    except OSError:
        return None


class ThemeTemplate(jinja2.Template):
    """A template whose imported modules are evaluated for each page that imports them.

    Jinja keeps the module of an `{% import %}` from the first page that asked: what its top
    level read (`{% set x = site.title %}`) would be seen by that page alone, and a later page
    could show a value it never read. Macros are cheap to define again. Its code prints values
    through `_escape_text`.
    """

    @classmethod
    def from_code(cls, environment: Any, code: Any, globals: Any, uptodate: Any = None) -> Any:  # noqa: A002
        template = super().from_code(environment, code, globals, uptodate)
        namespace = template.root_render_func.__globals__
        if namespace.get("escape") is markupsafe.escape and _escape_inner is not None:
            namespace["escape"] = _escape_text
        return template

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> jinja2.environment.TemplateModule:
        if ctx is not None:
            keys = ctx.globals_keys - self.globals.keys()
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        return self.make_module()


# markupsafe's own escaping of a text (C), where this markupsafe has it under that name
_escape_inner = getattr(markupsafe, "_escape_inner", None)


def _escape_text(value: Any) -> markupsafe.Markup:
    """markupsafe.escape, which templates call for each value they print (about 90 on an entry
    page), without its second Python call (Markup.__new__) for a text: 0.6% of the instructions of
    a whole cold build."""
    if type(value) is str and _escape_inner is not None:
        return str.__new__(markupsafe.Markup, _escape_inner(value))  # type: ignore[misc]
    return markupsafe.escape(value)


_FUNCTIONS = frozenset({types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType})
_PASS_ARG = getattr(jinja2.utils, "_PassArg", None)  # Jinja 3.1's; another Jinja gets its own Context
_CONTEXT, _EVAL_CONTEXT = (_PASS_ARG.context, _PASS_ARG.eval_context) if _PASS_ARG else (None, None)


class ThemeContext(jinja2.runtime.Context):
    """Jinja's context, calling plain functions without asking how they are called each time.

    A template calls a helper through `context.call`, which asks the callable and its `__call__`
    whether it wants the context: 270,000 calls for 4,000 entry pages. A function's answer is
    its `jinja_pass_arg` alone; anything else (a macro, a callable object) is asked as Jinja does.
    """

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        if type(__obj) not in _FUNCTIONS:
            return super().call(__obj, *args, **kwargs)
        pass_arg = getattr(__obj, "jinja_pass_arg", None)
        if pass_arg is _EVAL_CONTEXT:
            args = (__self.eval_ctx, *args)
        elif pass_arg is not None:
            if pass_arg is not _CONTEXT or kwargs.get("_loop_vars") or kwargs.get("_block_vars"):
                return super().call(__obj, *args, **kwargs)
            args = (__self, *args)
        if kwargs:
            kwargs.pop("_block_vars", None)
            kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class ThemeEnvironment(jinja2.Environment):
    """Jinja's environment, telling `on_load` of every template a page loads: itself, what it
    extends, includes and imports (Lektor records its templates the same way)."""

    template_class = ThemeTemplate
    context_class = ThemeContext if _PASS_ARG is not None else jinja2.runtime.Context
    on_load: Callable[[str], None] | None = None

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:  # noqa: A002
        if self.on_load is not None and isinstance(name, str):
            self.on_load(self.join_path(name, parent) if parent is not None else name)
        return super().get_template(name, parent, globals)

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:  # noqa: A002
        if self.on_load is not None and not isinstance(names, jinja2.Undefined):
            for name in names:  # the ones tried before the one found matter too: one may appear
                if isinstance(name, str):
                    self.on_load(self.join_path(name, parent) if parent is not None else name)
        return super().select_template(names, parent, globals)


def make_environment(root: Path, compiled: jinja2.BytecodeCache | None = None) -> ThemeEnvironment:
    """The theme's Jinja environment; `compiled` keeps compiled templates between builds."""
    return ThemeEnvironment(
        bytecode_cache=compiled,
        loader=jinja2.ChoiceLoader([ThemeLoader(str(f)) for f in theme_folders(root)]),
        autoescape=True,  # every template is HTML, XML or JSON written through filters
        extensions=["jinja2.ext.i18n"],  # _() and ngettext(): the site's words (site/words.py)
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one environment per build: a template is read once, not checked per page
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def template_source(env: jinja2.Environment, name: str) -> str | None:
    """The source a name resolves to now (a site's own file first), or None when there is none."""
    try:
        source, _filename, _uptodate = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except jinja2.TemplateNotFound:
        return None
    return source


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
