"""The golden site: a build of the fixture gives exactly the files in tests/golden/site/.

A difference is either a bug or a change of the output you meant: then look at it and run
`python tests/golden/regenerate.py` (README, Development) to write the new expected files.
"""

from __future__ import annotations

import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(GOLDEN))

from regenerate import EXPECTED, build_golden  # noqa: E402


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_fixture_builds_exactly_the_golden_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_golden(out)
    built, expected = files(out), files(EXPECTED)
    assert sorted(built) == sorted(expected), "files differ: run python tests/golden/regenerate.py if meant"
    changed = [path for path in expected if built[path] != expected[path]]
    assert not changed, f"{changed} differ from tests/golden/site: run python tests/golden/regenerate.py if meant"
