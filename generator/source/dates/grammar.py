"""Read one date as it was written (SPEC 5): an explicit grammar, then python-dateutil for the
written-out dates it does not know, accepted only when every token was understood.

Order of reading: qualifiers (`c.`, `~`, `?`, `%`), a time before or after the date (`14:05`,
`2:05 p.m. ET`, `14.05 BST`, `noon`), then the date itself: ISO forms and EDTF `X` digits,
periods (decades, centuries, thirds, seasons, quarters), all-numeric dates under `date_order`,
years with an era, written-out dates. Settings are read only when a form needs them, so a
parse records exactly what it depended on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from generator.source.dates.calendar import days_in_month, weekday
from generator.source.dates.messages import TWO_DIGIT, DateError, diagnose
from generator.source.dates.words import (
    WEEKDAY_NAMES,
    month_name,
    month_number,
    weekday_number,
)

DATE_ORDERS = ("ymd", "dmy", "mdy")
Ymd = tuple[int, int | None, int | None]
Clock = tuple[int, int, int | None]


class Reading:
    """The settings a date may need, read only when it does (so a parse records what it read)."""

    def __init__(self, settings: Any = None, date_order: str = "ymd", site_zone: str = "UTC",
                 language: str = "en") -> None:  # fmt: skip
        self._settings = settings
        self._date_order = date_order
        self._site_zone = site_zone
        self._language = language

    @property
    def date_order(self) -> str:
        order = self._settings.date_order if self._settings is not None else self._date_order
        if order not in DATE_ORDERS:
            raise ValueError(f"date_order must be one of {', '.join(DATE_ORDERS)}, not {order!r}")
        return order

    @property
    def site_zone(self) -> str:
        return self._settings.timezone if self._settings is not None else self._site_zone

    @property
    def language(self) -> str:
        return self._settings.language if self._settings is not None else self._language


# --- text in ---------------------------------------------------------------------------------------

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2212": "-", "\u2012": "–", "\u2015": "—"})


def normalise(text: str) -> str:
    """NFC, one kind of space, hyphens and minus signs as '-', dashes as '–' or '—'."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return _SPACES.sub(" ", text).strip()


_CIRCA = re.compile(r"^(?:circa\b|ca\.|c\.|c(?=\s)|~)\s*", re.I)
_EDTF_SUFFIX = re.compile(r"(?<=[\dA-Za-z.)])\s*([~?%])$")


@dataclass
class Written:
    """A date's text split into what qualifies it, its clock and zone, and the date itself."""

    raw: str
    body: str
    approximate: bool = False
    uncertain: bool = False
    clock: Clock | None = None
    zone: str | None = None


def split_qualifiers(raw: str) -> Written:
    text = raw
    approximate = uncertain = False
    if circa := _CIRCA.match(text):
        approximate, text = True, text[circa.end() :]
    if suffix := _EDTF_SUFFIX.search(text):
        mark = suffix.group(1)
        approximate = approximate or mark in "~%"
        uncertain = mark in "?%"
        text = text[: suffix.start()]
    return Written(raw, text.strip(), approximate, uncertain)


# --- the date itself -------------------------------------------------------------------------------

