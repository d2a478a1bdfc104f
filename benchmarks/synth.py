"""A deterministic synthetic timeline site (ours, and the same in Hugo and in Eleventy) for benchmarks."""

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
    _write_posts(root / "content" / "posts", n, topics, "topics: [{}]\n")
    return root


def _write_posts(posts: Path, n: int, topics: int, topic_line: str, extra: str = "") -> None:
    """The entries as posts with front matter, for Hugo and Eleventy (topics written by `topic_line`)."""
    posts.mkdir(parents=True, exist_ok=True)
    for e in entries(n, topics):
        title = e["title"].replace('"', '\\"')
        front = (
            f'---\ntitle: "{title}"\ndate: {e["date"]}\n'
            + topic_line.format(", ".join(e["topics"]))
            + f"source: {e['source']}\n{extra}---\n"
        )
        (posts / f"{e['slug']}.md").write_text(front + e["body"], encoding="utf-8")


# Eleventy 3 (ESM config, Nunjucks): the same pages as the Hugo site, topics as Eleventy tags.
ELEVENTY_CONFIG = """export default function (config) {
  const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  config.addFilter("readableDate", (date) => day.format(date));
  config.addFilter("plain", (html) => String(html).replace(/<[^>]*>/g, "").trim());
  config.addFilter("cut", (text, n) => (text.length > n ? text.slice(0, n - 1) + "…" : text));
  config.addFilter("topicsOf", (tags) => (tags || []).filter((t) => t.startsWith("topic-")));
  config.addCollection("topicNames", (api) =>
    [...new Set(api.getAll().flatMap((item) => item.data.tags || []))].filter((t) => t.startsWith("topic-")).sort());
  return { dir: { input: "content", includes: "../_includes", output: "_site" }, markdownTemplateEngine: false };
}
"""
ELEVENTY_POST = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body><article><h1>{{ title }}</h1><p><time>{{ page.date | readableDate }}</time> {{ source }}</p>
{{ content | safe }}
<ul>{% for topic in tags | topicsOf %}<li><a href="/topics/{{ topic }}/">{{ topic }}</a></li>{% endfor %}</ul>
{% set previous = collections.post | getPreviousCollectionItem %}
{% set next = collections.post | getNextCollectionItem %}
{% if previous %}<a href="{{ previous.url }}">{{ previous.data.title }}</a>{% endif %}
{% if next %}<a href="{{ next.url }}">{{ next.data.title }}</a>{% endif %}
</article></body></html>
"""
ELEVENTY_LIST = """<ol>{% for item in items %}<li id="{{ item.fileSlug }}">
<time>{{ item.date | readableDate }}</time> {{ item.data.source }}
<a href="{{ item.url }}">{{ item.data.title }}</a><p>{{ item.content | plain | cut(280) }}</p></li>
{% endfor %}</ol>"""
ELEVENTY_HOME = (
    "---\npermalink: /index.html\n---\n"
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Benchmark</title></head><body>'
    "<h1>Benchmark</h1>{% set items = collections.post %}" + ELEVENTY_LIST + "</body></html>\n"
)
ELEVENTY_TOPIC = (
    "---\npagination:\n  data: collections.topicNames\n  size: 1\n  alias: topic\n"
    "permalink: /topics/{{ topic }}/index.html\n---\n"
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ topic }}</title></head><body>'
    "<h1>{{ topic }}</h1>{% set items = collections[topic] %}" + ELEVENTY_LIST + "</body></html>\n"
)


def write_eleventy(root: Path, n: int, topics: int) -> Path:
    (root / "_includes").mkdir(parents=True, exist_ok=True)
    (root / "eleventy.config.js").write_text(ELEVENTY_CONFIG, encoding="utf-8")
    (root / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
    (root / "_includes" / "post.njk").write_text(ELEVENTY_POST, encoding="utf-8")
    _write_posts(root / "content" / "posts", n, topics, "tags: [post, {}]\n", "layout: post.njk\n")
    (root / "content" / "index.njk").write_text(ELEVENTY_HOME, encoding="utf-8")
    (root / "content" / "topics.njk").write_text(ELEVENTY_TOPIC, encoding="utf-8")
    return root
