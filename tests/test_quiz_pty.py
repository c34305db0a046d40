"""The installed `ai-mba-fit` command, end to end in a pseudo-terminal, as a reader meets it.

Each step waits for text the quiz draws itself (a question's prompt, the review hint) before
sending keys, never on a sleep: keys sent before a prompt takes the terminal would reach it
in line mode and be mangled.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from quiz import constants as ui
from quiz.answers import Answers, load_answers
from quiz.bank import Bank, LoadedBank, MultiChoice
from quiz.bankcache import load_bank
from quiz.resources import default_bank_path
from quiz.scoring import score

try:
    import pexpect
except ImportError:  # a developer's machine without the test extras
    pexpect = None

LOADED: LoadedBank = load_bank(default_bank_path())
BANK: Bank = LOADED.bank

DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
ENTER = "\r"
CTRL_C = "\x03"
ANY_KEY = "x"
EXIT_INTERRUPTED = 130
# The first characters of a prompt are drawn in one piece (long prompts wrap at 100 columns).
PROMPT_START = 40


def _missing(what: str) -> None:
    """Fail where CI runs (it must not pass by skipping), skip with the reason elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"{what}; CI must run the terminal tests")
    pytest.skip(what)


@pytest.fixture
def console_script() -> Path:
    """The installed `ai-mba-fit` command."""
    return find_console_script()


def find_console_script() -> Path:
    """The installed `ai-mba-fit` command, or a skip (a failure in CI) saying why not."""
    if pexpect is None:
        _missing("pexpect is not installed (pip install -e '.[test]')")
    beside_python = Path(sys.executable).parent / ui.PROG
    found = beside_python if beside_python.exists() else shutil.which(ui.PROG)
    if found is None:
        _missing(f"the {ui.PROG} command is not installed (pip install -e .)")
    return Path(found)


class Terminal:
    """One run of a command line in a 30-by-100 pseudo-terminal, in `folder`."""

    def __init__(
        self,
        script: Path,
        command: list[str],
        folder: Path,
        dimensions: tuple[int, int] = (30, 100),
        **extra_env: str,
    ) -> None:
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
        env.update(
            PROMPT_TOOLKIT_NO_CPR="1",
            TERM="xterm-256color",
            # The command's folder first, so a printed command line can be run as printed.
            PATH=f"{script.parent}{os.pathsep}{env.get('PATH', '')}",
            # Options in the bank's order, so "the first option" is the bank's first.
            AI_MBA_FIT_BANK_ORDER="1",
        )
        env.update(extra_env)
        self.child: Any = pexpect.spawn(
            command[0],
            command[1:],
            cwd=str(folder),
            env=env,
            dimensions=dimensions,
            encoding="utf-8",
            codec_errors="replace",
            timeout=5,
        )
        # Every send waits for the prompt to be drawn first; pexpect's own pause is not needed.
        self.child.delaybeforesend = None
        self.seen = ""

    def see(self, text: str) -> None:
        """Wait until the screen shows `text`; fail with the last of the screen if it does not."""
        try:
            self.child.expect_exact(text)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            shown = _plain(self.seen + (self.child.before or ""))[-1500:]
            self.child.close(force=True)
            pytest.fail(
                f"waited for {text!r} ({type(exc).__name__}); the screen last showed:\n{shown}"
            )
        self.seen += self.child.before + self.child.after

    def question(self, question_id: str) -> None:
        """Wait until the quiz asks this question."""
        self.see(BANK.question_by_id[question_id].prompt[:PROMPT_START])

    def answer(self, question_id: str, keys: str) -> None:
        self.question(question_id)
        self.child.send(keys)

    def review(self, keys: str) -> None:
        self.see(ui.REVIEW_HINT)
        self.child.send(keys)

    def finish(self) -> tuple[int, str]:
        """Wait for the command to end; its exit code and everything it showed."""
        try:
            self.child.expect(pexpect.EOF)
        except pexpect.TIMEOUT:
            self.child.close(force=True)
            pytest.fail(
                f"the command did not end; the screen last showed:\n{_plain(self.seen)[-1500:]}"
            )
        self.seen += self.child.before
        self.child.close()
        return self.child.exitstatus, _plain(self.seen)


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r\n", "\n")


