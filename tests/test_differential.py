"""Incremental equals cold (SPEC 9): after any sequence of edits, for any theme, an incremental
build gives exactly the bytes of a cold build, and writes exactly the files whose bytes changed.

Every edit an author (or an upgrade) can make is in EDITS: each field of an entry, adding,
deleting and renaming entries, topics, pages, every setting, templates of the default theme and
of a custom theme that reads every topic, entry.extra and neighbours, static files, a broken file
and its fix, and a change of the generator's own code. One test walks through all of them in
turn; another tries random sequences (Hypothesis). Builds run without the search index, whose
files are the one thing SPEC lets differ.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build_and_write
from generator.incremental import code, inputs
from generator.site import render

THEMES = {"default": None, "custom": FIXTURES / "themes" / "contract" / "templates"}
DEFAULT_THEME = Path(__file__).resolve().parents[1] / "templates"
Edit = Callable[[Path], None]


# --- edits ----------------------------------------------------------------------------------------


def _replace(relpath: str, old: str, new: str) -> Edit:
    """Replace `old` with `new`, or `new` with `old` when that was done before."""

    def edit(root: Path) -> None:
        path = root / relpath
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            text = text.replace(new, old, 1) if new in text else text.replace(old, new, 1)
            path.write_text(text, encoding="utf-8")

    edit.__name__ = f"replace in {relpath}: {old!r} -> {new!r}"
    return edit


def _toggle_line(relpath: str, after: str, line: str) -> Edit:
    """Add `line` after the first line starting with `after`, or take it out again."""

    def edit(root: Path) -> None:
        path = root / relpath
        if not path.is_file():
            return
        text = path.read_text(encoding="utf-8")
        if f"\n{line}\n" in text:
            path.write_text(text.replace(f"\n{line}\n", "\n", 1), encoding="utf-8")
            return
        lines = text.split("\n")
        at = next((i for i, ln in enumerate(lines) if ln.startswith(after)), None)
        if at is not None:
            lines.insert(at + 1, line)
            path.write_text("\n".join(lines), encoding="utf-8")

    edit.__name__ = f"toggle {line!r} in {relpath}"
    return edit


def _field(relpath: str, name: str, value: str, **more: str) -> Edit:
    """Set front-matter fields (added after the title when missing), or put back what the
    fixture has (the first field decides which)."""
    wanted = {name: value, **more}

    def edit(root: Path) -> None:
        path = root / relpath
        if not path.is_file():
            return
        original = (FIXTURES / "valid-site" / relpath).read_text(encoding="utf-8").split("\n")
        lines = path.read_text(encoding="utf-8").split("\n")
        undo = f"{name}: {value}" in lines
        for key, text in wanted.items():
            first = next((ln for ln in original if ln.startswith(f"{key}:")), None)
            at = next((i for i, ln in enumerate(lines) if ln.startswith(f"{key}:")), None)
            if undo:
                if at is not None and first is None:
                    del lines[at]
                elif at is not None:
                    lines[at] = first  # type: ignore[call-overload]
            elif at is not None:
                lines[at] = f"{key}: {text}"
            else:
                title = next(i for i, ln in enumerate(lines) if ln.startswith("title:"))
                lines.insert(title + 1, f"{key}: {text}")
        path.write_text("\n".join(lines), encoding="utf-8")

    edit.__name__ = f"set {', '.join(wanted)} in {relpath}"
    return edit


def _file(relpath: str, text: str) -> Edit:
    """Create the file, or delete it when it is there."""

    def edit(root: Path) -> None:
        path = root / relpath
        if path.exists():
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    edit.__name__ = f"add or delete {relpath}"
    return edit


def _rename(relpath: str, other: str) -> Edit:
    def edit(root: Path) -> None:
        a, b = root / relpath, root / other
        if a.exists():
            a.rename(b)
        elif b.exists():
            b.rename(a)

    edit.__name__ = f"rename {relpath} <-> {other}"
    return edit


def _override(template: str, change: Callable[[str], str]) -> Edit:
    """Change the site's own copy of a template (made from the theme it uses), or put it back."""

    def edit(root: Path) -> None:
        own = root / "templates" / template
        custom = (root / "templates" / ".custom").exists()
        source = (THEMES["custom"] if custom else DEFAULT_THEME) / template
        if not source.exists():
            return
        original = source.read_text(encoding="utf-8")
        if own.exists() and own.read_text(encoding="utf-8") == change(original):
            if custom:
                own.write_text(original, encoding="utf-8")
            else:
                own.unlink()
            return
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(change(original), encoding="utf-8")

    edit.__name__ = f"override or change template {template}"
    return edit


