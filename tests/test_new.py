"""`python -m generator new`: the entry file an author would write, valid at once, never overwriting."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.build import build
from generator.cli import main
from generator.source import yamlread
from generator.source.dates import parse_date
from generator.source.frontmatter import scalar as yaml_scalar

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the example site (topics north-korea-russia and south-korea-defense, zone Asia/Seoul)."""
    root = tmp_path / "site"
    shutil.copytree(REPO / "content", root / "content")
    return root


def new(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["new", *args, "--root", str(site)])
    out, err = capsys.readouterr()
    return code, out.strip(), err


def entry_at(site: Path, printed: str, drafts: bool = False):
    result = build(site, drafts=drafts)
    assert not result.failed(), [str(p) for p in result.problems.errors]
    relpath = Path(printed).resolve().relative_to(site.resolve()).as_posix()
    [entry] = [e for e in result.site.entries if e.path == relpath]
    return entry


def test_writes_an_entry_that_builds_and_prints_its_path(tmp_path: Path, cli):
    site = tmp_path / "site"
    shutil.copytree(REPO / "content", site / "content")
    result = cli("new", "Troops reach the front", "--topic", "north-korea-russia", "--date", "2024-11-04",
                     "--root", site)  # fmt: skip
    assert result.returncode == 0, result.stderr
    printed = result.stdout.strip()
    assert printed == str(site / "content/entries/2024/2024-11-04-troops-reach-the-front.md")
    assert Path(printed).read_text(encoding="utf-8") == (
        "---\ntitle: Troops reach the front\ndate: 2024-11-04\ntopics: [north-korea-russia]\n---\n"
    )
    assert cli("check", "--root", site, "--strict").returncode == 0


def test_all_fields(site: Path, capsys: pytest.CaptureFixture[str]):
    code, printed, err = new(
        site, capsys, "Seoul weighs its answer", "--topic", "south-korea-defense", "--topic", "north-korea-russia",
        "--date", "2024-10-25", "--url", "https://www.example.com/story", "--source", "Example News",
        "--key", "--draft",
    )  # fmt: skip
    assert code == 0, err
    text = Path(printed).read_text(encoding="utf-8")
    assert "key: true\n" in text and "draft: true\n" in text
    entry = entry_at(site, printed, drafts=True)
    assert entry.topics == ("south-korea-defense", "north-korea-russia")
    assert (entry.url, entry.source) == ("https://www.example.com/story", "Example News")
    assert entry.key and entry.draft
    assert all(e.path != entry.path for e in build(site).site.entries)  # a draft stays out without --drafts


@pytest.mark.parametrize(
    "headline",
    [
        "Kim: troops will stay",
        '"Shock" as troops arrive',
        "Russia's war, North Korea's men",
        "#1 story: 'no' means no",
        "- a headline that starts like a list item",
        "no",
        "2024",
        "null",
        "true",
        "[Updated] {live} & *more* | more > less %",
        "Über café 東京: 50% off @ home `code`",
        "Ends with a colon:",
    ],
)
def test_headlines_round_trip_through_the_generator(site: Path, capsys: pytest.CaptureFixture[str], headline: str):
    code, printed, err = new(site, capsys, headline, "--topic", "north-korea-russia", "--date", "2024-10-30")
    assert code == 0, err
    assert entry_at(site, printed).title == headline


@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=40))
def test_yaml_scalar_reads_back_as_the_same_text(text: str):
    value = yamlread.load(f"k: {yaml_scalar(text)}\n")["k"]
    assert str(value) == text


@pytest.mark.parametrize(
    ("written", "iso", "folder"),
    [
        ("2024", "2024", "2024"),
        ("1958", "1958", "1958"),
        ("2024-10", "2024-10", "2024"),
        ("October 2024", "2024-10", "2024"),
        ("Oct 2024", "2024-10", "2024"),
        ("2024-10-23", "2024-10-23", "2024"),
        ("Oct. 23, 2024", "2024-10-23", "2024"),
        ("23 October 2024", "2024-10-23", "2024"),
        ("2024-10-23 14:05", "2024-10-23", "2024"),
        ("2024-10-23T14:05+09:00", "2024-10-23", "2024"),
        ("Oct 23 2024 2:05pm KST", "2024-10-23", "2024"),
        ("2024-10-23T14:05:30Z", "2024-10-23", "2024"),
        ("c. 1950", "1950", "1950"),
        ("circa 1950", "1950", "1950"),
        ("~1950", "1950", "1950"),
        ("c. October 1950", "1950-10", "1950"),
        ("44 BC", "-0043", "-0043"),
        ("44 BCE", "-0043", "-0043"),
        ("-0043", "-0043", "-0043"),
    ],
)
def test_dates_in_every_spec_form(site: Path, capsys: pytest.CaptureFixture[str], written: str, iso: str, folder: str):
    code, printed, err = new(site, capsys, "A moment", "--topic", "north-korea-russia", "--date", written)
    assert code == 0, err
    path = Path(printed)
    assert path.name == f"{iso}-a-moment.md"
    assert path.parent.name == folder
    assert f"\ndate: {written}\n" in path.read_text(encoding="utf-8") or f'\ndate: "{written}"\n' in path.read_text(
        encoding="utf-8"
    )
    assert entry_at(site, printed).date == parse_date(written, site_zone="Asia/Seoul")


