"""The overview chart of a timeline, drawn at build time as inline SVG: no chart library, no script.

A pure function of the timeline: entries counted per month (spans up to `MONTHS_MAX` months) or
per year, decade, century ... (at most `BARS_MAX` bars, whatever the span). A period or a span
covers its whole length (SPEC 5): `1950s` counts in every year from 1950 to 1959. Key moments are
the highlighted part of a bar; each bar links to the heading where its first story is (`#y2024`,
`#m2024-10`, or another page's, through `link`). Labels are HTML beside the SVG, so they stay
readable on a phone, the first and the last bar always labelled; a visually hidden table carries
the same numbers for screen readers. `sparkline` is the small, link-free version for the home page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from babel.numbers import format_decimal
from markupsafe import Markup, escape

from generator.site.timeline import Timeline
from generator.site.words import Words
from generator.source.dates import PartialDate
from generator.source.dates.cldr import Shown
from generator.source.model import Entry

MONTHS_MIN = 6  # a shorter month chart starts earlier, with empty months
MONTHS_MAX = 36  # longer spans are counted per year, or per decade, century... when that fits
BARS_MAX = 60  # beyond this many bars, each gets too thin to see or to click on a phone
LABELS_MAX = 6
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

Target = tuple[int, "int | None"]  # the heading a bar links to: (year, month or None)
Link = Callable[[int, "int | None"], str]


def heading_link(year: int, month: int | None) -> str:
    """The topic page's own heading for (year, month): `#y2024` or `#m2024-10`."""
    return f"#m{year}-{month:02d}" if month else f"#y{year}"


@dataclass(frozen=True)
class Bar:
    """One period of the chart: a month, a year (or more years), or "that year, month unknown"."""

    label: str  # "October 2024", "2024", "1900–1999", "2024 (month not known)": in the site's language
    target: Target | None  # the heading of its first story; None when nothing is there
    count: int  # entries that start in it or cover it
    keys: int
    year: int  # its first year (astronomical)
    month: int | None  # None in a per-year chart, and for entries known only to the year

    @property
    def anchor(self) -> str | None:
        return heading_link(*self.target)[1:] if self.target else None


@dataclass(frozen=True)
class Overview:
    unit: str  # "month", "year", "decade", "century", "millennium" or "10,000 years" ...
    bars: tuple[Bar, ...]
    units: str = ""  # the plural
    size: int = 1  # years per bar, when not a month chart
    period: str = ""  # "March 2024 – October 2024", "44 BC – 2024"
    total: int = 0  # entries shown (an entry that covers many bars is one entry)
    spans: bool = False  # some entry covers more than one bar

    @property
    def unit_plural(self) -> str:
        return self.units or self.unit + "s"

    @property
    def peak(self) -> int:
        return max((b.count for b in self.bars), default=0)

    @property
    def keys(self) -> int:
        return sum(b.keys for b in self.bars)


@dataclass(frozen=True)
class Reach:
    """Where one entry sits on the chart: the months of its earliest and latest instants."""

    entry: Entry
    first: tuple[int, int]
    last: tuple[int, int]
    year_only: bool  # a date known to the year, not a period: its own "month not known" bar
    heading: Target  # where the topic page shows it


def reach(entry: Entry, zone: str) -> Reach:
    first, last = entry.date.local_month_reach(zone)
    if entry.end is not None:
        last = max(last, entry.end.local_month_reach(zone)[1])
    year_only = entry.end is None and entry.date.coarser_than_month and not entry.date.is_period
    return Reach(entry, first, last, year_only, entry.date.local_year_month(zone))


