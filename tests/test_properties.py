"""Properties over generated input: never an exception, only a site or content errors."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build

FIELDS = ["title", "date", "end", "topics", "source", "url", "summary", "tags", "key", "image", "image_alt",
          "draft", "updated", "aliases", "slug", "body", "titel", "extra"]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
    st.sampled_from(
        [
            "2024-10-23",
            "c. 1950",
            "44 BC",
            "t",
            "https://example.com/x",
            "javascript:alert(1)",
            "<script>alert(1)</script>",
            "entry:t",
            "2024-13-45",
            "yes",
            "no",
            "~",
            "12:30",
        ]
    ),  # fmt: skip
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
mappings = st.dictionaries(st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=10)), values, max_size=10)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=mappings, body=st.text(max_size=200))
def test_any_front_matter_gives_a_site_or_content_errors(fields, body):
    root = Path(tempfile.mkdtemp())
    try:
        (root / "content" / "topics").mkdir(parents=True)
        (root / "content" / "entries").mkdir()
        (root / "content" / "topics" / "t.yaml").write_text("title: T\n", encoding="utf-8")
        front = yaml.safe_dump(fields, allow_unicode=True) if fields else "{}\n"
        (root / "content" / "entries" / "e.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
        result = build(root, use_cache=False, workers=1)  # must not raise
        for problem in result.problems.items:
            assert problem.path and problem.line >= 1 and problem.message
        if not result.failed():
            assert "index.html" in result.pages
            assert b"<script>alert(1)</script>" not in b"".join(result.pages.values())
    finally:
        shutil.rmtree(root)


names = st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(paths=st.lists(st.lists(names, min_size=1, max_size=4), max_size=12))
def test_content_files_are_listed_as_their_paths_sort_part_by_part(paths):
    """walk_paths sorts by a string key; the order is that of the lists of parts."""
    from generator.source.files import _by_parts

    joined = [os.sep.join(parts) for parts in paths]
    assert sorted(joined, key=_by_parts) == sorted(joined, key=lambda path: path.split(os.sep))
