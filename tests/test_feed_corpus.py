"""feedparser's own test corpus (2,242 feeds from its sdist, fetched from PyPI at test time and
cached) through the importer: never a traceback, every refusal a `path:line: message`.
`python benchmarks/feed_corpus.py` prints the counts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import require_tool

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import feed_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    try:
        return feed_corpus.corpus()
    except (RuntimeError, OSError) as exc:
        require_tool(f"feedparser's test corpus cannot be fetched: {exc}")
        raise


@pytest.mark.parametrize("year", [None, 2024])
def test_every_feed_of_the_corpus_is_imported_or_refused_clearly(corpus, year) -> None:
    results = feed_corpus.run(corpus, year)
    assert len(corpus) > 2000
    assert results.get("traceback", []) == [] and results.get("unclear", []) == []
    assert len(results["imported"]) > (1400 if year else 1000)


def test_a_sample_through_the_command_line(corpus, cli, tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    for path in corpus[::40]:
        result = cli("import", path, "--topic", "corpus", "--root", root, "--dry-run", "--year", "2024")
        assert result.returncode in (0, 1) and "Traceback" not in result.stderr, path
        if result.returncode == 1:
            assert feed_corpus.MESSAGE.match(result.stderr.splitlines()[0]), result.stderr
        else:
            assert "Dry run: would import" in result.stdout
    assert not (root / "content" / "entries").exists()  # a dry run writes nothing
