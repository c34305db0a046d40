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


def _targets(bank: Bank) -> list[Target]:
    return [("themes", t.id) for t in bank.themes] + [("pathways", p.id) for p in bank.pathways]


def _tallies(bank: Bank, answers: Mapping[str, AnswerValue]) -> dict[Target, list[float]]:
    """Per theme and pathway: [points earned, least attainable, most attainable]."""
    tallies = {target: [0.0, 0.0, 0.0] for target in _targets(bank)}
    for question in bank.applicable(answers):
        spans = bank.spans[question.id]
        if not spans or question.id not in answers:
            continue
        effect = question.effect_of(answers[question.id])
        for (field, key), (low, high) in spans.items():
            tally = tallies[(field, key)]
            tally[0] += getattr(effect, field).get(key, 0)
            tally[1] += low
            tally[2] += high
    return tallies


def _score(tally: list[float]) -> float:
    earned, low, high = tally
    return 0.0 if high <= low else 100.0 * (earned - low) / (high - low)


def _overall(bank: Bank, tallies: Mapping[Target, list[float]]) -> float:
    total_weight = sum(theme.weight for theme in bank.themes)
    weighted = sum(theme.weight * _score(tallies[("themes", theme.id)]) for theme in bank.themes)
    return weighted / total_weight


def band_for(bank: Bank, overall: int) -> Band:
    """The band whose range holds this (rounded) overall score."""
    for band in bank.bands:
        if band.min <= overall <= band.max:
            return band
    raise ValueError(f"no band covers {overall}")  # the bank's checks make this unreachable


def _ledger(
    bank: Bank, answers: Mapping[str, AnswerValue], target: Target, tally: list[float]
) -> list[Contribution]:
    field, key = target
    width = tally[2] - tally[1]
    ledger = []
    for question in bank.applicable(answers):
        span = bank.spans[question.id].get(target)
        if span is None or question.id not in answers:
            continue
        value = answers[question.id]
        points = float(getattr(question.effect_of(value), field).get(key, 0))
        effect = (points - (span[0] + span[1]) / 2) * 100.0 / width
        ledger.append(
            Contribution(
                question_id=question.id,
                prompt=question.prompt,
                answer=question.describe(value),
                points=round(points, 2),
                effect=round(effect, 1),
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


def _changes(
    bank: Bank, answers: Mapping[str, AnswerValue], tallies: Mapping[Target, list[float]], now: int
) -> list[Change]:
    """Single changed answers that would move the overall band, least drastic first."""
    band_now = band_for(bank, now)
    found: list[tuple[float, int, Change]] = []
    for position, question in enumerate(bank.applicable(answers)):
        spans = bank.spans[question.id]
        if not spans or question.id not in answers:
            continue
        value = answers[question.id]
        before = question.effect_of(value)
        best: tuple[float, Change] | None = None
        for alternative in question.alternatives(value):
            if question.id in bank.condition_targets:
                changed = keep_applicable(bank, {**answers, question.id: alternative})
                if missing(bank, changed):
                    continue  # it would open questions the reader has not answered
                then = _overall(bank, _tallies(bank, changed))
            else:
                after = question.effect_of(alternative)
                shifted = {t: list(v) for t, v in tallies.items()}
                for field, key in spans:
                    shifted[(field, key)][0] += getattr(after, field).get(key, 0) - getattr(
                        before, field
                    ).get(key, 0)
                then = _overall(bank, shifted)
            overall_then = _round(then)
            band_then = band_for(bank, overall_then)
            if band_then.id == band_now.id:
                continue
            distance = abs(overall_then - now)
            change = Change(
                question_id=question.id,
                prompt=question.prompt,
                answer_now=question.describe(value),
                answer_then=question.describe(alternative),
                phrase=_phrase(question, alternative),
                overall_then=overall_then,
                band_then=band_then.label,
                direction="up" if overall_then > now else "down",
            )
            if best is None or distance < best[0]:
                best = (distance, change)
        if best is not None:
            found.append((best[0], position, best[1]))
    found.sort(key=lambda item: (item[0], item[1]))
    ups = [c for _, _, c in found if c.direction == "up"][:_TOP_CHANGES]
    downs = [c for _, _, c in found if c.direction == "down"][:_TOP_CHANGES]
    return ups + downs


def _band_result(band: Band) -> BandResult:
    return BandResult(**band.model_dump())


def score(loaded: LoadedBank, answers: Mapping[str, AnswerValue], generated_on: str) -> Result:
    """Score complete answers (see quiz.answers.require_complete) against the bank."""
    bank = loaded.bank
    answers = keep_applicable(bank, answers)
    gaps = missing(bank, answers)
    if gaps:
        raise ValueError(f"answers missing for {', '.join(q.id for q in gaps)}")
    tallies = _tallies(bank, answers)
    overall = _round(_overall(bank, tallies))

    themes = []
    for theme in bank.themes:
        tally = tallies[("themes", theme.id)]
        value = _round(_score(tally))
        level: Literal["high", "low"] = "high" if value >= bank.scoring.theme_high_at else "low"
        ledger = _ledger(bank, answers, ("themes", theme.id), tally)
        themes.append(
            ThemeResult(
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

    exact = {p.id: _score(tallies[("pathways", p.id)]) for p in bank.pathways}
    # Ties keep the bank's order: a documented rule, never a dictionary's whim.
    order = sorted(range(len(bank.pathways)), key=lambda i: (-exact[bank.pathways[i].id], i))
    top = exact[bank.pathways[order[0]].id]
    pathways = []
    for rank, index in enumerate(order, start=1):
        pathway = bank.pathways[index]
        ledger = _ledger(bank, answers, ("pathways", pathway.id), tallies[("pathways", pathway.id)])
        pathways.append(
            PathwayResult(
                id=pathway.id,
                name=pathway.name,
                point=pathway.point,
                first_step=pathway.first_step,
                score=_round(exact[pathway.id]),
                rank=rank,
                close_to_top=top - exact[pathway.id] <= bank.scoring.close_margin,
                reasons=_strongest(ledger, +1),
            )
        )

    note_ids: list[str] = []
    for question in bank.applicable(answers):
        if question.id in answers:
            for note in question.effect_of(answers[question.id]).notes:
                if note not in note_ids:
                    note_ids.append(note)
    notes = [NoteResult(**note.model_dump()) for note in bank.notes if note.id in note_ids]

    name_question = bank.name_question()
    name = answers.get(name_question.id) if name_question else None
    answered = [
        AnsweredQuestion(
            question_id=q.id,
            section=bank.section_by_id[q.section].title,
            prompt=q.prompt,
            answer=q.describe(answers[q.id]),
            value=answers[q.id],
            free_text=isinstance(q, FreeText),
        )
        for q in bank.applicable(answers)
        if q.id in answers
    ]
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
        changes=_changes(bank, answers, tallies, overall),
        answers=answered,
        program=ProgramInfo(**bank.program.model_dump()),
        disclaimer=bank.disclaimer,
        close_margin=bank.scoring.close_margin,
    )
