"""Scoring: answers and a bank in, one `Result` out. Pure: no terminal, no files, no jinja2.

How a result is made (the report's method section says the same in words):
- Fit: each theme is scored 0–100 from the answers about the future that can move it:
  the points they gave, above the least each question allows, out of the most the
  questions shown could give. The overall fit is the weighted mean of the theme scores as
  shown (each rounded half up; every weight is 1 unless the bank says why), itself rounded
  half up; its band follows. Nothing about the reader's past or practicalities moves it.
- Readiness: what the reader has already done toward each theme; it shapes the next step.
- Pathways (the article's) and routes (ours) are scored like themes and ranked; a tie
  keeps the bank's order; those within `close_margin` of the top are close to it.
- How firm it is, and what would change it: every other answer to each question about the
  future, one at a time (quiz.scoring.changes).
"""

from __future__ import annotations

from collections.abc import Mapping

from quiz.answers import keep_applicable, missing
from quiz.bank import (
    LOWEST,
    AnswerValue,
    Band,
    Bank,
    FreeText,
    LoadedBank,
    MultiChoice,
    Question,
    Scale,
    SingleChoice,
    Target,
    YesNo,
)
from quiz.order import shown_options
from quiz.scoring.changes import changes, firmness, neighbours
from quiz.scoring.ledger import held_back, ledgers, raised
from quiz.scoring.patterns import answer_patterns
from quiz.scoring.plan import mentor_questions, plan_steps, school_questions
from quiz.scoring.result import (
    AnsweredQuestion,
    BandResult,
    Line,
    NoteResult,
    PathwayResult,
    ProgramInfo,
    ReadinessResult,
    Result,
    RouteResult,
    ShownChoice,
    ThemeResult,
)
from quiz.scoring.sheet import Sheet, _effect, _key, band_for, round_half_up
from quiz.text import and_list


def score(
    loaded: LoadedBank,
    answers: Mapping[str, AnswerValue],
    generated_on: str,
    order: int | None = None,
) -> Result:
    """Score complete answers (see quiz.answers.require_complete) against the bank; `order`
    is the seed of the order the reader saw the options in (quiz.order)."""
    bank = loaded.bank
    answers = keep_applicable(bank, answers)
    gaps = missing(bank, answers)
    if gaps:
        raise ValueError(f"answers missing for {', '.join(q.id for q in gaps)}")
    sheet = Sheet(bank, answers)
    overall = sheet.rounded_overall()
    lines = ledgers(sheet)
    tried = list(neighbours(sheet, answers))  # every single change, for both of these
    found_changes, change_counts = changes(sheet, answers, overall, tried)
    readiness = _readiness(bank, answers)

    themes = []
    for theme in bank.themes:
        target: Target = ("themes", theme.id)
        ledger = lines[target]
        ready = readiness[theme.id]
        themes.append(
            ThemeResult(
                id=theme.id,
                name=theme.name,
                short=theme.short,
                point=theme.point,
                weight=theme.weight,
                score=round_half_up(sheet.exacts[target]),
                exact=round(sheet.exacts[target], 2),
                ledger=ledger,
                raised=raised(ledger),
                held_back=held_back(ledger),
                readiness=ready,
            )
        )

    pathways = _ranked_pathways(bank, sheet, lines, answers)
    routes = _ranked_routes(bank, sheet, lines)
    band = band_for(bank, overall)
    best_route = _best_route(routes)
    # A band that leads with a route leads with it only if it is ahead of this degree's.
    by_route = band.leads_with == "route" and best_route is not None and sheet.route_ahead()
    firm = firmness(sheet, answers, overall, tried)
    bands = [_band_result(b) for b in sorted(bank.bands, key=lambda b: -b.min)]  # top first
    top = pathways[0]
    name_question = bank.name_question()
    name = answers.get(name_question.id) if name_question else None
    shown = [q for q in sheet.shown if q.id in answers]
    return Result(
        title=bank.title,
        name=name if isinstance(name, str) and name else None,
        generated_on=generated_on,
        bank_version=bank.version,
        bank_digest=loaded.digest,
        order=order,
        overall=overall,
        band=_band_result(band, themes),
        bands=bands,
        band_above=next((b for b in reversed(bands) if b.min > overall), None),
        band_below=next((b for b in bands if b.max < overall), None),
        firmness=firm,
        themes=themes,
        pathways=pathways,
        routes=routes,
        best_route=best_route,
        lead="route" if by_route else "pathway",
        named_route=best_route
        if by_route or (best_route is not None and best_route.score >= bank.scoring.named_at)
        else None,
        notes=_notes(bank, sheet.shown, answers),
        experiences=(
            len({d for r in readiness.values() for d in r.done}),
            _experiences(sheet.shown),
        ),
        plan=plan_steps(bank, themes, top, routes, best_route, by_route, answers),
        ask_mentor=mentor_questions(bank, themes, top, best_route, by_route, firm, answers),
        ask_school=school_questions(bank, top, best_route, by_route, answers),
        changes=found_changes,
        change_counts=change_counts,
        flags=answer_patterns(bank, answers, order),
        answers=[_answered(bank, q, answers[q.id]) for q in shown],
        choices={q.id: _choices(q, answers[q.id], order) for q in shown},
        program=ProgramInfo(name=bank.program.name, url=bank.program.url, facts=bank.program.facts),
        disclaimer=bank.disclaimer,
        close_margin=bank.scoring.close_margin,
    )


