"""The overview chart of a timeline, drawn at build time as inline SVG: no chart library, no script.

A pure function of the timeline: entries counted per month (spans up to `MONTHS_MAX` months) or
per year, key moments drawn as the highlighted part of their bar, each bar a link to the month or
year heading the topic page already has (`#m2024-10`, `#y2024`). The SVG scales to any width; its
labels are HTML beside it, so they stay readable on a phone. A visually hidden table carries the
same numbers for screen readers. `sparkline` is the small, link-free version for the home page.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.site.timeline import Timeline, group, year_label
from generator.source.dates import month_name

MONTHS_MIN = 6  # a shorter month chart starts earlier, with empty months
MONTHS_MAX = 36  # longer spans are counted per year, or per decade, century... when that fits
BARS_MAX = 60  # beyond this many bars, each gets too thin to see or to click on a phone
UNITS = (
    (1, "year", "years"),
    (10, "decade", "decades"),
    (100, "century", "centuries"),
    (1000, "millennium", "millennia"),
)  # then 10,000 years, 100,000 years, ...: the work is bounded by BARS_MAX, whatever the span
SLOT = 10  # SVG user units per bar slot
BAR = 8
HEIGHT = 100
MIN_BAR = 6  # so a bar of one entry is still easy to see and to click


@dataclass(frozen=True)
class Bar:
    """One period of the chart: a month, a year, or "that year, month unknown"."""

    label: str  # "October 2024", "2024", "2024 (month not known)"
    anchor: str | None  # heading id on the topic page; None when the period has no entries
    count: int
    keys: int
    year: int
    month: int | None  # None in a per-year chart, and for entries known only to the year


@dataclass(frozen=True)
class Overview:
    unit: str  # "month", "year", "decade", "century" or "millennium"
    bars: tuple[Bar, ...]
    units: str = ""  # the plural
    size: int = 1  # years per bar, when not a month chart
    period: str = ""  # "March 2024 – October 2024", "44 BC – 2024"

    @property
    def unit_plural(self) -> str:
        return self.units or self.unit + "s"

    @property
    def total(self) -> int:
        return sum(b.count for b in self.bars)

    @property
    def peak(self) -> int:
        return max((b.count for b in self.bars), default=0)


def overview(timeline: Timeline, zone: str) -> Overview:
    """Count the timeline's entries per month or per year, from its first period to its last."""
    counts: dict[tuple[int, int | None], list[int]] = {}
    for year in group(timeline.chronological, zone):
        for month in year.months:
            counts[(year.year, month.month)] = [len(month.entries), sum(1 for e in month.entries if e.key)]
    if not counts:
        return Overview("month", ())
    years = sorted({y for y, _ in counts})
    dated = sorted((y, m) for y, m in counts if m is not None)
    first, last = (dated[0], dated[-1]) if dated else ((years[0], 1), (years[-1], 1))
    if years[0] < first[0]:  # a first year known only as a year
        first = (years[0], 1)
    if years[-1] > last[0]:
        last = (years[-1], 1)
    months = (last[0] - first[0]) * 12 + (last[1] - first[1]) + 1
    if months <= MONTHS_MAX:
        bars = tuple(_month_bars(counts, first, last))
        ends = [year_label(b.year) if b.month is None else b.label for b in (bars[0], bars[-1])]
        # Empty months before a short chart: one busy month is not one huge bar.
        padding = max(0, MONTHS_MIN - len(bars)) if bars[0].month is not None else 0
        start = divmod(first[0] * 12 + first[1] - 1 - padding, 12)
        before = tuple(_month_bars({}, (start[0], start[1] + 1), first))[:padding]
        return Overview("month", before + bars, period=_range(*ends))
    size, unit, units = bar_unit(years[0], years[-1])
    bars = tuple(_year_bars(counts, years[0], years[-1], size))
    return Overview(unit, bars, units, size, _range(year_label(years[0]), year_label(years[-1])))


def bar_unit(first: int, last: int) -> tuple[int, str, str]:
    """(years per bar, unit, plural): the smallest power of ten that draws fewer than BARS_MAX bars."""
    size = 1
    while _counted(last) // size - _counted(first) // size >= BARS_MAX:
        size *= 10
    named = next((u for u in UNITS if u[0] == size), None)
    return named or (size, f"{size:,} years", f"{size:,}-year periods")


