"""Parsed files kept between builds (incremental/stores/parsed.py): used only while the file is
unchanged, signed so a cache folder that came from elsewhere never runs code, and never the
reason for a stale page."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.build import build, build_and_write
from generator.incremental.stores import State
from generator.incremental.stores import parsed as parsed_store
from generator.incremental.stores.signed import VERSION
from generator.source import load as content

FIXTURE = Path(__file__).parent / "fixtures" / "valid-site"
ENTRY = "content/entries/2024/bridge-reopens.md"


def memo_file(root: Path) -> Path:
    """The file of the parse store that holds ENTRY's result."""
    from generator.incremental.stores.parsed import ParsedFiles

    return root / ".cache" / "parsed" / f"{ParsedFiles(None)._number(ENTRY):02x}.pickle"


def kept(root: Path) -> dict:
    store = State.on_disk(root).parsed
    store.load()
    return store.data


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "site-src"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache", "site"))
    monkeypatch.setattr(parsed_store, "RACY_NS", 0)  # files written just now may be recorded (see the racy test)
    return root


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The entry files that builds read and parse."""
    seen: list[str] = []
    real = content.PARSERS["entries"]

    def spy(relpath, text, settings, markup):
        seen.append(relpath)
        return real(relpath, text, settings, markup)

    monkeypatch.setitem(content.PARSERS, "entries", spy)
    return seen


def pages(root: Path) -> dict[str, bytes]:
    result = build(root, use_cache=True)
    assert not result.failed(), [str(p) for p in result.problems.errors]
    return result.pages


def test_a_second_build_parses_no_unchanged_file(site: Path, parsed: list[str]) -> None:
    first = pages(site)
    assert ENTRY in parsed
    parsed.clear()
    assert pages(site) == first
    assert parsed == []


def test_an_edited_file_is_parsed_again_and_its_page_changes(site: Path, parsed: list[str]) -> None:
    pages(site)
    path = site / ENTRY
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "title: Edited —", 1), encoding="utf-8")
    parsed.clear()
    after = pages(site)
    assert parsed == [ENTRY]
    assert after == build(site, use_cache=False).pages


def test_a_touched_but_unchanged_file_is_read_not_parsed(site: Path, parsed: list[str]) -> None:
    """Parse results are keyed by the file's bytes: a new stat alone only costs a read."""
    pages(site)
    os.utime(site / ENTRY, ns=(time.time_ns() - 10**10, time.time_ns() - 10**10))
    parsed.clear()
    pages(site)
    assert parsed == []


