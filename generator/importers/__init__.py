"""Importers: outside text (clippings, feeds, spreadsheets, TimelineJS) -> entry files.

Each format module turns text into `ImportedEntry` values and problems; `plan` decides what to
write (skipping duplicates, never overwriting) and `apply` writes it. Nothing here prints.
"""

from __future__ import annotations

from .common import ImportedEntry, ImportOptions, SourceData
from .plan import FORMATS, Action, Plan, apply, detect, plan_import
from .source import Source, SourceError, read_source

__all__ = [
    "FORMATS", "Action", "ImportOptions", "ImportedEntry", "Plan", "Source", "SourceData", "SourceError",
    "apply", "detect", "plan_import", "read_source",
]  # fmt: skip
