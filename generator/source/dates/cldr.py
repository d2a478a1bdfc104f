"""Dates in the site's language (SPEC 8), with the Unicode CLDR data of Babel.

A day is the language's long date form (`2024년 10월 23일`, `23. Oktober 2024`), a month and a
year its year-and-month and year forms, a time its short (or medium, with seconds) time form with
the zone as written, a date before the era the era forms (`G`), spans the interval formats.
CLDR's patterns are filled here, not by Babel's date formatting, so any year works (44 BC, AD
12024). Circa, uncertainty, periods, seasons and quarters are the theme's words (`say`). Every
English tag but `en-US` keeps SPEC 5's English forms (format.py); `read` takes back what `show`
writes for a day, a month or a year, by the same patterns, with nothing guessed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from babel import Locale
from babel.dates import parse_pattern

from generator.source.dates import format as english
from generator.source.dates.model import PartialDate, Precision, century_number
from generator.source.dates.words import SEASONS, THIRDS

Say = Callable[..., str]  # say(message id, **values): the theme's words, formatted


def say_english(message: str, **values: Any) -> str:
    return message % values if values else message


def keeps_english_forms(language: str) -> bool:
    """SPEC 8: every English tag but en-US shows dates as SPEC 5 writes them."""
    tag = language.replace("_", "-").lower()
    return tag == "en" or (tag.startswith("en-") and tag != "en-us")


@functools.lru_cache(maxsize=32)
def locale(language: str) -> Locale:
    try:
        return Locale.parse(language, sep="-")
    except (ValueError, LookupError):
        return Locale.parse("en")


THIRDS_OF = {"early": "early %(period)s", "mid": "mid-%(period)s", "late": "late %(period)s"}
DECADE_THIRDS = {"early": "early %(decade)s", "mid": "mid-%(decade)s", "late": "late %(decade)s"}
CENTURY_THIRDS = {"early": "early %(century)s", "mid": "mid-%(century)s", "late": "late %(century)s"}


class Shown:
    """How one site shows dates: its language, its zone, its theme's words."""

    def __init__(self, language: str = "en", zone: str = "UTC", say: Say = say_english) -> None:
        self.language = language
        self.zone = zone
        self.say = say
        self.english = keeps_english_forms(language)
        self.locale = locale(language)

    # -- one date ----------------------------------------------------------------------------------

    def date(self, d: PartialDate) -> str:
        if self.english:
            return english.format_date(d, self.zone)
        text = self._plain(d)
        if d.approximate:  # a day has its own message: "vers le 23 octobre 2024", "vers 1950"
            text = self.say("c. %(day)s", day=text) if d.day is not None else self.say("c. %(date)s", date=text)
        return self.say("%(date)s?", date=text) if d.uncertain else text

    def year(self, year: int) -> str:
        return english.year_text(year) if self.english else fill(self.locale, "y", year=year)

    def month(self, year: int, month: int) -> str:
        if self.english:
            return f"{english.month_name(month)} {english.year_text(year)}"
        return fill(self.locale, "yMMMM", year=year, month=month)

    def month_name(self, month: int) -> str:
        """A month's name on its own ("October", "10월"), for lists of one year's months."""
        if self.english:
            return english.month_name(month)
        return str(self.locale.months["stand-alone"]["wide"][month])

    def month_short(self, month: int) -> str:
        """A month on its own, abbreviated, for chart labels ("Oct", "10월")."""
        if self.english:
            return english.month_name(month)[:3]
        return str(self.locale.months["stand-alone"]["abbreviated"][month])

    def _plain(self, d: PartialDate) -> str:
        if d.period is not None:
            return self._period(d)
        if d.month is None:
            return self.year(d.year)
        if d.day is None:
            return self.month(d.year, d.month)
        text = fill(self.locale, "long", year=d.year, month=d.month, day=d.day)
        if not d.has_time:
            return text
        seconds = d.second is not None
        clock = fill(self.locale, "time-medium" if seconds else "time-short", hour=d.hour, minute=d.minute,
                     second=d.second or 0)  # fmt: skip
        clock += " " + english.zone_label(d, self.zone)
        return str(self.locale.datetime_formats["medium"]).replace("{1}", text).replace("{0}", clock)

    def _period(self, d: PartialDate) -> str:
        if d.period == "season":
            name = "fall" if d.style == "fall" else SEASONS[d.part - 1]  # type: ignore[operator]
            return self.say(f"{name} %(year)s", year=self.year(d.year))
        if d.period == "quarter":
            return self.say("Q%(quarter)d %(year)s", quarter=d.part, year=self.year(d.year))
        if d.period in ("century", "decade"):
            return self._whole(d.period, d.year, d.style)
        if d.unit == "month":
            whole = self.month(d.year, d.month)  # type: ignore[arg-type]
        elif d.unit == "year":
            whole = self.year(d.year)
        else:
            whole = self._whole(d.unit, d.year, d.style)  # type: ignore[arg-type]
        word = THIRDS[d.part - 1]  # type: ignore[operator]
        if d.unit in ("decade", "century") and d.year >= 1 and not (d.unit == "decade" and d.year % 100 == 0):
            # their own messages: many languages put an article between ("début des années 1950",
            # "principios del siglo XIX", "Anfang des 19. Jahrhunderts")
            if d.unit == "decade" or d.style == "hundreds":
                return self.say(DECADE_THIRDS[word], decade=whole)
            number = century_number(d.year)
            return self.say(CENTURY_THIRDS[word], century=whole, number=number, roman=roman(number))
        return self.say(THIRDS_OF[word], period=whole)

    def _whole(self, period: str, first: int, style: str | None) -> str:
        if period == "decade" and first % 100 == 0:  # 1900-1909: "1900s" would be the century
            return self.span_of(PartialDate(first), PartialDate(first + 9))
        if period == "decade" or style == "hundreds":
            text = self.say("%(year)ss", year=abs(first) if first > 0 else 1 - first)
        else:
            number = century_number(first)
            text = self.say("%(ordinal)s century", ordinal=english.ordinal(number), number=number, roman=roman(number))
        return self.say("%(period)s BC", period=text) if first < 1 else text

    # -- a span ------------------------------------------------------------------------------------

    def span_of(self, start: PartialDate, end: PartialDate) -> str:
        if self.english:
            return english.format_span(start, end, self.zone)
        if start == end:
            return self.date(start)
        interval = self._interval(start, end)
        if interval is not None:
            return interval
        fallback = str(self.locale.interval_formats.get(None) or "{0} – {1}")
        return fallback.replace("{0}", self.date(start)).replace("{1}", self.date(end))

    def _interval(self, start: PartialDate, end: PartialDate) -> str | None:
        """CLDR's interval format, for two plain dates of the same precision in the era."""
        plain = not (start.approximate or end.approximate or start.uncertain or end.uncertain)
        if not plain or start.is_period or end.is_period or start.has_time or start.year < 1 or end.year < 1:
            return None
        if start.precision != end.precision or start.precision not in (Precision.YEAR, Precision.MONTH, Precision.DAY):
            return None
        skeleton = {Precision.YEAR: "y", Precision.MONTH: "yMMMM", Precision.DAY: "yMMMd"}[start.precision]
        if start.year != end.year:
            greatest = "y"
        elif start.month != end.month:
            greatest = "M"
        else:
            greatest = "d"
        formats = self.locale.interval_formats.get(skeleton) or {}
        parts = formats.get(greatest)
        if not parts:
            return None
        first = _fill_pattern(self.locale, _widen(self.locale, str(parts[0])), start)
        last = _fill_pattern(self.locale, _widen(self.locale, str(parts[1])), end)
        return first + last


