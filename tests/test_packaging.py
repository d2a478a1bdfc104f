"""What pip installs: the wheel carries the default theme; an editable install reads the checkout."""

import zipfile
from pathlib import Path

import pytest
from hatchling.builders.wheel import WheelBuilder

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheels(tmp_path_factory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("wheels")
    builder = WheelBuilder(str(ROOT))
    return {
        version: zipfile.ZipFile(path).namelist()
        for version in ("standard", "editable")
        for path in builder.build(directory=str(folder), versions=[version])
    }


def test_the_wheel_carries_the_default_theme_and_the_pages_workflow(wheels):
    names = set(wheels["standard"])
    theme = {p.relative_to(ROOT).as_posix() for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert {"generator/" + name for name in theme} <= names
    assert "generator/workflows/pages.yml" in names
    assert "generator/__main__.py" in names


def test_an_editable_install_puts_no_generator_folder_into_site_packages(wheels):
    """A copied generator/templates there would shadow the package outside the checkout."""
    assert not [name for name in wheels["editable"] if name.startswith("generator/")]
