"""The wheel a newcomer installs carries the question bank and templates with it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import PERSONA_PM, InstalledWheel, need

CHECKOUT = Path(__file__).resolve().parent.parent


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_the_wheel_installs_into_a_new_venv_and_runs_from_anywhere(
    installed_wheel: InstalledWheel, tmp_path: Path
) -> None:
    env, python, script = installed_wheel.env, installed_wheel.python, installed_wheel.script
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    validated = run(script, "validate", cwd=elsewhere).stdout
    assert "the shipped questions.json: structure OK" in validated
    where = run(
        python,
        "-c",
        "from quiz.resources import default_bank_path, templates_dir;"
        "print(default_bank_path()); print(templates_dir())",
        cwd=elsewhere,
    ).stdout.split()
    assert all(path.startswith(str(env)) for path in where), (
        "the bank and templates must come from inside the installed package",
        where,
    )
    assert str(CHECKOUT) not in validated

    (elsewhere / "me.json").write_text(json.dumps({"answers": PERSONA_PM}), encoding="utf-8")
    run(script, "report", "me.json", cwd=elsewhere)
    assert "<!doctype html>" in (elsewhere / "me.html").read_text(encoding="utf-8").lower()
    # The other pages come from the wheel's compiled templates too (page.html, extended).
    run(script, "compare", "me.json", "me.html", "-o", "moved.html", cwd=elsewhere)
    assert "What moved between two takes" in (elsewhere / "moved.html").read_text("utf-8")
    assert run(python, "-m", "quiz", "--version", cwd=elsewhere).stdout.startswith("ai-mba-fit ")


def test_uv_tool_install_from_a_checkout_gives_a_plain_command(tmp_path: Path) -> None:
    # As a reader installs a command-line tool: `uv tool install .` in a checkout, then the
    # command on its own, from any folder. uv comes with the test extras (CI has it).
    import shutil
    import sys

    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    need(uv is not None, "uv is not installed (pip install uv)")
    assert uv is not None
    tools, bin_dir = tmp_path / "tools", tmp_path / "bin"
    env = {
        **os.environ,
        "UV_TOOL_DIR": str(tools),
        "UV_TOOL_BIN_DIR": str(bin_dir),
        "UV_CACHE_DIR": str(tmp_path / "cache"),
        "UV_PYTHON": sys.executable,  # the Python the tests run on: nothing downloaded
        "UV_NO_PROGRESS": "1",
    }
    subprocess.run(
        [uv, "tool", "install", str(CHECKOUT)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )
    command = next(bin_dir.glob("ai-mba-fit*"))  # ai-mba-fit.exe on Windows
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert run(command, "--version", cwd=elsewhere).stdout.startswith("ai-mba-fit ")
    (elsewhere / "me.json").write_text(json.dumps({"answers": PERSONA_PM}), encoding="utf-8")
    run(command, "report", "me.json", cwd=elsewhere)
    assert "<!doctype html>" in (elsewhere / "me.html").read_text(encoding="utf-8").lower()
    # The other pages come from the wheel's compiled templates too (page.html, extended).
    run(command, "compare", "me.json", "me.html", "-o", "moved.html", cwd=elsewhere)
    assert "What moved between two takes" in (elsewhere / "moved.html").read_text("utf-8")
    assert str(CHECKOUT) not in run(command, "validate", cwd=elsewhere).stdout
