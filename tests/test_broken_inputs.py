"""The catalogue of broken inputs (tests/broken/): each gets one message that names the file
and every problem's place, exit 1, and no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main

BROKEN = Path(__file__).resolve().parent / "broken"
CASES = json.loads((BROKEN / "cases.json").read_text(encoding="utf-8"))
SMALL_BANK = BROKEN / "small-bank.json"


def run_case(kind: str, path: Path) -> list[str]:
    if kind == "bank":
        return ["validate", str(path)]
    return ["report", str(path), "--questions", str(SMALL_BANK), "-o", "-"]


def test_the_catalogue_has_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert all((BROKEN / case["file"]).exists() for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_a_broken_file_gets_one_message_naming_the_file_and_each_place(case, capsys):
    path = BROKEN / case["file"]
    assert main(run_case(case["kind"], path)) == 1
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert lines[0].startswith(f"ai-mba-fit: {path}: "), lines
    for expected in case["expect"]:
        assert any(
            line.startswith(("  " + expected, expected)) or expected in line for line in lines
        ), (expected, lines)
    listed = [line for line in lines if line.startswith("  ")]
    # A problem with the file as a whole is said on the one line; others are listed below.
    count = len(listed) or len(lines)
    assert count >= len(case["expect"]), "every problem is listed, not just the first"
    assert "Traceback" not in captured.err


def test_the_whole_catalogue_leaves_no_traceback_in_a_real_process(tmp_path):
    # One child process per kind is enough to prove the CLI boundary outside pytest.
    script = Path(sys.executable).parent / "ai-mba-fit"
    for case in (CASES[0], CASES[-1]):
        done = subprocess.run(
            [str(script), *run_case(case["kind"], BROKEN / case["file"])],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            cwd=tmp_path,
        )
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr


def test_a_directory_instead_of_a_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path)]) == 1
    assert f"{tmp_path}: is a directory, not a file" in capsys.readouterr().err


def test_a_missing_answers_file(tmp_path, capsys):
    assert main(["report", str(tmp_path / "gone.json"), "-o", "-"]) == 1
    assert "gone.json: no such file" in capsys.readouterr().err


def test_a_bank_given_through_a_pipe_is_read_whole(tmp_path, capsys):
    # As `validate <(cat questions.json)` gives it: a pipe hands over what has been written
    # so far, so the reader must keep reading until the writer is done.
    import threading
    import time

    from quiz.resources import default_bank_path

    data = default_bank_path().read_bytes()
    pipe = tmp_path / "bank-pipe"
    os.mkfifo(pipe)

    def write_in_two_parts() -> None:
        with open(pipe, "wb", buffering=0) as stream:
            stream.write(data[: len(data) // 2])
            time.sleep(0.2)
            stream.write(data[len(data) // 2 :])

    writer = threading.Thread(target=write_in_two_parts)
    writer.start()
    try:
        assert main(["validate", str(pipe), "--samples", "50"]) == 0, capsys.readouterr().err
    finally:
        writer.join()


def test_a_file_without_read_permission(tmp_path, capsys, monkeypatch):
    path = tmp_path / "locked.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the refusal happen the way the OS would
        real_open = os.open

        def refuse(file: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
            if Path(file) == path:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)
    assert main(["validate", str(path)]) == 1
    assert "locked.json: no permission to read this file" in capsys.readouterr().err


def test_a_very_large_file_is_refused_without_reading_it_all(tmp_path, capsys):
    path = tmp_path / "huge.json"
    path.write_bytes(b'{"answers": {"x": "' + b"a" * (3 * 1024 * 1024) + b'"}}')
    assert main(["report", str(path), "-o", "-"]) == 1
    assert "huge.json: is larger than 2 MiB" in capsys.readouterr().err
