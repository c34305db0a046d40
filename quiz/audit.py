"""Checks of the scoring model: what a bank's points can and cannot produce.

`ai-mba-fit validate` runs them after the bank's structure is checked. They explore the
space of answers (every answers file when there are few, otherwise a sample drawn with a
fixed seed, plus targeted searches) and report, with figures:

- reach: every band and every pathway (as the top one) is reached by some answers, and
  each theme's lowest and highest score is found;
- dead weight: no answer moves nothing at all, unless the bank marks it `neutral` or the
  question decides which questions are asked;
- straight-lining: always the first choice, always the last, always the middle, or
  everything ticked, never gives the top band, and the reader is told of the pattern;
- ties: how often the top two pathways are within the bank's close margin.

A finding is an error (the model is broken: exit 1) or a warning (worth a look).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Literal

from quiz.answers import Answers
from quiz.bank import (
    AnswerValue,
    Bank,
    Effect,
    FreeText,
    MultiChoice,
    Question,
    Scale,
    SingleChoice,
    YesNo,
)
from quiz.scoring import Sheet, answer_patterns, band_for

SEED = 20261125
SAMPLES = 2000
EXHAUSTIVE_UP_TO = 20_000  # answers files; more than this and they are sampled
_SEARCH_PASSES = 6


@dataclass(frozen=True)
class Finding:
    level: Literal["ok", "warning", "error"]
    check: str
    message: str


def _valid_answers(question: Question) -> list[AnswerValue]:
    """Every answer a question accepts (for a free-text question: none, it is optional)."""
    if isinstance(question, SingleChoice):
        return [option.id for option in question.options]
    if isinstance(question, MultiChoice):
        ids = [option.id for option in question.options]
        found: list[AnswerValue] = []
        for count in range(question.min_choices, question.most + 1):
            for combination in itertools.combinations(ids, count):
                if question.problem_with(list(combination)) is None:
                    found.append(list(combination))
        return found
    if isinstance(question, Scale):
        return list(range(question.min, question.max + 1))
    if isinstance(question, YesNo):
        return [True, False]
    return []


def _complete(
    bank: Bank, answers: Mapping[str, AnswerValue], pick: Callable[[Question], AnswerValue]
) -> Answers:
    """These answers, without those that stopped applying, with `pick` for any question
    shown but not answered (conditions look only backwards: one pass in order)."""
    done: Answers = {}
    for question in bank.questions:
        if not question.applies(done) or isinstance(question, FreeText):
            continue
        done[question.id] = answers[question.id] if question.id in answers else pick(question)
    return done


class _Space:
    """The answers files of one bank: counted, enumerated or sampled, and scored."""

    def __init__(self, bank: Bank, seed: int) -> None:
        self.bank = bank
        self.choices = {q.id: _valid_answers(q) for q in bank.questions}
        self.random = random.Random(seed)

    def size(self) -> int:
        """An upper bound on how many different answers files there are."""
        total = 1
        for values in self.choices.values():
            total *= max(len(values), 1)
        return total

    def everything(self) -> Iterator[Answers]:
        def extend(index: int, answers: Answers) -> Iterator[Answers]:
            if index == len(self.bank.questions):
                yield dict(answers)
                return
            question = self.bank.questions[index]
            if not question.applies(answers) or not self.choices[question.id]:
                yield from extend(index + 1, answers)
                return
            for value in self.choices[question.id]:
                answers[question.id] = value
                yield from extend(index + 1, answers)
                del answers[question.id]

        yield from extend(0, {})

    def sample(self) -> Answers:
        return _complete(self.bank, {}, lambda q: self.random.choice(self.choices[q.id]))

    def search(self, objective: Callable[[Sheet], float], start: Answers) -> tuple[float, Answers]:
        """Coordinate ascent: change one answer at a time while `objective` improves."""
        best = start
        best_value = objective(Sheet(self.bank, best))
        for _ in range(_SEARCH_PASSES):
            improved = False
            for question in self.bank.questions:
                if question.id not in best:
                    continue
                for value in self.choices[question.id]:
                    if value == best[question.id]:
                        continue
                    candidate = _complete(
                        self.bank,
                        {**best, question.id: value},
                        lambda q: self.choices[q.id][0],
                    )
                    candidate_value = objective(Sheet(self.bank, candidate))
                    if candidate_value > best_value:
                        best, best_value, improved = candidate, candidate_value, True
            if not improved:
                break
        return best_value, best


@dataclass
class _Tally:
    """What the explored answers gave."""

    count: int = 0
    bands: Counter[str] = field(default_factory=Counter)
    tops: Counter[str] = field(default_factory=Counter)
    low: dict[str, float] = field(default_factory=dict)
    high: dict[str, float] = field(default_factory=dict)
    close: int = 0
    tied: int = 0

    def add(self, bank: Bank, sheet: Sheet) -> None:
        self.count += 1
        self.bands[band_for(bank, sheet.rounded_overall()).id] += 1
        order = sheet.pathway_order()
        self.tops[bank.pathways[order[0]].id] += 1
        for theme in bank.themes:
            value = sheet.exacts[("themes", theme.id)]
            self.low[theme.id] = min(self.low.get(theme.id, 100.0), value)
            self.high[theme.id] = max(self.high.get(theme.id, 0.0), value)
        if len(order) > 1:
            first = sheet.exacts[("pathways", bank.pathways[order[0]].id)]
            second = sheet.exacts[("pathways", bank.pathways[order[1]].id)]
            self.close += first - second <= bank.scoring.close_margin
            self.tied += first - second < 0.5


def sample_answers(bank: Bank, count: int, seed: int = SEED) -> list[Answers]:
    """`count` complete answers files drawn at random (free text left out), the same ones
    for the same seed: what the audit explores, and what the benchmark renders."""
    space = _Space(bank, seed)
    return [space.sample() for _ in range(count)]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def audit(bank: Bank, samples: int = SAMPLES, seed: int = SEED) -> tuple[str, list[Finding]]:
    """Explore the bank's answers; returns how they were explored and the findings."""
    space = _Space(bank, seed)
    tally = _Tally()
    if space.size() <= EXHAUSTIVE_UP_TO:
        explored = list(space.everything())
        how = f"all {len(explored):,} answers files"
    else:
        explored = [space.sample() for _ in range(samples)]
        how = f"{samples:,} answers files sampled (seed {seed}) and targeted searches"
    sheets = [Sheet(bank, answers) for answers in explored]
    for sheet in sheets:
        tally.add(bank, sheet)

    findings = [
        *_reach(bank, space, tally, explored),
        *_dead_weight(bank),
        *_straight_lining(bank),
        _ties(bank, tally),
    ]
    return how, findings


