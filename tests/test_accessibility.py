"""axe-core in real pages: no violation of impact serious or critical, in light and dark colour schemes.

Runs on home, topic, entry, tag, standalone page, search (with results shown) and 404 pages of the
example site and of the fixture site, with the script's controls present.
"""

from __future__ import annotations

import pytest
from conftest import require_tool
from test_browser import page_types

BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe() -> object:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        require_tool("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


def violations(axe, page) -> list[str]:
    results = axe.run(page)
    found = []
    for rule in results.response["violations"]:
        if rule.get("impact") in BLOCKING:
            targets = [", ".join(map(str, node["target"])) for node in rule["nodes"][:3]]
            found.append(f"{rule['id']} ({rule['impact']}): {rule['help']} at {targets}")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("sub", ["repo", "fixture"])
def test_no_serious_or_critical_violations(browser, served, axe, sub, scheme) -> None:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = ctx.new_page()
        problems = {}
        types = page_types(served.folder(sub))
        assert {"home", "topic", "entry", "tag", "search", "404"} <= set(types)
        for name, path in types.items():
            page.goto(served.url(sub, path), wait_until="load")
            if name == "search":
                page.get_by_label("Search entries").fill("bridge" if sub == "fixture" else "troops")
                page.locator(".search-results li").first.wait_for()
            if name == "topic":
                assert page.locator(".timeline-controls").count() == 1  # the script ran: its controls are checked too
            found = violations(axe, page)
            if found:
                problems[name] = found
        assert problems == {}
    finally:
        ctx.close()


def test_the_checker_does_catch_a_violation(browser, served, axe) -> None:
    """Guard against a checker that never reports: an image without alt text must be caught."""
    page = browser.new_page()
    try:
        page.goto(served.url("repo", ""), wait_until="load")
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"data:,\">')")
        assert any(v.startswith("image-alt") for v in violations(axe, page))
    finally:
        page.close()
