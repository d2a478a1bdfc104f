"""Which file of the preview folder a request may have, and its type: nothing outside it."""

from __future__ import annotations

import mimetypes
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

TEXT_TYPES = ("application/json", "application/xml", "application/atom+xml", "application/javascript", "image/svg+xml")


@dataclass(frozen=True)
class Located:
    status: int  # 200, 301, 403 or 404
    file: Path | None = None
    location: str | None = None


def locate(site: Path, raw_path: str) -> Located:
    """The built file a URL path names; 403 for anything that would leave the site folder.

    `raw_path` is the path as sent (still percent-encoded): `..` in any spelling, absolute
    paths and links resolving outside `site` are refused, never normalised away. A name no file
    system takes (a segment over 255 bytes) is simply not there.
    """
    path = unquote(raw_path, errors="replace")
    if not path.startswith("/") or "\x00" in path or "\\" in path:
        return Located(403)
    relative = path[1:]
    if relative.startswith("/"):
        return Located(403)  # `//etc/passwd`: an absolute path
    parts = relative.split("/")
    if any(part in (".", "..") for part in parts):
        return Located(403)
    base = site.resolve()
    target = base.joinpath(*[part for part in parts if part])
    try:
        if target.is_dir():
            if not path.endswith("/"):
                return Located(301, location=raw_path + "/")
            target = target / "index.html"
        real = target.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return Located(404)
    if not real.is_relative_to(base):
        return Located(403)
    return Located(200, real) if real.is_file() else Located(404)


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in TEXT_TYPES:
        kind += "; charset=utf-8"
    return kind


def read_served(path: Path) -> bytes | None:
    for _attempt in range(3):  # a swap without RENAME_EXCHANGE leaves a very short gap
        try:
            return path.read_bytes()
        except FileNotFoundError:
            time.sleep(0.02)
        except OSError:
            return None
    return None
