"""The tool under attack and faults, as a hostile user or a second user of the same machine
would try it: no code from a cache (tests/test_bankcache.py), no answer lost, no silent
overwrite, no terminal command in what it prints, no traceback, bounded work, and
`--private` that means private. The quiz itself in a terminal: tests/test_quiz_pty.py."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from tests.conftest import PERSONA_PM, SMALL_BANK, need, write_json
from tests.system import fill, obeying_modes, shared_folder, tiny_disk

EPOCH = "1767225600"
ESCAPES = "\x1b]0;PWNED\x07\x1b[2J"  # sets the window title, clears the screen
HOSTILE_TEXTS = [
    ESCAPES,
    "\x9b31m",
    "\u202etxt.exe",
    "\x1b]8;;https://x.example\x07link\x1b]8;;\x07",
]


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return tmp_path


def tool(*args: str, cwd: Path, stdout: Any = subprocess.PIPE, timeout: float = 60, **env: str):
    """The command line in a process of its own, with no terminal."""
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=cwd,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **env},
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=timeout,
    )


def write_escaped(path: Path, data: Any) -> Path:
    """JSON with every non-ASCII character as an escape, as a lone surrogate can only be."""
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="ascii")
    return path


def no_terminal_commands(text: str) -> None:
    """Nothing a terminal would act on: no ESC, no C1 control, no bidi override."""
    for ch in text:
        assert ch == "\n" or not (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F), repr(text[-300:])
        assert ch not in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", repr(text)


# 2. No answer is ever lost ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_a_lone_surrogate_in_an_answers_file_renders_in_every_format(here, fmt, capsys):
    write_escaped(here / "s.json", {"answers": {**PERSONA_PM, "name": "Ren\ud800e"}})
    assert main(["report", "s.json", "--format", fmt, "-o", f"out.{fmt}"]) == 0
    text = (here / f"out.{fmt}").read_bytes().decode("utf-8")  # valid UTF-8 throughout
    assert "Ren\ufffde" in text
    assert main(["report", "s.json", "--format", fmt, "-o", "-"]) == 0
    assert "Ren\ufffde" in capsys.readouterr().out


def test_a_lone_surrogate_in_a_report_s_own_data_renders_again(here):
    write_json(here / "s.json", {"answers": {**PERSONA_PM, "name": "Ann"}})
    assert main(["report", "s.json", "-o", "s.html"]) == 0
    html = (here / "s.html").read_text(encoding="utf-8")
    (here / "s.html").write_text(html.replace('"Ann"', '"\\ud800Ann"'), encoding="utf-8")
    assert main(["report", "s.html", "--format", "json", "-o", "again.json"]) == 0
    assert json.loads((here / "again.json").read_text(encoding="utf-8"))["name"] == "\ufffdAnn"


def test_one_file_with_a_lone_surrogate_does_not_stop_a_batch(here, capsys):
    for number in range(3):
        name = "Ren\udce9e" if number == 1 else f"Reader {number}"
        write_escaped(here / f"b{number}.json", {"answers": {**PERSONA_PM, "name": name}})
    assert main(["report", "b0.json", "b1.json", "b2.json", "--out-dir", "out"]) == 0
    assert sorted(p.name for p in (here / "out").iterdir()) == ["b0.html", "b1.html", "b2.html"]


def test_a_full_disk_at_the_end_of_take_shows_the_answers_so_they_can_be_pasted_back(here):
    answers = write_json(here / "in.json", {"answers": PERSONA_PM})
    with tiny_disk(here / "disk", size="64k") as disk:
        fill(disk)
        done = tool(
            "take",
            "--answers",
            str(answers),
            "--no-input",
            "-o",
            str(disk / "r.html"),
            cwd=disk,
        )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "could not save your answers" in done.stderr and "the disk is full" in done.stderr
    shown = done.stderr.split("-" * 40)[1]
    assert json.loads(shown)["answers"] == PERSONA_PM  # what was shown is an answers file


# 2. The report's folder is checked before the first question (the quiz: test_quiz_pty.py)


@pytest.mark.parametrize(
    "output, message",
    [
        ("missing/r.html", "missing: no such folder"),
        ("a-file/r.html", "a-file: is a file, not a folder"),
        ("a-file/sub/r.html", "a-file/sub: part of this path is a file, not a folder"),
    ],
)
def test_take_into_a_folder_that_cannot_be_used_says_so_first(here, output, message):
    (here / "a-file").write_text("x", encoding="utf-8")
    answers = write_json(here / "in.json", {"answers": PERSONA_PM})
    done = tool("take", "--answers", str(answers), "--no-input", "-o", output, cwd=here)
    assert done.returncode == 1
    assert done.stderr == f"ai-mba-fit: {message}\n"


def test_take_into_a_folder_that_cannot_be_written_says_so_first(tmp_path):
    with shared_folder() as shared:
        locked = shared / "locked"
        locked.mkdir(mode=0o555)
        answers = write_json(shared / "in.json", {"answers": PERSONA_PM})
        done = subprocess.run(
            obeying_modes(
                sys.executable,
                "-m",
                "quiz",
                "take",
                "--answers",
                str(answers),
                "--no-input",
                "-o",
                str(locked / "r.html"),
            ),
            cwd=shared,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
            env={**os.environ, "AI_MBA_FIT_NO_CACHE": "1"},
        )
        assert done.returncode == 1, done.stderr
        assert done.stderr == (
            f"ai-mba-fit: {locked}: cannot write there (no permission to write there)\n"
        )
        assert list(locked.iterdir()) == []


# 3. Never a silent overwrite -----------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_inputs_with_the_same_name_get_reports_of_their_own_and_say_where(here, capsys, jobs):
    (here / "a").mkdir()
    (here / "b").mkdir()
    write_json(here / "a/p.answers.json", {"answers": {**PERSONA_PM, "name": "A"}})
    write_json(here / "b/p.answers.json", {"answers": {**PERSONA_PM, "name": "B"}})
    write_json(here / "b/p.json", {"answers": {**PERSONA_PM, "name": "C"}})
    inputs = ["a/p.answers.json", "b/p.answers.json", "b/p.json"]
    args = ["report", *inputs, "--out-dir", "out", "--force", "--jobs", jobs, "--format", "json"]
    assert main(args) == 0
    names = {
        p.name: json.loads(p.read_text(encoding="utf-8"))["name"] for p in (here / "out").iterdir()
    }
    assert names == {"p.json": "A", "p-2.json": "B", "p-3.json": "C"}
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Report:  out/p.json",
        "Report:  out/p-2.json (from b/p.answers.json: p.json is the report of a/p.answers.json)",
        "Report:  out/p-3.json (from b/p.json: p.json is the report of a/p.answers.json)",
    ]


def test_a_report_is_never_written_over_an_input(here, capsys):
    write_json(here / "p.json", {"answers": PERSONA_PM})
    before = (here / "p.json").read_bytes()
    assert main(["report", "p.json", "-o", "p.json", "--force"]) == 1
    assert "is an input itself" in capsys.readouterr().err
    assert main(["report", "p.json", "--format", "json", "--out-dir", ".", "--force"]) == 0
    assert (here / "p.json").read_bytes() == before
    assert (here / "p-2.json").exists()
    assert "p-2.json (from p.json: p.json is one of the inputs)" in capsys.readouterr().out


@pytest.mark.parametrize("given", ["out/../out/p.json", "link/p.json", "elsewhere/p.json"])
def test_an_input_in_the_reports_folder_by_another_path_is_never_written_over(here, capsys, given):
    # The batch compares names in the folder of the reports as the system resolves them: a
    # path through "..", a linked folder, or a link elsewhere to a file in that folder.
    (here / "out").mkdir()
    (here / "elsewhere").mkdir()
    write_json(here / "out/p.json", {"answers": PERSONA_PM})
    if given != "out/../out/p.json":
        try:
            (here / "link").symlink_to(here / "out", target_is_directory=True)
            (here / "elsewhere/p.json").symlink_to(here / "out/p.json")
        except OSError:  # Windows without the right to make links
            pytest.skip("this system does not let us make links")
    before = (here / "out/p.json").read_bytes()
    args = ["report", given, "--format", "json", "--out-dir", "out", "--force"]
    assert main(args) == 0
    assert (here / "out/p.json").read_bytes() == before
    assert sorted(p.name for p in (here / "out").iterdir()) == ["p-2.json", "p.json"]
    assert "p-2.json (from " in capsys.readouterr().out


def test_a_report_is_never_written_over_the_question_bank(here, capsys):
    from quiz.resources import default_bank_path

    bank = here / "bank.json"
    bank.write_bytes(default_bank_path().read_bytes())
    write_json(here / "bank.answers.json", {"answers": PERSONA_PM})
    args = ["bank.answers.json", "--questions", "bank.json", "--format", "json", "--force"]
    assert main(["report", *args]) == 0
    assert main(["report", *args, "-o", "bank.json"]) == 1
    assert bank.read_bytes() == default_bank_path().read_bytes()
    write_json(here / "in.json", {"answers": PERSONA_PM})
    take = ["take", "--answers", "in.json", "--no-input", "--questions", "bank.json"]
    assert main([*take, "-o", "bank.json", "--force"]) == 2
    assert bank.read_bytes() == default_bank_path().read_bytes()


def test_force_replaces_a_file_never_a_device_or_a_fifo(here, capsys):
    write_json(here / "a.json", {"answers": PERSONA_PM})
    os.mkfifo(here / "fifo.html")
    assert main(["report", "a.json", "-o", "fifo.html", "--force"]) == 1
    assert "is a device, a pipe or a socket, not a file" in capsys.readouterr().err
    assert (here / "fifo.html").is_fifo()


def test_take_never_writes_the_report_over_the_answers_file(here, capsys):
    write_json(here / "in.json", {"answers": PERSONA_PM})
    before = (here / "in.json").read_bytes()
    for output, said in (
        ("out.answers.json", "-o out.answers.json is where the answers file goes"),
        ("in.json", "-o in.json is one of the files you gave"),
    ):
        code = main(["take", "--answers", "in.json", "--no-input", "-o", output, "--force"])
        assert code == 2
        assert said in capsys.readouterr().err
    assert sorted(p.name for p in here.iterdir()) == ["in.json"]
    assert (here / "in.json").read_bytes() == before


# 4. The terminal shows text, never commands ---------------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_escape_sequences_in_a_key_are_shown_not_obeyed(here, hostile):
    write_json(here / "k.json", {"answers": {**PERSONA_PM, hostile: 1}})
    done = tool("report", "k.json", "-o", "-", cwd=here)
    assert done.returncode == 1
    no_terminal_commands(done.stderr)
    assert "unknown question" in done.stderr


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_escape_sequences_in_a_file_name_are_shown_not_obeyed(here, hostile):
    name = hostile.replace("/", "") + ".json"  # a file name has no slash
    write_json(here / name, {"answers": PERSONA_PM})
    done = tool("report", name, "--out-dir", "out", cwd=here)
    assert done.returncode == 0, done.stderr
    no_terminal_commands(done.stdout + done.stderr)
    assert done.stdout.startswith("Report:  out/")
    broken = hostile.replace("/", "") + "-broken.json"
    write_json(here / broken, {"answers": {**PERSONA_PM, "week": "nap"}})
    done = tool("report", broken, "-o", "-", cwd=here)
    assert done.returncode == 1
    no_terminal_commands(done.stderr)
    # The summary `take` prints names the report and the answers file it wrote.
    done = tool(
        "take", "--answers", name, "--no-input", "-o", hostile.replace("/", "") + ".html", cwd=here
    )
    assert done.returncode == 0, done.stderr
    no_terminal_commands(done.stdout + done.stderr)
    assert "Report:" in done.stdout and "Answers:" in done.stdout
    # compare and overview name their files too.
    for args in (["compare", name, name], ["overview", name, "-o", "o.html"]):
        done = tool(*args, cwd=here)
        assert done.returncode == 0, done.stderr
        no_terminal_commands(done.stdout + done.stderr)


def test_escape_sequences_in_a_value_or_a_command_are_shown_not_obeyed(here):
    write_json(here / "v.json", {"answers": {**PERSONA_PM, "week": ESCAPES}})
    for args in (["report", "v.json", "-o", "-"], [ESCAPES], ["report", "v.json", "--" + ESCAPES]):
        done = tool(*args, cwd=here)
        assert done.returncode in (1, 2)
        no_terminal_commands(done.stderr)
        assert "\\x1b" in done.stderr


def test_escape_sequences_in_a_bank_are_a_problem_with_their_place(here):
    bank = json.loads(json.dumps(SMALL_BANK))
    bank["themes"][0]["name"] = "Markets" + ESCAPES
    write_json(here / "bank.json", bank)
    done = tool("validate", "bank.json", cwd=here)
    assert done.returncode == 1
    no_terminal_commands(done.stdout + done.stderr)
    assert "themes[0].name: holds the control character \\x1b" in done.stderr


# 5. Every bad input is a message, never a traceback --------------------------------------


def test_the_data_block_of_a_report_nested_too_deeply_or_with_a_huge_number(here):
    opener = '<script type="application/json" id="ai-mba-fit-result">'
    for body in ("[" * 100_000 + "]" * 100_000, '{"answers": [' + "9" * 5000 + "]}"):
        (here / "r.html").write_text(f"<html>{opener}{body}</script></html>", encoding="utf-8")
        done = tool("report", "r.html", "-o", "-", cwd=here)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        assert done.stderr.startswith("ai-mba-fit: r.html (embedded data): 1 problem")


def test_an_output_under_a_folder_that_cannot_be_searched(tmp_path):
    with shared_folder() as shared:
        write_json(shared / "a.json", {"answers": PERSONA_PM})
        (shared / "closed").mkdir(mode=0o000)
        for where in (["-o", "closed/sub/x.html"], ["--out-dir", "closed/sub"]):
            done = subprocess.run(
                obeying_modes(sys.executable, "-m", "quiz", "report", "a.json", *where),
                cwd=shared,
                capture_output=True,
                text=True,
                stdin=subprocess.DEVNULL,
                timeout=60,
                env={**os.environ, "AI_MBA_FIT_NO_CACHE": "1"},
            )
            assert done.returncode == 1, done.stderr
            assert "Traceback" not in done.stderr
            assert done.stderr.count("\n") == 1, done.stderr
            assert "closed/sub: " in done.stderr and "no permission" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["report", "a.json", "-o", "-"],
        ["schema"],
        ["validate", "--samples", "20"],
        ["--help"],
        ["--version"],
        ["take", "--answers", "a.json", "--no-input", "--force"],
    ],
    ids=["report", "schema", "validate", "help", "version", "take-summary"],
)
def test_a_standard_output_that_cannot_be_written_is_one_message(here, args):
    need(os.path.exists("/dev/full"), "no /dev/full on this system")
    write_json(here / "a.json", {"answers": PERSONA_PM})
    with open("/dev/full", "w") as full:
        done = tool(*args, cwd=here, stdout=full)
    assert done.returncode == 1
    assert done.stderr == "ai-mba-fit: cannot write to standard output (the disk is full)\n"


def test_a_closed_pipe_stays_quiet(here):
    write_json(here / "a.json", {"answers": PERSONA_PM})
    done = subprocess.run(
        f"{sys.executable} -m quiz report a.json -o - | head -c 10 > /dev/null",
        shell=True,
        cwd=here,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert done.returncode == 0 and done.stderr == ""


@pytest.mark.parametrize("command", ["report", "take", "validate"])
def test_a_fifo_with_nothing_writing_to_it_is_refused_not_waited_on(
    here, command, monkeypatch, capsys
):
    import quiz.jsonfile

    monkeypatch.setattr(quiz.jsonfile, "PIPE_WAIT_SECONDS", 1)  # a bank may come from a pipe
    os.mkfifo(here / "fifo")
    args = {
        "report": ["report", "fifo", "-o", "-"],
        "take": ["take", "--answers", "fifo", "--no-input"],
        "validate": ["validate", "fifo"],
    }[command]
    started = time.monotonic()
    assert main(args) == 1
    assert time.monotonic() - started < 5  # it used to wait for ever
    assert "fifo: is a pipe" in capsys.readouterr().err


def test_a_device_or_a_socket_is_refused_at_once(here, capsys):
    assert main(["report", os.devnull, "-o", "-"]) == 1
    assert f"{os.devnull}: is a device, not a file" in capsys.readouterr().err
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(here / "sock"))
    try:
        assert main(["report", "sock", "-o", "-"]) == 1
        assert "sock: is a socket, not a file" in capsys.readouterr().err
    finally:
        server.close()


# 6. Bounded work ---------------------------------------------------------------------------


def test_a_megabyte_of_repeated_openers_is_read_in_one_pass(here, capsys):
    opener = '<script type="application/json" id="ai-mba-fit-result">'
    (here / "big.html").write_text(opener * (1_000_000 // len(opener)), encoding="utf-8")
    started = time.monotonic()
    assert main(["report", "big.html", "-o", "-"]) == 1
    assert time.monotonic() - started < 1  # it took about two minutes
    assert "is not an ai-mba-fit report" in capsys.readouterr().err


def test_jobs_are_capped_at_the_processors_there_are(here, capsys):
    for number in range(3):
        write_json(here / f"j{number}.json", {"answers": PERSONA_PM})
    assert main(["report", "j0.json", "j1.json", "j2.json", "--out-dir", "out", "-j", "1000"]) == 0
    err = capsys.readouterr().err
    processors = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    )
    assert f"--jobs 1000 is more than the {processors} processors here; using {processors}" in err
    assert len(list((here / "out").iterdir())) == 3


def test_a_pool_that_cannot_start_is_a_message(here, capsys, monkeypatch):
    import multiprocessing

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.Process, "start", refuse)
    for number in range(2):
        write_json(here / f"j{number}.json", {"answers": PERSONA_PM})
    assert main(["report", "j0.json", "j1.json", "--out-dir", "out", "-j", "2"]) == 1
    assert capsys.readouterr().err == (
        "ai-mba-fit: cannot start 2 worker processes (Resource temporarily unavailable)\n"
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_stopped_batch_ends_its_workers_and_leaves_no_temporary_files(tmp_path, signum):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(3000):
        write_json(inputs / f"r{number:04}.json", {"answers": {**PERSONA_PM, "name": f"R{number}"}})
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quiz",
            "report",
            *sorted(map(str, inputs.iterdir())),
            "--out-dir",
            str(out),
            "-j",
            "2",
        ],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    while not out.exists() or len(os.listdir(out)) < 50:
        assert batch.poll() is None, "the batch ended before it could be stopped"
        time.sleep(0.02)
    os.kill(batch.pid, signum)
    assert batch.wait(timeout=30) == 128 + signum
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):
        os.killpg(batch.pid, 0)  # no process of the batch's group is left
    assert [name for name in os.listdir(out) if name.endswith(".tmp")] == []
    assert b"Traceback" not in batch.stderr.read()  # type: ignore[union-attr]


# Found by a second attack on the fixes above ---------------------------------------------


def test_the_fallback_save_in_the_current_folder_never_replaces_a_file_there(here):
    answers = write_json(here / "in.answers.json", {"answers": PERSONA_PM})
    with tiny_disk(here / "disk", size="64k") as disk:
        (disk / "x.answers.json").write_bytes(answers.read_bytes())
        fill(disk)
        (here / "x.answers.json").write_text('{"answers": {"name": "Someone else"}}')
        done = tool("take", "--answers", str(disk / "x.answers.json"), "--no-input", cwd=here)
        assert "Traceback" not in done.stderr
    assert "Someone else" in (here / "x.answers.json").read_text(encoding="utf-8")
    assert "Ada" in (here / "x-2.answers.json").read_text(encoding="utf-8")


def test_a_current_folder_that_was_removed_is_a_message(tmp_path):
    write_json(tmp_path / "a.json", {"answers": PERSONA_PM})
    gone = tmp_path / "gone"
    script = (
        "import os, sys; os.chdir(sys.argv[1]); os.rmdir(sys.argv[1]);"
        "from quiz.cli import main; sys.exit(main(sys.argv[2:]))"
    )
    for args, code in (
        (["report", str(tmp_path / "a.json"), "-o", str(tmp_path / "r.html")], 0),
        (["report", str(tmp_path / "a.json")], 1),
        (["take", "--answers", str(tmp_path / "a.json"), "--no-input"], 1),
    ):
        gone.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", script, str(gone), *args],
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=60,
        )
        assert done.returncode == code, done.stderr
        assert "Traceback" not in done.stderr
        if code:
            assert "the current folder no longer exists" in done.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["schema"],
        ["report", "a.json", "-o", "-"],
        ["take", "--answers", "a.json", "--no-input", "--force"],
    ],
    ids=["version", "help", "schema", "report", "take"],
)
def test_a_closed_standard_output_is_one_message(here, args):
    write_json(here / "a.json", {"answers": PERSONA_PM})
    done = subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        cwd=here,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == "ai-mba-fit: standard output is closed\n"


def test_a_report_on_standard_output_is_utf_8_whatever_the_locale(here):
    write_json(here / "u.json", {"answers": {**PERSONA_PM, "name": "Zoë 王"}})
    for fmt in ("html", "json", "md"):
        done = subprocess.run(
            [sys.executable, "-m", "quiz", "report", "u.json", "-o", "-", "--format", fmt],
            cwd=here,
            capture_output=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONIOENCODING": "latin-1", "SOURCE_DATE_EPOCH": EPOCH},
        )
        assert done.returncode == 0, done.stderr
        assert "Zoë 王" in done.stdout.decode("utf-8"), fmt


def test_a_name_too_long_for_the_file_system_is_said_before_anything(here):
    write_json(here / "a.json", {"answers": PERSONA_PM})
    name = "a" * 248 + ".html"  # fits, but its answers file (…a.answers.json) does not
    done = tool("take", "--answers", "a.json", "--no-input", "-o", name, cwd=here)
    assert done.returncode == 1
    assert done.stderr.endswith(": the name is longer than this file system allows\n")
    assert sorted(p.name for p in here.iterdir()) == ["a.json"]


def test_a_newline_in_a_file_name_or_a_key_cannot_forge_a_line(here):
    forged = "x\nai-mba-fit: all reports written, nothing failed"
    write_json(here / f"{forged}.json", {"answers": PERSONA_PM})
    done = tool("report", f"{forged}.json", cwd=here)
    assert done.returncode == 0
    assert done.stdout.count("\n") == 1 and "x\\x0aai-mba-fit" in done.stdout
    write_json(here / "k.json", {"answers": {**PERSONA_PM, "x\nai-mba-fit: fine": 1}})
    done = tool("report", "k.json", "-o", "-", cwd=here)
    assert not any(line.startswith("ai-mba-fit: fine") for line in done.stderr.splitlines())
    assert "x\\x0aai-mba-fit: fine" in done.stderr


def test_a_number_too_long_is_named_where_it_is_not_where_a_long_legal_one_is(here):
    text = json.dumps({"answers": {**PERSONA_PM, "name": "Ann"}}, indent=1)
    legal, illegal = "1" * 4000, "4" * 5000
    text = text.replace('"business_case": 5', f'"business_case": {illegal}', 1)
    text = text.replace('"name": "Ann"', f'"bank_version": {legal}, "name": "Ann"', 1)
    (here / "n.json").write_text(text, encoding="utf-8")
    started = time.monotonic()
    done = tool("report", "n.json", "-o", "-", cwd=here)
    line = text[: text.index(illegal)].count("\n") + 1
    assert f"line {line}, column " in done.stderr and "a number of 5000 digits" in done.stderr
    assert time.monotonic() - started < 10


def test_a_home_set_but_empty_is_no_home_for_the_cache():
    from quiz.bankcache import cache_home

    assert cache_home(platform="linux", environ={"HOME": ""}, home=None) is None


def test_a_batch_worker_that_dies_is_a_message_not_a_hang(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(3000):
        write_json(inputs / f"r{number:04}.json", {"answers": PERSONA_PM})
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quiz",
            "report",
            *sorted(map(str, inputs.iterdir())),
            "--out-dir",
            str(out),
            "-j",
            "2",
        ],
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        text=True,
    )
    while not out.exists() or len(os.listdir(out)) < 50:
        assert batch.poll() is None
        time.sleep(0.02)
    children = subprocess.run(
        ["pgrep", "-P", str(batch.pid)], capture_output=True, text=True
    ).stdout.split()
    os.kill(int(children[0]), signal.SIGKILL)
    assert batch.wait(timeout=30) == 1
    err = batch.stderr.read()  # type: ignore[union-attr]
    assert "a worker process ended unexpectedly (exit code -9)" in err
    assert "Traceback" not in err
    assert [name for name in os.listdir(out) if name.endswith(".tmp")] == []


@pytest.mark.parametrize("twice", [False, True], ids=["once", "twice"])
def test_a_batch_on_one_process_stopped_leaves_no_temporary_files(tmp_path, twice):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(2000):
        write_json(inputs / f"r{number:04}.json", {"answers": PERSONA_PM})
    out = tmp_path / "out"
    for attempt in range(5):  # the signal lands somewhere else each time
        shutil.rmtree(out, ignore_errors=True)
        batch = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quiz",
                "report",
                *sorted(map(str, inputs.iterdir())),
                "--out-dir",
                str(out),
                "-j",
                "1" if not twice else "2",
            ],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        while not out.exists() or len(os.listdir(out)) < 20 + 37 * attempt:
            assert batch.poll() is None
            time.sleep(0.005)
        os.kill(batch.pid, signal.SIGTERM)
        if twice:
            os.kill(batch.pid, signal.SIGTERM)
        assert batch.wait(timeout=30) == 128 + signal.SIGTERM
        assert [name for name in os.listdir(out) if name.endswith(".tmp")] == [], attempt
        assert b"Traceback" not in batch.stderr.read()  # type: ignore[union-attr]


@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot remove the current folder")
@pytest.mark.parametrize("given", ["../out/./p.json", "./../out/p.json", "..//out/p.json"])
def test_an_input_is_never_written_over_when_the_current_folder_was_removed(here, capsys, given):
    # Without a current folder, paths cannot be resolved: they are compared as given,
    # tidied ("./", "//"), so an input named another way is still seen in the folder.
    (here / "out").mkdir()
    write_json(here / "out/p.json", {"answers": PERSONA_PM})
    before = (here / "out/p.json").read_bytes()
    (here / "gone").mkdir()
    os.chdir(here / "gone")
    (here / "gone").rmdir()
    args = ["report", given, "--format", "json", "--force"]
    assert main([*args, "--out-dir", "../out"]) == 0
    assert (here / "out/p.json").read_bytes() == before
    assert sorted(p.name for p in (here / "out").iterdir()) == ["p-2.json", "p.json"]
    assert main([*args, "-o", "../out/p.json"]) == 1
    assert "is an input itself" in capsys.readouterr().err
    assert (here / "out/p.json").read_bytes() == before


def test_a_chunk_handed_to_a_worker_that_has_just_died_stays_held_for_its_message():
    # A worker killed just after sending its answers has closed its end of the pipe: the
    # next chunk's send fails. That chunk stays held, so the worker's sentinel ends the batch
    # with "a worker process ended unexpectedly", not a BrokenPipeError's traceback.
    import multiprocessing

    from quiz import workers

    mine, theirs = multiprocessing.Pipe()
    theirs.close()
    held: dict[Any, range] = {}
    tasks = [("a.json", "a.html"), ("b.json", "b.html")]
    workers._hand_out(mine, iter([range(0, 2)]), tasks, held)
    assert held == {mine: range(0, 2)}
    mine.close()