def _reach(bank: Bank, space: _Space, tally: _Tally, explored: list[Answers]) -> list[Finding]:
    start = explored[0]
    findings = []
    searched: list[str] = []

    # A band or a pathway the exploration missed gets a targeted search before it is
    # called unreachable.
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
                    f"closest overall fit found is {overall}, with {_spelled(found)}",
                )
            )
    for index, pathway in enumerate(bank.pathways):
        if tally.tops[pathway.id]:
            continue
        target = ("pathways", pathway.id)

        def lead(sheet: Sheet, target: tuple[str, str] = target) -> float:
            others = [v for t, v in sheet.exacts.items() if t[0] == "pathways" and t != target]
            return sheet.exacts[target] - max(others, default=0.0)

        _, found = space.search(lead, start)
        if Sheet(bank, found).pathway_order()[0] == index:
            searched.append(f"pathway {pathway.name!r} first")
        else:
            findings.append(
                Finding(
                    "error",
                    "pathways",
                    f"no answers put {pathway.name!r} first; it is moved by "
                    f"{_movers(bank, target)}",
                )
            )
    # Every theme reaches 0 and 100 by construction (a score is measured against what the
    # questions shown allow, and each question's least and most are answers one can give);
    # the search confirms it, and the range is reported.
    for theme in bank.themes:
        target = ("themes", theme.id)

        def lower(sheet: Sheet, target: tuple[str, str] = target) -> float:
            return -sheet.exacts[target]

        def higher(sheet: Sheet, target: tuple[str, str] = target) -> float:
            return sheet.exacts[target]

        tally.low[theme.id] = min(tally.low[theme.id], -space.search(lower, start)[0])
        tally.high[theme.id] = max(tally.high[theme.id], space.search(higher, start)[0])

    # Ids, and a no-break space inside each item, so a wrapped line never splits one.
    shares = " · ".join(
        f"{b.id}\u00a0{_percent(tally.bands[b.id], tally.count)}" for b in bank.bands
    )
    tops = " · ".join(
        f"{p.id}\u00a0{_percent(tally.tops[p.id], tally.count)}" for p in bank.pathways
    )
    ranges = " · ".join(
        f"{t.id}\u00a0{tally.low[t.id]:.0f}–{tally.high[t.id]:.0f}" for t in bank.themes
    )
    summary = [
        Finding("ok", "bands", f"overall fit of the answers explored: {shares}"),
        Finding("ok", "pathways", f"top pathway of the answers explored: {tops}"),
        Finding("ok", "themes", f"lowest and highest score of each theme: {ranges}"),
    ]
    for pathway in bank.pathways:
        share = tally.tops[pathway.id] / tally.count if tally.count else 0.0
        if share > 0.5 or 0 < share < 0.02:
            summary.append(
                Finding(
                    "warning",
                    "pathways",
                    f"{pathway.id} comes first for {_percent(tally.tops[pathway.id], tally.count)}"
                    f" of the answers explored, {'over half' if share > 0.5 else 'under 2%'}; "
                    f"it is moved by {_movers(bank, ('pathways', pathway.id))}",
                )
            )
    if searched:
        summary.append(
            Finding("ok", "reach", "reached only by a targeted search: " + ", ".join(searched))
        )
    return summary + findings


