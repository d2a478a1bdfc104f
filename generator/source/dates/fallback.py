"""python-dateutil for written-out dates the grammar does not know (odd punctuation: 23/Oct/2024),
taken only when every token of the text was understood: nothing left over, nothing guessed."""

from __future__ import annotations

import re
import warnings
from datetime import datetime
from typing import TYPE_CHECKING

from generator.source.dates.grammar import check_day
from generator.source.dates.messages import TWO_DIGIT, DateError
from generator.source.dates.words import month_number, weekday_number

if TYPE_CHECKING:
    from generator.source.dates.grammar import Reading, Ymd

Clock = tuple[int, int, int | None]

_AUDIT_WORDS = {"of", "the", "at", "on"}


def _roles(tokens: list[str], year: int) -> str:
    """The order of a date's parts as written: D(ay), M(onth), Y(ear); weekdays and small words left out."""
    roles = ""
    for token in tokens:
        lowered = token.lower().rstrip(".")
        if month_number(lowered):
            roles += "M"
        elif re.match(r"\d", token):
            roles += "Y" if int(re.match(r"\d+", token)[0]) == year and len(token) > 2 else "D"  # type: ignore[index]
    return roles


def parse_with_dateutil(text: str, raw: str, reading: Reading) -> tuple[Ymd, Clock | None] | None:
    """Written-out dates the grammar does not know (odd punctuation), read twice to see which
    fields were written, and taken only when every token of the text was understood."""
    if not re.search(r"[a-z]", text, re.I) or re.search(r"\d\s*[/.\-]\s*\d", text):
        return None
    tokens = re.findall(r"[^\W\d_]+\.?|\d+(?:st|nd|rd|th)?", text)
    for token in tokens:
        lowered = token.lower().rstrip(".")
        if token.isdigit() or month_number(lowered) or weekday_number(lowered) or lowered in _AUDIT_WORDS:
            continue
        if re.fullmatch(r"\d{1,2}(st|nd|rd|th)", lowered):
            continue
        return None  # a word it would skip or guess at: not ours to guess
    from dateutil import parser as dateutil_parser  # (here: most sites never need it, and it takes 6 ms to import)

    results = []
    for default in (datetime(1904, 1, 1, 0, 0, 0, 0), datetime(1908, 2, 2, 1, 1, 1, 1)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                order = reading.date_order
                results.append(dateutil_parser.parse(text, default=default, fuzzy=False,
                                                     dayfirst=order == "dmy", yearfirst=order == "ymd"))  # fmt: skip
            except (ValueError, OverflowError, TypeError, Warning):
                return None
    first, second = results
    if first.tzinfo is not None or second.tzinfo is not None:
        return None
    written = {
        name: getattr(first, name) == getattr(second, name)
        for name in ("year", "month", "day", "hour", "minute", "second", "microsecond")
    }
    numbers = [int(re.match(r"\d+", t)[0]) for t in tokens if re.match(r"\d", t)]  # type: ignore[index]
    used = [first.year] + ([first.day] if written["day"] else [])
    if not written["year"] or sorted(numbers) != sorted(used) or written["hour"] or written["microsecond"]:
        return None  # each number read once, as a year or a day: nothing left over, nothing guessed
    if _roles(tokens, first.year) not in ("DMY", "MDY", "YMD", "MY"):
        return None  # "October 2024 14": an order dates are not written in
    if not written["month"] or (written["day"] and not re.search(rf"(?<!\d)0?{first.day}(?!\d)", text)):
        return None
    if first.year < 100 or not re.search(rf"(?<!\d)0*{first.year}(?!\d)", text):
        raise DateError(raw, TWO_DIGIT)
    ymd = first.year, first.month, first.day if written["day"] else None
    wd = next((weekday_number(t) for t in tokens if weekday_number(t) is not None), None)
    if wd is not None:
        if ymd[2] is None:
            raise DateError(raw, "a weekday needs a day of the month")
        check_day(raw, *ymd, wd)
    return ymd, None
