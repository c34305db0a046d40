"""Answer patterns that suggest clicking through rather than choosing. They are pointed out
to the reader, never scored."""

from __future__ import annotations

from collections.abc import Mapping

from quiz.bank import AnswerValue, Bank, MultiChoice, Scale, SingleChoice
from quiz.order import position

_ORDINALS = ("first", "second", "third")


def answer_patterns(
    bank: Bank, answers: Mapping[str, AnswerValue], order: int | None = None
) -> list[str]:
    """What looks like clicking through: the same place on screen in every single-choice
    question (in the order this reader saw, `order`); the middle of every scale; the same
    end of every scale when some of them are keyed the other way (agreeing with statements
    that point opposite ways); as many ticks as allowed in every several-choice question that
    scores anything but readiness (ticking everything you have done is not a pattern)."""
    shown = [q for q in bank.applicable(answers) if q.id in answers]
    flags = []
    singles = [q for q in shown if isinstance(q, SingleChoice)]
    places = {_place(q, str(answers[q.id]), order) for q in singles}
    if len(singles) >= 4 and len(places) == 1:
        flags.append(f"You chose {places.pop()} in all {len(singles)} single-choice questions.")
    scales = [q for q in shown if isinstance(q, Scale)]
    if len(scales) >= 3:
        steps = [(answers[q.id], q) for q in scales]
        if all(2 * step == q.min + q.max for step, q in steps):
            flags.append(f"You chose the middle of all {len(scales)} scales.")
        elif any(q.keyed_against() for q in scales):
            for end, word in (("max", "top"), ("min", "bottom")):
                if all(step == getattr(q, end) for step, q in steps):
                    flags.append(
                        f"You gave the {word} answer to all {len(scales)} scales, though some "
                        "of their statements point opposite ways."
                    )
    multis = [
        q
        for q in shown
        if isinstance(q, MultiChoice) and any(o.themes or o.pathways or o.routes for o in q.options)
    ]
    full = [q for q in multis if len(answers[q.id]) >= q.most]  # type: ignore[arg-type]
    if len(multis) >= 2 and len(full) == len(multis):
        flags.append(
            f"You ticked as many choices as allowed in all {len(multis)} questions that take "
            "several."
        )
    return flags


def _place(question: SingleChoice, choice: str, order: int | None) -> str:
    """Where the choice sat on the reader's screen, in words."""
    index = position(question, choice, order)
    if index == len(question.options) - 1:
        return "the last option"
    return f"the {_ORDINALS[index]} option" if index < 3 else f"option {index + 1}"
