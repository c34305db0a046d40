"""Answer order carries no signal: each reader sees the options in an order of their own,
drawn once, kept in the answers file, and shown again the same through back, review and
resume. Scales keep their order."""

from __future__ import annotations

import json
import re

from quiz import constants as ui
from quiz.order import shown_options
from tests.test_quiz_pty import (
    ANY_KEY,
    BANK,
    CTRL_C,
    ENTER,
    EXIT_INTERRUPTED,
    SPACE,
    Terminal,
    find_console_script,
)

GOAL = BANK.question_by_id["goal_role"]


def order_on_screen(screen: str, labels: list[str]) -> list[str]:
    """The labels in the order they appear on the screen (their first appearance)."""
    flat = " ".join(screen.split())
    return sorted(labels, key=lambda label: flat.index(" ".join(label.split())[:30]))


def test_the_order_is_drawn_once_kept_in_the_answers_file_and_shown_again_on_resume(tmp_path):
    script = find_console_script()
    first = Terminal(script, [str(script), "take"], tmp_path, AI_MBA_FIT_BANK_ORDER="")
    first.see(ui.START)
    first.child.send(ANY_KEY)
    first.answer("name", "Ann" + ENTER)
    first.answer("role_now", ENTER)
    first.answer("done_at_work", SPACE + ENTER)
    first.question("goal_role")
    first.see(GOAL.options[-1].label)  # the whole list is drawn
    seen_first = order_on_screen(first.seen, [o.label for o in GOAL.options])
    first.child.send(CTRL_C)
    code, _ = first.finish()
    assert code == EXIT_INTERRUPTED

    saved = json.loads((tmp_path / "ai-mba-fit-report.answers.json").read_text(encoding="utf-8"))
    seed = saved["order"]
    assert isinstance(seed, int)
    expected = [o.label for o in shown_options(GOAL, seed)]
    assert seen_first == expected
    assert expected != [o.label for o in GOAL.options] or GOAL.options[-1].last

    again = Terminal(
        script,
        [str(script), "take", "--answers", "ai-mba-fit-report.answers.json"],
        tmp_path,
        AI_MBA_FIT_BANK_ORDER="",
    )
    again.see(ui.START)
    again.child.send(ANY_KEY)
    again.question("goal_role")
    again.see(GOAL.options[-1].label)
    assert order_on_screen(again.seen, [o.label for o in GOAL.options]) == expected
    again.child.send(CTRL_C)
    again.finish()


def test_two_readers_see_different_orders_and_the_last_option_stays_last(tmp_path):
    orders = set()
    for seed in range(1, 40):
        shown = [o.id for o in shown_options(GOAL, seed)]
        assert shown[-1] == "unsure_goal"  # "I'm not sure yet" is marked to stay last
        orders.add(tuple(shown))
    assert len(orders) > 30


def test_the_report_and_the_answers_file_keep_the_readers_order(tmp_path, monkeypatch):
    from quiz.cli import main
    from tests.conftest import PERSONA_PM

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    (tmp_path / "in.json").write_text(
        json.dumps({"order": 31337, "answers": PERSONA_PM}), encoding="utf-8"
    )
    out = tmp_path / "r.html"
    assert main(["take", "--answers", str(tmp_path / "in.json"), "--no-input", "-o", str(out)]) == 0
    kept = json.loads((tmp_path / "r.answers.json").read_text(encoding="utf-8"))
    assert kept["order"] == 31337
    appendix = out.read_text(encoding="utf-8").split('id="answers"')[1]
    goal = appendix.split(GOAL.prompt)[1].split("</ul>")[0]
    listed = re.findall(r"<li[^>]*>[✔○] (.*?)(?: \(your answer\))?</li>", goal)
    assert listed == [o.label for o in shown_options(GOAL, 31337)]
    # The report carries the seed, so it renders again the same.
    again = tmp_path / "again.html"
    assert main(["report", str(out), "-o", str(again)]) == 0
    assert again.read_bytes() == out.read_bytes()


def test_without_a_seed_the_order_is_the_banks(tmp_path):
    assert [o.id for o in shown_options(GOAL, None)] == [o.id for o in GOAL.options]
    scale = BANK.question_by_id["business_case"]
    assert shown_options(scale, 5) == []  # scales are not shuffled: they keep their steps


def test_scale_steps_are_drawn_in_order_with_their_words(tmp_path):
    script = find_console_script()
    terminal = Terminal(script, [str(script), "take"], tmp_path)
    terminal.see(ui.START)
    terminal.child.send(ANY_KEY)
    for question_id, keys in (
        ("name", "Ann" + ENTER),
        ("role_now", ENTER),
        ("done_at_work", SPACE + ENTER),
        ("goal_role", ENTER),
        ("program_gives", ENTER),
        ("sector", ENTER),
        ("week", ENTER),
    ):
        terminal.answer(question_id, keys)
    scale = BANK.question_by_id["business_case"]
    terminal.question("business_case")
    terminal.see(scale.labels[-1])
    assert order_on_screen(terminal.seen.split(scale.prompt[:30])[-1], scale.labels) == scale.labels
    terminal.child.send(CTRL_C)
    terminal.finish()
