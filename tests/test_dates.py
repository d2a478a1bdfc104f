"""The dates contract (SPEC section 5), one table per rule."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.source.dates import (
    ZONE_ABBREVIATIONS,
    DateError,
    PartialDate,
    Precision,
    check_span,
    format_date,
    format_span,
    month_name,
    parse_date,
)

P = Precision


def ts(text: str) -> int:
    """Seconds since the epoch of an aware ISO datetime, to state expectations readably."""
    return int(datetime.fromisoformat(text).timestamp())


# --- the table of SPEC 5 ------------------------------------------------------------------

TABLE = [
    # written, precision, (year, month, day, hour, minute, second), approximate, shown
    ("2024", P.YEAR, (2024, None, None, None, None, None), False, "2024"),
    ("1958", P.YEAR, (1958, None, None, None, None, None), False, "1958"),
    ("2024-10", P.MONTH, (2024, 10, None, None, None, None), False, "October 2024"),
    ("October 2024", P.MONTH, (2024, 10, None, None, None, None), False, "October 2024"),
    ("Oct 2024", P.MONTH, (2024, 10, None, None, None, None), False, "October 2024"),
    ("2024-10-23", P.DAY, (2024, 10, 23, None, None, None), False, "23 October 2024"),
    ("Oct. 23, 2024", P.DAY, (2024, 10, 23, None, None, None), False, "23 October 2024"),
    ("23 October 2024", P.DAY, (2024, 10, 23, None, None, None), False, "23 October 2024"),
    ("2024-10-23 14:05", P.MINUTE, (2024, 10, 23, 14, 5, None), False, "23 October 2024, 14:05 KST"),
    ("2024-10-23T14:05+09:00", P.MINUTE, (2024, 10, 23, 14, 5, None), False, "23 October 2024, 14:05 KST"),
    ("Oct 23 2024 2:05pm KST", P.MINUTE, (2024, 10, 23, 14, 5, None), False, "23 October 2024, 14:05 KST"),
    ("2024-10-23T14:05:30Z", P.SECOND, (2024, 10, 23, 14, 5, 30), False, "23 October 2024, 14:05:30 UTC"),
    ("c. 1950", P.YEAR, (1950, None, None, None, None, None), True, "c. 1950"),
    ("circa 1950", P.YEAR, (1950, None, None, None, None, None), True, "c. 1950"),
    ("~1950", P.YEAR, (1950, None, None, None, None, None), True, "c. 1950"),
    ("c. October 1950", P.MONTH, (1950, 10, None, None, None, None), True, "c. October 1950"),
    ("44 BC", P.YEAR, (-43, None, None, None, None, None), False, "44 BC"),
    ("44 BCE", P.YEAR, (-43, None, None, None, None, None), False, "44 BC"),
    ("-0043", P.YEAR, (-43, None, None, None, None, None), False, "44 BC"),
]


@pytest.mark.parametrize(("text", "precision", "fields", "approximate", "shown"), TABLE)
def test_spec_table(text, precision, fields, approximate, shown):
    d = parse_date(f"  {text} ", site_zone="Asia/Seoul")
    assert d.precision is precision
    assert (d.year, d.month, d.day, d.hour, d.minute, d.second) == fields
    assert d.approximate is approximate
    assert format_date(d, "Asia/Seoul") == shown


@pytest.mark.parametrize(
    ("text", "year", "shown"),
    [
        ("1 BC", 0, "1 BC"),
        ("0000", 0, "1 BC"),
        ("-13000", -13000, "13001 BC"),
        ("13,001 BC", -13000, "13001 BC"),
        ("44 B.C.", -43, "44 BC"),
        ("AD 44", 44, "AD 44"),
        ("44 CE", 44, "AD 44"),
        ("800", 800, "AD 800"),
        ("+12024", 12024, "AD 12024"),
    ],
)
def test_eras_and_far_years(text, year, shown):
    d = parse_date(text)
    assert d.year == year
    assert format_date(d) == shown


def test_int_is_a_year():
    assert parse_date(1958) == PartialDate(1958)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024", "2024"),
        ("2024-10", "2024-10"),
        ("23 October 2024", "2024-10-23"),
        ("2024-10-23T14:05+09:00", "2024-10-23T14:05+09:00"),
        ("2024-10-23T14:05:30Z", "2024-10-23T14:05:30Z"),
        ("2024-10-23 14:05 EDT", "2024-10-23T14:05-04:00"),
        ("44 BC", "-0043"),
        ("15 March 44 BC", "-0043-03-15"),
        ("1 BC", "0000"),
        ("AD 800", "0800"),
    ],
)
def test_iso(text, iso):
    assert parse_date(text).iso() == iso


@pytest.mark.parametrize(
    "text",
    [
        "Wednesday, October 23, 2024",
        "Wed 23 October 2024",
        "23rd October 2024",
        "23rd of October, 2024",
        "October 23rd, 2024",
        "2024 Oct 23",
        "23-Oct-2024",
        "Sept 23, 2024",
        "2024 Oct 23 Wed",
    ],
)
def test_written_out_days(text):
    d = parse_date(text.replace("Sept", "Oct"))
    assert (d.year, d.month, d.day, d.precision) == (2024, 10, 23, P.DAY)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Oct 23, 2024, 2:05 p.m. EDT", "2024-10-23T14:05-04:00"),
        ("23 October 2024 at 2pm", "2024-10-23T14:00Z"),
        ("May 1st 2024 12am", "2024-05-01T00:00Z"),
        ("2:05pm Oct 23 2024", "2024-10-23T14:05Z"),
        ("c. 2024-10-23 14:05", "2024-10-23T14:05Z"),
    ],
)
def test_written_out_times(text, iso):
    assert parse_date(text).iso() == iso


# --- zones --------------------------------------------------------------------------------


@pytest.mark.parametrize(("abbreviation", "offset"), sorted(ZONE_ABBREVIATIONS.items()))
def test_every_abbreviation(abbreviation, offset):
    d = parse_date(f"2024-01-15 12:00 {abbreviation}", site_zone="UTC")
    assert (d.offset, d.zone) == (offset, abbreviation)
    assert format_date(d) == f"15 January 2024, 12:00 {abbreviation}"
    assert d.earliest("UTC") == ts("2024-01-15T12:00:00+00:00") - offset * 60


@pytest.mark.parametrize(("site", "offset"), [("UTC", -360), ("America/Chicago", -360), ("Asia/Shanghai", 480)])
def test_cst_means_the_site_zone_when_the_site_uses_it(site, offset):
    assert parse_date("23 October 2024, 14:05 CST", site_zone=site).offset == offset


def test_site_abbreviation_only_on_dates_it_is_used():
    # Chicago uses CDT in July: CST then is the table's, which is also Chicago standard time.
    july = parse_date("2024-07-01 12:00 CST", site_zone="America/Chicago")
    assert july.offset == -360
    # Dublin's summer IST is +01:00; India's IST elsewhere.
    assert parse_date("2024-07-01 12:00 IST", site_zone="Europe/Dublin").offset == 60
    assert parse_date("2024-07-01 12:00 IST", site_zone="UTC").offset == 330


@pytest.mark.parametrize(
    ("text", "offset", "shown_in_utc_site"),
    [
        ("2024-10-23T14:05+09:00", 540, "23 October 2024, 14:05 UTC+09:00"),
        ("2024-10-23T14:05+0900", 540, "23 October 2024, 14:05 UTC+09:00"),
        ("2024-10-23T14:05-04:00", -240, "23 October 2024, 14:05 UTC-04:00"),
        ("2024-10-23 14:05 UTC-04:00", -240, "23 October 2024, 14:05 UTC-04:00"),
        ("2024-10-23 14:05 UTC+5:30", 330, "23 October 2024, 14:05 UTC+05:30"),
        ("2024-10-23T14:05Z", 0, "23 October 2024, 14:05 UTC"),
        ("2024-10-23T14:05+00:00", 0, "23 October 2024, 14:05 UTC"),
        ("2024-10-23 14:05", 0, "23 October 2024, 14:05 UTC"),
    ],
)
def test_numeric_offsets(text, offset, shown_in_utc_site):
    d = parse_date(text)
    assert d.offset == offset
    assert format_date(d) == shown_in_utc_site


@pytest.mark.parametrize(
    ("text", "site", "shown"),
    [
        ("2024-10-23 14:05", "Asia/Seoul", "23 October 2024, 14:05 KST"),
        ("2024-10-23 14:05", "Europe/Berlin", "23 October 2024, 14:05 CEST"),
        ("2024-12-23 14:05", "Europe/Berlin", "23 December 2024, 14:05 CET"),
        ("2024-10-23 14:05", "Asia/Dubai", "23 October 2024, 14:05 UTC+04:00"),
        ("2024-10-23T14:05+09:00", "Europe/Berlin", "23 October 2024, 14:05 UTC+09:00"),
        ("2024-10-23T14:05+08:00", "Asia/Shanghai", "23 October 2024, 14:05 CST"),
        ("2024-10-23T14:05-06:00", "Asia/Shanghai", "23 October 2024, 14:05 UTC-06:00"),
        ("2024-10-23 14:05 CST", "Asia/Shanghai", "23 October 2024, 14:05 CST"),
    ],
)
def test_shown_in_the_zone_written(text, site, shown):
    assert format_date(parse_date(text, site_zone=site), site) == shown


def test_zone_less_time_takes_site_offset_and_no_abbreviation():
    d = parse_date("2024-10-23 14:05", site_zone="America/New_York")
    assert (d.offset, d.zone) == (-240, None)
    assert d.to_rfc3339("America/New_York") == "2024-10-23T14:05:00-04:00"


def test_ambiguous_hour_keeps_its_fold():
    first = parse_date("2024-10-27 02:30 CEST", site_zone="Europe/Berlin")
    second = parse_date("2024-10-27 02:30 CET", site_zone="Europe/Berlin")
    assert (first.offset, second.offset) == (120, 60)
    assert second.earliest("Europe/Berlin") - first.earliest("Europe/Berlin") == 3600


# --- date_order ---------------------------------------------------------------------------

NUMERIC = [
    # text, order, expected (y, m, d) or None for an error
    ("2024/04/03", "ymd", (2024, 4, 3)),
    ("2024/04/03", "dmy", (2024, 4, 3)),
    ("2024/04/03", "mdy", (2024, 4, 3)),
    ("2024.4.3", "ymd", (2024, 4, 3)),
    ("03/04/2024", "ymd", None),
    ("03/04/2024", "dmy", (2024, 4, 3)),
    ("03/04/2024", "mdy", (2024, 3, 4)),
    ("3.4.2024", "ymd", None),
    ("3.4.2024", "dmy", (2024, 4, 3)),
    ("3.4.2024", "mdy", (2024, 3, 4)),
    ("04-03-2024", "mdy", (2024, 4, 3)),
    ("13/04/2024", "mdy", None),
    ("13/04/2024", "dmy", (2024, 4, 13)),
    ("10/2024", "dmy", (2024, 10, None)),
    ("10/2024", "ymd", None),
    ("2024/10", "ymd", (2024, 10, None)),
]


@pytest.mark.parametrize(("text", "order", "expected"), NUMERIC)
def test_date_order(text, order, expected):
    if expected is None:
        with pytest.raises(DateError, match=text.replace(".", r"\.")):
            parse_date(text, date_order=order)
    else:
        d = parse_date(text, date_order=order)
        assert (d.year, d.month, d.day) == expected


def test_numeric_date_with_time():
    d = parse_date("23.10.2024 14:05", date_order="dmy", site_zone="Asia/Seoul")
    assert (d.year, d.month, d.day, d.hour, d.offset) == (2024, 10, 23, 14, 540)


def test_unknown_date_order_is_a_programming_error():
    with pytest.raises(ValueError, match="date_order"):
        parse_date("2024", date_order="ydm")


@pytest.mark.parametrize("order", ["ymd", "dmy", "mdy"])
@pytest.mark.parametrize("text", ["03/04/24", "Oct 23 '24", "23 Oct 24", "October 23, 24", "24/10/23", "24"])
def test_two_digit_years_are_errors(text, order):
    with pytest.raises(DateError, match="two-digit"):
        parse_date(text, date_order=order)


# --- strictness ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "soon",
        "yesterday",
        "",
        "   ",
        "2024-13",
        "2024-00",
        "2024-02-30",
        "2023-02-29",
        "32 Oct 2024",
        "2024-10-23 25:00",
        "2024-10-23 14:60",
        "2024-10-23 13:05pm",
        "October",
        "October 23",
        "2024 14:05",
        "October 2024 14:05",
        "Oct 23 2024 2:05pm XYZ",
        "2024-10-23 14:05 +9",
        "Tuesday, 23 October 2024",
        "0 BC",
        "12024",
        "20241023",
        "2024-10-23 or so",
        "Monday 2024",
        "Monday October 2024",
        "2024 Oct 23 Tue",
    ],
)
def test_garbage_is_an_error_naming_the_text(text):
    with pytest.raises(DateError) as info:
        parse_date(text)
    message = str(info.value)
    assert f'"{text.strip()}"' in message
    assert "2024-10-23" in message


def test_error_message_shape():
    with pytest.raises(DateError) as info:
        parse_date("32 Oct 2024")
    assert str(info.value).startswith('cannot read "32 Oct 2024" as a date')
    assert str(info.value).endswith("(write it like 2024-10-23, 23 October 2024 or 2024-10)")


@pytest.mark.parametrize("value", [None, 2024.5, ["2024"], True])
def test_non_text_values_are_date_errors(value):
    with pytest.raises(DateError):
        parse_date(value)


def test_leap_day_and_proleptic_calendar():
    assert parse_date("2024-02-29").day == 29
    assert parse_date("29 February 2000").day == 29
    with pytest.raises(DateError):
        parse_date("29 February 1900")
    assert parse_date("-0004-02-29").year == -4  # 5 BC was a leap year (proleptic)


# --- round trip ---------------------------------------------------------------------------

ROUND_TRIP = [
    ("2024", "UTC"),
    ("October 2024", "UTC"),
    ("23 October 2024", "UTC"),
    ("c. October 1950", "UTC"),
    ("44 BC", "UTC"),
    ("c. 44 BC", "UTC"),
    ("15 March 44 BC", "Europe/Rome"),
    ("-13000", "UTC"),
    ("AD 800", "UTC"),
    ("+12024-05", "UTC"),
    ("2024-10-23T14:05+09:00", "UTC"),
    ("2024-10-23T14:05+09:00", "Asia/Seoul"),
    ("2024-10-23T14:05-04:00", "Europe/London"),
    ("2024-10-23T14:05:30Z", "Asia/Seoul"),
    ("2024-10-23 14:05", "Asia/Dubai"),
    ("2024-10-23 14:05 CST", "UTC"),
    ("2024-10-23 14:05 CST", "Asia/Shanghai"),
    ("2024-10-27 02:30 CET", "Europe/Berlin"),
    ("2024-10-27 02:30 CEST", "Europe/Berlin"),
    ("1850-03-01 10:00", "Asia/Seoul"),
    ("-0043-03-15T12:00+01:00", "Europe/Rome"),
    ("c. 2024-10-23T14:05:30+05:30", "UTC"),
]


def same_moment(a: PartialDate, b: PartialDate) -> bool:
    """Equal date, precision, clock and offset: the zone's spelling may differ (None vs KST)."""
    fields = ("year", "month", "day", "hour", "minute", "second", "offset", "approximate")
    return all(getattr(a, f) == getattr(b, f) for f in fields) and a.precision == b.precision