def start(script: Path, folder: Path) -> Terminal:
    """`ai-mba-fit take` in `folder`, up to the welcome's "press any key", pressed."""
    terminal = Terminal(script, [str(script), "take"], folder)
    terminal.see(ui.START)
    terminal.child.send(ANY_KEY)
    return terminal


def first_option_keys(question_id: str) -> str:
    question = BANK.question_by_id[question_id]
    if question.kind == "text":
        return "Ann" + ENTER
    if isinstance(question, MultiChoice):
        return SPACE + ENTER
    return ENTER


def answer_with_first_options(terminal: Terminal, question_ids: list[str]) -> None:
    for question_id in question_ids:
        terminal.answer(question_id, first_option_keys(question_id))


def ids_between(first: str, last: str) -> list[str]:
    """Question ids in bank order from `first` to `last`, both included."""
    ids = [q.id for q in BANK.questions]
    return ids[ids.index(first) : ids.index(last) + 1]


def saved_path(output: str, label: str) -> Path:
    """The path printed after `label` (the summary's "Report:" or "Answers:")."""
    match = re.search(re.escape(label) + r"\s*(\S+)", output)
    assert match, f"no {label!r} line in:\n{output[-1500:]}"
    return Path(match.group(1))


def saved_answers(path: Path) -> Answers:
    return load_answers(BANK, path)


