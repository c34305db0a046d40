"""The report templates are compiled when the wheel is built (hatch_build.py) and travel
inside it as Python modules; at run time nothing is ever loaded as code from a folder a
user can write. A checkout, an edited install or another jinja2 compiles the templates in
memory instead, and every way gives the same report, byte for byte."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hatchling.builders.sdist import SdistBuilder
from hatchling.builders.wheel import WheelBuilder
from jinja2.bccache import bc_magic

from quiz import report
from quiz.answers import check_answers
from quiz.bank import LoadedBank
from quiz.resources import COMPILED_STAMP, compiled_stamp, compiled_templates_dir
from quiz.scoring import Result, score
from tests.conftest import InstalledWheel

CHECKOUT = Path(__file__).resolve().parent.parent
TEMPLATES = CHECKOUT / "reports" / "templates"
TEMPLATE_NAMES = sorted(p.name for p in TEMPLATES.iterdir())
SAMPLE = CHECKOUT / "docs" / "sample-answers.json"
PERSONAS = sorted((CHECKOUT / "tests" / "personas").glob("*.json"))
EPOCH = "1767225600"
FORMATS: tuple[report.Format, ...] = ("html", "md")

# The console script's `main`, run on the command line given, then a last line on stderr:
# which loader the report's Environment has, where it loads from, and which templates this
# process compiled in memory (none, when they came compiled in the wheel).
PROBE = """
import json, sys
import jinja2

compiled = []
compile_in_memory = jinja2.Environment.compile

def compile_and_count(self, source, name=None, *args, **kwargs):
    compiled.append(name)
    return compile_in_memory(self, source, name, *args, **kwargs)

jinja2.Environment.compile = compile_and_count
import quiz
from quiz import report
from quiz.cli import main

code = main(sys.argv[1:])
loader = report._environment().loader
where = loader.module.__path__ if isinstance(loader, jinja2.ModuleLoader) else loader.searchpath
seen = {"code": code, "loader": type(loader).__name__, "where": list(where),
        "compiled": sorted(compiled), "quiz": quiz.__file__}
print("PROBE:" + json.dumps(seen), file=sys.stderr)
"""


@dataclass(frozen=True)
class Rendered:
    """One `report` run: the report's bytes and what the probe saw."""

    output: bytes
    loader: str
    where: list[str]
    compiled: list[str]
    quiz: str


def _environ(**extra: str) -> dict[str, str]:
    """The test's environment, with no PYTHONPATH unless given: which `quiz` runs is
    exactly the one a test means."""
    environ = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**environ, "SOURCE_DATE_EPOCH": EPOCH, **extra}


def _folder_with_answers(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SAMPLE, path / "answers.json")
    return path


def render(python: Path | str, cwd: Path, fmt: str, **extra_env: str) -> Rendered:
    """`report answers.json -o report.FMT` through the probe, in `cwd`, with `python`."""
    out = cwd / f"report.{fmt}"
    args = ["report", "answers.json", "-o", out.name, "--force"]
    done = subprocess.run(
        [str(python), "-c", PROBE, *args],
        cwd=cwd,
        env=_environ(**extra_env),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("PROBE:")]
    assert lines, done.stderr
    seen = json.loads(lines[-1].removeprefix("PROBE:"))
    assert seen.pop("code") == 0, done.stderr
    return Rendered(output=out.read_bytes(), **seen)


def render_in_checkout(cwd: Path, fmt: str, **extra_env: str) -> Rendered:
    """`render` with this checkout's code, whatever else is installed."""
    return render(sys.executable, cwd, fmt, PYTHONPATH=str(CHECKOUT), **extra_env)


def run_console_script(
    installed: InstalledWheel, cwd: Path, fmt: str, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(installed.script), "report", "answers.json", "-o", f"report.{fmt}", "--force"],
        cwd=cwd,
        env=_environ(**extra_env),
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """The checkout's reports of the sample answers, from templates compiled in memory."""
    cwd = _folder_with_answers(tmp_path_factory.mktemp("checkout-report"))
    rendered: dict[str, Rendered] = {fmt: render_in_checkout(cwd, fmt) for fmt in FORMATS}
    for fmt, seen in rendered.items():
        assert seen.loader == "FileSystemLoader" and seen.where == [str(TEMPLATES)], seen
        assert seen.quiz.startswith(str(CHECKOUT)), seen
        assert f"report.{fmt}" in seen.compiled
    return rendered


