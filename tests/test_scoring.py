"""Scoring with plain values: the small bank's numbers are worked out by hand in comments.

Attainable points in the small bank (least, most), all from questions about the future:
  week:   markets (0, 4), teams (0, 1), strategy (0, 2), founder (0, 4), mba (0, 2), tech (0, 2)
  skills: teams (-1, 2) as the mean of the options ticked, founder (0, 1), tech (0, 1)
  people: teams (0, 4), strategy (0, 1), a straight line from 1 to 5
  stay:   teams (0, 2), only shown to someone on a visa
`done` (where the reader is now) and `visa` (a practicality) carry no fit points.
Themes weigh markets 1, teams 3 (the bank says why).
"""

from __future__ import annotations

import pytest

from quiz.scoring import band_for, score

BASE = {
    "name": "Ada",
    "done": ["budget"],
    "week": "price",
    "skills": ["lead"],
    "people": 3,
    "visa": False,
}


def theme(result, theme_id):
    return next(t for t in result.themes if t.id == theme_id)


def test_a_theme_is_what_its_answers_gave_out_of_the_most_the_shown_questions_could(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # markets: 4 of 4 → 100.  teams: week 0 of 1, skills 2 - (-1) = 3 of 3, people 2 of 4:
    # 5 of 8 → 62.5, shown as 63.
    assert theme(result, "markets").score == 100
    assert theme(result, "teams").score == 63
    # overall, from the scores as shown: (1 × 100 + 3 × 63) / 4 = 72.25 → 72, partial.
    assert result.overall == 72
    assert result.band.id == "partial"


def test_a_conditional_question_counts_only_when_it_is_shown(small_bank):
    on_visa = score(small_bank, {**BASE, "visa": True, "stay": True}, "2026-01-01")
    # teams: 5 + 2 = 7 of 10 → 70; overall (100 + 3 × 70) / 4 = 77.5 → 78.
    assert theme(on_visa, "teams").score == 70
    assert on_visa.overall == 78
    assert [note.id for note in on_visa.notes] == ["opt"]

    not_on_visa = score(small_bank, {**BASE, "visa": False, "stay": True}, "2026-01-01")
    assert not_on_visa.overall == 72, "the answer to a question not shown must not count"
    assert "stay" not in [a.question_id for a in not_on_visa.answers]
    assert not_on_visa.notes == []


def test_each_ledger_adds_up_to_its_score(small_bank, shipped_bank):
    from quiz.scoring import round_half_up
    from tests.conftest import PERSONA_PM

    for loaded, answers in ((small_bank, BASE), (shipped_bank, PERSONA_PM)):
        result = score(loaded, answers, "2026-01-01")
        for item in [*result.themes, *result.pathways, *result.routes]:
            # The shares (tenths) add up to the unrounded score within half a tenth, and the
            # score shown is that unrounded score rounded half up.
            total = sum(line.share for line in item.ledger)
            assert abs(total - item.exact) <= 0.05 + 1e-9, (item.id, total, item.exact)
            assert item.score == round_half_up(item.exact), (item.id, item.exact)


def test_an_answer_that_gave_points_is_never_said_to_hold_a_theme_back(small_bank):
    teams = theme(score(small_bank, BASE, "2026-01-01"), "teams")
    # skills gave 3 of 3 (37.5 of the 62.5), people 2 of 4 (25): they raised it, biggest first.
    assert [(line.question_id, line.gave, line.out_of, line.share) for line in teams.raised] == [
        ("skills", 3, 3, 37.5),
        ("people", 2, 4, 25.0),
    ]
    # week=price gave teams nothing of the 1 that "Pitch investors" gives: that held it back.
    assert [(line.question_id, line.out_of, line.best) for line in teams.held_back] == [
        ("week", 1, "Pitch investors")
    ]
    for line in teams.held_back:
        assert line.gave == 0


def test_readiness_is_what_was_done_and_chooses_the_next_step_but_never_moves_fit(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    assert theme(result, "markets").readiness.done == ["A budget"]
    assert not theme(result, "teams").readiness.started
    # The plan's second step starts on the theme wanted most of those not yet started...
    assert (result.plan[1].tests, result.plan[1].do) == ("start", "Try leading.")
    # ...and with a start made on every theme, builds on the one that fits least.
    started = score(small_bank, {**BASE, "done": ["budget", "people"]}, "2026-01-01")
    assert (started.plan[1].tests, started.plan[1].do) == ("build", "Lead more.")
    for done in (["none"], ["budget", "sold", "people"]):
        assert score(small_bank, {**BASE, "done": done}, "2026-01-01").overall == 72
    assert [n.id for n in score(small_bank, {**BASE, "done": ["none"]}, "x").notes] == ["start"]


def test_a_reader_headed_elsewhere_tries_more_of_their_route_on_day_60(shipped_bank):
    # Led by another route, with no pathway standing out: the second step is more of that
    # route's own work (a case for a consulting-bound engineer), not a theme of this
    # degree; a route without a second step falls back to the route ranked next, or else
    # the theme the answers lean toward most, never one they lean away from (a
    # consulting-bound engineer was sent to "make a start on" AI ethics).
    import json

    from quiz.audit import sample_answers
    from quiz.bank import parse_bank
    from quiz.resources import default_bank_path

    data = json.loads(default_bank_path().read_text(encoding="utf-8"))
    for route in data["routes"]:
        route.pop("second_step", None)
    without = parse_bank(data, "questions.json")
    second = {route.id: route.second_step for route in shipped_bank.bank.routes}
    found = fell_back = 0
    for answers in sample_answers(shipped_bank.bank, 400, seed=11):
        result = score(shipped_bank, answers, "2026-01-01")
        if result.lead != "route" or result.pathways[0].stands_out:
            continue
        if result.plan[0].tests == "explore":  # not sure where to go: tested on its own
            continue
        found += 1
        route = result.best_route
        assert route is not None and second[route.id] is not None, route
        assert (result.plan[1].tests, result.plan[1].do) == ("route_more", second[route.id].do)
        plain = score(without, answers, "2026-01-01")
        following = [r for r in plain.routes if not r.this_degree and r.exact > 0]
        if len(following) > 1:
            assert plain.plan[1].tests == "next_route"
            continue
        fell_back += 1
        most = max(plain.themes, key=lambda theme: theme.score)
        assert plain.plan[1].tests in ("start", "build")
        assert plain.plan[1].subject == most.name, (plain.plan[1].subject, most.name)
    assert found >= 10 and fell_back >= 5


def test_ticking_more_boxes_never_raises_a_theme_by_itself(small_bank):
    # The mean of what was ticked: Leading alone gives teams 2; Leading and Selling 1.5.
    one = score(small_bank, BASE, "2026-01-01")
    two = score(small_bank, {**BASE, "skills": ["lead", "sell"]}, "2026-01-01")
    assert theme(two, "teams").score < theme(one, "teams").score
    assert two.overall == 67  # teams 4.5 of 8 → 56; (100 + 3 × 56) / 4 = 67


def test_pathways_and_routes_are_ranked_with_their_reasons(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # strategy: 2 + 0.5 of 3 → 83; founder: 0 of 5 → 0.
    assert [(p.id, p.score, p.rank) for p in result.pathways] == [
        ("strategy", 83, 1),
        ("founder", 0, 2),
    ]
    assert [line.question_id for line in result.pathways[0].reasons] == ["week", "people"]
    assert result.pathways[0].close_to_top and not result.pathways[1].close_to_top
    # mba: 2 of 2 → 100; tech: 0 of 3. No route but this degree has any points.
    assert [(r.id, r.score) for r in result.routes] == [("mba", 100), ("tech", 0)]
    assert result.best_route is None
    tech = score(small_bank, {**BASE, "week": "tune", "skills": ["code"]}, "2026-01-01")
    assert tech.best_route is not None and tech.best_route.id == "tech"


def test_a_reader_already_in_a_pathways_role_gets_the_step_for_them(small_bank):
    result = score(small_bank, {**BASE, "done": ["sold"]}, "2026-01-01")
    founder = next(p for p in result.pathways if p.id == "founder")
    assert founder.already and not result.pathways[0].already
    assert result.pathways[0].id == "strategy" and result.plan[0].do == "Talk to one."
    # The founder pathway leading, for a reader who has sold: the step for someone already there.
    selling = {**BASE, "done": ["sold"], "week": "pitch", "skills": ["sell"]}
    leading = score(small_bank, selling, "2026-01-01")
    assert leading.pathways[0].id == "founder" and leading.plan[0].do == "Sell another thing."


def test_tied_pathways_keep_the_banks_order_and_nothing_is_close_to_a_top_of_nothing(small_bank):
    answers = {"done": ["none"], "week": "tune", "skills": ["code"], "people": 1, "visa": False}
    result = score(small_bank, answers, "2026-01-01")
    assert [(p.id, p.score) for p in result.pathways] == [("strategy", 0), ("founder", 0)]
    # Both at 0: no pathway stands out, so the report shows no "close second".
    assert not result.pathways[1].close_to_top


def test_what_would_change_the_band_or_the_top_pathway_tries_future_choices_only(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # Up to Strong (75+) needs teams 66+: people 4 gives 6 of 8 → 75, overall 81.25 → 81.
    bands = [c for c in result.changes if c.kind == "band"]
    assert [(c.question_id, c.answer_then, c.overall_then, c.band_then) for c in bands] == [
        ("people", "Much", 81, "Strong")
    ]
    # Pitching instead of pricing: founder 4 of 5 → 80 leads; markets 2 of 4 → 50, teams
    # 6 of 8 → 75; overall (50 + 225) / 4 = 68.75 → 69.
    pathways = [c for c in result.changes if c.kind == "pathway"]
    assert [
        (c.question_id, c.phrase, c.top_then, c.overall_then, c.direction) for c in pathways
    ] == [("week", "you would rather pitch to investors", "Founder", 69, "down")]
    # Neither what the reader has done nor a practicality is offered as a "change".
    assert not {c.question_id for c in result.changes} & {"done", "visa"}


def test_how_firm_it_is_counts_the_answer_sets_one_answer_away(small_bank):
    result = score(small_bank, BASE, "2026-01-01")
    # week: tune keeps partial and strategy, pitch makes founder lead; skills: lead+sell and
    # lead+code keep both; people 1 and 2 keep both, 4 and 5 reach Strong: 5 of 8 keep it,
    # and pitching keeps the band with another pathway: 6 of 8 keep the band.
    assert (result.firmness.same, result.firmness.same_band, result.firmness.of) == (5, 6, 8)
    assert result.firmness.word == "fairly firm"  # 62.5%: from 60%, below 85%


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
    assert "name" not in result.choices


def test_incomplete_answers_are_refused(small_bank):
    with pytest.raises(ValueError, match="people"):
        score(
            small_bank, {"done": ["none"], "week": "price", "skills": ["lead"], "visa": False}, "x"
        )


def test_the_appendix_lists_every_option_in_the_order_the_reader_saw_it(shipped_bank):
    from quiz.order import shown_options
    from tests.conftest import PERSONA_PM

    result = score(shipped_bank, PERSONA_PM, "2026-01-01", order=4242)
    goal = shipped_bank.bank.question_by_id["goal_role"]
    seen = [o.label for o in shown_options(goal, 4242)]
    assert [c.label for c in result.choices["goal_role"]] == seen
    assert seen != [o.label for o in goal.options], "the seed shuffles them"
    assert [c.label for c in result.choices["goal_role"] if c.chosen] == [
        goal.option("ai_strategy_goal").label
    ]
    # A scale keeps its order; the words of the answer given are marked.
    scale = result.choices["business_case"]
    assert scale[0].label == "None of it" and scale[-1].chosen


def test_answer_patterns_name_the_position_on_screen(shipped_bank):
    from quiz.order import shown_options
    from quiz.scoring import answer_patterns
    from tests.conftest import PERSONA_PM

    bank = shipped_bank.bank
    singles = [q for q in bank.applicable(PERSONA_PM) if q.kind == "single"]
    for order in (None, 99):
        for where, words in ((0, "the first option"), (-1, "the last option")):
            answers = {**PERSONA_PM, **{q.id: shown_options(q, order)[where].id for q in singles}}
            assert answer_patterns(bank, answers, order)[0] == (
                f"You chose {words} in all {len(singles)} single-choice questions."
            )
    # The same answers seen in another order are no pattern at all.
    firsts = {q.id: shown_options(q, 99)[0].id for q in singles}
    assert not any("option" in f for f in answer_patterns(bank, {**PERSONA_PM, **firsts}, 7))


def test_scales_answered_alike_are_pointed_out_where_some_point_the_other_way(shipped_bank):
    from quiz.bank import Scale
    from quiz.scoring import answer_patterns
    from tests.conftest import PERSONA_PM

    bank = shipped_bank.bank
    scales = [q for q in bank.questions if isinstance(q, Scale)]
    top = {**PERSONA_PM, **{q.id: q.max for q in scales}}
    assert answer_patterns(bank, top) == [
        f"You gave the top answer to all {len(scales)} scales, though some of their statements "
        "point opposite ways."
    ]
    middle = {**PERSONA_PM, **{q.id: (q.min + q.max) // 2 for q in scales}}
    assert answer_patterns(bank, middle) == [f"You chose the middle of all {len(scales)} scales."]
    assert answer_patterns(bank, PERSONA_PM) == []


def test_practicalities_never_move_fit(shipped_bank):
    from tests.conftest import PERSONA_PM

    base = score(shipped_bank, PERSONA_PM, "2026-01-01")
    for change in (
        {"f1_visa": False},
        {"stay_to_work": False},
        {"pace": "one_year"},
        {"funding": ["loans", "savings"]},
        {"done_at_work": ["none_yet"]},
        {"role_now": "researcher"},
    ):
        other = score(shipped_bank, {**PERSONA_PM, **change}, "2026-01-01")
        assert [t.score for t in other.themes] == [t.score for t in base.themes], change
        assert other.overall == base.overall


def test_overall_is_the_weighted_mean_rounded_half_up_exactly(small_bank):
    """Teams weighs 3: a mean such as (100 + 3 × 63) / 4 = 72.25 is exact, and an exact half
    (such as 77.5) shows as the number above, never as the one below from a float."""
    from fractions import Fraction

    from quiz.audit import sample_answers

    weights = {t.id: Fraction(str(t.weight)) for t in small_bank.bank.themes}
    halves = 0
    for answers in sample_answers(small_bank.bank, 200, seed=2026):
        result = score(small_bank, answers, "2026-01-01")
        mean = sum(weights[t.id] * t.score for t in result.themes) / sum(weights.values())
        halves += mean.denominator == 2
        assert result.overall == int(mean + Fraction(1, 2)), [t.score for t in result.themes]
    assert halves, "the sample should hold a mean that is exactly halfway"


def test_a_result_does_not_depend_on_what_was_scored_before(shipped_bank):
    """Work kept per bank (ledger lines shared between reports, effects, bounds) must give
    each reader their own figures: scoring in another order, on a bank checked afresh, gives
    the same results."""
    from quiz.audit import sample_answers
    from quiz.bankcache import load_bank
    from quiz.resources import default_bank_path

    samples = sample_answers(shipped_bank.bank, 60, seed=7)
    first = [score(shipped_bank, answers, "2026-01-01").to_json() for answers in samples]
    fresh = load_bank(default_bank_path(), cached=False)
    again = [score(fresh, answers, "2026-01-01").to_json() for answers in reversed(samples)]
    assert first == again[::-1]


@pytest.mark.parametrize("weight", [1.0, 1.2, 0.25, 0.1, 3.3333, 2.5e-05, 1e-07, 10.0])
def test_a_weight_is_read_as_the_decimal_it_is_written_as(weight):
    from fractions import Fraction

    from quiz.scoring.sheet import _as_written

    above, below = _as_written(weight)
    assert Fraction(above, below) == Fraction(repr(weight))


def test_a_report_led_by_another_route_asks_the_school_nothing_about_applying(shipped_bank):
    # A "not now" is no time to prepare an application; placement, pace and cost still
    # matter to a reader comparing this degree with their route.
    import json
    from pathlib import Path

    applying = [ask.text for ask in shipped_bank.bank.plan.ask_school if ask.for_applicants]
    assert applying
    folder = Path(__file__).parent / "personas"
    for name, led_by in (
        ("engineer-headed-for-consulting", "route"),
        ("pm-genai-leadership", "pathway"),
    ):
        answers = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))["answers"]
        result = score(shipped_bank, answers, "2026-01-01")
        assert result.lead == led_by, name
        asked = set(result.ask_school)
        if led_by == "pathway":
            assert set(applying) <= asked, name
        else:
            assert not set(applying) & asked, name
        assert len(asked) >= 3, name


def test_what_would_change_it_counts_a_question_each_way_it_can_move_the_band(shipped_bank):
    # One question can lift the band with one answer and sink it with another (a role that
    # fits the degree, another that does not); only the nearer was counted, so a reader
    # whose role answer could drop them to "not now" was shown only what would raise them.
    from quiz.answers import keep_applicable, missing
    from quiz.audit import sample_answers

    bank = shipped_bank.bank
    for answers in sample_answers(bank, 40, seed=11):
        result = score(shipped_bank, answers, "2026-01-01")
        band = result.band
        expected = {"up": 0, "down": 0}
        for question in bank.applicable(answers):
            if question.id not in answers or question.about != "future":
                continue
            ways = set()
            for alternative in question.alternatives(answers[question.id]):
                changed = keep_applicable(bank, {**answers, question.id: alternative})
                if missing(bank, changed):
                    continue
                then = score(shipped_bank, changed, "2026-01-01").overall
                if not band.min <= then <= band.max:
                    ways.add("up" if then > result.overall else "down")
            for way in ways:
                expected[way] += 1
        assert {k: result.change_counts[k] for k in expected} == expected


def test_an_undecided_reader_is_shown_the_role_that_would_drop_the_fit_too(shipped_bank):
    import json
    from pathlib import Path

    persona = Path(__file__).parent / "personas" / "undecided-middle.json"
    answers = json.loads(persona.read_text("utf-8"))["answers"]
    result = score(shipped_bank, answers, "2026-01-01")
    downs = [c for c in result.changes if c.kind == "band" and c.direction == "down"]
    assert downs and downs[0].question_id == "goal_role"
    assert downs[0].band_then == "Not now"


def test_experiences_count_each_thing_asked_about_once_whatever_kind_of_question(
    small_bank_data,
):
    # What "You have done N of the M things" counts: each option of a several-choice
    # question that counts toward readiness, and a question answered as a whole that can.
    from quiz.bank import parse_bank

    people = next(q for q in small_bank_data["questions"] if q["id"] == "people")
    people["high"]["readiness"] = {"teams": 1}
    loaded = parse_bank(small_bank_data, "small.json")
    done_some = score(loaded, {**BASE, "done": ["budget", "sold"], "people": 5}, "2026-01-01")
    assert done_some.experiences == (3, 4)  # two ticked, and the scale at its top; of 3 + 1
    none = score(loaded, {**BASE, "done": ["none"], "people": 1}, "2026-01-01")
    assert none.experiences == (0, 4)


def test_the_lowest_theme_is_named_alone_or_with_those_it_ties_or_not_at_all():
    from types import SimpleNamespace

    from quiz.scoring.score import _lowest_words

    def themes(*scores: int) -> list:
        return [SimpleNamespace(short=f"T{i}", score=s) for i, s in enumerate(scores, start=1)]

    assert _lowest_words(themes(70, 45, 80, 60)) == "your lowest theme, “T2” (45),"
    assert (
        _lowest_words(themes(64, 70, 64, 64))
        == "your lowest themes, “T1”, “T3” and “T4” (64 each),"
    )
    assert _lowest_words(themes(55, 55, 55, 55)) == "every theme"
