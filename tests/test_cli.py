"""The command line as a user meets it: help, exit codes, streams, summary line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def example(tmp_path: Path) -> Path:
    site = tmp_path / "example"
    shutil.copytree(REPO / "content", site / "content")
    return site


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for word in ("build", "check", "usage:"):
        assert word in result.stdout


def test_build_help_lists_its_options():
    result = run("build", "--help")
    assert result.returncode == 0
    for option in ("--root", "--out", "--base-url", "--drafts", "--strict", "--quiet"):
        assert option in result.stdout


def test_bare_command_builds_with_a_summary_line(example: Path):
    result = run("--root", str(example))
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "pages" in summary and "4 entries" in summary and "2 topics" in summary and " s " in summary
    assert "site" in summary
    assert (example / "site" / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_quiet_prints_nothing_on_stdout(example: Path, tmp_path: Path):
    result = run("build", "--root", str(example), "--out", str(tmp_path / "out"), "--quiet")
    assert result.returncode == 0
    assert result.stdout == ""
    assert (tmp_path / "out" / "index.html").is_file()


def test_check_writes_nothing(example: Path):
    before = sorted(p.relative_to(example) for p in example.rglob("*"))
    result = run("check", "--root", str(example), "--strict")
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(example) for p in example.rglob("*")) == before  # no site, no .cache/


def test_check_reads_the_caches_of_builds(example: Path, tmp_path: Path):
    assert run("build", "--root", str(example), "--out", str(tmp_path / "out")).returncode == 0
    cache = {p: p.read_bytes() for p in (example / ".cache").rglob("*") if p.is_file()}
    entry = next((example / "content" / "entries").rglob("*.md"))
    text = entry.read_text(encoding="utf-8").replace("\ndate:", "\ndate: nonsense\nwhen:", 1)
    entry.write_text(text, encoding="utf-8")
    result = run("check", "--root", str(example))
    assert result.returncode == 1 and "nonsense" in result.stderr  # the edited file is read, not cached
    assert {p: p.read_bytes() for p in (example / ".cache").rglob("*") if p.is_file()} == cache


@pytest.mark.parametrize("out", [".", "content", "templates", "content/static"])
def test_out_may_not_be_the_site_or_its_sources(example: Path, out: str):
    (example / "templates").mkdir()
    result = run("build", "--root", str(example), "--out", str(example / out))
    assert result.returncode == 2
    assert "--out" in result.stderr
    assert (example / "content" / "site.yaml").is_file()


def test_unknown_option_is_a_usage_error(example: Path):
    result = run("build", "--root", str(example), "--frobnicate")
    assert result.returncode == 2


def test_missing_root_is_a_usage_error(tmp_path: Path):
    result = run("build", "--root", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such folder" in result.stderr


def test_bad_base_url_is_a_usage_error(example: Path):
    result = run("build", "--root", str(example), "--base-url", "not a url")
    assert result.returncode == 2


def test_warnings_pass_unless_strict(example: Path):
    (example / "content" / "site.yaml").write_text("title: T\ntitel: typo\n", encoding="utf-8")
    relaxed = run("build", "--root", str(example))
    assert relaxed.returncode == 0
    assert "content/site.yaml:2: warning: unknown setting 'titel' (did you mean 'title'?)" in relaxed.stderr
    assert "0 errors, 1 warning" in relaxed.stderr
    strict = run("build", "--root", str(example), "--strict")
    assert strict.returncode == 1


def test_errors_are_all_listed_with_a_count_line(example: Path):
    entries = example / "content" / "entries"
    (entries / "bad1.md").write_text(
        "---\ntitle: One\ndate: soon\ntopics: [north-korea-russia]\n---\n", encoding="utf-8"
    )
    (entries / "bad2.md").write_text("---\ndate: 2024\ntopics: [north-korea-russia]\n---\n", encoding="utf-8")
    result = run("build", "--root", str(example))
    assert result.returncode == 1
    assert "content/entries/bad1.md:3: " in result.stderr
    assert "content/entries/bad2.md:" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("2 errors")
    assert not (example / "site").exists()


def test_a_long_build_shows_its_stage_on_a_terminal(capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch):
    from generator.commands.common import Progress

    monkeypatch.setattr(Progress, "DELAY", 0.0)
    progress = Progress(enabled=True)
    progress.stage("rendering pages (4,000 entries)")
    progress.close()
    shown = capsys.readouterr().out
    assert "rendering pages (4,000 entries) ..." in shown
    assert shown.endswith("\r\033[K")  # the line is cleared before the summary


def test_a_short_build_or_a_pipe_shows_no_progress(example: Path):
    result = run("build", "--root", str(example))
    assert result.returncode == 0
    assert "\033[K" not in result.stdout and " ..." not in result.stdout
