"""Ranges written in one field (SPEC 5): split into the texts of their first and last date.

The shared parts are copied to the side that leaves them out: `21–25 October 2024` is
`21 October 2024` and `25 October 2024`; `28 October – 3 November 2024` gives its year to the
first side (the year before, when the first month comes after the last: `28 December – 3 January
2025`). What the span formatter writes is read back here.
"""

from __future__ import annotations

import re

from generator.source.dates.messages import TWO_DIGIT, DateError
from generator.source.dates.words import month_number

_MON = r"[A-Za-z]{3,9}\.?"
_DASH = r"\s*(?:–|—|--)\s*|\s+-\s+|\s+to\s+"
_DAY_RANGE = re.compile(rf"^(?P<d1>\d{{1,2}})\s*(?:–|—|-)\s*(?P<d2>\d{{1,2}})\s+(?P<m>{_MON})\s+(?P<y>.+)$")
_US_DAY_RANGE = re.compile(rf"^(?P<m>{_MON})\s+(?P<d1>\d{{1,2}})\s*(?:–|—|-)\s*(?P<d2>\d{{1,2}}),?\s+(?P<y>.+)$")
_DAY_MONTH_RANGE = re.compile(
    rf"^(?P<d1>\d{{1,2}})\s+(?P<m1>{_MON})(?:{_DASH})(?P<d2>\d{{1,2}})\s+(?P<m2>{_MON})\s+(?P<y>.+)$"
)
_US_DAY_MONTH_RANGE = re.compile(
    rf"^(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:{_DASH})(?P<m2>{_MON})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y>.+)$"
)
_MONTH_RANGE = re.compile(rf"^(?P<m1>{_MON})(?:{_DASH})(?P<m2>{_MON})\s+(?P<y>.+)$")
_CLOCK_RANGE = re.compile(
    r"^(?P<day>.+?),?\s+(?P<t1>\d{1,2}[:.]\d{2}(?::\d{2})?)(?:\s*(?:–|—)\s*|\s+-\s+)(?P<t2>\d{1,2}[:.]\d{2}(?::\d{2})?)"
    r"(?P<zone>\s+\S+)?$"
)
_YEARS = re.compile(r"^(?P<y1>\d{4})\s*(?P<dash>–|—|-)\s*(?P<y2>\d{2,4})$")
_ISO_INTERVAL = re.compile(r"^(?P<a>[+-]?\d{4,}(?:-\d{2}){0,2}(?:T\S+)?)/(?P<b>[+-]?\d{4,}(?:-\d{2}){0,2}(?:T\S+)?)$")


def split_range(text: str, raw: str) -> tuple[str, str] | None:
    """The two dates of a range, as text; None when `text` is one date."""
    if (match := _YEARS.match(text)) and not (match["dash"] == "-" and len(match["y2"]) == 2):  # 2024-10 is a month
        if len(match["y2"]) != 4:
            raise DateError(raw, f"{TWO_DIGIT}: {match['y1']}–{match['y1'][:2]}{match['y2'][-2:]}")
        return match["y1"], match["y2"]
    if match := _ISO_INTERVAL.match(text):
        return match["a"], match["b"]
    if (match := _DAY_RANGE.match(text)) and _is_month(match["m"]):
        return f"{match['d1']} {match['m']} {match['y']}", f"{match['d2']} {match['m']} {match['y']}"
    if (match := _US_DAY_RANGE.match(text)) and _is_month(match["m"]):
        return f"{match['d1']} {match['m']} {match['y']}", f"{match['d2']} {match['m']} {match['y']}"
    for pattern in (_DAY_MONTH_RANGE, _US_DAY_MONTH_RANGE):
        if (match := pattern.match(text)) and _is_month(match["m1"]) and _is_month(match["m2"]):
            first_year = _first_year(match["y"], match["m1"], match["m2"], int(match["d1"]), int(match["d2"]))
            return f"{match['d1']} {match['m1']} {first_year}", f"{match['d2']} {match['m2']} {match['y']}"
    if (match := _MONTH_RANGE.match(text)) and _is_month(match["m1"]) and _is_month(match["m2"]):
        first_year = _first_year(match["y"], match["m1"], match["m2"], 1, 1)
        return f"{match['m1']} {first_year}", f"{match['m2']} {match['y']}"
    if match := _CLOCK_RANGE.match(text):
        zone = match["zone"] or ""
        return f"{match['day']}, {match['t1']}{zone}", f"{match['day']}, {match['t2']}{zone}"
    parts = re.split(_DASH, text)
    if len(parts) == 2 and all(p.strip() for p in parts) and re.search(r"\d", parts[0]) and re.search(r"\d", parts[1]):
        return parts[0].strip(), parts[1].strip()
    return None


def _is_month(word: str) -> bool:
    return month_number(word) is not None


def _first_year(year: str, m1: str, m2: str, d1: int, d2: int) -> str:
    """The year of the side that did not write one: the year before only for a range that runs
    over the new year (November to January at most: 28 December – 3 January 2025), never a
    guess that turns a slip (3 November – 28 October 2024) into a year-long range."""
    first, last = month_number(m1), month_number(m2)
    over_new_year = (first, d1) > (last, d2) and 12 - first + last <= 2  # type: ignore[operator]
    if over_new_year and re.fullmatch(r"\d{4}", year.strip()):
        return str(int(year) - 1)
    return year