def test_numeric_dates_follow_the_sites_date_order(site: Path, capsys: pytest.CaptureFixture[str]):
    code, _, err = new(site, capsys, "Ambiguous", "--topic", "north-korea-russia", "--date", "03/04/2024")
    assert code == 2 and "--date 03/04/2024" in err and "2024/04/03" in err
    assert not list((site / "content/entries").rglob("*ambiguous*"))

    settings = site / "content/site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "date_order: dmy\n", encoding="utf-8")
    code, printed, err = new(site, capsys, "Ambiguous", "--topic", "north-korea-russia", "--date", "03/04/2024")
    assert code == 0, err
    assert Path(printed).name == "2024-04-03-ambiguous.md"
    assert entry_at(site, printed).date.iso() == "2024-04-03"


def test_date_defaults_to_today_in_the_site_zone(site: Path, capsys: pytest.CaptureFixture[str]):
    before = datetime.now(ZoneInfo("Asia/Seoul")).date().isoformat()
    code, printed, err = new(site, capsys, "Today's news", "--topic", "north-korea-russia")
    after = datetime.now(ZoneInfo("Asia/Seoul")).date().isoformat()
    assert code == 0, err
    name = Path(printed).name
    assert name in (f"{before}-today-s-news.md", f"{after}-today-s-news.md")
    assert f"\ndate: {name[:10]}\n" in Path(printed).read_text(encoding="utf-8")


def test_never_overwrites(site: Path, capsys: pytest.CaptureFixture[str]):
    args = ("Same headline", "--topic", "north-korea-russia", "--date", "2024-10-30")
    code, first, _ = new(site, capsys, *args)
    assert code == 0
    Path(first).write_text(Path(first).read_text(encoding="utf-8") + "My words.\n", encoding="utf-8")
    code, second, _ = new(site, capsys, *args, "--force")  # the same title again: only when forced
    code3, third, _ = new(site, capsys, *args, "--force")
    assert code == code3 == 0
    assert [Path(p).name for p in (first, second, third)] == [
        "2024-10-30-same-headline.md", "2024-10-30-same-headline-2.md", "2024-10-30-same-headline-3.md",
    ]  # fmt: skip
    assert Path(first).read_text(encoding="utf-8").endswith("My words.\n")
    assert not build(site).failed()


def test_a_name_taken_in_another_folder_gets_a_suffix(site: Path, capsys: pytest.CaptureFixture[str]):
    (site / "content/entries/old").mkdir()
    entries = site / "content/entries"
    shutil.copy(entries / "2024/2024-10-23-troops-confirmed.md", entries / "old/2024-10-30-moved.md")
    code, printed, _ = new(site, capsys, "Moved", "--topic", "north-korea-russia", "--date", "2024-10-30")
    assert code == 0
    assert Path(printed).name == "2024-10-30-moved-2.md"


def test_unknown_topic_says_did_you_mean(site: Path, capsys: pytest.CaptureFixture[str]):
    code, out, err = new(site, capsys, "Typo", "--topic", "north-korea-rusia", "--date", "2024-10-30")
    assert code == 1
    assert "north-korea-rusia" in err and "did you mean north-korea-russia?" in err
    assert out == ""
    assert not list((site / "content/entries").rglob("*typo*"))


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--date", "next Tuesday-ish"), "--date next Tuesday-ish"),
        (("--date", "24-10-23"), "--date 24-10-23"),
        (("--url", "ftp://example.com/x"), "--url ftp://example.com/x"),
    ],
)
def test_a_wrong_value_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...],
                                        needle: str):  # fmt: skip
    code, out, err = new(site, capsys, "Bad value", "--topic", "north-korea-russia", *args)
    assert code == 2
    assert needle in err and "Traceback" not in err
    assert not list((site / "content/entries").rglob("*bad-value*"))


def test_empty_headline_and_missing_topic_are_refused(site: Path, capsys: pytest.CaptureFixture[str]):
    code, _, err = new(site, capsys, "   ", "--topic", "north-korea-russia")
    assert code == 2 and "headline" in err
    with pytest.raises(SystemExit) as exc:
        main(["new", "No topic", "--root", str(site)])
    assert exc.value.code == 2
    assert "--topic" in capsys.readouterr().err


def test_a_title_or_url_already_in_the_site_is_refused_unless_forced(site: Path, capsys: pytest.CaptureFixture[str]):
    """SPEC 6: `new` refuses a title or url already in the site, naming its file, unless --force."""
    existing = "content/entries/2024/2024-10-23-troops-confirmed.md"
    code, out, err = new(site, capsys, "North Korean troops have been sent to Russia, U.S. confirms", "--topic",
                         "north-korea-russia")  # fmt: skip
    assert code == 1 and out == "" and err.startswith(f"{existing}:1: an entry titled")
    url = "https://www.nbcnews.com/news/world/north-korea-troops-russia"
    (site / existing).write_text((site / existing).read_text(encoding="utf-8").replace(
        "source:", f"url: {url}\nsource:", 1), encoding="utf-8")  # fmt: skip
    code, _, err = new(site, capsys, "Another headline", "--topic", "north-korea-russia", "--url", url + "/")
    assert code == 1 and err.startswith(f"{existing}:1: an entry with the url")
    code, written, _ = new(site, capsys, "Another headline", "--topic", "north-korea-russia", "--url", url, "--force")
    assert code == 0 and Path(written).is_file()
