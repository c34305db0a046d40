"""The question bank as a whole: the fit themes, the article's pathways, our routes, the
bands of overall fit, sections, practical notes, the program's facts, and the questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Literal

from quiz.bank.effects import Condition
from quiz.bank.fields import TARGET_KINDS, AnswerValue, Id, Rule, Strict, Target, Text
from quiz.bank.questions import FreeText, Question


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Step(Strict):
    """One small experiment of the reader's plan (ours): what to do, and what to make of it."""

    do: Text
    if_enjoyed: Annotated[Text, Rule(description="What to do next if it went well.")]
    if_not: Annotated[Text, Rule(description="What it says, and where to look, if it did not.")]
    if_label: Annotated[
        Text | None,
        Rule(
            description='The words before if_enjoyed where "If you enjoyed it" does not fit '
            'the step (a conversation, a search), such as "If the next level appeals".'
        ),
    ] = None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Theme(Strict):
    """A dimension of fit: one of the article's four reasons the degree makes sense."""

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
    point: Annotated[Text, Rule(description="The article's point, attributed to it.")]
    weight: Annotated[
        float,
        Rule(
            strict=True,
            gt=0,
            le=10,
            allow_inf_nan=False,
            description="1 unless weight_reason says why not.",
        ),
    ] = 1.0
    weight_reason: Annotated[
        Text | None, Rule(description="Why this theme weighs more or less than the others.")
    ] = None
    start_here: Annotated[
        Step, Rule(description="Our first step for a reader who has done nothing toward it yet.")
    ]
    build_on: Annotated[
        Step, Rule(description="Our next step for a reader who has done something toward it.")
    ]
    ask_mentor: Annotated[
        Text, Rule(description="A question for a mentor when this theme is the reader's lowest.")
    ]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Pathway(Strict):
    """One of the article's four career pathways."""

    id: Id
    name: Annotated[Text, Rule(description="As the article names it.")]
    short: Annotated[
        str,
        Rule(min_length=1, max_length=32, description="A name short enough for one line."),
    ]
    point: Annotated[Text, Rule(description="What the article says of it, attributed.")]
    about: Annotated[Text, Rule(description="What the role involves, in our words.")]
    first_step: Annotated[Step, Rule(description="Our first step toward it.")]
    ask_mentor: Annotated[Text, Rule(description="A question for a mentor about this pathway.")]
    ask_school: Annotated[
        Text, Rule(description="A question for the admissions office: placement into it.")
    ]
    already: Annotated[
        Condition | None,
        Rule(description="The answer of a reader who already holds such a role."),
    ] = None
    already_step: Annotated[
        Step | None, Rule(description="Our first step for a reader who already holds it.")
    ] = None
    already_note: Annotated[
        Text | None,
        Rule(
            description="Said beside it as the best pathway to a reader who already holds "
            "such a role: what the question becomes for them (ours)."
        ),
    ] = None


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Route(Strict):
    """A road to what the reader wants: ours, not the article's (this degree is one)."""

    id: Id
    name: Text
    short: Annotated[
        str,
        Rule(min_length=1, max_length=32, description="A name short enough for one line."),
    ]
    about: Annotated[Text, Rule(description="What it is for, in general words: no facts.")]
    first_step: Step
    second_step: Annotated[
        Step | None,
        Rule(
            description="Our second step, to try more of this route's work where it leads and "
            "none of the article's pathways stands out."
        ),
    ] = None
    ask_mentor: Annotated[Text, Rule(description="A question for a mentor about this route.")]
    ask_school: Annotated[
        Text, Rule(description="A question for the admissions office, when this route leads.")
    ]
    this_degree: Annotated[
        bool, Rule(strict=True, description="True for the degree this quiz is about.")
    ] = False