@pytest.mark.parametrize(("text", "site"), ROUND_TRIP)
def test_round_trip(text, site):
    d = parse_date(text, site_zone=site)
    shown = format_date(d, site)
    again = parse_date(shown, site_zone=site)
    assert same_moment(again, d), shown
    assert format_date(again, site) == shown


@pytest.mark.parametrize(
    "shown",
    [
        "23 October 2024, 14:05 UTC+09:00",
        "c. October 1950",
        "44 BC",
        "c. 44 BC",
        "23 October 2024, 14:05:30 UTC",
    ],
)
def test_formatter_forms_read_back_unchanged(shown):
    assert format_date(parse_date(shown)) == shown


SITES = [
    "UTC",
    "Asia/Seoul",
    "Asia/Shanghai",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Europe/London",
    "Asia/Manila",
]


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    year = draw(st.integers(-20_000, 20_000))
    precision = draw(st.sampled_from(list(Precision)))
    month = day = hour = minute = second = offset = zone = None
    if precision >= P.MONTH:
        month = draw(st.integers(1, 12))
    if precision >= P.DAY:
        day = draw(st.integers(1, 28 if month == 2 else 30))
    if precision >= P.MINUTE:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        offset = draw(st.integers(-12 * 4, 14 * 4)) * 15
        zone = draw(st.none() | st.sampled_from(sorted(ZONE_ABBREVIATIONS)))
        if zone is not None:
            offset = ZONE_ABBREVIATIONS[zone]
    if precision is P.SECOND:
        second = draw(st.integers(0, 59))
    approximate = draw(st.booleans())
    return PartialDate(year, month, day, hour, minute, second, offset, zone, approximate)


