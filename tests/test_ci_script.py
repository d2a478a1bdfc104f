"""CI checks the example site strictly before the tests run (issue: hostile input, nothing lost)."""

from __future__ import annotations

from conftest import REPO, run_cli


def test_ci_runs_the_readme_test_command_after_a_strict_check() -> None:
    lines = (REPO / ".ci/run").read_text(encoding="utf-8").strip().splitlines()
    readme = (REPO / "README.md").read_text(encoding="utf-8").split("```sh\n", 1)[1].split("```", 1)[0]
    install_and_build, install_and_test = readme.strip().splitlines()
    assert install_and_build == "pip install -e . && python -m generator"
    assert lines[-1] == install_and_test  # exactly the README's test command
    check = [i for i, line in enumerate(lines) if "python -m generator check --strict" in line]
    assert check and check[0] < len(lines) - 1


def test_the_example_site_passes_a_strict_check() -> None:
    result = run_cli("check", "--strict")  # run in the repository: the example site
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "warning" not in result.stderr
