"""The question bank: the shipped one is valid, and each broken bank names its place."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from quiz.bank import bank_schema, load_bank, parse_bank
from quiz.errors import BankError

Mutation = Callable[[dict[str, Any]], None]


def problems_for(data: dict[str, Any]) -> list[str]:
    with pytest.raises(BankError) as caught:
        parse_bank(data, "bank.json")
    return [str(problem) for problem in caught.value.problems]


def test_shipped_bank_is_valid_and_has_what_the_article_needs(shipped_bank):
    bank = shipped_bank.bank
    assert 15 <= len(bank.questions) <= 22
    assert 3 <= len(bank.sections) <= 5
    assert {t.id for t in bank.themes} == {"markets", "teams", "ethics", "business", "careers"}
    assert len(bank.pathways) == 5
    kinds = {q.kind for q in bank.questions}
    assert kinds == {"single", "multi", "scale", "text", "yesno"}
    assert any(q.when is not None for q in bank.questions), "at least one conditional question"
    assert "36" in " ".join(bank.program.facts)


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
        lambda d: d["questions"][1]["options"][1]["themes"].update({"ethic": 1}),
        "questions[1].options[1].themes.ethic: unknown theme 'ethic'",
    ),
    (
        "unknown pathway in an option",
        lambda d: d["questions"][1]["options"][0]["pathways"].update({"ceo": 1}),
        "questions[1].options[0].pathways.ceo: unknown pathway 'ceo'",
    ),
    (
        "points out of range",
        lambda d: d["questions"][1]["options"][2]["themes"].update({"markets": 9}),
        "questions[1].options[2].themes.markets: must be at most 5",
    ),
    (
        "duplicate question id",
        lambda d: d["questions"][2].update({"id": "week"}),
        "questions[2].id: duplicate id 'week'",
    ),
    (
        "duplicate option id",
        lambda d: d["questions"][1]["options"][2].update({"id": "tune"}),
        "questions[1].options[2].id: duplicate id 'tune'",
    ),
    (
        "condition on a later question",
        lambda d: d["questions"][1].update({"when": {"question": "visa", "any_of": [True]}}),
        "questions[1].when.question: depends on 'visa', which comes later",
    ),
    (
        "condition on itself",
        lambda d: d["questions"][5].update({"when": {"question": "stay", "any_of": [True]}}),
        "questions[5].when.question: a question cannot depend on its own answer",
    ),
    (
        "condition on an unknown question",
        lambda d: d["questions"][5].update({"when": {"question": "visas", "any_of": [True]}}),
        "questions[5].when.question: unknown question 'visas'",
    ),
    (
        "condition value that is no answer",
        lambda d: d["questions"][5].update({"when": {"question": "week", "any_of": ["sing"]}}),
        "questions[5].when.any_of[0]: 'sing' is not an answer of 'week'",
    ),
    (
        "unknown field",
        lambda d: d["questions"][1].update({"promt": "typo"}),
        "questions[1].promt: unknown field",
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
        lambda d: d["questions"][1].update({"kind": "ranking"}),
        "questions[1]: 'ranking' is not a question kind (kinds: multi, scale, single, text, yesno)",
    ),
    (
        "scale with min not below max",
        lambda d: d["questions"][3].update({"min": 5, "max": 5}),
        "questions[3].max: must be greater than min (5), got 5",
    ),
    (
        "multi with max above the options",
        lambda d: d["questions"][2].update({"max_choices": 4}),
        "questions[2].max_choices: 4 is more than the 3 options",
    ),
    (
        "multi with min above max",
        lambda d: d["questions"][2].update({"min_choices": 3, "max_choices": 2}),
        "questions[2].min_choices: 3 is more than max_choices (2)",
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
        lambda d: d["questions"][5]["yes"].update({"notes": ["visa_note"]}),
        "questions[5].yes.notes[0]: unknown note 'visa_note'",
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_bank_names_the_place_of_the_problem(small_bank_data, mutate, expected):
    mutate(small_bank_data)
    problems = problems_for(small_bank_data)
    assert any(problem.startswith(expected) for problem in problems), problems


def test_every_reference_problem_is_listed_not_just_the_first(small_bank_data):
    small_bank_data["questions"][1]["options"][1]["themes"]["ethic"] = 1
    small_bank_data["questions"][2]["id"] = "week"
    small_bank_data["bands"][1]["min"] = 45
    problems = problems_for(small_bank_data)
    assert len(problems) == 3, problems


def test_every_structural_problem_is_listed_not_just_the_first(small_bank_data):
    small_bank_data["minutes"] = "five"
    small_bank_data["themes"][0].pop("point")
    small_bank_data["questions"][1]["promt"] = "typo"
    assert len(problems_for(small_bank_data)) == 3


def test_the_error_message_names_the_file_and_counts_the_problems(small_bank_data):
    small_bank_data["minutes"] = "five"
    small_bank_data["questions"][1]["promt"] = "typo"
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
