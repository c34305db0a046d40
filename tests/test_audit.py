"""The checks `validate` runs on the scoring model: each is shown failing on a small bank
built to break it, and passing on the shipped bank."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from quiz.audit import audit, pattern_answers
from quiz.bank import parse_bank
from quiz.cli import main
from quiz.scoring import answer_patterns
from tests.conftest import write_json


def findings(data: dict[str, Any], level: str | None = None, check: str | None = None) -> list[str]:
    _, found = audit(parse_bank(data, "b.json").bank, samples=300)
    return [
        f"{f.check}: {f.message}"
        for f in found
        if (level is None or f.level == level) and (check is None or f.check == check)
    ]


def question(data: dict[str, Any], question_id: str) -> dict[str, Any]:
    return next(q for q in data["questions"] if q["id"] == question_id)


def test_the_shipped_bank_passes_every_check_and_says_so_with_figures(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "2,000 answers files sampled (seed " in out
    for check in (
        "bands:",
        "pathways:",
        "routes:",
        "themes:",
        "balance:",
        "fit sources:",
        "position bias:",
        "flags:",
        "dead weight:",
        "ties:",
    ):
        assert check in out, check
    assert "0 errors, 0 warnings" in out
    # Every theme fed alike; answering by position lands in the middle, and is pointed out.
    for theme in ("markets", "teams", "ethics", "business"):
        assert f"{theme}\u00a03" in out and f"{theme}\u00a011" in out
    assert "first\u00a0→\u00a0" in out and "yes\u00a0to\u00a0everything\u00a0→\u00a0" in out


def test_a_small_bank_is_explored_answer_by_answer(small_bank):
    how, _ = audit(small_bank.bank)
    # done 8 (7 sets of three boxes, or none) × week 3 × skills 6 × people 5 × (visa no,
    # or visa yes × stay 2) = 2,160
    assert how == "all 2,160 answers files"


def test_a_band_no_answers_can_reach_is_an_error_naming_the_closest(small_bank_data):
    # The most: price (markets 4 of 4), lead (teams 3 of 3), people 5 (4 of 4), on a visa
    # and staying (2 of 2): teams 9 of 10 with week 0 of 1 → 90; overall (100 + 270) / 4 =
    # 92.5 → 93. A band from 95 is out of reach.
    strong, partial = small_bank_data["bands"][0], small_bank_data["bands"][1]
    strong["min"], partial["max"] = 95, 94
    assert findings(small_bank_data, "error", "bands") == [
        "bands: no answers reach band 'Strong' (95–100); the closest overall fit found is 93, "
        "with done=budget, week=price, skills=lead, people=5, visa=yes, stay=yes"
    ]


def test_themes_fed_by_few_questions_or_few_points_are_out_of_balance(small_bank_data):
    # Markets comes from one question (4 points), teams from three (8 points).
    errors = findings(small_bank_data, "error", "balance")
    assert errors == [
        "balance: answers per theme: markets\u00a01 · teams\u00a03; markets, teams more than 20% "
        "from their mean (2): feed every theme alike",
        "balance: span per theme: markets\u00a04 · teams\u00a08 points; markets, teams more than "
        "20% from their mean (6): feed every theme alike",
    ]


def test_fit_points_on_a_question_about_the_past_or_practicalities_are_an_error(small_bank_data):
    question(small_bank_data, "visa")["yes"]["themes"] = {"teams": 1}
    question(small_bank_data, "done")["options"][0]["themes"] = {"markets": 1}
    errors = findings(small_bank_data, "error", "fit sources")
    assert [e.split(" carries")[0] for e in errors] == [
        "fit sources: questions[1].options[0] (done)",
        "fit sources: questions[5].yes (visa)",
    ]


def test_scales_that_all_score_higher_at_the_top_are_an_error(small_bank_data):
    second = {**question(small_bank_data, "people"), "id": "people2", "topic": "People 2"}
    small_bank_data["questions"].insert(5, second)
    assert findings(small_bank_data, "error", "fit sources") == [
        "fit sources: every scale scores higher at its top: key at least one the other way, "
        "so agreeing with everything does not push the fit one way"
    ]
    second["low"], second["high"] = second["high"], second["low"]
    assert findings(small_bank_data, "error", "fit sources") == []


def test_an_answer_that_moves_nothing_is_dead_weight_unless_marked_neutral(small_bank_data):
    question(small_bank_data, "week")["options"].append({"id": "nap", "label": "Nap"})
    warnings = findings(small_bank_data, "warning", "dead weight")
    assert warnings == [
        "dead weight: questions[2].options[3] (week, nap) moves nothing; give it points, or mark "
        'it "neutral": true if that is meant',
        'dead weight: questions[6].no (stay) moves nothing; give it points, or mark it "neutral": '
        "true if that is meant",
    ]
    question(small_bank_data, "week")["options"][-1]["neutral"] = True
    question(small_bank_data, "stay")["no"]["neutral"] = True
    assert findings(small_bank_data, "warning", "dead weight") == []


def test_rewarding_always_the_last_answer_on_screen_is_an_error(small_bank_data):
    # The best week and the best skill stay last whatever the order: always the last
    # option, the top of the scale and "no" to the visa give markets 100 and teams 7 of 8
    # → 88; overall (100 + 264) / 4 = 91, Strong, in every order.
    for question_id, best in (("week", "price"), ("skills", "lead")):
        options = question(small_bank_data, question_id)["options"]
        chosen = next(o for o in options if o["id"] == best)
        options.remove(chosen)
        options.append({**chosen, "last": True})
    errors = findings(small_bank_data, "error", "position bias")
    assert errors == [
        "position bias: always answering 'last' scores 91 on average over 200 orders, "
        "'Strong': rebalance points or key scales the other way"
    ]


def test_a_shuffled_order_takes_the_reward_out_of_a_position(small_bank_data):
    # The same bank with the best week listed first but free to move: always the first
    # option on screen is now the best week only in a third of the orders.
    week = question(small_bank_data, "week")["options"]
    week.insert(0, week.pop(1))
    assert findings(small_bank_data, "error", "position bias") == []


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
    assert findings(small_bank_data, "error", "pathways") == [
        "pathways: no answers put pathway 'Founder' first; it is moved by questions week, "
        "skills, people"
    ]
    warnings = findings(small_bank_data, "warning", "pathways")
    assert any(
        w.startswith("pathways: strategy comes first for 100.0% of the answers explored, over half")
        for w in warnings
    ), warnings


def test_a_route_that_can_never_come_first_is_an_error(small_bank_data):
    for option in question(small_bank_data, "week")["options"]:
        option.pop("routes", None)
    question(small_bank_data, "week")["options"][1]["routes"] = {"mba": 2, "tech": 2}
    question(small_bank_data, "skills")["options"][2]["routes"] = {"mba": 1, "tech": 1}
    assert findings(small_bank_data, "error", "routes") == [
        "routes: no answers put route 'Stay technical' first; it is moved by questions week, skills"
    ]


def test_validate_exits_1_on_a_model_error_and_names_the_file(tmp_path, small_bank_data, capsys):
    mirror_pathways(small_bank_data)
    path = write_json(tmp_path / "b.json", small_bank_data)
    assert main(["validate", str(path)]) == 1
    captured = capsys.readouterr()
    assert "ERROR   pathways: no answers put pathway 'Founder' first" in captured.out
    assert "warning ties: top two pathways within 5 points in" in captured.out
    assert "within half a point in 100.0%" in captured.out  # mirrored: always tied
    assert captured.err.strip() == (
        f"ai-mba-fit: {path}: the scoring model has 3 errors (marked ERROR above)"
    ), captured.out


def test_ties_are_counted_over_every_answers_file(small_bank):
    # Brute force with score(): every answers file of the small bank, and how often its
    # second pathway is close to the top (within the bank's margin).
    from quiz.scoring import score

    skills = [["lead"], ["sell"], ["code"], ["lead", "sell"], ["lead", "code"], ["sell", "code"]]
    done = [
        ["none"],
        *[
            list(c)
            for n in (1, 2, 3)
            for c in itertools.combinations(["budget", "sold", "people"], n)
        ],
    ]
    files = []
    for did, week, chosen, people in itertools.product(
        done, ["tune", "price", "pitch"], skills, range(1, 6)
    ):
        base = {"done": did, "week": week, "skills": chosen, "people": people}
        files += [{**base, "visa": False}]
        files += [{**base, "visa": True, "stay": stay} for stay in (True, False)]
    close = sum(score(small_bank, answers, "d").pathways[1].close_to_top for answers in files)
    _, found = audit(small_bank.bank)
    [ties] = [f for f in found if f.check == "ties"]
    assert len(files) == 2160
    assert f"within 5 points in {100 * close / 2160:.1f}% of the answers explored" in ties.message


@pytest.mark.parametrize("pattern", ["first", "middle", "last", "yes to everything"])
@pytest.mark.parametrize("order", [None, 11, 2026])
def test_the_shipped_bank_points_out_every_answer_by_position(shipped_bank, pattern, order):
    answers = pattern_answers(shipped_bank.bank, pattern, order)
    assert answer_patterns(shipped_bank.bank, answers, order)


def test_ticking_everything_one_has_done_is_not_pointed_out(shipped_bank):
    _, found = audit(shipped_bank.bank, samples=50)
    assert [f.message for f in found if f.check == "flags"] == [
        "ticking everything one has done (done_at_work) is not pointed out"
    ]


def test_samples_and_seed_can_be_chosen_and_are_said(capsys):
    assert main(["validate", "--samples", "50", "--seed", "7"]) == 0
    assert "50 answers files sampled (seed 7)" in capsys.readouterr().out
    assert main(["validate", "--samples", "0"]) == 2
    assert "--samples must be from 1 to 200,000, not 0" in capsys.readouterr().err
    assert main(["validate", "--samples", "200001"]) == 2


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
