"""The sentences a report builds from a result: what weighed most for each theme, how firm
the result is, how far it is from the bands beside it, the rest of the pathways and routes,
a changed answer in words. Plain text: the HTML templates escape it, the Markdown filters
it. The templates reach these as filters (quiz.report)."""

from __future__ import annotations

from quiz.scoring import (
    AnsweredQuestion,
    BandResult,
    Change,
    Firmness,
    Line,
    PathwayResult,
    Result,
    ThemeResult,
)
from quiz.scoring.plan import LOW_THEME
from quiz.text import and_list, verb


def _gave_most(
    ledger: list[Line],
    answered: dict[str, AnsweredQuestion],
    quoted_above: list[str],
    said: list[str] | tuple[str, ...] = (),
) -> str:
    """ "Gave it the most: …" for a theme: every answer that gave it the most (in question
    order, "equally" where several did), each as the answer in words and its question's
    topic, or only the topic for an answer page one quotes already (`quoted_above`); empty
    if no answer gave any. Answers `said` once for every theme (most_everywhere) are left
    out, and those as high as they are "gave it as much". Plain text: the HTML escapes it,
    the Markdown filters it."""
    most = max((line.gave for line in ledger), default=0)
    if most <= 0:
        return ""
    givers = [line.question_id for line in ledger if line.gave == most]
    names = [named(answered[q], q in quoted_above) for q in givers if q not in said]
    if not names:
        return ""
    if len(names) < len(givers):
        return f"Gave it as much: {and_list(names)}."
    return f"Gave it the most{', equally' if len(names) > 1 else ''}: {and_list(names)}."


def weighed_most(
    theme: ThemeResult,
    answered: dict[str, AnsweredQuestion],
    quoted_above: list[str],
    said: tuple[list[str], list[str]] = ([], []),
) -> str:
    """What in the answers weighed most for a theme: for a theme the answers lean away from
    (_leans_away), the answers that gave it nothing where they could have given the most
    ("Gave it the most, equally: “A little” …" of an 18 read to a mentor as perverse); else
    what gave it the most (_gave_most). Leaves out what `said` (most_everywhere) says once
    for every theme: the ids of answers that gave the most, and of those that gave nothing."""
    if _leans_away(theme):
        names = [
            named(answered[line.question_id], line.question_id in quoted_above)
            for line in theme.held_back
            if line.question_id not in said[1]
        ]
        return f"Gave it nothing: {and_list(names)}." if names else ""
    return _gave_most(theme.ledger, answered, quoted_above, said[0])


def _leans_away(theme: ThemeResult) -> bool:
    return theme.score < LOW_THEME and bool(theme.held_back)


def most_everywhere(
    themes: list[ThemeResult], answered: dict[str, AnsweredQuestion], quoted_above: list[str]
) -> tuple[str, tuple[list[str], list[str]]]:
    """What one answer did to every theme, said once before the themes rather than in each
    theme's line (a mentor read "Gave it the most: The role you want (quoted above)" four
    times): the answers that gave the most to every theme or to all but one (often the role
    one wants), and those that gave nothing to every theme the answers lean away from (two
    or more); the sentence, and the ids of each kind."""
    tops: dict[str, set[str]] = {}  # question id → the themes it gave the most to
    for theme in themes:
        most = max((line.gave for line in theme.ledger), default=0)
        for line in theme.ledger:
            if most > 0 and line.gave == most:
                tops.setdefault(line.question_id, set()).add(theme.id)
    sentences, most_ids, nothing_ids = [], [], []
    widest = max(tops.values(), key=len, default=set())
    if len(widest) >= max(2, len(themes) - 1):
        most_ids = [q for q in tops if widest <= tops[q]]  # in question order, as in a ledger
        givers = and_list([named(answered[q], q in quoted_above) for q in most_ids])
        left = [f"“{theme.short}”" for theme in themes if theme.id not in widest]
        but = f", except {left[0]}" if left else ""
        sentences.append(f"{givers} gave each theme the most of your answers{but}.")
    away = [theme for theme in themes if _leans_away(theme)]
    if len(away) >= 2:
        held = [{line.question_id for line in theme.held_back} for theme in away]
        nothing_ids = [
            line.question_id
            for line in away[0].held_back
            if set.intersection(*held) >= {line.question_id}
        ]
        if nothing_ids:
            givers = and_list([named(answered[q], q in quoted_above) for q in nothing_ids])
            which = (
                "each theme"
                if len(away) == len(themes)
                else and_list([f"“{theme.short}”" for theme in away])
            )
            sentences.append(f"{givers} gave {which} nothing.")
    return " ".join(sentences), (most_ids, nothing_ids)


