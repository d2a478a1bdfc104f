"""Shared helpers: run the real command line in a subprocess, copy fixture sites, read built trees."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from hypothesis import configuration as hypothesis_configuration
from hypothesis import settings as hypothesis_settings

# Hypothesis keeps nothing in the repository (tests never write there): no example database,
# and its own files in a temporary folder, removed when the tests end.
HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="timelines-hypothesis-")
atexit.register(shutil.rmtree, HYPOTHESIS_HOME, ignore_errors=True)
hypothesis_configuration.set_hypothesis_home_dir(HYPOTHESIS_HOME)
hypothesis_settings.register_profile("timelines", database=None)
hypothesis_settings.load_profile("timelines")

# A suite started in the background (`pytest &` in a script, many CI runners) inherits Ctrl-C
# ignored, and Python then leaves it ignored in every program the tests start: a preview sent
# SIGINT, as a terminal's Ctrl-C sends it, would not stop. Tests start programs as a terminal does.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it; stdout and stderr decoded as UTF-8."""
    env = dict(
        os.environ,
        PYTHONIOENCODING="utf-8",
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=REPO, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )  # fmt: skip


def run_cli_here(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command line run in this process (much faster than a new interpreter), with what it
    printed captured as a subprocess would give it; an exception is a traceback on stderr."""
    import contextlib
    import gc
    import io
    import traceback

    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    argv = [str(a) for a in args]
    thresholds = gc.get_threshold()  # a command tunes them for a process that ends; this one goes on
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse on a wrong command line
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception:  # noqa: BLE001 - a traceback is a bug, and the test says so
            traceback.print_exc()
            code = 1
        finally:
            gc.set_threshold(*thresholds)
    return subprocess.CompletedProcess(["python", "-m", "generator", *argv], code, out.getvalue(), err.getvalue())


def copy_site(name: str, dest: Path) -> Path:
    """A copy of tests/fixtures/<name> at `dest` (which must not exist yet), without what a build
    run by hand in the fixture would have left there (its site and stores)."""
    source = FIXTURES / name

    def left_by_a_build(folder: str, names: list[str]) -> set[str]:
        return {".cache", "site"} & set(names) if Path(folder) == source else set()

    shutil.copytree(source, dest, symlinks=True, ignore=left_by_a_build)
    return dest


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones included): relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True, scope="session")
def private_user_cache(tmp_path_factory: pytest.TempPathFactory):
    """Builds sign their cache of parsed files with a key in the user's cache folder (memo.py):
    a test run keeps its own, and its subprocesses use it too."""
    folder = tmp_path_factory.mktemp("user-cache")
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(autouse=True, scope="session")
def repository_untouched() -> Iterator[None]:
    """Tests build copies in temporary folders: the repository is left as it was found."""
    before = _untracked()
    yield
    added = _untracked() - before
    assert not added, f"tests wrote into the repository: {sorted(added)}"


def _untracked() -> set[str]:
    listed = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=REPO, capture_output=True, text=True, check=False,
    ).stdout  # fmt: skip
    return {line[3:] for line in listed.splitlines() if line[:2] in ("??", "!!") and "__pycache__" not in line}


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go to be looked at: TIMELINES_ARTIFACTS, else a temporary folder."""
    folder = Path(os.environ.get("TIMELINES_ARTIFACTS") or tmp_path_factory.mktemp("artifacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """The command line, run in this process; `run_cli` runs it as a real process."""
    return run_cli_here


@pytest.fixture(scope="session")
def copy_fixture() -> Callable[[str, Path], Path]:
    return copy_site


@pytest.fixture(scope="session")
def tree() -> Callable[[Path], dict[str, bytes]]:
    return read_tree


def require_tool(reason: str) -> None:
    """A test needs an outside tool that is missing: skip with the reason, or fail in CI.

    With TIMELINES_REQUIRE_ALL=1 (set by .ci/run) every such test must run, so this fails instead.
    """
    if os.environ.get("TIMELINES_REQUIRE_ALL") == "1":
        pytest.fail(f"{reason} (TIMELINES_REQUIRE_ALL=1: every tool must be there)")
    pytest.skip(reason)


def npm_file(variable: str, relative: str, hint: str) -> Path:
    """A file of a globally installed npm package (.ci/run installs them), or the path in the
    environment variable `variable`; a missing one skips (fails in CI) with `hint`."""
    if os.environ.get(variable):
        return Path(os.environ[variable])
    npm = shutil.which("npm")
    try:
        root = (
            subprocess.run([npm, "root", "-g"], capture_output=True, text=True, timeout=60).stdout.strip()
            if npm
            else ""
        )
    except (OSError, subprocess.SubprocessError):
        root = ""
    found = Path(root) / relative
    if not root or not found.exists():
        require_tool(f"{relative} is missing ({hint}, or set {variable})")
    return found


# -- Browser tests: built sites served over HTTP under a sub-path, and Debian's Chromium ---------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVED_SITES = {"repo": REPO, "fixture": FIXTURES / "valid-site"}  # sub-path -> site folder


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def served() -> object:
    """The example site at http://127.0.0.1:PORT/repo/, the fixture site at /fixture/, and the fixture
    site again at /sharded/ with its search index in several shards.

    Built (search index included) with base_url pointing there, as a project site on a host
    would be. Yields an object with `.url(sub, path)` and `.folder(sub)`.
    """
    import socket
    import tempfile

    from generator.build import build_and_write

    with tempfile.TemporaryDirectory(prefix="timelines-served-") as tmp:
        root = Path(tmp)
        with socket.socket() as probe:  # a free port, for the base_url the sites are built with
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        for sub, site in SERVED_SITES.items():
            result = build_and_write(site, root / sub, base_url=f"http://127.0.0.1:{port}/{sub}/", use_cache=False)
            assert not result.failed(), [str(p) for p in result.problems.sorted()]
        from generator.output import search

        shard_pages, search.SHARD_PAGES = search.SHARD_PAGES, 2  # its index in shards, as on a large site
        try:
            result = build_and_write(
                SERVED_SITES["fixture"], root / "sharded", base_url=f"http://127.0.0.1:{port}/sharded/", use_cache=False
            )
            assert not result.failed(), [str(p) for p in result.problems.sorted()]
        finally:
            search.SHARD_PAGES = shard_pages
        # in a process of its own: a thread here would keep every later build of this process
        # from forking its workers (generator/workers.py), and the worker tests from testing them
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(root)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(port, server)

        class Served:
            origin = f"http://127.0.0.1:{port}"

            @staticmethod
            def url(sub: str, path: str = "") -> str:
                return f"http://127.0.0.1:{port}/{sub}/{path}"

            @staticmethod
            def folder(sub: str) -> Path:
                return root / sub

        try:
            yield Served()
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_for_port(port: int, server: subprocess.Popen) -> None:  # type: ignore[type-arg]
    """Until the server accepts connections (it imports and binds in well under a second)."""
    import socket

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and server.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"the test server on port {port} did not start")


@pytest.fixture(scope="session")
def browser() -> object:
    """Headless Debian Chromium through Playwright (never a downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool("Playwright is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        require_tool(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def forking(request: pytest.FixtureRequest) -> None:
    """For a test of what forked workers do. A process with other threads forks nothing
    (generator/workers.py): this one may have them (a shared browser, a server), and the test
    would then check the serial path twice. So it also runs in a pytest of its own, where the
    workers are forked, and must pass there; then here, as it is."""
    from generator.workers import can_fork

    if can_fork():
        return
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p", "no:cacheprovider", "-p", "no:xdist",
         "-p", "no:benchmark", f"{request.node.path}::{request.node.name}"],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, f"failed where workers are forked:\n{done.stdout[-4000:]}{done.stderr[-2000:]}"