_ISO = re.compile(r"^(?P<y>[+-]\d{4,}|\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_NUMERIC = re.compile(r"^(?P<a>\d{1,4})(?P<sep>[/.\-])(?P<b>\d{1,4})(?:(?P=sep)(?P<c>\d{1,4}))?$")
_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_ERA = r"b\.?c\.?(?:e\.?)?|a\.?d\.?|c\.?e\.?"
_YEAR = re.compile(rf"^(?:(?P<n>{_NUMBER})(?:\s*(?P<era>{_ERA}))?|(?P<ad>a\.?d\.?)\s*(?P<n2>{_NUMBER}))$", re.I)
_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_WRITTEN = [
    re.compile(rf"^(?:{_WEEKDAY},?\s+)?{_DAY}(?:\s+of)?[\s-]+{_MONTH},?[\s-]+(?P<year>.+)$", re.I),
    re.compile(rf"^(?:{_WEEKDAY},?\s+)?{_MONTH}[\s-]+{_DAY},?\s+(?P<year>.+)$", re.I),
    re.compile(rf"^(?P<year>\d{{4}}),?\s+{_MONTH}\s+{_DAY}(?:,?\s+{_WEEKDAY})?$", re.I),
    re.compile(rf"^{_MONTH},?\s+(?P<year>.+)$", re.I),
]


def year_of(text: str, raw: str) -> int:
    """Astronomical year from "2024", "44 BC", "AD 44", "10,000 BCE"; two-digit years refused."""
    text = text.strip()
    match = _YEAR.match(text)
    if not match:
        if re.fullmatch(r"['’]?\d{1,2}", text):
            raise DateError(raw, TWO_DIGIT)
        raise DateError(raw, diagnose(raw))
    digits = (match["n"] or match["n2"]).replace(",", "")
    if len(digits) > 12:
        raise DateError(raw, "that year is too far away to be read")
    number = int(digits)
    era = (match["era"] or match["ad"] or "").replace(".", "").upper()
    if era:
        if number < 1:
            raise DateError(raw, "there is no year 0 in BC or AD counting: 1 BC is followed by AD 1")
        return 1 - number if era.startswith("B") else number
    if len(digits) <= 2:
        raise DateError(raw, TWO_DIGIT)
    if "," in match["n"]:
        raise DateError(raw, f"write the year without commas ({number}) or add BC or AD")
    if len(digits) == 8 and 1 <= int(digits[4:6]) <= 12 and 1 <= int(digits[6:]) <= 31:
        raise DateError(raw, f"write the date with hyphens: {digits[:4]}-{digits[4:6]}-{digits[6:]}")
    if len(digits) > 4:
        raise DateError(raw, f"write a year past 9999 as AD {number}")
    return number


def _numeric(match: re.Match[str], raw: str, reading: Reading) -> Ymd:
    """All-numeric dates: year first always; otherwise as `date_order` says, never guessed."""
    a, b, c = match["a"], match["b"], match["c"]
    parts = [p for p in (a, b, c) if p is not None]
    if len(a) == 4:
        return int(a), int(b), int(c) if c is not None else None
    if len(parts[-1]) != 4:
        if any(len(p) == 3 for p in parts) or len(parts) == 2:
            raise DateError(raw, diagnose(raw))
        raise DateError(raw, TWO_DIGIT)
    order = reading.date_order
    if order == "ymd":
        raise DateError(raw, diagnose(raw, "ymd"))
    if c is None:
        return int(b), int(a), None
    day, month = (a, b) if order == "dmy" else (b, a)
    return int(c), int(month), int(day)


def parse_ymd(body: str, raw: str, reading: Reading) -> tuple[Ymd, int | None] | None:
    """Calendar dates of the explicit grammar: (year, month, day) and a weekday written, or None."""
    if match := _ISO.match(body):
        ymd = int(match["y"]), _int(match["m"]), _int(match["d"])
        if len(match["y"].lstrip("+-")) > 12:
            raise DateError(raw, "that year is too far away to be read")
        return ymd, None
    if match := _NUMERIC.match(body):
        return _numeric(match, raw, reading), None
    if _YEAR.match(body):
        return (year_of(body, raw), None, None), None
    for pattern in _WRITTEN:
        match = pattern.match(body)
        if match and pattern is _WRITTEN[-1] and re.fullmatch(r"\d{1,2}", match["year"]):
            raise DateError(
                raw, "no year was written: add the full year, like Oct. 23, 2024 (two-digit years are not accepted)"
            )
        if match and (_YEAR.match(match["year"]) or re.fullmatch(r"['’]?\d{1,2}", match["year"])):
            day = _int(match.groupdict().get("d"))
            wd = match.groupdict().get("wd")
            return (year_of(match["year"], raw), month_number(match["mon"]), day), weekday_number(wd) if wd else None
    return None


def _int(text: str | None) -> int | None:
    return int(text) if text is not None else None


def check_day(raw: str, year: int, month: int | None, day: int | None, wd: int | None) -> None:
    if month is not None and not 1 <= month <= 12:
        raise DateError(raw, f"there is no month {month}")
    if day is None or month is None:
        return
    if not 1 <= day <= days_in_month(year, month):
        days = days_in_month(year, month)
        raise DateError(raw, f"{month_name(month)} {year_text(year)} has no day {day}: it has {days} days")
    if wd is not None and weekday(year, month, day) != wd:
        actual = WEEKDAY_NAMES[weekday(year, month, day)]
        raise DateError(raw, f"{day} {month_name(month)} {year_text(year)} is a {actual}, not a {WEEKDAY_NAMES[wd]}")


def year_text(year: int) -> str:
    """Plain for 1000..9999; "44 BC" before the era; "AD 800" where plain digits would not read back."""
    if year <= 0:
        return f"{1 - year} BC"
    if year < 1000 or year > 9999:
        return f"AD {year}"
    return str(year)
