"""A deterministic synthetic timeline site (ours and an equivalent Hugo site) for benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "government minister said talks troops border agreement sanctions election parliament report officials "
    "statement military defence economy summit allies missile negotiations vote protest court ruling budget "
    "spokesperson analysts region conflict ceasefire envoy treaty investigation decision policy security"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random, index: int, total: int) -> str:
    """250–400 words with links, emphasis, a list and a quote, like a news story."""
    paragraphs = []
    words = 0
    target = rng.randint(250, 400)
    while words < target:
        sentences = [_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(2, 4))]
        text = " ".join(sentences)
        words += len(text.split())
        paragraphs.append(text)
    other = rng.randrange(total)
    paragraphs[0] = paragraphs[0].replace(".", f", *{rng.choice(WORDS)}* and **{rng.choice(WORDS)}**.", 1)
    paragraphs.insert(1, f"> {_sentence(rng, 12)}")
    paragraphs.insert(2, "\n".join(f"- {_sentence(rng, 6)}" for _ in range(3)))
    paragraphs.append(f"See the [earlier report](https://example.org/news/{other}) for background.")
    return "\n\n".join(paragraphs) + "\n"


def entries(n: int, topics: int, seed: int = 1):
    rng = random.Random(seed)
    for i in range(n):
        day = rng.randrange(3650)
        year, rest = 2014 + day // 365, day % 365
        month, dom = 1 + rest // 31 % 12, 1 + rest % 28
        chosen = sorted(rng.sample(range(topics), min(topics, rng.randint(1, 3))))
        yield {
            "slug": f"story-{i:05d}",
            "title": _sentence(rng, rng.randint(6, 12)).rstrip("."),
            "date": f"{year}-{month:02d}-{dom:02d}",
            "topics": [f"topic-{t:03d}" for t in chosen],
            "source": rng.choice(["Wire", "Daily News", "Herald", "Gazette", "Observer"]),
            "key": rng.random() < 0.03,
            "body": _body(rng, i, n),
        }


def write_ours(root: Path, n: int, topics: int) -> Path:
    content = root / "content"
    (content / "topics").mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text("title: Benchmark\nbase_url: https://example.org/bench/\n", encoding="utf-8")
    for t in range(topics):
        (content / "topics" / f"topic-{t:03d}.yaml").write_text(f"title: Topic {t}\n", encoding="utf-8")
    for e in entries(n, topics):
        folder = content / "entries" / e["date"][:4]
        folder.mkdir(parents=True, exist_ok=True)
        front = (
            f"---\ntitle: {e['title']}\ndate: {e['date']}\ntopics: [{', '.join(e['topics'])}]\n"
            f"source: {e['source']}\n" + ("key: true\n" if e["key"] else "") + "---\n"
        )
        (folder / f"{e['slug']}.md").write_text(front + e["body"], encoding="utf-8")
    return root


HUGO_CONFIG = """baseURL = "https://example.org/bench/"
title = "Benchmark"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
topic = "topics"
"""
HUGO_SINGLE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><article><h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2 January 2006" }}</time> {{ .Params.source }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</article></body></html>
"""
HUGO_LIST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><h1>{{ .Title }}</h1><ol>{{ range .Pages.ByDate }}<li id="{{ with .File }}{{ .BaseFileName }}{{ end }}">
<time>{{ .Date.Format "2 January 2006" }}</time> {{ .Params.source }}
<a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Summary | plainify | truncate 280 }}</p></li>
{{ end }}</ol></body></html>
"""


def write_hugo(root: Path, n: int, topics: int) -> Path:
    (root / "layouts" / "_default").mkdir(parents=True, exist_ok=True)
    (root / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (root / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    for name in ("list.html", "term.html", "taxonomy.html"):
        (root / "layouts" / "_default" / name).write_text(HUGO_LIST, encoding="utf-8")
    (root / "layouts" / "index.html").write_text(HUGO_LIST, encoding="utf-8")
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    for e in entries(n, topics):
        title = e["title"].replace('"', '\\"')
        front = (
            f'---\ntitle: "{title}"\ndate: {e["date"]}\ntopics: [{", ".join(e["topics"])}]\n'
            f"source: {e['source']}\n---\n"
        )
        (posts / f"{e['slug']}.md").write_text(front + e["body"], encoding="utf-8")
    return root