def test_a_file_changed_just_before_saving_is_not_recorded(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second edit within the file system's timestamp resolution could keep size and times: a file
    that changed within two seconds of the save is read again by the next build (git does the same)."""
    time.sleep(0.05)
    edited = site / ENTRY
    edited.write_text(edited.read_text(encoding="utf-8") + "\nLater.\n", encoding="utf-8")
    others = max(p.stat().st_ctime_ns for p in (site / "content").rglob("*.md") if p != edited)
    between = (others + edited.stat().st_ctime_ns) // 2
    monkeypatch.setattr(parsed_store, "RACY_NS", 2_000_000_000)
    monkeypatch.setattr(parsed_store, "time", SimpleNamespace(time_ns=lambda: between + parsed_store.RACY_NS))
    pages(site)
    records = kept(site)
    assert not records[ENTRY].stat  # changed "just now": its bytes are read again next time
    assert records["content/entries/2024/corroded-bolt.md"].stat  # settled


def test_a_memo_for_other_settings_is_not_used(site: Path, parsed: list[str]) -> None:
    """A file is parsed again when a setting its parse read changed: the zone, for a time written
    without one; a date without a time did not read it."""
    pages(site)
    settings = site / "content" / "site.yaml"
    text = settings.read_text(encoding="utf-8").replace("timezone: Europe/London", "timezone: Asia/Seoul")
    settings.write_text(text, encoding="utf-8")
    parsed.clear()
    after = pages(site)
    assert "content/entries/2024/corroded-bolt.md" in parsed  # 2024-10-23 14:05: in the site zone
    assert ENTRY not in parsed  # 2024-11-02: no time, no zone read
    assert after == build(site, use_cache=False).pages


def test_a_setting_no_file_reads_parses_nothing_again(site: Path, parsed: list[str]) -> None:
    """What parsing read of the settings is recorded, not listed: the site title is read by no parser."""
    pages(site)
    settings = site / "content" / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("title:", "title: Renamed —", 1), encoding="utf-8")
    parsed.clear()
    after = pages(site)
    assert parsed == []
    assert after == build(site, use_cache=False).pages


class _Exploit:
    def __reduce__(self):
        return (os.mkdir, (str(Path(os.environ["EXPLOIT_MARK"])),))


def test_an_unsigned_cache_never_runs_code(site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .cache/ folder that came with a cloned site holds pickle data: it is never loaded unless
    this user's key signed it."""
    mark = tmp_path / "exploited"
    monkeypatch.setenv("EXPLOIT_MARK", str(mark))
    body = pickle.dumps({"x": _Exploit()})
    cache = memo_file(site)
    cache.parent.mkdir(parents=True)
    header = VERSION + b" parsed 0123456789abcdef01234567\n"
    for data in (body, header + b"\0" * 32 + body, header + body):
        cache.write_bytes(data)
        result = build_and_write(site, site / "site", search=False)
        assert not result.failed()
        assert not mark.exists()


def test_a_signed_cache_that_was_changed_is_ignored(site: Path, parsed: list[str]) -> None:
    pages(site)
    cache = memo_file(site)
    data = bytearray(cache.read_bytes())
    data[-5] ^= 0xFF
    cache.write_bytes(bytes(data))
    parsed.clear()
    result = build(site, use_cache=True)
    assert ENTRY in parsed
    assert any(".cache/parsed/ was not used" in notice and "signature" in notice for notice in result.notices)


def test_no_private_key_means_no_cache(site: Path, parsed: list[str], private_user_cache: Path) -> None:
    key = private_user_cache / "timeline-generator" / "key"
    pages(site)
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    try:
        key.chmod(0o644)  # readable by others: not a secret any more
        parsed.clear()
        pages(site)
        assert ENTRY in parsed
    finally:
        key.chmod(0o600)


def test_a_key_from_the_environment_signs_caches_that_travel(site: Path, parsed: list[str], monkeypatch) -> None:
    """TIMELINES_CACHE_KEY (a CI secret) verifies a cache restored on another machine."""
    monkeypatch.setenv("TIMELINES_CACHE_KEY", "a secret of this repository")
    pages(site)
    monkeypatch.setenv("XDG_CACHE_HOME", str(site.parent / "another-machine"))
    parsed.clear()
    pages(site)
    assert parsed == []
    monkeypatch.setenv("TIMELINES_CACHE_KEY", "another secret")
    pages(site)
    assert ENTRY in parsed


def test_a_markdown_cache_from_elsewhere_never_reaches_a_page(site: Path) -> None:
    """Issue 12 S5: .cache/markdown/ holds HTML that goes into pages as it is. Edited on disk,
    or copied in with a site folder, it is not this user's signed file: ignored with a notice."""
    from generator.incremental.stores.signed import seal, unseal

    pages(site)
    caches = sorted((site / ".cache" / "markdown").glob("*.json"))
    assert caches
    signed = {cache: cache.read_bytes() for cache in caches}
    for kind in ("body", "kept signature", "wrong shape 1", "wrong shape 2", "wrong shape 3"):
        for cache in caches:  # every file of the store made hostile the same way
            results = json.loads(unseal("markdown", signed[cache]))
            hostile = {key: ["<script>alert('cache')</script>", [], "<script>"] for key in results}
            body = json.dumps(hostile).encode("utf-8")
            wrong_shapes = [b'{"k": 5}', b"[1, 2]", json.dumps({k: [1, [], ""] for k in results}).encode()]
            kept_signature = signed[cache][: signed[cache].index(b"\n") + 1 + 32] + body  # the real header and MAC
            if kind == "body":
                cache.write_bytes(body)
            elif kind == "kept signature":
                cache.write_bytes(kept_signature)
            else:
                cache.write_bytes(seal("markdown", wrong_shapes[int(kind[-1]) - 1]))
        shutil.rmtree(site / ".cache" / "parsed")  # every file parsed: each Markdown text is looked up
        result = build(site, use_cache=True)
        assert not result.failed()
        assert not any(b"alert('cache')" in page for page in result.pages.values())
        assert any(".cache/markdown/ was not used" in notice for notice in result.notices), result.notices


def test_an_unchanged_files_digests_come_with_it_and_equal_fresh_ones(site: Path, monkeypatch) -> None:
    """The engine's first question (has any field of this entry changed?) is answered from the
    digest kept with the parsed file, not by encoding every entry again; the kept digest is the
    one encoding would give."""
    from generator.incremental import digests, sources
    from generator.source.model import Entry

    pages(site)
    records = kept(site)
    assert records and all(len(r.wholes) == len(r.result.items) for r in records.values())
    for record in records.values():
        assert record.wholes == tuple(digests.flat_whole(item) for item in record.result.items)
    encoded: list[object] = []
    real = digests.flat_whole
    for module in (digests, sources):
        monkeypatch.setattr(module, "flat_whole", lambda obj: encoded.append(obj) or real(obj))
    assert pages(site)  # the engine digests every entry the pages read: none is encoded again
    assert not [obj for obj in encoded if isinstance(obj, Entry)]
    (site / ENTRY).write_text((site / ENTRY).read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    encoded.clear()
    assert pages(site)
    assert [obj.path for obj in encoded if isinstance(obj, Entry)] == [ENTRY]  # the edited one, once
