"""Scoring with plain values: the small bank's numbers are worked out by hand in comments.

Attainable points in the small bank (least, most):
  week:   markets (0, 4), teams (0, 1), strategy (0, 2), founder (0, 4)
  skills: teams (-1, 3) with one or two of +2/+1/-1, founder (0, 1)
  people: teams (0, 4), strategy (0, 1), a straight line from 1 to 5
  stay:   teams (0, 2), only shown to someone on a visa
Themes weigh markets 1, teams 3.
"""

from __future__ import annotations

import pytest

from quiz.scoring import band_for, score

BASE = {"name": "Ada", "week": "price", "skills": ["lead"], "people": 3, "visa": False}


def theme(result, theme_id):
    return next(t for t in result.themes if t.id == theme_id)


def test_theme_score_is_normalised_against_what_the_shown_questions_could_attain(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # markets: 4 of (0..4) → 100.  teams: 0 + 2 + 2 = 4 within (-1..8) → 5/9 → 56.
    assert theme(result, "markets").score == 100
    assert theme(result, "teams").score == 56
    # overall, from the scores as shown: (1 × 100 + 3 × 56) / 4 = 67, in the partial band.
    assert result.overall == 67
    assert result.band.id == "partial"


def test_a_conditional_question_counts_only_when_it_is_shown(small_bank):
    on_visa = score(small_bank, {**BASE, "visa": True, "stay": True}, "2026-01-01")
    # teams: 4 + 2 = 6 within (-1..10) → 7/11 → 64; overall (100 + 3 × 64) / 4 = 73.
    assert theme(on_visa, "teams").score == 64
    assert on_visa.overall == 73
    assert [note.id for note in on_visa.notes] == ["opt"]

    not_on_visa = score(small_bank, {**BASE, "visa": False, "stay": True}, "2026-01-01")
    assert not_on_visa.overall == 67, "the answer to a question not shown must not count"
    assert "stay" not in [a.question_id for a in not_on_visa.answers]
    assert not_on_visa.notes == []


def test_each_ledger_adds_up_to_its_score(small_bank, shipped_bank):
    from quiz.scoring import round_half_up
    from tests.conftest import PERSONA_PM

    for loaded, answers in ((small_bank, BASE), (shipped_bank, PERSONA_PM)):
        result = score(loaded, answers, "2026-01-01")
        for item in [*result.themes, *result.pathways]:
            # The shown effects (tenths) add up to the unrounded score within half a tenth,
            # and the score shown is that unrounded score rounded half up.
            total = 50 + sum(c.effect for c in item.ledger)
            assert abs(total - item.exact) <= 0.05 + 1e-9, (item.id, total, item.exact)
            assert item.score == round_half_up(item.exact), (item.id, item.exact)


def test_explanations_name_the_answers_that_moved_a_theme_both_ways(small_bank):
    teams = theme(score(small_bank, BASE, "2026-01-01"), "teams")
    # skills=lead earned 2 where the middle was 1: +1 of 9 points → +11.1.
    assert [(c.question_id, c.effect) for c in teams.raised] == [("skills", 11.1)]
    # week=price earned 0 where the middle was 0.5: -0.5 of 9 → -5.56. The ledger's tenths
    # must add up to 11.11 - 5.56 + 0 = 5.56 → 5.6, so the larger remainder goes up: -5.5.
    assert [(c.question_id, c.effect) for c in teams.lowered] == [("week", -5.5)]
    result = score(small_bank, BASE, "2026-01-01")
    answered = {a.question_id: a for a in result.answers}
    assert answered[teams.lowered[0].question_id].answer == "Price the model"


def test_next_steps_follow_the_themes_level(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    assert theme(result, "markets").next_steps == ["Own pricing."]  # 100 ≥ 60
    assert theme(result, "teams").next_steps == ["Try leading."]  # 56 < 60


def test_pathways_are_ranked_by_score_with_their_reasons(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # strategy: 2 + 0.5 of (0..3) → 83; founder: 0 of (0..5) → 0.
    assert [(p.id, p.score, p.rank) for p in result.pathways] == [
        ("strategy", 83, 1),
        ("founder", 0, 2),
    ]
    # people=3 sits in the middle of its range, so it is no reason either way.
    assert [c.question_id for c in result.pathways[0].reasons] == ["week"]
    assert result.pathways[0].close_to_top and not result.pathways[1].close_to_top


def test_tied_pathways_keep_the_banks_order_and_are_both_close_to_the_top(small_bank):
    answers = {"week": "tune", "skills": ["code"], "people": 1, "visa": False}
    result = score(small_bank, answers, "2026-01-01")
    assert [p.id for p in result.pathways] == ["strategy", "founder"]
    assert all(p.close_to_top for p in result.pathways)


def test_what_would_change_the_result_lists_single_answers_that_cross_a_band(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # Ticking "Selling" too, or answering 4 on the scale, lifts teams to 67 and overall to 75.
    bands = [c for c in result.changes if c.kind == "band"]
    ups = [(c.question_id, c.answer_then, c.overall_then, c.band_then) for c in bands]
    assert ups == [
        ("skills", "Leading; Selling", 75, "Strong"),
        ("people", "4 of 5", 75, "Strong"),
    ]
    assert all(c.direction == "up" for c in bands)


def test_what_would_change_the_top_pathway(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # Pitching instead of pricing: strategy 0.5 of 3 → 17, founder 4 of 5 → 80, so founder
    # leads; markets 2 of 4 → 50, teams 5 of (-1..8) → 66.7, shown as 67; overall
    # (50 + 3 × 67) / 4 = 62.75 → 63.
    # Ticking "Selling" gives founder only 1 of 5 (20): strategy (83) stays on top.
    pathway_changes = [c for c in result.changes if c.kind == "pathway"]
    assert [
        (c.question_id, c.phrase, c.top_then, c.overall_then, c.direction) for c in pathway_changes
    ] == [("week", "you would rather pitch to investors", "Founder", 63, "down")]


def test_a_change_is_phrased_as_the_activity_when_the_bank_says_how(small_bank):
    answers = {"week": "tune", "skills": ["lead", "sell"], "people": 4, "visa": False}
    result = score(small_bank, answers, "2026-01-01")
    # markets 0, teams 3 + 3 = 6 of (-1..8) → 78: overall (0 + 3 × 78) / 4 = 58.5 → 59.
    assert result.overall == 59
    # Both other weeks reach Strong (price → 84, pitch → 79); the least drastic is offered.
    change = next(c for c in result.changes if c.question_id == "week")
    assert (change.phrase, change.overall_then, change.direction) == (
        "you would rather pitch to investors",
        79,
        "up",
    )


def test_a_change_to_a_condition_that_would_open_unanswered_questions_is_not_offered(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    assert "visa" not in [c.question_id for c in result.changes]


@pytest.mark.parametrize(
    ("overall", "band"),
    [
        (0, "not_now"),
        (39, "not_now"),
        (40, "partial"),
        (74, "partial"),
        (75, "strong"),
        (100, "strong"),
    ],
)
def test_band_edges(small_bank, overall, band):
    assert band_for(small_bank.bank, overall).id == band


def test_same_answers_and_bank_give_the_same_result(shipped_bank):
    from tests.conftest import PERSONA_PM

    first = score(shipped_bank, PERSONA_PM, "2026-01-01").to_json()
    second = score(shipped_bank, dict(reversed(PERSONA_PM.items())), "2026-01-01").to_json()
    assert first == second


def test_private_result_drops_the_name_and_free_text(small_bank):
    result = score(small_bank, BASE, "2026-01-01").private()
    assert result.name is None
    assert "Ada" not in result.to_json()


def test_incomplete_answers_are_refused(small_bank):
    with pytest.raises(ValueError, match="people"):
        score(small_bank, {"week": "price", "skills": ["lead"], "visa": False}, "2026-01-01")


DEEP_TECHNICAL = {
    "role": "train_models",
    "sector": "research",
    "done_at_work": ["none_yet"],
    "sold_something": False,
    "week": "tune_model",
    "next_role": "staff_engineer",
    "degree_for": "same_work",
    "get_better": ["maths", "systems"],
    "board_asks": "next_model",
    "stuck_launch": "stay_out",
    "audit_finding": "fix_model",
    "regulation_interest": 1,
    "revenue_measured": 1,
    "outside_engineering": 1,
    "startup_part": "chief_scientist",
    "pace": "not_sure",
    "f1_visa": False,
}
FOUNDER = {
    "role": "own_venture",
    "sector": "startup",
    "done_at_work": ["budget", "executives", "led_people"],
    "sold_something": True,
    "week": "pitch_investors",
    "next_role": "cofounder",
    "degree_for": "start_company",
    "get_better": ["finance", "pricing"],
    "board_asks": "board_pitch",
    "stuck_launch": "incentives",
    "audit_finding": "launch_call",
    "regulation_interest": 3,
    "revenue_measured": 5,
    "outside_engineering": 5,
    "startup_part": "ceo",
    "pace": "one_year",
    "f1_visa": False,
}


def test_someone_who_wants_to_stay_deeply_technical_hears_not_now_and_a_better_road(shipped_bank):
    result = score(shipped_bank, DEEP_TECHNICAL, "2026-01-01")
    assert result.band.id == "not_now"
    assert result.band.alternative, "a low fit comes with a constructive alternative"
    assert result.pathways[0].id == "technical_track"


def test_an_engineer_who_wants_to_found_an_ai_company_is_a_strong_fit(shipped_bank):
    result = score(shipped_bank, FOUNDER, "2026-01-01")
    assert result.band.id == "strong"
    assert result.pathways[0].id == "founder"


def test_a_pm_moving_into_genai_product_leadership_points_to_ai_strategy(shipped_bank):
    from tests.conftest import PERSONA_PM

    result = score(shipped_bank, PERSONA_PM, "2026-01-01")
    assert result.band.id in ("good", "strong")
    assert result.pathways[0].id == "ai_strategy"
    # On an F-1 visa and part-time: the pace note is followed by the visa's caution.
    notes = [note.id for note in result.notes]
    assert notes.index("f1_study") == notes.index("pace_part_time") + 1
    assert "stem_opt" in notes


def test_answer_patterns_name_the_position_chosen_everywhere(small_bank_data):
    from quiz.bank import parse_bank
    from quiz.scoring import answer_patterns

    for number in range(4):
        small_bank_data["questions"].append(
            {
                "id": f"pick{number}",
                "kind": "single",
                "section": "one",
                "topic": f"Pick {number}",
                "prompt": "Which?",
                "options": [
                    {"id": f"o{i}", "label": f"Option {i}", "themes": {"markets": i % 3}}
                    for i in range(5)
                ],
            }
        )
    week = next(q for q in small_bank_data["questions"] if q["id"] == "week")
    week["options"] += [{"id": f"w{i}", "label": f"Week {i}"} for i in (3, 4)]
    bank = parse_bank(small_bank_data, "b.json").bank
    base = {"people": 3, "visa": False, "skills": ["lead"]}

    def flags(option: str, week: str) -> list[str]:
        picks = {f"pick{n}": option for n in range(4)}
        return answer_patterns(bank, {**base, "week": week, **picks})

    # Five single-choice questions of five options each: week and the four picks.
    assert flags("o0", "tune") == ["You chose the first option in all 5 single-choice questions."]
    assert flags("o4", "w4") == ["You chose the last option in all 5 single-choice questions."]
    assert flags("o1", "price") == ["You chose the second option in all 5 single-choice questions."]
    assert flags("o3", "w3") == ["You chose option 4 in all 5 single-choice questions."]
    assert flags("o3", "pitch") == []
    assert flags("o2", "tune") == []


def test_the_middle_of_every_scale_is_pointed_out_but_a_consistent_end_is_not(shipped_bank):
    from quiz.scoring import answer_patterns
    from tests.conftest import PERSONA_PM

    middle = {
        **PERSONA_PM,
        "regulation_interest": 3,
        "revenue_measured": 3,
        "outside_engineering": 3,
    }
    assert "You answered the middle of all 3 scales." in answer_patterns(shipped_bank.bank, middle)
    ends = {**PERSONA_PM, "regulation_interest": 5, "revenue_measured": 5, "outside_engineering": 5}
    assert answer_patterns(shipped_bank.bank, ends) == []


def test_overall_is_the_weighted_mean_rounded_half_up_exactly(shipped_bank):
    """The shipped bank weighs one theme 1.2: a mean such as 257.4 / 5.2 is exactly 49.5,
    which must show as 50 (and so in the next band), not as 49 from 49.4999… in floats."""
    from fractions import Fraction

    from quiz.audit import sample_answers

    bank = shipped_bank.bank
    weights = {t.id: Fraction(str(t.weight)) for t in bank.themes}
    ties = 0
    for answers in sample_answers(bank, 200, seed=2026):
        result = score(shipped_bank, answers, "2026-01-01")
        mean = sum(weights[t.id] * t.score for t in result.themes) / sum(weights.values())
        ties += mean.denominator == 2
        assert result.overall == int(mean + Fraction(1, 2)), [t.score for t in result.themes]
        assert result.band.id == band_for(bank, result.overall).id
    assert ties, "the sample should hold a mean that is exactly halfway"


def test_a_result_does_not_depend_on_what_was_scored_before(shipped_bank):
    """Work kept per bank (ledger lines shared between reports, effects, bounds) must give
    each reader their own figures: scoring in another order, on a bank checked afresh, gives
    the same results."""
    from quiz.audit import sample_answers
    from quiz.bank import load_bank
    from quiz.resources import default_bank_path

    samples = sample_answers(shipped_bank.bank, 60, seed=7)
    first = [score(shipped_bank, answers, "2026-01-01").to_json() for answers in samples]
    fresh = load_bank(default_bank_path(), cached=False)
    again = [score(fresh, answers, "2026-01-01").to_json() for answers in reversed(samples)]
    assert first == again[::-1]


@pytest.mark.parametrize("weight", [1.0, 1.2, 0.25, 0.1, 3.3333, 2.5e-05, 1e-07, 10.0])
def test_a_weight_is_read_as_the_decimal_it_is_written_as(weight):
    from fractions import Fraction

    from quiz.scoring import _as_written

    above, below = _as_written(weight)
    assert Fraction(above, below) == Fraction(repr(weight))
