"""Answers files: checked against the bank with every problem named, and read back as saved."""

from __future__ import annotations

import json

import pytest

from quiz.answers import (
    answers_document,
    check_answers,
    clean_text,
    keep_applicable,
    load_answers,
    missing,
    require_complete,
)
from quiz.errors import AnswersError

COMPLETE = {
    "name": "Ada",
    "done": ["budget"],
    "week": "price",
    "skills": ["lead"],
    "people": 3,
    "visa": True,
    "stay": False,
}


def problems(bank, answers):
    with pytest.raises(AnswersError) as caught:
        check_answers(bank, {"answers": answers}, "answers.json")
    return [str(p) for p in caught.value.problems]


def test_a_complete_answers_file_is_read_in_bank_order(small_bank):
    shuffled = dict(reversed(COMPLETE.items()))
    assert list(check_answers(small_bank.bank, {"answers": shuffled}, "a.json")) == list(COMPLETE)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"weak": "price"}, "answers.weak: unknown question"),
        ({"week": ["price"]}, "answers.week: expected one choice id as a string"),
        ({"week": "sing"}, "answers.week: 'sing' is not a choice of this question"),
        ({"skills": []}, "answers.skills: choose at least 1 (got 0)"),
        ({"skills": ["lead", "sell", "code"]}, "answers.skills: choose at most 2 (got 3)"),
        ({"skills": ["lead", "lead"]}, "answers.skills: the same choice is listed twice"),
        ({"people": 6}, "answers.people: 6 is outside the scale 1 to 5"),
        ({"people": "3"}, "answers.people: expected a whole number from 1 to 5"),
        ({"people": True}, "answers.people: expected a whole number from 1 to 5"),
        ({"visa": "yes"}, "answers.visa: expected true or false"),
        ({"name": 7}, "answers.name: expected text in quotes"),
        ({"name": "x" * 21}, "answers.name: longer than 20 characters (21)"),
        (
            {"visa": False, "stay": True},
            "answers.stay: answered, but this question is only asked when 'visa' is true",
        ),
    ],
)
def test_a_wrong_answer_names_its_question_and_what_is_wrong(small_bank, answers, expected):
    found = problems(small_bank.bank, answers)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_in_an_answers_file_is_listed(small_bank):
    found = problems(small_bank.bank, {"weak": 1, "week": "sing", "people": 9})
    assert len(found) == 3


def test_unknown_top_level_field_and_missing_answers_object_are_named(small_bank):
    with pytest.raises(AnswersError) as caught:
        check_answers(small_bank.bank, {"answer": {}}, "a.json")
    assert [p.place for p in caught.value.problems] == ["answer", "answers"]


def test_missing_answers_are_listed_by_question(small_bank):
    partial = {"done": ["none"], "week": "price", "visa": True}
    assert [q.id for q in missing(small_bank.bank, partial)] == ["skills", "people", "stay"]
    with pytest.raises(AnswersError) as caught:
        require_complete(small_bank.bank, partial, "a.json")
    assert [p.place for p in caught.value.problems] == [
        "answers.skills",
        "answers.people",
        "answers.stay",
    ]


def test_the_optional_name_need_not_be_answered(small_bank):
    answers = {k: v for k, v in COMPLETE.items() if k != "name"}
    assert missing(small_bank.bank, answers) == []


def test_answers_to_questions_that_stop_applying_are_dropped(small_bank):
    kept = keep_applicable(small_bank.bank, {**COMPLETE, "visa": False, "stay": True})
    assert "stay" not in kept
    assert kept["visa"] is False


def test_a_saved_answers_file_reads_back_the_same(small_bank, tmp_path):
    document = answers_document(small_bank.bank, COMPLETE, "2026-01-01T00:00:00+00:00")
    assert document["complete"] is True and document["bank_version"] == "test-2"
    assert "order" not in document
    path = tmp_path / "a.answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert load_answers(small_bank.bank, path) == COMPLETE


def test_the_order_the_reader_saw_is_kept_in_the_answers_file(small_bank, tmp_path):
    from quiz.answers import read_answers

    document = answers_document(small_bank.bank, COMPLETE, "2026-01-01T00:00:00+00:00", 77)
    path = tmp_path / "a.answers.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert read_answers(small_bank.bank, path) == (COMPLETE, 77)
    for wrong in (0, -3, "77", True, 2**40):
        path.write_text(json.dumps({**document, "order": wrong}), encoding="utf-8")
        with pytest.raises(AnswersError) as caught:
            read_answers(small_bank.bank, path)
        assert [p.place for p in caught.value.problems] == ["order"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("\x1b[31mEvil\x1b[0m", "Evil"),
        ("Ada\x07\x08 Lovelace", "Ada Lovelace"),
        ("\u202eevil\u202c", "evil"),
        ("  many   spaces\n\tand lines ", "many spaces and lines"),
        ("José 👩🏽‍💻", "José 👩🏽‍💻"),
        ("مريم", "مريم"),
    ],
)
def test_free_text_is_stored_without_control_or_escape_sequences(typed, stored):
    assert clean_text(typed) == stored


def test_a_10000_character_name_in_a_file_is_refused_with_the_limit(small_bank):
    found = problems(small_bank.bank, {**COMPLETE, "name": "é" * 10_000})
    assert found == ["answers.name: longer than 20 characters (10000)"]