def test_a_full_run_writes_the_report_and_answers_and_prints_the_summary(
    console_script: Path, tmp_path: Path
) -> None:
    terminal = start(console_script, tmp_path)
    answer_with_first_options(terminal, [q.id for q in BANK.questions])  # f1_visa yes: all
    terminal.review(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    report = saved_path(output, ui.SUMMARY_REPORT.format(path=""))
    answers_file = saved_path(output, ui.SUMMARY_ANSWERS.format(path=""))
    assert report == tmp_path / "ai-mba-fit-report.html" and report.is_file()
    assert answers_file == tmp_path / "ai-mba-fit-report.answers.json"
    answers = saved_answers(answers_file)
    assert list(answers) == [q.id for q in BANK.questions]
    assert json.loads(answers_file.read_text(encoding="utf-8"))["complete"] is True

    result = score(LOADED, answers, "2026-01-01")
    assert ui.SUMMARY_OVERALL.format(score=result.overall, band=result.band.label) in output
    assert len(result.themes) == 4
    for theme in result.themes:
        bar = rf"{re.escape(theme.short)}\s+[█░#-]{{20}}\s+{theme.score}\n"
        assert re.search(bar, output), (
            f"no bar for {theme.short} ({theme.score}) in:\n{output[-1500:]}"
        )
    best = result.pathways[0]
    assert f"Best pathway: {best.name}" in " ".join(output.split())  # it may wrap
    assert "Traceback" not in output


def test_going_back_once_changes_the_earlier_answer(console_script: Path, tmp_path: Path) -> None:
    role = BANK.question_by_id["role_now"]
    done = BANK.question_by_id["done_at_work"]
    terminal = start(console_script, tmp_path)
    terminal.answer("name", "Ann" + ENTER)
    terminal.answer("role_now", ENTER)  # the first role
    terminal.answer("done_at_work", DOWN * len(done.options) + ENTER)  # "Back"
    terminal.answer("role_now", DOWN + ENTER)  # the cursor is on the first role: take the second
    answer_with_first_options(terminal, ids_between("done_at_work", "funding"))
    terminal.review(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    answers = saved_answers(saved_path(output, ui.SUMMARY_ANSWERS.format(path="")))
    assert answers["role_now"] == role.options[1].id
    assert answers["done_at_work"] == [done.options[0].id]


def test_changing_an_answer_on_the_review_screen_is_what_gets_saved(
    console_script: Path, tmp_path: Path
) -> None:
    pace = BANK.question_by_id["pace"]
    shown = [q.id for q in BANK.questions]  # f1_visa yes: every question is shown
    terminal = start(console_script, tmp_path)
    answer_with_first_options(terminal, shown)
    terminal.review(DOWN * (shown.index("pace") + 1) + ENTER)
    terminal.answer("pace", DOWN * 2 + ENTER)  # from the first pace to the third
    terminal.review(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    answers = saved_answers(saved_path(output, ui.SUMMARY_ANSWERS.format(path="")))
    assert answers["pace"] == pace.options[2].id
    assert answers["role_now"] == BANK.question_by_id["role_now"].options[0].id


def test_stay_to_work_is_asked_after_f1_visa_yes_and_dropped_when_review_changes_it_to_no(
    console_script: Path, tmp_path: Path
) -> None:
    shown = [q.id for q in BANK.questions]
    terminal = start(console_script, tmp_path)
    answer_with_first_options(terminal, ids_between("name", "f1_visa"))  # f1_visa: yes
    terminal.answer("stay_to_work", ENTER)  # asked because of the yes
    terminal.answer("funding", SPACE + ENTER)
    terminal.review(DOWN * (shown.index("f1_visa") + 1) + ENTER)
    terminal.answer("f1_visa", DOWN + ENTER)  # the cursor is on "Yes": choose "No"
    terminal.review(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    answers_file = saved_path(output, ui.SUMMARY_ANSWERS.format(path=""))
    saved = json.loads(answers_file.read_text(encoding="utf-8"))["answers"]
    assert saved["f1_visa"] is False
    assert "stay_to_work" not in saved


def test_a_name_left_empty_is_not_counted_among_the_answers_saved(
    console_script: Path, tmp_path: Path
) -> None:
    terminal = start(console_script, tmp_path)
    terminal.answer("name", ENTER)
    terminal.answer("role_now", ENTER)
    terminal.answer("done_at_work", CTRL_C)

    code, output = terminal.finish()

    assert code == EXIT_INTERRUPTED, output[-1500:]
    partial = tmp_path / "ai-mba-fit-report.answers.json"
    assert f"{ui.SAVED_ANSWERS_ONE}\n  {partial}\n" in output.replace("\r\n", "\n")
    assert set(saved_answers(partial)) == {"name", "role_now"}


def test_ctrl_c_on_question_3_saves_answers_and_the_printed_resume_command_asks_only_the_rest(
    console_script: Path, tmp_path: Path
) -> None:
    role = BANK.question_by_id["role_now"]
    terminal = start(console_script, tmp_path)
    terminal.answer("name", "Ann" + ENTER)
    terminal.answer("role_now", DOWN + ENTER)
    terminal.answer("done_at_work", CTRL_C)

    code, output = terminal.finish()

    assert code == EXIT_INTERRUPTED, output[-1500:]
    assert "Traceback" not in output
    partial = tmp_path / "ai-mba-fit-report.answers.json"
    assert f"{ui.SAVED_ANSWERS.format(count=2)}\n  {partial}\n" in output.replace("\r\n", "\n")
    assert saved_answers(partial) == {"name": "Ann", "role_now": role.options[1].id}
    resume = re.search(re.escape(f"{ui.PROG} take --answers ") + r"\S+", output)
    assert resume, f"no resume command in:\n{output[-1500:]}"
    assert resume.group(0) == f"{ui.PROG} take --answers {partial}"

    resumed = Terminal(console_script, shlex.split(resume.group(0)), tmp_path)
    # stay_to_work waits on f1_visa: not counted until it is asked
    left = len(ids_between("done_at_work", "funding")) - 1
    resumed.see(ui.WELCOME_LEFT.format(answered=2, total=2 + left, count=left))
    resumed.child.send(ANY_KEY)
    resumed.see(
        ui.PROGRESS.format(
            section=BANK.section_by_id["now"].title, number=3, total=len(BANK.questions) - 1
        )
    )
    answer_with_first_options(resumed, ids_between("done_at_work", "funding"))
    resumed.review(ENTER)

    code, output = resumed.finish()

    assert code == 0, output[-1500:]
    assert BANK.question_by_id["name"].prompt not in output
    assert BANK.question_by_id["role_now"].prompt not in output
    answers = saved_answers(saved_path(output, ui.SUMMARY_ANSWERS.format(path="")))
    assert answers["name"] == "Ann" and answers["role_now"] == role.options[1].id
    assert list(answers) == [q.id for q in BANK.questions]


def test_ctrl_c_on_the_review_screen_and_resuming_brings_the_review_back(
    console_script: Path, tmp_path: Path
) -> None:
    terminal = start(console_script, tmp_path)
    terminal.answer("name", "Ann" + ENTER)
    answer_with_first_options(terminal, ids_between("role_now", "funding"))
    terminal.review(CTRL_C)
    code, output = terminal.finish()
    assert code == EXIT_INTERRUPTED, output[-1500:]
    partial = tmp_path / "ai-mba-fit-report.answers.json"
    assert not (tmp_path / "ai-mba-fit-report.html").exists()

    resumed = Terminal(console_script, ["ai-mba-fit", "take", "--answers", str(partial)], tmp_path)
    resumed.see(ui.WELCOME_ALL_ANSWERED)
    resumed.review(DOWN * 2 + ENTER)  # the first question after "write my report": role_now
    resumed.answer("role_now", DOWN + ENTER)
    resumed.review(ENTER)
    code, output = resumed.finish()

    assert code == 0, output[-1500:]
    assert saved_answers(partial)["role_now"] == BANK.question_by_id["role_now"].options[1].id
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ai-mba-fit-report.answers.json",
        "ai-mba-fit-report.html",
    ]


CTRL_D = "\x04"


@pytest.mark.parametrize(
    ("stop", "code"),
    [("ctrl-d", EXIT_INTERRUPTED), ("SIGTERM", 128 + 15), ("SIGHUP", 128 + 1)],
)
def test_ctrl_d_sigterm_and_a_closed_terminal_on_a_choice_question_save_the_answers(
    console_script: Path, tmp_path: Path, stop: str, code: int
) -> None:
    import signal

    terminal = start(console_script, tmp_path)
    terminal.answer("name", "Ann" + ENTER)
    terminal.answer("role_now", ENTER)
    terminal.question("done_at_work")
    if stop == "ctrl-d":
        terminal.child.send(CTRL_D)
    else:
        terminal.child.kill(getattr(signal, stop))

    exit_code, output = terminal.finish()

    assert exit_code == code, output[-1500:]
    assert "Traceback" not in output
    partial = tmp_path / "ai-mba-fit-report.answers.json"
    assert saved_answers(partial) == {
        "name": "Ann",
        "role_now": BANK.question_by_id["role_now"].options[0].id,
    }


def test_a_40_column_dumb_terminal_without_colour_can_take_the_whole_quiz(
    console_script: Path, tmp_path: Path
) -> None:
    terminal = Terminal(
        console_script,
        [str(console_script)],
        tmp_path,
        dimensions=(24, 40),
        TERM="dumb",
        NO_COLOR="1",
    )
    terminal.see("Press any key")
    terminal.child.send(ANY_KEY)
    # With the first option everywhere (yes to the visa) every question is shown, in order.
    for number, question in enumerate(BANK.questions, start=1):
        terminal.see(f"question\u00a0{number}\u00a0of")
        terminal.child.send(first_option_keys(question.id))
    terminal.see("write my report")
    terminal.child.send(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    summary = output[output.index("Overall fit") :]
    assert "\x1b[" not in summary, "no colour codes when NO_COLOR is set"
    assert all(
        len(line) <= 40
        for line in summary.splitlines()
        if not line.startswith(("Report:", "Answers:"))
    ), summary
    assert "#" in summary and "█" not in summary, "plain bars on a dumb terminal"


def test_stopping_again_while_resuming_adds_to_the_file_resumed_from(
    console_script: Path, tmp_path: Path
) -> None:
    progress = tmp_path / "mine.json"
    progress.write_text(json.dumps({"answers": {"name": "Ann"}}), encoding="utf-8")
    # Given as a relative path: the file and the resume command are printed in full.
    terminal = Terminal(
        console_script, [str(console_script), "take", "--answers", "mine.json"], tmp_path
    )
    terminal.see(ui.START)
    terminal.child.send(ANY_KEY)
    terminal.answer("role_now", ENTER)
    terminal.answer("done_at_work", CTRL_C)

    code, output = terminal.finish()

    assert code == EXIT_INTERRUPTED, output[-1500:]
    assert saved_answers(progress) == {
        "name": "Ann",
        "role_now": BANK.question_by_id["role_now"].options[0].id,
    }
    assert f"{ui.SAVED_ANSWERS.format(count=2)}\n  {progress}\n" in output.replace("\r\n", "\n")
    assert f"take --answers {progress}" in output
    assert f"take --answers {progress}" in output
    assert not (tmp_path / "ai-mba-fit-report.answers.json").exists()


def test_a_terminal_resized_during_the_quiz_is_followed_from_the_next_question(
    console_script: Path, tmp_path: Path
) -> None:
    terminal = start(console_script, tmp_path)
    terminal.answer("name", "Ann" + ENTER)
    terminal.answer("role_now", ENTER)
    terminal.question("done_at_work")
    terminal.child.setwinsize(30, 40)
    terminal.child.send(SPACE + ENTER)
    # Wrapped at word breaks for 40 columns: the prompt's first line ends before "roles".
    terminal.see("Five years from now, which of these")
    terminal.see("roles would you most like to hold?")
    assert "\n" in terminal.child.before
    terminal.child.send(CTRL_C)
    code, _ = terminal.finish()
    assert code == EXIT_INTERRUPTED


def test_a_tick_past_the_limit_is_said_at_once_before_enter(
    console_script: Path, tmp_path: Path
) -> None:
    # In tmux, a real terminal emulator: questionary's message line sits at the foot of
    # the screen, which prompt_toolkit draws only where it knows the terminal's height.
    import subprocess
    import time

    from tests.conftest import SMALL_BANK, write_json

    tmux = shutil.which("tmux")
    if tmux is None:
        _missing("tmux is not installed (apt-get install tmux)")
    assert tmux is not None
    bank = write_json(tmp_path / "small.json", SMALL_BANK)
    socket = str(tmp_path / "tmux.sock")

    def run(*args: str) -> str:
        done = subprocess.run([tmux, "-S", socket, *args], capture_output=True, text=True)
        return done.stdout

    def screen_shows(text: str) -> bool:
        for _ in range(100):
            if text in run("capture-pane", "-p", "-J"):
                return True
            time.sleep(0.05)
        return False

    command = (
        f"AI_MBA_FIT_BANK_ORDER=1 {shlex.quote(str(console_script))} take "
        f"--questions {shlex.quote(str(bank))} -o {shlex.quote(str(tmp_path / 'r.html'))}"
    )
    run("new-session", "-d", "-x", "100", "-y", "30", "-c", str(tmp_path), command)
    try:
        for shown, keys in (
            (ui.START[:20], ["x"]),
            ("Name?", ["Ann", "Enter"]),
            ("Done at work?", ["Space", "Enter"]),
            ("Which week?", ["Enter"]),
        ):
            assert screen_shows(shown), run("capture-pane", "-p", "-J")
            run("send-keys", "-t", "0", *keys)
        assert screen_shows("Which?")
        run("send-keys", "-t", "0", "Space", "Down", "Space", "Down", "Space")  # no Enter
        assert screen_shows(ui.CHOOSE_AT_MOST.format(count=2)), run("capture-pane", "-p", "-J")
    finally:
        run("kill-server")


def test_a_printed_command_runs_as_pasted_when_the_tool_was_started_by_its_full_path(
    console_script: Path, tmp_path: Path
) -> None:
    # No activated environment: the command's folder is not on PATH.
    import subprocess

    unfinished = tmp_path / "half.json"
    unfinished.write_text(json.dumps({"answers": {"name": "Ann"}}), encoding="utf-8")
    env = {**os.environ, "PATH": os.defpath}
    done = subprocess.run(
        [str(console_script), "report", str(unfinished)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    printed = done.stderr.split("To answer the rest in the quiz:\n")[1].splitlines()[0]
    words = shlex.split(printed)
    assert words[1:] == ["take", "--answers", str(unfinished)]
    # Pasted as printed (with --version, so nothing waits for a terminal), it runs.
    again = subprocess.run([*words[:1], "--version"], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and again.stdout.startswith(f"{ui.PROG} ")