_code_generation = itertools.count(1)


def change_the_code(root: Path) -> None:
    """As if the generator were edited: its fingerprint and a filter's output both change."""
    number = next(_code_generation)
    original = getattr(render.when, "__wrapped__", render.when)

    def when(entry, zone):  # type: ignore[no-untyped-def]
        return f"{original(entry, zone)} [v{number}]"

    when.__wrapped__ = original  # type: ignore[attr-defined]
    render.when = when
    code.code_fingerprint = lambda: f"edited-{number:04d}"


def nothing_changed(root: Path) -> None:
    """A build with nothing to do: skipped (inputs.py), and still the cold build."""


ENTRY = "content/entries/2024/bridge-reopens.md"
SAFETY = "content/entries/2024/safety-review.md"
EDITS: list[Edit] = [
    _field(ENTRY, "title", "Bridge opens again"),
    _field(SAFETY, "date", "2024-11-05"),
    _field("content/entries/2024/lane-closures.md", "end", "2024-10-04"),
    _field("content/entries/2024/corroded-bolt.md", "topics", "[harbour-bridge, city-council]"),
    _field(SAFETY, "source", "The Other Paper"),
    _field(SAFETY, "url", "https://example.org/safety"),
    _field(SAFETY, "summary", "A summary written by hand."),
    _field(ENTRY, "tags", "[repairs, Brücke, reopening]"),
    _field("content/entries/2024/noise-reports.md", "key", "true"),
    _field("content/entries/2024/lane-closures.md", "image", "images/map.svg", image_alt="The map"),
    _field("content/entries/2024/noise-reports.md", "draft", "true"),
    _field(SAFETY, "updated", "2024-12-01"),
    _field(SAFETY, "aliases", "[safety-first]"),
    _field("content/entries/2024/zz-fireworks.md", "slug", "fireworks-night"),
    _replace(ENTRY, "After six weeks", "After six long weeks"),
    _field(SAFETY, "mood", "tense"),
    _file(
        "content/entries/2024/new-story.md",
        "---\ntitle: A new story\ndate: 2024-10-30\ntopics: [harbour-bridge]\n---\nNew.\n",
    ),
    _rename("content/entries/2024/budget-debate.md", "content/entries/2024/budget-debate.md.off"),
    _rename("content/entries/2024/night-convoy.md", "content/entries/2024/convoy-at-night.md"),
    _replace("content/entries/history.yaml", "Engineers sketch", "Engineers draw"),
    _field("content/topics/harbour-bridge.yaml", "title", "The Old Bridge"),
    _replace("content/topics/harbour-bridge.yaml", "from the first ford", "from the very first ford"),
    _field("content/topics/tram-line.yaml", "related", "[harbour-bridge]"),
    _field("content/topics/city-council.md", "order", "oldest-first"),
    _file("content/topics/ferry.yaml", "title: The Ferry\ndescription: Boats before the bridge.\n"),
    _rename("content/topics/tram-line.yaml", "content/topics/tram-line.yaml.off"),
    _field("content/pages/about.md", "title", "About this site"),
    _replace("content/pages/about.md", "Every story", "Each story"),
    _file("content/pages/method.md", "---\ntitle: Method\n---\nHow we work.\n"),
    _field("content/site.yaml", "title", "Town Timelines"),
    _field("content/site.yaml", "description", "Made-up stories."),
    _field("content/site.yaml", "base_url", "https://example.org/town/"),
    _field("content/site.yaml", "language", "en-US"),
    _field("content/site.yaml", "timezone", "America/New_York"),
    _field("content/site.yaml", "date_order", "dmy"),
    _field("content/site.yaml", "order", "newest-first"),
    _field("content/site.yaml", "feed_limit", "2"),
    _field("content/site.yaml", "topic_page_limit", "4"),  # big topics split into year pages
    _field("content/site.yaml", "file_links", "true"),
    _field("content/site.yaml", "image", "images/map.svg", image_alt="A map of the town"),
    _field("content/site.yaml", "language", "ko"),
    _file("content/i18n/en-GB.yaml", '"Key moments": "Turning points"\n"Tags": "Labels"\n'),
    _override("i18n/en.yaml", lambda text: text.replace('"Search": "Search"', '"Search": "Find"')),
    _override("base.html", lambda text: text.replace("</body>", "<!-- changed -->\n</body>", 1)),
    _override("partials/entry_card.html", lambda text: text + "<!-- card -->\n"),
    _override("macros.html", lambda text: text.replace("| upper", "| lower")),
    _override("entry.html", lambda text: text.replace("</dl>", "</dl><!-- entry -->", 1) + "\n"),
    _file("content/static/notes.txt", "notes\n"),
    _replace("content/static/humans.txt", "Fixture", "Changed fixture"),
    change_the_code,
    nothing_changed,
    _field("content/entries/2024/repairs-scheduled.md", "date", "nonsense"),  # broken, then fixed
]
SKIPPED: list[str] = []  # the steps whose build was skipped as unchanged


