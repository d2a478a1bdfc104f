"""Write the golden site: the expected output of tests/fixtures/valid-site, byte for byte.

    python tests/golden/regenerate.py

Run it only after a change of the output that you meant and have looked at (`git diff tests/golden`
shows every byte it changes); tests/test_golden.py compares each build with these files.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SITE = REPO / "tests" / "fixtures" / "valid-site"
BASE_URL = "https://example.org/fixture/"
EXPECTED = HERE / "site"


def build_golden(out: Path) -> None:
    """A cold build of the fixture (drafts left out, no search index: Pagefind's files vary)."""
    sys.path.insert(0, str(REPO))
    from generator.build import build_and_write

    with tempfile.TemporaryDirectory(prefix="timelines-golden-") as scratch:
        root = Path(scratch) / "site-src"
        shutil.copytree(SITE, root, ignore=shutil.ignore_patterns(".cache", "site"))
        result = build_and_write(root, out, base_url=BASE_URL, use_cache=False, search=False)
    if result.failed():
        raise SystemExit("\n".join(str(p) for p in result.problems.sorted()))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="timelines-golden-") as scratch:
        out = Path(scratch) / "site"
        build_golden(out)
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(out, EXPECTED)
    count = sum(1 for p in EXPECTED.rglob("*") if p.is_file())
    print(f"wrote {count} files to {EXPECTED.relative_to(REPO)}")


if __name__ == "__main__":
    main()
