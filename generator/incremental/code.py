"""The fingerprint of the code that shapes output: every stored result is keyed by it.

An edit of a filter, a parse rule or the default theme's Python helpers, or an upgrade of a
library that shapes output (Jinja2, Markdown, PyYAML, python-dateutil, Babel, ...), must never
serve a result made by the old code. So every store's header carries this fingerprint: the bytes
of every module of the generator package, the versions of those libraries and the Python
version. It is computed once per process (about 60 small files).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import sys
from pathlib import Path

import generator

# Distributions whose code decides what pages, feeds and parsed values look like.
LIBRARIES = (
    "jinja2",
    "markupsafe",
    "markdown",
    "pyyaml",
    "python-dateutil",
    "babel",
    "nh3",
    "markdownify",
    "feedparser",
)


@functools.cache
def code_fingerprint() -> str:
    """A short hex digest of the generator's own code, the output-shaping libraries and Python."""
    h = hashlib.blake2b(digest_size=12)
    h.update(sys.version.encode())
    for name in LIBRARIES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}={version}\n".encode())
    package = Path(generator.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()