def _range(first: str, last: str) -> str:
    """ "1800–1899", "44 BC – 2 BC", "March 2024 – October 2024"; one text when both are the same."""
    if first == last:
        return first
    return f"{first}–{last}" if first.isdigit() and last.isdigit() else f"{first} – {last}"


def _month_bars(counts: dict[tuple[int, int | None], list[int]], first: tuple[int, int], last: tuple[int, int]):
    year, month = first
    while (year, month) <= last:
        if month == 1 or (year, month) == first:
            if (year, None) in counts:  # entries known only to the year come before its months
                count, keys = counts[(year, None)]
                yield Bar(f"{year_label(year)} (month not known)", f"y{year}", count, keys, year, None)
        count, keys = counts.get((year, month), [0, 0])
        label = f"{month_name(month)} {year_label(year)}"
        yield Bar(label, f"m{year}-{month:02d}" if count else None, count, keys, year, month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _year_bars(counts: dict[tuple[int, int | None], list[int]], first: int, last: int, size: int):
    """One bar per `size` years, counted as people count them (1000 BC - 1 BC, 1-999, 2000-2999);
    a bar links to the first year heading it covers."""
    for bucket in range(_counted(first) // size, _counted(last) // size + 1):
        low, high = _astronomical(max(bucket * size, 1 if bucket == 0 else bucket * size)), _astronomical(
            min(bucket * size + size - 1, -1 if bucket < 0 else bucket * size + size - 1))  # fmt: skip
        inside = sorted((y, c, k) for (y, _), (c, k) in counts.items() if low <= y <= high)
        count, keys = sum(c for _, c, _k in inside), sum(k for _, _c, k in inside)
        label = _range(year_label(max(low, first)), year_label(min(high, last)))
        yield Bar(label, f"y{inside[0][0]}" if inside else None, count, keys, max(low, first), None)


def _counted(year: int) -> int:
    """An astronomical year as people number it: 0 is 1 BC (-1), -43 is 44 BC (-44)."""
    return year if year > 0 else year - 1


def _astronomical(counted: int) -> int:
    return counted if counted > 0 else counted + 1


def _describe(bar: Bar) -> str:
    text = f"{bar.label}: {bar.count} {'entry' if bar.count == 1 else 'entries'}"
    if bar.keys:
        text += f", {bar.keys} key {'moment' if bar.keys == 1 else 'moments'}"
    return text


def _num(value: float) -> str:
    """Fixed, short number text: the same input always draws the same bytes."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _heights(bar: Bar, peak: int) -> tuple[float, float]:
    """(bar height, key part height) in SVG units."""
    if not bar.count or not peak:
        return 0.0, 0.0
    height = MIN_BAR + (HEIGHT - MIN_BAR) * bar.count / peak
    return height, height * bar.keys / bar.count


def _bars_svg(chart: Overview, links: bool) -> list[str]:
    parts = []
    peak = chart.peak
    for index, bar in enumerate(chart.bars):
        x = index * SLOT + (SLOT - BAR) / 2
        height, key_height = _heights(bar, peak)
        shapes = []
        if height:
            shapes.append(
                f'<rect class="bar" x="{_num(x)}" y="{_num(HEIGHT - height)}" width="{BAR}" height="{_num(height)}"/>'
            )
        if key_height:
            shapes.append(
                f'<rect class="bar-key" x="{_num(x)}" y="{_num(HEIGHT - height)}" width="{BAR}" '
                f'height="{_num(key_height)}"/>'
            )
        if links and bar.anchor:
            name = escape(_describe(bar))
            parts.append(
                f'<a href="#{bar.anchor}" aria-label="{name}"><title>{name}</title>'
                f'<rect class="hit" x="{index * SLOT}" y="0" width="{SLOT}" height="{HEIGHT}"/>{"".join(shapes)}</a>'
            )
        else:
            parts.extend(shapes)
    return parts


def overview_svg(timeline: Timeline, zone: str) -> Markup:
    """The topic page's chart: a figure with the SVG, an axis of years, and a hidden table."""
    chart = overview(timeline, zone)
    if not chart.bars:
        return Markup("")
    unit = chart.unit
    width = len(chart.bars) * SLOT
    period = escape(chart.period)
    title = escape(f"Entries per {unit}, {chart.period}")
    desc = escape(
        f"A bar for each {unit}: the taller the bar, the more entries. The highlighted top of a bar counts key moments."
        f" Each bar links to its {unit} in the timeline below."
    )
    svg = [
        f'<svg class="overview-bars" viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none" '
        f'aria-labelledby="overview-title" aria-describedby="overview-desc">',
        f'<title id="overview-title">{title}</title><desc id="overview-desc">{desc}</desc>',
        f'<line class="baseline" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>',
        *_bars_svg(chart, links=True),
        "</svg>",
    ]
    axis = [
        f'<span style="left: {_num(100 * index / len(chart.bars))}%">{escape(text)}</span>'
        for index, text in axis_labels(chart)
    ]
    rows = "".join(
        f'<tr><th scope="row">{escape(b.label)}</th><td>{b.count}</td><td>{b.keys}</td></tr>'
        for b in chart.bars
        if b.count
    )
    table = (
        f'<div class="visually-hidden"><table><caption>{title}</caption>'
        f'<thead><tr><th scope="col">{unit.capitalize()}</th><th scope="col">Entries</th>'
        f'<th scope="col">Key moments</th></tr></thead><tbody>{rows}</tbody></table></div>'
    )
    legend = (
        f'<figcaption class="overview-caption">Entries per {unit}, {period}. '
        '<span class="legend-key">Key moments</span> highlighted. Select a bar to jump there.</figcaption>'
    )
    return Markup(
        '<figure class="overview">'
        f'<div class="overview-chart" style="max-width: max(20rem, {len(chart.bars) * 3}rem)">'
        f'<div class="overview-plot">{"".join(svg)}</div>'
        f'<div class="overview-axis" aria-hidden="true">{"".join(axis)}</div></div>'
        f"{table}{legend}</figure>"
    )


def axis_labels(chart: Overview) -> list[tuple[int, str]]:
    """(bar index, text) under the chart: at most six, never closer than a sixth of its width.

    Months: the first bar in full ("Oct 2024"), then every k-th month ("Jan 2025", "Apr"); years
    and longer units: the first bar, then round years ("1500").
    """
    count = len(chart.bars)
    wanted = -(-count // 6)
    labels: list[tuple[int, str]] = []
    if chart.unit == "month":
        # "May 2024" is wider than one bar of a short chart: then label every other month at least
        least = max(wanted, 2 if count > 4 else 1)
        step = next(s for s in (1, 2, 3, 6, 12, least) if s >= least)
        for index, bar in enumerate(chart.bars):
            if bar.month is None:
                continue
            aligned = index >= step and (bar.month - 1) % step == 0 and count - index >= wanted
            if (not labels and index == 0) or aligned:
                short = month_name(bar.month)[:3]
                text = f"{short} {year_label(bar.year)}" if not labels or bar.month == 1 else short
                labels.append((index, text))
        return labels
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, wanted) if s >= wanted)
    for index, bar in enumerate(chart.bars):
        round_year = _counted(bar.year) % (step * chart.size) == 0 or bar.year == 1
        aligned = index >= step and round_year and count - index >= wanted
        if index == 0 or aligned:
            labels.append((index, year_label(bar.year)))
    return labels


def sparkline(timeline: Timeline, zone: str) -> Markup:
    """A small picture of the topic's activity for the home page: an image with a text equivalent."""
    chart = overview(timeline, zone)
    if not chart.bars or chart.total == 0:
        return Markup("")
    busiest = max(chart.bars, key=lambda b: b.count)
    label = (
        f"{chart.total} {'entry' if chart.total == 1 else 'entries'} over {len(chart.bars)} "
        f"{chart.unit if len(chart.bars) == 1 else chart.unit_plural}; most in {busiest.label}"
        f" ({busiest.count})"
    )
    width = len(chart.bars) * SLOT
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
        f'<line class="baseline" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>'
        f"{''.join(_bars_svg(chart, links=False))}</svg>"
    )
