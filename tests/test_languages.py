"""A site in its readers' language (SPEC 8): every interface word from the catalogs, dates with
CLDR's patterns, dates read back in the site's language, right to left where the language is."""

from __future__ import annotations

import datetime
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from babel import Locale
from babel.dates import format_date
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.errors import Problems
from generator.preview.overlay import overlay_html
from generator.site.words import Catalog, Words, load_catalog
from generator.source.dates.cldr import Shown
from generator.source.dates.model import PartialDate
from generator.source.dates.reading import parse_when

sys.path.insert(0, str(Path(__file__).resolve().parent))
import message_ids  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
I18N = REPO / "templates" / "i18n"
SHIPPED = ["en", "ko", "ja", "zh", "de", "fr", "es", "pt", "it", "ru", "uk", "ar", "he"]
ENGLISH = yaml.safe_load((I18N / "en.yaml").read_text(encoding="utf-8"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def catalog(language: str) -> dict:
    return yaml.safe_load((I18N / f"{language}.yaml").read_text(encoding="utf-8"))


def test_the_english_catalog_holds_exactly_the_ids_the_theme_and_the_code_use() -> None:
    """Extracted as gettext tools do (Jinja's Babel extractor, calls in Python, the script's list)."""
    used = message_ids.all_ids()
    assert set(used) == set(ENGLISH)
    for message, plural in used.items():
        assert isinstance(ENGLISH[message], dict) == bool(plural), message


@pytest.mark.parametrize("language", SHIPPED[1:])
def test_every_shipped_catalog_is_complete_with_its_plural_forms_and_placeholders(language: str) -> None:
    found = catalog(language)
    tags = set(Locale.parse(language).plural_form.tags) | {"other"}
    assert set(found) == set(ENGLISH), set(ENGLISH) ^ set(found)
    for message, english in ENGLISH.items():
        value = found[message]
        texts = list(value.values()) if isinstance(value, dict) else [value]
        if isinstance(english, dict):
            assert isinstance(value, dict) and set(value) == tags, (language, message)
        wanted = set(PLACEHOLDER.findall(message)) - {"num", "ordinal"}
        for text in texts:
            used = set(PLACEHOLDER.findall(text))
            if used & {"number", "roman"}:  # a century may be written anew from its number
                wanted -= {"century"}
            assert wanted <= used, (language, message, text)
            assert used <= wanted | {"num", "number", "roman"}, (language, message, text)


def site(tmp_path: Path, language: str, timezone: str = "UTC", extra: dict[str, str] | None = None) -> Path:
    root = tmp_path / language
    files = {
        "content/site.yaml": f"title: Timelines\nlanguage: {language}\ntimezone: {timezone}\n",
        "content/topics/t.yaml": "title: T\n",
        "content/entries/day.md": "---\ntitle: Day\ndate: 2024-10-23\ntopics: [t]\nkey: true\ntags: [x]\n---\nBody.\n",
        "content/entries/month.md": "---\ntitle: Month\ndate: 2024-10\ntopics: [t]\n---\nBody.\n",
        "content/entries/year.md": "---\ntitle: Year\ndate: 2023\ntopics: [t]\n---\nBody.\n",
        "content/entries/old.md": "---\ntitle: Old\ndate: 44 BC\ntopics: [t]\n---\nBody.\n",
        **(extra or {}),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("language", [*SHIPPED[1:], "en-US"])
def test_a_site_in_each_language_builds_and_shows_cldr_dates(tmp_path: Path, language: str) -> None:
    result = build(site(tmp_path, language))
    assert not result.failed(), [str(p) for p in result.problems.errors]
    assert not result.problems.warnings  # a shipped language: no "no words" warning
    loc = Locale.parse(language, sep="-")
    topic = result.pages["topics/t/index.html"].decode("utf-8")
    day = format_date(datetime.date(2024, 10, 23), "long", locale=loc)
    month = format_date(datetime.date(2024, 10, 1), loc.datetime_skeletons["yMMMM"], locale=loc)
    year = format_date(datetime.date(2023, 1, 1), loc.datetime_skeletons["y"], locale=loc)
    for shown in (day, month, year):
        assert shown in topic, f"{language}: {shown!r} not on the topic page"
    assert f'<html lang="{language}"' in topic
    assert ('dir="rtl"' in topic) == (loc.character_order == "right-to-left")
    key = catalog(language)["Key moments"] if language != "en-US" else "Key moments"
    assert f">{key}</h2>" in topic


class Text(HTMLParser):
    """The visible text of a page, and the text of attributes readers hear (aria-label, title, alt)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v or "" for k, v in attrs if k in ("aria-label", "title", "alt", "placeholder")]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def test_a_korean_page_holds_no_english_interface_word(tmp_path: Path) -> None:
    """Every English text of the catalog that Korean does not keep (format names) is absent."""
    korean = catalog("ko")
    english_texts = set()
    for message, text in ENGLISH.items():
        for form in text.values() if isinstance(text, dict) else [text]:
            plain = PLACEHOLDER.split(form)[0].strip(" :.,;→←")  # the words before any placeholder
            kept = any(plain in str(k) for k in (korean[message].values() if isinstance(korean[message], dict)
                                                 else [korean[message]]))  # fmt: skip
            if len(plain) > 3 and not kept:
                english_texts.add(plain)
    result = build(site(tmp_path, "ko", "Asia/Seoul"))
    assert not result.failed()
    checked = 0
    for path, data in result.pages.items():
        if path.endswith(".html"):
            text = " ".join(" ".join(Text(data.decode("utf-8")).parts).split())
            for content in ("Timelines", "TimelineJS", "Day", "Month", "Year", "Old", "Body."):  # not the theme's
                text = text.replace(content, "")
            leftovers = [w for w in english_texts if w in text]
            assert not leftovers, f"{path}: {leftovers}"
            checked += 1
    assert checked > 5


@pytest.mark.parametrize(
    ("language", "written", "iso"),
    [("ko", "2024년 10월 23일", "2024-10-23"), ("ko", "2024년 10월", "2024-10"),
     ("de", "23. Oktober 2024", "2024-10-23"), ("de", "Oktober 2024", "2024-10"),
     ("fr", "23 octobre 2024", "2024-10-23"), ("ja", "2024年10月23日", "2024-10-23"),
     ("ru", "23 октября 2024 г.", "2024-10-23"), ("ko", "기원전 44년", "-0043"), ("de", "Oktober 23 2024", None)],
)  # fmt: skip
def test_dates_written_in_the_sites_language_are_read(tmp_path: Path, language: str, written: str, iso: str) -> None:
    extra = {"content/entries/written.md": f"---\ntitle: Written\ndate: {written}\ntopics: [t]\n---\n"}
    result = build(site(tmp_path, language, extra=extra))
    if iso is None:  # not a form the language writes: refused like any unknown date, never guessed
        assert result.failed()
        return
    assert not result.failed(), [str(p) for p in result.problems.errors]
    (entry,) = [e for e in result.site.entries if e.slug == "written"]
    assert entry.date.iso() == iso


def test_a_site_changes_a_word_in_content_i18n_and_an_unknown_id_names_the_closest(tmp_path: Path) -> None:
    extra = {"content/i18n/ko.yaml": '"Key moments": "주요 장면"\n"Key momnets": "오타"\n'}
    result = build(site(tmp_path, "ko", extra=extra))
    assert not result.failed()
    assert ">주요 장면</h2>" in result.pages["topics/t/index.html"].decode("utf-8")
    (warning,) = [p for p in result.problems.warnings if "content/i18n" in p.path]
    assert (warning.path, warning.line) == ("content/i18n/ko.yaml", 2)
    assert "unknown message id 'Key momnets' (did you mean 'Key moments'?)" in warning.message


def test_a_language_without_words_warns_and_an_unknown_code_is_an_error(tmp_path: Path) -> None:
    result = build(site(tmp_path, "sw"))
    assert not result.failed()
    (warning,) = result.problems.warnings
    assert warning.path == "content/site.yaml" and warning.line == 2
    assert (
        "the theme has no words for 'sw' (it has ar, de, en, es, fr, he, it, ja, ko, pt, ru, uk, zh)" in warning.message
    )
    broken = build(site(tmp_path / "x", "xx-QQ-zz"))
    (error,) = broken.problems.errors
    assert (error.path, error.line) == ("content/site.yaml", 2) and "not one CLDR knows" in error.message


def test_a_regional_tag_takes_its_languages_words(tmp_path: Path) -> None:
    result = build(site(tmp_path, "pt-BR"))
    assert not result.problems.warnings
    assert f">{catalog('pt')['Key moments']}</h2>" in result.pages["topics/t/index.html"].decode("utf-8")


def test_feeds_json_ld_404_and_the_preview_overlay_speak_the_language(tmp_path: Path) -> None:
    result = build(site(tmp_path, "de"))
    german = catalog("de")
    assert f">{german['Page not found']}</h1>" in result.pages["404.html"].decode("utf-8")
    assert '"inLanguage":"de"' in result.pages["entries/day/index.html"].decode("utf-8")
    assert json.loads(result.pages["feed.json"])["language"] == "de"
    words = Words(load_catalog(tmp_path / "de", "de", Problems()))
    box = overlay_html(["content/x.md:1: broken"], words)
    assert (
        german["Fix them and save: this page reloads by itself. Below is the page as it was after the last good build."]
        in box
    )
    assert german["The last build failed: %(num)d error"]["one"] % {"num": 1} in box


def test_the_words_a_page_uses_are_reads_an_edit_of_one_remakes_its_pages(tmp_path: Path) -> None:
    from generator.build import build_and_write

    root = site(tmp_path, "ko")
    out = tmp_path / "out"
    assert not build_and_write(root, out, search=False).failed()
    (root / "content" / "i18n").mkdir()
    (root / "content" / "i18n" / "ko.yaml").write_text('"Key moments": "주요 장면"\n', encoding="utf-8")
    again = build_and_write(root, out, search=False)
    cold = build(root)
    assert (out / "topics/t/index.html").read_bytes() == cold.pages["topics/t/index.html"]
    assert "topics/t/index.html" in again.pages and "entries/month/index.html" not in again.pages


def test_init_language_ko_makes_a_korean_site_that_builds(cli, tmp_path: Path) -> None:
    result = cli("init", tmp_path / "ko-site", "--language", "ko")
    assert result.returncode == 0, result.stderr
    built = build(tmp_path / "ko-site")
    assert not built.failed() and not built.problems.warnings
    home = built.pages["index.html"].decode("utf-8")
    assert '<html lang="ko">' in home and "나의 타임라인" in home and "첫 번째 주제" in home
    assert cli("init", tmp_path / "bad", "--language", "xx").returncode == 2


def test_words_with_no_catalog_are_the_ids(tmp_path: Path) -> None:
    words = Words(Catalog("en", None))
    assert words.count("%(num)d entry", "%(num)d entries", 2) == "2 entries"
    assert words.say("Entries tagged %(tag)s", tag="x") == "Entries tagged x"


@settings(max_examples=60, deadline=None)
@given(
    language=st.sampled_from(SHIPPED),
    year=st.integers(min_value=-2000, max_value=2999).filter(lambda y: y != 0),
    month=st.integers(min_value=1, max_value=12),
    day=st.integers(min_value=1, max_value=28),
    precision=st.sampled_from(["day", "month", "year"]),
)
def test_what_the_formatter_writes_for_a_day_a_month_or_a_year_reads_back(language, year, month, day, precision):
    """SPEC 8: a date copied from a page of the site is read as the date it shows, in every shipped language."""
    written = PartialDate(year, month if precision != "year" else None, day if precision == "day" else None)
    shown = Shown(language).date(written)
    date, end = parse_when(shown, language=language)
    assert end is None
    assert (date.year, date.month, date.day) == (written.year, written.month, written.day), shown
