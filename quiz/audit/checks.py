"""The checks of a bank's scoring model, each a list of findings with figures.

- reach: every band is reached, every pathway and every route comes first for some
  answers, and each theme's lowest and highest score is found;
- balance: every theme is fed by a similar number of questions, with a similar span of
  attainable points (within 20% of their mean);
- fit comes from the future: no answer about the reader's past or practicalities moves
  fit, and agreeing with everything is blunted by scales keyed the other way;
- position bias, yes-saying and flags: in quiz/audit/bias.py;
- dead weight: no answer moves nothing, unless the bank marks it `neutral` or it decides
  which questions are asked;
- ties: how often the top two pathways are close.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from quiz.answers import Answers
from quiz.audit.space import Space
from quiz.bank import (
    TARGET_KINDS,
    AnswerValue,
    Bank,
    Effect,
    Scale,
    Target,
    TargetKind,
)
from quiz.scoring import Sheet, band_for

BALANCE_WITHIN = 0.20  # of the mean: answers and attainable span per theme


@dataclass(frozen=True)
class Finding:
    level: Literal["ok", "warning", "error"]
    check: str
    message: str


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


@dataclass
class Tally:
    """What the explored answers gave."""

    count: int = 0
    bands: Counter[str] = field(default_factory=Counter)
    tops: Counter[str] = field(default_factory=Counter)
    routes: Counter[str] = field(default_factory=Counter)
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    close: int = 0
    tied: int = 0

    def add(self, bank: Bank, sheet: Sheet) -> None:
        self.count += 1
        self.bands[band_for(bank, sheet.rounded_overall()).id] += 1
        order = sheet.pathway_order()
        self.tops[bank.pathways[order[0]].id] += 1
        self.routes[bank.routes[sheet.route_order()[0]].id] += 1
        for theme in bank.themes:
            value = sheet.exacts[("themes", theme.id)]
            self.low[theme.id] = min(self.low.get(theme.id, 100.0), value)
            self.high[theme.id] = max(self.high.get(theme.id, 0.0), value)
        if len(order) > 1:
            first = sheet.exacts[("pathways", bank.pathways[order[0]].id)]
            second = sheet.exacts[("pathways", bank.pathways[order[1]].id)]
            self.close += second > 0 and first - second <= bank.scoring.close_margin
            self.tied += first - second < 0.5


def spelled(answers: Answers) -> str:
    """Answers in one line: `week=price, skills=lead+sell, people=5, visa=yes`."""

    def value(item: AnswerValue) -> str:
        if isinstance(item, bool):
            return "yes" if item else "no"
        return "+".join(item) if isinstance(item, list) else str(item)

    return ", ".join(f"{question_id}={value(item)}" for question_id, item in answers.items())


def _movers(bank: Bank, target: Target) -> str:
    ids = [q.id for q in bank.questions if target in bank.spans[q.id]]
    return "questions " + ", ".join(ids) if ids else "no question"


def reach(bank: Bank, space: Space, tally: Tally, start: Answers) -> list[Finding]:
    findings = []
    searched: list[str] = []

    # A band, a pathway or a route the exploration missed gets a targeted search before it
    # is called unreachable.
    for band in bank.bands:
        if tally.bands[band.id]:
            continue
        middle = (band.min + band.max) / 2

        def near_band(sheet: Sheet, middle: float = middle) -> float:
            return -abs(sheet.overall() - middle)

        _, found = space.search(near_band, start)
        overall = Sheet(bank, found).rounded_overall()
        if band_for(bank, overall).id == band.id:
            searched.append(f"band {band.label!r}")
        else:
            findings.append(
                Finding(
                    "error",
                    "bands",
                    f"no answers reach band {band.label!r} ({band.min}–{band.max}); the "
                    f"closest overall fit found is {overall}, with {spelled(found)}",
                )
            )
    ranked: list[tuple[TargetKind, list[tuple[str, str]], Counter[str], str]] = [
        ("pathways", [(p.id, p.name) for p in bank.pathways], tally.tops, "pathway"),
        ("routes", [(r.id, r.name) for r in bank.routes], tally.routes, "route"),
    ]
    for kind, items, counts, noun in ranked:
        for index, (item_id, item_name) in enumerate(items):
            if counts[item_id]:
                continue
            target: Target = (kind, item_id)

            def lead(sheet: Sheet, target: Target = target) -> float:
                others = [v for t, v in sheet.exacts.items() if t[0] == target[0] and t != target]
                return sheet.exacts[target] - max(others, default=0.0)

            _, found = space.search(lead, start)
            then = Sheet(bank, found)
            first = then.pathway_order()[0] if kind == "pathways" else then.route_order()[0]
            if first == index:
                searched.append(f"{noun} {item_name!r} first")
            else:
                findings.append(
                    Finding(
                        "error",
                        kind,
                        f"no answers put {noun} {item_name!r} first; it is moved by "
                        f"{_movers(bank, target)}",
                    )
                )
    # Every theme reaches 0 and 100 by construction (a score is measured against what the
    # questions shown allow, and each question's least and most are answers one can give);
    # the search confirms it, and the range is reported.
    for theme in bank.themes:
        theme_target: Target = ("themes", theme.id)

        def lower(sheet: Sheet, target: Target = theme_target) -> float:
            return -sheet.exacts[target]

        def higher(sheet: Sheet, target: Target = theme_target) -> float:
            return sheet.exacts[target]

        tally.low[theme.id] = min(tally.low[theme.id], -space.search(lower, start)[0])
        tally.high[theme.id] = max(tally.high[theme.id], space.search(higher, start)[0])

    # Ids, and a no-break space inside each item, so a wrapped line never splits one.
    def shares(counts: Counter[str], ids: list[str]) -> str:
        return " · ".join(f"{i}\u00a0{percent(counts[i], tally.count)}" for i in ids)

    ranges = " · ".join(
        f"{t.id}\u00a0{tally.low[t.id]:.0f}–{tally.high[t.id]:.0f}" for t in bank.themes
    )
    bands = shares(tally.bands, [b.id for b in bank.bands])
    tops = shares(tally.tops, [p.id for p in bank.pathways])
    routes = shares(tally.routes, [r.id for r in bank.routes])
    summary = [
        Finding("ok", "bands", f"overall fit of the answers explored: {bands}"),
        Finding("ok", "pathways", f"top pathway of the answers explored: {tops}"),
        Finding("ok", "routes", f"top route of the answers explored: {routes}"),
        Finding("ok", "themes", f"lowest and highest score of each theme: {ranges}"),
    ]
    for pathway in bank.pathways:
        share = tally.tops[pathway.id] / tally.count if tally.count else 0.0
        if share > 0.5 or 0 < share < 0.02:
            summary.append(
                Finding(
                    "warning",
                    "pathways",
                    f"{pathway.id} comes first for {percent(tally.tops[pathway.id], tally.count)}"
                    f" of the answers explored, {'over half' if share > 0.5 else 'under 2%'}; "
                    f"it is moved by {_movers(bank, ('pathways', pathway.id))}",
                )
            )
    if searched:
        summary.append(
            Finding("ok", "reach", "reached only by a targeted search: " + ", ".join(searched))
        )
    return summary + findings


def balance(bank: Bank) -> list[Finding]:
    """Answers and attainable span per theme, over the questions shown to everyone."""
    always = [q for q in bank.questions if q.when is None]
    counts, spans = {}, {}
    for theme in bank.themes:
        target: Target = ("themes", theme.id)
        moving = [bank.spans[q.id][target] for q in always if target in bank.spans[q.id]]
        counts[theme.id] = len(moving)
        spans[theme.id] = sum(high - low for low, high in moving)
    findings = []
    for name, values, unit in (("answers", counts, ""), ("span", spans, " points")):
        mean = statistics.fmean(values.values())
        off = [k for k, v in values.items() if abs(v - mean) > BALANCE_WITHIN * mean]
        figures = " · ".join(f"{k}\u00a0{v:g}" for k, v in values.items())
        if off:
            findings.append(
                Finding(
                    "error",
                    "balance",
                    f"{name} per theme: {figures}{unit}; {', '.join(off)} more than "
                    f"{BALANCE_WITHIN:.0%} from their mean ({mean:.3g}): feed every theme alike",
                )
            )
        else:
            findings.append(
                Finding(
                    "ok",
                    "balance",
                    f"{'questions feeding' if name == 'answers' else 'attainable points of'} "
                    f"each theme: {figures}{unit} (within {BALANCE_WITHIN:.0%} of their mean)",
                )
            )
    weights = [t for t in bank.themes if t.weight != 1]
    if weights:
        findings.append(
            Finding(
                "ok",
                "balance",
                "weights other than 1: "
                + " · ".join(f"{t.id}\u00a0{t.weight:g} ({t.weight_reason})" for t in weights),
            )
        )
    return findings


def _fit_points(effect: Effect) -> bool:
    return any(effect.themes.values())


_ABOUT = {"now": "the reader now", "practical": "practicalities", "future": "the future"}


def fit_sources(bank: Bank) -> list[Finding]:
    """Fit comes from choices about the future only; scales keyed both ways."""
    from quiz.bank.questions import effects_of

    findings = []
    for index, question in enumerate(bank.questions):
        if question.about == "future":
            continue
        for effect, place in effects_of(question, f"questions[{index}]"):
            if _fit_points(effect):
                findings.append(
                    Finding(
                        "error",
                        "fit sources",
                        f"{place} ({question.id}) carries fit points, but the question is "
                        f"about {_ABOUT[question.about]}: readiness and practicalities never "
                        "move fit",
                    )
                )
    scales = [q for q in bank.questions if isinstance(q, Scale) and q.about == "future"]
    scales = [q for q in scales if _fit_points(q.low) or _fit_points(q.high)]
    against = [q.id for q in scales if q.keyed_against()]
    if len(scales) >= 2 and not against:
        findings.append(
            Finding(
                "error",
                "fit sources",
                "every scale scores higher at its top: key at least one the other way, so "
                "agreeing with everything does not push the fit one way",
            )
        )
    if not findings:
        now = sum(q.about != "future" for q in bank.questions)
        findings.append(
            Finding(
                "ok",
                "fit sources",
                f"fit comes only from the {len(bank.questions) - now} questions about the future; "
                f"{len(against)} of its {len(scales)} scales are keyed the other way",
            )
        )
    return findings


def dead_weight(bank: Bank) -> list[Finding]:
    from quiz.bank.questions import effects_of

    def empty(effect: Effect) -> bool:
        return not any(effect.points(kind).values() for kind in TARGET_KINDS) and not effect.notes

    dead = []
    for index, question in enumerate(bank.questions):
        if question.id in bank.condition_targets:
            continue  # its answers decide which questions are asked
        if isinstance(question, Scale):
            if empty(question.low) and empty(question.high):
                dead.append(f"questions[{index}] ({question.id})")
            continue
        for effect, place in effects_of(question, f"questions[{index}]"):
            if empty(effect) and not effect.neutral:
                option = getattr(effect, "id", None)
                dead.append(f"{place} ({question.id}{', ' + option if option else ''})")
    if not dead:
        return [
            Finding(
                "ok",
                "dead weight",
                "every answer moves a theme, a pathway, a route, readiness or a note",
            )
        ]
    return [
        Finding(
            "warning",
            "dead weight",
            f'{place} moves nothing; give it points, or mark it "neutral": true if that is meant',
        )
        for place in dead
    ]


def ties(bank: Bank, tally: Tally) -> Finding:
    close = percent(tally.close, tally.count)
    level: Literal["ok", "warning"] = "warning" if tally.close > 0.4 * tally.count else "ok"
    return Finding(
        level,
        "ties",
        f"top two pathways within {bank.scoring.close_margin} points in {close} of the "
        f"answers explored, within half a point in {percent(tally.tied, tally.count)}",
    )
