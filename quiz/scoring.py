"""Scoring: answers and a bank in, one `Result` out. Pure: no terminal, no files, no jinja2.

How a score is made (the report's methodology section says the same in words):
- For each theme, every question shown to the reader has a least and a most it could add
  (its attainable points). The theme's score is where the reader's points fall between
  the sum of the leasts (0) and the sum of the mosts (100).
- Each answer's share of that is its *effect*: how far it moved the theme from the middle
  of what that question allowed, in score points. The effects of a theme add up to its
  score minus 50, which is why the report can list them as a ledger.
- The overall fit is the weighted mean of the theme scores, rounded; the band follows.
- Pathways are scored the same way and ranked by score; a tie keeps the bank's order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from quiz.answers import keep_applicable, missing
from quiz.bank import AnswerValue, Band, Bank, FreeText, LoadedBank, Question, SingleChoice

Target = tuple[str, str]  # ("themes" | "pathways", id)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Contribution(_Frozen):
    """One answer's effect on one theme or pathway, in score points (signed)."""

    question_id: str
    prompt: str
    answer: str
    points: float
    effect: float


class ThemeResult(_Frozen):
    id: str
    name: str
    short: str
    point: str
    weight: float
    score: int
    level: Literal["high", "low"]
    next_steps: list[str]
    raised: list[Contribution]
    lowered: list[Contribution]
    ledger: list[Contribution]


class PathwayResult(_Frozen):
    id: str
    name: str
    point: str
    first_step: str
    score: int
    rank: int
    close_to_top: bool
    reasons: list[Contribution]


class BandResult(_Frozen):
    id: str
    label: str
    min: int
    max: int
    summary: str
    message: str
    alternative: str | None


class NoteResult(_Frozen):
    id: str
    title: str
    text: str


class Change(_Frozen):
    """A single changed answer that would move the overall band."""

    question_id: str
    prompt: str
    answer_now: str
    answer_then: str
    phrase: str | None
    overall_then: int
    band_then: str
    direction: Literal["up", "down"]


class AnsweredQuestion(_Frozen):
    question_id: str
    section: str
    prompt: str
    answer: str
    value: AnswerValue
    free_text: bool


class ProgramInfo(_Frozen):
    name: str
    url: str
    facts: list[str]


class Result(_Frozen):
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
    answers: list[AnsweredQuestion]
    program: ProgramInfo
    disclaimer: str
    close_margin: int

    def private(self) -> Result:
        """The same result without the name and without any free-text answer."""
        kept = [answer for answer in self.answers if not answer.free_text]
        return self.model_copy(update={"name": None, "answers": kept})


_TOP_REASONS = 3
_TOP_CHANGES = 3


def _round(value: float) -> int:
    """Round half up, the way a reader expects (Python's round() goes to even)."""
    return int(value + 0.5)


class _Sheet:
    """The points each shown answer brings to each theme and pathway, worked out once.

    `rows` holds (question, answer, points per target) for every shown, answered question
    that can move anything; `earned`, `low` and `high` are the sums per target.
    """

    def __init__(self, bank: Bank, answers: Mapping[str, AnswerValue]) -> None:
        self.bank = bank
        self.shown = bank.applicable(answers)
        self.rows: list[tuple[Question, AnswerValue, dict[Target, float]]] = []
        self.earned: dict[Target, float] = dict.fromkeys(bank.targets, 0.0)
        self.low: dict[Target, float] = dict.fromkeys(bank.targets, 0.0)
        self.high: dict[Target, float] = dict.fromkeys(bank.targets, 0.0)
        for question in self.shown:
            spans = bank.spans[question.id]
            if not spans or question.id not in answers:
                continue
            value = answers[question.id]
            points = points_of(question, value, spans)
            self.rows.append((question, value, points))
            for target, (low, high) in spans.items():
                self.earned[target] += points[target]
                self.low[target] += low
                self.high[target] += high

    def exact(self, target: Target, earned: float | None = None) -> float:
        """The 0–100 score of a target, for its earned points or for `earned` instead."""
        low, high = self.low[target], self.high[target]
        got = self.earned[target] if earned is None else earned
        return 0.0 if high <= low else 100.0 * (got - low) / (high - low)

    def overall(self, changed: Mapping[Target, float] | None = None) -> float:
        """The weighted mean of the theme scores, with some targets' earned points changed."""
        changed = changed or {}
        total = 0.0
        for theme in self.bank.themes:
            target = ("themes", theme.id)
            total += theme.weight * self.exact(target, changed.get(target))
        return total / self.bank.total_weight


def points_of(
    question: Question, value: AnswerValue, spans: Mapping[Target, tuple[float, float]]
) -> dict[Target, float]:
    """The points one answer brings to each target the question can move."""
    effect = question.effect_of(value)
    return {
        target: float(
            (effect.themes if target[0] == "themes" else effect.pathways).get(target[1], 0)
        )
        for target in spans
    }


def band_for(bank: Bank, overall: int) -> Band:
    """The band whose range holds this (rounded) overall score."""
    for band in bank.bands:
        if band.min <= overall <= band.max:
            return band
    raise ValueError(f"no band covers {overall}")  # the bank's checks make this unreachable


def _ledger(sheet: _Sheet, target: Target) -> list[Contribution]:
    width = sheet.high[target] - sheet.low[target]
    ledger = []
    for question, value, points in sheet.rows:
        span = sheet.bank.spans[question.id].get(target)
        if span is None:
            continue
        got = points[target]
        ledger.append(
            Contribution.model_construct(
                question_id=question.id,
                prompt=question.prompt,
                answer=question.describe(value),
                points=round(got, 2),
                effect=round((got - (span[0] + span[1]) / 2) * 100.0 / width, 1),
            )
        )
    return ledger


