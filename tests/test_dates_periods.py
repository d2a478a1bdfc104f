"""SPEC 5's newer forms: periods, EDTF qualifiers, ranges in one field, machine timestamps, clocks
that jump, and nothing guessed. Each rule one table; properties for what the formatter writes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.source.dates import (
    DateError,
    PartialDate,
    Precision,
    format_date,
    format_span,
    parse_date,
    parse_when,
)

P = Precision


def ts(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def same(a: PartialDate, b: PartialDate) -> bool:
    """Equal but for how the zone was spelled: none written (the site's) or its abbreviation."""
    return replace(a, zone=None) == replace(b, zone=None) and a.offset == b.offset


# --- the new rows of SPEC 5's table ---------------------------------------------------------------

TABLE = [
    # written, precision, approximate, uncertain, shown, first day, last day
    ("1984~", P.YEAR, True, False, "c. 1984", "1984-01-01", "1984-12-31"),
    ("2004-06~", P.MONTH, True, False, "c. June 2004", "2004-06-01", "2004-06-30"),
    ("1984?", P.YEAR, False, True, "1984?", "1984-01-01", "1984-12-31"),
    ("2004-06?", P.MONTH, False, True, "June 2004?", "2004-06-01", "2004-06-30"),
    ("1984%", P.YEAR, True, True, "c. 1984?", "1984-01-01", "1984-12-31"),
    ("1950s", P.DECADE, False, False, "1950s", "1950-01-01", "1959-12-31"),
    ("201X", P.DECADE, False, False, "2010s", "2010-01-01", "2019-12-31"),
    ("19th century", P.CENTURY, False, False, "19th century", "1800-01-01", "1899-12-31"),
    ("1800s", P.CENTURY, False, False, "1800s", "1800-01-01", "1899-12-31"),
    ("2000s", P.CENTURY, False, False, "2000s", "2000-01-01", "2099-12-31"),
    ("18XX", P.CENTURY, False, False, "1800s", "1800-01-01", "1899-12-31"),
    ("early 1950s", P.DECADE_THIRD, False, False, "early 1950s", "1950-01-01", "1953-12-31"),
    ("mid-1950s", P.DECADE_THIRD, False, False, "mid-1950s", "1954-01-01", "1956-12-31"),
    ("mid 1950s", P.DECADE_THIRD, False, False, "mid-1950s", "1954-01-01", "1956-12-31"),
    ("late 1950s", P.DECADE_THIRD, False, False, "late 1950s", "1957-01-01", "1959-12-31"),
    ("early 19th century", P.CENTURY_THIRD, False, False, "early 19th century", "1800-01-01", "1833-12-31"),
    ("mid-19th century", P.CENTURY_THIRD, False, False, "mid-19th century", "1834-01-01", "1866-12-31"),
    ("late 19th century", P.CENTURY_THIRD, False, False, "late 19th century", "1867-01-01", "1899-12-31"),
    ("early 2024", P.YEAR_THIRD, False, False, "early 2024", "2024-01-01", "2024-04-30"),
    ("mid-2024", P.YEAR_THIRD, False, False, "mid-2024", "2024-05-01", "2024-08-31"),
    ("late 2024", P.YEAR_THIRD, False, False, "late 2024", "2024-09-01", "2024-12-31"),
    ("early October 2024", P.MONTH_THIRD, False, False, "early October 2024", "2024-10-01", "2024-10-10"),
    ("mid-October 2024", P.MONTH_THIRD, False, False, "mid-October 2024", "2024-10-11", "2024-10-20"),
    ("late October 2024", P.MONTH_THIRD, False, False, "late October 2024", "2024-10-21", "2024-10-31"),
    ("late February 2024", P.MONTH_THIRD, False, False, "late February 2024", "2024-02-21", "2024-02-29"),
    ("spring 2024", P.SEASON, False, False, "spring 2024", "2024-03-01", "2024-05-31"),
    ("summer 2024", P.SEASON, False, False, "summer 2024", "2024-06-01", "2024-08-31"),
    ("autumn 2024", P.SEASON, False, False, "autumn 2024", "2024-09-01", "2024-11-30"),
    ("fall 2024", P.SEASON, False, False, "fall 2024", "2024-09-01", "2024-11-30"),
    ("winter 2024", P.SEASON, False, False, "winter 2024", "2024-12-01", "2025-02-28"),
    ("Q1 2024", P.QUARTER, False, False, "Q1 2024", "2024-01-01", "2024-03-31"),
    ("Q3 2024", P.QUARTER, False, False, "Q3 2024", "2024-07-01", "2024-09-30"),
    ("2024 Q4", P.QUARTER, False, False, "Q4 2024", "2024-10-01", "2024-12-31"),
    ("c. 1950s", P.DECADE, True, False, "c. 1950s", "1950-01-01", "1959-12-31"),
    ("5th century BC", P.CENTURY, False, False, "5th century BC", "-0499-01-01", "-0400-12-31"),
    ("1st century", P.CENTURY, False, False, "1st century", "0001-01-01", "0099-12-31"),
]


def day(iso: str) -> tuple[int, int, int]:
    sign = -1 if iso.startswith("-") else 1
    y, m, d = iso.lstrip("-").split("-")
    return sign * int(y), int(m), int(d)


@pytest.mark.parametrize(("text", "precision", "approximate", "uncertain", "shown", "first", "last"), TABLE)
def test_spec_table_periods_and_qualifiers(text, precision, approximate, uncertain, shown, first, last):
    d = parse_date(text)
    assert d.precision is precision
    assert (d.approximate, d.uncertain) == (approximate, uncertain)
    assert format_date(d) == shown
    start, after = d.bounds()
    assert start == day(first)
    from generator.source.dates.calendar import civil_from_days, days_from_civil

    assert civil_from_days(days_from_civil(*after) - 1) == day(last)
    assert d.latest("UTC") + 1 == d.earliest("UTC") + (days_from_civil(*after) - days_from_civil(*start)) * 86400


def test_precisions_are_ranked_coarse_to_fine_with_quarter_and_season_together():
    order = [P.CENTURY, P.CENTURY_THIRD, P.DECADE, P.DECADE_THIRD, P.YEAR, P.YEAR_THIRD, P.QUARTER, P.MONTH,
             P.MONTH_THIRD, P.DAY, P.MINUTE, P.SECOND]  # fmt: skip
    assert [p.rank for p in order] == sorted(p.rank for p in order) and len({p.rank for p in order}) == len(order)
    assert P.SEASON.rank == P.QUARTER.rank


def test_a_period_orders_by_its_earliest_instant_and_coarser_first():
    texts = ["2024-03-01", "March 2024", "spring 2024", "early 2024", "Q1 2024", "2024", "2020s", "21st century"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key("UTC"))
    assert ordered == [
        "21st century",
        "2020s",
        "2024",
        "early 2024",
        "Q1 2024",
        "spring 2024",
        "March 2024",
        "2024-03-01",
    ]


def test_exact_before_approximate_before_uncertain_before_both():
    texts = ["1984%", "1984?", "c. 1984", "1984"]
    assert sorted(texts, key=lambda t: parse_date(t).sort_key("UTC")) == ["1984", "c. 1984", "1984?", "1984%"]


# --- ranges in `date` ------------------------------------------------------------------------------

RANGES = [
    ("21–25 October 2024", "2024-10-21", "2024-10-25", "21–25 October 2024"),
    ("21-25 October 2024", "2024-10-21", "2024-10-25", "21–25 October 2024"),
    ("October 21–25, 2024", "2024-10-21", "2024-10-25", "21–25 October 2024"),
    ("1939–1945", "1939", "1945", "1939–1945"),
    ("1939-1945", "1939", "1945", "1939–1945"),
    ("28 October – 3 November 2024", "2024-10-28", "2024-11-03", "28 October – 3 November 2024"),
    ("28 December – 3 January 2025", "2024-12-28", "2025-01-03", "28 December 2024 – 3 January 2025"),
    ("2024-10-21/2024-10-25", "2024-10-21", "2024-10-25", "21–25 October 2024"),
    ("1985/1986", "1985", "1986", "1985–1986"),
    ("December 2023 – January 2024", "2023-12", "2024-01", "December 2023 – January 2024"),
    ("October – December 2024", "2024-10", "2024-12", "October – December 2024"),
    ("23 October 2024, 14:05–16:00 UTC", "2024-10-23T14:05Z", "2024-10-23T16:00Z", "23 October 2024, 14:05–16:00 UTC"),
    ("1950s – 1960s", "1950/1959", "1960/1969", "1950s – 1960s"),
    ("44 BC – 30 BC", "-0043", "-0029", "44 BC – 30 BC"),
]


@pytest.mark.parametrize(("text", "start", "end", "shown"), RANGES)
def test_a_range_in_date_is_its_date_and_end(text, start, end, shown):
    first, last = parse_when(text)
    assert (first.iso(), last.iso()) == (start, end)
    assert format_span(first, last) == shown
    assert parse_when(shown) == (first, last)  # what the span formatter writes reads back


def test_one_date_is_not_a_range():
    assert parse_when("2024-10-23") == (parse_date("2024-10-23"), None)
    assert parse_when("2024-10") == (parse_date("2024-10"), None)  # a month, not 2024 to '10


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1939–45", "1939–1945"),
        ("2024-10-25/2024-10-21", "ends before it begins"),
        ("21–25 Octember 2024", "range"),
    ],
)
def test_a_range_that_cannot_be_read_says_why(text, words):
    with pytest.raises(DateError, match=words):
        parse_when(text)


