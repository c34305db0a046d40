"""Loading a bank: read its file, and check it, unless its very bytes passed the checks
before (quiz.bankcache remembers which), in which case it is built straight from its JSON
without pydantic."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from quiz.bank.effects import Condition, Effect, Option
from quiz.bank.model import (
    Ask,
    Band,
    Bank,
    LoadedBank,
    Note,
    Pathway,
    Plan,
    Program,
    Route,
    Scoring,
    Section,
    Step,
    Theme,
)
from quiz.bank.questions import FreeText, MultiChoice, Question, Scale, SingleChoice, YesNo
from quiz.bank.validation import check_bank
from quiz.errors import BankError
from quiz.jsonfile import parse_json_bytes, read_bytes


def parse_bank(data: Any, source: str, digest: str = "") -> LoadedBank:
    """Check parsed JSON as a bank, with where it came from."""
    return LoadedBank(bank=check_bank(data, source), source=source, digest=digest)


def load_bank(path: Path, *, cached: bool = True) -> LoadedBank:
    """Read and check a question bank file. Unless `cached` is false, a bank whose very bytes
    passed the checks before is built without them."""
    from quiz import bankcache

    raw = read_bytes(path, BankError, pipe=True)
    digest = hashlib.sha256(raw).hexdigest()
    data = parse_json_bytes(raw, str(path), BankError)
    if cached and bankcache.checked_before(digest):
        bank = build_checked(data)
    else:
        bank = check_bank(data, str(path))
        bankcache.remember_checked(digest)
    return LoadedBank(bank=bank, source=str(path), digest=digest[:12])


# Building a bank from JSON that passed the checks, without pydantic: written out by hand
# (working it out from the annotations with typing.get_type_hints costs a report 7 ms);
# tests/test_bankcache.py holds it to pydantic's result for every kind of field.


def build_checked(data: dict[str, Any]) -> Bank:
    """The bank in `data`, which must be JSON that passed `check_bank` before: nested
    classes built, and whole numbers made floats where the model has a float (as pydantic
    makes them), so a report is the same whichever way its bank was read."""
    fields = dict(data)
    fields["program"] = Program(**fields["program"])
    if "scoring" in fields:
        fields["scoring"] = Scoring(**fields["scoring"])
    fields["themes"] = [_theme(theme) for theme in fields["themes"]]
    fields["pathways"] = [_pathway(pathway) for pathway in fields["pathways"]]
    fields["routes"] = [
        Route(**{**route, "first_step": Step(**route["first_step"])}) for route in fields["routes"]
    ]
    for name, cls in (("bands", Band), ("sections", Section)):
        fields[name] = [cls(**item) for item in fields[name]]
    if "notes" in fields:
        fields["notes"] = [_note(note) for note in fields["notes"]]
    fields["plan"] = _plan(fields["plan"])
    fields["questions"] = [_question(question) for question in fields["questions"]]
    return Bank(**fields)


def _with_float(item: dict[str, Any], name: str) -> dict[str, Any]:
    return {**item, name: float(item[name])} if name in item else item


def _theme(data: dict[str, Any]) -> Theme:
    steps = {name: Step(**data[name]) for name in ("start_here", "build_on")}
    return Theme(**{**_with_float(data, "weight"), **steps})


def _pathway(data: dict[str, Any]) -> Pathway:
    fields = {**data, "first_step": Step(**data["first_step"])}
    if data.get("already") is not None:
        fields["already"] = Condition(**data["already"])
    if data.get("already_step") is not None:
        fields["already_step"] = Step(**data["already_step"])
    return Pathway(**fields)


def _conditions(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its "when" (a list of conditions), if any, built."""
    if "when" not in data:
        return data
    return {**data, "when": [Condition(**condition) for condition in data["when"]]}


def _note(data: dict[str, Any]) -> Note:
    return Note(**_conditions(data))


def _plan(data: dict[str, Any]) -> Plan:
    return Plan(
        **{
            **data,
            "decide": Step(**data["decide"]),
            "decide_route": Step(**data["decide_route"]),
            "ask_school": [Ask(**_conditions(ask)) for ask in data["ask_school"]],
            "ask_mentor": [Ask(**_conditions(ask)) for ask in data.get("ask_mentor", [])],
        }
    )


_KINDS: dict[str, type[Question]] = {
    "single": SingleChoice,
    "multi": MultiChoice,
    "scale": Scale,
    "text": FreeText,
    "yesno": YesNo,
}
_EFFECTS = ("low", "high", "yes", "no")  # the fields of a question that hold an Effect


def _question(data: dict[str, Any]) -> Question:
    fields = dict(data)
    if "options" in fields:
        fields["options"] = [Option(**option) for option in fields["options"]]
    if fields.get("when") is not None:
        fields["when"] = Condition(**fields["when"])
    for name in _EFFECTS:
        if name in fields:
            fields[name] = Effect(**fields[name])
    built: Question = _KINDS[fields["kind"]](**fields)
    return built
