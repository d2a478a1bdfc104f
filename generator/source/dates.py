"""Dates as they were written: parse, order and format partial dates (SPEC section 5).

A `PartialDate` keeps exactly what an author wrote (a year, a month, a day, a time with its
zone, "circa", BC) and never fills in what is missing. It is not a `datetime`: years before the
common era and far in the future are ordinary values. `zoneinfo` is consulted only for years
1..9999; outside them a zone's offset on 1970-01-01 stands in.

The parser tries an explicit grammar first (ISO 8601, all-numeric dates under `date_order`,
years with an era, written-out dates such as "Oct. 23, 2024" and the formatter's own output)
and python-dateutil only for the written-out dates that grammar does not know.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as dateutil_parser

__all__ = [
    "DateError",
    "PartialDate",
    "Precision",
    "ZONE_ABBREVIATIONS",
    "check_span",
    "format_date",
    "format_span",
    "month_name",
    "parse_date",
]

DATE_ORDERS = ("ymd", "dmy", "mdy")
EXAMPLES = "write it like 2024-10-23, 23 October 2024 or 2024-10"

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Abbreviations understood anywhere (SPEC 5), as minutes east of UTC. The site zone's own
# abbreviation on the date in question wins over this table (CST in Asia/Shanghai is China).
ZONE_ABBREVIATIONS: dict[str, int] = {
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "WEST": 60,
    "BST": 60,
    "CET": 60,
    "CEST": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "IST": 330,
    "SGT": 480,
    "HKT": 480,
    "KST": 540,
    "JST": 540,
    "AEST": 600,
    "AEDT": 660,
    "EST": -300,
    "EDT": -240,
    "CST": -360,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
}

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Precision(IntEnum):
    """How much of a date was written; lower is coarser, so it sorts first at equal instants."""

    YEAR = 1
    MONTH = 2
    DAY = 3
    MINUTE = 4
    SECOND = 5


class DateError(ValueError):
    """A date the author wrote that cannot be read; the message is meant for that author."""

    def __init__(self, text: str, reason: str | None = None) -> None:
        self.text = text
        self.reason = reason
        detail = f": {reason}" if reason else ""
        super().__init__(f'cannot read "{text}" as a date{detail} ({EXAMPLES})')


# --- calendar arithmetic (proleptic Gregorian, astronomical years) -------------------------


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 for any year (H. Hinnant's algorithm; floor division keeps BC right)."""
    y = year - (month <= 2)
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days: int) -> tuple[int, int, int]:
    """Inverse of `_days_from_civil`."""
    z = days + 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def month_name(month: int) -> str:
    """English month name ("October"): dates are written in English whatever the site language."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, not {month}")
    return MONTH_NAMES[month - 1]


# --- zones --------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f'unknown time zone "{name}" (use an IANA name like Asia/Seoul)') from exc


def _minutes(delta: timedelta | None) -> int:
    # Local mean time offsets have seconds; minutes are what a PartialDate can hold.
    return round(delta.total_seconds() / 60) if delta is not None else 0


def _at_1970(site_zone: str) -> tuple[int, str]:
    dt = datetime(1970, 1, 1, tzinfo=_zone(site_zone))
    return _minutes(dt.utcoffset()), dt.tzname() or ""


def _wall_offset(
    site_zone: str,
    year: int,
    month: int,
    day: int,
    hour: int = 0,
    minute: int = 0,
    second: int = 0,
    fold: int = 0,
) -> tuple[int, str]:
    """Offset (minutes) and abbreviation of the site zone at a wall-clock time there."""
    if 1 <= year <= 9999:
        try:
            dt = datetime(year, month, day, hour, minute, second, fold=fold, tzinfo=_zone(site_zone))
            return _minutes(dt.utcoffset()), dt.tzname() or ""
        except (OverflowError, ValueError):
            pass
    return _at_1970(site_zone)


def _instant_offset(site_zone: str, instant: int) -> tuple[int, str]:
    """Offset (minutes) and abbreviation of the site zone at an instant (seconds since epoch)."""
    try:
        dt = (_EPOCH + timedelta(seconds=instant)).astimezone(_zone(site_zone))
        if 1 <= dt.year <= 9999:
            return _minutes(dt.utcoffset()), dt.tzname() or ""
    except (OverflowError, ValueError):
        pass
    return _at_1970(site_zone)


@lru_cache(maxsize=65536)
def _local_midnight(site_zone: str, year: int, month: int, day: int) -> int:
    offset, _ = _wall_offset(site_zone, year, month, day)
    return _days_from_civil(year, month, day) * 86400 - offset * 60


def _offset_text(offset: int, zulu: bool) -> str:
    if offset == 0 and zulu:
        return "Z"
    sign = "-" if offset < 0 else "+"
    hours, minutes = divmod(abs(offset), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"


# --- the domain type ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """What was written, no more: a year, maybe a month, a day, a time with its offset.

    `year` is astronomical (1 BC = 0, 44 BC = -43). `offset` (minutes east of UTC) is set
    exactly when a time is; `zone` is the abbreviation as written, if one was.
    """

    year: int
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    offset: int | None = None
    zone: str | None = None
    approximate: bool = False
    precision: Precision = field(init=False)

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise ValueError(f"year must be an int, not {self.year!r}")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, not {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            if not 1 <= self.day <= _days_in_month(self.year, self.month):
                raise ValueError(f"day {self.day} is not in {month_name(self.month)} {self.year}")
        if (self.hour is None) != (self.minute is None):
            raise ValueError("hour and minute come together")
        if self.hour is not None:
            if self.day is None:
                raise ValueError("a time needs a day")
            if not (0 <= self.hour <= 23 and 0 <= self.minute <= 59):  # type: ignore[operator]
                raise ValueError(f"no such time {self.hour}:{self.minute}")
            if self.offset is None:
                raise ValueError("a time needs an offset")
            if not -1440 < self.offset < 1440:
                raise ValueError(f"offset {self.offset} minutes is out of range")
        elif self.second is not None or self.offset is not None or self.zone is not None:
            raise ValueError("seconds, offset and zone need a time")
        if self.second is not None and not 0 <= self.second <= 59:
            raise ValueError(f"second must be 0..59, not {self.second}")
        if self.second is not None:
            precision = Precision.SECOND
        elif self.hour is not None:
            precision = Precision.MINUTE
        elif self.day is not None:
            precision = Precision.DAY
        elif self.month is not None:
            precision = Precision.MONTH
        else:
            precision = Precision.YEAR
        object.__setattr__(self, "precision", precision)

    @property
    def has_time(self) -> bool:
        """True when a time of day was written (and so `offset` is set)."""
        return self.hour is not None

    def iso(self) -> str:
        """Machine form for <time datetime> and JSON-LD; BC years as ISO 8601 expanded ("-0043")."""
        if 0 <= self.year <= 9999:
            text = f"{self.year:04d}"
        else:
            text = f"-{-self.year:04d}" if self.year < 0 else f"+{self.year}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.has_time:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += _offset_text(self.offset or 0, zulu=True)
        return text

    def earliest(self, site_zone: str) -> int:
        """First instant it can mean, in seconds since 1970-01-01T00:00Z (a date alone: midnight)."""
        if self.has_time:
            days = _days_from_civil(self.year, self.month or 1, self.day or 1)
            wall = days * 86400 + (self.hour or 0) * 3600 + (self.minute or 0) * 60
            return wall + (self.second or 0) - (self.offset or 0) * 60
        return _local_midnight(site_zone, self.year, self.month or 1, self.day or 1)

    def latest(self, site_zone: str) -> int:
        """Last second it can mean: the start of the next year, month or day, less one second."""
        if self.precision is Precision.SECOND:
            return self.earliest(site_zone)
        if self.precision is Precision.MINUTE:
            return self.earliest(site_zone) + 59
        if self.day is not None and self.month is not None:
            y, m, d = _civil_from_days(_days_from_civil(self.year, self.month, self.day) + 1)
        elif self.month is not None:
            y, m, d = (self.year, self.month + 1, 1) if self.month < 12 else (self.year + 1, 1, 1)
        else:
            y, m, d = self.year + 1, 1, 1
        return _local_midnight(site_zone, y, m, d) - 1

    def sort_key(self, site_zone: str) -> tuple[int, int, bool]:
        """Timeline order (SPEC 5): earliest instant, coarser first, exact first; add the slug."""
        return (self.earliest(site_zone), int(self.precision), self.approximate)

    def local_year_month(self, site_zone: str) -> tuple[int, int | None]:
        """(year, month or None) as seen in the site zone, for headings that never repeat."""
        if not self.has_time:
            return self.year, self.month
        instant = self.earliest(site_zone)
        offset, _ = _instant_offset(site_zone, instant)
        year, month, _day = _civil_from_days((instant + offset * 60) // 86400)
        return year, month

    def to_rfc3339(self, site_zone: str) -> str:
        """First instant with an offset, for feeds; years outside 1..9999 raise ValueError."""
        if not 1 <= self.year <= 9999:
            raise ValueError(f"RFC 3339 has no year {self.year}")
        month, day = self.month or 1, self.day or 1
        if self.has_time:
            clock = f"{self.hour:02d}:{self.minute:02d}:{self.second or 0:02d}"
            offset = self.offset or 0
        else:
            clock = "00:00:00"
            offset, _ = _wall_offset(site_zone, self.year, month, day)
        return f"{self.year:04d}-{month:02d}-{day:02d}T{clock}{_offset_text(offset, zulu=False)}"


# --- parsing ------------------------------------------------------------------------------

_CIRCA = re.compile(r"^(?:circa\b|ca\.|c\.|c(?=\s)|~)\s*", re.I)
_AMPM = r"[ap]\.?\s?m\.?"
_ZONE = (
    r"\s*Z|\s*[+-]\d{2}(?::?\d{2})?"
    r"|\s*(?:UTC|GMT)\s*[+-]\d{1,2}(?::?\d{2})?"
    r"|\s+[A-Za-z]{2,5}"
)
_TIME_SUFFIX = re.compile(
    r"(?:T|[\s,]+(?:at\s+)?)"
    r"(?:(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\s*(?P<ampm>" + _AMPM + r"))?"
    r"|(?P<h2>\d{1,2})\s*(?P<ampm2>" + _AMPM + r"))"
    r"(?P<zone>" + _ZONE + r")?$",
    re.I,
)
_NUMERIC_OFFSET = re.compile(r"^(?P<p>UTC|GMT)?\s*(?P<sign>[+-])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?$", re.I)
_ISO = re.compile(r"^(?P<y>[+-]\d{4,}|\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,4})(?:(?P=sep)(?P<c>\d{1,4}))?$")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_ERA = r"b\.?c\.?(?:e\.?)?|a\.?d\.?|c\.?e\.?"
_YEAR = re.compile(rf"^(?:(?P<n>{_NUMBER})(?:\s*(?P<era>{_ERA}))?|(?P<ad>a\.?d\.?)\s*(?P<n2>{_NUMBER}))$", re.I)
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?,?\s+)?"
)
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_WRITTEN = [
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>.+)$", re.I),
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(?P<year>.+)$", re.I),
    re.compile(rf"^{_MONTH},?\s+(?P<year>.+)$", re.I),
]
_TWO_DIGIT = "two-digit years are not accepted; write the full year"

Ymd = tuple[int, int | None, int | None]
Clock = tuple[int, int, int | None]


def _month_number(word: str) -> int:
    return [name[:3].lower() for name in MONTH_NAMES].index(word[:3].lower()) + 1


def _year(text: str, raw: str) -> int:
    """Astronomical year from "2024", "44 BC", "AD 44", "10,000 BCE"; two-digit years refused."""
    text = text.strip()
    match = _YEAR.match(text)
    if not match:
        if re.fullmatch(r"['’]?\d{1,2}", text):
            raise DateError(raw, _TWO_DIGIT)
        raise DateError(raw)
    digits = (match["n"] or match["n2"]).replace(",", "")
    number = int(digits)
    era = (match["era"] or match["ad"] or "").replace(".", "").upper()
    if era:
        if number < 1:
            raise DateError(raw, "there is no year 0 in BC or AD counting")
        return 1 - number if era.startswith("B") else number
    if len(digits) <= 2:
        raise DateError(raw, _TWO_DIGIT)
    if "," in match["n"]:
        raise DateError(raw, f"write the year without commas ({number}) or add BC or AD")
    if len(digits) > 4:
        raise DateError(raw, f"write a year past 9999 as AD {number}")
    return number


def _numeric(match: re.Match[str], raw: str, date_order: str) -> Ymd:
    """All-numeric dates: year first always; otherwise as `date_order` says, never guessed."""
    a, b, c = match["a"], match["b"], match["c"]
    parts = [p for p in (a, b, c) if p is not None]
    if len(a) == 4:
        return int(a), int(b), int(c) if c is not None else None
    if len(parts[-1]) != 4:
        if any(len(p) == 3 for p in parts) or len(parts) == 2:
            raise DateError(raw)
        raise DateError(raw, _TWO_DIGIT)
    if date_order == "ymd":
        raise DateError(raw, "with date_order ymd an all-numeric date must start with the year, like 2024/04/03")
    if c is None:
        return int(b), int(a), None
    day, month = (a, b) if date_order == "dmy" else (b, a)
    return int(c), int(month), int(day)


def _grammar(body: str, raw: str, date_order: str) -> tuple[Ymd, str | None] | None:
    """The explicit grammar; None when the text is not in it (dateutil may still read it)."""
    if match := _ISO.match(body):
        ymd = int(match["y"]), _int(match["m"]), _int(match["d"])
        return ymd, None
    if match := _NUMERIC.match(body):
        return _numeric(match, raw, date_order), None
    if _YEAR.match(body):
        return (_year(body, raw), None, None), None
    for pattern in _WRITTEN:
        match = pattern.match(body)
        if match and (_YEAR.match(match["year"]) or re.fullmatch(r"['’]?\d{1,2}", match["year"])):
            day = _int(match.groupdict().get("d"))
            ymd = _year(match["year"], raw), _month_number(match["mon"]), day
            return ymd, match.groupdict().get("wd")
    return None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def _dateutil(text: str, raw: str, date_order: str) -> tuple[Ymd, Clock | None] | None:
    """Written-out dates the grammar does not know, read twice to see which fields were written."""
    if not re.search(r"[a-z]", text, re.I) or re.search(r"\d\s*[/.\-]\s*\d", text):
        return None
    results = []
    for default in (datetime(1904, 1, 1, 0, 0, 0, 0), datetime(1908, 2, 2, 1, 1, 1, 1)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                results.append(
                    dateutil_parser.parse(
                        text,
                        default=default,
                        fuzzy=False,
                        dayfirst=date_order == "dmy",
                        yearfirst=date_order == "ymd",
                    )
                )
            except (ValueError, OverflowError, TypeError, Warning):
                return None
    first, second = results
    if first.tzinfo is not None or second.tzinfo is not None:
        return None  # a zone in the middle of the text: the grammar wants it at the end
    written = {
        name: getattr(first, name) == getattr(second, name)
        for name in ("year", "month", "day", "hour", "minute", "second", "microsecond")
    }
    if not written["year"]:
        raise DateError(raw, "no year was written")
    if not re.search(rf"(?<!\d)0*{first.year}(?!\d)", text) or first.year < 100:
        raise DateError(raw, _TWO_DIGIT)
    if (written["day"] and not written["month"]) or written["microsecond"]:
        return None
    if written["day"] and not re.search(rf"(?<!\d)0?{first.day}(?!\d)", text):
        raise DateError(raw, "write the day of the month as a number")  # dateutil moved to a weekday
    ymd = first.year, first.month if written["month"] else None, first.day if written["day"] else None
    if weekday := re.search(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?(?![a-z])", text, re.I):
        if not written["day"]:
            raise DateError(raw, "a weekday needs a day of the month")
        _check_day(raw, *ymd, weekday[1])
    if not written["hour"]:
        return ymd, None
    seconds = first.second if written["second"] else None
    return ymd, (first.hour, first.minute, seconds)


def _clock(match: re.Match[str], raw: str) -> Clock:
    hour = int(match["h"] or match["h2"])
    minute = int(match["mi"] or 0)
    second = _int(match["s"])
    ampm = (match["ampm"] or match["ampm2"] or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise DateError(raw, f"there is no {hour} o'clock in am/pm time")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or (second is not None and second > 59):
        raise DateError(raw, "the time must be between 00:00 and 23:59")
    return hour, minute, second


def _resolve_zone(
    zone_text: str | None, raw: str, site_zone: str, wall: tuple[int, int, int, int, int, int]
) -> tuple[int, str | None]:
    """(offset, abbreviation) of a written zone; with none, the site zone at that wall time."""
    if zone_text is None:
        return _wall_offset(site_zone, *wall)[0], None
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
    offset = _abbreviation_offset(abbreviation, site_zone, wall)
    if offset is None:
        known = ", ".join(ZONE_ABBREVIATIONS)
        raise DateError(raw, f'unknown time zone "{text}": write an offset like +09:00 or one of {known}')
    return offset, abbreviation


def _abbreviation_offset(abbreviation: str, site_zone: str, wall: tuple[int, int, int, int, int, int]) -> int | None:
    """The site zone's meaning of an abbreviation it uses at that wall time, else the table's."""
    for fold in (0, 1):
        offset, name = _wall_offset(site_zone, *wall, fold=fold)
        if name.upper() == abbreviation:
            return offset
    return ZONE_ABBREVIATIONS.get(abbreviation)


def parse_date(text: str | int, *, date_order: str = "ymd", site_zone: str = "UTC") -> PartialDate:
    """Read a date as written (SPEC 5); raise DateError with a message for the author."""
    if date_order not in DATE_ORDERS:
        raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}, not {date_order!r}")
    if isinstance(text, int) and not isinstance(text, bool):
        return PartialDate(year=text)
    if not isinstance(text, str):
        raise DateError(str(text), "a date is text such as 2024-10-23")
    raw = text.strip()
    if not raw:
        raise DateError(raw, "it is empty")
    rest = raw
    approximate = bool(circa := _CIRCA.match(rest))
    if circa:
        rest = rest[circa.end() :]
    clock: Clock | None = None
    zone_text: str | None = None
    body = rest
    if (suffix := _TIME_SUFFIX.search(rest)) and suffix.start() > 0:
        body, clock, zone_text = rest[: suffix.start()], _clock(suffix, raw), suffix["zone"]
    found = _grammar(body, raw, date_order)
    weekday = None
    if found is not None:
        ymd, weekday = found
    else:
        read = _dateutil(body if clock else rest, raw, date_order)
        if read is None or (clock and read[1]):
            raise DateError(raw)
        ymd, clock = read[0], clock or read[1]
    year, month, day = ymd
    _check_day(raw, year, month, day, weekday)
    if clock is None:
        return PartialDate(year, month, day, approximate=approximate)
    if day is None or month is None:
        raise DateError(raw, "a time needs a full date with a day")
    hour, minute, second = clock
    wall = (year, month, day, hour, minute, second or 0)
    offset, zone = _resolve_zone(zone_text, raw, site_zone, wall)
    return PartialDate(year, month, day, hour, minute, second, offset, zone, approximate)


def _check_day(raw: str, year: int, month: int | None, day: int | None, weekday: str | None) -> None:
    if month is not None and not 1 <= month <= 12:
        raise DateError(raw, f"there is no month {month}")
    if day is None or month is None:
        return
    if not 1 <= day <= _days_in_month(year, month):
        raise DateError(raw, f"{month_name(month)} {_year_text(year)} has no day {day}")
    if weekday:
        actual = WEEKDAY_NAMES[(_days_from_civil(year, month, day) + 3) % 7]
        if not actual.lower().startswith(weekday[:3].lower()):
            raise DateError(raw, f"{day} {month_name(month)} {_year_text(year)} is a {actual}")


# --- formatting ---------------------------------------------------------------------------


def _year_text(year: int) -> str:
    """Plain for 1000..9999; "44 BC" before the era; "AD 800" where plain digits would not parse."""
    if year <= 0:
        return f"{1 - year} BC"
    if year < 1000 or year > 9999:
        return f"AD {year}"
    return str(year)


def _day_text(d: PartialDate) -> str:
    if d.month is None:
        return _year_text(d.year)
    if d.day is None:
        return f"{month_name(d.month)} {_year_text(d.year)}"
    return f"{d.day} {month_name(d.month)} {_year_text(d.year)}"


def _clock_text(d: PartialDate) -> str:
    text = f"{d.hour:02d}:{d.minute:02d}"
    return text + (f":{d.second:02d}" if d.second is not None else "")


def _zone_label(d: PartialDate, site_zone: str) -> str:
    """The zone as written, else the site zone's abbreviation if it is this offset, else UTC±hh:mm.

    Each choice is checked against the parser, so what is written here reads back the same.
    """
    offset = d.offset or 0
    wall = (d.year, d.month or 1, d.day or 1, d.hour or 0, d.minute or 0, d.second or 0)
    candidates = [d.zone] if d.zone else []
    site_offset, site_name = _instant_offset(site_zone, d.earliest(site_zone))
    if site_offset == offset and re.fullmatch(r"[A-Za-z]{2,5}", site_name):
        candidates.append(site_name.upper())
    if offset == 0:
        candidates.append("UTC")
    for name in candidates:
        if _abbreviation_offset(name, site_zone, wall) == offset:
            return name
    return "UTC" + _offset_text(offset, zulu=False)


def format_date(d: PartialDate, site_zone: str = "UTC") -> str:
    """Readable form (SPEC 5 "shown"): "23 October 2024, 14:05 KST", "c. 1950", "44 BC"."""
    text = _day_text(d)
    if d.has_time:
        text += f", {_clock_text(d)} {_zone_label(d, site_zone)}"
    return ("c. " + text) if d.approximate else text


def format_span(start: PartialDate, end: PartialDate, site_zone: str = "UTC") -> str:
    """Compact span: "21–25 October 2024", "28 October – 3 November 2024", "1969–1972"."""
    full = f"{format_date(start, site_zone)} – {format_date(end, site_zone)}"
    if start == end:
        return format_date(start, site_zone)
    if start.precision != end.precision or start.approximate or end.approximate:
        return full
    if start.has_time:
        same_day = (start.year, start.month, start.day) == (end.year, end.month, end.day)
        label = _zone_label(start, site_zone)
        if same_day and label == _zone_label(end, site_zone):
            return f"{_day_text(start)}, {_clock_text(start)}–{_clock_text(end)} {label}"
        return full
    if start.precision is Precision.YEAR:
        if 1000 <= start.year <= 9999 and 1000 <= end.year <= 9999:
            return f"{start.year}–{end.year}"
        return full
    if start.year != end.year or start.month is None or end.month is None:
        return full
    year = _year_text(start.year)
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
