"""Making a bank from its JSON: checked (pydantic, quiz.bank.validation), or, for JSON whose
very bytes passed the checks before, built straight from it without pydantic. Reading the
file and remembering what passed is quiz.bankcache's (`load_bank`): the core writes nothing."""

from __future__ import annotations

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


def parse_bank(data: Any, source: str, digest: str = "") -> LoadedBank:
    """Check parsed JSON as a bank, with where it came from."""
    return LoadedBank(bank=check_bank(data, source), source=source, digest=digest)


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
    fields["routes"] = [_route(route) for route in fields["routes"]]
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


def _route(data: dict[str, Any]) -> Route:
    fields = {**data, "first_step": Step(**data["first_step"])}
    if data.get("second_step") is not None:
        fields["second_step"] = Step(**data["second_step"])
    return Route(**fields)


def _conditions(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with its "when" (a list of conditions), if any, built."""
    return _conditions_of(data, "when")


def _conditions_of(data: dict[str, Any], name: str) -> dict[str, Any]:
    """`data` with its list of conditions `name`, if any, built."""
    if name not in data:
        return data
    return {**data, name: [Condition(**condition) for condition in data[name]]}


def _note(data: dict[str, Any]) -> Note:
    return Note(**_conditions(data))


def _plan(data: dict[str, Any]) -> Plan:
    fields = {
        **_conditions_of(data, "explore_when"),
        "decide": Step(**data["decide"]),
        "decide_route": Step(**data["decide_route"]),
        "ask_school": [Ask(**_conditions(ask)) for ask in data["ask_school"]],
        "ask_mentor": [Ask(**_conditions(ask)) for ask in data.get("ask_mentor", [])],
    }
    if data.get("explore") is not None:
        fields["explore"] = Step(**data["explore"])
    return Plan(**fields)


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
