"""Compiled templates, kept between builds: Jinja's bytecode, keyed by each template's source.

Bytecode runs when it is loaded, so it is kept in the user's own cache folder (never in a site's
.cache/), in a signed file per site whose header names the code fingerprint: compiled templates
depend on the environment's options and extensions too, which are code.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

import jinja2

from generator.incremental.stores.base import Store
from generator.incremental.stores.signed import user_folder


class CompiledTemplates(Store, jinja2.BytecodeCache):
    name = "templates"
    codec = "pickle"

    @classmethod
    def for_site(cls, root: Path, notices: list[str]) -> CompiledTemplates:
        folder = user_folder()
        tag = hashlib.blake2b(str(root.resolve()).encode("utf-8"), digest_size=8).hexdigest()
        return cls(folder / f"templates-{tag}.pickle" if folder else None, notices)

    def check(self, data: Any) -> Any:
        data = super().check(data)
        if not all(isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 for k, v in data.items()):
            raise ValueError("not compiled templates")
        return data

    # Jinja asks and tells through these two:
    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.lookup(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = marshal.loads(found[1])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.code is not None:
            self.record(bucket.key, (bucket.checksum, marshal.dumps(bucket.code)))