def _strongest(ledger: list[Contribution], sign: int) -> list[Contribution]:
    chosen = [c for c in ledger if c.effect * sign > 0]
    # Biggest effect first; equal effects keep question order (sorted() is stable).
    return sorted(chosen, key=lambda c: -abs(c.effect))[:_TOP_REASONS]


def _phrase(question: Question, value: AnswerValue) -> str | None:
    if not isinstance(question, SingleChoice):
        return None
    return question.option(str(value)).change_phrase


def _changes(sheet: _Sheet, answers: Mapping[str, AnswerValue], now: int) -> list[Change]:
    """Single changed answers that would move the overall band, least drastic first."""
    bank = sheet.bank
    band_now = band_for(bank, now)
    found: list[tuple[float, int, Change]] = []
    for position, (question, value, points) in enumerate(sheet.rows):
        spans = bank.spans[question.id]
        best: tuple[float, Change] | None = None
        for alternative in question.alternatives(value):
            if question.id in bank.condition_targets:
                changed = keep_applicable(bank, {**answers, question.id: alternative})
                if missing(bank, changed):
                    continue  # it would open questions the reader has not answered
                then = _Sheet(bank, changed).overall()
            else:
                after = points_of(question, alternative, spans)
                then = sheet.overall(
                    {t: sheet.earned[t] - points[t] + after[t] for t in spans if t[0] == "themes"}
                )
            overall_then = _round(then)
            band_then = band_for(bank, overall_then)
            if band_then.id == band_now.id:
                continue
            distance = abs(overall_then - now)
            if best is not None and distance >= best[0]:
                continue
            best = (
                distance,
                Change.model_construct(
                    question_id=question.id,
                    prompt=question.prompt,
                    answer_now=question.describe(value),
                    answer_then=question.describe(alternative),
                    phrase=_phrase(question, alternative),
                    overall_then=overall_then,
                    band_then=band_then.label,
                    direction="up" if overall_then > now else "down",
                ),
            )
        if best is not None:
            found.append((best[0], position, best[1]))
    found.sort(key=lambda item: (item[0], item[1]))
    ups = [c for _, _, c in found if c.direction == "up"][:_TOP_CHANGES]
    downs = [c for _, _, c in found if c.direction == "down"][:_TOP_CHANGES]
    return ups + downs


def _band_result(band: Band) -> BandResult:
    return BandResult.model_construct(**band.model_dump())


def score(loaded: LoadedBank, answers: Mapping[str, AnswerValue], generated_on: str) -> Result:
    """Score complete answers (see quiz.answers.require_complete) against the bank.

    The result is built with `model_construct`: every value comes from a checked bank and
    checked answers, and validating it all again would only cost time in batch runs.
    """
    bank = loaded.bank
    answers = keep_applicable(bank, answers)
    gaps = missing(bank, answers)
    if gaps:
        raise ValueError(f"answers missing for {', '.join(q.id for q in gaps)}")
    sheet = _Sheet(bank, answers)
    overall = _round(sheet.overall())

    themes = []
    for theme in bank.themes:
        target = ("themes", theme.id)
        value = _round(sheet.exact(target))
        level: Literal["high", "low"] = "high" if value >= bank.scoring.theme_high_at else "low"
        ledger = _ledger(sheet, target)
        themes.append(
            ThemeResult.model_construct(
                id=theme.id,
                name=theme.name,
                short=theme.short,
                point=theme.point,
                weight=theme.weight,
                score=value,
                level=level,
                next_steps=theme.next_steps_high if level == "high" else theme.next_steps_low,
                raised=_strongest(ledger, +1),
                lowered=_strongest(ledger, -1),
                ledger=ledger,
            )
        )

    exact = {p.id: sheet.exact(("pathways", p.id)) for p in bank.pathways}
    # Ties keep the bank's order: a documented rule, never a dictionary's whim.
    order = sorted(range(len(bank.pathways)), key=lambda i: (-exact[bank.pathways[i].id], i))
    top = exact[bank.pathways[order[0]].id]
    pathways = []
    for rank, index in enumerate(order, start=1):
        pathway = bank.pathways[index]
        pathways.append(
            PathwayResult.model_construct(
                id=pathway.id,
                name=pathway.name,
                point=pathway.point,
                first_step=pathway.first_step,
                score=_round(exact[pathway.id]),
                rank=rank,
                close_to_top=top - exact[pathway.id] <= bank.scoring.close_margin,
                reasons=_strongest(_ledger(sheet, ("pathways", pathway.id)), +1),
            )
        )

    note_ids: list[str] = []
    for question in sheet.shown:
        if question.id in answers:
            for note in question.effect_of(answers[question.id]).notes:
                if note not in note_ids:
                    note_ids.append(note)
    notes = [
        NoteResult.model_construct(id=note.id, title=note.title, text=note.text)
        for note in bank.notes
        if note.id in note_ids
    ]

    name_question = bank.name_question()
    name = answers.get(name_question.id) if name_question else None
    answered = [
        AnsweredQuestion.model_construct(
            question_id=q.id,
            section=bank.section_by_id[q.section].title,
            prompt=q.prompt,
            answer=q.describe(answers[q.id]),
            value=answers[q.id],
            free_text=isinstance(q, FreeText),
        )
        for q in sheet.shown
        if q.id in answers
    ]
    return Result.model_construct(
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
        changes=_changes(sheet, answers, overall),
        answers=answered,
        program=ProgramInfo.model_construct(**bank.program.model_dump()),
        disclaimer=bank.disclaimer,
        close_margin=bank.scoring.close_margin,
    )