def overview(timeline: Timeline, shown: Shown, words: Words) -> Overview:
    """Count the timeline's entries per month or per year, from its first period to its last."""
    reaches = [reach(e, shown.zone) for e in timeline.chronological]
    if not reaches:
        return Overview("month", ())
    # a date known only to its year has a bar of its own, so it does not stretch a month chart
    dated = [r for r in reaches if not r.year_only]
    years = [r.first[0] for r in reaches]
    first = min(r.first for r in dated) if dated else (min(years), 1)
    last = max(r.last for r in dated) if dated else (max(years), 1)
    first = (min(years), 1) if min(years) < first[0] else first
    last = (max(years), 1) if max(years) > last[0] else last
    months = (last[0] - first[0]) * 12 + (last[1] - first[1]) + 1
    if months <= MONTHS_MAX:
        bars = _month_bars(reaches, first, last, shown, words)
        spans = any(r.first != r.last and not r.year_only for r in reaches)
        ends = [_month_end(reaches, first, min), _month_end(reaches, last, max)]
        return Overview("month", tuple(bars), period=shown.span_of(*ends), total=len(reaches), spans=spans)
    size, unit, units = bar_unit(first[0], last[0])
    bars = list(_year_bars(reaches, first[0], last[0], size, shown))
    spans = any(_counted(r.first[0]) // size != _counted(r.last[0]) // size for r in reaches)
    period = shown.span_of(PartialDate(first[0]), PartialDate(last[0]))
    return Overview(unit, tuple(bars), units, size, period, len(reaches), spans)


def _month_end(reaches: list[Reach], month: tuple[int, int], pick) -> PartialDate:  # type: ignore[no-untyped-def]
    """October 2024 for an end of a month chart; 2024 when only a year-only date is there."""
    dated = [r.first if pick is min else r.last for r in reaches if not r.year_only]
    if dated and pick(dated) == month:
        return PartialDate(month[0], month[1])
    return PartialDate(month[0])


def bar_unit(first: int, last: int) -> tuple[int, str, str]:
    """(years per bar, unit, plural): the smallest power of ten that draws fewer than BARS_MAX bars."""
    size = 1
    while _counted(last) // size - _counted(first) // size >= BARS_MAX:
        size *= 10
    named = next((u for u in UNITS if u[0] == size), None)
    return named or (size, f"{size:,} years", f"{size:,}-year periods")


def _target(inside: list[Reach], covering: list[Reach]) -> Target | None:
    """A bar's link: the heading of the first story that starts in it, else of the one that
    started last among those covering it (the nearest heading above)."""
    if inside:
        return inside[0].heading
    return max(covering, key=lambda r: r.first).heading if covering else None


def _month_bars(reaches: list[Reach], first: tuple[int, int], last: tuple[int, int], shown: Shown,
                words: Words) -> list[Bar]:  # fmt: skip
    dated = [r for r in reaches if not r.year_only]
    padding = max(0, MONTHS_MIN - ((last[0] - first[0]) * 12 + last[1] - first[1] + 1))
    if any(r.year_only and r.first[0] == first[0] for r in reaches):
        padding = 0  # the chart opens with that year's own bar
    start = divmod(first[0] * 12 + first[1] - 1 - padding, 12)
    year, month = start[0], start[1] + 1
    bars: list[Bar] = []
    while (year, month) <= last:
        if month == 1 or not bars:
            known_only = [r for r in reaches if r.year_only and r.first[0] == year]
            if known_only:  # entries known only to the year come before its months
                keys = sum(1 for r in known_only if r.entry.key)
                label = words.say("%(year)s (month not known)", year=shown.year(year))
                bars.append(Bar(label, (year, None), len(known_only), keys, year, None))
        covering = [r for r in dated if r.first <= (year, month) <= r.last]
        inside = [r for r in covering if r.first == (year, month)]
        keys = sum(1 for r in covering if r.entry.key)
        label = shown.month(year, month)
        bars.append(Bar(label, _target(inside, covering), len(covering), keys, year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return bars


def _year_bars(reaches: list[Reach], first: int, last: int, size: int, shown: Shown):
    """One bar per `size` years, counted as people count them (1000 BC - 1 BC, 1-999, 2000-2999)."""
    for bucket in range(_counted(first) // size, _counted(last) // size + 1):
        low = _astronomical(max(bucket * size, 1 if bucket == 0 else bucket * size))
        high = _astronomical(min(bucket * size + size - 1, -1 if bucket < 0 else bucket * size + size - 1))
        covering = [r for r in reaches if r.first[0] <= high and r.last[0] >= low]
        inside = [r for r in covering if low <= r.first[0] <= high]
        keys = sum(1 for r in covering if r.entry.key)
        label = shown.span_of(PartialDate(max(low, first)), PartialDate(min(high, last)))
        yield Bar(label, _target(inside, covering), len(covering), keys, max(low, first), None)


def _counted(year: int) -> int:
    """An astronomical year as people number it: 0 is 1 BC (-1), -43 is 44 BC (-44)."""
    return year if year > 0 else year - 1


def _astronomical(counted: int) -> int:
    return counted if counted > 0 else counted + 1


def _describe(bar: Bar, words: Words) -> str:
    text = words.count("%(label)s: %(num)d entry", "%(label)s: %(num)d entries", bar.count, label=bar.label)
    if bar.keys:
        text += words.count(", %(num)d key moment", ", %(num)d key moments", bar.keys)
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


def _bars_svg(chart: Overview, link: Link | None, words: Words) -> list[str]:
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
        if link is not None and bar.target:
            name = escape(_describe(bar, words))
            parts.append(
                f'<a href="{escape(link(*bar.target))}" aria-label="{name}"><title>{name}</title>'
                f'<rect class="hit" x="{index * SLOT}" y="0" width="{SLOT}" height="{HEIGHT}"/>{"".join(shapes)}</a>'
            )
        else:
            parts.extend(shapes)
    return parts


UNIT_TITLES = {
    "month": "Entries per month, %(period)s", "year": "Entries per year, %(period)s",
    "decade": "Entries per decade, %(period)s", "century": "Entries per century, %(period)s",
    "millennium": "Entries per millennium, %(period)s",
}  # fmt: skip
UNIT_HEADINGS = {"month": "Month", "year": "Year", "decade": "Decade", "century": "Century", "millennium": "Millennium"}


def _title(chart: Overview, words: Words) -> str:
    if chart.unit in UNIT_TITLES:
        return words.say(UNIT_TITLES[chart.unit], period=chart.period)
    size = format_decimal(chart.size, locale=words.locale)  # "10,000", "10 000", "10.000" as the language writes it
    return words.say("Entries per %(size)s years, %(period)s", size=size, period=chart.period)


def overview_svg(timeline: Timeline, shown: Shown, words: Words, link: Link = heading_link) -> Markup:
    """The topic page's chart: a figure with the SVG, an axis of labels, and a hidden table."""
    chart = overview(timeline, shown, words)
    if not chart.bars:
        return Markup("")
    width = len(chart.bars) * SLOT
    title = escape(_title(chart, words))
    desc = escape(
        words.gettext("The taller the bar, the more entries.")
        + (" " + words.gettext("The highlighted top of a bar counts key moments.") if chart.keys else "")
        + " "
        + words.gettext("Each bar links to its place in the timeline.")
    )
    svg = [
        f'<svg class="overview-bars" viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none" '
        f'aria-labelledby="overview-title" aria-describedby="overview-desc">',
        f'<title id="overview-title">{title}</title><desc id="overview-desc">{desc}</desc>',
        f'<line class="baseline" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>',
        *_bars_svg(chart, link, words),
        "</svg>",
    ]
    return Markup(
        '<figure class="overview">'
        f'<div class="overview-chart" style="max-width: max(20rem, {len(chart.bars) * 3}rem)">'
        f'<div class="overview-plot">{"".join(svg)}</div>{_axis_html(chart, shown)}</div>'
        f"{_table_html(chart, title, words)}{_caption_html(chart, title, words)}</figure>"
    )


def _axis_html(chart: Overview, shown: Shown) -> str:
    count = len(chart.bars)
    spans = []
    for index, text, edge in axis_labels(chart, shown):
        if edge == "end":  # the last bar's label ends where the bar ends
            place = f"inset-inline-end: {_num(100 * (count - index - 1) / count)}%"
        else:
            place = f"inset-inline-start: {_num(100 * index / count)}%"
        spans.append(f'<span class="tick-{edge}" style="{place}">{escape(text)}</span>')
    return f'<div class="overview-axis" aria-hidden="true">{"".join(spans)}</div>'


def _table_html(chart: Overview, title: str, words: Words) -> str:
    keys = bool(chart.keys)
    rows = "".join(
        f'<tr><th scope="row">{escape(b.label)}</th><td>{b.count}</td>{f"<td>{b.keys}</td>" if keys else ""}</tr>'
        for b in chart.bars
        if b.count
    )
    unit = words.gettext(UNIT_HEADINGS.get(chart.unit, "Period"))
    head = f'<th scope="col">{escape(unit)}</th><th scope="col">{escape(words.gettext("Entries"))}</th>'
    head += f'<th scope="col">{escape(words.gettext("Key moments"))}</th>' if keys else ""
    return (
        f'<div class="visually-hidden"><table><caption>{title}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _caption_html(chart: Overview, title: str, words: Words) -> str:
    parts = [title + "."]
    if chart.spans:
        parts.append(escape(words.gettext("A period or a span counts in every bar it covers.")))
    if chart.keys:
        legend = Markup('<span class="legend-key">%s</span>') % words.gettext("Key moments")
        parts.append(escape(words.gettext("%(legend)s highlighted.")) % {"legend": legend})
    parts.append(escape(words.gettext("Select a bar to jump there.")))
    return f'<figcaption class="overview-caption">{" ".join(parts)}</figcaption>'


def axis_labels(chart: Overview, shown: Shown) -> list[tuple[int, str, str]]:
    """(bar index, text, "start" | "middle" | "end") under the chart: the first and the last bar
    always, round ones between when they leave room (at most LABELS_MAX in all).

    Months: the first in full ("Oct 2024"), then every k-th month ("Jan 2025", "Apr"); years and
    longer units: round years ("1500")."""
    count = len(chart.bars)
    gap = max(1, -(-count // LABELS_MAX))
    wanted = [(0, _short(chart, 0, True, shown))]
    if chart.unit == "month":
        step = next(s for s in (1, 2, 3, 6, 12, 24) if s >= max(gap, 2 if count > 4 else 1))
        middle = [i for i, b in enumerate(chart.bars) if b.month and (b.month - 1) % step == 0]
    else:
        step = next(s for s in (1, 2, 5, 10, 20, 25, 50, gap) if s >= gap)
        middle = [i for i, b in enumerate(chart.bars) if _counted(b.year) % (step * chart.size) == 0 or b.year == 1]
    for index in middle:  # the last label is the widest: keep two bars from it
        if index - wanted[-1][0] >= gap and count - 1 - index >= max(gap, 2):
            wanted.append((index, _short(chart, index, False, shown)))
    if count > 1:
        wanted.append((count - 1, _short(chart, count - 1, True, shown)))
    return [(i, text, "start" if n == 0 else "end" if i == count - 1 and count > 1 else "middle")
            for n, (i, text) in enumerate(wanted)]  # fmt: skip


def _short(chart: Overview, index: int, full: bool, shown: Shown) -> str:
    """An axis label: a year, or a short month ("Oct"), with its year at the ends and in January."""
    bar = chart.bars[index]
    if bar.month is None:
        return shown.year(bar.year)
    short = shown.month_short(bar.month)
    return f"{short} {shown.year(bar.year)}" if full or bar.month == 1 else short


def sparkline(timeline: Timeline, shown: Shown, words: Words) -> Markup:
    """A small picture of the topic's activity for the home page: an image with a text equivalent."""
    chart = overview(timeline, shown, words)
    if not chart.bars or chart.total == 0:
        return Markup("")
    busiest = max(chart.bars, key=lambda b: b.count)
    label = words.count("%(num)d entry; most in %(label)s (%(most)d)", "%(num)d entries; most in %(label)s (%(most)d)",
                        chart.total, label=busiest.label, most=busiest.count)  # fmt: skip
    width = len(chart.bars) * SLOT
    return Markup(
        f'<svg class="sparkline" viewBox="0 0 {width} {HEIGHT}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}"><title>{escape(label)}</title>'
        f'<line class="baseline" x1="0" y1="{HEIGHT}" x2="{width}" y2="{HEIGHT}"/>'
        f"{''.join(_bars_svg(chart, None, words))}</svg>"
    )