@settings(max_examples=400, deadline=None)
@given(partial_dates(), st.sampled_from(SITES))
def test_round_trip_property(d, site):
    shown = format_date(d, site)
    again = parse_date(shown, site_zone=site)
    assert same_moment(again, d), shown
    assert format_date(again, site) == shown
    assert parse_date(d.iso(), site_zone=site).iso() == d.iso()


# --- spans --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ("2024-10-21", "2024-10-25", "21–25 October 2024"),
        ("2024-10-28", "2024-11-03", "28 October – 3 November 2024"),
        ("2023-12", "2024-01", "December 2023 – January 2024"),
        ("1969", "1972", "1969–1972"),
        ("2024-10", "2024-12", "October – December 2024"),
        ("2023-12-28", "2024-01-03", "28 December 2023 – 3 January 2024"),
        ("2024-10", "2024-11-03", "October 2024 – 3 November 2024"),
        ("1969", "1972-07", "1969 – July 1972"),
        ("c. 1950", "1960", "c. 1950 – 1960"),
        ("44 BC", "30 BC", "44 BC – 30 BC"),
        ("2024-10-23 14:05", "2024-10-23 16:00", "23 October 2024, 14:05–16:00 UTC"),
        ("2024-10-23 14:05", "2024-10-24 16:00", "23 October 2024, 14:05 UTC – 24 October 2024, 16:00 UTC"),
        ("2024-10-23", "2024-10-23", "23 October 2024"),
    ],
)
def test_format_span(start, end, shown):
    assert format_span(parse_date(start), parse_date(end)) == shown


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        ("2024-10-23", "2024-10-22", False),
        ("2024-10-23", "2024-10-23", True),
        ("2024-10-23", "2024-10", True),  # the month still runs past the 23rd
        ("2024-10-23", "2024", True),
        ("2024-10-23 14:05", "2024-10-23", True),
        ("2024-10-23 14:05", "2024-10-23 14:04", False),
        ("44 BC", "45 BC", False),
        ("45 BC", "44 BC", True),
    ],
)
def test_check_span(start, end, ok):
    message = check_span(parse_date(start), parse_date(end))
    assert (message is None) is ok
    if not ok:
        assert "before" in message