def named(answer: AnsweredQuestion, quoted: bool) -> str:
    """An answer as a theme's line names it: only its topic if page one quotes it already."""
    return f"{answer.topic} (quoted above)" if quoted else f"“{answer.answer}” ({answer.topic})"


def firmness(firm: Firmness, by_route: bool) -> str:
    """How firm the result is, in a sentence: how many of the changes keep the band and
    the lead, how many the band with another lead, and how many change the band."""
    lead = "route" if by_route else "pathway"
    more, moved = firm.other_lead, firm.band_changes
    parts = [f"{firm.same} {verb(firm.same, 'keeps', 'keep')} this band and this best {lead}"]
    if more:
        parts.append(f"{more} {verb(more, 'keeps', 'keep')} this band with another best {lead}")
    if moved:
        parts.append(f"{moved} {verb(moved, 'changes', 'change')} the band")
    counted = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return (
        f"{firm.word.capitalize()}: of the {firm.of} ways to change one of your answers about "
        f"the future, {counted}."
    )


def distance(result: Result) -> str:
    """How far the fit is from the bands beside its own: "3 points from good fit (60–79) and
    13 from not now (0–44)" ("13 above not now" read to a mentor as a sum to redo)."""
    moves = []
    if result.band_above is not None:
        moves.append(_away(result.band_above.min - result.overall, result.band_above))
    if result.band_below is not None:
        moves.append(_away(result.overall - result.band_below.max, result.band_below))
    if not moves:
        return ""
    first, *others = moves
    unit = "point" if first[0] == 1 else "points"
    more = "".join(f" and {points} from {band}" for points, band in others)
    return f"Your fit, {result.overall}, is {first[0]} {unit} from {first[1]}{more}."


def _away(points: int, band: BandResult) -> tuple[int, str]:
    return points, f"{band.label.lower()} ({band.min}–{band.max})"


def rest(result: Result) -> tuple[str, str]:
    """The pathways and the routes without a card of their own, each list on one line in
    rank order ("AI founder (7) · Head of Data (8)" under one "The rest" read to a mentor as
    one list ranked wrong): pathways but the one on top when this degree leads and those
    that stand out; routes but this degree's and the one on a card."""
    lead_shown = result.lead == "pathway"
    pathways = [p for p in result.pathways if not (p.stands_out or (p.rank == 1 and lead_shown))]
    card = result.named_route
    routes = [r for r in result.routes if not r.this_degree and (card is None or r.id != card.id)]
    return listed([(p.short, p.score) for p in pathways]), listed(
        [(r.short, r.score) for r in routes]
    )


def listed(scored: list[tuple[str, int]]) -> str:
    """Names with their scores in rank order; those at 0 together at the end, said for what
    they are ("(0)" beside a route read to a mentor as a fault, not as no answer for it)."""
    # A no-break space keeps each score by its name and each dot after the one before it.
    said = [f"{name}\u00a0({score})" for name, score in scored if score > 0]
    none = [name for name, score in scored if score <= 0]
    if none:
        names = and_list(none)
        them = "it" if len(none) == 1 else "them"
        said.append(f"{names}\u00a0(0: no answer points to {them})")
    return "\u00a0· ".join(said)


_COUNTS = ("one", "two", "three")


def nearest(pathways: list[PathwayResult], margin: int) -> str:
    """ "; the nearest is …" for a report where no pathway stands out, and how many more are
    as close (one named alone read to a mentor as a lead among 9, 8, 8 and 7)."""
    close = [p for p in pathways if p.close_to_top]
    if not close:
        return ""
    said = f"; the nearest is {close[0].short} ({close[0].score})"
    if len(close) == 1:
        return said
    more = len(close) - 1
    count = _COUNTS[more - 1] if more <= len(_COUNTS) else str(more)
    return f"{said}, with {count} more within {margin} points"


def change_text(change: Change) -> str:
    """A changed answer in words: the bank's phrase for it, or the answers and the question
    (not "answering … instead", which read as an answer to give)."""
    if change.phrase:
        return f"If {change.phrase}"
    return f"“{change.answer_then}” rather than “{change.answer_now}” ({change.topic})"
