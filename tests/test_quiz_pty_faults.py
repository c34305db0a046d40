"""The quiz in a pseudo-terminal when things go wrong: a signal at any prompt, bytes that
are not UTF-8, a full disk, a folder that cannot be used, and `--private`."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest

from quiz import constants as ui
from quiz.bank import FreeText, MultiChoice, Question, Scale, SingleChoice, YesNo
from tests.system import fill, tiny_disk
from tests.test_quiz_pty import (
    ANY_KEY,
    BANK,
    CTRL_C,
    ENTER,
    EXIT_INTERRUPTED,
    Terminal,
    find_console_script,
    first_option_keys,
    saved_answers,
    start,
)


def first_option_path() -> list[Question]:
    """The questions shown, in order, to someone who takes the first option everywhere."""
    answers: dict[str, object] = {}
    shown = []
    for question in BANK.questions:
        if not question.applies(answers):  # type: ignore[arg-type]
            continue
        shown.append(question)
        if isinstance(question, SingleChoice):
            answers[question.id] = question.options[0].id
        elif isinstance(question, MultiChoice):
            answers[question.id] = [question.options[0].id]
        elif isinstance(question, Scale):
            answers[question.id] = (question.min + question.max) // 2
        elif isinstance(question, YesNo):
            answers[question.id] = True
        else:
            answers[question.id] = "Ann"
    return shown


@pytest.fixture
def console_script() -> Path:
    return find_console_script()


KINDS = {"text": FreeText, "single": SingleChoice, "multi": MultiChoice, "scale": Scale}
KINDS["yesno"] = YesNo


@pytest.mark.parametrize("prompt", ["welcome", *KINDS, "review"])
def test_kill_int_at_every_kind_of_prompt_stops_as_ctrl_c_does(console_script, tmp_path, prompt):
    terminal = Terminal(console_script, [str(console_script), "take"], tmp_path)
    terminal.see(ui.START)
    answered = 0
    if prompt != "welcome":
        terminal.child.send(ANY_KEY)
        for question in first_option_path():
            terminal.question(question.id)
            if prompt != "review" and isinstance(question, KINDS[prompt]):
                break
            terminal.child.send(first_option_keys(question.id))
            answered += 1
        if prompt == "review":
            terminal.see(ui.REVIEW_HINT)
    os.kill(terminal.child.pid, signal.SIGINT)

    code, output = terminal.finish()

    assert code == EXIT_INTERRUPTED, output[-1500:]
    assert "Stopped." in output and "Traceback" not in output
    partial = tmp_path / "ai-mba-fit-report.answers.json"
    if answered:
        assert len(saved_answers(partial)) == answered
    else:
        assert not partial.exists()


def test_a_name_typed_in_a_latin_1_terminal_is_kept_as_the_letters_typed(console_script, tmp_path):
    terminal = start(console_script, tmp_path)
    path = first_option_path()
    assert isinstance(path[0], FreeText)
    terminal.question(path[0].id)
    os.write(terminal.child.child_fd, b"Ren\xe9e\r")  # é in Latin-1: not UTF-8
    for question in path[1:]:
        terminal.answer(question.id, first_option_keys(question.id))
    terminal.review(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    answers = saved_answers(tmp_path / "ai-mba-fit-report.answers.json")
    assert answers[path[0].id] == "Renée"
    assert "Renée" in (tmp_path / "ai-mba-fit-report.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("when", ["at the end", "on ctrl-c"])
def test_on_a_full_disk_the_answers_are_shown_so_none_is_lost(console_script, tmp_path, when):
    with tiny_disk(tmp_path / "disk", size="64k") as disk:
        fill(disk)
        terminal = start(console_script, disk)
        path = first_option_path()
        stop_at = 3 if when == "on ctrl-c" else len(path)
        for question in path[:stop_at]:
            terminal.answer(question.id, first_option_keys(question.id))
        if when == "at the end":
            terminal.review(ENTER)
        else:
            terminal.question(path[stop_at].id)
            terminal.child.send(CTRL_C)

        code, output = terminal.finish()

    assert code == (1 if when == "at the end" else EXIT_INTERRUPTED), output[-1500:]
    assert "Traceback" not in output
    assert "could not save your answers" in output and "the disk is full" in output
    shown = output.split(ui.ANSWERS_RULE)[1]
    assert list(json.loads(shown)["answers"]) == [q.id for q in path[:stop_at]]


def test_a_report_folder_that_does_not_exist_is_said_before_the_first_question(
    console_script, tmp_path
):
    terminal = Terminal(
        console_script, [str(console_script), "take", "-o", "gone/r.html"], tmp_path
    )

    code, output = terminal.finish()

    assert code == 1
    assert "ai-mba-fit: gone: no such folder" in output
    assert ui.START not in output


def test_private_never_asks_the_name_and_writes_it_nowhere(console_script, tmp_path):
    terminal = Terminal(console_script, [str(console_script), "take", "--private"], tmp_path)
    terminal.see(ui.START)
    terminal.child.send(ANY_KEY)
    path = [q for q in first_option_path() if not isinstance(q, FreeText)]
    for number, question in enumerate(path, start=1):
        terminal.see(f"question\u00a0{number}\u00a0of")
        terminal.answer(question.id, first_option_keys(question.id))
    terminal.review(ENTER)

    code, output = terminal.finish()

    assert code == 0, output[-1500:]
    name = next(q for q in BANK.questions if isinstance(q, FreeText))
    assert name.prompt not in output
    saved = json.loads((tmp_path / "ai-mba-fit-report.answers.json").read_text(encoding="utf-8"))
    assert name.id not in saved["answers"]


def test_closing_the_terminal_mid_quiz_keeps_the_answers(console_script, tmp_path):
    terminal = start(console_script, tmp_path)
    path = first_option_path()
    for question in path[:3]:
        terminal.answer(question.id, first_option_keys(question.id))
    terminal.question(path[3].id)
    os.close(terminal.child.child_fd)  # the window closes: reads and writes fail, SIGHUP
    os.kill(terminal.child.pid, signal.SIGHUP)
    _, status = os.waitpid(terminal.child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGHUP
    saved = saved_answers(tmp_path / "ai-mba-fit-report.answers.json")
    assert list(saved) == [q.id for q in path[:3]]


def test_stopping_a_quiz_resumed_from_a_report_never_writes_over_the_report(
    console_script, tmp_path
):
    from quiz.cli import main
    from tests.conftest import PERSONA_PM, write_json

    write_json(tmp_path / "a.json", {"answers": PERSONA_PM})
    assert main(["report", str(tmp_path / "a.json"), "-o", str(tmp_path / "old.html")]) == 0
    before = (tmp_path / "old.html").read_bytes()
    terminal = Terminal(
        console_script, [str(console_script), "take", "--answers", "old.html"], tmp_path
    )
    terminal.see(ui.REVIEW_HINT)  # every answer is in the report: the review comes first
    terminal.child.send(CTRL_C)
    code, output = terminal.finish()
    assert code == EXIT_INTERRUPTED
    assert (tmp_path / "old.html").read_bytes() == before
    saved = tmp_path / "ai-mba-fit-report.answers.json"  # a new answers file, beside
    assert f"take --answers {saved}" in output
    assert saved_answers(saved)["goal_role"] == PERSONA_PM["goal_role"]


@pytest.mark.parametrize("gap", [0.0, 0.006, 0.012])
def test_two_quick_interrupts_still_keep_the_answers(console_script, tmp_path, gap):
    import time

    terminal = start(console_script, tmp_path)
    path = first_option_path()
    for question in path[:2]:
        terminal.answer(question.id, first_option_keys(question.id))
    terminal.question(path[2].id)
    os.kill(terminal.child.pid, signal.SIGINT)
    time.sleep(gap)
    os.kill(terminal.child.pid, signal.SIGINT)

    code, output = terminal.finish()

    assert code == EXIT_INTERRUPTED, output[-1500:]
    assert "Traceback" not in output and "Exception" not in output
    assert len(saved_answers(tmp_path / "ai-mba-fit-report.answers.json")) == 2


def test_a_quiz_whose_output_is_redirected_says_so_instead_of_drawing(console_script, tmp_path):
    terminal = Terminal(
        console_script, ["sh", "-c", f"'{console_script}' take > /dev/full"], tmp_path
    )
    code, output = terminal.finish()
    assert code == 2
    assert "there is no terminal to ask in" in output and "Traceback" not in output
