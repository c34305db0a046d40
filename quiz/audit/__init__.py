"""Checks of the scoring model: what a bank's points can and cannot produce.

`ai-mba-fit validate` runs them after the bank's structure is checked. They explore the
space of answers (every answers file when there are few, otherwise a sample drawn with a
fixed seed, plus targeted searches) and report, with figures (see quiz.audit.checks for
each check). A finding is an error (the model is broken: exit 1) or a warning (worth a
look).
"""

from __future__ import annotations

from quiz.answers import Answers
from quiz.audit.bias import PATTERNS, pattern_answers, position_bias, readiness_not_flagged
from quiz.audit.checks import Finding, Tally, balance, dead_weight, fit_sources, reach, ties
from quiz.audit.space import Space
from quiz.bank import Bank
from quiz.scoring import Sheet

SEED = 20261201
SAMPLES = 2000
MOST_SAMPLES = 200_000  # beyond this a sample says no more, and takes minutes
EXHAUSTIVE_UP_TO = 20_000  # answers files; more than this and they are sampled

__all__ = [
    "EXHAUSTIVE_UP_TO",
    "PATTERNS",
    "SAMPLES",
    "SEED",
    "Finding",
    "audit",
    "pattern_answers",
    "sample_answers",
]


def sample_answers(bank: Bank, count: int, seed: int = SEED) -> list[Answers]:
    """`count` complete answers files drawn at random (free text left out), the same ones
    for the same seed: what the audit explores, and what the benchmark renders."""
    space = Space(bank, seed)
    return [space.sample() for _ in range(count)]


def audit(bank: Bank, samples: int = SAMPLES, seed: int = SEED) -> tuple[str, list[Finding]]:
    """Explore the bank's answers; returns how they were explored and the findings."""
    space = Space(bank, seed)
    tally = Tally()
    exhaustive = space.size() <= EXHAUSTIVE_UP_TO
    explored = space.everything() if exhaustive else (space.sample() for _ in range(samples))
    # One answers file at a time: memory stays the same however many are explored.
    start: Answers = {}
    for answers in explored:
        start = start or answers
        tally.add(bank, Sheet(bank, answers))
    if exhaustive:
        how = f"all {tally.count:,} answers files"
    else:
        how = f"{samples:,} answers files sampled (seed {seed}) and targeted searches"
    findings = [
        *reach(bank, space, tally, start),
        *balance(bank),
        *fit_sources(bank),
        *position_bias(bank, seed),
        *readiness_not_flagged(bank, start),
        *dead_weight(bank),
        ties(bank, tally),
    ]
    return how, findings