def _spelled(answers: Answers) -> str:
    """Answers in one line: `week=price, skills=lead+sell, people=5, visa=yes`."""

    def value(item: AnswerValue) -> str:
        if isinstance(item, bool):
            return "yes" if item else "no"
        return "+".join(item) if isinstance(item, list) else str(item)

    return ", ".join(f"{question_id}={value(item)}" for question_id, item in answers.items())


def _movers(bank: Bank, target: tuple[str, str]) -> str:
    ids = [q.id for q in bank.questions if target in bank.spans[q.id]]
    return "questions " + ", ".join(ids) if ids else "no question"


def _is_empty(effect: Effect) -> bool:
    return (
        not any(effect.themes.values()) and not any(effect.pathways.values()) and not effect.notes
    )


def _dead_weight(bank: Bank) -> list[Finding]:
    dead = []
    for index, question in enumerate(bank.questions):
        if question.id in bank.condition_targets:
            continue  # its answers decide which questions are asked
        place = f"questions[{index}] ({question.id})"
        if isinstance(question, (SingleChoice, MultiChoice)):
            dead += [
                f"{place}.options[{i}] ({option.id})"
                for i, option in enumerate(question.options)
                if _is_empty(option) and not option.neutral
            ]
        elif isinstance(question, YesNo):
            dead += [
                f"{place}.{side}"
                for side, effect in (("yes", question.yes), ("no", question.no))
                if _is_empty(effect) and not effect.neutral
            ]
        elif isinstance(question, Scale) and _is_empty(question.low) and _is_empty(question.high):
            dead.append(place)
    if not dead:
        return [Finding("ok", "dead weight", "every answer moves a theme, a pathway or a note")]
    return [
        Finding(
            "warning",
            "dead weight",
            f"{place} moves no theme, no pathway and no note; give it points, or mark it "
            '"neutral": true if that is meant',
        )
        for place in dead
    ]


PATTERNS = ("first", "last", "middle", "everything")


def pattern_answers(bank: Bank, pattern: str) -> Answers:
    """The answers of someone who straight-lines: always the first choice, the last, the
    middle one, or as many as allowed ("everything", with the first choice elsewhere)."""

    def pick(question: Question) -> AnswerValue:
        if isinstance(question, Scale):
            steps = list(range(question.min, question.max + 1))
            where = {"first": 0, "last": -1, "middle": (len(steps) - 1) // 2}.get(pattern, -1)
            return steps[where]
        if isinstance(question, YesNo):
            return pattern != "last"
        assert isinstance(question, (SingleChoice, MultiChoice))
        options = [option.id for option in question.options]
        where = {"first": 0, "last": -1, "middle": (len(options) - 1) // 2}.get(pattern, 0)
        if isinstance(question, SingleChoice):
            return options[where]
        if pattern == "everything":
            together = [o.id for o in question.options if not o.exclusive]
            return together[: question.most]
        return [options[where]]

    return _complete(bank, {}, pick)


def _straight_lining(bank: Bank) -> list[Finding]:
    findings = []
    outcomes = []
    top_band = max(bank.bands, key=lambda band: band.min)
    for pattern in PATTERNS:
        answers = pattern_answers(bank, pattern)
        overall = Sheet(bank, answers).rounded_overall()
        band = band_for(bank, overall)
        flagged = bool(answer_patterns(bank, answers))
        outcomes.append(
            f"{pattern}\u00a0→\u00a0{overall}\u00a0{band.id}{'' if flagged else ' (not flagged)'}"
        )
        if band.id == top_band.id:
            findings.append(
                Finding(
                    "error",
                    "straight-lining",
                    f"always choosing the {pattern} answer scores {overall}, {band.label!r}: "
                    "reorder options or rebalance points so that clicking through is not "
                    "rewarded",
                )
            )
        if not flagged:
            findings.append(
                Finding(
                    "warning",
                    "straight-lining",
                    f"always choosing the {pattern} answer is not pointed out to the reader",
                )
            )
    findings.insert(
        0,
        Finding(
            "ok" if not findings else "warning",
            "straight-lining",
            "always the same answer: " + " · ".join(outcomes),
        ),
    )
    return findings


def _ties(bank: Bank, tally: _Tally) -> Finding:
    close = _percent(tally.close, tally.count)
    level: Literal["ok", "warning"] = "warning" if tally.close > 0.4 * tally.count else "ok"
    return Finding(
        level,
        "ties",
        f"top two pathways within {bank.scoring.close_margin} points in {close} of the "
        f"answers explored, within half a point in {_percent(tally.tied, tally.count)}",
    )
