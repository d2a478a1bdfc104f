"""The date corpus (tests/data/dates/corpus.tsv): 512 strings that news pages, feeds, ISO 8601,
EDTF and history books write, each read as SPEC 5 says, or refused with a reason that names the
nearly right form. `python benchmarks/date_corpus.py` prints the counts."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import date_corpus  # noqa: E402

ROWS = date_corpus.rows()
CLASSES: dict[str, list[dict[str, str]]] = defaultdict(list)
for _row in ROWS:
    if _row["expect"].startswith("!"):
        CLASSES[_row["expect"][1:].strip()].append(_row)


def test_every_line_is_read_as_the_corpus_says() -> None:
    misses = [
        (row["text"], row["site"], row["expect"], date_corpus.read(row)[1])
        for row in ROWS
        if date_corpus.outcome(row) not in ("accepted rightly", "refused rightly")
    ]
    assert not misses
    assert len(ROWS) > 500


@pytest.mark.parametrize("refusal", sorted(CLASSES))
def test_each_refusal_class_says_why(refusal: str) -> None:
    """Never only "write it like 2024-10-23": every refusal gives its reason."""
    for row in CLASSES[refusal]:
        kind, message = date_corpus.read(row)
        assert kind == "!"
        assert f'"{row["text"].strip()}" as a date:' in message or "as a date: " in message, (row["text"], message)
