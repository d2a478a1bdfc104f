"""Dates as they were written (SPEC 5): read, ordered and shown, never guessed.

model.py is the type (`PartialDate`, `Precision`), reading.py the parser (grammar.py, ranges.py),
format.py the English forms, zones.py and calendar.py the arithmetic, messages.py the refusals.
"""

from generator.source.dates.format import check_span, format_date, format_span, period_years
from generator.source.dates.grammar import DATE_ORDERS, year_text
from generator.source.dates.messages import EXAMPLES, DateError
from generator.source.dates.model import PartialDate, Precision
from generator.source.dates.reading import parse_date, parse_when
from generator.source.dates.words import MONTH_NAMES, WEEKDAY_NAMES, month_name
from generator.source.dates.zones import US_ZONES, ZONE_ABBREVIATIONS

__all__ = [
    "DATE_ORDERS", "EXAMPLES", "MONTH_NAMES", "US_ZONES", "WEEKDAY_NAMES", "ZONE_ABBREVIATIONS", "DateError",
    "PartialDate", "Precision", "check_span", "format_date", "format_span", "month_name", "parse_date", "parse_when",
    "period_years", "year_text",
]  # fmt: skip
