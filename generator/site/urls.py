"""Slugs, output paths and relative links: one place that knows where every page lives."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def slugify(text: str) -> str:
    """NFC, lower case, letters of any script and digits kept, every other run one hyphen."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    return _NOT_WORD.sub("-", text).strip("-")


def entry_path(slug: str) -> str:
    return f"entries/{slug}/"


def topic_path(slug: str) -> str:
    return f"topics/{slug}/"


def tag_path(tag_slug: str) -> str:
    return f"tags/{tag_slug}/"


def page_path(slug: str) -> str:
    return f"{slug}/"


def output_file(url_path: str) -> str:
    """The file that serves a folder URL: `entries/x/` -> `entries/x/index.html`."""
    return url_path + "index.html" if url_path.endswith("/") or not url_path else url_path


def encode(url_path: str) -> str:
    """Percent-encode a site path for use in an href (slugs may hold any script)."""
    return quote(url_path, safe="/#")


def root_prefix(from_path: str) -> str:
    """The relative way back to the site root from the page at `from_path` ("" or "../../")."""
    depth = from_path.count("/")
    return "../" * depth


def relative(from_path: str, to_path: str) -> str:
    """A relative href from one site path to another; folders end with '/'."""
    href = root_prefix(from_path) + encode(to_path)
    return href or "./"


def absolute(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + "/" + encode(path)
