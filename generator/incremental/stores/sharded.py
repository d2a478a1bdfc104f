"""One store kept in several files by key: a build reads the files its keys fall in and writes
only the files it changed (at 40,000 entries a store is 150 MB, and an edit changes one key).

The same interface as a one-file store (base.Store): look up, record, keep only, save; one
notice for the whole store however many of its files cannot be used.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

from generator.incremental.stores.base import CACHE_DIR, Store


class Sharded:
    """`count` stores of `kind` in `folder` (00.<codec> ...), each read when first needed."""

    def __init__(self, kind: type[Store], folder: Path | None, notices: list[str] | None, count: int) -> None:
        self.folder = folder
        self.notices = notices if notices is not None else []
        self._shard_notices: list[str] = []
        suffix = "pickle" if kind.codec == "pickle" else "json"
        files = [folder / f"{number:02x}.{suffix}" if folder else None for number in range(count)]
        self._shards = [kind(path, self._shard_notices) for path in files]

    def _number(self, key: Any) -> int:
        return zlib.crc32(str(key).encode("utf-8", "surrogatepass")) % len(self._shards)

    def _shard(self, number: int) -> Store:
        shard = self._shards[number]
        if not shard.loaded:
            shard.load()
            if self._shard_notices:
                self._unusable(self._shard_notices[0])
        return shard

    def _unusable(self, notice: str) -> None:
        shown = f"{CACHE_DIR}/{self.folder.name}/" if self.folder else "a store"
        if not any(n.startswith(f"note: {shown} ") for n in self.notices):
            reason = notice.partition(" was not used (")[2].rpartition("); it is made again")[0]
            self.notices.append(f"note: {shown} was not used ({reason}); it is made again")
        self._shard_notices.clear()

    def load(self) -> None:
        """Read every file."""
        for number in range(len(self._shards)):
            self._shard(number)

    @property
    def loaded(self) -> bool:
        return any(shard.loaded for shard in self._shards)

    @property
    def shards_read(self) -> int:
        return sum(shard.loaded for shard in self._shards)

    @property
    def data(self) -> dict[Any, Any]:
        """Every record (every file read)."""
        self.load()
        return {key: value for shard in self._shards for key, value in shard.data.items()}

    def lookup(self, key: Any) -> Any:
        return self._shard(self._number(key)).lookup(key)

    def record(self, key: Any, value: Any) -> None:
        self._shard(self._number(key)).record(key, value)

    def keep_only(self, keys: set[Any]) -> None:
        """Drop the records of other keys from the files this build read (before saving)."""
        for shard in self._shards:
            if shard.loaded and any(key not in keys for key in shard.data):
                shard.data = {key: value for key, value in shard.data.items() if key in keys}
                shard.changed = True

    def save(self) -> None:
        for shard in self._shards:
            shard.save()
