"""Compile the report templates into Python modules that travel inside the wheel.

An installed wheel then renders with `jinja2.ModuleLoader` from code that is trusted exactly
as the rest of the package is, instead of parsing the templates in every process or keeping
compiled code in a folder a user can write. An editable install gets nothing: it reads the
templates from the checkout and compiles them in memory (see quiz.report._environment).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2  # a build requirement (pyproject.toml), as it is the package's
from hatchling.builders.config import BuilderConfig
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

TEMPLATES = Path("reports") / "templates"
COMPILED_IN_WHEEL = "quiz/_data/compiled"


class CompileTemplatesHook(BuildHookInterface[BuilderConfig]):
    """Adds the compiled templates and their stamp to a standard wheel as quiz/_data/compiled."""

    _compiled: Path | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":
            return
        root = Path(self.root).resolve()
        # The tree being built, never an installed copy of the tool: its settings are the
        # ones the wheel will render with. These modules import only jinja2, markupsafe and
        # the project's pure modules.
        sys.path.insert(0, str(root))
        try:
            from quiz import report, resources
        finally:
            sys.path.remove(str(root))
        _check_imported_from(root, report, resources)

        templates = root / TEMPLATES
        # Outside the source tree, so a checkout never finds compiled templates of its own.
        self._compiled = Path(tempfile.mkdtemp(prefix="ai-mba-fit-compiled-"))
        env = report.template_environment(jinja2.FileSystemLoader(templates))
        # A template that does not compile fails the build: by default jinja2 skips it.
        env.compile_templates(self._compiled, zip=None, ignore_errors=False)
        stamp = resources.compiled_stamp(jinja2.__version__, templates)
        (self._compiled / resources.COMPILED_STAMP).write_text(
            json.dumps(stamp, indent=2) + "\n", encoding="utf-8"
        )
        build_data["force_include"][str(self._compiled)] = COMPILED_IN_WHEEL

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._compiled is not None:
            shutil.rmtree(self._compiled, ignore_errors=True)
            self._compiled = None


def _check_imported_from(root: Path, *modules: ModuleType) -> None:
    for module in modules:
        where = Path(module.__file__ or "").resolve()
        if not where.is_relative_to(root):
            raise RuntimeError(
                f"{module.__name__} was imported from {where}, not from {root}: the templates"
                " must be compiled with the settings of the code being built"
            )