def test_end_is_one_date():
    with pytest.raises(DateError, match="one date is wanted"):
        parse_date("21–25 October 2024")


# --- machines --------------------------------------------------------------------------------------

MACHINES = [
    ("2024-10-23T14:05:30.123Z", "2024-10-23T14:05:30Z", "23 October 2024, 14:05:30 UTC"),
    ("2024-10-23 14:05:30.123456", "2024-10-23T14:05:30Z", "23 October 2024, 14:05:30 UTC"),
    ("2024-10-23T14:05:30,5+09:00", "2024-10-23T14:05:30+09:00", "23 October 2024, 14:05:30 UTC+09:00"),
    ("23 October 2024, noon", "2024-10-23T12:00Z", "23 October 2024, 12:00 UTC"),
    ("23 October 2024 at midnight", "2024-10-23T00:00Z", "23 October 2024, 00:00 UTC"),
    ("23 October 2024 14.05 BST", "2024-10-23T14:05+01:00", "23 October 2024, 14:05 BST"),
    ("14.05 BST, 23 October 2024", "2024-10-23T14:05+01:00", "23 October 2024, 14:05 BST"),
    ("3:41 PM EDT, Wed October 23, 2024", "2024-10-23T15:41-04:00", "23 October 2024, 15:41 EDT"),
    ("Wed, 23 Oct 2024 14:05:00 +0900", "2024-10-23T14:05:00+09:00", "23 October 2024, 14:05:00 UTC+09:00"),
    ("Wed, 23 Oct 2024 14:05:00 GMT", "2024-10-23T14:05:00Z", "23 October 2024, 14:05:00 GMT"),
    ("Oct 23, 2024, 2:05 p.m. ET", "2024-10-23T14:05-04:00", "23 October 2024, 14:05 ET"),
    ("January 15, 2024, 9:30 a.m. ET", "2024-01-15T09:30-05:00", "15 January 2024, 09:30 ET"),
    ("2024-10-23 14:05 CT", "2024-10-23T14:05-05:00", "23 October 2024, 14:05 CT"),
    ("2024-12-23 14:05 MT", "2024-12-23T14:05-07:00", "23 December 2024, 14:05 MT"),
    ("2024-07-04 09:00 PT", "2024-07-04T09:00-07:00", "4 July 2024, 09:00 PT"),
]


