"""Sites in Korean, Arabic, Japanese and Chinese, as their readers see them in Chromium: axe and the
Nu Html Checker pass, Arabic is mirrored, and search finds a word from the middle of a sentence in
languages written without spaces (Pagefind's extended build segments Chinese and Japanese)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import _QuietHandler
from test_accessibility import axe, violations  # noqa: F401 - the axe fixture
from test_html_valid import check, vnu  # noqa: F401 - the vnu fixture

from generator.build import build_and_write

STORIES = {
    "ko": ("북한과 러시아", [
        ("북한군, 러시아 쿠르스크에 배치", "북한군이 러시아 쿠르스크 지역에 배치되었다고 국방부가 밝혔다."),
        ("미국, 북한군 파병 확인", "미국 국방장관은 북한군의 러시아 파병을 처음으로 확인했다."),
        ("한국, 우크라이나 지원 검토", "국방부는 우크라이나에 무기를 지원하는 방안을 검토하겠다고 말했다."),
    ]),
    "ar": ("كوريا الشمالية وروسيا", [
        ("قوات كورية شمالية في كورسك", "قالت وزارة الدفاع إن القوات الكورية الشمالية انتشرت في منطقة كورسك الروسية."),
        ("واشنطن تؤكد إرسال القوات", "أكد وزير الدفاع الأمريكي للمرة الأولى إرسال القوات إلى روسيا."),
        ("سيول تدرس دعم أوكرانيا", "قالت سيول إنها ستدرس تزويد أوكرانيا بالأسلحة."),
    ]),
    "ja": ("北朝鮮とロシア", [
        ("北朝鮮軍がクルスクに展開", "北朝鮮軍がロシアのクルスク州に展開したと国防省が発表した。"),
        ("米国が派兵を確認", "米国防長官は北朝鮮軍のロシア派兵を初めて確認した。"),
        ("韓国がウクライナ支援を検討", "韓国国防省はウクライナへの武器供与を検討すると述べた。"),
    ]),
    "zh": ("朝鲜与俄罗斯", [
        ("朝鲜军队部署到库尔斯克", "国防部表示朝鲜军队已部署到俄罗斯库尔斯克州。"),
        ("美国确认朝鲜派兵", "美国国防部长首次证实朝鲜向俄罗斯派兵。"),
        ("韩国考虑援助乌克兰", "韩国国防部称将考虑向乌克兰提供武器。"),
    ]),
}  # fmt: skip
# a word from the middle of a sentence, in each language
MIDDLE = {"ko": "쿠르스크", "ar": "كورسك", "ja": "クルスク", "zh": "库尔斯克"}


def write_site(root: Path, language: str) -> Path:
    title, stories = STORIES[language]
    files = {
        "content/site.yaml": f"title: {title}\nlanguage: {language}\ntimezone: Asia/Seoul\n",
        "content/topics/t.yaml": f"title: {title}\ndescription: {stories[0][1]}\n",
        "content/pages/about.md": f"---\ntitle: {stories[1][0]}\n---\n{stories[1][1]}\n",
    }
    for n in range(12):  # enough for the chart, the jump bar and the filters
        headline, text = stories[n % 3]
        key = "key: true\n" if n in (2, 7) else ""
        files[f"content/entries/e{n}.md"] = (
            f"---\ntitle: {headline} {n}\ndate: 2024-{1 + n:02d}-{10 + n}\ntopics: [t]\ntags: [{title}]\n"
            f"source: {'AB'[n % 2]} News\n{key}---\n{text}\n\n{stories[(n + 1) % 3][1]}\n"
        )
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    served = tmp_path_factory.mktemp("languages")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(served)))
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    for language in STORIES:
        source = write_site(tmp_path_factory.mktemp(f"site-{language}"), language)
        result = build_and_write(source, served / language, base_url=f"{origin}/{language}/", use_cache=False)
        assert not result.failed(), [str(p) for p in result.problems.errors]
    threading.Thread(target=server.serve_forever, daemon=True).start()

    class Sites:
        folder = served

        @staticmethod
        def url(language: str, path: str = "") -> str:
            return f"{origin}/{language}/{path}"

    try:
        yield Sites()
    finally:
        server.shutdown()
        server.server_close()


PAGES = {"home": "", "topic": "topics/t/", "entry": "entries/e3/", "page": "about/", "search": "search/",
         "404": "404.html", "tags": "tags/"}  # fmt: skip


@pytest.mark.parametrize("language", ["ko", "ar"])
def test_korean_and_arabic_pages_pass_axe(browser, sites, axe, language) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        problems = {}
        for name, path in PAGES.items():
            page.goto(sites.url(language, path), wait_until="load")
            if name == "search":
                page.locator("#search-q").fill(MIDDLE[language])
                page.locator(".search-results li").first.wait_for()
            found = violations(axe, page)
            if found:
                problems[name] = found
        assert problems == {}
    finally:
        page.close()


@pytest.mark.parametrize("language", ["ko", "ar"])
def test_korean_and_arabic_pages_are_valid_html(vnu, sites, language) -> None:  # noqa: F811
    pages = sorted(p for p in (sites.folder / language).rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 15
    assert check(vnu, pages) == []


@pytest.mark.parametrize("language", ["ko", "ja", "zh", "ar"])
def test_search_finds_a_word_from_the_middle_of_a_sentence(browser, sites, language) -> None:
    page = browser.new_page()
    try:
        page.goto(sites.url(language, f"search/?q={MIDDLE[language]}"), wait_until="load")
        page.locator(".search-results li").first.wait_for(timeout=15_000)
        page.wait_for_function("/\\d/.test(document.querySelector('.search-status').textContent)")
        titles = page.locator(".search-results .entry-title").all_inner_texts()
        first_story = STORIES[language][1][0][0]
        assert any(t.startswith(first_story) for t in titles), titles  # the word is in its first sentence
        assert len(titles) == 8  # the 8 stories whose text holds the word (4 more hold it in their second paragraph)
    finally:
        page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_arabic_is_mirrored(browser, sites, artifacts, width) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(sites.url("ar", "topics/t/"), wait_until="networkidle")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        rail = page.locator(".timeline-entries").first
        style = rail.evaluate("e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]")
        assert style[0] == "2px" and style[1] == "0px"  # the timeline's rail runs down the right
        box = rail.bounding_box()
        dot = page.locator(".timeline-entries > li").first.evaluate(
            "li => parseFloat(getComputedStyle(li, '::before').right)")  # fmt: skip
        assert dot < 0 and box["x"] + box["width"] > width * 0.7
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        page.screenshot(path=str(artifacts / f"ar-topic-{width}.png"), full_page=False)
    finally:
        page.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_korean_screenshots(browser, sites, artifacts, width) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        for name, path in PAGES.items():
            page.goto(sites.url("ko", path), wait_until="networkidle")
            page.screenshot(path=str(artifacts / f"ko-{name}-{width}.png"), full_page=False)
    finally:
        page.close()
