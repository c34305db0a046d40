"""`preview [QUESTIONS]`: the whole question bank on one page, for its content owner.

Every section, question and option in the order a reader meets them, with the condition a
question is asked under, each answer's points per theme, pathway and route (a heat map whose
numbers read without colour), the notes each answer calls up, and the figures `validate`
finds. A bank that cannot be loaded gives a page of its problems, each with its place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from quiz.audit import SAMPLES as SAMPLED  # as many readers as validate samples, by default
from quiz.bank import (
    AnswerValue,
    Bank,
    FreeText,
    LoadedBank,
    MultiChoice,
    Question,
    Scale,
    YesNo,
)
from quiz.bank.effects import Effect
from quiz.constants import NO, YES
from quiz.errors import Problem


@dataclass(frozen=True)
class Column:
    kind: str  # "theme", "pathway" or "route"
    id: str
    name: str


@dataclass(frozen=True)
class Row:
    answer: str
    points: list[float]  # one per column
    notes: list[str]
    extra: str  # "goes on its own", "readiness: …"


@dataclass(frozen=True)
class QuestionView:
    id: str
    kind: str
    topic: str
    prompt: str
    help: str | None
    asked_if: str | None
    rows: list[Row]
    used: list[int]  # the columns any of its answers gives points to
    neutral: bool  # its answers are marked neutral: they move nothing, on purpose


@dataclass(frozen=True)
class SectionView:
    title: str
    questions: list[QuestionView]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float


@dataclass(frozen=True)
class Chart:
    title: str
    unit: str
    bars: list[Bar]


@dataclass
class Preview:
    version: str
    title: str
    columns: list[Column] = field(default_factory=list)
    sections: list[SectionView] = field(default_factory=list)
    findings: list[tuple[str, str, str]] = field(default_factory=list)  # level, check, message
    how: str = ""
    charts: list[Chart] = field(default_factory=list)
    most: float = 1.0  # the largest points in any cell, for the heat map


_KIND = {  # question.kind, in words
    "single": "one choice",
    "multi": "several choices",
    "scale": "scale",
    "yesno": "yes or no",
    "text": "free text",
}


def _answers_of(question: Question) -> list[tuple[str, AnswerValue, str]]:
    """Each answer to show, as (words, value, extra)."""
    if isinstance(question, Scale):
        return [(question.label(s), s, "") for s in range(question.min, question.max + 1)]
    if isinstance(question, YesNo):
        return [(YES, True, ""), (NO, False, "")]
    if isinstance(question, FreeText):
        return []
    shown = []
    for option in question.options:
        extra = [
            words
            for words, holds in (
                ("goes on its own", option.exclusive),
                ("stays last", option.last),
                ("neutral", option.neutral),
            )
            if holds
        ]
        if option.readiness:
            extra.append("readiness: " + ", ".join(sorted(option.readiness)))
        value: AnswerValue = [option.id] if isinstance(question, MultiChoice) else option.id
        shown.append((option.label, value, "; ".join(extra)))
    return shown


def _asked_if(bank: Bank, question: Question) -> str | None:
    condition = question.when
    if condition is None:
        return None
    earlier = bank.question_by_id.get(condition.question)
    if earlier is None:
        return f"{condition.question} is one of {condition.any_of}"
    said = []
    for wanted in condition.any_of:
        if isinstance(earlier, YesNo):
            said.append(YES if wanted is True else NO)
        elif isinstance(earlier, Scale) and isinstance(wanted, int):
            said.append(earlier.label(wanted))
        else:
            option = next((o for o in getattr(earlier, "options", []) if o.id == wanted), None)
            said.append(option.label if option is not None else str(wanted))
    return f"“{earlier.topic}” is " + " or ".join(f"“{s}”" for s in said)


def _points(effect: Effect, column: Column) -> float:
    table = {"theme": effect.themes, "pathway": effect.pathways, "route": effect.routes}
    return float(table[column.kind].get(column.id, 0))


def preview(loaded: LoadedBank, samples: int = SAMPLED) -> Preview:
    from quiz.audit import audit

    bank = loaded.bank
    found = Preview(version=bank.version, title=bank.title)
    found.columns = (
        [Column("theme", t.id, t.short) for t in bank.themes]
        + [Column("pathway", p.id, p.short) for p in bank.pathways]
        + [Column("route", r.id, r.short) for r in bank.routes]
    )
    notes = {n.id: n.title for n in bank.notes}
    most = 0.0
    for section in bank.sections:
        views = []
        for question in (q for q in bank.questions if q.section == section.id):
            rows = []
            for words, value, extra in _answers_of(question):
                effect = question.effect_of(value)
                points = [_points(effect, c) for c in found.columns]
                most = max([most, *(abs(p) for p in points)])
                called = [notes.get(n, n) for n in effect.notes]
                rows.append(Row(words, points, called, extra))
            views.append(
                QuestionView(
                    question.id,
                    _KIND.get(question.kind, question.kind),
                    question.topic,
                    question.prompt,
                    question.help,
                    _asked_if(bank, question),
                    rows,
                    [i for i in range(len(found.columns)) if any(r.points[i] for r in rows)],
                    any("neutral" in r.extra for r in rows),
                )
            )
        if views:
            found.sections.append(SectionView(section.title, views))
    found.most = most or 1.0
    found.how, findings = audit(bank, samples=samples)
    found.findings = [(f.level, f.check, f.message) for f in findings]
    found.charts = [*_charts(loaded, samples), *_bias_chart(bank)]
    return found


def _charts(loaded: LoadedBank, samples: int) -> list[Chart]:
    """What each theme can get at most, and the bands and top pathways of sampled readers."""
    from quiz.audit import sample_answers
    from quiz.scoring import score

    bank = loaded.bank
    most: Counter[str] = Counter()
    for question in bank.questions:
        answers = _answers_of(question)
        for theme in bank.themes:
            most[theme.id] += max(
                (question.effect_of(v).themes.get(theme.id, 0) for _, v, _ in answers), default=0
            )
    bands: Counter[str] = Counter()
    tops: Counter[str] = Counter()
    drawn = sample_answers(bank, samples)
    for reader in drawn:
        result = score(loaded, reader, "2026-01-01")
        bands[result.band.label] += 1
        tops[result.pathways[0].short] += 1
    share = 100 / max(len(drawn), 1)
    return [
        Chart(
            "The most points a reader can get for each theme, over all questions",
            "points",
            [Bar(t.name, most[t.id]) for t in bank.themes],
        ),
        Chart(
            f"Bands of {len(drawn):,} readers drawn at random",
            "% of readers",
            [Bar(b.label, round(bands[b.label] * share, 1)) for b in bank.bands],
        ),
        Chart(
            f"Top pathway of the same {len(drawn):,} readers",
            "% of readers",
            [Bar(p.short, round(tops[p.short] * share, 1)) for p in bank.pathways],
        ),
    ]


def _bias_chart(bank: Bank) -> list[Chart]:
    """The fit of someone answering by position, averaged over shuffles (as validate's
    position bias check does)."""
    import random
    import statistics

    from quiz.audit.bias import PATTERNS, SHUFFLES, pattern_answers
    from quiz.scoring.sheet import Sheet

    draw = random.Random(2026)
    orders = [draw.randint(1, 2**31 - 1) for _ in range(SHUFFLES)]
    bars = [
        Bar(
            pattern,
            round(
                statistics.fmean(
                    Sheet(bank, pattern_answers(bank, pattern, order)).overall() for order in orders
                )
            ),
        )
        for pattern in PATTERNS
    ]
    return [Chart(f"Fit of answering by position, over {len(orders)} orders", "fit", bars)]


def problems(found: list[Problem]) -> list[tuple[str, str]]:
    """A broken bank's problems as (place, message), for the page that shows them."""
    return [(p.place or "the file as a whole", p.message) for p in found]