# --- the check ------------------------------------------------------------------------------------


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "pagefind" not in p.parts
    }


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def new_site(base: Path, theme: str) -> Path:
    root = base / "site"
    shutil.copytree(FIXTURES / "valid-site", root)
    if THEMES[theme] is not None:
        shutil.copytree(THEMES[theme], root / "templates")
        (root / "templates" / ".custom").write_text("", encoding="utf-8")  # a hidden file: the edits read it
    return root


def check_step(root: Path, out: Path, scratch: Path, step: str) -> bool:
    """One incremental build against one cold build of the same sources; False when both failed."""
    before, before_inodes = (tree(out), inodes(out)) if out.exists() else ({}, {})
    incremental = build_and_write(root, out, search=False, skip_unchanged=True, release_pages=True)  # as `build`
    if incremental.skipped:
        SKIPPED.append(step)
    cold_out = scratch / "cold" / "site"
    shutil.rmtree(cold_out.parent, ignore_errors=True)
    cold = build_and_write(root, cold_out, use_cache=False, search=False)
    errors = [str(p) for p in incremental.problems.errors]
    assert errors == [str(p) for p in cold.problems.errors], step
    if cold.failed():
        assert tree(out) == before, f"{step}: a failed build changed the site"
        return False
    after = tree(out)
    assert after == tree(cold_out), f"{step}: incremental differs from cold"
    written = {p for p, inode in inodes(out).items() if before_inodes.get(p) != inode}
    changed = {p for p, data in after.items() if before.get(p) != data}
    assert written == changed, f"{step}: wrote {sorted(written ^ changed)} wrongly"
    return True


@pytest.fixture(autouse=True)
def trusted_times(monkeypatch):
    """Every file here changed just now; nanosecond times tell each save apart (the two-second
    rule is for coarser file systems, and has its own test)."""
    monkeypatch.setattr(inputs, "RACY_NS", 0)
    SKIPPED.clear()


@pytest.fixture
def original_code():
    fingerprint, when = code.code_fingerprint, render.when
    yield
    code.code_fingerprint, render.when = fingerprint, when


