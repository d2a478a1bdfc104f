"""The box that lists a failed build's errors over every page of the preview."""

from __future__ import annotations

import html

from generator.site.words import Catalog, Words

OVERLAY_ID = "timelines-build-errors"
ENGLISH = Words(Catalog("en", None))


def overlay_html(errors: tuple[str, ...] | list[str], words: Words = ENGLISH) -> str:
    """The box listing `path:line: message` errors over every page (escaped: they quote content),
    in the site's language."""
    failed = words.count("The last build failed: %(num)d error", "The last build failed: %(num)d errors", len(errors))
    advice = words.gettext("Fix them and save: this page reloads by itself. Below is the page as it was after "
                           "the last good build.")  # fmt: skip
    items = "".join(f"<li>{html.escape(error)}</li>" for error in errors)
    return (
        f'<div id="{OVERLAY_ID}" role="alert" style="position:fixed;top:0;left:0;right:0;z-index:2147483647;'
        "max-height:80vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#fff;"
        'font:15px/1.5 ui-monospace,Menlo,Consolas,monospace;border-bottom:4px solid #e5484d;text-align:left">'
        f'<p style="margin:0 0 .5rem;font-weight:bold">{html.escape(failed)}</p>'
        f'<ol style="margin:0 0 .5rem;padding-inline-start:1.5rem">{items}</ol>'
        f'<p style="margin:0">{html.escape(advice)}</p></div>'
    )


def error_page(errors: tuple[str, ...], words: Words = ENGLISH) -> bytes:
    """What every address shows when no build has succeeded yet."""
    direction = ' dir="rtl"' if words.rtl else ""
    return (
        f'<!doctype html><html lang="{html.escape(words.language)}"{direction}><head><meta charset="utf-8">'
        f"<title>{html.escape(words.gettext('Build failed'))}</title></head>"
        f"<body>{overlay_html(errors, words)}</body></html>"
    ).encode()


def decorate(page: bytes, errors: tuple[str, ...], words: Words = ENGLISH) -> bytes:
    """An HTML page as served: with the error overlay while the last build has errors."""
    if not errors:
        return page
    overlay = overlay_html(errors, words).encode("utf-8")
    at = page.rfind(b"</body>")
    return page[:at] + overlay + page[at:] if at >= 0 else page + overlay
