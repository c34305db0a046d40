"""`compare OLD NEW`: a retake a year later, with a bank that changed in between."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quiz.bank.history import fingerprint, history
from quiz.cli import main
from quiz.resources import default_bank_path
from tests.conftest import PERSONA_PM, write_json

HERE = Path(__file__).resolve().parent / "compare"
# A report made a year before by the tool of then, with bank 2.2.0 (commit a12af6f), and
# the same reader's answers today: a new job, a founder's goal, less of the business case.
OLD_REPORT = HERE / "sam-2025.html"
NEW_ANSWERS = HERE / "sam-2026.answers.json"


def test_the_shipped_bank_is_recorded_in_the_history_under_its_version():
    raw = json.loads(default_bank_path().read_text(encoding="utf-8"))
    assert history().get(raw["version"]) == fingerprint(raw), (
        "questions.json changed without its version recorded: "
        "bump its version and run `python -m quiz.bank.history`"
    )


def test_a_retake_a_year_later_names_what_moved_and_what_cannot_be_matched(capsys):
    assert main(["compare", str(OLD_REPORT), str(NEW_ANSWERS)]) == 0
    out = capsys.readouterr().out
    # The figures of then are the ones the old report showed.
    assert "(report, 2025-01-01, bank 2.2.0)" in out
    assert "Overall fit: 69 Good fit → 60 Good fit (−9)" in out
    # The theme moved, with the one changed answer that moved it.
    assert "From models to markets               73 →  55  (−18)" in out
    assert "Making the business case: A good part → A little (−18 on its own)" in out
    # The current job's question changed between the banks: listed, never matched.
    assert "Your work today: I analyse data" in out and "(not matched)" in out
    assert "5 questions changed wording or points between them and are not matched:" in out
    assert "  Your work today\n" in out
    assert "different rules" in out  # the bands moved between 2.2.0 and 2.4.0


def test_the_same_answers_twice_move_nothing(tmp_path, capsys):
    one = write_json(tmp_path / "a.json", {"answers": PERSONA_PM})
    assert main(["compare", str(one), str(one)]) == 0
    out = capsys.readouterr().out
    assert "(±0)" in out and "Answers changed" not in out
    assert "every answer is matched" in out


def test_a_bank_version_the_tool_has_no_record_of_matches_nothing(tmp_path, capsys):
    old = write_json(tmp_path / "old.json", {"bank_version": "0.9.0", "answers": PERSONA_PM})
    new = write_json(tmp_path / "new.json", {"answers": {**PERSONA_PM, "business_case": 1}})
    assert main(["compare", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "no record of bank 0.9.0, so no question can be matched" in out
    assert "on its own" not in out  # no change is taken as the reason for a move
    assert "(not matched)" in out


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_each_format_carries_the_same_comparison(tmp_path, capsys, fmt):
    target = tmp_path / f"moved.{fmt}"
    assert main(["compare", str(OLD_REPORT), str(NEW_ANSWERS), "-o", str(target)]) == 0
    assert f"Comparison: {target}" in capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    if fmt == "json":
        data = json.loads(text)
        assert data["then"]["figures"]["overall"] == 69 and data["moved"] == -9
        assert "Your work today" in data["not_matched"]
        return
    assert "Making the business case" in text and "Your work today" in text
    if fmt == "html":
        assert "<script" not in text and "Content-Security-Policy" in text


def test_an_existing_file_is_kept_and_an_input_is_never_written_over(tmp_path, capsys):
    target = tmp_path / "moved.html"
    target.write_text("mine", encoding="utf-8")
    assert main(["compare", str(OLD_REPORT), str(NEW_ANSWERS), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "moved-2.html").exists()
    new = tmp_path / "new.json"
    new.write_bytes(NEW_ANSWERS.read_bytes())
    assert main(["compare", str(OLD_REPORT), str(new), "-o", str(new), "--force"]) == 2
    assert "is an input itself" in capsys.readouterr().err
    assert json.loads(new.read_text(encoding="utf-8"))["answers"]


def test_private_leaves_the_name_out(tmp_path, capsys):
    old = write_json(tmp_path / "old.json", {"answers": {**PERSONA_PM, "name": "Ann"}})
    new = write_json(tmp_path / "new.json", {"answers": {**PERSONA_PM, "name": "Ann Lee"}})
    assert main(["compare", str(old), str(new)]) == 0
    assert "Ann Lee" in capsys.readouterr().out
    assert main(["compare", str(old), str(new), "--private"]) == 0
    assert "Ann" not in capsys.readouterr().out


def test_a_broken_file_is_one_message_naming_it_and_exit_1(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text('{"answers": {"role_now": "astronaut"', encoding="utf-8")
    assert main(["compare", str(broken), str(NEW_ANSWERS)]) == 1
    err = capsys.readouterr().err
    assert str(broken) in err and "Traceback" not in err and len(err.strip().splitlines()) <= 3


def test_a_several_choice_answer_says_what_was_ticked_and_unticked(tmp_path, capsys):
    old = write_json(tmp_path / "old.json", {"answers": PERSONA_PM})
    ticked = [*PERSONA_PM["done_at_work"][1:], "sold"]
    new = write_json(tmp_path / "new.json", {"answers": {**PERSONA_PM, "done_at_work": ticked}})
    assert main(["compare", str(old), str(new)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("  Done at work"))
    assert "now also Sold something to paying customers" in line
    assert line.count("→") == 0 and "no longer " in line
