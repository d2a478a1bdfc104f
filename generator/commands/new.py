"""`new`: a new entry file, never overwriting one."""

from __future__ import annotations

import argparse
import sys

from generator.commands.common import UsageError, add_root, report, site_root
from generator.errors import Problems


def add_parser(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser(
        "new", help="write a new entry file",
        description="Write a new entry file and print its path; never overwrites.",
    )  # fmt: skip
    new.add_argument("headline", help="the entry's title")
    new.add_argument("--topic", action="append", required=True, metavar="SLUG",
                     help="a topic (a file in content/topics/); repeat for more")  # fmt: skip
    new.add_argument(
        "--date", metavar="D", help="when, e.g. 2024-10-23, 'October 2024', '44 BC' (default: today in the site's zone)"
    )
    new.add_argument("--url", metavar="U", help="link to the original story (http or https)")
    new.add_argument("--source", metavar="S", help="publisher name (default at build time: the host of --url)")
    new.add_argument("--key", action="store_true", help="mark it as a key moment")
    new.add_argument("--draft", action="store_true", help="mark it as a draft (left out unless --drafts)")
    new.add_argument("--force", action="store_true", help="write it even if its title or url is already in the site")
    add_root(new)


def run(args: argparse.Namespace) -> int:
    from generator.importers.new_entry import NewEntry, ScaffoldError, create_entry, known_topics, today, topic_problems
    from generator.source.config import load_settings
    from generator.source.dates import DateError, parse_when
    from generator.source.fields import http_url

    root = site_root(args.root)
    problems = Problems()
    settings = load_settings(root, problems)
    if problems.errors:
        report(problems, strict=False)
        return 1
    title = args.headline.strip()
    if not title:
        raise UsageError('the headline is empty: give it in quotes, e.g. new "Troops cross the border" --topic SLUG')
    if args.date is None:
        date = today(settings.timezone)
        date_text = date.iso()
    else:
        date_text = args.date.strip()
        try:
            date, _end = parse_when(date_text, settings=settings)  # a range is written as it is
        except DateError as exc:
            raise UsageError(f"--date {args.date}: {exc}") from None
    if args.url is not None and http_url(args.url) is None:
        raise UsageError(f"--url {args.url}: must be a web address starting with http:// or https://")
    topics = tuple(dict.fromkeys(t.strip() for t in args.topic))
    messages = topic_problems(topics, known_topics(root))
    if messages:
        for message in messages:
            print(message, file=sys.stderr)
        return 1
    if not args.force:
        found = already_there(root, title, (args.url or "").strip() or None)
        if found:
            print(found, file=sys.stderr)
            return 1
    entry = NewEntry(title, date_text, date, topics, url=(args.url or "").strip() or None,
                     source=(args.source or "").strip() or None, key=args.key, draft=args.draft)  # fmt: skip
    try:
        relpath = create_entry(root, entry)
    except (ScaffoldError, OSError) as exc:
        print(f"cannot write the entry: {exc}", file=sys.stderr)
        return 1
    print(root / relpath if args.root != "." else relpath)
    return 0


def already_there(root, title: str, url: str | None) -> str | None:  # type: ignore[no-untyped-def]
    """`path:1: ...` naming the entry file that has this url, or else this title; None if none."""
    from generator.importers.plan import normal_title, normal_url, site_index

    index = site_index(root)
    if url and (where := index.urls.get(normal_url(url))):
        return f"{where}:1: an entry with the url {url} is already in the site; give --force to write another"
    if where := index.titles.get(normal_title(title)):
        return f'{where}:1: an entry titled "{title}" is already in the site; give --force to write another'
    return None
