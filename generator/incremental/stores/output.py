"""What the last good build wrote into one output folder: which folder, and its search shards.

The page records (pages.py) describe the files of the live output folder; they are trusted only
while this store names that folder's inode, which is saved just before the folder is swapped in.
So a build killed between writing the site and saving its records never makes the next build
reuse a wrong page. JSON, signed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from generator.incremental.stores.base import Store


class OutputState(Store):
    name = "output"
    codec = "json"

    def empty(self) -> Any:
        return {"folder": None, "search": {}}

    def check(self, data: Any) -> Any:
        data = super().check(data)
        if not isinstance(data.get("search"), dict) or not isinstance(data.get("folder"), (int, type(None))):
            raise ValueError("not an output state")
        return data

    def describes(self, out: Path) -> bool:
        self.load()
        try:
            return self.data["folder"] is not None and os.stat(out).st_ino == self.data["folder"]
        except OSError:
            return False

    @property
    def search(self) -> dict[str, str]:
        """Search bundle -> digest of the pages it indexes, as the live folder has it."""
        self.load()
        return self.data["search"]

    def settle(self, folder: int | None, search: dict[str, str]) -> None:
        self.replace({"folder": folder, "search": dict(sorted(search.items()))})
