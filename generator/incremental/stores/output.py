"""What the last good build wrote into one output folder: which folder, and its search shards.

The page records (pages.py) describe the files of the live output folder; they are trusted only
while this store names that folder: its inode, or else (a folder restored from a CI cache, whose
inode is new) the same listing of paths, sizes and modification times (tar keeps them to the
nanosecond; the listing is taken only in CI, where the CI variable is set, as GitHub Actions sets
it: it costs a walk of the whole site). Both are saved just before the folder is swapped in, so a
build killed between writing the site and saving its records never makes the next build reuse a
wrong page.

With them, for a build that can be skipped (inputs.py): the digest of everything that build
read, the names of the files it left, and its report (counts, notices, warnings), repeated by a
build that finds all of them as they were; and each file it read, with the digest of the bytes
of each content file, so that a file saved again unchanged is found as it was. JSON, signed.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from generator.incremental.inputs import Inputs, files_under, only_saved_again
from generator.incremental.stores.base import Store


class OutputState(Store):
    name = "output"
    codec = "json"

    def empty(self) -> Any:
        return {"folder": None, "listing": None, "search": {}, "unchanged": None}

    def check(self, data: Any) -> Any:
        data = super().check(data)
        if (
            not isinstance(data.get("search"), dict)
            or not isinstance(data.get("folder"), (int, type(None)))
            or not isinstance(data.get("listing"), (str, type(None)))
            or not isinstance(data.get("unchanged"), (dict, type(None)))
        ):
            raise ValueError("not an output state")
        return data

    def describes(self, out: Path) -> bool:
        self.load()
        try:
            if self.data["folder"] is not None and os.stat(out).st_ino == self.data["folder"]:
                return True
        except OSError:
            return False
        return self.data.get("listing") is not None and listing(out) == self.data["listing"]

    @property
    def search(self) -> dict[str, str]:
        """Search bundle -> digest of the pages it indexes, as the live folder has it."""
        self.load()
        return self.data["search"]

    def settle(
        self, folder: Path | None, search: dict[str, str], inputs: Inputs | None = None, report: Any = None
    ) -> None:
        """`folder` is about to become the output folder (None: nothing is known of it), made
        from `inputs` (None: not to be skipped next time) with this `report`."""
        inode = os.stat(folder).st_ino if folder is not None else None
        files = listing(folder) if folder is not None and in_ci() else None
        unchanged = None
        if folder is not None and inputs is not None and inputs.trusted:
            unchanged = {"inputs": inputs.digest, "names": listing(folder, times=False), "report": report,
                         "head": inputs.head, "files": inputs.files, "contents": inputs.contents}  # fmt: skip
        search = dict(sorted(search.items()))
        self.replace({"folder": inode, "listing": files, "search": search, "unchanged": unchanged})

    def unchanged_report(self, out: Path, inputs: Inputs) -> Any:
        """The report of the last build when `inputs` are its inputs and `out` holds what it left
        (then building again would make the same site); None otherwise."""
        self.load()
        kept = self.data.get("unchanged")
        if not kept or not self.describes(out):
            return None
        if kept.get("inputs") != inputs.digest and not only_saved_again(
            inputs, kept.get("files"), kept.get("contents"), kept.get("head")
        ):
            return None
        try:
            return kept.get("report") if listing(out, times=False) == kept.get("names") else None
        except OSError:
            return None


def in_ci() -> bool:
    """As GitHub Actions, GitLab CI and most others say it: CI=true."""
    return os.environ.get("CI", "").lower() in ("true", "1", "yes")


def listing(folder: Path, times: bool = True) -> str:
    """A digest of every file's path under `folder`, with its size and modification time (or
    without: the names of what a build left, for a skipped build)."""
    digest = hashlib.blake2b(digest_size=16)
    for path, item in files_under(folder):
        line = path.encode("utf-8", "surrogateescape")
        if item is None:
            line = b"unreadable\0" + line
        elif times:
            info = item.stat(follow_symlinks=False)
            line += b"\0%d\0%d" % (info.st_size, info.st_mtime_ns)
        digest.update(line + b"\n")
    return digest.hexdigest()
