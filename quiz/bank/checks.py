"""The checks of a bank beyond its shape: references between its parts, ranges that must
fit together, texts a terminal would act on. Each problem is named with its place in the
file, such as `questions[4].options[2].themes.ethics`; every problem is listed, not just
the first."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from quiz.bank.effects import Condition, Effect
from quiz.bank.fields import TARGET_KINDS, TargetKind
from quiz.bank.model import LOWEST, Band, Bank
from quiz.bank.questions import FreeText, MultiChoice, Question, Scale, SingleChoice, effects_of
from quiz.errors import Problem
from quiz.jsonfile import format_location


def _duplicates(ids: Sequence[str], place: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(ids):
        if item in seen:
            problems.append(Problem(f"{place}[{index}].id", f"duplicate id {item!r}"))
        seen.add(item)
    return problems


# What the keys of each kind of points must be: readiness is counted per theme.
_KNOWN_AS: dict[TargetKind, tuple[str, str]] = {
    "themes": ("themes", "theme"),
    "pathways": ("pathways", "pathway"),
    "routes": ("routes", "route"),
    "readiness": ("themes", "theme"),
}


def _effect_problems(effect: Effect, place: str, bank: Bank) -> list[Problem]:
    known = {
        "themes": {theme.id for theme in bank.themes},
        "pathways": {pathway.id for pathway in bank.pathways},
        "routes": {route.id for route in bank.routes},
    }
    problems = []
    for kind in TARGET_KINDS:
        group, noun = _KNOWN_AS[kind]
        problems += [
            Problem(
                f"{place}.{kind}.{key}",
                f"unknown {noun} {key!r} ({group}: {', '.join(sorted(known[group]))})",
            )
            for key in effect.points(kind)
            if key not in known[group]
        ]
    notes = {note.id for note in bank.notes}
    problems += [
        Problem(f"{place}.notes[{index}]", f"unknown note {key!r}")
        for index, key in enumerate(effect.notes)
        if key not in notes
    ]
    return problems


def reference_problems(bank: Bank) -> list[Problem]:
    """Everything that refers to something that is not there, or cannot work together."""
    problems = []
    for group in ("themes", "pathways", "routes", "bands", "sections", "notes", "questions"):
        problems += _duplicates([item.id for item in getattr(bank, group)], group)

    sections = {section.id for section in bank.sections}
    position: dict[str, int] = {}
    for index, question in enumerate(bank.questions):
        position.setdefault(question.id, index)
    names = 0
    for index, question in enumerate(bank.questions):
        place = f"questions[{index}]"
        if question.section not in sections:
            problems.append(Problem(f"{place}.section", f"unknown section {question.section!r}"))
        problems += _shape_problems(question, place)
        if isinstance(question, FreeText) and question.purpose == "name":
            names += 1
            if names > 1:
                problems.append(
                    Problem(f"{place}.purpose", "only one question can ask for the name")
                )
        for effect, effect_place in effects_of(question, place):
            problems += _effect_problems(effect, effect_place, bank)
        if question.when is not None:
            problems += _condition_problems(
                bank, question.when, f"{place}.when", position, before=index, asker=question.id
            )

    for index, note in enumerate(bank.notes):
        for number, condition in enumerate(note.when):
            problems += _condition_problems(
                bank, condition, f"notes[{index}].when[{number}]", position
            )
    for group in ("ask_mentor", "ask_school"):
        for index, ask in enumerate(getattr(bank.plan, group)):
            for number, condition in enumerate(ask.when):
                problems += _condition_problems(
                    bank, condition, f"plan.{group}[{index}].when[{number}]", position
                )
    for number, condition in enumerate(bank.plan.explore_when):
        problems += _condition_problems(bank, condition, f"plan.explore_when[{number}]", position)
    if (bank.plan.explore is None) != (not bank.plan.explore_when):
        problems.append(Problem("plan.explore_when", 'goes with "explore": give both or neither'))
    problems += _pathway_problems(bank, position)
    problems += _theme_problems(bank)
    this_degree = [route.id for route in bank.routes if route.this_degree]
    if len(this_degree) != 1:
        problems.append(
            Problem(
                "routes",
                'exactly one route must be this degree ("this_degree": true); '
                f"found {len(this_degree)}",
            )
        )
    problems += _band_problems(bank.bands)
    problems += _unscorable_problems(bank)
    return problems


def _shape_problems(question: Question, place: str) -> list[Problem]:
    """Limits of one question that cannot work together."""
    problems = []
    if isinstance(question, (SingleChoice, MultiChoice)):
        problems += _duplicates([o.id for o in question.options], f"{place}.options")
    if isinstance(question, MultiChoice):
        if question.max_choices is not None and question.max_choices > len(question.options):
            problems.append(
                Problem(
                    f"{place}.max_choices",
                    f"{question.max_choices} is more than the {len(question.options)} options",
                )
            )
        if question.min_choices > question.most:
            problems.append(
                Problem(
                    f"{place}.min_choices",
                    f"{question.min_choices} is more than max_choices ({question.most})",
                )
            )
    if isinstance(question, Scale):
        if question.min >= question.max:
            problems.append(
                Problem(
                    f"{place}.max", f"must be greater than min ({question.min}), got {question.max}"
                )
            )
        elif len(question.labels) != question.max - question.min + 1:
            problems.append(
                Problem(
                    f"{place}.labels",
                    f"needs one label for each of the {question.max - question.min + 1} steps "
                    f"from {question.min} to {question.max}, got {len(question.labels)}",
                )
            )
    return problems


def _condition_problems(
    bank: Bank,
    condition: Condition,
    place: str,
    position: Mapping[str, int],
    before: int | None = None,
    asker: str | None = None,
) -> list[Problem]:
    """A condition on another question's answer; a question's own condition may only look at
    earlier questions (`before`, its own index)."""
    target = condition.question
    if target not in position:
        return [Problem(f"{place}.question", f"unknown question {target!r}")]
    if target == asker:
        return [Problem(f"{place}.question", "a question cannot depend on its own answer")]
    if before is not None and position[target] > before:
        return [
            Problem(
                f"{place}.question",
                f"depends on {target!r}, which comes later (questions[{position[target]}]); "
                "a condition can only look at earlier questions",
            )
        ]
    referred = bank.question_by_id[target]
    allowed = referred.valid_condition_values()
    if allowed is None:
        return [
            Problem(
                f"{place}.question",
                f"{target!r} is a free-text question; conditions cannot test it",
            )
        ]
    return [
        Problem(
            f"{place}.any_of[{i}]",
            f"{wanted!r} is not an answer of {target!r} (expected {allowed})",
        )
        for i, wanted in enumerate(condition.any_of)
        if not referred.accepts_in_condition(wanted)
    ]


def _pathway_problems(bank: Bank, position: Mapping[str, int]) -> list[Problem]:
    problems = []
    for index, pathway in enumerate(bank.pathways):
        place = f"pathways[{index}]"
        if pathway.already is not None:
            problems += _condition_problems(bank, pathway.already, f"{place}.already", position)
        if (pathway.already is None) != (pathway.already_step is None):
            problems.append(
                Problem(f"{place}.already_step", 'goes with "already": give both or neither')
            )
    return problems


def _theme_problems(bank: Bank) -> list[Problem]:
    return [
        Problem(
            f"themes[{index}].weight_reason",
            f"the weight is {theme.weight:g}, not 1: say why (every theme weighs 1 otherwise)",
        )
        for index, theme in enumerate(bank.themes)
        if theme.weight != 1 and theme.weight_reason is None
    ]


def _band_problems(bands: Sequence[Band]) -> list[Problem]:
    return _placeholder_problems(bands) + _range_problems(bands)


def _placeholder_problems(bands: Sequence[Band]) -> list[Problem]:
    """A band's message may hold {lowest} and nothing else in braces: a mistyped one would
    reach the reader as it is."""
    return [
        Problem(f"bands[{i}].message", f"{found} is not a placeholder; the one there is: {LOWEST}")
        for i, band in enumerate(bands)
        for found in re.findall(r"\{[^{}]*\}", band.message)
        if found != LOWEST
    ]


def _range_problems(bands: Sequence[Band]) -> list[Problem]:
    problems = [
        Problem(f"bands[{i}].max", f"{band.max} is below min ({band.min})")
        for i, band in enumerate(bands)
        if band.max < band.min
    ]
    if problems:
        return problems
    order = sorted(range(len(bands)), key=lambda i: bands[i].min)
    expected = 0
    for i in order:
        band = bands[i]
        if band.min > expected:
            problems.append(
                Problem(
                    f"bands[{i}].min", f"leaves a gap: no band covers {expected}–{band.min - 1}"
                )
            )
        elif band.min < expected:
            problems.append(
                Problem(
                    f"bands[{i}].min", f"overlaps the band below it ({band.min}–{expected - 1})"
                )
            )
        expected = max(expected, band.max + 1)
    if expected <= 100:
        problems.append(Problem("bands", f"no band covers {expected}–100"))
    return problems


def _unscorable_problems(bank: Bank) -> list[Problem]:
    # Every theme, pathway and route needs a question shown to everyone that can move it;
    # otherwise its score would be undefined for some reader.
    always = [question for question in bank.questions if question.when is None]
    problems = []
    targets: list[tuple[TargetKind, list[str]]] = [
        ("themes", [theme.id for theme in bank.themes]),
        ("pathways", [pathway.id for pathway in bank.pathways]),
        ("routes", [route.id for route in bank.routes]),
    ]
    for kind, ids in targets:
        for index, item in enumerate(ids):
            spans = [q.span(kind, item) for q in always]
            if not any(high > low for low, high in spans):
                problems.append(
                    Problem(
                        f"{kind}[{index}]", f"{item!r}: no question shown to everyone can score it"
                    )
                )
    return problems


def hidden_characters(data: Any) -> list[Problem]:
    """Text in the bank that a terminal would act on instead of showing (an escape sequence,
    a bidi override), with its place: the quiz shows bank text as it is."""
    from quiz.text import first_hidden

    problems = []
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(data, ())]
    while stack:  # not recursive: a file may be nested as deeply as json allows
        value, place = stack.pop()
        if isinstance(value, str):
            found = first_hidden(value)
            if found:
                problems.append(
                    Problem(
                        format_location(place) or "(top level)",
                        f"holds the control character {found}; a bank text is one line of plain "
                        "text",
                    )
                )
        elif isinstance(value, list):
            stack += [(item, (*place, index)) for index, item in enumerate(value)]
        elif isinstance(value, dict):
            stack += [(item, (*place, str(key))) for key, item in value.items()]
    return sorted(problems, key=str)
