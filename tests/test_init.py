"""`python -m generator init DIR`: a new site folder that builds at once, and never over someone's files."""

from __future__ import annotations

import filecmp
from pathlib import Path

from generator.site.theme import default_theme
from generator.starter import create_site, site_files, workflow_file

REPO = Path(__file__).resolve().parent.parent


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    return files_a == files_b and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def test_init_makes_a_site_that_builds_and_checks_clean(tmp_path: Path, cli):
    target = tmp_path / "new-site"
    result = cli("init", target)
    assert result.returncode == 0, result.stderr
    assert str(target.name) in result.stdout and "serve" in result.stdout

    built = cli("build", "--root", target)
    assert built.returncode == 0, built.stderr
    assert "1 entry, 1 topic" in built.stdout
    assert (target / "site/index.html").is_file()
    assert (target / "site/topics/my-first-topic/index.html").is_file()

    checked = cli("check", "--root", target, "--strict")
    assert checked.returncode == 0, checked.stderr
    assert "error" not in checked.stderr and "warning" not in checked.stderr


def test_init_writes_every_part_of_a_site(tmp_path: Path, cli):
    target = tmp_path / "new-site"
    assert cli("init", target).returncode == 0
    assert (target / "content/site.yaml").is_file()
    [topic] = (target / "content/topics").iterdir()
    [entry] = (target / "content/entries").rglob("*.md")
    assert topic.name == "my-first-topic.yaml"
    assert "example" in entry.read_text(encoding="utf-8").lower()  # clearly not news
    assert "site/" in (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "python -m generator" in (target / "README.md").read_text(encoding="utf-8")
    # the copied Pages workflow installs the generator from requirements.txt in a site without pyproject.toml
    assert "timeline-generator" in (target / "requirements.txt").read_text(encoding="utf-8")
    assert "requirements.txt" in (target / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert same_tree(default_theme(), target / "templates")
    assert filecmp.cmp(target / ".github/workflows/pages.yml", REPO / ".github/workflows/pages.yml", shallow=False)


def test_the_workflow_is_found_in_a_checkout():
    """(The wheel ships it too: tests/test_packaging.py.)"""
    assert workflow_file() == REPO / ".github/workflows/pages.yml"


def test_new_works_in_a_new_site(tmp_path: Path, cli):
    target = tmp_path / "new-site"
    assert cli("init", target).returncode == 0
    made = cli("new", "Second entry", "--topic", "my-first-topic", "--date", "2024-05", "--root", target)
    assert made.returncode == 0, made.stderr
    assert cli("check", "--root", target, "--strict").returncode == 0


def test_an_empty_existing_folder_is_fine(tmp_path: Path, cli):
    target = tmp_path / "empty"
    target.mkdir()
    assert cli("init", target).returncode == 0
    assert (target / "content/site.yaml").is_file()


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path, cli):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("my notes\n", encoding="utf-8")
    result = cli("init", target)
    assert result.returncode == 2
    assert "not empty" in result.stderr and str(target) in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert (target / "notes.txt").read_text(encoding="utf-8") == "my notes\n"


def test_refuses_a_hidden_file_too(tmp_path: Path, cli):
    target = tmp_path / "repo"
    (target / ".git").mkdir(parents=True)
    assert cli("init", target).returncode == 2
    assert sorted(p.name for p in target.iterdir()) == [".git"]


def test_refuses_a_file(tmp_path: Path, cli):
    target = tmp_path / "file"
    target.write_text("x", encoding="utf-8")
    result = cli("init", target)
    assert result.returncode == 2 and "not a folder" in result.stderr


def test_create_site_copies_the_workflow_it_is_given(tmp_path: Path):
    workflow = tmp_path / "pages.yml"
    workflow.write_text("name: publish\n", encoding="utf-8")
    written = create_site(tmp_path / "site", site_files("2025-01-02"), workflow=workflow)
    assert (tmp_path / "site/.github/workflows/pages.yml").read_text(encoding="utf-8") == "name: publish\n"
    assert "content/entries/2025/2025-01-02-this-timeline-starts.md" in written
