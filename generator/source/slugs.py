"""Slugs: the URL names of entries, tags, pages and topics (SPEC 4).

Unicode NFC, lower case, letters of any script and digits kept, every other run one hyphen. A
slug is a folder name on every host, and file systems take 255 bytes: a slug made from a title
is cut at a hyphen to at most 200 UTF-8 bytes; one written longer is an error, as is an empty one.
"""

from __future__ import annotations

import re
import unicodedata

MAX_BYTES = 200
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


class SlugError(ValueError):
    """A slug that cannot name a page; the message is for the author."""


def slugify(text: str) -> str:
    """NFC, lower case, letters of any script and digits kept, every other run one hyphen."""
    text = unicodedata.normalize("NFC", str(text)).lower()
    return _NOT_WORD.sub("-", text).strip("-")


def cut(slug: str, limit: int = MAX_BYTES) -> str:
    """A made slug cut at a hyphen (or, with none, at a character) to at most `limit` UTF-8 bytes."""
    if len(slug.encode("utf-8")) <= limit:
        return slug
    head = slug.encode("utf-8")[:limit].decode("utf-8", "ignore")
    at = head.rfind("-")
    return (head[:at] if at > 0 else head).strip("-")


def made(text: str) -> str:
    """A slug made from a title or file name: slugified and cut; SlugError when nothing is left."""
    slug = cut(slugify(text))
    if not slug:
        raise SlugError(f"'{text}' has no letters or digits to make a page name from")
    return slug


def of_tag(name: str) -> str:
    """A tag's page name: made from its words like a title's, so cut to the limit ("" for a tag
    of punctuation only, which entries refuse)."""
    return cut(slugify(name))


def written(text: str) -> str:
    """A slug as an author wrote it (`slug:`, `aliases:`): slugified, never cut; SlugError when
    it is empty or longer than the limit."""
    slug = slugify(text)
    if not slug:
        raise SlugError(f"'{text}' has no letters or digits to make a page name from")
    size = len(slug.encode("utf-8"))
    if size > MAX_BYTES:
        raise SlugError(f"the page name '{slug[:40]}…' is {size} bytes long; write one of at most {MAX_BYTES} bytes")
    return slug