def _ranked_pathways(
    bank: Bank, sheet: Sheet, lines: dict[Target, list[Line]], answers: Mapping[str, AnswerValue]
) -> list[PathwayResult]:
    order = sheet.pathway_order()
    top = sheet.exacts[("pathways", bank.pathways[order[0]].id)]
    found = []
    for rank, index in enumerate(order, start=1):
        pathway = bank.pathways[index]
        target: Target = ("pathways", pathway.id)
        already = pathway.already is not None and pathway.already.holds(answers)
        found.append(
            PathwayResult(
                id=pathway.id,
                name=pathway.name,
                short=pathway.short,
                about=pathway.about,
                point=pathway.point,
                already=already,
                already_note=pathway.already_note if already else None,
                score=round_half_up(sheet.exacts[target]),
                exact=round(sheet.exacts[target], 2),
                rank=rank,
                close_to_top=_close(top, sheet.exacts[target], bank.scoring.close_margin),
                stands_out=sheet.exacts[target] >= bank.scoring.named_at
                and _close(top, sheet.exacts[target], bank.scoring.close_margin),
                reasons=raised(lines[target]),
                ledger=lines[target],
            )
        )
    return found


def _ranked_routes(bank: Bank, sheet: Sheet, lines: dict[Target, list[Line]]) -> list[RouteResult]:
    order = sheet.route_order()
    top = sheet.exacts[("routes", bank.routes[order[0]].id)]
    found = []
    for rank, index in enumerate(order, start=1):
        route = bank.routes[index]
        target: Target = ("routes", route.id)
        found.append(
            RouteResult(
                id=route.id,
                name=route.name,
                short=route.short,
                about=route.about,
                this_degree=route.this_degree,
                score=round_half_up(sheet.exacts[target]),
                exact=round(sheet.exacts[target], 2),
                rank=rank,
                close_to_top=_close(top, sheet.exacts[target], bank.scoring.close_margin),
                reasons=raised(lines[target]),
                ledger=lines[target],
            )
        )
    return found


def _close(top: float, exact: float, margin: int) -> bool:
    """Within `margin` points of the top: a score of 0 is close to nothing, not even to a
    top of 0 (no pathway stands out then)."""
    return exact > 0 and top - exact <= margin


def _best_route(routes: list[RouteResult]) -> RouteResult | None:
    other = next(route for route in routes if not route.this_degree)
    return other if other.exact > 0 else None


def _readiness(bank: Bank, answers: Mapping[str, AnswerValue]) -> dict[str, ReadinessResult]:
    """Per theme, what the reader has done toward it, in the words of their answers."""
    done: dict[str, list[str]] = {theme.id: [] for theme in bank.themes}
    for question in bank.applicable(answers):
        if question.id not in answers:
            continue
        value = answers[question.id]
        for label, points in _answer_parts(bank, question, value):
            for theme_id, amount in points.items():
                if amount > 0 and label not in done[theme_id]:
                    done[theme_id].append(label)
    return {key: ReadinessResult(done=items, started=bool(items)) for key, items in done.items()}