@pytest.mark.parametrize(("text", "iso", "shown"), MACHINES)
def test_machine_and_newsroom_times(text, iso, shown):
    d = parse_date(text)
    assert d.iso() == iso
    assert format_date(d) == shown
    assert same(parse_date(shown), d)


# --- clocks that jump --------------------------------------------------------------------------------


def test_a_time_the_clocks_skipped_is_an_error_naming_the_gap():
    with pytest.raises(DateError, match=r"02:30 did not happen on 10 March 2024 in America/New_York.*EST to EDT"):
        parse_date("2024-03-10 02:30", site_zone="America/New_York")
    with pytest.raises(DateError, match="did not happen"):
        parse_date("2024-03-10 02:30 ET")


def test_a_time_that_happened_twice_needs_its_abbreviation_or_offset():
    with pytest.raises(DateError, match=r"01:30 happened twice.*write 01:30 EDT or 01:30 EST"):
        parse_date("2024-11-03 01:30", site_zone="America/New_York")
    edt = parse_date("2024-11-03 01:30 EDT", site_zone="America/New_York")
    est = parse_date("2024-11-03 01:30 EST", site_zone="America/New_York")
    offset = parse_date("2024-11-03T01:30-05:00", site_zone="America/New_York")
    assert (edt.offset, est.offset, offset.offset) == (-240, -300, -300)
    with pytest.raises(DateError, match="happened twice"):
        parse_date("2024-11-03 01:30 ET")


