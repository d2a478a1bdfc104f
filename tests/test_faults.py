"""Faults (SPEC 6, safety of the output): a killed build, a full disk, an unwritable folder.

The output folder is only ever the old complete site or the new complete site: a build killed with
SIGKILL at any moment leaves one of the two, and the next build removes what it left beside the
output. A location that cannot be written gives a clear error, exit 1, and the old site as it was.
Pagefind's index files are left out of the comparisons (SPEC 6 exempts them from byte identity).
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, read_tree, require_tool

ENTRIES = 400
BODY = "\n\n".join(
    f"Paragraph {n} of a story long enough to give Markdown and the search index some work to do: "
    "delegates met, statements were issued, and the reporters wrote it all down."
    for n in range(6)
)


def make_site(root: Path, label: str, entries: int = ENTRIES) -> Path:
    """A site of `entries` entries over three topics, titles marked with `label` (old / new)."""
    (root / "content/topics").mkdir(parents=True)
    for topic in ("alpha", "beta", "gamma"):
        (root / f"content/topics/{topic}.yaml").write_text(f"title: {topic.title()} {label}\n", encoding="utf-8")
    folder = root / "content/entries"
    folder.mkdir()
    for n in range(entries):
        topic = ("alpha", "beta", "gamma")[n % 3]
        day = f"20{10 + n % 14}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        text = f"---\ntitle: {label} story {n}\ndate: {day}\ntopics: [{topic}]\ntags: [t{n % 7}]\n---\n{BODY}\n"
        (folder / f"story-{n:04d}.md").write_text(text, encoding="utf-8")
    return root


def without_search_index(tree: dict[str, bytes]) -> dict[str, bytes]:
    return {path: data for path, data in tree.items() if not path.startswith("search/pagefind/")}


def leftovers(out: Path) -> list[str]:
    """Half-done folders a build leaves beside the output only while it runs."""
    prefixes = (f".{out.name}.building-", f".{out.name}.old-")
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(prefixes))


def beside(out: Path) -> list[str]:
    """Everything a build keeps or writes beside the output (staging, the spare folder)."""
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}."))


def start_build(root: Path, out: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--root", str(root), "--out", str(out), "--quiet"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the build and everything it started (Pagefind, Markdown workers): its own group."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)


def build(root: Path, out: Path) -> None:
    process = start_build(root, out)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr.decode()


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """An old and a new site, each built once for reference, and how long a build takes."""
    base = tmp_path_factory.mktemp("faults")
    old, new = make_site(base / "old", "Old"), make_site(base / "new", "New")
    build(old, base / "ref-old")
    started = time.monotonic()
    build(new, base / "ref-new")
    seconds = time.monotonic() - started
    return {
        "base": base, "old": old, "new": new, "seconds": seconds,
        "old_tree": without_search_index(read_tree(base / "ref-old")),
        "new_tree": without_search_index(read_tree(base / "ref-new")),
    }  # fmt: skip


def _old_or_new(out: Path, sites: dict[str, object], when: str) -> str:
    tree = without_search_index(read_tree(out))
    if tree == sites["old_tree"]:
        return "old"
    assert tree == sites["new_tree"], f"killed {when}: the output is neither the old nor the new site"
    assert (out / "search/pagefind/pagefind.js").is_file(), f"killed {when}: the new site has no search index"
    return "new"


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_the_old_or_the_new_site(sites, tmp_path: Path) -> None:
    duration = float(sites["seconds"])  # type: ignore[arg-type]
    outcomes = []
    for fraction in (0.1, 0.3, 0.5, 0.7, 0.9, 1.05):
        out = tmp_path / f"at-{fraction}" / "site"
        out.parent.mkdir()
        shutil.copytree(sites["base"] / "ref-old", out)  # type: ignore[operator]
        process = start_build(sites["new"], out)  # type: ignore[arg-type]
        time.sleep(duration * fraction)
        kill(process)
        outcomes.append(_old_or_new(out, sites, f"after {duration * fraction:.2f} s"))
        build(sites["old"], out)  # type: ignore[arg-type]  # the next build cleans up and succeeds
        assert leftovers(out) == [], f"after {duration * fraction:.2f} s"
        assert _old_or_new(out, sites, "never") == "old"
    assert "old" in outcomes, outcomes  # the early kills did hit a build before its swap


@pytest.mark.slow
def test_a_build_killed_while_writing_leaves_the_old_site_and_is_cleaned_up(sites, tmp_path: Path) -> None:
    """Killed as soon as its staging folder appears, and again a moment into the writing."""
    for delay in (0.0, 0.05, 0.2):
        out = tmp_path / f"writing-{delay}" / "site"
        out.parent.mkdir()
        shutil.copytree(sites["base"] / "ref-old", out)  # type: ignore[operator]
        process = start_build(sites["new"], out)  # type: ignore[arg-type]
        deadline = time.monotonic() + 120
        while not beside(out) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert beside(out), "the build finished without a staging folder beside the output"
        time.sleep(delay)
        kill(process)
        assert _old_or_new(out, sites, f"{delay} s into writing") in ("old", "new")
        stale = beside(out)
        build(sites["old"], out)  # type: ignore[arg-type]
        assert leftovers(out) == [], f"{stale}: what the killed build left was not cleaned up"
        assert _old_or_new(out, sites, "never") == "old"


# --- locations that cannot be written -----------------------------------------------------------


def _small_site(root: Path) -> Path:
    return make_site(root, "Small", entries=3)


def _failed_clearly(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "1 error, 0 warnings" in result.stderr, result.stderr
    return result.stderr


def test_an_output_under_a_file_is_a_clear_error(tmp_path: Path, cli) -> None:
    root = _small_site(tmp_path / "root")
    (tmp_path / "notes.txt").write_text("a file, not a folder\n", encoding="utf-8")
    stderr = _failed_clearly(cli("build", "--root", root, "--out", tmp_path / "notes.txt" / "site"))
    assert "cannot create" in stderr and "notes.txt" in stderr
    stderr = _failed_clearly(cli("build", "--root", root, "--out", tmp_path / "notes.txt"))
    assert "is not a folder" in stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "a file, not a folder\n"


@pytest.fixture
def tmpfs(tmp_path: Path):
    """A 2 MB tmpfs mounted for the test (root only); None where mounting is not allowed."""
    point = tmp_path / "disk"
    point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(point)], capture_output=True)
    if mounted.returncode != 0:
        yield None
        return
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


@pytest.fixture
def site_on_tmpfs(tmp_path: Path, tmpfs: Path | None, cli, tree) -> tuple[Path, Path, dict]:
    """A small site built onto the tmpfs: (site folder, output folder, the output's files)."""
    if tmpfs is None:
        require_tool("cannot mount a tmpfs here (needs root); test_a_failing_write_in_process covers the same path")
    root = _small_site(tmp_path / "root")
    out = tmpfs / "site"
    assert cli("build", "--root", root, "--out", out, "--quiet").returncode == 0
    return root, out, tree(out)


def test_a_full_disk_is_a_clear_error_and_the_old_site_stays(site_on_tmpfs, cli, tree) -> None:
    root, out, before = site_on_tmpfs
    (root / "content/static").mkdir()
    (root / "content/static/archive.bin").write_bytes(os.urandom(3 * 1024 * 1024))  # more than is left
    stderr = _failed_clearly(cli("build", "--root", root, "--out", out))
    assert "No space left on device" in stderr and "the previous site is unchanged" in stderr, stderr
    assert tree(out) == before
    assert leftovers(out) == []


def test_a_read_only_location_is_a_clear_error_and_the_old_site_stays(site_on_tmpfs, cli, tree) -> None:
    root, out, before = site_on_tmpfs
    subprocess.run(["mount", "-o", "remount,ro", str(out.parent)], check=True)
    entry = next((root / "content/entries").glob("*.md"))  # a change: this build must write
    entry.write_text(entry.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    stderr = _failed_clearly(cli("build", "--root", root, "--out", out))
    assert "Read-only file system" in stderr, stderr
    assert tree(out) == before


def test_a_failing_write_in_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tree) -> None:
    """Without root: the disk fills up half-way through writing pages (simulated)."""
    from generator.build import build_and_write

    root = _small_site(tmp_path / "root")
    out = tmp_path / "site"
    assert not build_and_write(root, out).failed()
    before = tree(out)
    for entry in (root / "content/entries").glob("*.md"):  # every page changes: the writer must write
        entry.write_text(entry.read_text(encoding="utf-8").replace("Small story", "Changed story"), encoding="utf-8")
    from generator.output import writer

    real = writer._write
    written = []

    def fill_up(path: str, data: bytes) -> None:
        written.append(path)
        if len(written) > 5:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real(path, data)

    monkeypatch.setattr(writer, "_write", fill_up)
    result = build_and_write(root, out)
    monkeypatch.undo()
    assert result.failed()
    [problem] = result.problems.errors
    assert "No space left on device" in problem.message and "previous site is unchanged" in problem.message
    assert tree(out) == before
    assert leftovers(out) == []


def _children(pid: int) -> list[int]:
    """Live processes whose parent is `pid` (zombies are dead)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid and stat[0] != "Z":
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
def test_workers_of_a_killed_build_die_with_it(tmp_path: Path) -> None:
    """Issue 12 H4: after SIGKILL of the build alone, its forked workers lived on, holding the
    output pipe open. Each worker asks the kernel for SIGKILL when its parent dies, so one busy
    with a long text (0.8 s of Markdown here) dies at once, not when its task is done."""
    root = tmp_path / "slow"
    (root / "content/topics").mkdir(parents=True)
    (root / "content/topics/t.yaml").write_text("title: T\n")
    (root / "content/entries").mkdir()
    for n in range(160):  # enough to parse in workers (load.PARALLEL_MIN)
        (root / f"content/entries/e{n}.md").write_text(
            f"---\ntitle: E{n}\ndate: 2024\ntopics: [t]\n---\n{'[](' * 2400}\n"
        )
    process = start_build(root, tmp_path / "out")
    try:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while not workers and process.poll() is None and time.monotonic() < deadline:
            workers = [
                pid for pid in _children(process.pid) if b"generator" in Path(f"/proc/{pid}/cmdline").read_bytes()
            ]
            time.sleep(0.01)
        assert workers, "the build finished before it forked workers"
        time.sleep(0.1)  # into their first text
        os.kill(process.pid, signal.SIGKILL)  # the build only, as a crash or the OOM killer would
        process.wait(timeout=30)
        deadline = time.monotonic() + 0.3
        while any(map(_alive, workers)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not any(map(_alive, workers)), "workers outlived the build"
    finally:
        kill(process)