def _experiences(shown: list[Question]) -> int:
    """How many experiences the questions shown ask about: each option ticked as done that
    counts toward readiness (a several-choice question's), or a question answered as a whole
    that can."""
    count = 0
    for question in shown:
        if isinstance(question, MultiChoice):
            count += sum(1 for option in question.options if option.readiness)
        elif isinstance(question, SingleChoice):
            count += any(option.readiness for option in question.options)
        elif isinstance(question, Scale):
            count += bool(question.low.readiness or question.high.readiness)
        elif isinstance(question, YesNo):
            count += bool(question.yes.readiness or question.no.readiness)
    return count


def _answer_parts(
    bank: Bank, question: Question, value: AnswerValue
) -> list[tuple[str, Mapping[str, float]]]:
    """An answer's parts (each option ticked, or the answer as a whole) with their readiness."""
    if isinstance(question, MultiChoice) and isinstance(value, list):
        return [(question.option(c).label, question.option(c).readiness) for c in value]
    effect = _effect(bank, question, value)
    if not effect.readiness:
        return []
    label = question.topic if isinstance(question, YesNo) else question.describe(value)
    return [(label, effect.readiness)]


def _notes(
    bank: Bank, shown: list[Question], answers: Mapping[str, AnswerValue]
) -> list[NoteResult]:
    """The practical notes the answers call up, in the bank's order, each only where all of
    its own conditions hold too."""
    called: set[str] = set()
    for question in shown:
        if question.id in answers:
            called.update(_effect(bank, question, answers[question.id]).notes)
    return [
        NoteResult(id=note.id, title=note.title, text=note.text)
        for note in bank.notes
        if note.id in called and all(condition.holds(answers) for condition in note.when)
    ]


def _answered(bank: Bank, question: Question, value: AnswerValue) -> AnsweredQuestion:
    """A question and its answer for the report: once per bank and answer, except free text
    (a name is one reader's: kept, it would fill the memory of a long batch)."""
    key = ("answered", question.id, _key(value))
    found: AnsweredQuestion | None = bank.memo.get(key)
    if found is None:
        found = AnsweredQuestion(
            question_id=question.id,
            section=bank.section_by_id[question.section].title,
            topic=question.topic,
            prompt=question.prompt,
            answer=question.describe(value),
            parts=tuple(question.option(choice).label for choice in value)
            if isinstance(question, MultiChoice) and isinstance(value, list)
            else (question.describe(value),),
            value=value,
            free_text=isinstance(question, FreeText),
            about=question.about,
        )
        if not found.free_text:
            bank.memo[key] = found
    return found


def _choices(question: Question, value: AnswerValue, order: int | None) -> list[ShownChoice]:
    """Every answer the question offered, as the reader saw them, their own marked."""
    if isinstance(question, SingleChoice):
        return [
            ShownChoice(label=o.label, chosen=o.id == value) for o in shown_options(question, order)
        ]
    if isinstance(question, MultiChoice):
        ticked = value if isinstance(value, list) else []
        return [
            ShownChoice(label=o.label, chosen=o.id in ticked)
            for o in shown_options(question, order)
        ]
    if isinstance(question, Scale):
        steps = range(question.min, question.max + 1)
        return [ShownChoice(label=question.label(s), chosen=s == value) for s in steps]
    if isinstance(question, YesNo):
        return [
            ShownChoice(label="Yes", chosen=value is True),
            ShownChoice(label="No", chosen=value is False),
        ]
    return []


def _band_result(band: Band, themes: list[ThemeResult] | None = None) -> BandResult:
    """A band as the report shows it; for the reader's own band (`themes` given), its
    message with LOWEST filled in."""
    message = band.message
    if themes is not None and LOWEST in message:
        message = message.replace(LOWEST, _lowest_words(themes))
    return BandResult(
        id=band.id,
        label=band.label,
        min=band.min,
        max=band.max,
        summary=band.summary,
        message=message,
        leads_with=band.leads_with,
    )


def _lowest_words(themes: list[ThemeResult]) -> str:
    """The theme (or themes) that came out lowest, named as the chart names them, with the
    score: "your lowest theme, “AI business” (45)," (a mentor: "weigh your lowest theme" did
    not say which); "every theme" when all came out the same."""
    low = min(theme.score for theme in themes)
    names = [f"“{theme.short}”" for theme in themes if theme.score == low]  # as the chart has them
    if len(names) == len(themes):
        return "every theme"
    if len(names) == 1:
        return f"your lowest theme, {names[0]} ({low}),"
    return f"your lowest themes, {and_list(names)} ({low} each),"
