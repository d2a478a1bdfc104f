"""parse_date (one date) and parse_when (a date, or a range written in one field): SPEC 5."""

from __future__ import annotations

import re
from typing import Any

from generator.source.dates import cldr
from generator.source.dates.clocks import resolve_zone, split_clock
from generator.source.dates.fallback import parse_with_dateutil
from generator.source.dates.grammar import Reading, Written, check_day, normalise, parse_ymd, split_qualifiers
from generator.source.dates.messages import DateError, diagnose, unknown_word_hint
from generator.source.dates.model import PartialDate
from generator.source.dates.periods import parse_period
from generator.source.dates.ranges import split_range


def parse_date(
    text: str | int, *, date_order: str = "ymd", site_zone: str = "UTC", settings: Any = None, language: str = "en"
) -> PartialDate:
    """Read one date as written (SPEC 5); DateError with a message for the author.

    `settings` (with `timezone` and `date_order`) is read only when the text needs it; without
    it `date_order` and `site_zone` are used.
    """
    reading = Reading(settings, date_order, site_zone, language)
    if settings is None:
        reading.date_order  # noqa: B018 - an unknown order is a programming error, said at once
    raw = _text(text)
    if isinstance(text, int):
        return PartialDate(year=text)
    if split_range(raw, raw) is not None:
        raise DateError(raw, "this is a range, and here one date is wanted: write the last date of the range")
    return read_one(raw, raw, reading)


def parse_when(
    text: str | int, *, date_order: str = "ymd", site_zone: str = "UTC", settings: Any = None, language: str = "en"
) -> tuple[PartialDate, PartialDate | None]:
    """A `date:` field: one date, or a range written in it (`21–25 October 2024`, `1939–1945`,
    `2024-10-21/2024-10-25`) as its date and end."""
    reading = Reading(settings, date_order, site_zone, language)
    raw = _text(text)
    if isinstance(text, int):
        return PartialDate(year=text), None
    parts = split_range(raw, raw)
    if parts is None:
        return read_one(raw, raw, reading), None
    try:
        start = read_one(parts[0], raw, reading, whole=False)
        end = read_one(parts[1], raw, reading, whole=False)
    except DateError as exc:
        unknown = unknown_word_hint(raw)
        reason = unknown or f"a range that could not be read ({exc.reason or 'one of its dates'})"
        raise DateError(raw, f"{reason}; write the range like 21–25 October 2024, or its first date in `date:` "
                             "and its last in `end:`") from None  # fmt: skip
    if end.latest(reading.site_zone) < start.earliest(reading.site_zone):
        raise DateError(raw, "the range ends before it begins")
    return start, end


def _text(text: Any) -> str:
    if isinstance(text, int) and not isinstance(text, bool):
        return str(text)
    if not isinstance(text, str):
        raise DateError(str(text), "a date is text such as 2024-10-23")
    raw = normalise(text)
    if not raw:
        raise DateError(raw, "it is empty")
    if len(raw) > 200:
        raise DateError(raw[:60] + "…", "that is too long to be a date")
    return raw


def read_one(text: str, raw: str, reading: Reading, whole: bool = True) -> PartialDate:
    """One date of `raw` (all of it, or one side of a range)."""
    written = split_qualifiers(normalise(text))
    split_clock(written)
    period = parse_period(written.body, raw) if written.clock is None else None
    if period is not None:
        return _qualified(period, written)
    found = parse_ymd(written.body, raw, reading)
    local = None if found is not None else cldr.read(written.body, reading.language)
    if found is not None:
        (year, month, day), wd = found
    elif local is not None:
        (year, month, day), wd = local, None
    else:
        read = parse_with_dateutil(written.body, raw, reading)
        if read is None:
            raise DateError(raw, diagnose(raw, _order_if_numeric(written.body, reading)))
        (year, month, day), wd = read[0], None
    check_day(raw, year, month, day, wd)
    if written.clock is None:
        return PartialDate(year, month, day, approximate=written.approximate, uncertain=written.uncertain)
    if day is None or month is None:
        raise DateError(raw, "a time needs a full date with a day")
    hour, minute, second = written.clock
    wall = (year, month, day, hour, minute, second or 0)
    offset, zone = resolve_zone(written.zone, raw, reading, wall)
    return PartialDate(
        year,
        month,
        day,
        hour,
        minute,
        second,
        offset,
        zone,
        approximate=written.approximate,
        uncertain=written.uncertain,
    )


def _qualified(date: PartialDate, written: Written) -> PartialDate:
    from dataclasses import replace

    return replace(date, approximate=written.approximate, uncertain=written.uncertain)


def _order_if_numeric(body: str, reading: Reading) -> str | None:
    return reading.date_order if re.fullmatch(r"[\d/.\-]+", body) else None
