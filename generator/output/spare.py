"""The spare folder beside the output, made while a build computes: after the first build.

The writer swaps in a folder that it brings up to date file by file: the spare, which holds the
site before last. After a cold build there is none, and making one (a folder per page, 40,000 on a
large site, at about 6,500 a second on a common disk) would be most of the first edit's write. So
a build that writes into a site it made starts this in a child process first: it mirrors the live
site beside it as folders and hard links, never touching a live file. The child is a fresh
interpreter (`python -m generator.output.spare OUT`), never a fork (serve has threads); it ends
when asked (SIGTERM: what is made by then is the spare) and when its parent dies.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from generator.errors import BuildError
from generator.output.writer import _link_or_copy, _lock, spare_folder
from generator.workers import die_with_parent


def prepare_spare(out: Path, stop: Any = None) -> None:
    """When the live site has no spare beside it yet, make one: its folders, and hard links to its
    files. A build runs this beside its own work (mkdir is most of a write after the first build,
    and this disk does ~6,500 a second), so that its write only changes what differs. Never
    touches the live site; any failure leaves the work to the write, which does it anyway.
    `stop` (an Event, of threading or multiprocessing) ends it early, as when a build has nothing
    to write: what is made by then is the spare.
    """
    out = Path(os.path.abspath(out))
    spare = spare_folder(out)
    if not out.is_dir() or os.path.lexists(spare):
        return
    try:
        lock = _lock(out)
    except BuildError:
        return
    making = out.parent / f".{out.name}.building-{os.getpid()}"  # removed by the next build if left
    try:
        if os.path.lexists(spare):
            return
        shutil.rmtree(making, ignore_errors=True)
        _mirror(os.fspath(out), os.fspath(making), stop or threading.Event())
        os.rename(making, spare)
    except OSError:
        shutil.rmtree(making, ignore_errors=True)
    finally:
        os.close(lock)


class SpareInBackground:
    """prepare_spare in a child process beside a build (a thread would wait for the interpreter
    lock after each of its thousands of system calls). Started only where there is no spare yet."""

    def __init__(self, out: Path, wanted: bool) -> None:
        self._spare = spare_folder(out)
        self._process: subprocess.Popen[bytes] | None = None
        if wanted and not os.path.lexists(self._spare):
            package_parent = str(Path(__file__).resolve().parents[2])
            path = os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))
            command = [sys.executable, "-m", "generator.output.spare", os.fspath(out), str(os.getpid())]
            try:
                self._process = subprocess.Popen(
                    command, env=dict(os.environ, PYTHONPATH=path), stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
            except OSError:
                self._process = None  # the write makes it then

    def wait(self) -> None:
        """Until the spare is made (or left to the write)."""
        if self._process is not None:
            self._process.wait()

    def stop(self) -> None:
        """Not needed after all (nothing to write): what is made by then is the spare."""
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
        self.wait()

    def discard(self) -> None:
        """The build failed: nothing it made stays beside the site."""
        started = self._process is not None
        self.stop()
        if started:
            shutil.rmtree(self._spare, ignore_errors=True)


def _lower_priority() -> None:
    """Behind the build that started it: the spare is needed only once that build writes (a first
    edit makes its few pages in the time this takes to mirror 4,000 folders)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass


def main(argv: list[str]) -> None:
    """The child: `python -m generator.output.spare OUT PARENT_PID`."""
    out, parent = Path(argv[0]), int(argv[1])
    die_with_parent(parent)
    _lower_priority()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: stop.set())
    prepare_spare(out, stop)


def _mirror(source: str, target: str, stop: Any) -> None:
    os.mkdir(target)
    with os.scandir(source) as entries:
        listed = list(entries)
    for entry in listed:
        if stop.is_set():
            return
        if entry.is_dir(follow_symlinks=False):
            _mirror(entry.path, os.path.join(target, entry.name), stop)
        elif entry.is_file(follow_symlinks=False):
            _link_or_copy(entry.path, os.path.join(target, entry.name))


if __name__ == "__main__":
    main(sys.argv[1:])
