"""The overview chart: per month or per year as the span fits, key moments counted, bars linking to headings."""

from __future__ import annotations

import re

from conftest import FIXTURES

from generator.build import build
from generator.site import chart as chart_module
from generator.site.chart import axis_labels
from generator.site.timeline import Timeline, chronological
from generator.site.words import english
from generator.source.dates import parse_date
from generator.source.dates.cldr import Shown
from generator.source.model import Entry, Topic

ZONE = "UTC"
WORDS = english()
SHOWN = Shown("en", ZONE, WORDS.say)


def overview(timeline: Timeline, _zone: str = ZONE) -> chart_module.Overview:
    return chart_module.overview(timeline, SHOWN, WORDS)


def overview_svg(timeline: Timeline, _zone: str = ZONE):
    return chart_module.overview_svg(timeline, SHOWN, WORDS)


def sparkline(timeline: Timeline, _zone: str = ZONE):
    return chart_module.sparkline(timeline, SHOWN, WORDS)


def timeline(*dates: str, keys: tuple[int, ...] = ()) -> Timeline:
    entries = [
        Entry(f"e{i}", f"Entry {i}", parse_date(d), ("t",), "src", "x.md", 1, key=i in keys)
        for i, d in enumerate(dates)
    ]
    return Timeline(Topic("t", "T", "t.yaml"), "oldest-first", chronological(entries, ZONE))


def test_a_short_span_is_counted_per_month_with_empty_months_between() -> None:
    chart = overview(timeline("2024-01-30", "2024-03", "2024-03-05", "2024-10-23", keys=(3,)), ZONE)
    assert chart.unit == "month"
    assert [b.label for b in chart.bars][:3] == ["January 2024", "February 2024", "March 2024"]
    assert len(chart.bars) == 10
    march = chart.bars[2]
    assert (march.count, march.keys, march.anchor) == (2, 0, "m2024-03")
    assert chart.bars[1].count == 0 and chart.bars[1].anchor is None  # nothing to link to
    assert (chart.bars[-1].keys, chart.bars[-1].anchor) == (1, "m2024-10")
    assert chart.period == "January – October 2024"  # the span as the site writes spans


def test_one_busy_month_gets_empty_months_before_it_not_one_huge_bar() -> None:
    chart = overview(timeline("2024-10-01", "2024-10-20"), ZONE)
    assert len(chart.bars) == 6
    assert [b.count for b in chart.bars] == [0, 0, 0, 0, 0, 2]
    assert chart.period == "October 2024"


def test_entries_known_only_to_the_year_get_their_own_bar_linking_to_the_year() -> None:
    chart = overview(timeline("2024", "2024-02-10", "2024-05"), ZONE)
    first = chart.bars[0]
    assert (first.label, first.anchor, first.count) == ("2024 (month not known)", "y2024", 1)


def test_a_long_span_is_counted_per_year_and_a_very_long_one_per_century() -> None:
    years = overview(timeline("2001-05", "2003", "2019-12-01", keys=(1,)), ZONE)
    assert years.unit == "year" and len(years.bars) == 19
    assert years.bars[2].anchor == "y2003" and years.bars[2].keys == 1
    centuries = overview(timeline("44 BC", "1890", "2024-10-23"), ZONE)
    assert centuries.unit == "century" and len(centuries.bars) <= 60
    assert centuries.bars[0].anchor == "y-43"  # the year heading the topic page has for 44 BC
    assert centuries.period == "44 BC – 2024"
    assert sum(b.count for b in centuries.bars) == 3


def test_any_span_draws_a_bounded_number_of_bars_counted_as_people_count_years() -> None:
    """Issue 12 H2: 13.8 billion years once took minutes and 520 MB (a bar per year, then more)."""
    chart = overview(timeline("13800000000 BC", "4540000000 BC", "2024-10-01"), ZONE)
    assert chart.unit == "1,000,000,000 years" and len(chart.bars) == 15
    assert [b.label for b in chart.bars][:1] == ["13800000000 BC – 13000000001 BC"]
    assert chart.bars[-1].label == "AD 1 – 2024" and sum(b.count for b in chart.bars) == 3
    assert [text for _, text, _ in axis_labels(chart, SHOWN)][0] == "13800000000 BC"
    millennia = overview(timeline("8500 BC", "1 BC", "AD 1", "2024"), ZONE)
    labels = [b.label for b in millennia.bars]
    assert labels[0] == "8500 BC – 8001 BC" and len(labels) == 12
    assert labels[-4:] == ["1000 BC – 1 BC", "AD 1 – AD 999", "1000–1999", "2000–2024"]
    assert [b.count for b in millennia.bars][-4:] == [1, 1, 0, 1]
    svg = overview_svg(timeline("13800000000 BC", "2024"), ZONE)
    assert len(svg) < 20_000 and svg.count('class="bar"') == 2


