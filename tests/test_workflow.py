"""The GitHub Pages workflow: valid YAML that builds with the Pages address and deploys (SPEC 7)."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml
from publish_kit import REPO, example_site

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
# The oldest major version of each action that is acceptable (older ones run on retired Node versions).
MINIMUM = {
    "actions/checkout": 4,
    "actions/setup-python": 5,
    "actions/configure-pages": 5,
    "actions/upload-pages-artifact": 3,
    "actions/deploy-pages": 4,
    "actions/cache/restore": 4,
    "actions/cache/save": 4,
}


@pytest.fixture(scope="module")
def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def uses(step: dict) -> tuple[str, int]:
    name, _, version = step["uses"].partition("@")
    match = re.fullmatch(r"v(\d+)(\.\d+)*", version)
    assert match, step["uses"]
    return name, int(match.group(1))


def step_using(workflow: dict, job: str, action: str) -> dict:
    found = [s for s in steps(workflow, job) if "uses" in s and uses(s)[0] == action]
    assert len(found) == 1, f"{job}: {action}"
    return found[0]


def test_it_runs_on_push_to_main_and_by_hand(workflow: dict) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in triggers


def test_permissions_and_concurrency(workflow: dict) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_every_action_is_a_current_major_version(workflow: dict) -> None:
    used = {uses(s) for job in workflow["jobs"] for s in steps(workflow, job) if "uses" in s}
    assert {name for name, _ in used} == set(MINIMUM)
    assert all(version >= MINIMUM[name] for name, version in used), used


def test_the_build_job_sets_up_python_with_pip_caching_and_installs(workflow: dict) -> None:
    order = [uses(s)[0] if "uses" in s else s["run"].split()[0:4] for s in steps(workflow, "build")]
    assert order[0] == "actions/checkout"
    python = step_using(workflow, "build", "actions/setup-python")
    assert python["with"]["cache"] == "pip"
    runs = [s["run"] for s in steps(workflow, "build") if "run" in s]
    assert any(re.search(r"\bpip install\b", r) for r in runs)
    assert order.index("actions/configure-pages") < order.index("actions/upload-pages-artifact")


def test_it_builds_with_the_base_url_from_configure_pages(workflow: dict) -> None:
    pages = step_using(workflow, "build", "actions/configure-pages")
    assert pages["id"] == "pages"
    builds = [s["run"] for s in steps(workflow, "build") if "run" in s and "generator build" in s["run"]]
    assert len(builds) == 1
    # configure-pages gives base_url without a trailing slash; the build adds it.
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in builds[0]
    assert step_using(workflow, "build", "actions/upload-pages-artifact")["with"]["path"].rstrip("/") == "site"


def test_the_deploy_job_deploys_to_the_github_pages_environment(workflow: dict) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" or deploy["needs"] == ["build"]
    assert deploy["environment"]["name"] == "github-pages"
    step = step_using(workflow, "deploy", "actions/deploy-pages")
    assert deploy["environment"]["url"] == "${{ steps." + step["id"] + ".outputs.page_url }}"


def test_the_workflows_build_command_works_with_a_project_site_address(workflow: dict, tmp_path: Path, cli) -> None:
    command = next(s["run"] for s in steps(workflow, "build") if "run" in s and "generator build" in s["run"])
    args = shlex.split(command.replace("${{ steps.pages.outputs.base_url }}", "https://user.github.io/repo"))
    assert args[:4] == ["python", "-m", "generator", "build"]
    root = example_site(tmp_path / "root")
    result = cli(*args[4:], "--root", root, "--out", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert "https://user.github.io/repo/sitemap.xml" in (tmp_path / "site" / "robots.txt").read_text()


def test_build_caches_are_restored_and_saved_only_by_the_default_branch(workflow: dict) -> None:
    """Warm builds on Pages: .cache/, the last site and the key folder, keyed on code and content."""
    restore = step_using(workflow, "build", "actions/cache/restore")
    save = step_using(workflow, "build", "actions/cache/save")
    for step in (restore, save):
        assert step["with"]["path"].split() == [".cache", "site", "~/.cache/timeline-generator"]
        assert "${{ steps.generator.outputs.code }}" in step["with"]["key"]
        assert "hashFiles('content/**', 'templates/**')" in step["with"]["key"]
    assert restore["with"]["key"] == save["with"]["key"]
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])
    assert save["if"] == "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)"
    assert "if" not in restore
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps(workflow, "build")]
    build = next(i for i, s in enumerate(steps(workflow, "build")) if "generator build" in s.get("run", ""))
    assert order.index("actions/cache/restore") < build < order.index("actions/cache/save")
    assert steps(workflow, "build")[build]["env"] == {"TIMELINES_CACHE_KEY": "${{ secrets.TIMELINES_CACHE_KEY }}"}


def test_the_fingerprint_step_prints_the_code_fingerprint_as_an_output(workflow: dict, tmp_path: Path) -> None:
    from generator.incremental.code import code_fingerprint

    step = next(s for s in steps(workflow, "build") if s.get("id") == "generator")
    output = tmp_path / "github_output"
    done = subprocess.run(
        ["bash", "-c", step["run"]], env={**os.environ, "GITHUB_OUTPUT": str(output)}, cwd=tmp_path, text=True
    )
    assert done.returncode == 0
    assert output.read_text(encoding="utf-8") == f"code={code_fingerprint()}\n"
