"""Scoring: answers and a bank in, one `Result` out. Pure: no terminal, no files, no jinja2.

How a score is made (the report's methodology section says the same in words):
- For each theme, every question shown to the reader has a least and a most it could add
  (its attainable points). The theme's score is where the reader's points fall between
  the sum of the leasts (0) and the sum of the mosts (100).
- Each answer's share of that is its *effect*: how far it moved the theme from the middle
  of what that question allowed, in score points. The effects of a theme add up to its
  score minus 50, which is why the report can list them as a ledger.
- The overall fit is the weighted mean of the theme scores as shown (each rounded half
  up), itself rounded half up; the band follows.
- Pathways are scored the same way and ranked by score; a tie keeps the bank's order, and
  pathways within the bank's `close_margin` of the top are called close to it.
- "What would change your result" tries every other answer to every question shown, one
  at a time, and keeps those that move the overall band or change the top pathway.

Points are counted in 2520ths, whole numbers: a step on any scale of up to ten steps is a
whole number of them (2520 is the least common multiple of 1 to 10), so sums are exact and
working out a changed answer gives the very same figures as scoring it afresh.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Literal

from quiz.answers import keep_applicable, missing
from quiz.bank import (
    AnswerValue,
    Band,
    Bank,
    Effect,
    FreeText,
    LoadedBank,
    MultiChoice,
    Question,
    Scale,
    SingleChoice,
)

Target = tuple[str, str]  # ("themes" | "pathways", id)
UNIT = 2520

# Plain dataclasses with slots: every value comes from a checked bank and checked answers,
# so a result needs no validation of its own; not frozen, because a frozen dataclass sets
# each field through object.__setattr__, and a report builds a few dozen of them. Nothing
# changes a result after score() returns it. Contribution and AnsweredQuestion are frozen:
# each is made once per bank and shared by every report with the same answer (see _ledgers
# and _answered).


@dataclass(kw_only=True, slots=True, frozen=True)
class Contribution:
    """One answer's line in a theme's or pathway's ledger: the points it brought (from the
    bank), the least and the most any answer to that question could bring, and its effect
    on the score, in score points (signed). The question and the answer are those of
    `Result.answers` with the same `question_id`."""

    question_id: str
    points: float
    least: float
    most: float
    effect: float


@dataclass(kw_only=True, slots=True)
class ThemeResult:
    id: str
    name: str
    short: str
    point: str
    weight: float
    score: int
    exact: float
    level: Literal["high", "low"]
    next_steps: list[str]
    raised: list[Contribution]
    lowered: list[Contribution]
    ledger: list[Contribution]


@dataclass(kw_only=True, slots=True)
class PathwayResult:
    id: str
    name: str
    point: str
    first_step: str
    score: int
    exact: float
    rank: int
    close_to_top: bool
    reasons: list[Contribution]
    ledger: list[Contribution]


@dataclass(kw_only=True, slots=True)
class BandResult:
    id: str
    label: str
    min: int
    max: int
    summary: str
    message: str
    alternative: str | None


@dataclass(kw_only=True, slots=True)
class NoteResult:
    id: str
    title: str
    text: str


@dataclass(kw_only=True, slots=True)
class Change:
    """A single changed answer that would move the overall band (`kind` "band") or change
    the top pathway (`kind` "pathway"), with the result it would give."""

    kind: Literal["band", "pathway"]
    question_id: str
    prompt: str
    answer_now: str
    answer_then: str
    phrase: str | None
    overall_then: int
    band_then: str
    top_then: str
    direction: Literal["up", "down", "same"]


@dataclass(kw_only=True, slots=True, frozen=True)
class AnsweredQuestion:
    """A question shown and its answer, as the reader gave it and in words. Frozen: all but
    free-text answers are made once per bank and shared between reports (see _answered)."""

    question_id: str
    section: str
    topic: str
    prompt: str
    answer: str
    value: AnswerValue
    free_text: bool


@dataclass(kw_only=True, slots=True)
class ProgramInfo:
    name: str
    url: str
    facts: list[str]


@dataclass(kw_only=True, slots=True)
class Result:
    """Everything a report shows; HTML, JSON and Markdown only format it."""

    title: str
    name: str | None
    generated_on: str
    bank_version: str
    bank_digest: str
    overall: int
    band: BandResult
    bands: list[BandResult]
    themes: list[ThemeResult]
    pathways: list[PathwayResult]
    notes: list[NoteResult]
    changes: list[Change]
    change_counts: dict[str, int]
    flags: list[str]
    answers: list[AnsweredQuestion]
    program: ProgramInfo
    disclaimer: str
    close_margin: int

    def private(self) -> Result:
        """The same result without the name and without any free-text answer."""
        kept = [answer for answer in self.answers if not answer.free_text]
        return replace(self, name=None, answers=kept)

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
    return {name: getattr(item, name) for name in item.__slots__}


_TOP_REASONS = 3
_TOP_CHANGES = 3


def round_half_up(value: float) -> int:
    """Round half up, the way a reader expects (Python's round() goes to even)."""
    return int(value + 0.5)


def _key(value: AnswerValue) -> object:
    """An answer as a dictionary key (a list of choices becomes a tuple)."""
    return tuple(value) if isinstance(value, list) else value


def _effect(bank: Bank, question: Question, value: AnswerValue) -> Effect:
    """What one answer does (points and notes), worked out once per bank and answer."""
    key = ("effect", question.id, _key(value))
    found: Effect | None = bank.memo.get(key)
    if found is None:
        found = bank.memo[key] = question.effect_of(value)
    return found


def points_of(bank: Bank, question: Question, value: AnswerValue) -> dict[Target, int]:
    """The points (in 2520ths) one answer brings to each target its question can move.

    Worked out once per bank, question and answer: a batch of reports asks the same few
    answers again and again, and "what would change your result" asks every answer.
    """
    key = (question.id, _key(value))
    found: dict[Target, int] | None = bank.memo.get(key)
    if found is None:
        effect = _effect(bank, question, value)
        found = {
            target: round(
                (effect.themes if target[0] == "themes" else effect.pathways).get(target[1], 0)
                * UNIT
            )
            for target in bank.spans[question.id]
        }
        bank.memo[key] = found
    return found


def _spans(bank: Bank) -> dict[str, dict[Target, tuple[int, int]]]:
    """The bank's attainable points per question and target, in 2520ths (once per bank)."""
    found: dict[str, dict[Target, tuple[int, int]]] | None = bank.memo.get("spans")
    if found is None:
        found = {
            question_id: {
                target: (round(low * UNIT), round(high * UNIT))
                for target, (low, high) in spans.items()
            }
            for question_id, spans in bank.spans.items()
        }
        bank.memo["spans"] = found
    return found


def _bounds(bank: Bank, signature: tuple[str, ...]) -> tuple[dict[Target, int], dict[Target, int]]:
    """The least and the most points each target can get from these questions (the ids of
    the shown, answered questions that move anything): once per bank and set of questions."""
    key = ("bounds", signature)
    found: tuple[dict[Target, int], dict[Target, int]] | None = bank.memo.get(key)
    if found is None:
        spans = _spans(bank)
        low: dict[Target, int] = dict.fromkeys(bank.targets, 0)
        high: dict[Target, int] = dict.fromkeys(bank.targets, 0)
        for question_id in signature:
            for target, (least, most) in spans[question_id].items():
                low[target] += least
                high[target] += most
        found = bank.memo[key] = (low, high)
    return found


class Sheet:
    """The points each shown answer brings to each theme and pathway, worked out once.

    `rows` holds (question, answer, points per target) for every shown, answered question
    that can move anything; `earned`, `low` and `high` are the sums per target, and
    `exacts` the unrounded 0–100 score of each target.
    """

    def __init__(self, bank: Bank, answers: Mapping[str, AnswerValue]) -> None:
        self.bank = bank
        self.spans = _spans(bank)
        self.shown = bank.applicable(answers)
        self.rows: list[tuple[Question, AnswerValue, dict[Target, int]]] = []
        self.earned: dict[Target, int] = dict.fromkeys(bank.targets, 0)
        for question in self.shown:
            if not self.spans[question.id] or question.id not in answers:
                continue
            value = answers[question.id]
            points = points_of(bank, question, value)  # one entry per target of the question
            self.rows.append((question, value, points))
            for target, got in points.items():
                self.earned[target] += got
        # Which questions count, and so what each target's points are measured against.
        self.signature = tuple(question.id for question, _, _ in self.rows)
        self.low, self.high = _bounds(bank, self.signature)
        self.exacts = {target: self.exact(target) for target in bank.targets}
        self.weights, self.total_weight = _weights(bank)
        self.shown_scores = {
            target: round_half_up(self.exacts[target]) for target, _ in self.weights
        }
        # The weighted sum of the theme scores as shown, in whole numbers (see _weights).
        self.weighted = 0
        for target, weight in self.weights:
            self.weighted += weight * self.shown_scores[target]
        self.pathway_targets = [("pathways", pathway.id) for pathway in bank.pathways]

    def exact(self, target: Target) -> float:
        """The 0–100 score of a target, unrounded (kept in `exacts`)."""
        low, high = self.low[target], self.high[target]
        return 0.0 if high <= low else 100.0 * (self.earned[target] - low) / (high - low)

    def overall(self) -> float:
        """The weighted mean of the theme scores as the reader sees them (each rounded), not
        yet rounded itself."""
        return self.weighted / self.total_weight

    def rounded_overall(self) -> int:
        """The overall fit as shown: the weighted mean rounded half up, exactly."""
        return _mean_half_up(self.weighted, self.total_weight)

    def top(self) -> int:
        """The index of the best pathway (a tie goes to the one the bank lists first)."""
        return _best([self.exacts[target] for target in self.pathway_targets])

    def pathway_order(self) -> list[int]:
        """Indexes of the bank's pathways, best first; a tie keeps the bank's order."""
        exact = [self.exacts[target] for target in self.pathway_targets]
        return sorted(range(len(exact)), key=lambda i: (-exact[i], i))

    @cached_property
    def _standing(
        self,
    ) -> tuple[list[tuple[int, int, int, int]], list[float], list[tuple[int, int]], int]:
        """Per theme: weight (whole), score as shown, points above the least, width of the
        range; per pathway: its unrounded score, and points above the least and width; the
        top pathway. What outcomes() needs."""
        themes = [
            (weight, self.shown_scores[target], *self._above_least(target))
            for target, weight in self.weights
        ]
        scores = [self.exacts[target] for target in self.pathway_targets]
        points = [self._above_least(target) for target in self.pathway_targets]
        return themes, scores, points, self.top()

    def _above_least(self, target: Target) -> tuple[int, int]:
        low = self.low[target]
        return self.earned[target] - low, self.high[target] - low

    def outcomes(
        self, question: Question, value: AnswerValue
    ) -> list[tuple[AnswerValue, int, int]]:
        """Each other answer to `question` (see `_alternatives`), with the rounded overall
        fit and the top pathway it would give in place of `value` (the same questions shown).

        Only the scores the change moves are worked out again, each from its changed points
        exactly as exact() does: the very figures scoring the changed answers afresh would
        give, as the weighted sum is in whole numbers and a tie between pathways still goes
        to the one the bank lists first.
        """
        themes, pathway_scores, pathway_points, top = self._standing
        found = []
        for alternative, theme_moves, pathway_moves in _moves(self.bank, question, value):
            weighted = self.weighted
            for index, moved in theme_moves:
                # A question that moves a target's points widens its range: width > 0.
                weight, shown, got, width = themes[index]
                weighted += weight * (int(100.0 * (got + moved) / width + 0.5) - shown)
            best = top
            if pathway_moves:
                scores = pathway_scores.copy()
                for index, moved in pathway_moves:
                    got, width = pathway_points[index]
                    scores[index] = 100.0 * (got + moved) / width
                best = _best(scores)
            found.append((alternative, _mean_half_up(weighted, self.total_weight), best))
        return found


def _best(scores: list[float]) -> int:
    """The index of the highest score; max() keeps the first of equal ones, so a tie goes
    to the pathway the bank lists first."""
    return max(range(len(scores)), key=scores.__getitem__)


def _mean_half_up(weighted: int, total_weight: int) -> int:
    """weighted / total_weight rounded half up, in whole numbers (no float can tip a tie)."""
    return (2 * weighted + total_weight) // (2 * total_weight)


def _weights(bank: Bank) -> tuple[list[tuple[Target, int]], int]:
    """Each theme's weight as a whole number, and their sum: the bank's weights (as written,
    1.2 is 12/10) over their common denominator, so a weighted mean is exact. Once per bank."""
    found: tuple[list[tuple[Target, int]], int] | None = bank.memo.get("weights")
    if found is None:
        ratios = [_as_written(theme.weight) for theme in bank.themes]
        denominator = math.lcm(*(below for _, below in ratios))
        whole = [above * (denominator // below) for above, below in ratios]
        common = math.gcd(*whole)
        whole = [weight // common for weight in whole]
        targets = [("themes", theme.id) for theme in bank.themes]
        found = bank.memo["weights"] = (list(zip(targets, whole, strict=True)), sum(whole))
    return found


def _as_written(number: float) -> tuple[int, int]:
    """A number as the decimal it is written as (its shortest repr), as a ratio of whole
    numbers: 1.2 → (12, 10), 2.5e-05 → (25, 1000000). fractions.Fraction(repr(number))
    does the same, but importing it costs a single report 1.5 ms (it loads decimal)."""
    mantissa, _, exponent = repr(number).partition("e")
    whole, _, decimals = mantissa.partition(".")
    above, below = int(whole + decimals), 10 ** len(decimals)
    shift = int(exponent or 0)
    return (above * 10**shift, below) if shift >= 0 else (above, below * 10**-shift)


def band_for(bank: Bank, overall: int) -> Band:
    """The band whose range holds this (rounded) overall score."""
    for band in bank.bands:
        if band.min <= overall <= band.max:
            return band
    raise ValueError(f"no band covers {overall}")  # the bank's checks make this unreachable


def _in_points(count: int) -> float:
    """2520ths as the bank's points, to two decimals (a scale step can give 1.25)."""
    return round(count / UNIT, 2)


# A ledger line: its effect in tenths, unrounded and rounded, and the line with its effect
# rounded a tenth down, as rounded, and a tenth up.
_Line = tuple[float, int, list[Contribution]]


def _ledgers(sheet: Sheet) -> dict[Target, list[Contribution]]:
    """Every answer's contribution to every target it can move, in question order, each
    effect to a tenth so that a ledger's effects add up to what they explain: rounded as
    usual, then, if the rounded ones do not add up, those rounded furthest the other way
    are moved a tenth."""
    lines: dict[Target, list[_Line]] = {target: [] for target in sheet.bank.targets}
    memo = sheet.bank.memo
    for question, value, points in sheet.rows:
        # A line depends on the answer and on which questions count: the same in many
        # reports, so each is made once and shared (a Contribution is frozen).
        key = ("ledger", question.id, _key(value), sheet.signature)
        answer_lines: list[tuple[Target, _Line]] | None = memo.get(key)
        if answer_lines is None:
            answer_lines = []
            for target, (low, high) in sheet.spans[question.id].items():
                width = sheet.high[target] - sheet.low[target]
                tenths = (points[target] - (low + high) / 2) * 100.0 / width * 10
                rounded = math.floor(tenths + 0.5)
                # The line as rounded, and a tenth down and up (see below).
                made = [
                    Contribution(
                        question_id=question.id,
                        points=_in_points(points[target]),
                        least=_in_points(low),
                        most=_in_points(high),
                        effect=(rounded + step) / 10,
                    )
                    for step in (-1, 0, 1)
                ]
                answer_lines.append((target, (tenths, rounded, made)))
            memo[key] = answer_lines
        for target, line in answer_lines:
            lines[target].append(line)
    ledgers: dict[Target, list[Contribution]] = {}
    for target, found in lines.items():
        ledger = [made[1] for _, _, made in found]
        short = math.floor(sum(tenths for tenths, _, _ in found) + 0.5)
        short -= sum(rounded for _, rounded, _ in found)
        if short:
            step = 1 if short > 0 else -1
            off = [((rounded - tenths) * step, i) for i, (tenths, rounded, _) in enumerate(found)]
            for _, i in sorted(off)[: abs(short)]:
                ledger[i] = found[i][2][1 + step]
        ledgers[target] = ledger
    return ledgers


def _strongest(ledger: list[Contribution], sign: int) -> list[Contribution]:
    chosen = [c for c in ledger if c.effect * sign > 0]
    # Biggest effect first; equal effects keep question order (sorted() is stable).
    return sorted(chosen, key=lambda c: -abs(c.effect))[:_TOP_REASONS]


def _alternatives(bank: Bank, question: Question, value: AnswerValue) -> list[AnswerValue]:
    """The other answers to try, worked out once per bank, question and answer."""
    key = ("alternatives", question.id, _key(value))
    found: list[AnswerValue] | None = bank.memo.get(key)
    if found is None:
        found = bank.memo[key] = question.alternatives(value)
    return found


Moves = list[tuple[int, int]]  # (index of a theme or of a pathway, points it gains)


def _moves(
    bank: Bank, question: Question, value: AnswerValue
) -> list[tuple[AnswerValue, Moves, Moves]]:
    """Each other answer to `question`, with the themes and the pathways whose points
    (2520ths) it would change in place of `value`, by how much: once per bank."""
    key = ("moves", question.id, _key(value))
    found: list[tuple[AnswerValue, Moves, Moves]] | None = bank.memo.get(key)
    if found is None:
        before = points_of(bank, question, value)
        themes = len(bank.themes)  # bank.targets lists the themes, then the pathways
        found = []
        for alternative in _alternatives(bank, question, value):
            after = points_of(bank, question, alternative)
            moved = [after.get(t, 0) - before.get(t, 0) for t in bank.targets]
            found.append(
                (
                    alternative,
                    [(i, m) for i, m in enumerate(moved[:themes]) if m],
                    [(i, m) for i, m in enumerate(moved[themes:]) if m],
                )
            )
        bank.memo[key] = found
    return found


def _phrase(question: Question, value: AnswerValue) -> str | None:
    if not isinstance(question, SingleChoice):
        return None
    return question.option(str(value)).change_phrase


def _changes(
    sheet: Sheet, answers: Mapping[str, AnswerValue], now: int
) -> tuple[list[Change], dict[str, int]]:
    """Single changed answers that would move the overall band (up to three each way) or
    change the top pathway (up to three); for each question the one that moves the overall
    fit least, and of those the least drastic first (then in question order). Also how many
    questions have such a change: "up", "down" and "pathway"."""
    bank = sheet.bank
    band_now = band_for(bank, now)
    top_now = sheet.top()
    points_now = {question.id: points for question, _, points in sheet.rows}
    # (distance, position, question, alternative, overall then, top pathway then)
    Found = tuple[int, int, Question, AnswerValue, int, int]
    found: dict[str, list[Found]] = {"up": [], "down": [], "pathway": []}
    answered = [question for question in sheet.shown if question.id in answers]
    for position, question in enumerate(answered):
        value = answers[question.id]
        if question.id in bank.condition_targets:
            tried = []
            for alternative in _alternatives(bank, question, value):
                changed = keep_applicable(bank, {**answers, question.id: alternative})
                if missing(bank, changed):
                    continue  # it would open questions the reader has not answered
                then = Sheet(bank, changed)
                tried.append((alternative, then.rounded_overall(), then.top()))
        elif question.id in points_now:
            tried = sheet.outcomes(question, value)
        else:
            continue  # a question that moves nothing
        band: Found | None = None
        pathway: Found | None = None
        for alternative, overall_then, top_then in tried:
            distance = abs(overall_then - now)
            outside = not band_now.min <= overall_then <= band_now.max
            if outside and (band is None or distance < band[0]):
                band = (distance, position, question, alternative, overall_then, top_then)
            if top_then != top_now and (pathway is None or distance < pathway[0]):
                pathway = (distance, position, question, alternative, overall_then, top_then)
        if band is not None:
            found["up" if band[4] > now else "down"].append(band)
        if pathway is not None:
            found["pathway"].append(pathway)

    def change(kind: Literal["band", "pathway"], item: Found) -> Change:
        _, _, question, alternative, overall_then, top_then = item
        return Change(
            kind=kind,
            question_id=question.id,
            prompt=question.prompt,
            answer_now=question.brief(answers[question.id]),
            answer_then=question.brief(alternative),
            phrase=_phrase(question, alternative),
            overall_then=overall_then,
            band_then=band_for(bank, overall_then).label,
            top_then=bank.pathways[top_then].name,
            direction="up" if overall_then > now else "down" if overall_then < now else "same",
        )

    def first(items: list[Found]) -> list[Found]:
        return sorted(items, key=lambda item: item[:2])[:_TOP_CHANGES]

    chosen = [change("band", item) for item in first(found["up"]) + first(found["down"])]
    chosen += [change("pathway", item) for item in first(found["pathway"])]
    return chosen, {kind: len(items) for kind, items in found.items()}


def _position(question: SingleChoice, value: AnswerValue) -> int:
    """Where the chosen option sits: its index, or -1 for the last one."""
    index = question.options.index(question.option(str(value)))
    return -1 if index == len(question.options) - 1 else index


def answer_patterns(bank: Bank, answers: Mapping[str, AnswerValue]) -> list[str]:
    """Patterns that suggest clicking through rather than choosing: the same position in
    every single-choice question, the middle of every scale, as many ticks as allowed on
    every several-choice question. They are shown to the reader, never scored. (The same
    end of every scale is not among them: someone sure of what they want answers so.)"""
    shown = [q for q in bank.applicable(answers) if q.id in answers]
    flags = []
    singles = [q for q in shown if isinstance(q, SingleChoice)]
    positions = {_position(q, answers[q.id]) for q in singles}
    if len(singles) >= 4 and len(positions) == 1:
        where = positions.pop()
        which = (
            "the last option"
            if where == -1
            else f"the {('first', 'second', 'third')[where]} option"
            if where < 3
            else f"option {where + 1}"
        )
        flags.append(f"You chose {which} in all {len(singles)} single-choice questions.")
    scales = [q for q in shown if isinstance(q, Scale)]
    if len(scales) >= 3 and all(2 * answers[q.id] == q.min + q.max for q in scales):
        flags.append(f"You answered the middle of all {len(scales)} scales.")
    multis = [q for q in shown if isinstance(q, MultiChoice)]
    full = [q for q in multis if len(answers[q.id]) >= q.most]  # type: ignore[arg-type]
    if len(multis) >= 2 and len(full) == len(multis):
        flags.append(
            f"You ticked as many choices as allowed in all {len(multis)} questions that take "
            "several."
        )
    return flags


def _answered(bank: Bank, question: Question, value: AnswerValue) -> AnsweredQuestion:
    """A question and its answer for the report: once per bank and answer, except free text
    (a name is one reader's: kept, it would fill the memory of a long batch)."""
    key = ("answered", question.id, _key(value))
    found: AnsweredQuestion | None = bank.memo.get(key)
    if found is None:
        found = AnsweredQuestion(
            question_id=question.id,
            section=bank.section_by_id[question.section].title,
            topic=question.topic,
            prompt=question.prompt,
            answer=question.describe(value),
            value=value,
            free_text=isinstance(question, FreeText),
        )
        if not found.free_text:
            bank.memo[key] = found
    return found


def _band_result(band: Band) -> BandResult:
    return BandResult(
        id=band.id,
        label=band.label,
        min=band.min,
        max=band.max,
        summary=band.summary,
        message=band.message,
        alternative=band.alternative,
    )


def score(loaded: LoadedBank, answers: Mapping[str, AnswerValue], generated_on: str) -> Result:
    """Score complete answers (see quiz.answers.require_complete) against the bank."""
    bank = loaded.bank
    answers = keep_applicable(bank, answers)
    gaps = missing(bank, answers)
    if gaps:
        raise ValueError(f"answers missing for {', '.join(q.id for q in gaps)}")
    sheet = Sheet(bank, answers)
    overall = sheet.rounded_overall()
    ledgers = _ledgers(sheet)
    changes, change_counts = _changes(sheet, answers, overall)

    themes = []
    for theme in bank.themes:
        target = ("themes", theme.id)
        value = round_half_up(sheet.exacts[target])
        level: Literal["high", "low"] = "high" if value >= bank.scoring.theme_high_at else "low"
        ledger = ledgers[target]
        themes.append(
            ThemeResult(
                id=theme.id,
                name=theme.name,
                short=theme.short,
                point=theme.point,
                weight=theme.weight,
                score=value,
                exact=round(sheet.exacts[target], 2),
                level=level,
                next_steps=theme.next_steps_high if level == "high" else theme.next_steps_low,
                raised=_strongest(ledger, +1),
                lowered=_strongest(ledger, -1),
                ledger=ledger,
            )
        )

    order = sheet.pathway_order()
    top = sheet.exacts[("pathways", bank.pathways[order[0]].id)]
    pathways = []
    for rank, index in enumerate(order, start=1):
        pathway = bank.pathways[index]
        target = ("pathways", pathway.id)
        pathways.append(
            PathwayResult(
                id=pathway.id,
                name=pathway.name,
                point=pathway.point,
                first_step=pathway.first_step,
                score=round_half_up(sheet.exacts[target]),
                exact=round(sheet.exacts[target], 2),
                rank=rank,
                close_to_top=top - sheet.exacts[target] <= bank.scoring.close_margin,
                reasons=_strongest(ledgers[target], +1),
                ledger=ledgers[target],
            )
        )

    note_ids: list[str] = []
    for question in sheet.shown:
        if question.id in answers:
            for note in _effect(bank, question, answers[question.id]).notes:
                if note not in note_ids:
                    note_ids.append(note)
    notes = [
        NoteResult(id=note.id, title=note.title, text=note.text)
        for note in bank.notes
        if note.id in note_ids
    ]

    name_question = bank.name_question()
    name = answers.get(name_question.id) if name_question else None
    answered = [_answered(bank, q, answers[q.id]) for q in sheet.shown if q.id in answers]
    return Result(
        title=bank.title,
        name=name if isinstance(name, str) and name else None,
        generated_on=generated_on,
        bank_version=bank.version,
        bank_digest=loaded.digest,
        overall=overall,
        band=_band_result(band_for(bank, overall)),
        bands=[_band_result(b) for b in sorted(bank.bands, key=lambda b: -b.min)],
        themes=themes,
        pathways=pathways,
        notes=notes,
        changes=changes,
        change_counts=change_counts,
        flags=answer_patterns(bank, answers),
        answers=answered,
        program=ProgramInfo(name=bank.program.name, url=bank.program.url, facts=bank.program.facts),
        disclaimer=bank.disclaimer,
        close_margin=bank.scoring.close_margin,
    )