@pytest.mark.parametrize("theme", list(THEMES))
def test_every_edit_in_turn_gives_the_cold_build(tmp_path: Path, theme: str, original_code) -> None:
    """Each edit made in turn, then (with the default theme) each undone in the other order."""
    root = new_site(tmp_path, theme)
    out = tmp_path / "out" / "site"
    assert check_step(root, out, tmp_path, "first build")
    failed = []
    steps = [*EDITS, *reversed(EDITS)] if theme == "default" else [*EDITS, EDITS[-1]]
    for number, edit in enumerate(steps):
        edit(root)
        if not check_step(root, out, tmp_path, f"{number}: {edit.__name__}"):
            failed.append(edit.__name__)
    assert failed == ["set date in content/entries/2024/repairs-scheduled.md"]  # only the break, only once
    assert [step.partition(": ")[2] for step in SKIPPED].count("nothing_changed") == (2 if theme == "default" else 1)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    theme=st.sampled_from(list(THEMES)),
    edits=st.lists(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3), min_size=1, max_size=5),
)
def test_random_sequences_of_edits_give_the_cold_build(tmp_path_factory, theme: str, edits, original_code) -> None:
    base = tmp_path_factory.mktemp("differential")
    root = new_site(base, theme)
    out = base / "out" / "site"
    fingerprint, when = code.code_fingerprint, render.when
    try:
        check_step(root, out, base, "first build")
        for number, batch in enumerate(edits):  # several edits at once, as a save of many files
            for edit in batch:
                edit(root)
            check_step(root, out, base, f"{number}: {', '.join(e.__name__ for e in batch)}")
    finally:
        code.code_fingerprint, render.when = fingerprint, when
        shutil.rmtree(base, ignore_errors=True)


def test_a_theme_that_reads_every_topic_follows_a_topic_edit(tmp_path: Path) -> None:
    """The case from the issue: entry.html shows every topic's description; one is edited."""
    root = new_site(tmp_path, "custom")
    out = tmp_path / "out" / "site"
    check_step(root, out, tmp_path, "first build")
    result_before = tree(out)
    _replace("content/topics/tram-line.yaml", "no stories yet", "no stories so far")(root)
    check_step(root, out, tmp_path, "topic description")
    changed = {p for p, data in tree(out).items() if result_before.get(p) != data}
    assert {p for p in changed if p.startswith("entries/")} == {
        p for p in result_before if p.startswith("entries/") and p.endswith(".html")
    }  # every entry page shows it


def test_the_code_fingerprint_changes_with_a_module(tmp_path: Path) -> None:
    """A real edit of a generator module changes the fingerprint every store is keyed by."""
    import subprocess
    import sys

    copy = tmp_path / "generator"
    shutil.copytree(Path(code.__file__).resolve().parents[1], copy, ignore=shutil.ignore_patterns("__pycache__"))
    program = "import generator.incremental.code as c; print(c.__file__, c.code_fingerprint())"
    environment = dict(os.environ, PYTHONPATH=str(tmp_path))

    def fingerprint() -> str:  # run beside the copy: it, not the repository, is imported
        command = [sys.executable, "-c", program]
        done = subprocess.run(command, env=environment, capture_output=True, text=True, cwd=tmp_path, check=True)
        assert done.stdout.startswith(str(copy)), done.stdout
        return done.stdout

    first = fingerprint()
    module = copy / "site" / "render.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert fingerprint() != first


def test_library_versions_are_those_importlib_metadata_finds(tmp_path: Path, monkeypatch) -> None:
    """The versions in the fingerprint are read from dist-info folder names: the same as
    importlib.metadata reports, and an upgrade (a newer folder first on sys.path) changes them."""
    import importlib.metadata
    import sys

    versions = code.installed_versions(code.LIBRARIES)
    for name in code.LIBRARIES:
        try:
            assert versions[name] == importlib.metadata.version(name), name
        except importlib.metadata.PackageNotFoundError:
            assert versions[name] == "-"
    (tmp_path / "Jinja2-99.1.dist-info").mkdir()
    (tmp_path / "python_dateutil-99.2.post1.dist-info").mkdir()
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    upgraded = code.installed_versions(code.LIBRARIES)
    assert (upgraded["jinja2"], upgraded["python-dateutil"]) == ("99.1", "99.2.post1")
    assert code.installed_versions(("no-such-distribution",)) == {"no-such-distribution": "-"}