# --- order --------------------------------------------------------------------------------


def test_coarser_first_at_the_same_instant_then_exact_first():
    texts = ["c. 2024-01-01", "2024-01-01 00:00", "2024-01-01", "c. 2024", "2024-01", "2024"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key("UTC"))
    assert ordered == ["2024", "c. 2024", "2024-01", "2024-01-01", "c. 2024-01-01", "2024-01-01 00:00"]


def test_order_by_earliest_instant_across_zones():
    seoul_morning = parse_date("2024-10-23 08:00 KST")  # 23:00 UTC the day before
    utc_day = parse_date("2024-10-22")
    assert seoul_morning.sort_key("UTC") > utc_day.sort_key("UTC")
    assert seoul_morning.sort_key("UTC") < parse_date("2024-10-23").sort_key("UTC")


def test_bc_sorts_before_ad():
    keys = [parse_date(t).sort_key("UTC") for t in ["13001 BC", "44 BC", "1 BC", "AD 1", "2024"]]
    assert keys == sorted(keys)


@pytest.mark.parametrize(
    ("text", "site", "earliest", "latest"),
    [
        ("2024", "UTC", ts("2024-01-01T00:00:00+00:00"), ts("2025-01-01T00:00:00+00:00") - 1),
        ("2024-02", "UTC", ts("2024-02-01T00:00:00+00:00"), ts("2024-03-01T00:00:00+00:00") - 1),
        ("2024-12-31", "Asia/Seoul", ts("2024-12-31T00:00:00+09:00"), ts("2025-01-01T00:00:00+09:00") - 1),
        ("2024-10-23 14:05 EDT", "Asia/Seoul", ts("2024-10-23T18:05:00+00:00"), ts("2024-10-23T18:05:59+00:00")),
        ("2024-10-23T14:05:30+09:00", "UTC", ts("2024-10-23T05:05:30+00:00"), ts("2024-10-23T05:05:30+00:00")),
    ],
)
def test_earliest_and_latest(text, site, earliest, latest):
    d = parse_date(text, site_zone=site)
    assert (d.earliest(site), d.latest(site)) == (earliest, latest)


