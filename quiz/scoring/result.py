"""The result of scoring: one typed value that every renderer (HTML, Markdown, JSON, the
terminal summary) reads, and none computes anything of its own.

Three results are kept apart, because they answer different questions: fit (what the
reader wants to do next against what the degree builds: the themes, the overall fit and
its band), readiness (what the reader has already done: where they would start), and
practicalities (notes only). Pathways are the article's; routes are ours.

Plain dataclasses with slots: every value comes from a checked bank and checked answers, so
a result needs no validation of its own. The pieces shared between reports (a ledger line,
a question with its answer) are frozen; nothing changes a result after it is made. No
generated __eq__, __repr__ or __match_args__ (compare two results by their JSON): making
these classes is paid at every start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Literal

from quiz.bank import AnswerValue


@dataclass(kw_only=True, slots=True, frozen=True, repr=False, eq=False, match_args=False)
class Line:
    """One answer's line in a theme's, pathway's or route's ledger: what it gave out of the
    most its question could give (the bank's points, above the least any answer gives), its
    share of the score in score points (the shares add up to the score), and the answer
    that would have given the most (the first of them, if several give as much). The
    question and the answer are those of
    `Result.answers` with the same `question_id`."""

    question_id: str
    gave: float
    out_of: float
    share: float
    best: str
    best_ties: int  # how many other answers give as much as `best`


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class ReadinessResult:
    """What the reader has already done toward one theme: where they would start."""

    done: list[str]
    started: bool


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class ThemeResult:
    id: str
    name: str
    short: str
    point: str
    weight: float
    score: int
    exact: float
    ledger: list[Line]
    raised: list[Line]
    held_back: list[Line]
    readiness: ReadinessResult


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class RankedResult:
    """A pathway (the article's) or a route (ours), ranked among its kind."""

    id: str
    name: str
    short: str
    about: str
    score: int
    exact: float
    rank: int
    close_to_top: bool
    reasons: list[Line]
    ledger: list[Line]


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class PathwayResult(RankedResult):
    point: str
    already: bool  # the reader holds such a role now: their plan knows it
    already_note: str | None  # the bank's word to such a reader, only when `already`
    # At the top or close to it, and scoring at least the bank's named_at: worth a card.
    stands_out: bool


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class RouteResult(RankedResult):
    this_degree: bool


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class BandResult:
    id: str
    label: str
    min: int
    max: int
    summary: str
    message: str
    leads_with: Literal["pathway", "route"]


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class Firmness:
    """How firm the result is: of the answer sets one answer away from the reader's (every
    other answer to one question about the future), how many keep the same band and the
    same lead (the top pathway, or the best route where the report leads with it), and
    that in a word; and how many keep the band whatever their lead, so that a reader whose
    band holds but whose lead could change is told so."""

    same: int
    same_band: int
    of: int
    word: Literal["firm", "fairly firm", "could go either way"]

    @property
    def other_lead(self) -> int:
        """How many keep the band with another lead."""
        return self.same_band - self.same

    @property
    def band_changes(self) -> int:
        """How many change the band."""
        return self.of - self.same_band


@dataclass(kw_only=True, slots=True, frozen=True, repr=False, eq=False, match_args=False)
class PlanStep:
    """One small experiment of the reader's plan (ours): by which day, what it tests
    (`tests`: where to go, for a reader not sure yet; the best pathway or route, more of
    that route, the route ranked next, a theme not yet started, a theme to build on, or the
    decision itself) and which one
    (`subject`, its name), what to do, and what to make of it."""

    day: int
    tests: Literal[
        "explore", "pathway", "route", "route_more", "next_route", "start", "build", "decision"
    ]
    subject: str
    do: str
    if_label: str  # the words before if_enjoyed: "If you enjoyed it", or the step's own
    if_enjoyed: str
    if_not: str


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class NoteResult:
    id: str
    title: str
    text: str


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class Change:
    """A single changed answer to a question about the future that would move the overall
    band (`kind` "band") or change the top pathway (`kind` "pathway"), with the result it
    would give."""

    kind: Literal["band", "pathway"]
    question_id: str
    topic: str
    prompt: str
    answer_now: str
    answer_then: str
    phrase: str | None
    overall_then: int
    band_then: str
    top_then: str
    direction: Literal["up", "down", "same"]


@dataclass(kw_only=True, slots=True, frozen=True, repr=False, eq=False, match_args=False)
class AnsweredQuestion:
    """A question shown and its answer, as the reader gave it and in words. Frozen: all but
    free-text answers are made once per bank and shared between reports."""

    question_id: str
    section: str
    topic: str
    prompt: str
    answer: str
    parts: tuple[str, ...]  # each option ticked, for a several-choice answer; else the answer
    value: AnswerValue
    free_text: bool
    about: str


@dataclass(kw_only=True, slots=True, frozen=True, repr=False, eq=False, match_args=False)
class ShownChoice:
    """One of a question's options, in the order the reader saw them, and whether chosen."""

    label: str
    chosen: bool


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class ProgramInfo:
    name: str
    url: str
    facts: list[str]


@dataclass(kw_only=True, slots=True, repr=False, eq=False, match_args=False)
class Result:
    """Everything a report shows; HTML, JSON and Markdown only format it."""

    title: str
    name: str | None
    generated_on: str
    bank_version: str
    bank_digest: str
    order: int | None
    overall: int
    band: BandResult
    bands: list[BandResult]
    band_above: BandResult | None  # the next band up, and the next down, if any
    band_below: BandResult | None
    firmness: Firmness
    themes: list[ThemeResult]
    pathways: list[PathwayResult]
    routes: list[RouteResult]
    best_route: RouteResult | None  # the best route but this degree; None if none has points
    # What the report leads with: the best route, for a band that leads with a route when
    # that route scores above this degree's own; else the best pathway.
    lead: Literal["pathway", "route"]
    # The best route but this degree, where it is worth naming: it leads (a low fit), or it
    # scores at least the bank's route_at beside a degree that fits.
    named_route: RouteResult | None
    notes: list[NoteResult]
    # Of the experiences the questions shown ask about (each that counts toward readiness),
    # how many the reader has had, and how many there were.
    experiences: tuple[int, int]
    plan: list[PlanStep]  # the first is the one thing to do in the next 30 days
    ask_mentor: list[str]
    ask_school: list[str]
    changes: list[Change]
    change_counts: dict[str, int]
    flags: list[str]
    answers: list[AnsweredQuestion]
    choices: dict[str, list[ShownChoice]]
    program: ProgramInfo
    disclaimer: str
    close_margin: int

    def private(self) -> Result:
        """The same result without the name and without any free-text answer."""
        kept = [answer for answer in self.answers if not answer.free_text]
        choices = {a.question_id: self.choices[a.question_id] for a in kept}
        return replace(self, name=None, answers=kept, choices=choices)

    def to_json(self, indent: int | None = None) -> str:
        """The result as JSON: compact, or indented by `indent` spaces."""
        separators = (",", ":") if indent is None else (",", ": ")
        # Each dataclass goes out as its fields in order: much faster than
        # dataclasses.asdict, which deep-copies every value first.
        return json.dumps(
            self, default=_fields, ensure_ascii=False, indent=indent, separators=separators
        )


def _fields(item: Any) -> dict[str, Any]:
    """A result dataclass as a dict of its fields, in order, for json.dumps."""
    names = [name for cls in reversed(type(item).__mro__) for name in getattr(cls, "__slots__", ())]
    return {name: getattr(item, name) for name in dict.fromkeys(names)}