def test_axis_labels_are_few_readable_and_name_the_first_and_last_bar() -> None:
    """Issue 16: a one-month chart read "May 2024 · Jul · Sep" and left October unlabelled."""
    spans = [("2024-01-30", "2024-10-23"), ("2001", "2019"), ("44 BC", "2024"), ("2020-01", "2022-12"),
             ("13800000000 BC", "2024"), ("99999 BC", "2024"), ("2024-10-01",), ("2024-09", "2024-10")]  # fmt: skip
    for dates in spans:
        chart = overview(timeline(*dates), ZONE)
        labels = axis_labels(chart, SHOWN)
        assert 2 <= len(labels) <= 7, (dates, labels)
        assert labels[0][0] == 0 and labels[0][2] == "start"
        assert labels[-1][0] == len(chart.bars) - 1 and labels[-1][2] == "end"
        gaps = [b[0] - a[0] for a, b in zip(labels, labels[1:], strict=False)]
        assert all(g >= len(chart.bars) / 7 for g in gaps), (dates, labels)
    one_month = [text for _, text, _ in axis_labels(overview(timeline("2024-10-01", "2024-10-20"), ZONE), SHOWN)]
    assert one_month == ["May 2024", "Jul", "Oct 2024"]


def test_periods_and_spans_cover_their_length() -> None:
    """SPEC 5: a period is a span in one field; charts cover its length."""
    chart = overview(timeline("1950s", "1961", keys=(0,)), ZONE)
    assert chart.unit == "year" and [b.count for b in chart.bars] == [1] * 10 + [0, 1]
    assert [b.keys for b in chart.bars][:10] == [1] * 10 and chart.total == 2 and chart.spans
    assert {b.anchor for b in chart.bars[:10]} == {"y1950"}  # the heading of the decade's story
    seasons = overview(timeline("spring 2024", "2024-07-02"), ZONE)
    assert [(b.label, b.count) for b in seasons.bars if b.count] == [
        ("March 2024", 1), ("April 2024", 1), ("May 2024", 1), ("July 2024", 1)]  # fmt: skip
    entries = [Entry("s", "Span", parse_date("2024-01-20"), ("t",), "src", "x.md", 1, end=parse_date("2024-03-02"))]
    span = overview(Timeline(Topic("t", "T", "t.yaml"), "oldest-first", entries), ZONE)
    assert [b.count for b in span.bars if b.month] == [0, 0, 0, 1, 1, 1]  # padded before January
    assert [b.anchor for b in span.bars if b.count] == ["m2024-01"] * 3
    caption = str(overview_svg(timeline("1950s", "1961"), ZONE))
    assert "A period or a span counts in every bar it covers." in caption
    assert "Key moments" not in caption  # legends only for what is shown
    assert "Key moments</span> highlighted" in str(overview_svg(timeline("1950s", keys=(0,)), ZONE))


def site_pages() -> tuple[dict[str, bytes], object]:
    result = build(FIXTURES / "valid-site")
    assert not result.failed()
    return result.pages, result


def test_every_bar_links_to_a_heading_on_its_topic_page() -> None:
    pages, result = site_pages()
    checked = 0
    for path, data in pages.items():
        if not re.fullmatch(r"topics/[^/]+/index\.html", path):
            continue
        html = data.decode("utf-8")
        ids = set(re.findall(r' id="([^"]+)"', html))
        for target in re.findall(r'<a href="#([^"]+)" aria-label=', html):
            assert target in ids, (path, target)
            checked += 1
    assert checked >= 5


def test_the_chart_has_a_text_alternative() -> None:
    pages, _ = site_pages()
    html = pages["topics/harbour-bridge/index.html"].decode("utf-8")
    figure = html[html.index('<figure class="overview">') : html.index("</figure>")]
    assert '<title id="overview-title">Entries per century, 44 BC – 2024</title>' in figure
    assert 'aria-labelledby="overview-title"' in figure and '<desc id="overview-desc">' in figure
    assert '<div class="visually-hidden"><table>' in figure
    assert '<th scope="row">2000–2024</th><td>10</td><td>4</td>' in figure
    assert 'aria-label="2000–2024: 10 entries, 4 key moments"' in figure


def test_an_empty_topic_has_no_chart_and_no_sparkline() -> None:
    empty = timeline()
    assert overview_svg(empty, ZONE) == "" and sparkline(empty, ZONE) == ""
    pages, _ = site_pages()
    assert b'class="overview"' not in pages["topics/tram-line/index.html"]


def test_home_page_sparklines_are_images_with_a_text_equivalent() -> None:
    pages, _ = site_pages()
    html = pages["index.html"].decode("utf-8")
    lines = re.findall(r'<svg class="sparkline"[^>]*aria-label="([^"]+)"', html)
    assert len(lines) == 2  # two topics with entries, none for the empty one
    assert "13 entries; most in 2000–2024 (10)" in lines
    assert 'role="img"' in html and "<a " not in html[html.index('<svg class="sparkline"') : html.index("</svg>")]


def test_the_chart_is_the_same_bytes_every_time() -> None:
    one = overview_svg(timeline("2024-01-30", "2024-10-23", keys=(1,)), ZONE)
    two = overview_svg(timeline("2024-01-30", "2024-10-23", keys=(1,)), ZONE)
    assert one == two and re.search(r"\d\.\d{3,}", str(one)) is None  # short, fixed number text


def test_chart_text_is_escaped() -> None:
    entries = [Entry("a", "<b>", parse_date("2024-01"), ("t",), "<src>", "x.md", 1)]
    chart = overview_svg(Timeline(Topic("t", "<T>", "t.yaml"), "oldest-first", entries), ZONE)
    assert "<b>" not in str(chart) and "&lt;b&gt;" not in str(chart)  # titles are not shown in the chart
    assert "<src>" not in str(chart) and "<T>" not in str(chart)
