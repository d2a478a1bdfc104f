"""Times of day in a date: `14:05`, `2:05 p.m.`, `14.05`, `noon`, before or after the date, and
the zone written with them (or the site's), refusing wall times the clocks skipped or repeated."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from generator.source.dates.messages import DateError
from generator.source.dates.words import month_name
from generator.source.dates.zones import (
    US_ZONES,
    ZONE_ABBREVIATIONS,
    Fold,
    Gap,
    abbreviation_offset,
    jump_at,
    wall_offset,
)

if TYPE_CHECKING:
    from generator.source.dates.grammar import Reading, Written

Clock = tuple[int, int, int | None]

_AMPM = r"[ap]\.?\s?m\.?"
_ZONE = (
    r"Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?"
    r"|(?!(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun|on|at|of)[a-z]*\b)[A-Za-z]{2,5}"
)
_CLOCK = (
    r"(?P<h>\d{1,2})(?::|\.(?=\d\d(?!\d)))(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d{1,9})?)?(?:\s*(?P<ampm>"
    + _AMPM
    + r"))?"
    r"|(?P<h2>\d{1,2})\s*(?P<ampm2>" + _AMPM + r")"
    r"|(?P<word>noon|midnight)"
)
_TIME_AFTER = re.compile(r"(?:T|[\s,]+(?:at\s+)?)(?:" + _CLOCK + r")(?:\s*(?P<zone>" + _ZONE + r"))?$", re.I)
_TIME_BEFORE = re.compile(r"^(?:" + _CLOCK + r")(?:\s*(?P<zone>" + _ZONE + r"))?\s*,?\s+(?:on\s+)?(?=\S)", re.I)
# ctime and Unix `date`: "Wed Oct 23 14:05:30 2024", "Wed Oct 23 14:05:30 UTC 2024"
_TIME_INSIDE = re.compile(
    r"^(?P<before>.*[A-Za-z].*?)\s+(?:" + _CLOCK + r")(?:\s+(?P<zone>" + _ZONE + r"))?\s+(?P<year>[+-]?\d{4,})$", re.I
)
_NUMERIC_OFFSET = re.compile(r"^(?P<p>UTC|GMT)?\s*(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.I)


def split_clock(written: Written) -> None:
    """Take a time (and its zone) off the end or the start of the date's text, or from just
    before its year (ctime)."""
    body = written.body
    after = _TIME_AFTER.search(body)
    if after and after.start() > 0 and re.search(r"\d", body[: after.start()]):
        written.body, written.clock, written.zone = (
            body[: after.start()].rstrip(" ,"),
            _clock(after, written.raw),
            after["zone"],
        )
        return
    before = _TIME_BEFORE.match(body)
    if before and re.search(r"[A-Za-z]", body[before.end() :]) and re.search(r"\d{3,}", body[before.end() :]):
        written.body, written.clock, written.zone = body[before.end() :], _clock(before, written.raw), before["zone"]
        return
    inside = _TIME_INSIDE.match(body)
    if inside:
        written.body = f"{inside['before']} {inside['year']}"
        written.clock, written.zone = _clock(inside, written.raw), inside["zone"]


def _clock(match: re.Match[str], raw: str) -> Clock:
    if match["word"]:
        return (12, 0, None) if match["word"].lower() == "noon" else (0, 0, None)
    hour = int(match["h"] or match["h2"])
    minute = int(match["mi"] or 0)
    second = int(match["s"]) if match["s"] else None
    ampm = (match["ampm"] or match["ampm2"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(
                raw, f"there is no {hour} o'clock in am/pm time: write {hour}:{minute:02d} without am or pm"
            )
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        raise DateError(raw, "the time must be between 00:00 and 23:59")
    return hour, minute, second


def resolve_zone(zone_text: str | None, raw: str, reading: Reading, wall: tuple[int, ...]) -> tuple[int, str | None]:
    """(offset, abbreviation) of the zone written; with none, the site zone at that wall time. A
    wall time its zone skipped, or showed twice, is an error unless an offset decides it."""
    if zone_text is None:
        site = reading.site_zone
        _refuse_jump(raw, site, wall, site)
        return wall_offset(site, *wall)[0], None
    text = zone_text.strip()
    if text.upper() == "Z":
        return 0, "UTC"
    if match := _NUMERIC_OFFSET.match(text):
        if not match["p"] and len(match["h"]) != 2:
            raise DateError(raw, f'write the offset "{text}" as +09:00 or UTC+9')
        offset = int(match["h"]) * 60 + int(match["m"] or 0)
        if int(match["m"] or 0) > 59 or offset > 18 * 60:
            raise DateError(raw, f'"{text}" is not a UTC offset')
        return (-offset if match["sign"] == "-" else offset), None
    abbreviation = text.upper()
    if abbreviation in US_ZONES:
        _refuse_jump(raw, US_ZONES[abbreviation], wall, abbreviation)
        return wall_offset(US_ZONES[abbreviation], *wall)[0], abbreviation
    offset = abbreviation_offset(abbreviation, reading.site_zone, wall)  # type: ignore[arg-type]
    if offset is None:
        known = ", ".join([*ZONE_ABBREVIATIONS, *US_ZONES])
        raise DateError(raw, f'unknown time zone "{text}": write an offset like +09:00 or one of {known}')
    return offset, abbreviation


def _refuse_jump(raw: str, zone_name: str, wall: tuple[int, ...], said: str) -> None:
    jump = jump_at(zone_name, wall)  # type: ignore[arg-type]
    clock = f"{wall[3]:02d}:{wall[4]:02d}"
    day = f"{wall[2]} {month_name(wall[1])} {wall[0]}"
    if isinstance(jump, Gap):
        raise DateError(
            raw,
            f"{clock} did not happen on {day} in {zone_name}: the clocks went forward that night "
            f"({jump.before[1]} to {jump.after[1]}); write the time it was, or an offset",
        )
    if isinstance(jump, Fold):
        first, second = jump.first[1], jump.second[1]
        raise DateError(
            raw,
            f"{clock} happened twice on {day} in {zone_name} (first {first}, then {second}, when the clocks went "
            f"back): write {clock} {first} or {clock} {second}"
            + (f", or an offset instead of {said}" if said != zone_name else ""),
        )
