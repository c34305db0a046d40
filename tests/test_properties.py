"""Properties of scoring and rendering for any valid bank and any valid answers (hypothesis).

A few hundred examples by default; set AI_MBA_FIT_EXAMPLES for more.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from quiz.answers import clean_text, keep_applicable, missing
from quiz.bank import (
    Bank,
    FreeText,
    LoadedBank,
    MultiChoice,
    Scale,
    SingleChoice,
    YesNo,
    parse_bank,
)
from quiz.errors import BankError
from quiz.report import render
from quiz.scoring import score

EXAMPLES = int(os.environ.get("AI_MBA_FIT_EXAMPLES", "200"))
PROPERTY = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

points = st.integers(min_value=-5, max_value=5)


STEP = {"do": "D", "if_enjoyed": "E", "if_not": "N"}
ASKED = {"first_step": STEP, "ask_mentor": "M", "ask_school": "S"}


@st.composite
def banks(draw: st.DrawFn) -> dict[str, Any]:
    """A valid bank: 1–3 themes and pathways, a first question that can move them all, then
    2–6 questions of every kind, some shown only after an earlier answer."""
    themes = [f"t{i}" for i in range(draw(st.integers(1, 3)))]
    pathways = [f"p{i}" for i in range(draw(st.integers(1, 3)))]
    routes = [f"r{i}" for i in range(draw(st.integers(2, 3)))]

    # Each strategy made once per bank: hypothesis's own cost grows with every one made.
    some = {
        kind: st.dictionaries(st.sampled_from(ids), points, max_size=len(ids))
        for kind, ids in (("themes", themes), ("pathways", pathways), ("routes", routes))
    }

    def effect() -> dict[str, Any]:
        return {
            "themes": draw(some["themes"]),
            "pathways": draw(some["pathways"]),
            "routes": draw(some["routes"]),
            "readiness": draw(some["themes"]),
        }

    def options(count: int) -> list[dict[str, Any]]:
        return [{"id": f"o{i}", "label": f"Option {i}", **effect()} for i in range(count)]

    questions: list[dict[str, Any]] = [
        {"id": "name", "kind": "text", "section": "s", "topic": "Name", "prompt": "Name?"},
        {
            "id": "q0",
            "kind": "single",
            "section": "s",
            "topic": "First",
            "prompt": "First?",
            "options": [
                {
                    "id": "all",
                    "label": "All",
                    "themes": dict.fromkeys(themes, 1),
                    "pathways": dict.fromkeys(pathways, 1),
                    "routes": dict.fromkeys(routes, 1),
                },
                {"id": "none", "label": "None", "themes": {}, "pathways": {}},
            ],
        },
    ]
    for index in range(1, draw(st.integers(2, 6)) + 1):
        kind = draw(st.sampled_from(["single", "multi", "scale", "yesno"]))
        question: dict[str, Any] = {
            "id": f"q{index}",
            "kind": kind,
            "section": "s",
            "topic": "Q",
            "prompt": "Q?",
        }
        if kind == "single":
            question["options"] = options(draw(st.integers(2, 4)))
        elif kind == "multi":
            count = draw(st.integers(2, 4))
            low = draw(st.integers(0, count))
            question.update(
                options=options(count),
                min_choices=low,
                max_choices=draw(st.integers(max(low, 1), count)),
            )
        elif kind == "scale":
            top = draw(st.integers(2, 7))
            question.update(
                min=1,
                max=top,
                labels=[f"step {step}" for step in range(1, top + 1)],
                low=effect(),
                high=effect(),
            )
        else:
            question.update(yes=effect(), no=effect())
        earlier = [q for q in questions if q["kind"] in ("single", "yesno")]
        if draw(st.booleans()):
            target = draw(st.sampled_from(earlier))
            wanted = [True] if target["kind"] == "yesno" else [target["options"][0]["id"]]
            question["when"] = {"question": target["id"], "any_of": wanted}
        questions.append(question)
    return {
        "version": "p",
        "title": "T",
        "welcome": "W",
        "minutes": 1,
        "disclaimer": "D",
        "program": {"name": "P", "url": "https://example.org", "facts": ["F"]},
        "themes": [
            {
                "id": t,
                "name": t,
                "short": t,
                "point": "P",
                "weight": draw(st.floats(0.5, 3)),
                "weight_reason": "Drawn at random.",
                "start_here": STEP,
                "build_on": STEP,
                "ask_mentor": "M",
            }
            for t in themes
        ],
        "pathways": [
            {"id": p, "name": p, "short": p, "point": "P", "about": "A", **ASKED} for p in pathways
        ],
        "routes": [
            {"id": r, "name": r, "short": r, "about": "A", "this_degree": r == "r0", **ASKED}
            for r in routes
        ],
        "bands": [
            {"id": "high", "label": "High", "min": 60, "max": 100, "summary": "S", "message": "M"},
            {"id": "low", "label": "Low", "min": 0, "max": 59, "summary": "S", "message": "M"},
        ],
        "sections": [{"id": "s", "title": "S"}],
        "plan": {
            "decide": STEP,
            "decide_route": STEP,
            "ask_mentor_firm": "F",
            "ask_mentor_unsure": "U",
            "ask_school": [{"text": "Q"}],
        },
        "questions": questions,
    }


def value_for(draw: st.DrawFn, question: Any) -> Any:
    if isinstance(question, SingleChoice):
        return draw(st.sampled_from([o.id for o in question.options]))
    if isinstance(question, MultiChoice):
        ids = [o.id for o in question.options]
        return draw(
            st.lists(
                st.sampled_from(ids),
                min_size=question.min_choices,
                max_size=question.most,
                unique=True,
            )
        )
    if isinstance(question, Scale):
        return draw(st.integers(question.min, question.max))
    if isinstance(question, YesNo):
        return draw(st.booleans())
    assert isinstance(question, FreeText)
    return clean_text(draw(st.text(max_size=40)))[: question.max_length]


@st.composite
def bank_and_answers(draw: st.DrawFn) -> tuple[LoadedBank, dict[str, Any]]:
    loaded = parse_bank(draw(banks()), "generated.json", "hash")
    answers: dict[str, Any] = {}
    for question in loaded.bank.questions:
        if question.applies(answers):
            answers[question.id] = value_for(draw, question)
    return loaded, answers


@PROPERTY
@given(bank_and_answers())
def test_scores_stay_within_0_and_100(case):
    loaded, answers = case
    result = score(loaded, answers, "2026-01-01")
    assert 0 <= result.overall <= 100
    assert all(0 <= t.score <= 100 for t in result.themes)
    assert all(0 <= p.score <= 100 for p in result.pathways)
    assert all(0 <= r.score <= 100 for r in result.routes)
    assert result.firmness.same <= result.firmness.of


@PROPERTY
@given(bank_and_answers())
def test_every_ledgers_shown_effects_add_up_to_its_score(case):
    loaded, answers = case
    result = score(loaded, answers, "2026-01-01")
    for item in [*result.themes, *result.pathways, *result.routes]:
        total = sum(line.share for line in item.ledger)
        assert abs(total - item.exact) <= 0.05 + 1e-9, (item.id, total, item.exact)
        assert all(line.share >= 0 and 0 <= line.gave <= line.out_of for line in item.ledger)
    for theme in result.themes:
        # Held back: only what gave nothing. Raised: only what gave something.
        assert all(line.gave == 0 for line in theme.held_back)
        assert all(line.gave > 0 for line in theme.raised)


@PROPERTY
@given(bank_and_answers())
def test_the_result_is_deterministic(case):
    loaded, answers = case
    again = score(loaded, dict(reversed(answers.items())), "d")
    assert score(loaded, answers, "d").to_json() == again.to_json()


@PROPERTY
@given(bank_and_answers(), st.data())
def test_adding_points_to_a_chosen_option_never_lowers_its_theme(case, data):
    loaded, answers = case
    chosen = [
        (q, answers[q.id]) for q in loaded.bank.applicable(answers) if isinstance(q, SingleChoice)
    ]
    question, option_id = data.draw(st.sampled_from(chosen))
    theme = data.draw(st.sampled_from([t.id for t in loaded.bank.themes]))
    raw = asdict(loaded.bank)
    option = next(
        o
        for o in raw["questions"][_index(loaded.bank, question.id)]["options"]
        if o["id"] == option_id
    )
    if option["themes"].get(theme, 0) >= 5:
        return
    option["themes"][theme] = option["themes"].get(theme, 0) + 1
    try:
        richer = parse_bank(raw, "richer.json", "hash")
    except BankError:
        assume(False)  # the change made the bank invalid (a theme nothing can move any more)
    before = next(t.score for t in score(loaded, answers, "d").themes if t.id == theme)
    after = next(t.score for t in score(richer, answers, "d").themes if t.id == theme)
    assert after >= before


@PROPERTY
@given(bank_and_answers(), st.data())
def test_an_answer_to_a_question_not_shown_never_counts(case, data):
    loaded, answers = case
    hidden = [q for q in loaded.bank.questions if q.id not in answers]
    if not hidden:
        return
    question = data.draw(st.sampled_from(hidden))
    with_extra = {**answers, question.id: value_for(data.draw, question)}
    assert keep_applicable(loaded.bank, with_extra) == answers
    assert score(loaded, with_extra, "d").to_json() == score(loaded, answers, "d").to_json()


@PROPERTY
@given(bank_and_answers())
def test_what_would_change_the_result_matches_scoring_every_single_change(case):
    # Brute force: score every answers file one answer away, and compare with what the
    # result says (the result prunes questions that cannot leave the band, and works out
    # the others incrementally).
    loaded, answers = case
    result = score(loaded, answers, "d")
    crossing: dict[str, set[int]] = {}
    switching: dict[str, set[int]] = {}
    neighbours: list[tuple[str, str]] = []
    for question in loaded.bank.applicable(answers):
        if question.id not in answers:
            continue
        for alternative in question.alternatives(answers[question.id]):
            changed = keep_applicable(loaded.bank, {**answers, question.id: alternative})
            if missing(loaded.bank, changed):
                continue
            then = score(loaded, changed, "d")
            neighbours.append((then.band.id, then.pathways[0].id))
            if then.band.id != result.band.id:
                crossing.setdefault(question.id, set()).add(then.overall)
            if then.pathways[0].id != result.pathways[0].id:
                switching.setdefault(question.id, set()).add(then.overall)
    same = sum(
        then_band == result.band.id and then_top == result.pathways[0].id
        for then_band, then_top in neighbours
    )
    same_band = sum(then_band == result.band.id for then_band, _ in neighbours)
    assert (result.firmness.same, result.firmness.of) == (same, len(neighbours))
    assert result.firmness.same_band == same_band
    pathway_changes = [c for c in result.changes if c.kind == "pathway"]
    for change in pathway_changes:
        assert change.overall_then in switching[change.question_id]
        nearest = min(abs(o - result.overall) for o in switching[change.question_id])
        assert abs(change.overall_then - result.overall) == nearest
    assert len(pathway_changes) == min(2, len(switching))
    assert result.change_counts["pathway"] == len(switching)
    assert result.change_counts["up"] + result.change_counts["down"] == len(crossing)
    band_changes = [c for c in result.changes if c.kind == "band"]
    for change in band_changes:
        assert change.overall_then in crossing[change.question_id]
        nearest = min(abs(o - result.overall) for o in crossing[change.question_id])
        assert abs(change.overall_then - result.overall) == nearest
    listed = {c.question_id for c in band_changes}
    ups = [c for c in band_changes if c.direction == "up"]
    downs = [c for c in band_changes if c.direction == "down"]
    for question_id, overalls in crossing.items():
        if question_id in listed:
            continue
        # An unlisted question can only be one crowded out by two nearer changes.
        if any(o > result.overall for o in overalls):
            assert len(ups) == 2
        if any(o < result.overall for o in overalls):
            assert len(downs) == 2


@settings(max_examples=max(EXAMPLES // 4, 25), deadline=None)
@given(bank_and_answers(), st.text(min_size=1, max_size=40))
def test_the_report_renders_and_shows_user_text_only_escaped(case, name):
    loaded, answers = case
    cleaned = clean_text("<zq" + name)[:80]  # a prefix no template holds
    result = score(loaded, {**answers, "name": cleaned}, "d")
    for fmt in ("html", "md"):
        text = render(result, fmt)  # type: ignore[arg-type]
        assert text
    html = render(result, "html")
    assert str(escape(cleaned)) in html
    assert cleaned not in html.split('<script type="application/json"')[0]


@PROPERTY
@given(
    st.lists(st.dictionaries(st.sampled_from(["t0", "t1"]), points), min_size=2, max_size=6),
    st.data(),
)
def test_ticking_one_more_box_never_raises_a_theme_above_both_parts(option_points, data):
    """Several-choice questions score the mean of what was ticked: ticking one more option
    can never lift a theme above the better of what was ticked before and that option."""
    from quiz.bank import Option

    options = [
        Option(id=f"o{i}", label=f"O{i}", themes=themes) for i, themes in enumerate(option_points)
    ]
    question = MultiChoice(
        id="m", section="s", topic="M", prompt="M?", kind="multi", options=options, min_choices=1
    )
    ids = [o.id for o in options]
    ticked = data.draw(
        st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids) - 1, unique=True)
    )
    added = data.draw(st.sampled_from([i for i in ids if i not in ticked]))

    def theme_points(value: list[str]) -> dict[str, float]:
        return dict(question.effect_of(value).themes)

    before, alone, after = (
        theme_points(ticked),
        theme_points([added]),
        theme_points([*ticked, added]),
    )
    for theme in {*before, *alone, *after}:
        assert after.get(theme, 0) <= max(before.get(theme, 0), alone.get(theme, 0)) + 1e-9


def _index(bank: Bank, question_id: str) -> int:
    return next(i for i, q in enumerate(bank.questions) if q.id == question_id)


@settings(max_examples=EXAMPLES, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 6), st.integers(1, 6)), min_size=1, max_size=6),
    st.data(),
)
def test_the_lead_after_a_change_is_the_best_of_the_changed_scores(points, data):
    # "What would change your result" works out the top pathway from the scores a change
    # moves only: it must be the one the bank lists first among the best of all of them.
    from quiz.scoring.sheet import _leader, best

    scores = [100.0 * got / width for got, width in points]
    indexes = st.integers(0, len(points) - 1)
    moved = data.draw(st.dictionaries(indexes, st.integers(-6, 6), max_size=len(points)))
    moves = [(index, gain) for index, gain in moved.items() if gain]
    changed = scores.copy()
    for index, gain in moves:
        got, width = points[index]
        changed[index] = 100.0 * (got + gain) / width
    assert _leader((scores, points, best(scores)), moves) == best(changed)