# The one placeholder a band's message may hold: the theme that came out lowest.
LOWEST = "{lowest}"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Band(Strict):
    """A range of overall fit with its message; bands cover 0–100 without gaps or overlaps."""

    id: Id
    label: Text
    min: Annotated[int, Rule(strict=True, ge=0, le=100)]
    max: Annotated[int, Rule(strict=True, ge=0, le=100)]
    summary: Annotated[
        Text, Rule(description="One line for the top of the report and the terminal.")
    ]
    message: Annotated[
        Text,
        Rule(
            description=f"What the band means, under the theme chart; {LOWEST} in it is "
            "filled in with the theme that came out lowest, named with its score."
        ),
    ]
    leads_with: Annotated[
        Literal["pathway", "route"],
        Rule(
            description="What the report leads with: the best pathway (the degree fits), or "
            "the best route other than this degree (it fits less than another road)."
        ),
    ] = "pathway"


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Section(Strict):
    id: Id
    title: Text


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Note(Strict):
    """A practical note (pace, visa, money, where to start) that answers call up."""

    id: Id
    title: Text
    text: Text
    when: Annotated[
        list[Condition],
        Rule(description="Shown only if all of these hold, besides an answer calling it up."),
    ] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Ask(Strict):
    """A question for the admissions office or for alumni, asked where its conditions hold."""

    text: Text
    when: Annotated[list[Condition], Rule(description="Asked only if all of these hold.")] = field(
        default_factory=list
    )
    for_applicants: Annotated[
        bool,
        Rule(
            description="A question for someone getting ready to apply: not asked where the "
            "report leads with another route."
        ),
    ] = False


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Plan(Strict):
    """What the report's plan and conversation guide are made of, besides the steps and
    questions of the themes, pathways and routes: all ours."""

    decide: Annotated[
        Step, Rule(description="The last step when this degree leads: test the decision.")
    ]
    decide_route: Annotated[
        Step, Rule(description="The last step when another route leads: set the two side by side.")
    ]
    explore: Annotated[
        Step | None,
        Rule(
            description="The first step for a reader who has not chosen where to go yet "
            "(explore_when): find that out before trying any route."
        ),
    ] = None
    explore_when: Annotated[
        list[Condition], Rule(description="When explore comes first: all of these hold.")
    ] = field(default_factory=list)
    ask_mentor: Annotated[
        list[Ask],
        Rule(description="Questions for a mentor where their conditions hold, in this order."),
    ] = field(default_factory=list)
    ask_mentor_firm: Annotated[
        Text, Rule(description="The mentor question for a firm or fairly firm result.")
    ]
    ask_mentor_unsure: Annotated[
        Text, Rule(description="The mentor question for a result that could go either way.")
    ]
    ask_school: Annotated[
        list[Ask], Rule(min_length=1, description="For admissions and alumni, in this order.")
    ]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Program(Strict):
    name: Text
    url: Annotated[str, Rule(pattern=r"^https://\S+$")]
    facts: Annotated[list[Text], Rule(min_length=1, description="The article's, attributed.")]


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Scoring(Strict):
    close_margin: Annotated[
        int,
        Rule(
            strict=True,
            ge=0,
            le=50,
            description="Pathways and routes within this many points of the top are 'close'.",
        ),
    ] = 5
    firm_at: Annotated[
        int,
        Rule(
            strict=True,
            ge=1,
            le=100,
            description="A result is 'firm' when at least this share (%) of the answer sets "
            "one answer away keep its band and top pathway.",
        ),
    ] = 85
    fairly_firm_at: Annotated[
        int, Rule(strict=True, ge=0, le=100, description="'Fairly firm' from this share (%).")
    ] = 60
    named_at: Annotated[
        int,
        Rule(
            strict=True,
            ge=0,
            le=100,
            description="A pathway gets a card of its own, and a route is named beside a "
            "degree that fits, only from this score: a weaker one is no real option.",
        ),
    ] = 40


@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Bank(Strict):
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
    routes: Annotated[list[Route], Rule(min_length=1)]
    bands: Annotated[list[Band], Rule(min_length=1)]
    sections: Annotated[list[Section], Rule(min_length=1)]
    notes: list[Note] = field(default_factory=list)
    plan: Plan
    questions: Annotated[list[Question], Rule(min_length=1, max_length=60)]

    @cached_property
    def question_by_id(self) -> dict[str, Question]:
        return {question.id: question for question in self.questions}

    @cached_property
    def section_by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    @cached_property
    def targets(self) -> list[Target]:
        """Everything an answer can move: the themes, pathways, routes and readiness areas
        (one per theme), in that order."""
        ids = {
            "themes": [t.id for t in self.themes],
            "pathways": [p.id for p in self.pathways],
            "routes": [r.id for r in self.routes],
            "readiness": [t.id for t in self.themes],
        }
        return [(kind, key) for kind in TARGET_KINDS for key in ids[kind]]

    @cached_property
    def spans(self) -> dict[str, dict[Target, tuple[float, float]]]:
        """Per question, the least and most points it can bring to each target it can move
        at all: the attainable points, worked out once per bank."""
        result: dict[str, dict[Target, tuple[float, float]]] = {}
        for question in self.questions:
            spans = {}
            for kind, key in self.targets:
                low, high = question.span(kind, key)
                if high > low:
                    spans[(kind, key)] = (low, high)
            result[question.id] = spans
        return result

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
