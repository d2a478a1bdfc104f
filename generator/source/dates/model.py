"""The domain type: a date as it was written, never more (SPEC 5).

A `PartialDate` keeps a year and, as written, a month, a day, a time with its zone; or a period
(a century, a decade, a third of one of those or of a year or a month, a season, a quarter);
and the qualifiers approximate (`c. 1950`, `1950~`) and uncertain (`1950?`). It is not a
`datetime`: years before the common era and far in the future are ordinary values, and nothing
missing is filled in. Its instants (earliest, latest) are computed in the site zone when no
time was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from generator.source.dates.calendar import civil_from_days, days_from_civil, days_in_month, next_month
from generator.source.dates.words import SEASON_MONTHS, month_name
from generator.source.dates.zones import instant_offset, local_midnight, offset_text, wall_offset

PERIODS = ("century", "decade", "third", "season", "quarter")
THIRD_OF = ("century", "decade", "year", "month")
CENTURY_STYLES = ("ordinal", "hundreds")  # "19th century" or "1800s"


class Precision(IntEnum):
    """How much was written, coarse to fine (SPEC 5). Quarter and season have the same rank."""

    CENTURY = 1
    CENTURY_THIRD = 2
    DECADE = 3
    DECADE_THIRD = 4
    YEAR = 5
    YEAR_THIRD = 6
    QUARTER = 7
    SEASON = 8
    MONTH = 9
    MONTH_THIRD = 10
    DAY = 11
    MINUTE = 12
    SECOND = 13

    @property
    def rank(self) -> int:
        return Precision.QUARTER.value if self is Precision.SEASON else self.value


Ymd = tuple[int, int, int]


@dataclass(frozen=True)
class PartialDate:
    """What was written, no more.

    `year` is astronomical (1 BC = 0, 44 BC = -43); for a period it is the period's first year
    (1800 for the 19th century, 1950 for the 1950s). `offset` (minutes east of UTC) is set exactly
    when a time is; `zone` is the abbreviation as written, if one was. A period is `period`
    ("century", "decade", "third", "season", "quarter") with `part` (which third 1-3, season
    1-4 from spring, or quarter 1-4) and, for a third, `unit` (what it is a third of). `style`
    keeps how a century or an autumn was written ("ordinal" 19th century or "hundreds" 1800s;
    "fall"), so it is shown as written.
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
    uncertain: bool = False
    period: str | None = None
    part: int | None = None
    unit: str | None = None
    style: str | None = None
    precision: Precision = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int):
            raise ValueError(f"year must be an int, not {self.year!r}")
        if self.period is None:
            self._check_calendar()
        else:
            self._check_period()
        object.__setattr__(self, "precision", self._precision())

    def _check_calendar(self) -> None:
        if self.part is not None or self.unit is not None or self.style is not None:
            raise ValueError("part, unit and style belong to periods")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, not {self.month}")
        if self.day is not None:
            if self.month is None:
                raise ValueError("a day needs a month")
            if not 1 <= self.day <= days_in_month(self.year, self.month):
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

    def _check_period(self) -> None:
        if self.period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {self.period!r}")
        if self.day is not None or self.hour is not None or self.offset is not None or self.zone is not None:
            raise ValueError("a period has no day or time")
        if self.month is not None and not (self.period == "third" and self.unit == "month"):
            raise ValueError("only a third of a month has a month")
        if self.period == "third":
            if self.unit not in THIRD_OF or self.part not in (1, 2, 3):
                raise ValueError("a third needs unit century, decade, year or month and part 1..3")
            if self.unit == "month" and not 1 <= (self.month or 0) <= 12:
                raise ValueError("a third of a month needs its month")
        elif self.unit is not None:
            raise ValueError("only a third has a unit")
        if self.period in ("season", "quarter") and self.part not in (1, 2, 3, 4):
            raise ValueError(f"a {self.period} needs part 1..4")
        if self.period in ("century", "decade") and self.part is not None:
            raise ValueError(f"a {self.period} has no part")
        whole = self.unit if self.period == "third" else self.period
        if whole == "century" and not century_start_ok(self.year):
            raise ValueError(f"{self.year} does not begin a century")
        if whole == "decade" and (self.year % 10 or self.year < 1):
            raise ValueError(f"{self.year} does not begin a decade")
        if whole in ("century", "decade") and self.style not in (None, *CENTURY_STYLES):
            raise ValueError(f"style must be one of {CENTURY_STYLES}")
        if self.style == "hundreds" and not (whole == "century" and self.year >= 1000):
            raise ValueError("only a century from 1000 is written like 1800s")
        if whole == "decade" and self.year < 1000:
            raise ValueError("a decade is written with four digits, like 1950s")
        if self.style is not None and not (whole == "century" or (self.period == "season" and self.part == 3)):
            raise ValueError("only a century or an autumn has a style")

    def _precision(self) -> Precision:
        if self.period == "century":
            return Precision.CENTURY
        if self.period == "decade":
            return Precision.DECADE
        if self.period == "season":
            return Precision.SEASON
        if self.period == "quarter":
            return Precision.QUARTER
        if self.period == "third":
            return {
                "century": Precision.CENTURY_THIRD, "decade": Precision.DECADE_THIRD,
                "year": Precision.YEAR_THIRD, "month": Precision.MONTH_THIRD,
            }[self.unit]  # type: ignore[index]  # fmt: skip
        if self.second is not None:
            return Precision.SECOND
        if self.hour is not None:
            return Precision.MINUTE
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    # -- what it means ---------------------------------------------------------------------------

    @property
    def has_time(self) -> bool:
        """True when a time of day was written (and so `offset` is set)."""
        return self.hour is not None

    @property
    def is_period(self) -> bool:
        return self.period is not None

    @property
    def coarser_than_month(self) -> bool:
        return self.precision.rank < Precision.MONTH

    def bounds(self) -> tuple[Ymd, Ymd]:
        """The first day it can mean and the day after the last, as (year, month, day)."""
        y = self.year
        if self.period is None:
            if self.day is not None:
                return (y, self.month, self.day), civil_from_days(days_from_civil(y, self.month, self.day) + 1)  # type: ignore[arg-type,return-value]
            if self.month is not None:
                return (y, self.month, 1), (*next_month(y, self.month), 1)
            return (y, 1, 1), (y + 1, 1, 1)
        if self.period in ("century", "decade"):
            first, last = years_of(self.period, y)
            return (first, 1, 1), (last + 1, 1, 1)
        if self.period == "season":
            start = SEASON_MONTHS[self.part]  # type: ignore[index]
            end_year, end_month = (y + 1, 3) if start == 12 else (y, start + 3)
            return (y, start, 1), (end_year, end_month, 1)
        if self.period == "quarter":
            start = 3 * self.part - 2  # type: ignore[operator]
            return (y, start, 1), ((y + 1, 1, 1) if start == 10 else (y, start + 3, 1))
        return _third_bounds(self.unit, y, self.month, self.part)  # type: ignore[arg-type]

    def earliest(self, site_zone: str) -> int:
        """First instant it can mean, in seconds since 1970-01-01T00:00Z (a date alone: midnight)."""
        if self.has_time:
            days = days_from_civil(self.year, self.month or 1, self.day or 1)
            wall = days * 86400 + (self.hour or 0) * 3600 + (self.minute or 0) * 60
            return wall + (self.second or 0) - (self.offset or 0) * 60
        return local_midnight(site_zone, *self.bounds()[0])

    def latest(self, site_zone: str) -> int:
        """Last second it can mean: the start of the next day, month, period ... less one second."""
        if self.precision is Precision.SECOND:
            return self.earliest(site_zone)
        if self.precision is Precision.MINUTE:
            return self.earliest(site_zone) + 59
        return local_midnight(site_zone, *self.bounds()[1]) - 1

    def sort_key(self, site_zone: str) -> tuple[int, int, int]:
        """Timeline order (SPEC 5): earliest instant, coarser first, then exact, approximate,
        uncertain, approximate and uncertain; add the slug."""
        qualified = (1 if self.approximate else 0) + (2 if self.uncertain else 0)
        return (self.earliest(site_zone), self.precision.rank, qualified)

    def local_year_month(self, site_zone: str) -> tuple[int, int | None]:
        """(year, month or None) as seen in the site zone, for headings that never repeat; a date
        coarser than a month has only its year (of its earliest instant)."""
        if self.coarser_than_month:
            return self.bounds()[0][0], None
        if not self.has_time:
            return self.year, self.month
        instant = self.earliest(site_zone)
        offset, _ = instant_offset(site_zone, instant)
        year, month, _day = civil_from_days((instant + offset * 60) // 86400)
        return year, month

    def local_month_reach(self, site_zone: str) -> tuple[tuple[int, int], tuple[int, int]]:
        """The (year, month) of its earliest and of its latest instant, in the site zone: the
        months a chart shows it covering (a year covers January to December)."""
        if not self.has_time:
            first, after = self.bounds()
            last = civil_from_days(days_from_civil(*after) - 1)
            return (first[0], first[1]), (last[0], last[1])
        return self._local_month(self.earliest(site_zone), site_zone), self._local_month(
            self.latest(site_zone), site_zone
        )

    @staticmethod
    def _local_month(instant: int, site_zone: str) -> tuple[int, int]:
        offset, _ = instant_offset(site_zone, instant)
        year, month, _day = civil_from_days((instant + offset * 60) // 86400)
        return year, month

    # -- machine forms ---------------------------------------------------------------------------

    def iso(self) -> str:
        """ISO 8601 at the written precision: "2024-10", "-0043-03-15", "2024-10-23T14:05+09:00";
        a period as an interval ("1950/1959", "2024-03/2024-05")."""
        if self.period is not None:
            return self.interval()
        text = iso_year(self.year)
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.has_time:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += offset_text(self.offset or 0, zulu=True)
        return text

    def interval(self) -> str:
        """An ISO 8601 interval of the whole period, at its own grain: years, months or days."""
        (y1, m1, d1), (y2, m2, d2) = self.bounds()
        y2, m2, d2 = civil_from_days(days_from_civil(y2, m2, d2) - 1)  # the last day, not the day after
        if self.precision.rank <= Precision.DECADE_THIRD:
            return f"{iso_year(y1)}/{iso_year(y2)}"
        if self.precision is Precision.MONTH_THIRD:
            return f"{iso_year(y1)}-{m1:02d}-{d1:02d}/{iso_year(y2)}-{m2:02d}-{d2:02d}"
        return f"{iso_year(y1)}-{m1:02d}/{iso_year(y2)}-{m2:02d}"

    def html_datetime(self) -> str | None:
        """The value of a `<time datetime>` when HTML can say this date at its precision: a year
        from 1, a month, a day, a time with its offset; None for years before 1 and periods."""
        if self.period is not None or self.year < 1:
            return None
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        if self.has_time:
            text += f"T{self.hour:02d}:{self.minute:02d}"
            if self.second is not None:
                text += f":{self.second:02d}"
            text += offset_text(self.offset or 0, zulu=True)
        return text

    def to_rfc3339(self, site_zone: str) -> str:
        """First instant with an offset, for feeds; years outside 1..9999 raise ValueError."""
        (year, month, day) = self.bounds()[0]
        if not 1 <= year <= 9999:
            raise ValueError(f"RFC 3339 has no year {year}")
        if self.has_time:
            clock = f"{self.hour:02d}:{self.minute:02d}:{self.second or 0:02d}"
            offset = self.offset or 0
        else:
            clock = "00:00:00"
            offset, _ = wall_offset(site_zone, year, month, day)
        return f"{year:04d}-{month:02d}-{day:02d}T{clock}{offset_text(offset, zulu=False)}"


def iso_year(year: int) -> str:
    """ISO 8601 years: four digits for 0..9999, else signed and expanded ("-0043", "+12024")."""
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"-{-year:04d}" if year < 0 else f"+{year}"


def century_start_ok(year: int) -> bool:
    """The first year of a century: 1, 100, 200 ... (AD; the 1st century is 1-99), or
    -99, -199 ... (BC: the 1st century BC is 100-1 BC, astronomical -99..0)."""
    return year == 1 or (year > 1 and year % 100 == 0) or (year <= -99 and (year - 1) % 100 == 0)


def years_of(period: str, first: int) -> tuple[int, int]:
    """First and last year of a century or decade beginning at `first`."""
    if period == "decade":
        return first, first + 9
    if first == 1:
        return 1, 99
    return first, first + 99


def century_number(first: int) -> int:
    """19 for the 19th century (1800), 5 for the 5th century BC (-499)."""
    return 1 if first == 1 else first // 100 + 1 if first > 0 else (1 - first) // 100


def _third_bounds(unit: str, year: int, month: int | None, part: int) -> tuple[Ymd, Ymd]:
    if unit in ("century", "decade"):
        first, last = years_of(unit, year)
        cuts = (0, 34, 67, 100) if unit == "century" else (0, 4, 7, 10)
        base = year - 1 if unit == "century" and year == 1 else year  # the 1st century counts from 0
        start = max(first, base + cuts[part - 1])
        end = min(last + 1, base + cuts[part])
        return (start, 1, 1), (end, 1, 1)
    if unit == "year":
        months = (1, 5, 9, 13)
        start, end = months[part - 1], months[part]
        return (year, start, 1), ((year + 1, 1, 1) if end == 13 else (year, end, 1))
    days = (1, 11, 21)
    start_day = days[part - 1]
    if part == 3:
        return (year, month, start_day), (*next_month(year, month), 1)  # type: ignore[arg-type,return-value]
    return (year, month, start_day), (year, month, days[part])  # type: ignore[return-value]