def test_the_wheel_carries_every_template_compiled_and_a_stamp_of_how(
    installed_wheel: InstalledWheel,
) -> None:
    modules = [jinja2.ModuleLoader.get_module_filename(name) for name in TEMPLATE_NAMES]
    with zipfile.ZipFile(installed_wheel.wheel) as wheel:
        compiled = sorted(n for n in wheel.namelist() if n.startswith("quiz/_data/compiled/"))
        stamp = json.loads(wheel.read(f"quiz/_data/compiled/{COMPILED_STAMP}"))
        sources = [wheel.read(f"quiz/_data/compiled/{n}").decode() for n in modules]
    assert compiled == sorted(f"quiz/_data/compiled/{n}" for n in [*modules, COMPILED_STAMP])
    assert stamp == compiled_stamp(jinja2.__version__, TEMPLATES)
    assert stamp["jinja2"] == jinja2.__version__ and len(stamp["templates_sha256"]) == 64
    for source in sources:
        assert source.startswith("from jinja2.runtime import ")
        # Nothing of the machine that built it: the wheel is the same wherever it is built.
        assert str(CHECKOUT) not in source and "ai-mba-fit-compiled-" not in source


def test_the_build_hook_adds_compiled_templates_to_a_standard_wheel_only(tmp_path: Path) -> None:
    hook = WheelBuilder(str(CHECKOUT)).get_build_hooks(str(tmp_path))["custom"]
    editable: dict[str, Any] = {"force_include": {}}
    hook.initialize("editable", editable)
    assert editable == {"force_include": {}}, "an editable install compiles in memory"

    standard: dict[str, Any] = {"force_include": {}}
    hook.initialize("standard", standard)
    [(folder, in_wheel)] = standard["force_include"].items()
    assert in_wheel == "quiz/_data/compiled"
    assert not Path(folder).is_relative_to(CHECKOUT), "never compiled into the source tree"
    assert (Path(folder) / COMPILED_STAMP).is_file()
    hook.finalize("standard", standard, str(tmp_path / "x.whl"))
    assert not Path(folder).exists()


def test_the_sdist_carries_the_build_hook_and_declares_what_it_needs(tmp_path: Path) -> None:
    tomllib = pytest.importorskip("tomllib")
    requires = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))[
        "build-system"
    ]["requires"]
    assert any(r.replace(" ", "").lower().startswith("jinja2") for r in requires), requires

    [sdist] = SdistBuilder(str(CHECKOUT)).build(directory=str(tmp_path))
    with tarfile.open(sdist) as archive:
        inside = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    needed = {"hatch_build.py", "pyproject.toml", "quiz/report.py", "quiz/resources.py"}
    assert needed | {f"reports/templates/{n}" for n in TEMPLATE_NAMES} <= inside


def test_a_checkout_has_no_compiled_templates_and_compiles_them_in_memory() -> None:
    assert compiled_templates_dir(jinja2.__version__) is None
    assert isinstance(report._environment().loader, jinja2.FileSystemLoader)


def _persona_results(shipped_bank: LoadedBank) -> list[Result]:
    """Every calibration persona's result, and its private form: many paths through the
    templates (every band, pathway and note they reach)."""
    results = []
    for path in PERSONAS:
        persona = json.loads(path.read_text(encoding="utf-8"))
        answers = check_answers(shipped_bank.bank, {"answers": persona["answers"]}, path.name)
        result = score(shipped_bank, answers, "2026-01-01")
        results += [result, result.private()]
    return results


def _forget_rendered_pieces() -> None:
    # Pieces are rendered once per process (quiz.report._piece): forget those of the other
    # Environment, or the comparison would reuse them.
    report._pieces.cache_clear()
    report._piece.cache_clear()


