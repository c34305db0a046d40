"""The checks of a bank's scoring model that answer by pattern rather than by choice:

- position bias: always the first, middle or last option on screen (averaged over many
  shuffles) never reaches the upper half of the bands (the upper two of four);
- yes-saying: every box ticked, every scale at its top, every yes, never the top band;
- flags: which patterns are pointed out to the reader, and that ticking everything one has
  done is not among them.
"""

from __future__ import annotations

import random
import statistics

from quiz.answers import Answers
from quiz.audit.checks import Finding, percent
from quiz.audit.space import complete
from quiz.bank import AnswerValue, Bank, MultiChoice, Question, Scale, SingleChoice, YesNo
from quiz.order import shown_options
from quiz.scoring import Sheet, answer_patterns, band_for

SHUFFLES = 200  # orders of the options tried for position bias


PATTERNS = ("first", "middle", "last", "yes to everything")


def pattern_answers(bank: Bank, pattern: str, order: int | None = None) -> Answers:
    """The answers of someone who answers by position, in the order `order` shows: always
    the first option on screen, the middle one or the last (scales from their low end, yes
    first); or "yes to everything": every box ticked that can be, every scale at its top,
    every yes, and the first option on screen elsewhere."""

    def pick(question: Question) -> AnswerValue:
        if isinstance(question, Scale):
            steps = list(range(question.min, question.max + 1))
            where = {"first": 0, "middle": (len(steps) - 1) // 2}.get(pattern, -1)
            return steps[where]
        if isinstance(question, YesNo):
            return pattern != "last"
        assert isinstance(question, (SingleChoice, MultiChoice))
        options = [option.id for option in shown_options(question, order)]
        where = {"middle": (len(options) - 1) // 2, "last": -1}.get(pattern, 0)
        if isinstance(question, SingleChoice):
            return options[where]
        if pattern == "yes to everything":
            together = [o for o in options if not question.option(o).exclusive]
            return together[: question.most]
        return [options[where]]

    return complete(bank, {}, pick)


def position_bias(bank: Bank, seed: int) -> list[Finding]:
    """Answering by position, averaged over many orders of the options."""
    draw = random.Random(seed)
    orders = [draw.randint(1, 2**31 - 1) for _ in range(SHUFFLES)]
    # The upper half of the bands (the upper two of four) are out of reach by position.
    ranked = sorted(bank.bands, key=lambda band: -band.min)
    upper = ranked[: max(len(ranked) // 2, 1)]
    top_band = ranked[0]
    findings = []
    outcomes = []
    for pattern in PATTERNS:
        scores = [Sheet(bank, pattern_answers(bank, pattern, order)).overall() for order in orders]
        mean = round(statistics.fmean(scores))
        band = band_for(bank, mean)
        flagged = sum(
            bool(answer_patterns(bank, pattern_answers(bank, pattern, order), order))
            for order in orders
        )
        named = pattern.replace(" ", "\u00a0")  # an item never split across lines
        outcomes.append(
            f"{named}\u00a0→\u00a0{mean}\u00a0{band.id} "
            f"(flagged\u00a0in\u00a0{percent(flagged, len(orders))})"
        )
        barred = upper if pattern != "yes to everything" else [top_band]
        if band in barred:
            findings.append(
                Finding(
                    "error",
                    "position bias" if pattern != "yes to everything" else "yes-saying",
                    f"always answering '{pattern}' scores {mean} on average over {SHUFFLES} "
                    f"orders, {band.label!r}: rebalance points or key scales the other way",
                )
            )
        if pattern != "yes to everything" and flagged < len(orders):
            findings.append(
                Finding(
                    "warning",
                    "flags",
                    f"always answering '{pattern}' is pointed out to the reader in only "
                    f"{percent(flagged, len(orders))} of {SHUFFLES} orders",
                )
            )
    findings.insert(
        0,
        Finding(
            "ok" if not any(f.level == "error" for f in findings) else "warning",
            "position bias",
            f"answering by position, mean over {SHUFFLES} orders: " + " · ".join(outcomes),
        ),
    )
    return findings


def readiness_not_flagged(bank: Bank, start: Answers) -> list[Finding]:
    """Ticking every box of what one has done is honest, not clicking through: it adds no
    flag to an answers file that had none."""
    readiness = [
        q
        for q in bank.questions
        if isinstance(q, MultiChoice)
        and any(o.readiness for o in q.options)
        and not any(o.themes or o.pathways or o.routes for o in q.options)
        and q.id in start
    ]
    if not readiness:
        return []
    ticked = {q.id: [o.id for o in q.options if not o.exclusive][: q.most] for q in readiness}
    before = answer_patterns(bank, start)
    after = answer_patterns(bank, {**start, **ticked})
    names = ", ".join(q.id for q in readiness)
    if len(after) > len(before):
        return [Finding("warning", "flags", f"ticking everything done in {names} is pointed out")]
    return [Finding("ok", "flags", f"ticking everything one has done ({names}) is not pointed out")]