# --- nothing guessed, and messages that teach ---------------------------------------------------------

REFUSALS = [
    # text, date_order, words the message must hold
    ("October 23 and 24, 2024", "ymd", "for a range write"),
    ("October 2024 14", "ymd", "23 October 2024"),
    ("Oct. 23", "ymd", "no year was written"),
    ("23/10/2024", "ymd", "date_order: dmy"),
    ("03/04/24", "dmy", "two-digit"),
    ("1939–45", "ymd", "1939–1945"),
    ("about 1950", "ymd", "c. 1950"),
    ("first half of 2024", "ymd", "early"),
    ("Octobr 2024", "ymd", "did you mean october"),
    ("31 April 2024", "ymd", "has no day 31: it has 30 days"),
    ("Tuesday, 23 October 2024", "ymd", "is a Wednesday"),
    ("2024-10-23 14:05 XYZ", "ymd", "unknown time zone"),
    ("19st century", "ymd", "19th century"),
    ("winter 2024/25", "ymd", "winter 2024"),
    ("0 BC", "ymd", "no year 0"),
    ("2024-10-23 25:00", "ymd", "between 00:00 and 23:59"),
    ("2024-13", "ymd", "no month 13"),
    ("sometime in 2024", "ymd", '"sometime"'),
]


@pytest.mark.parametrize(("text", "order", "words"), REFUSALS)
def test_refusals_name_the_form_that_was_nearly_right(text, order, words):
    with pytest.raises(DateError) as info:
        parse_when(text, date_order=order)
    assert words in str(info.value)
    assert f'"{text}"' in str(info.value)


# --- machine-readable forms -------------------------------------------------------------------------

HTML = [
    ("2024", "2024"),
    ("October 2024", "2024-10"),
    ("23 October 2024", "2024-10-23"),
    ("2024-10-23T14:05+09:00", "2024-10-23T14:05+09:00"),
    ("2024-10-23T14:05:30Z", "2024-10-23T14:05:30Z"),
    ("c. 1950", "1950"),
    ("AD 800", "0800"),
    ("AD 12024", "12024"),
    ("44 BC", None),
    ("1 BC", None),
    ("1950s", None),
    ("spring 2024", None),
    ("late October 2024", None),
]


