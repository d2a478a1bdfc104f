"""Importing a pasted news clipping, end to end through `python -m generator import`."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

from generator.source.config import Settings
from generator.source.entries import parse_entry_file
from generator.source.markup import Markup

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seeds" / "000_c05137907bf7130d.txt"
if not SEED.is_file():  # CI lays shared/ beside the clone
    SEED = Path("/work/shared/seeds/000_c05137907bf7130d.txt")


def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "site-folder"
    (root / "content" / "topics").mkdir(parents=True)
    (root / "content" / "topics" / "north-korea-russia.yaml").write_text("title: North Korea and Russia\n")
    return root


def entries(root: Path) -> dict[str, object]:
    """Every entry file, parsed by the generator's own parser: title -> Entry."""
    found = {}
    for path in sorted((root / "content" / "entries").rglob("*.md")):
        relpath = path.relative_to(root).as_posix()
        parsed = parse_entry_file(relpath, path.read_text(encoding="utf-8"), Settings(), Markup())
        assert not parsed.problems.errors, parsed.problems.items
        found[parsed.items[0].title] = parsed.items[0]
    return found


def test_seed_clipping_gives_its_four_stories(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", SEED, "--topic", "north-korea-russia", "--year", "2024", "--root", root)
    assert result.returncode == 0, result.stderr
    found = entries(root)
    assert set(found) == {
        "Why North Korea sending soldiers to Russia will bother China",
        "North Korean troops have been sent to Russia, U.S. confirms",
        "South Korea could follow North into Russia-Ukraine war",
        "Defense ministry says is not considering female conscription",
    }
    china = found["Why North Korea sending soldiers to Russia will bother China"]
    troops = found["North Korean troops have been sent to Russia, U.S. confirms"]
    newsweek = found["South Korea could follow North into Russia-Ukraine war"]
    yonhap = found["Defense ministry says is not considering female conscription"]
    assert [e.source for e in (china, troops, newsweek, yonhap)] == ["NBC News", "NBC News", "Newsweek", "Yonhap"]
    assert china.summary.startswith("China has long been North Korea’s main ally")  # as written
    assert (
        china.body_html.count("<p>") == 3 and "China has long been North Korea's main ally, but" not in china.body_html
    )
    assert troops.summary.startswith("Defense Secretary Lloyd Austin's comments")
    assert troops.body_html.count("<p>") == 4 and "There is evidence of DPRK troops" in troops.body_html
    assert newsweek.summary.startswith("South Korea's Defense Ministry also said")
    assert newsweek.body_html.count("<p>") == 3 and "South Korea could follow North" not in newsweek.body_html
    assert yonhap.body_html.count("<p>") == 3 and yonhap.body_html.startswith("<p>SEOUL, Jan. 30 (Yonhap) --")
    assert yonhap.date.iso() == "2024-01-30" and not yonhap.draft
    for story in (china, troops, newsweek):  # no date in the clipping: a draft dated only with --year
        assert story.draft and story.date.iso() == "2024"
    text = "\n".join(p.read_text(encoding="utf-8") for p in (root / "content" / "entries").rglob("*.md"))
    assert "# Check the date" in text and "Skip Navigation" not in text and "\nSearch\n" not in text
    assert "\n6\n" not in text and "\n93\n" not in text and "\u00a0" not in text
    assert "Kremlin\u2019s foes" in text  # typographic quotes kept as the page wrote them
    assert result.stdout.strip().splitlines()[-1].startswith("Imported 4 entries (3 drafts), skipped 0")
    check = cli("check", "--root", root, "--drafts")
    assert check.returncode == 0, check.stderr


def test_a_story_with_no_date_is_refused_without_year(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", SEED, "--topic", "north-korea-russia", "--root", root)
    assert result.returncode == 1
    assert f'{SEED}:5: "Why North Korea sending soldiers to Russia will bother China" has no date' in result.stderr
    assert "--year" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "content" / "entries").exists()


def test_a_dateline_without_a_year_is_a_draft_with_a_comment(cli, tmp_path):
    root = new_site(tmp_path)
    clip = tmp_path / "clip.txt"
    clip.write_text(
        "Skip Navigation\n\nMinistry rules out female conscription\n\n"
        "SEOUL, Jan. 30 (Yonhap) -- The defense ministry said Tuesday it is not considering it.\n\n12\n"
    )
    result = cli("import", clip, "--topic", "north-korea-russia", "--root", root)
    assert result.returncode == 0, result.stderr
    (path,) = (root / "content" / "entries").rglob("*.md")
    text = path.read_text()
    # the best guess is the latest year (up to this one) in which 30 January is a Tuesday
    year = next(y for y in range(datetime.date.today().year, 1900, -1) if datetime.date(y, 1, 30).weekday() == 1)
    assert "draft: true" in text and f"date: {year}-01-30" in text
    assert "# Check the date: the clipping says Jan. 30 without a year" in text
    assert "(draft: check the date)" in result.stdout


def test_seed_already_in_the_site_is_skipped(cli, tmp_path):
    root = tmp_path / "example"
    shutil.copytree(REPO / "content", root / "content")
    before = sorted(p.name for p in (root / "content" / "entries").rglob("*"))
    result = cli("import", SEED, "--topic", "north-korea-russia", "--year", "2024", "--root", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('skipped "') == 4 and "same title as content/entries/" in result.stdout
    assert "Imported 0 entries, skipped 4" in result.stdout
    assert sorted(p.name for p in (root / "content" / "entries").rglob("*")) == before


def test_dry_run_and_stdin(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", SEED, "--topic", "north-korea-russia", "--year", "2024", "--dry-run", "--root", root)
    assert result.returncode == 0 and "would write content/entries/2024/" in result.stdout
    assert "Dry run: would import 4 entries" in result.stdout
    assert not (root / "content" / "entries").exists()

    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "generator", "import", "-", "--topic", "new-topic", "--year", "2024", "--draft",
         "--root", str(root)],
        input=SEED.read_text(encoding="utf-8"), capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (root / "content" / "topics" / "new-topic.yaml").read_text() == "title: New Topic\n"
    assert all(e.draft for e in entries(root).values())


def test_a_topic_that_is_not_a_slug_is_a_usage_error(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", SEED, "--topic", "North Korea", "--root", root)
    assert result.returncode == 2 and "like 'north-korea'" in result.stderr
    assert "import" in cli("--help").stdout