def roman(number: int) -> str:
    values = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
              (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
    out = []
    for value, letters in values:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


# --- CLDR patterns, filled for any year ------------------------------------------------------------


def pattern(loc: Locale, name: str, era: bool) -> str:
    """The CLDR pattern for a form: `long` (a day), `yMMMM`, `y`, `time-short`, `time-medium`;
    with the era for dates before it."""
    if name == "long":
        return _widen(loc, str(loc.datetime_skeletons.get("GyMMMd") or "")) if era else loc.date_formats["long"].pattern
    if name.startswith("time-"):
        return loc.time_formats[name[5:]].pattern
    skeletons = loc.datetime_skeletons
    found = skeletons.get("G" + name) if era else skeletons.get(name)
    return str(found or (("G " if era else "") + ("MMMM y" if name == "yMMMM" else "y")))


def _widen(loc: Locale, text: str) -> str:
    """Abbreviated month names made wide where the long form writes them wide ("MMM d" ->
    "MMMM d"); a language whose long form writes the month as a number keeps its own."""
    if not re.search(r"MMMM|LLLL", loc.date_formats["long"].pattern):
        return text
    return re.sub(r"(?<![ML])(MMM|LLL)(?![ML])", lambda m: m.group(1) + m.group(1)[0], text)


def fill(loc: Locale, name: str, **fields: int) -> str:
    # with the era before the year 1000, as English writes "AD 33": a bare "33" would read as a
    # two-digit year, which is refused (SPEC 5)
    era = "year" in fields and fields["year"] < 1000
    return _fill(loc, pattern(loc, name, era), fields)


def _fill_pattern(loc: Locale, text: str, d: PartialDate) -> str:
    return _fill(loc, text, {"year": d.year, "month": d.month or 1, "day": d.day or 1})


def _fill(loc: Locale, text: str, fields: dict[str, int]) -> str:
    compiled = parse_pattern(text)
    values = _Fields(loc, fields)
    return compiled.format % values


class _Fields:
    """What a CLDR pattern's fields stand for, for one date (Babel's pattern, our values)."""

    def __init__(self, loc: Locale, fields: dict[str, int]) -> None:
        self.loc = loc
        self.f = fields

    def __getitem__(self, token: str) -> str:
        kind, width, f = token[0], len(token), self.f
        year = f.get("year", 1)
        if kind == "G":
            return str(self.loc.eras["wide" if width == 4 else "abbreviated"][0 if year < 1 else 1])
        if kind in "yYu":
            shown = 1 - year if year < 1 else year  # a year before the era is written with its era
            return str(shown).zfill(width) if width > 2 else (f"{shown % 100:02d}" if width == 2 else str(shown))
        if kind in "ML":
            month = f.get("month", 1)
            if width <= 2:
                return str(month).zfill(width)
            context = "stand-alone" if kind == "L" else "format"
            names = self.loc.months[context]["wide" if width == 4 else "abbreviated" if width == 3 else "narrow"]
            return str(names[month])
        if kind == "d":
            return str(f.get("day", 1)).zfill(width)
        if kind in "Hk":
            return str(f.get("hour", 0)).zfill(width)
        if kind in "hK":
            hour = f.get("hour", 0) % 12
            return str(hour or (12 if kind == "h" else 0)).zfill(width)
        if kind == "m":
            return str(f.get("minute", 0)).zfill(width)
        if kind == "s":
            return str(f.get("second", 0)).zfill(width)
        if kind in "aBb":
            periods = self.loc.day_periods["format"]["abbreviated"]
            return str(periods["am" if f.get("hour", 0) < 12 else "pm"])
        return ""  # zones and weekdays: not in the forms used here


# --- reading them back ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)
def _readers(language: str) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """Regular expressions for the long and medium date, year-and-month and year forms."""
    loc = locale(language)
    found = []
    for name, text in (("long", loc.date_formats["long"].pattern), ("medium", loc.date_formats["medium"].pattern),
                       ("yMMMM", str(loc.datetime_skeletons.get("yMMMM") or "")),
                       ("y", str(loc.datetime_skeletons.get("y") or ""))):  # fmt: skip
        for era in (False, True):
            source = pattern(loc, name, era) if era else text
            if source:
                found.append(_regex(loc, source))
    return tuple(found)


def _regex(loc: Locale, text: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    compiled = parse_pattern(text)
    order: list[str] = []
    out = []
    for piece in re.split(r"(%\([A-Za-z]+\)s)", compiled.format.replace("%%", "%")):
        match = re.fullmatch(r"%\(([A-Za-z]+)\)s", piece)
        if not match:
            out.append(r"\s*".join(re.escape(part) for part in re.split(r"\s+", piece)) if piece.strip() else r"\s*")
            continue
        token = match.group(1)
        kind, width = token[0], len(token)
        if kind in "yYu":
            out.append(r"(?P<year>\d{1,6})")
            order.append("year")
        elif kind in "ML" and width >= 3:
            names = {str(n).lower() for ctx in ("format", "stand-alone") for w in ("wide", "abbreviated")
                     for n in loc.months[ctx][w].values()}  # fmt: skip
            out.append("(?P<monthname>" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) + ")")
            order.append("monthname")
        elif kind in "ML":
            out.append(r"(?P<month>\d{1,2})")
            order.append("month")
        elif kind == "d":
            out.append(r"(?P<day>\d{1,2})")
            order.append("day")
        elif kind == "G":
            eras = {str(loc.eras[w][e]).lower() for w in ("abbreviated", "wide") for e in (0, 1)}
            out.append("(?P<era>" + "|".join(map(re.escape, sorted(eras, key=len, reverse=True))) + ")")
            order.append("era")
        else:
            return re.compile(r"(?!)"), ()
    return re.compile("^" + "".join(out) + "$", re.I), tuple(order)


def read(text: str, language: str) -> tuple[int, int | None, int | None] | None:
    """(year, month, day) of a date written in the language's own forms, or None."""
    if keeps_english_forms(language) or language.lower().startswith("en"):
        return None
    loc = locale(language)
    for regex, _order in _readers(language):
        match = regex.match(text.strip())
        if not match:
            continue
        groups = match.groupdict()
        year = int(groups["year"])
        if groups.get("era") and groups["era"].lower() in _before_era(language):
            year = 1 - year
        month = int(groups["month"]) if groups.get("month") else None
        if groups.get("monthname"):
            month = _month_of(loc, groups["monthname"])
        day = int(groups["day"]) if groups.get("day") else None
        return year, month, day
    return None


@functools.lru_cache(maxsize=32)
def _before_era(language: str) -> frozenset[str]:
    """The language's names of the era before the year 1 (BC)."""
    loc = locale(language)
    return frozenset(str(loc.eras[width][0]).lower() for width in ("abbreviated", "wide"))


def _month_of(loc: Locale, name: str) -> int | None:
    name = name.lower()
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, month in loc.months[context][width].items():
                if str(month).lower() == name:
                    return int(number)
    return None
