"""The question bank: its model, its checks, and loading it from `questions.json`.

Everything the quiz says and scores comes from the bank; this module only describes and
checks it. The classes are plain frozen dataclasses, so that a bank already checked (see
quiz.bankcache) is used without importing pydantic at all; pydantic checks a bank against
the same classes, reading the `Rule` marks in their annotations, and generates the JSON
Schema printed by `ai-mba-fit schema`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from quiz.errors import BankError, Problem
from quiz.jsonfile import format_location, parse_json_bytes, read_bytes

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter, ValidationError
    from pydantic_core import CoreSchema


class Rule:
    """Arguments of pydantic's `Field(...)` for one annotation, applied only when a bank is
    checked: the classes below carry their constraints without importing pydantic."""

    def __init__(self, **arguments: Any) -> None:
        self.arguments = arguments

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.arguments)])


_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Rule(pattern=_ID_PATTERN, max_length=40)]
Text = Annotated[str, Rule(min_length=1, max_length=2000)]
Points = Annotated[int, Rule(strict=True, ge=-5, le=5)]
# Numbers and true/false are taken only as written: `true` or "3" is no number here, as in
# an answers file.
Flag = Annotated[bool, Rule(strict=True)]
AnswerValue = bool | int | str | list[str]

QUESTION_KINDS = frozenset({"single", "multi", "scale", "text", "yesno"})


# Every class is a frozen, keyword-only dataclass, compared by identity (a bank is loaded
# once; no generated __eq__ and __hash__ to build at every start-up).
@dataclass(frozen=True, kw_only=True, eq=False)
class _Strict:
    # Read by pydantic when it checks a bank: an unknown field is an error.
    __pydantic_config__: ClassVar[Any] = {"extra": "forbid"}


@dataclass(frozen=True, kw_only=True, eq=False)
class Effect(_Strict):
    """What an answer adds: points per theme and per pathway, and practical notes it calls up."""

    themes: Annotated[dict[Id, Points], Rule(description="Points per theme id.")] = field(
        default_factory=dict
    )
    pathways: Annotated[dict[Id, Points], Rule(description="Points per pathway id.")] = field(
        default_factory=dict
    )
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


@dataclass(frozen=True, kw_only=True, eq=False)
class Option(Effect):
    """One choice of a single- or multi-choice question."""

    id: Id
    label: Annotated[Text, Rule(description="What the reader sees; an activity or situation.")]
    change_phrase: Annotated[
        Text | None,
        Rule(
            description="A clause that completes 'If …, your overall fit would be …' for "
            "this choice, such as 'you would rather price the model'; without it the report "
            "quotes the question and both answers. Used for single-choice questions."
        ),
    ] = None
    exclusive: Annotated[
        bool,
        Rule(strict=True, description="In a multi-choice question, cannot be chosen with others."),
    ] = False


@dataclass(frozen=True, kw_only=True, eq=False)
class Condition(_Strict):
    """Show a question only when an earlier question's answer is one of `any_of`."""

    question: Id
    any_of: Annotated[list[Flag | Annotated[int, Rule(strict=True)] | Id], Rule(min_length=1)]

    def holds(self, answers: Mapping[str, AnswerValue]) -> bool:
        value = answers.get(self.question)
        if value is None:
            return False
        if isinstance(value, list):
            return any(choice in self.any_of for choice in value)
        # bool is an int in Python: compare kinds too, so `true` never matches `1`.
        return any(type(value) is type(wanted) and value == wanted for wanted in self.any_of)


@dataclass(frozen=True, kw_only=True, eq=False)
class _QuestionBase(_Strict):
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

    @property
    def required(self) -> bool:
        return True

    def applies(self, answers: Mapping[str, AnswerValue]) -> bool:
        return self.when is None or self.when.holds(answers)

    def effect_of(self, value: AnswerValue) -> Effect:
        """The points and notes this answer brings."""
        return Effect()

    def extremes(self) -> Iterable[Effect]:
        """Effects whose minimum and maximum per theme bound what any answer can bring."""
        return ()

    def span(self, field: Literal["themes", "pathways"], key: str) -> tuple[float, float]:
        """The least and the most points any answer brings to one theme or pathway."""
        values = [getattr(effect, field).get(key, 0) for effect in self.extremes()]
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


@dataclass(frozen=True, kw_only=True, eq=False)
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


