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
import os
import re
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
    versions = installed_versions(LIBRARIES)
    for name in LIBRARIES:
        h.update(f"{name}={versions[name]}\n".encode())
    package = Path(generator.__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


def installed_versions(names: tuple[str, ...]) -> dict[str, str]:
    """The version of each distribution ("-" when it is not installed), as importlib.metadata
    finds it: the first `<name>-<version>.dist-info` folder on sys.path. Read from the folder
    names, because importlib.metadata parses every METADATA file as an email message and took a
    tenth of a second of every build; a distribution not found that way is asked of it."""
    wanted = {_normalised(name): name for name in names}
    found: dict[str, str] = {}
    for folder in sys.path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info"):
                distribution, _, version = entry.removesuffix(".dist-info").partition("-")
                name = wanted.get(_normalised(distribution))
                if name is not None and version and name not in found:
                    found[name] = version
    for name in names:
        if name not in found:
            found[name] = _asked(name)
    return found


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503, as dist-info folder names are written


def _asked(name: str) -> str:
    import importlib.metadata  # only for a distribution installed another way (an .egg-info)

    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"
