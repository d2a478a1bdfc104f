"""`init`: the files of a new site folder that builds at once, computed, then written; the
default theme and the GitHub Pages workflow are copied."""

from __future__ import annotations

import shutil
from pathlib import Path
from string import Template

from generator.importers.new_entry import ScaffoldError, create_file
from generator.site.theme import PACKAGE, default_theme
from generator.source.frontmatter import scalar

SITES = Path(__file__).resolve().parent / "sites"  # one example site per language
DOTFILES = {"gitignore.txt": ".gitignore"}  # hidden files are left out of packages: renamed here
TITLES = {"ko": "나의 타임라인"}  # the default site title, in the languages whose example ships


def site_files(today_iso: str, title: str = "My timelines", language: str = "en") -> dict[str, str]:
    """The text files of a new site folder, from starter/sites/<language>/ (templates and the
    workflow are copied, not computed): `${today}`, `${year}`, `${title}` (and `${title_yaml}`) filled in."""
    own = next((SITES / tag for tag in (language, language.split("-")[0]) if (SITES / tag).is_dir()), None)
    folder = own or SITES / "en"
    if own is not None and own.name != "en" and title == "My timelines":
        title = TITLES.get(own.name, title)
    values = {"today": today_iso, "year": today_iso[:4], "title": title, "title_yaml": scalar(title)}
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relpath = Template(path.relative_to(folder).as_posix()).substitute(values)
        relpath = DOTFILES.get(relpath, relpath)
        files[relpath] = Template(path.read_text(encoding="utf-8")).substitute(values)
    if folder.name != language:  # the English example, in a site of that language (or region)
        files["content/site.yaml"] = files["content/site.yaml"].replace(
            f"language: {folder.name}", f"language: {language}", 1)  # fmt: skip
    return files


def workflow_file() -> Path | None:
    """The GitHub Pages workflow: shipped inside the package, or the repository's own in a checkout."""
    for candidate in (PACKAGE / "workflows" / "pages.yml", PACKAGE.parent / ".github" / "workflows" / "pages.yml"):
        if candidate.is_file():
            return candidate
    return None


def check_empty(target: Path) -> None:
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise ScaffoldError(f"{target} is not empty: give a new or empty folder, so no file of yours is replaced")


def create_site(target: Path, files: dict[str, str], theme: Path | None = None,
                workflow: Path | None = None) -> list[str]:  # fmt: skip
    """Write a new site folder; refuse one that is not empty. Returns the paths written."""
    check_empty(target)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for relpath, text in files.items():
        create_file(target / relpath, text)
        written.append(relpath)
    theme = theme or default_theme()
    shutil.copytree(theme, target / "templates", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    written.append("templates/")
    if workflow is not None:
        destination = target / ".github" / "workflows" / "pages.yml"
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(workflow, destination)
        written.append(".github/workflows/pages.yml")
    return written
