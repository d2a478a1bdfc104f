"""Dates as shown in English (SPEC 5 "shown"): "23 October 2024, 14:05 KST", "c. 1950", "44 BC",
"mid-1950s", "spring 2024", "Q3 2024", and spans: "21–25 October 2024". What is written here
reads back as the same date (reading.py); other languages are in site/i18n."""

from __future__ import annotations

import re

from generator.source.dates.grammar import year_text
from generator.source.dates.model import PartialDate, Precision, century_number, years_of
from generator.source.dates.words import SEASONS, THIRDS, month_name, ordinal
from generator.source.dates.zones import abbreviation_offset, instant_offset, offset_text


def format_date(d: PartialDate, site_zone: str = "UTC") -> str:
    """The date as shown, qualifiers included."""
    return qualify(d, plain_text(d, site_zone))


def qualify(d: PartialDate, text: str) -> str:
    """c. 1950 (approximate), 1950? (uncertain), c. 1950? (both)."""
    if d.approximate:
        text = "c. " + text
    return text + "?" if d.uncertain else text


def plain_text(d: PartialDate, site_zone: str = "UTC") -> str:
    """The date without its qualifiers."""
    if d.period is not None:
        return period_text(d)
    text = day_text(d)
    if d.has_time:
        text += f", {clock_text(d)} {zone_label(d, site_zone)}"
    return text


def day_text(d: PartialDate) -> str:
    if d.month is None:
        return year_text(d.year)
    if d.day is None:
        return f"{month_name(d.month)} {year_text(d.year)}"
    return f"{d.day} {month_name(d.month)} {year_text(d.year)}"


def clock_text(d: PartialDate) -> str:
    text = f"{d.hour:02d}:{d.minute:02d}"
    return text + (f":{d.second:02d}" if d.second is not None else "")


def period_text(d: PartialDate) -> str:
    if d.period == "season":
        name = "fall" if d.style == "fall" else SEASONS[d.part - 1]  # type: ignore[operator]
        return f"{name} {year_text(d.year)}"
    if d.period == "quarter":
        return f"Q{d.part} {year_text(d.year)}"
    if d.period in ("century", "decade"):
        return whole_period_text(d.period, d.year, d.style)
    word = THIRDS[d.part - 1]  # type: ignore[operator]
    if d.unit == "month":
        whole = f"{month_name(d.month)} {year_text(d.year)}"  # type: ignore[arg-type]
    elif d.unit == "year":
        whole = year_text(d.year)
    else:
        whole = whole_period_text(d.unit, d.year, d.style)  # type: ignore[arg-type]
    return f"mid-{whole}" if word == "mid" else f"{word} {whole}"


def whole_period_text(period: str, first: int, style: str | None) -> str:
    if period == "decade" and first % 100 == 0:
        return f"{first // 10}X"  # "1900s" is a century (SPEC 5): the decade 1900-1909 is 190X
    if period == "decade" or style == "hundreds":
        return f"{first}s"
    number = century_number(first)
    return f"{ordinal(number)} century" + (" BC" if first < 1 else "")


def zone_label(d: PartialDate, site_zone: str) -> str:
    """The zone as written, else the site zone's abbreviation if it is this offset, else UTC±hh:mm.

    Each choice is checked against the parser, so what is written here reads back the same.
    """
    offset = d.offset or 0
    wall = (d.year, d.month or 1, d.day or 1, d.hour or 0, d.minute or 0, d.second or 0)
    candidates = [d.zone] if d.zone else []
    site_offset, site_name = instant_offset(site_zone, d.earliest(site_zone))
    if site_offset == offset and re.fullmatch(r"[A-Za-z]{2,5}", site_name):
        candidates.append(site_name.upper())
    for name in candidates:
        if name in ("ET", "CT", "MT", "PT") or abbreviation_offset(name, site_zone, wall) == offset:
            return name
    return "UTC" + offset_text(offset, zulu=False)


def format_span(start: PartialDate, end: PartialDate, site_zone: str = "UTC") -> str:
    """Compact span: "21–25 October 2024", "28 October – 3 November 2024", "1969–1972"."""
    full = f"{format_date(start, site_zone)} – {format_date(end, site_zone)}"
    if start == end:
        return format_date(start, site_zone)
    qualified = start.approximate or end.approximate or start.uncertain or end.uncertain
    if start.precision != end.precision or qualified or start.is_period or end.is_period:
        return full
    if start.has_time:
        same_day = (start.year, start.month, start.day) == (end.year, end.month, end.day)
        label = zone_label(start, site_zone)
        if same_day and label == zone_label(end, site_zone):
            return f"{day_text(start)}, {clock_text(start)}–{clock_text(end)} {label}"
        return full
    if start.precision is Precision.YEAR:
        if 1000 <= start.year <= 9999 and 1000 <= end.year <= 9999:
            return f"{start.year}–{end.year}"
        return full
    if start.year != end.year or start.month is None or end.month is None:
        return full
    year = year_text(start.year)
    if start.precision is Precision.MONTH:
        return f"{month_name(start.month)} – {month_name(end.month)} {year}"
    if start.month == end.month:
        return f"{start.day}–{end.day} {month_name(start.month)} {year}"
    return f"{start.day} {month_name(start.month)} – {end.day} {month_name(end.month)} {year}"


def check_span(start: PartialDate, end: PartialDate, site_zone: str = "UTC") -> str | None:
    """A message when `end` is over before `date` begins (SPEC 5), else None."""
    if end.latest(site_zone) < start.earliest(site_zone):
        return f'end "{format_date(end, site_zone)}" is before date "{format_date(start, site_zone)}"'
    return None


def period_years(d: PartialDate) -> tuple[int, int]:
    """First and last year a date can fall in (for charts and headings)."""
    (first, _m, _d), (after, month, day) = d.bounds()
    last = after - 1 if (month, day) == (1, 1) else after
    if d.period in ("century", "decade"):
        return years_of(d.period, d.year)
    return first, last
