"""Puts the default theme and the Pages workflow inside the wheel, but not inside an editable one.

An editable install already finds them in the checkout (generator/site/theme.py looks beside the
package); copies in site-packages would go stale, and a `generator/` folder there would shadow the
package itself when Python runs outside the checkout.
"""

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if version == "editable":
            return
        build_data["force_include"]["templates"] = "generator/templates"
        build_data["force_include"][".github/workflows/pages.yml"] = "generator/workflows/pages.yml"
