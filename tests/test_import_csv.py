"""Importing spreadsheets: the site's own columns and the TimelineJS Google Sheets template."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "import"


def new_site(tmp_path: Path) -> Path:
    root = tmp_path / "site-folder"
    (root / "content").mkdir(parents=True)
    return root


def read(root: Path, relpath: str) -> str:
    return (root / relpath).read_text(encoding="utf-8")


def test_site_columns(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", DATA / "site.csv", "--topic", "talks", "--root", root)
    assert result.returncode == 0, result.stderr
    geneva = read(root, "content/entries/2024/2024-10-21-talks-open-in-geneva.md")
    assert "source: Reuters\nurl: https://example.com/geneva\nsummary: Delegates met.\n" in geneva
    assert "tags: [diplomacy, Geneva]\nkey: true\n" in geneva
    assert "Delegates met on **Monday**." in geneva and "script" not in geneva and "Second paragraph." in geneva
    vote = read(root, "content/entries/2024/2024-10-25-parliament-votes.md")
    assert "date: 2024-10-25\nend: 2024-10-27\n" in vote
    assert cli("check", "--root", root).returncode == 0


def test_timelinejs_sheet_columns(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", DATA / "sheet.csv", "--topic", "history", "--root", root)
    assert result.returncode == 0, result.stderr
    assert read(root, "content/topics/history.yaml") == "title: Sheet Title\ndescription: |\n  About this sheet\n"
    caesar = read(root, "content/entries/bc-0044/bc-0044-03-15-caesar-is-killed.md")
    assert "date: 15 March 44 BC\n" in caesar and "tags: [Rome]" in caesar
    assert "image: https://example.com/caesar.jpg\nimage_alt: The death of Caesar\n" in caesar
    eagle = read(root, "content/entries/1969/1969-07-20-eagle-lands.md")
    assert "date: 1969-07-20 20:17\n" in eagle and "[Landing film](https://example.com/video) (NASA)" in eagle
    assert "date: c. 1950\n" in read(root, "content/entries/1950/1950-around-1950.md")
    assert cli("check", "--root", root).returncode == 0


def test_malformed_rows_name_their_line_and_nothing_is_written(cli, tmp_path):
    root = new_site(tmp_path)
    result = cli("import", DATA / "bad.csv", "--topic", "talks", "--root", root)
    assert result.returncode == 1
    label = str(DATA / "bad.csv")
    assert f'{label}:3: "Bad date": cannot read "2024-13-45" as a date' in result.stderr
    assert f'{label}:4: "No date" has no date' in result.stderr
    assert f"{label}:5: url must be a web address" in result.stderr
    assert f"{label}:6: key must be true or false, not 'maybe'" in result.stderr
    assert "4 errors" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "content" / "entries").exists() and not (root / "content" / "topics").exists()


def test_rows_with_too_many_cells_or_broken_quotes(cli, tmp_path):
    root = new_site(tmp_path)
    bad = tmp_path / "broken.csv"
    bad.write_text('title,date\nOne,2024-01-01,extra\n"Two,2024-01-02\n')
    result = cli("import", bad, "--topic", "talks", "--root", root)
    assert result.returncode == 1
    assert f"{bad}:2: the row has 3 cells but the header has 2" in result.stderr
    assert f"{bad}:" in result.stderr.splitlines()[1] and "Traceback" not in result.stderr
