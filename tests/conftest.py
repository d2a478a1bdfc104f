"""Shared helpers: run the real command line in a subprocess, copy fixture sites, read built trees."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it; stdout and stderr decoded as UTF-8."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip


def copy_site(name: str, dest: Path) -> Path:
    """A copy of tests/fixtures/<name> at `dest` (which must not exist yet)."""
    shutil.copytree(FIXTURES / name, dest, symlinks=True)
    return dest


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included): relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    return run_cli


@pytest.fixture(scope="session")
def copy_fixture() -> Callable[[str, Path], Path]:
    return copy_site


@pytest.fixture(scope="session")
def tree() -> Callable[[Path], dict[str, bytes]]:
    return read_tree
