"""Time zones: offsets of the site zone at any wall time, abbreviations, and clocks that jump.

`zoneinfo` is consulted only for years 1..9999; outside them a zone's offset on 1970-01-01
stands in. A wall time the clocks skipped (the hour lost when they go forward) is a `Gap`; one
they showed twice (when they go back) is a `Fold`: neither is ever read as one of its readings
by chance (SPEC 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.source.dates.calendar import days_from_civil

# Abbreviations understood anywhere (SPEC 5), as minutes east of UTC. The site zone's own
# abbreviation on the date in question wins over this table (CST in Asia/Shanghai is China).
ZONE_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120,
    "EET": 120, "EEST": 180, "MSK": 180, "IST": 330, "SGT": 480, "HKT": 480,
    "KST": 540, "JST": 540, "AEST": 600, "AEDT": 660,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
    "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
}  # fmt: skip
# US zones written without saying standard or daylight time: daylight time by the date.
US_ZONES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles"}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
Wall = tuple[int, int, int, int, int, int]  # year, month, day, hour, minute, second


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f'unknown time zone "{name}" (use an IANA name like Asia/Seoul)') from exc


def _minutes(delta: timedelta | None) -> int:
    # Local mean time offsets have seconds; minutes are what a PartialDate can hold.
    return round(delta.total_seconds() / 60) if delta is not None else 0


def _at_1970(name: str) -> tuple[int, str]:
    dt = datetime(1970, 1, 1, tzinfo=zone(name))
    return _minutes(dt.utcoffset()), dt.tzname() or ""


def wall_offset(name: str, year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0,
                fold: int = 0) -> tuple[int, str]:  # fmt: skip
    """Offset (minutes) and abbreviation of a zone at a wall-clock time there."""
    if 1 <= year <= 9999:
        try:
            dt = datetime(year, month, day, hour, minute, second, fold=fold, tzinfo=zone(name))
            return _minutes(dt.utcoffset()), dt.tzname() or ""
        except (OverflowError, ValueError):
            pass
    return _at_1970(name)


def instant_offset(name: str, instant: int) -> tuple[int, str]:
    """Offset (minutes) and abbreviation of a zone at an instant (seconds since the epoch)."""
    try:
        dt = (_EPOCH + timedelta(seconds=instant)).astimezone(zone(name))
        if 1 <= dt.year <= 9999:
            return _minutes(dt.utcoffset()), dt.tzname() or ""
    except (OverflowError, ValueError):
        pass
    return _at_1970(name)


@lru_cache(maxsize=65536)
def local_midnight(name: str, year: int, month: int, day: int) -> int:
    offset, _ = wall_offset(name, year, month, day)
    return days_from_civil(year, month, day) * 86400 - offset * 60


def offset_text(offset: int, zulu: bool) -> str:
    if offset == 0 and zulu:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


@dataclass(frozen=True)
class Gap:
    """A wall time that never happened there: clocks went from `before` to `after`."""

    before: tuple[int, str]  # (offset, abbreviation) just before the jump
    after: tuple[int, str]


@dataclass(frozen=True)
class Fold:
    """A wall time that happened twice there: first with `first`, then with `second`."""

    first: tuple[int, str]
    second: tuple[int, str]


def jump_at(name: str, wall: Wall) -> Gap | Fold | None:
    """Whether the zone's clocks skipped or repeated this wall time."""
    year = wall[0]
    if not 1 <= year <= 9999:
        return None
    try:
        early = datetime(*wall, fold=0, tzinfo=zone(name))
        late = datetime(*wall, fold=1, tzinfo=zone(name))
    except (OverflowError, ValueError):
        return None
    if early.utcoffset() == late.utcoffset():
        return None
    first = (_minutes(early.utcoffset()), early.tzname() or "")
    second = (_minutes(late.utcoffset()), late.tzname() or "")
    back = early.astimezone(UTC).astimezone(zone(name))
    if (back.hour, back.minute) != (wall[3], wall[4]):
        return Gap(first, second)  # the time does not exist: read back, it lands elsewhere
    return Fold(first, second)


def abbreviation_offset(abbreviation: str, site_zone: str, wall: Wall) -> int | None:
    """The site zone's meaning of an abbreviation it uses at that wall time, else the table's."""
    for fold in (0, 1):
        offset, name = wall_offset(site_zone, *wall, fold=fold)
        if name.upper() == abbreviation:
            return offset
    return ZONE_ABBREVIATIONS.get(abbreviation)
