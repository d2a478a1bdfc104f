"""`new` and `init`: the files an author would write by hand, computed, then written without overwriting.

The text of every file is a pure function of its inputs (`entry_text`, `site_files`), so tests
read it without a disk; the writers are thin and never replace an existing file.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.site.theme import PACKAGE, default_theme
from generator.site.urls import slugify
from generator.source.config import closest
from generator.source.dates import PartialDate
from generator.source.files import walk
from generator.source.load import SUFFIXES
from generator.source.yamlwrite import flow_list, scalar

MAX_SLUG = 60  # characters of the headline kept in a file name


class ScaffoldError(Exception):
    """A file or folder cannot be created; the message is for the author."""


# --- new ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewEntry:
    title: str
    date_text: str  # as the author gave it (or today's ISO date)
    date: PartialDate
    topics: tuple[str, ...]
    url: str | None = None
    source: str | None = None
    key: bool = False
    draft: bool = False


def today(zone: str, now: datetime | None = None) -> PartialDate:
    """Today's date in the site's time zone (a day, no time)."""
    moment = (now or datetime.now(ZoneInfo(zone))).astimezone(ZoneInfo(zone))
    return PartialDate(moment.year, moment.month, moment.day)


def entry_text(entry: NewEntry) -> str:
    """The Markdown file of a new entry: front matter as an author writes it, an empty body."""
    lines = [
        "---",
        f"title: {scalar(entry.title)}",
        f"date: {scalar(entry.date_text, text_only=True)}",
        f"topics: {flow_list(entry.topics)}",
    ]
    if entry.source:
        lines.append(f"source: {scalar(entry.source)}")
    if entry.url:
        lines.append(f"url: {scalar(entry.url)}")
    if entry.key:
        lines.append("key: true")
    if entry.draft:
        lines.append("draft: true")
    lines += ["---", ""]
    return "\n".join(lines)


def file_date(date: PartialDate) -> str:
    """The date part of a file name: ISO as written, without a time (`2024-10`, `-0043`)."""
    return date.iso().split("T", 1)[0]


def year_folder(date: PartialDate) -> str:
    match = re.match(r"[+-]?\d+", file_date(date))
    return match.group(0) if match else str(date.year)


def entry_stem(entry: NewEntry) -> str:
    words = slugify(entry.title) or "entry"
    if len(words) > MAX_SLUG:
        cut = words[:MAX_SLUG]
        words = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return f"{file_date(entry.date)}-{words}"


def entry_relpath(entry: NewEntry, taken: set[str], exists: set[str] | None = None) -> str:
    """content/entries/<year>/<date>-<slug>.md, with -2, -3 ... when that name is taken.

    `taken` holds the page names (slugs) entries already have: a second file with the same name
    in another year folder would give two entries one page.
    """
    stem = entry_stem(entry)
    folder = f"content/entries/{year_folder(entry.date)}"
    candidate, number = stem, 1
    while slugify(candidate) in taken or f"{folder}/{candidate}.md" in (exists or set()):
        number += 1
        candidate = f"{stem}-{number}"
    return f"{folder}/{candidate}.md"


def known_topics(root: Path) -> list[str]:
    """Topic slugs: the file names in content/topics/."""
    folder = root / "content" / "topics"
    return sorted({p.stem for p in walk(folder, SUFFIXES["topics"]) if p.parent == folder})


def topic_problems(wanted: tuple[str, ...], known: list[str]) -> list[str]:
    """One message per topic that has no file, with the closest existing one."""
    messages = []
    for topic in wanted:
        if topic in known:
            continue
        hint = closest(topic, known)
        if hint:
            messages.append(f"--topic {topic}: unknown topic: did you mean {hint}?")
        elif known:
            messages.append(f"--topic {topic}: unknown topic: the topics are {', '.join(known)}")
        else:
            messages.append(
                f"--topic {topic}: unknown topic: there are no topics yet; add content/topics/{topic}.yaml with a title"
            )
    return messages


def entry_names(root: Path) -> set[str]:
    """The default page names of the entry files already there (their file names, slugified)."""
    return {slugify(p.stem) for p in walk(root / "content" / "entries", SUFFIXES["entries"])}


def create_entry(root: Path, entry: NewEntry) -> str:
    """Write the new entry under a name no entry has; return its path relative to the site."""
    for _attempt in range(100):
        relpath = entry_relpath(entry, entry_names(root))
        try:
            create_file(root / relpath, entry_text(entry))
        except FileExistsError:
            continue  # made by someone else meanwhile: take the next number
        return relpath
    raise ScaffoldError("could not find a free file name for the entry")


def create_file(path: Path, text: str) -> None:
    """Write a new file; FileExistsError when there already is one (never overwrites)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


