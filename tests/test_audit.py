"""The checks `validate` runs on the scoring model: each is shown failing on a small bank
built to break it, and passing on the shipped bank."""

from __future__ import annotations

from typing import Any

import pytest

from quiz.audit import audit, pattern_answers
from quiz.bank import parse_bank
from quiz.cli import main
from quiz.scoring import answer_patterns
from tests.conftest import write_json


def findings(data: dict[str, Any], level: str | None = None) -> list[str]:
    _, found = audit(parse_bank(data, "b.json").bank, samples=300)
    return [f"{f.check}: {f.message}" for f in found if level is None or f.level == level]


def question(data: dict[str, Any], question_id: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == question_id)


def test_the_shipped_bank_passes_every_check_and_says_so_with_figures(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "2,000 answers files sampled (seed " in out
    for check in ("bands:", "pathways:", "themes:", "dead weight:", "straight-lining:", "ties:"):
        assert check in out
    assert "0 errors, 0 warnings" in out
    assert "strong\u00a0" in out and "%" in out
    assert "first\u00a0→\u00a0" in out and "everything\u00a0→\u00a0" in out


def test_a_small_bank_is_explored_answer_by_answer(small_bank):
    how, _ = audit(small_bank.bank)
    # week 3 × skills 6 × people 5 × (visa no, or visa yes × stay 2) = 270
    assert how == "all 270 answers files"


def test_a_band_no_answers_can_reach_is_an_error_naming_the_closest(small_bank_data):
    # Markets comes only from "price" and teams least from it: the best is price with
    # everything else for teams (on a visa, staying: the range grows to -1..10), markets
    # 100 and teams 9 → 10 of 11 = 90.9, shown as 91; overall (100 + 3 × 91) / 4 = 93.25. A band from
    # 95 is out of reach.
    strong, partial = small_bank_data["bands"][0], small_bank_data["bands"][1]
    strong["min"], partial["max"] = 95, 94
    errors = findings(small_bank_data, "error")
    assert errors == [
        "bands: no answers reach band 'Strong' (95–100); the closest overall fit found is 93, "
        "with week=price, skills=lead+sell, people=5, visa=yes, stay=yes"
    ]


def test_an_answer_that_moves_nothing_is_dead_weight_unless_marked_neutral(small_bank_data):
    warnings = findings(small_bank_data, "warning")
    assert "dead weight: questions[1] (week).options[0] (tune) moves no theme" in " ".join(warnings)
    assert any("questions[5] (stay).no" in w for w in warnings)
    assert not any("(visa)" in w for w in warnings), "a condition's answers decide what is asked"
    question(small_bank_data, "week")["options"][0]["neutral"] = True
    question(small_bank_data, "stay")["no"]["neutral"] = True
    assert not [w for w in findings(small_bank_data, "warning") if w.startswith("dead weight")]


def test_rewarding_always_the_first_answer_is_an_error(small_bank_data):
    # First everywhere: "price" (markets 4 of 4), "lead" (teams 2), the scale's first step
    # made the best, and yes to the visa and to staying: markets 100, teams 8 of (-1..10)
    # → 81.8, shown as 82; overall (100 + 3 × 82) / 4 = 86.5 → 87, Strong.
    week = question(small_bank_data, "week")
    week["options"].insert(0, week["options"].pop(1))
    people = question(small_bank_data, "people")
    people["low"], people["high"] = people["high"], people["low"]
    errors = findings(small_bank_data, "error")
    assert any(
        e.startswith("straight-lining: always choosing the first answer scores 87, 'Strong'")
        for e in errors
    ), errors


def test_a_pattern_the_reader_is_not_told_of_is_a_warning(small_bank_data):
    # The small bank has one single-choice question and one scale: too few to call a
    # pattern, so none is pointed out.
    assert any(
        w.startswith("straight-lining: always choosing the first answer is not pointed out")
        for w in findings(small_bank_data, "warning")
    )


def mirror_pathways(data: dict[str, Any]) -> None:
    """Give founder exactly strategy's points everywhere: they always tie, and a tie goes
    to strategy, listed first."""
    for q in data["questions"]:
        for effect in [
            *q.get("options", []),
            *(q[k] for k in ("low", "high", "yes", "no") if k in q),
        ]:
            points = effect.get("pathways", {})
            value = max(points.values(), default=0)
            effect["pathways"] = {"strategy": value, "founder": value} if value else {}


def test_a_pathway_that_can_never_come_first_is_an_error(small_bank_data):
    mirror_pathways(small_bank_data)
    errors = findings(small_bank_data, "error")
    assert [e for e in errors if e.startswith("pathways:")] == [
        "pathways: no answers put 'Founder' first; it is moved by questions week, skills, people"
    ]
    warnings = findings(small_bank_data, "warning")
    assert any(
        w.startswith("pathways: strategy comes first for 100.0% of the answers explored, over half")
        for w in warnings
    ), warnings


def test_validate_exits_1_on_a_model_error_and_names_the_file(tmp_path, small_bank_data, capsys):
    mirror_pathways(small_bank_data)
    path = write_json(tmp_path / "b.json", small_bank_data)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "ERROR   pathways: no answers put 'Founder' first" in captured.out
    assert "warning ties: top two pathways within 5 points in 100.0%" in captured.out
    assert captured.err.strip() == (
        f"ai-mba-fit: {path}: the scoring model has 1 error (marked ERROR above)"
    )


def test_ties_are_counted_over_every_answers_file(small_bank):
    # Brute force with score(): every answers file of the small bank, and how often its
    # second pathway is close to the top (within the bank's margin).
    import itertools

    from quiz.scoring import score

    skills = [["lead"], ["sell"], ["code"], ["lead", "sell"], ["lead", "code"], ["sell", "code"]]
    files = []
    for week, chosen, people in itertools.product(["tune", "price", "pitch"], skills, range(1, 6)):
        base = {"week": week, "skills": chosen, "people": people}
        files += [{**base, "visa": False}]
        files += [{**base, "visa": True, "stay": stay} for stay in (True, False)]
    close = sum(score(small_bank, answers, "d").pathways[1].close_to_top for answers in files)
    _, found = audit(small_bank.bank)
    [ties] = [f for f in found if f.check == "ties"]
    assert len(files) == 270
    assert f"within 5 points in {100 * close / 270:.1f}% of the answers explored" in ties.message


@pytest.mark.parametrize("pattern", ["first", "last", "middle", "everything"])
def test_the_shipped_bank_flags_every_straight_line_to_the_reader(shipped_bank, pattern):
    answers = pattern_answers(shipped_bank.bank, pattern)
    assert answer_patterns(shipped_bank.bank, answers)


def test_samples_and_seed_can_be_chosen_and_are_said(capsys):
    assert main(["validate", "--samples", "50", "--seed", "7"]) == 0
    assert "50 answers files sampled (seed 7)" in capsys.readouterr().out
    assert main(["validate", "--samples", "0"]) == 2
    assert "--samples must be 1 or more, not 0" in capsys.readouterr().err


def test_sampled_answers_files_are_complete_valid_and_the_same_for_the_same_seed(shipped_bank):
    from quiz.answers import check_answers, missing
    from quiz.audit import sample_answers

    bank = shipped_bank.bank
    drawn = sample_answers(bank, 40, seed=7)
    for answers in drawn:
        assert check_answers(bank, {"answers": answers}, "sample") == answers
        assert missing(bank, answers) == []
    assert drawn == sample_answers(bank, 40, seed=7)
    assert drawn != sample_answers(bank, 40, seed=8)
    assert len({str(sorted(a.items())) for a in drawn}) > 30  # varied, not one file 40 times
