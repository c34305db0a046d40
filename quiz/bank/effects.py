"""What an answer brings and when a question is asked: the effect of an answer (points per
theme, pathway, route and readiness, and practical notes), a choice with its effect, and
a condition on an earlier answer. quiz/bank/questions.py builds the questions on them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated

from quiz.bank.fields import AnswerValue, Flag, Id, Points, Rule, Strict, TargetKind, Text, Whole


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Effect(Strict):
    """What an answer brings: points per theme, pathway, route and readiness area, and the
    practical notes it calls up."""

    themes: Annotated[
        dict[Id, Points], Rule(description="Points toward each fit theme (by theme id).")
    ] = field(default_factory=dict)
    pathways: Annotated[
        dict[Id, Points], Rule(description="Points toward each pathway (by pathway id).")
    ] = field(default_factory=dict)
    routes: Annotated[
        dict[Id, Points], Rule(description="Points toward each route (by route id).")
    ] = field(default_factory=dict)
    readiness: Annotated[
        dict[Id, Points],
        Rule(description="What the reader has already done toward each theme (by theme id)."),
    ] = field(default_factory=dict)
    notes: Annotated[list[Id], Rule(description="Practical notes this answer calls up.")] = field(
        default_factory=list
    )
    neutral: Annotated[
        bool,
        Rule(
            strict=True,
            description="Moves nothing on purpose (the model checks flag answers that do not).",
        ),
    ] = False

    def points(self, kind: TargetKind) -> Mapping[str, float]:
        """The points of one kind: themes, pathways, routes or readiness."""
        found: Mapping[str, float] = getattr(self, kind)
        return found


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Option(Effect):
    """One choice of a single- or multi-choice question."""

    id: Id
    label: Annotated[Text, Rule(description="What the reader sees; an activity or situation.")]
    change_phrase: Annotated[
        Text | None,
        Rule(
            description="A clause that completes 'If …, your fit would be …' for this choice, "
            "such as 'you would rather price the model'; without it the report quotes the "
            "question and both answers. Used for single-choice questions."
        ),
    ] = None
    exclusive: Annotated[
        bool,
        Rule(strict=True, description="In a multi-choice question, cannot be chosen with others."),
    ] = False
    last: Annotated[
        bool,
        Rule(
            strict=True,
            description="Stays at the end when the options are shuffled ('Something else', "
            "'None of these yet').",
        ),
    ] = False


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Condition(Strict):
    """Holds when an earlier question's answer is one of `any_of`."""

    question: Id
    any_of: Annotated[list[Flag | Whole | Id], Rule(min_length=1)]

    def holds(self, answers: Mapping[str, AnswerValue]) -> bool:
        value = answers.get(self.question)
        if value is None:
            return False
        if isinstance(value, list):
            return any(choice in self.any_of for choice in value)
        # bool is an int in Python: compare kinds too, so `true` never matches `1`.
        return any(type(value) is type(wanted) and value == wanted for wanted in self.any_of)
