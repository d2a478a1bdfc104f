"""Watch a site's sources and report each burst of changes once (event-driven, via watchfiles).

livereload's own watcher polls, and its inotify mode needs pyinotify, which is unmaintained and
breaks on Python 3.12; watchfiles (Rust `notify`) sees a save at once and groups a burst of
changes (an editor's save, a `git checkout`) into one batch.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import watchfiles

# Time without a new event that ends a burst, and the longest a burst is held back.
STEP_MS = 30
DEBOUNCE_MS = 2000


@dataclass(frozen=True)
class Change:
    kind: str  # added, modified, deleted
    path: str  # relative to the site folder, forward slashes


def watched_folders(root: Path) -> list[Path]:
    """content/ (site.yaml included) and the site's own templates/, when it has them."""
    return [folder for folder in (root / "content", root / "templates") if folder.is_dir()]


class _Filter(watchfiles.DefaultFilter):
    """watchfiles' defaults (editor swap files, .git, caches) plus hidden files and folders."""

    def __init__(self, root: Path) -> None:
        super().__init__()
        self.root = root.resolve()

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        try:
            parts = Path(path).resolve().relative_to(self.root).parts
        except ValueError:
            parts = Path(path).parts
        return not any(part.startswith(".") for part in parts)


def describe(changes: Iterable[Change]) -> str:
    """One short phrase for the terminal: 'content/entries/x.md changed', '3 files changed'."""
    items = sorted(set(changes), key=lambda c: c.path)
    if not items:
        return "sources changed"
    if len(items) == 1:
        change = items[0]
        verb = {"added": "added", "deleted": "deleted"}.get(change.kind, "changed")
        return f"{change.path} {verb}"
    paths = sorted({c.path for c in items})
    if len(paths) == 1:
        return f"{paths[0]} changed"
    return f"{paths[0]} and {len(paths) - 1} more file{'s' if len(paths) > 2 else ''} changed"


def watch(root: Path, on_change: Callable[[list[Change]], None], stop: threading.Event) -> None:
    """Call `on_change` once per burst of changes under the watched folders until `stop` is set.

    Runs in the caller's thread; events that arrive while `on_change` runs are kept and come
    as the next burst, so a slow rebuild never loses a change and never runs twice at once.
    """
    folders = watched_folders(root)
    if not folders:
        return
    for batch in watchfiles.watch(
        *folders, watch_filter=_Filter(root), step=STEP_MS, debounce=DEBOUNCE_MS,
        stop_event=stop, rust_timeout=500, raise_interrupt=False,
    ):  # fmt: skip
        changes = lasting_changes(root, batch)
        if changes:
            on_change(changes)


def lasting_changes(root: Path, batch: Iterable[tuple[watchfiles.Change, str]]) -> list[Change]:
    """One change per path, leaving out files that came and went within the burst.

    Editors and `sed -i` write a temporary file and rename it over the real one: the temporary
    file is added and deleted in the same burst and changes nothing worth a rebuild.
    """
    base = root.resolve()
    kinds: dict[str, set[str]] = {}
    for kind, path in batch:
        try:
            shown = Path(path).resolve().relative_to(base).as_posix()
        except ValueError:
            shown = Path(path).as_posix()
        kinds.setdefault(shown, set()).add(kind.name)
    changes = []
    for path, seen in sorted(kinds.items()):
        if {"added", "deleted"} <= seen and not (base / path).exists():
            continue
        kind = "deleted" if not (base / path).exists() else "added" if seen == {"added"} else "modified"
        changes.append(Change(kind, path))
    return changes
