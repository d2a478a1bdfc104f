"""Refusals that teach: every date that cannot be read names the form that was nearly right."""

from __future__ import annotations

import re

from generator.source.dates.words import MONTH_NAMES, SEASONS, WEEKDAY_NAMES

EXAMPLES = "write it like 2024-10-23, 23 October 2024 or 2024-10"
TWO_DIGIT = "two-digit years are not accepted; write the full year"


class DateError(ValueError):
    """A date the author wrote that cannot be read; the message is meant for that author."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f'cannot read "{text}" as a date{detail} ({EXAMPLES})')


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_KNOWN_WORDS = {
    *(m.lower() for m in MONTH_NAMES), *(m[:3].lower() for m in MONTH_NAMES), "sept",
    *(w.lower() for w in WEEKDAY_NAMES), *(w[:3].lower() for w in WEEKDAY_NAMES), "tues", "thur", "thurs",
    *SEASONS, "fall", "early", "mid", "middle", "late", "century", "the", "of", "at", "bc", "bce", "ad", "ce",
    "c", "ca", "circa", "am", "pm", "a", "p", "m", "noon", "midnight", "q", "utc", "gmt", "t", "z", "s",
    "st", "nd", "rd", "th", "x",
}  # fmt: skip
_MONTH_WORDS = {m.lower() for m in MONTH_NAMES} | {m[:3].lower() for m in MONTH_NAMES} | {"sept"}
_RANGE_WORDS = ("and", "to", "until", "till", "through", "thru", "from", "between")


_SHAPES = [  # (pattern, hint): forms people write that are nearly right
    (r"[^\w]*", "this is not a date: write the date, or at least its year"),
    (r"n\.?\s?d\.?|undated|unknown|tbd|tba", "this is not a date: write the date, or at least its year"),
    (
        r"(\d{4})(\d\d)(\d\d)(?:t(\d\d)(\d\d)(\d\d)?z?)?",
        "write the date with hyphens (and the time with colons): 2024-10-23, 2024-10-23T14:05:30Z",
    ),
    (r"['’]\d0s", "write the decade with four digits: 1950s"),
    (r"q[1-4]", "no year was written: add it, like Q3 2024"),
    (r"q\d+\s*\d{4}|\d{4}\s*q\d+", "a year has four quarters, Q1 to Q4"),
    (
        r"h[12]\s*\d{4}|\d{4}\s*h[12]",
        "halves of a year are not read: write early 2024, mid-2024 or late 2024, or a range",
    ),
    (r"\d{4}-w\d{1,2}(?:-\d)?", "ISO week dates are not read: write the day (2024-10-21) or the month (2024-10)"),
    (r"p(?:\d+[ymwdhs])+|pt.*", "a duration is not a date: write when it began, and its end in `end:`"),
    (
        r"[–—-]\s*\S.*|.*\S\s*[–—-]|.*/(?:\.\.)?|(?:\.\.)?/.*",
        "a range needs both ends: write 1939–1945, or the first date in `date:` and the last in `end:`",
    ),
    (r"\d{4}-\d\d-\d\d/\d{1,2}", "write both ends of the range in full: 2024-10-21/2024-10-25"),
    (
        r"[\d\s:t.+z-]+\s+\d{4}-\d\d-\d\d.*|\d{4}-\d\d-\d\d\s+\d{4}-\d\d-\d\d",
        "two dates: for a range write 2024-10-23/2024-10-24, or the second date in `end:`",
    ),
    (
        r".*[?~%].*\d.*|.*\d[x].*-.*|\d+x\d+|\[.*\]|\{.*\}",
        "EDTF is read on a whole date (1984?, 2004-06~, 1984%, 201X, 18XX); qualifiers inside a date, "
        "sets and open ranges are not",
    ),
]


def diagnose(raw: str, date_order: str | None = None) -> str:
    """The likeliest reason a date could not be read, with the nearest right form."""
    text = raw.strip()
    lower = text.lower()
    words = [w.lower() for w in _WORD.findall(text)]
    numeric = re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?:\s.*)?|\d{1,2}[/.-]\d{4}", text)
    if numeric and date_order in ("ymd", None) and not re.match(r"\d{4}", text):
        return (
            "with date_order ymd an all-numeric date must start with the year, like 2024/04/03; "
            "if days come first on your site, set `date_order: dmy` (or `mdy`) in content/site.yaml"
        )
    for pattern, hint in _SHAPES:
        if re.fullmatch(pattern, lower):
            return hint
    if re.search(r"\d\s*(?:–|—|--)\s*\d|\d\s+-\s+\d|^\d{1,4}-\d{1,2}\s+[a-z]", text, re.I):
        return "a range that could not be read: write the first date in `date:` and the last in `end:`"
    if any(w in _RANGE_WORDS for w in words):
        left = next(w for w in words if w in _RANGE_WORDS)
        return (
            f'"{left}" is not part of a date: for a range write 21–25 October 2024, or the first date in '
            "`date:` and the last in `end:`"
        )
    season = re.fullmatch(r"(spring|summer|autumn|fall|winter)\s+(\d{4})\s*[/–-]\s*\d{2,4}", lower)
    if season:
        return f"a season is named by the year it begins in: write {season[1]} {season[2]}"
    has_month = any(w in _MONTH_WORDS for w in words)
    if has_month and not re.search(r"\d{3,}", text):
        return "no year was written: add the full year, like Oct. 23, 2024 (two-digit years are not accepted)"
    if re.search(r"(?<![\d,])'?\d{2}$", text) and not re.search(r"\d{3,}", text):
        return TWO_DIGIT
    unknown = [w for w in words if w not in _KNOWN_WORDS and len(w) > 1]
    if unknown:
        return _unknown_word(unknown[0])
    if has_month:
        return "write the day, the month and the year in one of these orders: 23 October 2024, October 23, 2024"
    return ""


def unknown_word_hint(raw: str) -> str:
    """A hint about the first word dates are not written with, or ""."""
    unknown = [w.lower() for w in _WORD.findall(raw) if w.lower() not in _KNOWN_WORDS and len(w) > 1]
    return _unknown_word(unknown[0]) if unknown else ""


def _unknown_word(word: str) -> str:
    import difflib

    names = [m.lower() for m in MONTH_NAMES] + list(SEASONS) + ["century", "early", "late"]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.7)
    if close:
        return f'"{word}" is not a word dates are written with: did you mean {close[0]}?'
    if word in ("about", "around", "approximately", "approx", "roughly"):
        return f'"{word}" is not read: write c. 1950, circa 1950 or 1950~ for an approximate date'
    if word in ("half", "first", "second", "beginning", "end", "start"):
        return f'"{word}" is not read: write early, mid- or late (early 2024, late October 2024), or a range'
    return f'"{word}" is not a word dates are written with'
