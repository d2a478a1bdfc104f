"""Make outputs: a template page or a data file, from its context, as bytes. Nothing is written.

A template sees its context plus the names every page has (SPEC 9): `site`, `topics`,
`nav_pages`, the link helpers and the filters. Those names come from a `SiteView`, which the
caller may fill with recording proxies of the model (incremental/) or with the model itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup as Html
from markupsafe import escape

from generator.errors import Problems
from generator.site import chart, metadata, urls
from generator.site.feeds import feed_paths
from generator.site.outputs import Output
from generator.site.theme import ThemeEnvironment, template_location
from generator.site.words import Catalog, Words
from generator.source.config import Settings
from generator.source.dates import PartialDate
from generator.source.dates.cldr import Shown
from generator.source.markup import first_paragraph
from generator.source.model import Entry, Page, Tag, Topic


@dataclass(frozen=True)
class SiteView:
    """What every page may read beyond its own context, as the caller chooses to show it."""

    settings: Settings
    topics: Mapping[str, Topic]
    nav_pages: Sequence[Page]
    site_tags: Sequence[Tag]  # every tag (the navigation links to them when there are some)
    wrap: Callable[[Any], Any]  # how a context value is shown to a page
    words: Words  # the site's interface words


def plain_view(settings: Settings, topics: Mapping[str, Topic], pages: Sequence[Page],
               words: Words | None = None, tags: Sequence[Tag] = ()) -> SiteView:  # fmt: skip
    """The model as it is, recording nothing (for a page made once, outside a build)."""
    words = words or Words(Catalog(settings.language, None))
    return SiteView(settings, topics, list(pages), list(tags), lambda value: value, words)


class Renderer:
    def __init__(self, env: ThemeEnvironment, view: SiteView) -> None:
        self.env = env
        self.view = view
        self.words = view.words
        self.shown = Shown(view.settings.language, view.settings.timezone, self.words.say)
        env.globals.update(self._globals())
        env.filters.update(self._filters())
        env.install_gettext_callables(self.words.gettext, self.words.ngettext, newstyle=True)  # type: ignore[attr-defined]
        env.globals["_"] = _translator(self.words.gettext)  # a theme's most frequent call, made direct

    # -- what every template sees --------------------------------------------------------------

    def _globals(self) -> dict[str, Any]:
        view = self.view
        links = {
            "href": _href,
            "entry_url": lambda ctx, e: _href(ctx, urls.entry_path(e.slug if isinstance(e, Entry) else e)),
            "topic_url": lambda ctx, t: _href(ctx, urls.topic_path(t.slug if isinstance(t, Topic) else t)),
            "tag_url": lambda ctx, name: _href(ctx, urls.tag_path(urls.of_tag(name))),
            "page_url": lambda ctx, p: _href(ctx, urls.page_path(p.slug)),
            "place_href": _place_href,
            "asset_url": lambda ctx, p: _href(ctx, "assets/" + p),
        }
        return {
            "site": view.settings,
            "nav_pages": view.nav_pages,
            "site_tags": view.site_tags,
            "topics": view.topics,
            "page_meta": jinja2.pass_context(lambda ctx: metadata.page_meta(ctx, view)),
            "absolute_url": lambda path: urls.absolute(view.settings.base_url, path),
            "feed_paths": feed_paths,
            "overview_chart": jinja2.pass_context(
                lambda ctx, timeline, pages=None: self._overview_chart(ctx, timeline, pages)
            ),
            "sparkline": lambda timeline: chart.sparkline(timeline, self.shown, self.words),
            "words": self.words,
            "opens": opens,
            "script_words": self._script_words,
        } | {name: jinja2.pass_context(fn) for name, fn in links.items()}

    def _filters(self) -> dict[str, Any]:
        shown = self.shown
        return {
            "when": lambda e: when(e, shown),
            "date_text": shown.date,
            "month_name": shown.month_name,
            "anchor": lambda slug: quote(slug, safe=""),  # a slug as a #fragment (slugs may hold any script)
            "iso": lambda d: d.iso(),
            "datetime": lambda d: d.html_datetime(),  # None where HTML cannot say it (BC, periods)
            "when_html": lambda item: time_html(item, shown),
            "html": jinja2.pass_context(
                lambda ctx, text: Html(urls.relink(text, ctx["page_path"], ctx["site"].file_links))
            ),
        }

    def _overview_chart(self, ctx: Any, timeline: Any, pages: Any = None) -> Html:
        """The chart of a topic; its bars lead to the headings of this page, or of the year and
        month pages of a split topic."""
        link = chart.heading_link
        if pages is not None and pages.split:
            link = lambda year, month: _href(ctx, pages.link(year, month))  # noqa: E731
        return chart.overview_svg(timeline, self.shown, self.words, link)

    def _script_words(self, *messages: str) -> Html:
        """Messages for the theme's script, as JSON for a `<script type="application/json">`: each
        a text, or its texts by CLDR plural category (the script picks one with Intl.PluralRules)."""
        found = {}
        for message in messages:
            self.words.gettext(message)  # recorded as read, like any word a page uses
            entry = self.words.lookup(message)
            found[message] = dict(entry) if isinstance(entry, Mapping) else (entry or message)
        text = json.dumps(found, ensure_ascii=False, sort_keys=True)
        return Html(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    # -- making one output -------------------------------------------------------------------------

    def make(self, output: Output) -> bytes | dict[str, bytes]:
        """The output's bytes (a group of files for a maker that makes several); raises
        jinja2.TemplateError for a template that fails."""
        context = {name: self.view.wrap(value) for name, value in output.context.items()}
        if callable(output.maker):
            return output.maker(context, self.view)
        page_path = "" if output.path == "404.html" else urls.folder_of(output.path)
        context.update(page_path=page_path, output_path=output.path, is_404=output.path == "404.html")
        return self.env.get_template(output.maker).render(context).encode("utf-8")

    def compile_all(self, problems: Problems, root: Path) -> bool:
        """Compile every template of the theme, so `check` reports the unused ones too."""
        ok = True
        for name in self.env.list_templates(filter_func=is_template):
            try:
                self.env.get_template(name)
            except jinja2.TemplateError as exc:
                report_template_error(exc, problems, root)
                ok = False
        return ok


def _translator(gettext: Callable[[str], str]) -> Callable[..., str]:
    """`_()` as Jinja's i18n extension makes it (newstyle: escaped, then %-formatted), calling
    the site's words at once rather than through the context's `gettext` three calls deep."""

    plain: dict[tuple[str, bool], str] = {}  # each message with no values, as given (most of a page's)

    @jinja2.pass_eval_context
    def translate(eval_ctx: Any, message: str, **values: Any) -> str:
        text = gettext(message)  # (on every call: it records the read)
        key = (text, eval_ctx.autoescape)
        given = None if values else plain.get(key)
        if given is None:
            given = (Html(text) if eval_ctx.autoescape else text) % values
            if not values:
                plain[key] = given
        return given

    return translate


def is_template(name: str) -> bool:
    return not name.startswith("assets/") and name.endswith((".html", ".xml", ".json", ".txt"))


def report_template_error(exc: Exception, problems: Problems, root: Path, message: str | None = None) -> None:
    """`templates/entry.html:12: template error: ...`, once however many pages hit it."""
    where, line = template_location(root, exc)
    problems.error(where, line, message or template_message(exc))


def template_message(exc: Exception) -> str:
    if isinstance(exc, jinja2.TemplateNotFound):
        return f"template not found: {exc.name}"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        message = exc.message or ""
        return message if message.startswith("the file ") else f"template syntax error: {message}"
    if isinstance(exc, jinja2.UndefinedError):
        return f"template error: {exc.message} (a name the template uses is not defined)"
    if isinstance(exc, jinja2.TemplateError):
        return f"template error: {exc}"
    return f"template error: {type(exc).__name__}: {exc}"


def _href(ctx: Any, path: str) -> str:
    """A link from the page being rendered to a site path (relative; from base_url on 404)."""
    if "page_path" not in ctx:
        raise jinja2.TemplateRuntimeError(
            "a link helper was called where the page is not known: import macros that make links "
            "'with context' ({% import \"macros.html\" as m with context %})"
        )
    if ctx.get("is_404"):
        base = urlsplit(ctx["site"].base_url or "/").path  # "/repo/": works on any host, at any depth
        return base + urls.encode(path)
    return urls.relative(ctx["page_path"], path, ctx["site"].file_links)


def _place_href(ctx: Any, pages: Any, entry: Entry) -> str:
    """Where an entry is shown in its topic: `#slug` on this page, else its year or month page."""
    place = pages.page_of(entry)
    fragment = "#" + quote(entry.slug, safe="")
    return fragment if place == ctx["page_path"] else _href(ctx, place) + fragment


def opens(summary: str, body_html: str) -> bool:
    """Is the summary the opening of the body (cut or not)? Then the body says it: no lede.
    Compared as the text the summary was made from (markup.first_paragraph)."""
    words = " ".join(summary.split()).removesuffix("…").rstrip()
    return bool(words) and first_paragraph(body_html).startswith(words)


def time_html(item: Entry | PartialDate, shown: Shown) -> Html:
    """An entry's date (or a date) as shown, in a `<time datetime>` where HTML can say it."""
    date = item.date if isinstance(item, Entry) else item
    text = when(item, shown) if isinstance(item, Entry) else shown.date(item)
    value = date.html_datetime()
    if value is None:  # years before 1 and periods: the text alone says it
        return Html(f'<span class="date">{escape(text)}</span>')
    return Html(f'<time datetime="{value}">{escape(text)}</time>')


def when(entry: Entry, shown: Shown) -> str:
    """An entry's date or span as shown."""
    if entry.end is not None:
        return shown.span_of(entry.date, entry.end)
    return shown.date(entry.date)
