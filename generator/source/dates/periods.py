"""Periods (SPEC 5): decades, centuries, their thirds and those of a year or a month, seasons,
quarters, and EDTF `X` digits (201X, 18XX)."""

from __future__ import annotations

import re

from generator.source.dates.grammar import _ERA, _MONTH, year_of
from generator.source.dates.messages import DateError, diagnose
from generator.source.dates.model import PartialDate, century_start_ok
from generator.source.dates.words import month_number, season_number

_EDTF_X = re.compile(r"^(?P<digits>\d{2,3})(?P<x>[Xx]{1,2})$")
_DECADE = re.compile(r"^(?:the\s+)?(?P<y>\d{3}0)'?s$", re.I)
_CENTURY = re.compile(
    r"^(?:the\s+)?(?P<n>\d{1,2})(?P<suffix>st|nd|rd|th)[\s-]+century(?:\s+(?P<era>" + _ERA + r"))?$", re.I
)
_THIRD = re.compile(r"^(?:the\s+)?(?P<third>early|mid|middle|late)(?:-|\s+)(?P<rest>.+)$", re.I)
_SEASON = re.compile(r"^(?P<season>spring|summer|autumn|fall|winter)(?:\s+of)?\s+(?P<year>.+)$", re.I)
_QUARTER = re.compile(r"^(?:Q(?P<q>[1-4])[\s/-]*(?P<y>\d{4})|(?P<y2>\d{4})[\s-]*Q(?P<q2>[1-4]))$", re.I)


def parse_period(body: str, raw: str) -> PartialDate | None:
    """Decades, centuries, thirds, seasons and quarters; None when `body` is none of them."""
    if match := _DECADE.match(body):
        year = int(match["y"])
        if year % 100 == 0 and year >= 100:
            return PartialDate(year, period="century", style="hundreds")  # "1800s" is a century
        return PartialDate(year, period="decade")
    if match := _EDTF_X.match(body):
        if len(match["digits"]) + len(match["x"]) != 4:
            raise DateError(raw, "EDTF X stands for the last one or two digits of a four-digit year (201X, 18XX)")
        first = int(match["digits"]) * (100 if len(match["x"]) == 2 else 10)
        if first < 1000:
            raise DateError(raw, "write a period before the year 1000 as a century, like 10th century")
        if len(match["x"]) == 2:
            return PartialDate(first, period="century", style="hundreds")
        return PartialDate(first, period="decade")
    if match := _CENTURY.match(body):
        return _century(match, raw)
    if match := _THIRD.match(body):
        return _third(match, raw)
    if match := _SEASON.match(body):
        part = season_number(match["season"])
        style = "fall" if match["season"].lower() == "fall" else None
        return PartialDate(year_of(match["year"], raw), period="season", part=part, style=style)
    if match := _QUARTER.match(body):
        return PartialDate(int(match["y"] or match["y2"]), period="quarter", part=int(match["q"] or match["q2"]))
    return None


def _century(match: re.Match[str], raw: str) -> PartialDate:
    number = int(match["n"])
    expected = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if not 10 <= number % 100 <= 20 else 0, "th")
    if number < 1 or match["suffix"].lower() != expected:
        raise DateError(raw, f"write the century as {number}{expected} century")
    bc = (match["era"] or "").replace(".", "").upper().startswith("B")
    first = (1 - number * 100) if bc else (1 if number == 1 else (number - 1) * 100)
    if not century_start_ok(first):
        raise DateError(raw, diagnose(raw))
    return PartialDate(first, period="century", style="ordinal")


def _third(match: re.Match[str], raw: str) -> PartialDate:
    part = {"early": 1, "mid": 2, "middle": 2, "late": 3}[match["third"].lower()]
    rest = match["rest"].strip()
    inner = parse_period(rest, raw)
    if inner is not None:
        if inner.period not in ("century", "decade"):
            raise DateError(
                raw, f"early, mid- and late divide a century, a decade, a year or a month, not a {inner.period}"
            )
        return PartialDate(inner.year, period="third", unit=inner.period, part=part, style=inner.style)
    month_year = re.fullmatch(_MONTH + r",?\s+(?P<year>.+)", rest, re.I)
    if month_year:
        month = month_number(month_year["mon"])
        return PartialDate(year_of(month_year["year"], raw), month, period="third", unit="month", part=part)
    return PartialDate(year_of(rest, raw), period="third", unit="year", part=part)