@pytest.mark.parametrize(("text", "value"), HTML)
def test_time_datetime_only_where_html_can_say_it(text, value):
    assert parse_date(text).html_datetime() == value


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("1950s", "1950/1959"),
        ("19th century", "1800/1899"),
        ("early 19th century", "1800/1833"),
        ("spring 2024", "2024-03/2024-05"),
        ("winter 2024", "2024-12/2025-02"),
        ("Q3 2024", "2024-07/2024-09"),
        ("late October 2024", "2024-10-21/2024-10-31"),
        ("mid-2024", "2024-05/2024-08"),
    ],
)
def test_a_period_as_an_iso_interval(text, interval):
    assert parse_date(text).iso() == interval


# --- what the formatter writes reads back ------------------------------------------------------------


@st.composite
def periods(draw: st.DrawFn) -> PartialDate:
    kind = draw(st.sampled_from(["century", "decade", "third", "season", "quarter"]))
    approximate, uncertain = draw(st.booleans()), draw(st.booleans())
    qualifiers = {"approximate": approximate, "uncertain": uncertain}
    if kind == "century":
        number = draw(st.integers(1, 30))
        bc = draw(st.booleans())
        first = (1 - number * 100) if bc else (1 if number == 1 else (number - 1) * 100)
        style = draw(st.sampled_from(["ordinal", "hundreds"])) if first >= 1000 else "ordinal"
        return PartialDate(first, period="century", style=style, **qualifiers)
    if kind == "decade":
        return PartialDate(draw(st.integers(101, 999)) * 10, period="decade", **qualifiers)
    if kind in ("season", "quarter"):
        part = draw(st.integers(1, 4))
        style = "fall" if kind == "season" and part == 3 and draw(st.booleans()) else None
        return PartialDate(draw(st.integers(1000, 9999)), period=kind, part=part, style=style, **qualifiers)
    unit = draw(st.sampled_from(["century", "decade", "year", "month"]))
    part = draw(st.integers(1, 3))
    if unit == "century":
        number = draw(st.integers(2, 30))
        style = draw(st.sampled_from(["ordinal", "hundreds"])) if number > 10 else "ordinal"
        return PartialDate((number - 1) * 100, period="third", unit=unit, part=part, style=style, **qualifiers)
    if unit == "decade":
        return PartialDate(draw(st.integers(101, 999)) * 10, period="third", unit=unit, part=part, **qualifiers)
    month = draw(st.integers(1, 12)) if unit == "month" else None
    return PartialDate(draw(st.integers(1000, 9999)), month, period="third", unit=unit, part=part, **qualifiers)


@settings(max_examples=300, deadline=None)
@given(periods(), st.sampled_from(["UTC", "Asia/Seoul", "America/New_York", "Europe/Berlin"]))
def test_every_period_reads_back_as_written(d, site):
    shown = format_date(d, site)
    assert parse_date(shown, site_zone=site) == d, shown
    start, end = parse_when(d.iso(), site_zone=site)  # an ISO 8601 interval of the same days
    assert (start.bounds()[0], (end or start).bounds()[1]) == d.bounds(), d.iso()


@settings(max_examples=200, deadline=None)
@given(periods(), periods())
def test_any_two_periods_make_a_span_that_reads_back(a, b):
    first, last = sorted([a, b], key=lambda d: d.sort_key("UTC"))
    if last.latest("UTC") < first.earliest("UTC"):
        return
    shown = format_span(first, last)
    assert parse_when(shown) == (first, last) or first == last, shown


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1000, 9999), st.integers(1, 12), st.integers(1, 28), st.integers(0, 23), st.integers(0, 59),
    st.sampled_from(["UTC", "Asia/Seoul", "America/New_York", "Europe/London", "Australia/Sydney"]),
)  # fmt: skip
def test_times_written_in_the_site_zone_read_back_or_are_refused_for_a_jump(y, m, d, h, mi, site):
    text = f"{y:04d}-{m:02d}-{d:02d} {h:02d}:{mi:02d}"
    try:
        date = parse_date(text, site_zone=site)
    except DateError as exc:
        assert "did not happen" in str(exc) or "happened twice" in str(exc)
        return
    shown = format_date(date, site)
    assert same(parse_date(shown, site_zone=site), date), shown
