"""Properties of dates and order (SPEC 5) over generated input.

What the formatter writes reads back as the same date, precision and zone whatever the site's
`date_order`; what the importers write into entry files reads back as the same date; a timeline's
order is total (no two entries tie) and does not depend on the order files were found in.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.importers.writer import date_scalar
from generator.site.timeline import Timeline, chronological, order_key
from generator.source.dates import ZONE_ABBREVIATIONS, PartialDate, Precision, format_date, format_span, parse_date
from generator.source.model import Entry, Topic

P = Precision
SITES = ["UTC", "Asia/Seoul", "Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Kolkata",
         "Australia/Sydney", "Europe/London", "Pacific/Chatham", "America/St_Johns"]  # fmt: skip
DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


@st.composite
def partial_dates(draw: st.DrawFn, low: int = -5000, high: int = 9999) -> PartialDate:
    """Any date the SPEC can express: BC to 9999, every precision, every day of every month, zones."""
    year = draw(st.integers(low, high))
    precision = draw(st.sampled_from(list(Precision)))
    month = day = hour = minute = second = offset = zone = None
    if precision >= P.MONTH:
        month = draw(st.integers(1, 12))
    if precision >= P.DAY:
        last = 29 if month == 2 and _leap(year) else 28 if month == 2 else DAYS[month]  # type: ignore[index]
        day = draw(st.integers(1, last))
    if precision >= P.MINUTE:
        hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
        zone = draw(st.none() | st.sampled_from(sorted(ZONE_ABBREVIATIONS)))
        offset = ZONE_ABBREVIATIONS[zone] if zone else draw(st.integers(-12 * 4, 14 * 4)) * 15
    if precision is P.SECOND:
        second = draw(st.integers(0, 59))
    return PartialDate(year, month, day, hour, minute, second, offset, zone, draw(st.booleans()))


def _same(a: PartialDate, b: PartialDate, site: str) -> bool:
    """Same date, precision, approximation and instant (a zone may be shown as its offset)."""
    return (
        a.precision == b.precision
        and a.approximate == b.approximate
        and (a.year, a.month, a.day, a.hour, a.minute, a.second) == (b.year, b.month, b.day, b.hour, b.minute, b.second)
        and a.earliest(site) == b.earliest(site)
    )


@settings(max_examples=500, deadline=None)
@given(partial_dates(), st.sampled_from(SITES), st.sampled_from(["ymd", "dmy", "mdy"]))
def test_what_the_formatter_writes_reads_back_the_same(d: PartialDate, site: str, order: str) -> None:
    shown = format_date(d, site)
    again = parse_date(shown, date_order=order, site_zone=site)
    assert _same(again, d, site), (shown, again)
    assert format_date(again, site) == shown  # and shows the same: the zone written is kept


@settings(max_examples=300, deadline=None)
@given(partial_dates(), st.sampled_from(SITES))
def test_what_an_importer_writes_into_a_file_reads_back_the_same(d: PartialDate, site: str) -> None:
    # ISO (or "44 BC") where that reads back exactly, else the text the source gave: here the shown form
    written = date_scalar(d, format_date(d, site), read=lambda text: parse_date(text, site_zone=site))
    assert _same(parse_date(written, site_zone=site), d, site), written


@st.composite
def spans(draw: st.DrawFn) -> tuple[PartialDate, PartialDate]:
    a, b = draw(partial_dates()), draw(partial_dates())
    return (a, b) if a.earliest("UTC") <= b.earliest("UTC") else (b, a)


@settings(max_examples=300, deadline=None)
@given(spans(), st.sampled_from(SITES))
def test_a_span_shows_both_ends_and_each_end_reads_back(span: tuple[PartialDate, PartialDate], site: str) -> None:
    start, end = span
    shown = format_span(start, end, site)
    if start == end:
        assert shown == format_date(start, site)
        return
    if " – " in shown and shown.count(" – ") == 1:
        left, right = shown.split(" – ")
        if left == format_date(start, site):  # the full form: each side is a date the parser reads
            assert _same(parse_date(left, site_zone=site), start, site), shown
            assert _same(parse_date(right, site_zone=site), end, site), shown
    # the compact forms drop shared parts, never the end's own year, month or day
    assert shown.endswith(format_date(end, site).rsplit(" ", 1)[-1]) or end.has_time, shown
    for part in (end.day, end.month and format_date(PartialDate(2000, end.month)).split()[0]):
        if part and not end.has_time:
            assert str(part) in shown, shown


# --- timeline order ------------------------------------------------------------------------


def _entry(slug: str, date: PartialDate) -> Entry:
    return Entry(slug=slug, title=slug, date=date, topics=("t",), source="", path=f"content/entries/{slug}.md", line=1)


@st.composite
def entry_sets(draw: st.DrawFn) -> list[Entry]:
    """Entries with distinct slugs (the build refuses duplicates) and dates that often coincide."""
    slugs = draw(st.lists(st.from_regex(r"[a-z0-9ä한][a-z0-9ä한-]{0,6}", fullmatch=True), min_size=1, max_size=25,
                          unique=True))  # fmt: skip
    near = partial_dates(1999, 2001)  # a narrow range: equal instants happen
    return [_entry(slug, draw(near)) for slug in slugs]


@settings(max_examples=300, deadline=None)
@given(entry_sets(), st.randoms(use_true_random=False), st.sampled_from(SITES))
def test_timeline_order_is_total_and_does_not_depend_on_the_input_order(entries, random, site) -> None:
    ordered = chronological(entries, site)
    for _ in range(3):
        shuffled = list(entries)
        random.shuffle(shuffled)
        assert [e.slug for e in chronological(shuffled, site)] == [e.slug for e in ordered]
    keys = [order_key(e, site) for e in ordered]
    assert len(set(keys)) == len(keys), "two different entries compare equal"
    for a, b in zip(ordered, ordered[1:], strict=False):
        ka, kb = a.date.sort_key(site), b.date.sort_key(site)
        assert ka[0] <= kb[0], "earliest instant first"
        if ka[0] == kb[0]:
            assert ka[1] <= kb[1], "at equal instants the coarser precision first"
            if ka[1] == kb[1]:
                assert ka[2] <= kb[2], "then exact before approximate"
                if ka[2] == kb[2]:
                    assert a.slug < b.slug, "then by slug"


@settings(max_examples=100, deadline=None)
@given(entry_sets(), st.sampled_from(SITES))
def test_newest_first_is_exactly_the_order_reversed(entries, site) -> None:
    ordered = chronological(entries, site)
    topic = Topic("t", "T", "content/topics/t.yaml")
    assert Timeline(topic, "newest-first", ordered, site).entries == ordered[::-1]
    assert Timeline(topic, "oldest-first", ordered, site).entries == ordered