@dataclass(frozen=True, kw_only=True, eq=False)
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


@dataclass(frozen=True, kw_only=True, eq=False)
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
        themes: Counter[str] = Counter()
        pathways: Counter[str] = Counter()
        notes: list[str] = []
        for option in chosen:
            themes.update(option.themes)
            pathways.update(option.pathways)
            notes += [note for note in option.notes if note not in notes]
        return Effect(themes=dict(themes), pathways=dict(pathways), notes=notes)

    def span(self, field: Literal["themes", "pathways"], key: str) -> tuple[float, float]:
        # The bounds of a sum of k options are the k worst and the k best of those that can
        # go together; an exclusive option is an answer on its own.
        values = sorted(getattr(o, field).get(key, 0) for o in self.options if not o.exclusive)
        counts = range(self.min_choices, min(self.most, len(values)) + 1)
        totals = [sum(values[:count]) for count in counts]
        totals += [sum(values[len(values) - count :]) for count in counts]
        if self.min_choices <= 1:
            totals += [getattr(o, field).get(key, 0) for o in self.options if o.exclusive]
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


@dataclass(frozen=True, kw_only=True, eq=False)
class Scale(_QuestionBase):
    """A whole number from `min` to `max`; points move in a straight line from `low` to `high`."""

    kind: Literal["scale"]
    min: Annotated[int, Rule(strict=True, ge=0, le=10)] = 1
    max: Annotated[int, Rule(strict=True, ge=1, le=10)] = 5
    min_label: Text
    max_label: Text
    low: Annotated[Effect, Rule(description="The effect of answering `min`.")]
    high: Annotated[Effect, Rule(description="The effect of answering `max`.")]

    def effect_of(self, value: AnswerValue) -> Effect:
        step = value if isinstance(value, int) else self.min
        share = (step - self.min) / (self.max - self.min)

        def blend(low: Mapping[str, int], high: Mapping[str, int]) -> dict[str, float]:
            keys = sorted(set(low) | set(high))
            return {k: low.get(k, 0) + share * (high.get(k, 0) - low.get(k, 0)) for k in keys}

        notes = self.high.notes if share >= 0.5 else self.low.notes
        # The one place points are not whole: an answer between the ends of a scale.
        return Effect(
            themes=blend(self.low.themes, self.high.themes),  # type: ignore[arg-type]
            pathways=blend(self.low.pathways, self.high.pathways),  # type: ignore[arg-type]
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

    def describe(self, value: AnswerValue) -> str:
        return (
            f"{value} of {self.max} ({self.min} = {self.min_label}, {self.max} = {self.max_label})"
        )

    def brief(self, value: AnswerValue) -> str:
        return f"{value} of {self.max}"

    def valid_condition_values(self) -> str:
        return f"a whole number from {self.min} to {self.max}"

    def accepts_in_condition(self, wanted: object) -> bool:
        return type(wanted) is int and self.min <= wanted <= self.max


@dataclass(frozen=True, kw_only=True, eq=False)
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


@dataclass(frozen=True, kw_only=True, eq=False)
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


@dataclass(frozen=True, kw_only=True, eq=False)
class Theme(_Strict):
    """A scoring dimension: one of the article's themes."""

    id: Id
    name: Text
    short: Annotated[
        str,
        Rule(
            min_length=1,
            max_length=24,
            description="A label short enough for a bar in the terminal.",
        ),
    ]
    point: Annotated[Text, Rule(description="The article's own point, in a sentence or two.")]
    weight: Annotated[float, Rule(strict=True, gt=0, le=10)] = 1.0
    next_steps_low: Annotated[list[Text], Rule(min_length=1)]
    next_steps_high: Annotated[list[Text], Rule(min_length=1)]


@dataclass(frozen=True, kw_only=True, eq=False)
class Pathway(_Strict):
    """One of the article's career pathways."""

    id: Id
    name: Text
    point: Text
    first_step: Text


@dataclass(frozen=True, kw_only=True, eq=False)
class Band(_Strict):
    """A range of overall fit with its message; bands cover 0–100 without gaps or overlaps."""

    id: Id
    label: Text
    min: Annotated[int, Rule(strict=True, ge=0, le=100)]
    max: Annotated[int, Rule(strict=True, ge=0, le=100)]
    summary: Annotated[
        Text, Rule(description="One line for the top of the report and the terminal.")
    ]
    message: Text
    alternative: Annotated[Text | None, Rule(description="A better road, for a low fit.")] = None


@dataclass(frozen=True, kw_only=True, eq=False)
class Section(_Strict):
    id: Id
    title: Text


@dataclass(frozen=True, kw_only=True, eq=False)
class Note(_Strict):
    """A practical note (pace, visa, gaps) that answers can call up."""

    id: Id
    title: Text
    text: Text


@dataclass(frozen=True, kw_only=True, eq=False)
class Program(_Strict):
    name: Text
    url: Annotated[str, Rule(pattern=r"^https://\S+$")]
    facts: Annotated[list[Text], Rule(min_length=1)]


@dataclass(frozen=True, kw_only=True, eq=False)
class Scoring(_Strict):
    theme_high_at: Annotated[
        int,
        Rule(
            strict=True,
            ge=1,
            le=100,
            description="A theme at or above this gets the 'high' next steps.",
        ),
    ] = 60
    close_margin: Annotated[
        int,
        Rule(
            strict=True,
            ge=0,
            le=50,
            description="Pathways within this many points of the top are 'close'.",
        ),
    ] = 5


@dataclass(frozen=True, kw_only=True, eq=False)
class Bank(_Strict):
    """The whole question bank."""

    version: Annotated[str, Rule(min_length=1, max_length=40)]
    title: Text
    welcome: Text
    minutes: Annotated[int, Rule(strict=True, ge=1, le=60)]
    disclaimer: Text
    program: Program
    scoring: Scoring = field(default_factory=Scoring)
    themes: Annotated[list[Theme], Rule(min_length=1)]
    pathways: Annotated[list[Pathway], Rule(min_length=1)]
    bands: Annotated[list[Band], Rule(min_length=1)]
    sections: Annotated[list[Section], Rule(min_length=1)]
    notes: list[Note] = field(default_factory=list)
    questions: Annotated[list[Question], Rule(min_length=1, max_length=60)]

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    @cached_property
    def spans(self) -> dict[str, dict[tuple[str, str], tuple[float, float]]]:
        """Per question, the least and most points it can bring to each theme and pathway
        it can move at all: the attainable points, worked out once per bank."""
        targets = [("themes", t.id) for t in self.themes] + [
            ("pathways", p.id) for p in self.pathways
        ]
        result: dict[str, dict[tuple[str, str], tuple[float, float]]] = {}
        for question in self.questions:
            spans = {}
            for kind, key in targets:
                low, high = question.span(kind, key)  # type: ignore[arg-type]
                if high > low:
                    spans[(kind, key)] = (low, high)
            result[question.id] = spans
        return result

    @cached_property
    def targets(self) -> list[tuple[str, str]]:
        """Every theme and pathway, as ("themes" | "pathways", id)."""
        return [("themes", t.id) for t in self.themes] + [("pathways", p.id) for p in self.pathways]

    @cached_property
    def memo(self) -> dict[Any, Any]:
        """Work done once per bank and kept for the next report (see quiz.scoring)."""
        return {}

    @cached_property
    def condition_targets(self) -> frozenset[str]:
        """Questions whose answers decide whether another question is shown."""
        return frozenset(q.when.question for q in self.questions if q.when is not None)

    def applicable(self, answers: Mapping[str, AnswerValue]) -> list[Question]:
        """The questions shown for these answers, in order."""
        return [question for question in self.questions if question.applies(answers)]

    def name_question(self) -> FreeText | None:
        for question in self.questions:
            if isinstance(question, FreeText) and question.purpose == "name":
                return question
        return None


@dataclass(frozen=True)
class LoadedBank:
    """A checked bank with where it came from and a short hash of its bytes."""

    bank: Bank
    source: str
    digest: str


def _duplicates(ids: Sequence[str], place: str) -> list[Problem]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(ids):
        if item in seen:
            problems.append(Problem(f"{place}[{index}].id", f"duplicate id {item!r}"))
        seen.add(item)
    return problems


def _effect_problems(effect: Effect, place: str, bank: Bank) -> list[Problem]:
    themes = {theme.id for theme in bank.themes}
    pathways = {pathway.id for pathway in bank.pathways}
    notes = {note.id for note in bank.notes}
    problems = [
        Problem(
            f"{place}.themes.{key}", f"unknown theme {key!r} (themes: {', '.join(sorted(themes))})"
        )
        for key in effect.themes
        if key not in themes
    ]
    problems += [
        Problem(
            f"{place}.pathways.{key}",
            f"unknown pathway {key!r} (pathways: {', '.join(sorted(pathways))})",
        )
        for key in effect.pathways
        if key not in pathways
    ]
    problems += [
        Problem(f"{place}.notes[{index}]", f"unknown note {key!r}")
        for index, key in enumerate(effect.notes)
        if key not in notes
    ]
    return problems


def _question_effects(question: Question, place: str) -> list[tuple[Effect, str]]:
    if isinstance(question, (SingleChoice, MultiChoice)):
        return [(option, f"{place}.options[{i}]") for i, option in enumerate(question.options)]
    if isinstance(question, Scale):
        return [(question.low, f"{place}.low"), (question.high, f"{place}.high")]
    if isinstance(question, YesNo):
        return [(question.yes, f"{place}.yes"), (question.no, f"{place}.no")]
    return []


def reference_problems(bank: Bank) -> list[Problem]:
    """Everything that refers to something that is not there, or cannot work together."""
    problems = []
    problems += _duplicates([t.id for t in bank.themes], "themes")
    problems += _duplicates([p.id for p in bank.pathways], "pathways")
    problems += _duplicates([b.id for b in bank.bands], "bands")
    problems += _duplicates([s.id for s in bank.sections], "sections")
    problems += _duplicates([n.id for n in bank.notes], "notes")
    problems += _duplicates([q.id for q in bank.questions], "questions")

    sections = {section.id for section in bank.sections}
    position: dict[str, int] = {}
    for index, question in enumerate(bank.questions):
        position.setdefault(question.id, index)
    names = 0
    for index, question in enumerate(bank.questions):
        place = f"questions[{index}]"
        if question.section not in sections:
            problems.append(Problem(f"{place}.section", f"unknown section {question.section!r}"))
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
        if isinstance(question, Scale) and question.min >= question.max:
            problems.append(
                Problem(
                    f"{place}.max", f"must be greater than min ({question.min}), got {question.max}"
                )
            )
        if isinstance(question, FreeText) and question.purpose == "name":
            names += 1
            if names > 1:
                problems.append(
                    Problem(f"{place}.purpose", "only one question can ask for the name")
                )
        for effect, effect_place in _question_effects(question, place):
            problems += _effect_problems(effect, effect_place, bank)
        problems += _condition_problems(bank, question, index, position)

    problems += _band_problems(bank.bands)
    problems += _unscorable_problems(bank)
    return problems


def _condition_problems(
    bank: Bank, question: Question, index: int, position: Mapping[str, int]
) -> list[Problem]:
    condition = question.when
    if condition is None:
        return []
    place = f"questions[{index}].when.question"
    target = condition.question
    if target not in position:
        return [Problem(place, f"unknown question {target!r}")]
    if target == question.id:
        return [Problem(place, "a question cannot depend on its own answer")]
    if position[target] > index:
        return [
            Problem(
                place,
                f"depends on {target!r}, which comes later (questions[{position[target]}]); "
                "a condition can only look at earlier questions",
            )
        ]
    referred = bank.question_by_id[target]
    allowed = referred.valid_condition_values()
    if allowed is None:
        return [Problem(place, f"{target!r} is a free-text question; conditions cannot test it")]
    return [
        Problem(
            f"questions[{index}].when.any_of[{i}]",
            f"{wanted!r} is not an answer of {target!r} (expected {allowed})",
        )
        for i, wanted in enumerate(condition.any_of)
        if not referred.accepts_in_condition(wanted)
    ]


def _band_problems(bands: Sequence[Band]) -> list[Problem]:
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
    # Every theme and pathway needs a question shown to everyone that can move it;
    # otherwise its score would be undefined for some reader.
    always = [question for question in bank.questions if question.when is None]
    problems = []
    targets: list[tuple[Literal["themes", "pathways"], list[str]]] = [
        ("themes", [theme.id for theme in bank.themes]),
        ("pathways", [pathway.id for pathway in bank.pathways]),
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


_UNION_TAGS = frozenset(QUESTION_KINDS)
_MESSAGES = {
    "dataclass_type": "expected a JSON object",
    "dataclass_args_type": "expected a JSON object",
    "dict_type": "expected a JSON object",
    "unexpected_keyword_argument": "unknown field (not part of the question bank format)",
    "missing_argument": "required field is missing",
    "missing": "required field is missing",
    "string_type": "expected text in quotes",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list: [ ... ]",
}


@cache
def _adapter() -> TypeAdapter[Bank]:
    # pydantic is imported here, and its validator built, once per process and only when a
    # bank has to be checked: a bank found in quiz.bankcache skips both (about 40 ms).
    from pydantic import TypeAdapter

    return TypeAdapter(Bank)


def _message(kind: str, context: Mapping[str, Any], default: str) -> str:
    """pydantic's error in the words the rest of the tool uses."""
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "union_tag_invalid":
        kinds = ", ".join(sorted(QUESTION_KINDS))
        return f"{context.get('tag')!r} is not a question kind (kinds: {kinds})"
    if kind == "union_tag_not_found":
        return f'"kind" is missing (kinds: {", ".join(sorted(QUESTION_KINDS))})'
    if kind == "string_pattern_mismatch" and context.get("pattern") == _ID_PATTERN:
        return "expected an id: lowercase letters, digits and _, starting with a letter"
    bounds = {
        "greater_than_equal": "must be at least {ge}",
        "greater_than": "must be more than {gt}",
        "less_than_equal": "must be at most {le}",
        "less_than": "must be less than {lt}",
        "too_short": "needs at least {min_length} {noun}",
        "string_too_short": "must not be empty",
        "string_too_long": "is longer than {max_length} characters",
        "too_long": "has more than {max_length} {noun}",
    }
    if kind in bounds:
        noun = "item" if context.get("min_length", context.get("max_length")) == 1 else "items"
        return bounds[kind].format(noun=noun, **context)
    return default


def problems_of(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into `place: message` problems."""
    return [
        Problem(
            format_location(item["loc"], skip=_UNION_TAGS) or "(top level)",
            _message(item["type"], item.get("ctx") or {}, item["msg"]),
        )
        for item in error.errors(include_url=False)
    ]


def _hidden_characters(data: Any) -> list[Problem]:
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
                        f"holds the control character {found}, which a terminal would act on",
                    )
                )
        elif isinstance(value, list):
            stack += [(item, (*place, index)) for index, item in enumerate(value)]
        elif isinstance(value, dict):
            stack += [(item, (*place, str(key))) for key, item in value.items()]
    return sorted(problems, key=str)


def check_bank(data: Any, source: str) -> Bank:
    """Check parsed JSON as a bank; raises BankError listing every problem."""
    from pydantic import ValidationError

    if isinstance(data, dict) and "answers" in data and "questions" not in data:
        raise BankError(
            source,
            [Problem("", "is an answers file, not a question bank (see `ai-mba-fit report`)")],
        )
    hidden = _hidden_characters(data)
    try:
        bank = _adapter().validate_python(data)
    except ValidationError as exc:
        raise BankError(source, problems_of(exc) + hidden) from None
    problems = reference_problems(bank) + hidden
    if problems:
        raise BankError(source, problems)
    return bank


def parse_bank(data: Any, source: str, digest: str = "") -> LoadedBank:
    """Check parsed JSON as a bank, with where it came from."""
    return LoadedBank(bank=check_bank(data, source), source=source, digest=digest)


def load_bank(path: Path, *, cached: bool = True) -> LoadedBank:
    """Read and check a question bank file. Unless `cached` is false, a bank whose very bytes
    passed the checks before (quiz.bankcache remembers which) is built without them."""
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
    fields["themes"] = [Theme(**_with_float(theme, "weight")) for theme in fields["themes"]]
    for name, cls in (("pathways", Pathway), ("bands", Band), ("sections", Section)):
        fields[name] = [cls(**item) for item in fields[name]]
    if "notes" in fields:
        fields["notes"] = [Note(**note) for note in fields["notes"]]
    fields["questions"] = [_question(question) for question in fields["questions"]]
    return Bank(**fields)


def _with_float(item: dict[str, Any], name: str) -> dict[str, Any]:
    return {**item, name: float(item[name])} if name in item else item


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


def bank_schema() -> dict[str, Any]:
    """The JSON Schema of questions.json, generated from the models."""
    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ai-mba-fit question bank"
    return schema