def test_earliest_and_latest_before_the_common_era():
    # 1 BC (year 0) is a leap year of 366 days and ends where AD 1 begins.
    one_bc = parse_date("1 BC")
    assert one_bc.latest("UTC") + 1 == parse_date("AD 1").earliest("UTC")
    assert one_bc.latest("UTC") + 1 - one_bc.earliest("UTC") == 366 * 86400
    # 44 BC = astronomical -43; AD 1 began 719162 days before 1970.
    assert parse_date("AD 1").earliest("UTC") == -719162 * 86400
    assert parse_date("44 BC").earliest("UTC") == (-719162 - 44 * 365 - 11) * 86400
    # Outside 1..9999 a zone's 1970 offset stands in.
    assert parse_date("44 BC").earliest("Asia/Seoul") == parse_date("44 BC").earliest("UTC") - 9 * 3600
    far = parse_date("-13000")
    assert far.earliest("UTC") < parse_date("44 BC").earliest("UTC") < far.latest("UTC") + 10**12


@pytest.mark.parametrize(
    ("text", "site", "expected"),
    [
        ("2024", "Asia/Seoul", (2024, None)),
        ("2024-10", "Asia/Seoul", (2024, 10)),
        ("2024-10-31T20:00-04:00", "Asia/Seoul", (2024, 11)),  # 1 Nov 09:00 in Seoul
        ("2024-10-31T20:00-04:00", "America/New_York", (2024, 10)),
        ("2025-01-01 08:00 KST", "UTC", (2024, 12)),
        ("2024-10-01 00:30", "Asia/Seoul", (2024, 10)),
        ("44 BC", "UTC", (-43, None)),
        ("-0043-01-01T05:00+09:00", "UTC", (-44, 12)),
    ],
)
def test_local_year_month(text, site, expected):
    assert parse_date(text, site_zone=site).local_year_month(site) == expected


