"""`init`: the files of a new site folder that builds at once, computed, then written; the
default theme and the GitHub Pages workflow are copied."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.importers.new_entry import ScaffoldError, create_file
from generator.site.theme import PACKAGE, default_theme
from generator.source.frontmatter import scalar

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
