"""What would change a result, and how firm it is: every other answer to each question about
the future, one at a time.

Only choices about the future are tried: a fact about the reader's current job, or a
practicality, is not something to "change" (and moves no fit anyway). Most changes are
worked out from the scores they move alone (Sheet.outcomes); a change to a question that
decides which others are asked is scored afresh.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Literal

from quiz.answers import keep_applicable, missing
from quiz.bank import AnswerValue, Bank, Question, Scoring, SingleChoice
from quiz.scoring.result import Change, Firmness
from quiz.scoring.sheet import Outcome, Sheet, alternatives, band_for

_TOP_CHANGES = 2

# (alternative, overall fit then, top pathway then, best route other than this degree then)
Tried = Outcome


def neighbours(
    sheet: Sheet, answers: Mapping[str, AnswerValue]
) -> Iterator[tuple[int, Question, list[Tried]]]:
    """For each answered question about the future (with its place among them), every other
    answer to it with the overall fit and the top pathway it would give."""
    bank = sheet.bank
    moving = {question.id for question, _, _ in sheet.rows}
    answered = [q for q in sheet.shown if q.id in answers and q.about == "future"]
    for position, question in enumerate(answered):
        value = answers[question.id]
        if question.id in bank.condition_targets:
            tried = []
            for alternative in alternatives(bank, question, value):
                changed = keep_applicable(bank, {**answers, question.id: alternative})
                if missing(bank, changed):
                    continue  # it would open questions the reader has not answered
                then = Sheet(bank, changed)
                tried.append(
                    (alternative, then.rounded_overall(), then.top(), then.best_other_route())
                )
            yield position, question, tried
        elif question.id in moving:
            yield position, question, sheet.outcomes(question, value)
        else:  # its answers move nothing: every other one keeps the result as it is
            now = (sheet.rounded_overall(), sheet.top(), sheet.best_other_route())
            yield position, question, [(alt, *now) for alt in alternatives(bank, question, value)]


Neighbours = list[tuple[int, Question, list[Tried]]]


def firmness(
    sheet: Sheet, answers: Mapping[str, AnswerValue], now: int, tried: Neighbours | None = None
) -> Firmness:
    """Of the answer sets one answer away from the reader's, how many keep the same band and
    the same lead: the best route other than this degree where the report leads with it (a
    band that leads with a route, and a route that scores above this degree's), else the
    top pathway; and how many keep the band whatever their lead."""
    bank = sheet.bank
    band_now = band_for(bank, now)
    by_route = band_now.leads_with == "route" and sheet.route_ahead()
    lead_now = sheet.best_other_route() if by_route else sheet.top()
    same = same_band = total = 0
    for _, _, outcomes in neighbours(sheet, answers) if tried is None else tried:
        for _, overall_then, top_then, route_then in outcomes:
            total += 1
            if band_now.min <= overall_then <= band_now.max:
                same_band += 1
                same += (route_then if by_route else top_then) == lead_now
    return Firmness(same=same, same_band=same_band, of=total, word=_word(bank.scoring, same, total))


def _word(
    scoring: Scoring, same: int, total: int
) -> Literal["firm", "fairly firm", "could go either way"]:
    share = 100 * same / total if total else 100
    if share >= scoring.firm_at:
        return "firm"
    if share >= scoring.fairly_firm_at:
        return "fairly firm"
    return "could go either way"


def _phrase(question: Question, value: AnswerValue) -> str | None:
    if not isinstance(question, SingleChoice):
        return None
    return question.option(str(value)).change_phrase


def changes(
    sheet: Sheet, answers: Mapping[str, AnswerValue], now: int, tried: Neighbours | None = None
) -> tuple[list[Change], dict[str, int]]:
    """Single changed answers that would move the overall band (up to two each way) or
    change the top pathway (up to two); for each question and each of these, the one that
    moves the overall fit least, and of those the least drastic first (then in question
    order). Also how many questions have such a change: "up", "down" and "pathway"."""
    bank = sheet.bank
    band_now = band_for(bank, now)
    top_now = sheet.top()
    # (distance, position, question, alternative, overall then, top pathway then)
    Found = tuple[int, int, Question, AnswerValue, int, int]
    found: dict[str, list[Found]] = {"up": [], "down": [], "pathway": []}
    for position, question, outcomes in neighbours(sheet, answers) if tried is None else tried:
        # The least change each way: one question can move the band up and down (a role
        # that lifts the fit, another that sinks it), and the nearer must not hide the other.
        best: dict[str, Found] = {}
        for alternative, overall_then, top_then, _ in outcomes:
            inside = band_now.min <= overall_then <= band_now.max
            if inside and top_then == top_now:
                continue  # most answers: nothing to say
            distance = abs(overall_then - now)
            item = (distance, position, question, alternative, overall_then, top_then)
            if not inside:
                way = "up" if overall_then > now else "down"
                if way not in best or distance < best[way][0]:
                    best[way] = item
            if top_then != top_now and ("pathway" not in best or distance < best["pathway"][0]):
                best["pathway"] = item
        for kind, item in best.items():
            found[kind].append(item)

    def change(kind: Literal["band", "pathway"], item: Found) -> Change:
        _, _, question, alternative, overall_then, top_then = item
        return _change(
            bank, kind, question, answers[question.id], alternative, overall_then, top_then, now
        )

    def first(items: list[Found]) -> list[Found]:
        return sorted(items, key=lambda item: item[:2])[:_TOP_CHANGES]

    chosen = [change("band", item) for item in first(found["up"]) + first(found["down"])]
    chosen += [change("pathway", item) for item in first(found["pathway"])]
    return chosen, {kind: len(items) for kind, items in found.items()}


def _change(
    bank: Bank,
    kind: Literal["band", "pathway"],
    question: Question,
    value: AnswerValue,
    alternative: AnswerValue,
    overall_then: int,
    top_then: int,
    now: int,
) -> Change:
    return Change(
        kind=kind,
        question_id=question.id,
        topic=question.topic,
        prompt=question.prompt,
        answer_now=question.brief(value),
        answer_then=question.brief(alternative),
        phrase=_phrase(question, alternative),
        overall_then=overall_then,
        band_then=band_for(bank, overall_then).label,
        top_then=bank.pathways[top_then].name,
        direction="up" if overall_then > now else "down" if overall_then < now else "same",
    )