# --- feeds and small helpers --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "site", "rfc3339"),
    [
        ("2024-10-23", "Asia/Seoul", "2024-10-23T00:00:00+09:00"),
        ("2024-10", "UTC", "2024-10-01T00:00:00+00:00"),
        ("2024", "America/New_York", "2024-01-01T00:00:00-05:00"),
        ("2024-10-23T14:05:30Z", "Asia/Seoul", "2024-10-23T14:05:30+00:00"),
        ("2024-10-23 14:05 KST", "UTC", "2024-10-23T14:05:00+09:00"),
    ],
)
def test_to_rfc3339(text, site, rfc3339):
    d = parse_date(text, site_zone=site)
    assert d.to_rfc3339(site) == rfc3339
    parsed = datetime.fromisoformat(rfc3339)
    assert int(parsed.astimezone(UTC).timestamp()) == d.earliest(site)


def test_to_rfc3339_refuses_years_it_cannot_write():
    with pytest.raises(ValueError):
        parse_date("44 BC").to_rfc3339("UTC")


def test_month_name():
    assert [month_name(m) for m in (1, 10, 12)] == ["January", "October", "December"]
    with pytest.raises(ValueError):
        month_name(13)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"year": 2024, "day": 1},
        {"year": 2024, "month": 2, "day": 30},
        {"year": 2024, "month": 1, "day": 1, "hour": 1, "minute": 0},
        {"year": 2024, "month": 1, "day": 1, "hour": 1, "offset": 0},
        {"year": 2024, "offset": 0},
    ],
)
def test_inconsistent_partial_dates_are_refused(kwargs):
    with pytest.raises(ValueError):
        PartialDate(**kwargs)