def test_every_persona_renders_the_same_bytes_from_the_compiled_modules_as_in_memory(
    shipped_bank: LoadedBank, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = _persona_results(shipped_bank)
    _forget_rendered_pieces()
    in_memory = [report.render(result, fmt) for result in results for fmt in FORMATS]

    hook = WheelBuilder(str(CHECKOUT)).get_build_hooks(str(tmp_path))["custom"]
    build_data: dict[str, Any] = {"force_include": {}}
    hook.initialize("standard", build_data)  # compiled exactly as for the wheel
    try:
        [folder] = build_data["force_include"]
        compiled = report.template_environment(jinja2.ModuleLoader(folder))
        monkeypatch.setattr(report, "_environment", lambda: compiled)

        def no_compiling(*args: object, **kwargs: object) -> None:
            raise AssertionError("a template was compiled in memory")

        monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
        _forget_rendered_pieces()
        from_modules = [report.render(result, fmt) for result in results for fmt in FORMATS]
    finally:
        _forget_rendered_pieces()
        hook.finalize("standard", build_data, str(tmp_path / "x.whl"))
    assert len(from_modules) == 2 * 2 * len(PERSONAS) >= 16
    assert from_modules == in_memory


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_installed_tool_renders_from_the_compiled_modules_the_same_bytes(
    installed_wheel: InstalledWheel, in_memory: dict[str, Rendered], tmp_path: Path, fmt: str
) -> None:
    cwd = _folder_with_answers(tmp_path)
    done = run_console_script(installed_wheel, cwd, fmt)
    assert done.returncode == 0, done.stderr
    assert (cwd / f"report.{fmt}").read_bytes() == in_memory[fmt].output

    seen = render(installed_wheel.python, cwd, fmt)
    assert seen.loader == "ModuleLoader", seen
    assert seen.where == [str(installed_wheel.package / "_data" / "compiled")]
    assert seen.compiled == [], "nothing may be compiled at run time in an installed wheel"
    assert seen.output == in_memory[fmt].output


def _installed_copy(installed: InstalledWheel, place: Path) -> Path:
    """A copy of the installed package, to change without touching the shared venv."""
    shutil.copytree(installed.package, place / "quiz", ignore=shutil.ignore_patterns("__pycache__"))
    return place


def _stamp_of_another_jinja2(package: Path) -> None:
    stamp = package / "_data" / "compiled" / COMPILED_STAMP
    stamp.write_text(
        json.dumps({**json.loads(stamp.read_text()), "jinja2": "2.11.3"}), encoding="utf-8"
    )


def _unreadable_stamp(package: Path) -> None:
    (package / "_data" / "compiled" / COMPILED_STAMP).write_text("{not json", encoding="utf-8")


def _no_stamp(package: Path) -> None:
    (package / "_data" / "compiled" / COMPILED_STAMP).unlink()


def _template_edited_after_compiling(package: Path) -> None:
    with (package / "_data" / "templates" / "report.html").open("a", encoding="utf-8") as stream:
        stream.write("{# edited after the wheel was built; renders nothing #}")


def _template_added_after_compiling(package: Path) -> None:
    (package / "_data" / "templates" / "extra.html").write_text("new", encoding="utf-8")


@pytest.mark.parametrize(
    "change",
    [
        _stamp_of_another_jinja2,
        _unreadable_stamp,
        _no_stamp,
        _template_edited_after_compiling,
        _template_added_after_compiling,
    ],
    ids=lambda change: change.__name__.strip("_"),
)
def test_compiled_templates_that_do_not_match_fall_back_to_compiling_in_memory(
    installed_wheel: InstalledWheel,
    in_memory: dict[str, Rendered],
    tmp_path: Path,
    change: Callable[[Path], None],
) -> None:
    site = _installed_copy(installed_wheel, tmp_path / "site")
    cwd = _folder_with_answers(tmp_path / "run")
    as_built = render(installed_wheel.python, cwd, "html", PYTHONPATH=str(site))
    assert as_built.loader == "ModuleLoader" and as_built.quiz.startswith(str(site)), as_built

    change(site / "quiz")
    seen = render(installed_wheel.python, cwd, "html", PYTHONPATH=str(site))
    assert seen.loader == "FileSystemLoader", seen
    assert seen.where == [str((site / "quiz" / "_data" / "templates").resolve())]
    assert "report.html" in seen.compiled
    assert seen.output == in_memory["html"].output


def test_a_template_edited_in_an_install_is_what_renders_not_its_stale_compiled_module(
    installed_wheel: InstalledWheel, in_memory: dict[str, Rendered], tmp_path: Path
) -> None:
    site = _installed_copy(installed_wheel, tmp_path / "site")
    with (site / "quiz" / "_data" / "templates" / "report.md").open("a", encoding="utf-8") as md:
        md.write("Edited after the wheel was built.")
    seen = render(
        installed_wheel.python, _folder_with_answers(tmp_path / "run"), "md", PYTHONPATH=str(site)
    )
    assert seen.loader == "FileSystemLoader"
    assert seen.output == in_memory["md"].output + b"Edited after the wheel was built."


class _RunsCodeWhenUnpickled:
    """What another user could plant in a cache folder: unpickling it makes `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Callable[[str], None], tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def _plant(folder: Path, templates: list[Path], marker: Path) -> dict[Path, bytes]:
    """In `folder`, a jinja2 bytecode-cache file for every template of every folder in
    `templates`, each running code when read, beside plain garbage."""
    folder.mkdir(parents=True, exist_ok=True)
    cache = jinja2.FileSystemBytecodeCache(str(folder))
    planted = {
        folder / "__jinja2_0000.cache": b"garbage",
        folder / "report.html": b"{{ garbage",
        folder / "tmpl_0000.py": b"raise SystemExit('planted module ran')\n",
    }
    evil = bc_magic + pickle.dumps(_RunsCodeWhenUnpickled(marker))
    for place in templates:
        for name in TEMPLATE_NAMES:
            key = cache.get_cache_key(name, os.path.normpath(place / name))
            planted[folder / (cache.pattern % key)] = evil
    for path, content in planted.items():
        path.write_bytes(content)
    return planted


def _template_traces(cache: Path) -> list[Path]:
    """Whatever under `cache` looks like templates kept: a templates folder, a jinja2
    bytecode-cache file, a compiled template module."""
    return [
        p
        for p in cache.rglob("*")
        if "templates" in p.relative_to(cache).parts or p.name.startswith(("__jinja2_", "tmpl_"))
    ]


def test_the_cache_folder_is_never_written_or_read_for_templates(
    installed_wheel: InstalledWheel, in_memory: dict[str, Rendered], tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cwd = _folder_with_answers(tmp_path / "run")

    def check_reports_installed_and_in_checkout() -> None:
        for fmt in FORMATS:
            done = run_console_script(installed_wheel, cwd, fmt, XDG_CACHE_HOME=str(cache))
            assert done.returncode == 0 and not done.stderr, done.stderr
            assert (cwd / f"report.{fmt}").read_bytes() == in_memory[fmt].output
            checkout = render_in_checkout(cwd, fmt, XDG_CACHE_HOME=str(cache))
            assert checkout.output == in_memory[fmt].output

    check_reports_installed_and_in_checkout()
    assert _template_traces(cache) == [], "nothing of the templates may be kept in the cache"

    marker = tmp_path / "planted-code-ran"
    installed_templates = installed_wheel.package / "_data" / "templates"
    planted = _plant(cache / "ai-mba-fit" / "templates", [installed_templates, TEMPLATES], marker)
    # The planted files are a real attack on a bytecode cache: jinja2's own runs them (on a
    # copy, as it then writes its own file in their place).
    attacked = shutil.copytree(cache / "ai-mba-fit" / "templates", tmp_path / "attacked")
    env = report.template_environment(jinja2.FileSystemLoader(TEMPLATES))
    env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(attacked))
    env.get_template("report.md")
    assert marker.is_dir()
    marker.rmdir()

    check_reports_installed_and_in_checkout()
    assert not marker.exists(), "a file planted in the cache folder ran as code"
    assert {path: path.read_bytes() for path in planted} == planted
