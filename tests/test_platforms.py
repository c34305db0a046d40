"""The quiz on a Python without the POSIX-only names Windows lacks: a `sitecustomize` deletes
them before the tool starts (signal.SIGHUP, user and group ids, the os.O_* flags Windows
has not, pathconf), and every command still works: the quiz in a terminal, a report, a
batch, validate, and the bank cache. The cache folder's rules per platform are in
tests/test_bankcache.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PERSONA_PM

WINDOWS_LACKS = {
    "signal": ["SIGHUP", "SIGQUIT", "SIGKILL", "SIGPIPE", "SIGALRM"],
    "os": [
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        "O_NOFOLLOW",
        "O_NONBLOCK",
        "O_CLOEXEC",
        "O_NOCTTY",
        "pathconf",
        "fchmod",
        "mkfifo",
    ],
}
SITECUSTOMIZE = "import os, signal\n" + "".join(
    f"if hasattr({module}, {name!r}): delattr({module}, {name!r})\n"
    for module, names in WINDOWS_LACKS.items()
    for name in names
)


@pytest.fixture
def without_posix(tmp_path: Path) -> dict[str, str]:
    """An environment whose Python starts without the names Windows lacks."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "SOURCE_DATE_EPOCH": "1767225600",
    }


def _tool(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_the_names_are_really_gone(without_posix, tmp_path):
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, signal; print(hasattr(signal, 'SIGHUP'), hasattr(os, 'getuid'), hasattr(os, 'O_NOFOLLOW'))",
        ],
        env=without_posix,
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.split() == ["False", "False", "False"]


def test_every_command_runs_without_the_posix_only_names(without_posix, tmp_path):
    answers = tmp_path / "me.json"
    answers.write_text(json.dumps({"answers": PERSONA_PM}), encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"answers": {**PERSONA_PM, "name": "Kai"}}), encoding="utf-8")
    for args in (
        ["--version"],
        ["validate"],
        ["report", "me.json"],  # checks the bank and remembers it in the cache...
        ["report", "me.json", "--format", "md"],  # ...and reads the cache back
        ["report", "me.json", "other.json", "--out-dir", "batch", "--jobs", "2"],
        ["take", "--answers", "me.json", "--no-input", "-o", "taken.html"],
    ):
        done = _tool(*args, env=without_posix, cwd=tmp_path)
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr, (args, done.stderr)
    assert (tmp_path / "me.html").exists() and (tmp_path / "me.md").exists()
    assert len(list((tmp_path / "batch").glob("*.html"))) == 2
    assert list((tmp_path / "cache").rglob("checked-*.json")), "the bank cache was used"


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal needs POSIX here")
def test_the_quiz_in_a_terminal_saves_its_answers_on_ctrl_c_without_them(without_posix, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "quiz", "take", "-o", "me.html"],
        env={**without_posix, "AI_MBA_FIT_BANK_ORDER": "1", "TERM": "xterm"},
        cwd=str(tmp_path),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 100),
    )
    child.expect("key to start")
    child.send("\r")
    child.expect("What name should go on your report")
    child.send("Ada\r")
    child.expect("Which best describes your work today")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130, child.before
    saved = json.loads((tmp_path / "me.answers.json").read_text(encoding="utf-8"))
    assert saved["answers"]["name"] == "Ada"
