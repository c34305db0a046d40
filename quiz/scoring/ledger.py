"""Ledgers: for each theme, pathway and route, what each answer gave it out of the most its
question could give, and which answer would have given the most.

A score is the points the answers gave, above the least each question allows, out of all
that the questions could give; so each answer's share of it (in score points) is its
points over that total, the shares add up to the score, and no answer ever takes a score
down: an answer that gave nothing is what held a theme back, one that gave some raised it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from quiz.bank import Bank, Effect, MultiChoice, Question, Scale, SingleChoice, Target, YesNo
from quiz.scoring.result import Line
from quiz.scoring.sheet import UNIT, Sheet, _key

_TOP_REASONS = 3


def _in_points(count: int) -> float:
    """Units as the bank's points, to two decimals (a scale step can give 1.25)."""
    return round(count / UNIT, 2)


def best_answer(bank: Bank, question: Question, target: Target) -> tuple[str, int]:
    """The answer to `question` that gives `target` the most, in words (the first such in
    the bank's order), and how many other answers give as much: once per bank."""
    key = ("best", question.id, target)
    found: tuple[str, int] | None = bank.memo.get(key)
    if found is None:
        kind, name = target

        def points(effect: Effect) -> float:
            return float(effect.points(kind).get(name, 0))

        if isinstance(question, (SingleChoice, MultiChoice)):
            most = max(points(option) for option in question.options)
            tied = [option for option in question.options if points(option) == most]
            found = (tied[0].label, len(tied) - 1)
        elif isinstance(question, Scale):
            top = question.max if points(question.high) >= points(question.low) else question.min
            found = (question.label(top), 0)
        elif isinstance(question, YesNo):
            found = ("Yes" if points(question.yes) >= points(question.no) else "No", 0)
        else:
            found = ("", 0)
        bank.memo[key] = found
    return found


# A ledger line: its share in tenths, unrounded and rounded, and the line with its share as
# rounded (a report that must move it a tenth makes its own).
_Made = tuple[float, int, Line]


def ledgers(sheet: Sheet) -> dict[Target, list[Line]]:
    """Every answer's line for every target it can move, in question order, each share to a
    tenth so that a ledger's shares add up to what they explain: rounded as usual, then, if
    the rounded ones do not add up, those rounded furthest the other way move a tenth."""
    bank = sheet.bank
    lines: dict[Target, list[_Made]] = {target: [] for target in bank.targets}
    for question, value, points in sheet.rows:
        # A line depends on the answer and on which questions count: the same in many
        # reports, so each is made once and shared (a Line is frozen).
        key = ("ledger", question.id, _key(value), sheet.signature)
        made: list[tuple[Target, _Made]] | None = bank.memo.get(key)
        if made is None:
            made = []
            for target, (least, most) in sheet.spans[question.id].items():
                width = sheet.high[target] - sheet.low[target]
                tenths = (points[target] - least) * 1000.0 / width
                rounded = math.floor(tenths + 0.5)
                best, ties = best_answer(bank, question, target)
                kept = Line(
                    question_id=question.id,
                    gave=_in_points(points[target] - least),
                    out_of=_in_points(most - least),
                    share=max(rounded, 0) / 10,
                    best=best,
                    best_ties=ties,
                )
                made.append((target, (tenths, rounded, kept)))
            bank.memo[key] = made
        for target, item in made:
            lines[target].append(item)
    found: dict[Target, list[Line]] = {}
    for target, items in lines.items():
        ledger = [line for _, _, line in items]
        short = math.floor(sum(tenths for tenths, _, _ in items) + 0.5)
        short -= sum(rounded for _, rounded, _ in items)
        if short:
            step = 1 if short > 0 else -1
            off = [((rounded - tenths) * step, i) for i, (tenths, rounded, _) in enumerate(items)]
            for _, i in sorted(off)[: abs(short)]:
                _, rounded, moved = items[i]
                ledger[i] = replace(moved, share=max(rounded + step, 0) / 10)
        found[target] = ledger
    return found


def raised(ledger: list[Line]) -> list[Line]:
    """The answers that gave the most, biggest first (equal ones in question order: by what
    they gave, not by their shares, which rounding to a tenth can set 0.1 apart)."""
    chosen = [line for line in ledger if line.gave > 0]
    return sorted(chosen, key=lambda line: -line.gave)[:_TOP_REASONS]


def held_back(ledger: list[Line]) -> list[Line]:
    """The answers that gave nothing where their question could have given the most."""
    chosen = [line for line in ledger if line.gave == 0 and line.out_of > 0]
    return sorted(chosen, key=lambda line: -line.out_of)[:_TOP_REASONS]
