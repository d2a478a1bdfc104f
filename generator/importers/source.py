"""Where an import reads from: a file, standard input (`-`), or a feed's http(s) URL."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

TIMEOUT = 20  # seconds
MAX_BYTES = 20 * 1024 * 1024


class SourceError(Exception):
    """The source cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Source:
    label: str
    text: str
    is_url: bool = False


def _decode(data: bytes, label: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(f"{label}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_source(value: str, timeout: float = TIMEOUT) -> Source:
    if value == "-":
        return Source("<stdin>", _decode(sys.stdin.buffer.read(), "<stdin>"))
    if value.lower().startswith(("http://", "https://")):
        return Source(value, fetch(value, timeout), is_url=True)
    path = Path(value)
    if not path.is_file():
        raise SourceError(f"{value}: no such file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{value}: cannot read the file: {exc.strerror}") from None
    return Source(value, _decode(data, value))


def fetch(url: str, timeout: float = TIMEOUT) -> str:
    """The body of a feed URL as text; SourceError with the reason when it cannot be had."""
    request = urllib.request.Request(url, headers={"User-Agent": "timeline-generator import"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked above
            data = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url}: the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise SourceError(f"{url}: cannot reach it: {exc.reason}") from None
    except (TimeoutError, OSError) as exc:
        raise SourceError(f"{url}: cannot reach it: {exc}") from None
    if len(data) > MAX_BYTES:
        raise SourceError(f"{url}: more than {MAX_BYTES // 1_048_576} MB; download it and import the file")
    return _decode(data, url)
