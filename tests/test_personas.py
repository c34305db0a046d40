"""Calibration personas: answers files under tests/personas/, each with a one-line
description and what a thoughtful advisor would expect (written before the model was run
on them). If the model and the advisor disagree, the model is fixed, or the persona file
says why the expectation was wrong."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quiz.answers import check_answers, require_complete
from quiz.scoring import score

PERSONAS = sorted((Path(__file__).parent / "personas").glob("*.json"))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_at_least_eight_personas_each_with_a_description_and_expectations():
    assert len(PERSONAS) >= 8
    for path in PERSONAS:
        persona = load(path)
        assert persona["description"].strip(), path.name
        assert {"band", "top_pathway", "why"} <= set(persona["expect"]), path.name


@pytest.mark.parametrize("path", PERSONAS, ids=[p.stem for p in PERSONAS])
def test_the_model_agrees_with_the_advisor(path, shipped_bank):
    persona = load(path)
    expect = persona["expect"]
    answers = check_answers(shipped_bank.bank, {"answers": persona["answers"]}, path.name)
    require_complete(shipped_bank.bank, answers, path.name)
    result = score(shipped_bank, answers, "2026-01-01")
    seen = f"{result.overall} {result.band.id}, top {result.pathways[0].id}"
    assert result.band.id == expect["band"], seen
    if expect["top_pathway"] is not None:
        assert result.pathways[0].id == expect["top_pathway"], seen
    if "close_at_least" in expect:
        close = [p.id for p in result.pathways if p.close_to_top]
        assert len(close) >= expect["close_at_least"], close
    if "notes" in expect:
        assert set(expect["notes"]) <= {note.id for note in result.notes}
    assert bool(result.flags) == expect.get("flagged", False), result.flags