# --- init ----------------------------------------------------------------------------------------------

EXAMPLE_TOPIC = "my-first-topic"


def site_files(today_iso: str, title: str = "My timelines") -> dict[str, str]:
    """The text files of a new site folder (templates and workflow are copied, not computed)."""
    year = today_iso[:4]
    entry = f"content/entries/{year}/{today_iso}-this-timeline-starts.md"
    return {
        "content/site.yaml": (
            "# Site settings. Every key is optional.\n"
            f"title: {scalar(title)}\n"
            "description: Topic timelines built from one Markdown file per story.\n"
            "# base_url: https://user.github.io/repo/   # where the site is published: enables feeds' absolute links\n"
            "language: en\n"
            "timezone: UTC          # IANA zone for times written without an offset\n"
            "date_order: ymd        # how to read 03/04/2024: ymd, dmy or mdy\n"
            "order: oldest-first    # or newest-first\n"
        ),
        f"content/topics/{EXAMPLE_TOPIC}.yaml": (
            "# An example topic: rename this file (its name is the topic's address) and change the title.\n"
            "title: My first topic\n"
            "description: An example topic. Describe what this timeline follows, in Markdown.\n"
        ),
        entry: (
            "---\n"
            "title: This timeline starts\n"
            f"date: {today_iso}\n"
            f"topics: [{EXAMPLE_TOPIC}]\n"
            "summary: An example entry made by 'python -m generator init'. Replace it with your first story.\n"
            "---\n"
            "This is an example entry, not news. Each story is one Markdown file under `content/entries/`,\n"
            "with its headline, date and topics in the front matter above.\n"
            "\n"
            'Write a new one with `python -m generator new "Headline" --topic my-first-topic`,\n'
            "then delete this file.\n"
        ),
        "README.md": (
            f"# {title}\n"
            "\n"
            "A site of topic timelines, made with `python -m generator init`.\n"
            "\n"
            "```sh\n"
            "python -m generator serve                    # preview at http://127.0.0.1:8000/, rebuilt on every save\n"
            'python -m generator new "Headline" --topic my-first-topic   # a new entry file\n'
            "python -m generator build                    # the site, into site/\n"
            "python -m generator check --strict           # validate everything, write nothing\n"
            "```\n"
            "\n"
            "- `content/site.yaml`: site settings\n"
            "- `content/topics/`: one file per topic (`title`, `description`)\n"
            "- `content/entries/`: one Markdown file per story (`title`, `date`, `topics`, ...)\n"
            "- `templates/`: the theme; change any file to change the pages\n"
            "- `.github/workflows/pages.yml`: publishes the site with GitHub Pages on every push;\n"
            "  it installs the generator from `requirements.txt`: make that line name where you\n"
            "  install the generator from (a package index or a `git+https://...` URL)\n"
        ),
        "requirements.txt": (
            "# What the GitHub Pages workflow installs to build this site: the timeline generator.\n"
            "# Point it at where you install the generator from, e.g.\n"
            "# timeline-generator @ git+https://github.com/OWNER/REPOSITORY\n"
            "timeline-generator\n"
        ),
        ".gitignore": "site/\n.site.*\n.cache/\n",
    }


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
