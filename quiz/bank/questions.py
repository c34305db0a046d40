"""The questions of a bank: what each kind of question accepts as an answer, and what an
answer brings (points per theme, pathway, route and readiness, and practical notes)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Literal

from quiz.bank.effects import Condition, Effect, Option
from quiz.bank.fields import (
    About,
    AnswerValue,
    Id,
    Rule,
    Strict,
    TargetKind,
    Text,
)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class _QuestionBase(Strict):
    id: Id
    section: Id
    topic: Annotated[
        str,
        Rule(
            min_length=1,
            max_length=32,
            description="A few words naming the question on the review screen.",
        ),
    ]
    prompt: Text
    help: Annotated[Text | None, Rule(description="One line shown under the prompt.")] = None
    when: Annotated[Condition | None, Rule(description="Ask only when this holds.")] = None
    about: Annotated[
        About,
        Rule(
            description="'future': a choice about what comes next (the only kind that may "
            "move fit); 'now': a fact about the reader today (readiness, context); "
            "'practical': pace, visa, time and money (notes only)."
        ),
    ] = "future"

    @property
    def required(self) -> bool:
        return True

    def applies(self, answers: Mapping[str, AnswerValue]) -> bool:
        return self.when is None or self.when.holds(answers)

    def effect_of(self, value: AnswerValue) -> Effect:
        """The points and notes this answer brings."""
        return Effect()

    def extremes(self) -> Iterable[Effect]:
        """Effects whose minimum and maximum per target bound what any answer can bring."""
        return ()

    def span(self, kind: TargetKind, key: str) -> tuple[float, float]:
        """The least and the most points any answer brings to one target."""
        values = [effect.points(kind).get(key, 0) for effect in self.extremes()]
        return (float(min(values)), float(max(values))) if values else (0.0, 0.0)

    def alternatives(self, value: AnswerValue) -> list[AnswerValue]:
        """Other answers a reader could have given, for 'what would change your result'."""
        return []

    def problem_with(self, value: object) -> str | None:
        """Why `value` is not a valid answer to this question, or None."""
        raise NotImplementedError

    def describe(self, value: AnswerValue) -> str:
        """The answer as the reader would say it."""
        return str(value)

    def brief(self, value: AnswerValue) -> str:
        """The answer in a few words, for a sentence that names two of them."""
        return self.describe(value)

    def valid_condition_values(self) -> str | None:
        """What a condition on this question may test for, or None if it may not be tested."""
        return None

    def accepts_in_condition(self, wanted: object) -> bool:
        return False


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class _ChoiceQuestion(_QuestionBase):
    options: Annotated[list[Option], Rule(min_length=2, max_length=12)]

    @cached_property
    def _by_id(self) -> dict[str, Option]:
        return {option.id: option for option in self.options}

    def option(self, option_id: str) -> Option:
        return self._by_id[option_id]

    def valid_condition_values(self) -> str:
        return "one of " + ", ".join(option.id for option in self.options)

    def accepts_in_condition(self, wanted: object) -> bool:
        return isinstance(wanted, str) and wanted in self._by_id

    def _unknown(self, choice: object) -> str:
        return f"{choice!r} is not a choice of this question (choices: {', '.join(self._by_id)})"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class SingleChoice(_ChoiceQuestion):
    """Pick exactly one option."""

    kind: Literal["single"]

    def effect_of(self, value: AnswerValue) -> Effect:
        return self.option(str(value))

    def extremes(self) -> Iterable[Effect]:
        return self.options

    def alternatives(self, value: AnswerValue) -> list[AnswerValue]:
        return [option.id for option in self.options if option.id != value]

    def problem_with(self, value: object) -> str | None:
        if not isinstance(value, str):
            return "expected one choice id as a string"
        return None if value in self._by_id else self._unknown(value)

    def describe(self, value: AnswerValue) -> str:
        return self.option(str(value)).label


# Ticking more boxes must never raise a theme, a pathway or a route by itself: those are
# scored as the mean of the options ticked. Readiness counts what was done: each box adds.
_MEAN: tuple[TargetKind, ...] = ("themes", "pathways", "routes")


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class MultiChoice(_ChoiceQuestion):
    """Pick between `min_choices` and `max_choices` options."""

    kind: Literal["multi"]
    min_choices: Annotated[int, Rule(strict=True, ge=0)] = 1
    max_choices: Annotated[
        int | None, Rule(strict=True, ge=1, description="All options if absent.")
    ] = None

    @property
    def most(self) -> int:
        """The most choices one answer can hold (exclusive options go alone)."""
        together = [o for o in self.options if not o.exclusive]
        limit = len(self.options) if self.max_choices is None else self.max_choices
        return max(min(limit, len(together)), 1 if len(together) < len(self.options) else 0)

    def effect_of(self, value: AnswerValue) -> Effect:
        chosen = [self.option(choice) for choice in value] if isinstance(value, list) else []
        totals: dict[TargetKind, Counter[str]] = {kind: Counter() for kind in (*_MEAN, "readiness")}
        notes: list[str] = []
        for option in chosen:
            for kind, counter in totals.items():
                counter.update(option.points(kind))
            notes += [note for note in option.notes if note not in notes]
        count = max(len(chosen), 1)
        means = {kind: {k: v / count for k, v in totals[kind].items()} for kind in _MEAN}
        return Effect(
            themes=means["themes"],  # type: ignore[arg-type]
            pathways=means["pathways"],  # type: ignore[arg-type]
            routes=means["routes"],  # type: ignore[arg-type]
            readiness=dict(totals["readiness"]),
            notes=notes,
        )

    def span(self, kind: TargetKind, key: str) -> tuple[float, float]:
        values = [o.points(kind).get(key, 0) for o in self.options]
        if not values:
            return (0.0, 0.0)
        if kind in _MEAN:  # a mean lies between its lowest and its highest option
            if self.min_choices == 0:
                values.append(0)  # ticking nothing brings nothing
            return (float(min(values)), float(max(values)))
        # The bounds of a sum of k options are the k worst and the k best of those that can
        # go together; an exclusive option is an answer on its own.
        together = sorted(o.points(kind).get(key, 0) for o in self.options if not o.exclusive)
        counts = range(self.min_choices, min(self.most, len(together)) + 1)
        totals = [sum(together[:count]) for count in counts]
        totals += [sum(together[len(together) - count :]) for count in counts]
        if self.min_choices <= 1:
            totals += [o.points(kind).get(key, 0) for o in self.options if o.exclusive]
        if not totals:  # min_choices > max_choices: reported by the reference checks
            return (0.0, 0.0)
        return (float(min(totals)), float(max(totals)))

    def alternatives(self, value: AnswerValue) -> list[AnswerValue]:
        chosen = list(value) if isinstance(value, list) else []
        result: list[AnswerValue] = []
        for option in self.options:
            toggled = (
                [c for c in chosen if c != option.id]
                if option.id in chosen
                else [c for c in self._by_id if c in chosen or c == option.id]
            )
            if self.problem_with(toggled) is None:
                result.append(toggled)
        return result

    def problem_with(self, value: object) -> str | None:
        if not isinstance(value, list) or not all(isinstance(choice, str) for choice in value):
            return "expected a list of choice ids"
        for choice in value:
            if choice not in self._by_id:
                return self._unknown(choice)
        if len(set(value)) != len(value):
            return "the same choice is listed twice"
        alone = [choice for choice in value if self.option(choice).exclusive]
        if alone and len(value) > 1:
            return f"{alone[0]!r} cannot be chosen together with other choices"
        if len(value) < self.min_choices:
            return f"choose at least {self.min_choices} (got {len(value)})"
        if len(value) > self.most:
            return f"choose at most {self.most} (got {len(value)})"
        return None

    def describe(self, value: AnswerValue) -> str:
        if not isinstance(value, list) or not value:
            return "none of these"
        return "; ".join(self.option(choice).label for choice in value)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Scale(_QuestionBase):
    """A whole number from `min` to `max`, each step with its words; points move in a
    straight line from `low` to `high`. Shown in order, never shuffled."""

    kind: Literal["scale"]
    min: Annotated[int, Rule(strict=True, ge=0, le=10)] = 1
    max: Annotated[int, Rule(strict=True, ge=1, le=10)] = 5
    labels: Annotated[
        list[Text],
        Rule(description="The words for each step, from `min` to `max`: one per step."),
    ]
    low: Annotated[Effect, Rule(description="The effect of answering `min`.")]
    high: Annotated[Effect, Rule(description="The effect of answering `max`.")]

    def effect_of(self, value: AnswerValue) -> Effect:
        step = value if isinstance(value, int) else self.min
        share = (step - self.min) / (self.max - self.min)

        def blend(low: Mapping[str, int], high: Mapping[str, int]) -> dict[str, float]:
            keys = sorted(set(low) | set(high))
            return {k: low.get(k, 0) + share * (high.get(k, 0) - low.get(k, 0)) for k in keys}

        notes = self.high.notes if share >= 0.5 else self.low.notes
        # Points between the ends of a scale are not whole: counted in fractions by scoring.
        return Effect(
            themes=blend(self.low.themes, self.high.themes),  # type: ignore[arg-type]
            pathways=blend(self.low.pathways, self.high.pathways),  # type: ignore[arg-type]
            routes=blend(self.low.routes, self.high.routes),  # type: ignore[arg-type]
            readiness=blend(self.low.readiness, self.high.readiness),  # type: ignore[arg-type]
            notes=list(notes),
        )

    def extremes(self) -> Iterable[Effect]:
        return (self.low, self.high)

    def alternatives(self, value: AnswerValue) -> list[AnswerValue]:
        return [step for step in range(self.min, self.max + 1) if step != value]

    def problem_with(self, value: object) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number from {self.min} to {self.max}"
        if not self.min <= value <= self.max:
            return f"{value} is outside the scale {self.min} to {self.max}"
        return None

    def label(self, step: int) -> str:
        """The words of one step."""
        return self.labels[step - self.min]

    def describe(self, value: AnswerValue) -> str:
        return self.label(value if isinstance(value, int) else self.min)

    def valid_condition_values(self) -> str:
        return f"a whole number from {self.min} to {self.max}"

    def accepts_in_condition(self, wanted: object) -> bool:
        return type(wanted) is int and self.min <= wanted <= self.max

    def keyed_against(self, kind: TargetKind = "themes") -> bool:
        """Whether answering higher brings fewer points of this kind (reverse-keyed), so that
        agreeing with everything cannot push a result one way."""
        low = sum(self.low.points(kind).values())
        high = sum(self.high.points(kind).values())
        return high < low


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class FreeText(_QuestionBase):
    """A short optional text; `purpose: name` puts it on the report's title."""

    kind: Literal["text"]
    max_length: Annotated[int, Rule(strict=True, ge=1, le=500)] = 80
    purpose: Literal["name", "note"] = "name"

    @property
    def required(self) -> bool:
        return False

    def problem_with(self, value: object) -> str | None:
        if not isinstance(value, str):
            return "expected text in quotes"
        if len(value) > self.max_length:
            return f"longer than {self.max_length} characters ({len(value)})"
        return None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class YesNo(_QuestionBase):
    """Yes or no (true or false in an answers file)."""

    kind: Literal["yesno"]
    yes: Effect = field(default_factory=Effect)
    no: Effect = field(default_factory=Effect)

    def effect_of(self, value: AnswerValue) -> Effect:
        return self.yes if value is True else self.no

    def extremes(self) -> Iterable[Effect]:
        return (self.yes, self.no)

    def alternatives(self, value: AnswerValue) -> list[AnswerValue]:
        return [not value]

    def problem_with(self, value: object) -> str | None:
        return None if isinstance(value, bool) else "expected true or false"

    def describe(self, value: AnswerValue) -> str:
        return "Yes" if value is True else "No"

    def valid_condition_values(self) -> str:
        return "true or false"

    def accepts_in_condition(self, wanted: object) -> bool:
        return isinstance(wanted, bool)


Question = Annotated[
    SingleChoice | MultiChoice | Scale | FreeText | YesNo, Rule(discriminator="kind")
]
QUESTION_KINDS = frozenset({"single", "multi", "scale", "text", "yesno"})


def effects_of(question: Question, place: str) -> list[tuple[Effect, str]]:
    """Every effect a question holds, with its place in the bank's file."""
    if isinstance(question, (SingleChoice, MultiChoice)):
        return [(option, f"{place}.options[{i}]") for i, option in enumerate(question.options)]
    if isinstance(question, Scale):
        return [(question.low, f"{place}.low"), (question.high, f"{place}.high")]
    if isinstance(question, YesNo):
        return [(question.yes, f"{place}.yes"), (question.no, f"{place}.no")]
    return []
