"""The question bank: the shipped one is valid, and each broken bank names its place."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from quiz.bank import bank_schema, parse_bank
from quiz.bankcache import load_bank
from quiz.errors import BankError

Mutation = Callable[[dict[str, Any]], None]


def problems_for(data: dict[str, Any]) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse_bank(data, "bank.json")
    return [str(problem) for problem in caught.value.problems]


# The article's own words, for the faithfulness checks below.
ARTICLE_THEMES = [
    "From Models to Markets",
    "Leading Interdisciplinary Teams",
    "Ethics, Governance & AI Risk",
    "Build or Lead the Next AI Business",
]
ARTICLE_PATHWAYS = [
    "Director of AI Strategy / GenAI Product Manager",
    "Venture-backed AI founder or co-founder",
    "Head of Data / Chief AI Officer (for SMEs or innovation units)",
    "Strategy, policy, or analytics roles in tech, finance, health, and defense",
]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", text.lower().replace("&", "and"))


def test_shipped_bank_is_valid_and_has_what_the_article_needs(shipped_bank):
    bank = shipped_bank.bank
    assert 15 <= len(bank.questions) <= 22
    assert 3 <= len(bank.sections) <= 5
    assert [t.id for t in bank.themes] == ["markets", "teams", "ethics", "business"]
    assert all(t.weight == 1 for t in bank.themes)
    kinds = {q.kind for q in bank.questions}
    assert kinds == {"single", "multi", "scale", "text", "yesno"}
    assert any(q.when is not None for q in bank.questions), "at least one conditional question"
    assert "36-credit" in " ".join(bank.program.facts)
    assert [r.id for r in bank.routes if r.this_degree] == ["mba_ai"]
    assert {r.id for r in bank.routes} == {
        "mba_ai",
        "general_mba",
        "technical",
        "eng_management",
        "short_course",
    }


def test_the_themes_and_pathways_are_the_articles_and_say_so(shipped_bank):
    bank = shipped_bank.bank
    # The same four, in the article's order, with its words (the "&" written out).
    for theme, words in zip(bank.themes, ARTICLE_THEMES, strict=True):
        assert set(_words(theme.name)) >= set(_words(words)) - {
            "the",
            "next",
            "build",
            "or",
            "lead",
        }
        assert theme.point.startswith("The article "), theme.id
    for pathway, name in zip(bank.pathways, ARTICLE_PATHWAYS, strict=True):
        assert _words(pathway.name) == _words(name), pathway.id
        assert pathway.point.startswith("The article "), pathway.id
    # The technical track is a route of ours, never presented as one of the article's.
    assert "technical" not in {p.id for p in bank.pathways}


def test_program_facts_are_the_articles_and_advice_is_labelled_ours(shipped_bank):
    bank = shipped_bank.bank
    for fact in bank.program.facts:
        assert fact.startswith(("The article", "It ")), fact
    facts = " ".join(bank.program.facts)
    assert "24-month STEM extension" in facts and "4–5 semesters for flexibility" in facts
    assert "part-time" not in json.dumps(asdict(bank)), "our reading, not the article's words"
    for note in bank.notes:
        assert "Our advice" in note.text or "Our note" in note.text or "in our view" in note.text, (
            note.id
        )
    executive_orders = [t.point for t in bank.themes if "Executive Orders" in t.point]
    assert executive_orders and "it names" in executive_orders[0], "attributed to the article"
    assert "check which apply now" in executive_orders[0], "orders change: the reader checks"


def test_shipped_bank_never_claims_admission_odds(shipped_bank):
    text = json.dumps(asdict(shipped_bank.bank)).lower()
    for claim in (
        "chance of admission",
        "admission odds",
        "likely to be admitted",
        "acceptance rate",
    ):
        assert claim not in text


CASES: list[tuple[str, Mutation, str]] = [
    (
        "unknown theme in an option",
        lambda d: d["questions"][2]["options"][1]["themes"].update({"ethic": 1}),
        "questions[2].options[1].themes.ethic: unknown theme 'ethic'",
    ),
    (
        "unknown pathway in an option",
        lambda d: d["questions"][2]["options"][1]["pathways"].update({"ceo": 1}),
        "questions[2].options[1].pathways.ceo: unknown pathway 'ceo'",
    ),
    (
        "points out of range",
        lambda d: d["questions"][2]["options"][2]["themes"].update({"markets": 9}),
        "questions[2].options[2].themes.markets: must be at most 5",
    ),
    (
        "duplicate question id",
        lambda d: d["questions"][3].update({"id": "week"}),
        "questions[3].id: duplicate id 'week'",
    ),
    (
        "duplicate option id",
        lambda d: d["questions"][2]["options"][2].update({"id": "tune"}),
        "questions[2].options[2].id: duplicate id 'tune'",
    ),
    (
        "condition on a later question",
        lambda d: d["questions"][2].update({"when": {"question": "visa", "any_of": [True]}}),
        "questions[2].when.question: depends on 'visa', which comes later",
    ),
    (
        "condition on itself",
        lambda d: d["questions"][6].update({"when": {"question": "stay", "any_of": [True]}}),
        "questions[6].when.question: a question cannot depend on its own answer",
    ),
    (
        "condition on an unknown question",
        lambda d: d["questions"][6].update({"when": {"question": "visas", "any_of": [True]}}),
        "questions[6].when.question: unknown question 'visas'",
    ),
    (
        "condition value that is no answer",
        lambda d: d["questions"][6].update({"when": {"question": "week", "any_of": ["sing"]}}),
        "questions[6].when.any_of[0]: 'sing' is not an answer of 'week'",
    ),
    (
        "unknown field",
        lambda d: d["questions"][2].update({"promt": "typo"}),
        "questions[2].promt: unknown field",
    ),
    (
        "missing field",
        lambda d: d["themes"][0].pop("point"),
        "themes[0].point: required field is missing",
    ),
    (
        "wrong type",
        lambda d: d.update({"minutes": "five"}),
        "minutes: expected a whole number",
    ),
    (
        "unknown question kind",
        lambda d: d["questions"][2].update({"kind": "ranking"}),
        "questions[2]: 'ranking' is not a question kind (kinds: multi, scale, single, text, yesno)",
    ),
    (
        "scale with min not below max",
        lambda d: d["questions"][4].update({"min": 5, "max": 5}),
        "questions[4].max: must be greater than min (5), got 5",
    ),
    (
        "multi with max above the options",
        lambda d: d["questions"][3].update({"max_choices": 4}),
        "questions[3].max_choices: 4 is more than the 3 options",
    ),
    (
        "multi with min above max",
        lambda d: d["questions"][3].update({"min_choices": 3, "max_choices": 2}),
        "questions[3].min_choices: 3 is more than max_choices (2)",
    ),
    (
        "bands leave a gap",
        lambda d: d["bands"][1].update({"min": 45}),
        "bands[1].min: leaves a gap: no band covers 40–44",
    ),
    (
        "bands overlap",
        lambda d: d["bands"][1].update({"max": 80}),
        "bands[0].min: overlaps the band below it (75–80)",
    ),
    (
        "a theme nothing can score",
        lambda d: d["themes"].append({**d["themes"][0], "id": "ethics"}),
        "themes[2]: 'ethics': no question shown to everyone can score it",
    ),
    (
        "unknown section",
        lambda d: d["questions"][0].update({"section": "three"}),
        "questions[0].section: unknown section 'three'",
    ),
    (
        "unknown note",
        lambda d: d["questions"][6]["yes"].update({"notes": ["visa_note"]}),
        "questions[6].yes.notes[0]: unknown note 'visa_note'",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_bank_names_the_place_of_the_problem(small_bank_data, mutate, expected):
    mutate(small_bank_data)
    problems = problems_for(small_bank_data)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_every_reference_problem_is_listed_not_just_the_first(small_bank_data):
    small_bank_data["questions"][2]["options"][1]["themes"]["ethic"] = 1
    small_bank_data["questions"][3]["id"] = "week"
    small_bank_data["bands"][1]["min"] = 45
    problems = problems_for(small_bank_data)
    assert len(problems) == 3, problems


def test_every_structural_problem_is_listed_not_just_the_first(small_bank_data):
    small_bank_data["minutes"] = "five"
    small_bank_data["themes"][0].pop("point")
    small_bank_data["questions"][2]["promt"] = "typo"
    assert len(problems_for(small_bank_data)) == 3


def test_the_error_message_names_the_file_and_counts_the_problems(small_bank_data):
    small_bank_data["minutes"] = "five"
    small_bank_data["questions"][2]["promt"] = "typo"
    with pytest.raises(BankError) as caught:
        parse_bank(small_bank_data, "my-questions.json")
    first, *rest = str(caught.value).splitlines()
    assert first == "my-questions.json: 2 problems in this question bank:"
    assert rest[0].startswith("  minutes: ")


@pytest.mark.parametrize(
    ("content", "place"),
    [
        (b"", "is empty"),
        (b'{"version": ', "line 1, column 13: the file ends before the JSON is closed"),
        (b"\xef\xbb\xbf{}", "line 1, column 1: starts with a byte-order mark"),
        (b'{"title": "caf\xe9"}', "line 1: is not UTF-8 text"),
    ],
)
def test_unreadable_bank_file_says_where(tmp_path, content, place):
    path = tmp_path / "questions.json"
    path.write_bytes(content)
    with pytest.raises(BankError) as caught:
        load_bank(path)
    assert str(path) in str(caught.value)
    assert place in str(caught.value)


def test_missing_bank_file_is_a_clear_error(tmp_path):
    with pytest.raises(BankError, match="no such file"):
        load_bank(tmp_path / "nope.json")


def test_schema_is_generated_from_the_model_and_validates_the_shipped_bank(shipped_bank):
    schema = bank_schema()
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) >= {"themes", "pathways", "bands", "questions"}
    question = schema["$defs"]["SingleChoice"]
    assert question["additionalProperties"] is False
    shipped = json.loads(Path(shipped_bank.source).read_text(encoding="utf-8"))
    assert set(shipped) <= set(schema["properties"])
