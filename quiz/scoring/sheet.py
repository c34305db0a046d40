"""The points of a reader's answers, counted once: per question shown and answered, what
each answer brings to every theme, pathway, route and readiness area, and so each target's
score. Pure arithmetic: no terminal, no files, no jinja2.

A target's score is where the reader's points fall between the least (0) and the most
(100) that the questions they were shown could bring. Points are counted in whole units of
1/27720 of a bank point: 27720 is the least common multiple of 1 to 12, so a step on any
scale of up to ten steps and the mean of up to twelve ticked options are whole numbers of
them, sums are exact, and working out a changed answer gives the very same figures as
scoring it afresh. Work that depends only on the bank is done once per bank (`bank.memo`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cached_property

from quiz.bank import AnswerValue, Band, Bank, Effect, FreeText, Question, Target

UNIT = 27720


def round_half_up(value: float) -> int:
    """Round half up, the way a reader expects (Python's round() goes to even)."""
    return int(value + 0.5)


def _key(value: AnswerValue) -> object:
    """An answer as a dictionary key (a list of choices becomes a tuple)."""
    return tuple(value) if isinstance(value, list) else value


def _effect(bank: Bank, question: Question, value: AnswerValue) -> Effect:
    """What one answer does (points and notes), worked out once per bank and answer."""
    # Free text brings nothing, whatever it says: one key for all, or a batch's memory
    # would fill with every reader's name.
    key = ("effect", question.id, None if isinstance(question, FreeText) else _key(value))
    found: Effect | None = bank.memo.get(key)
    if found is None:
        found = bank.memo[key] = question.effect_of(value)
    return found


def points_of(bank: Bank, question: Question, value: AnswerValue) -> dict[Target, int]:
    """The points (in units of 1/UNIT) one answer brings to each target its question can move.

    Worked out once per bank, question and answer: a batch of reports asks the same few
    answers again and again, and "what would change your result" asks every answer.
    """
    key = (question.id, _key(value))
    found: dict[Target, int] | None = bank.memo.get(key)
    if found is None:
        effect = _effect(bank, question, value)
        found = {
            target: round(effect.points(target[0]).get(target[1], 0) * UNIT)
            for target in bank.spans[question.id]
        }
        bank.memo[key] = found
    return found


def _spans(bank: Bank) -> dict[str, dict[Target, tuple[int, int]]]:
    """The bank's attainable points per question and target, in units (once per bank)."""
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
    """The points each shown answer brings to each target, worked out once.

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
        self.pathway_targets: list[Target] = [("pathways", p.id) for p in bank.pathways]
        self.route_targets: list[Target] = [("routes", r.id) for r in bank.routes]

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
        return mean_half_up(self.weighted, self.total_weight)

    def top(self) -> int:
        """The index of the best pathway (a tie goes to the one the bank lists first)."""
        return best([self.exacts[target] for target in self.pathway_targets])

    def best_other_route(self) -> int:
        """The index (in the bank's routes) of the best route other than this degree."""
        others = self._other_routes
        return others[best([self.exacts[self.route_targets[i]] for i in others])]

    def route_ahead(self) -> bool:
        """Whether the best route other than this degree scores above this degree's own
        route: only then can a band that leads with a route lead with it."""
        other = self.exacts[self.route_targets[self.best_other_route()]]
        degree = max(
            self.exacts[self.route_targets[i]]
            for i, route in enumerate(self.bank.routes)
            if route.this_degree
        )
        return other > degree

    @cached_property
    def _other_routes(self) -> list[int]:
        return [i for i, route in enumerate(self.bank.routes) if not route.this_degree]

    def pathway_order(self) -> list[int]:
        """Indexes of the bank's pathways, best first; a tie keeps the bank's order."""
        return self._order(self.pathway_targets)

    def route_order(self) -> list[int]:
        """Indexes of the bank's routes, best first; a tie keeps the bank's order."""
        return self._order(self.route_targets)

    def _order(self, targets: list[Target]) -> list[int]:
        exact = [self.exacts[target] for target in targets]
        return sorted(range(len(exact)), key=lambda i: (-exact[i], i))

    @cached_property
    def _standing(self) -> tuple[list[tuple[int, int, int, int]], _Ranking, _Ranking]:
        """Per theme: weight (whole), score as shown, points above the least, width of the
        range; for the pathways and for the routes other than this degree: their unrounded
        scores, points above the least and widths, and the index of the best. What
        outcomes() needs."""
        themes = [
            (weight, self.shown_scores[target], *self._above_least(target))
            for target, weight in self.weights
        ]
        routes = [self.route_targets[i] for i in self._other_routes]
        rankings = tuple(
            (
                [self.exacts[target] for target in targets],
                [self._above_least(target) for target in targets],
                best([self.exacts[target] for target in targets]),
            )
            for targets in (self.pathway_targets, routes)
        )
        return themes, rankings[0], rankings[1]

    def _above_least(self, target: Target) -> tuple[int, int]:
        low = self.low[target]
        return self.earned[target] - low, self.high[target] - low

    def outcomes(self, question: Question, value: AnswerValue) -> list[Outcome]:
        """Each other answer to `question` (see `alternatives`), with the rounded overall
        fit, the top pathway and the best route other than this degree (as indexes in the
        bank's lists) it would give in place of `value` (the same questions shown).

        Only the scores the change moves are worked out again, each from its changed points
        exactly as exact() does: the very figures scoring the changed answers afresh would
        give, as the weighted sum is in whole numbers and a tie still goes to the one the
        bank lists first.
        """
        themes, pathways, routes = self._standing
        found = []
        for alternative, theme_moves, pathway_moves, route_moves in _moves(
            self.bank, question, value
        ):
            weighted = self.weighted
            for index, moved in theme_moves:
                # A question that moves a target's points widens its range: width > 0.
                weight, shown, got, width = themes[index]
                weighted += weight * (int(100.0 * (got + moved) / width + 0.5) - shown)
            found.append(
                (
                    alternative,
                    mean_half_up(weighted, self.total_weight),
                    _leader(pathways, pathway_moves),
                    self._other_routes[_leader(routes, route_moves)],
                )
            )
        return found


# (unrounded scores, points above the least and widths, index of the best)
_Ranking = tuple[list[float], list[tuple[int, int]], int]
# (an answer, the overall fit, the top pathway and the best other route it would give)
Outcome = tuple[AnswerValue, int, int, int]


def _leader(ranking: _Ranking, moves: Moves) -> int:
    """The index of the best of a ranking once `moves` are made."""
    scores, points, top = ranking
    if not moves:
        return top
    changed = scores.copy()
    for index, moved in moves:
        got, width = points[index]
        changed[index] = 100.0 * (got + moved) / width
    return best(changed)


def best(scores: list[float]) -> int:
    """The index of the highest score; max() keeps the first of equal ones, so a tie goes
    to the pathway the bank lists first."""
    return max(range(len(scores)), key=scores.__getitem__)


def mean_half_up(weighted: int, total_weight: int) -> int:
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
        targets: list[Target] = [("themes", theme.id) for theme in bank.themes]
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


def alternatives(bank: Bank, question: Question, value: AnswerValue) -> list[AnswerValue]:
    """The other answers to try, worked out once per bank, question and answer."""
    key = ("alternatives", question.id, _key(value))
    found: list[AnswerValue] | None = bank.memo.get(key)
    if found is None:
        found = bank.memo[key] = question.alternatives(value)
    return found


Moves = list[tuple[int, int]]  # (index of a theme, pathway or route, points it gains)


def _moves(
    bank: Bank, question: Question, value: AnswerValue
) -> list[tuple[AnswerValue, Moves, Moves, Moves]]:
    """Each other answer to `question`, with the themes, the pathways and the routes other
    than this degree whose points it would change in place of `value`, by how much: once
    per bank."""
    key = ("moves", question.id, _key(value))
    found: list[tuple[AnswerValue, Moves, Moves, Moves]] | None = bank.memo.get(key)
    if found is None:
        before = points_of(bank, question, value)
        groups: list[list[Target]] = [
            [("themes", theme.id) for theme in bank.themes],
            [("pathways", pathway.id) for pathway in bank.pathways],
            [("routes", route.id) for route in bank.routes if not route.this_degree],
        ]
        found = []
        for alternative in alternatives(bank, question, value):
            after = points_of(bank, question, alternative)
            moved = []
            for targets in groups:
                gains = [after.get(t, 0) - before.get(t, 0) for t in targets]
                moved.append([(i, gain) for i, gain in enumerate(gains) if gain])
            found.append((alternative, moved[0], moved[1], moved[2]))
        bank.memo[key] = found
    return found
