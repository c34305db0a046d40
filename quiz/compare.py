"""`compare OLD NEW`: what moved between two takes of the quiz, and why.

Each side is an answers file or a report (a report carries its answers and the figures it
showed). The figures "then" and "now" are the ones each side's reader was shown: a report's
own, or an answers file scored with today's bank. Why a theme moved is measured with
today's bank on both sides' answers, one changed answer at a time, and only for questions
whose wording and points are the same in both sides' versions of the bank
(quiz/bank/history.json): a question that changed is named, never silently matched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quiz.answers import read_answers, report_data
from quiz.bank import AnswerValue, Bank, LoadedBank, MultiChoice
from quiz.bank.history import history
from quiz.errors import AnswersError, Problem, QuizError
from quiz.jsonfile import read_json_file
from quiz.scoring import Result, score
from quiz.text import clean_text

MOVERS_SHOWN = 2  # changed answers named per theme


@dataclass(frozen=True)
class Figures:
    """What one side's reader was shown."""

    overall: int
    band: str  # the band's label
    themes: dict[str, int]
    top_pathway: str  # its name
    best_route: str | None


@dataclass(frozen=True)
class Side:
    file: str
    kind: str  # "report" or "answers file"
    bank_version: str | None
    dated: str | None  # when it was saved or made
    figures: Figures
    scored_today: bool  # the figures are today's bank's, not the report's own
    version_assumed: bool = False  # it names no bank: taken as today's


@dataclass(frozen=True)
class Mover:
    topic: str
    then: str
    now: str
    points: int  # what this change alone moves the theme by, in the theme's score


@dataclass(frozen=True)
class ThemeMove:
    id: str
    name: str
    then: int
    now: int
    moved: int
    movers: list[Mover]


@dataclass(frozen=True)
class AnswerChange:
    topic: str
    then: str | None  # None: not answered then (added)
    now: str | None  # None: not answered now (dropped)
    comparable: bool  # the question's wording and points are the same in both versions
    # For a several-choice answer given both times: the choices ticked now and not then,
    # and those ticked then and not now (the whole lists are `then` and `now`).
    ticked: tuple[str, ...] = ()
    unticked: tuple[str, ...] = ()

    @property
    def change(self) -> str:
        """The change in words: "A → B", or for several choices what was ticked and unticked."""
        if self.ticked or self.unticked:
            parts = []
            if self.ticked:
                parts.append("now also " + "; ".join(self.ticked))
            if self.unticked:
                parts.append("no longer " + "; ".join(self.unticked))
            return ", ".join(parts)
        return f"{self.then} → {self.now}"


@dataclass(frozen=True)
class Comparison:
    then: Side
    now: Side
    bank_now: str
    same_bank: bool
    rules_changed: bool  # weights or bands differ between the two versions
    unknown_version: str | None  # a version missing from the bank's history
    not_matched: list[str] = field(default_factory=list)  # questions that changed, by topic
    themes: list[ThemeMove] = field(default_factory=list)
    changed: list[AnswerChange] = field(default_factory=list)
    added: list[AnswerChange] = field(default_factory=list)
    dropped: list[AnswerChange] = field(default_factory=list)

    @property
    def moved(self) -> int:
        return self.now.figures.overall - self.then.figures.overall


@dataclass(frozen=True)
class _Read:
    side: Side
    answers: dict[str, Any]  # as the file holds them, checked or not
    checked: dict[str, AnswerValue] | None  # the same, when they fit today's bank whole
    result: Result | None  # scored with today's bank, when its answers fit it


def compare(loaded: LoadedBank, old: Path, new: Path, today: str) -> Comparison:
    bank = loaded.bank
    then, now = _read(loaded, old, today), _read(loaded, new, today)
    versions = (then.side.bank_version, now.side.bank_version)
    recorded = history()
    unknown = next((v for v in versions if v is not None and v not in recorded), None)
    changed_ids = _changed_questions(versions, recorded)
    rules_changed = (
        None not in versions
        and unknown is None
        and recorded[versions[0]]["rules"] != recorded[versions[1]]["rules"]  # type: ignore[index]
    )
    unmatched = set(changed_ids) if unknown is None else set(bank.question_by_id)
    if versions[0] == versions[1]:
        unmatched = set()
    changed, added, dropped = _answer_changes(bank, then.answers, now.answers, unmatched)
    themes = _theme_moves(loaded, then, now, unmatched, today)
    return Comparison(
        then=then.side,
        now=now.side,
        bank_now=bank.version,
        same_bank=versions[0] == versions[1],
        rules_changed=bool(rules_changed),
        unknown_version=unknown,
        not_matched=[_topic(bank, q) for q in sorted(unmatched, key=_order(bank))],
        themes=themes,
        changed=changed,
        added=added,
        dropped=dropped,
    )


def _order(bank: Bank) -> Any:
    place = {q.id: number for number, q in enumerate(bank.questions)}
    return lambda question_id: (place.get(question_id, len(place)), question_id)


def _topic(bank: Bank, question_id: str) -> str:
    question = bank.question_by_id.get(question_id)
    return question.topic if question is not None else question_id


def _changed_questions(
    versions: tuple[str | None, str | None], recorded: dict[str, dict[str, Any]]
) -> list[str]:
    """Questions whose wording or points differ between the two versions (or that only one
    of them has)."""
    if versions[0] == versions[1] or None in versions:
        return []
    if any(v not in recorded for v in versions):
        return []
    old, new = (recorded[v]["questions"] for v in versions)  # type: ignore[index]
    return [q for q in sorted(set(old) | set(new)) if old.get(q) != new.get(q)]


def _read(loaded: LoadedBank, path: Path, today: str) -> _Read:
    bank = loaded.bank
    # Read as `report` reads them (a report's answers are in its data block); what the file
    # holds besides, its bank version and figures, is read here.
    checked: dict[str, AnswerValue] | None = None
    result: Result | None = None
    problem: QuizError | None = None
    try:
        checked, order = read_answers(bank, path, complete=True)
        result = score(loaded, checked, today, order)
    except QuizError as exc:
        problem, checked = exc, None
    if path.suffix.lower() in (".html", ".htm"):
        data = report_data(path)
        if not isinstance(data, dict):
            raise problem or AnswersError(str(path), [Problem("", "its data is damaged")])
        answers = {
            e["question_id"]: e["value"]
            for e in data.get("answers", [])
            if isinstance(e, dict) and isinstance(e.get("question_id"), str)
        }
        kind, dated = "report", data.get("generated_on")
    else:
        if problem is not None:
            raise problem  # an answers file holds no figures: without its answers, nothing
        data = read_json_file(path, AnswersError)
        answers, kind, dated = data["answers"], "answers file", data.get("saved_at")
    version = data.get("bank_version") if isinstance(data.get("bank_version"), str) else None
    # An answers file that names no bank (one written by hand) is read as today's bank reads
    # it: it is taken to be for today's bank, and said to be.
    assumed = version is None and kind == "answers file"
    if assumed:
        version = bank.version
    shown = _report_figures(bank, data) if kind == "report" else None
    if shown is None:
        if result is None:
            raise problem or AnswersError(str(path), [Problem("", "its figures are damaged")])
        shown = _figures(result)
    side = Side(
        file=str(path),
        kind=kind,
        bank_version=version,
        dated=dated[:10] if isinstance(dated, str) else None,
        figures=shown,
        scored_today=kind != "report",
        version_assumed=assumed,
    )
    return _Read(side, answers, checked, result)


def _report_figures(bank: Bank, data: dict[str, Any]) -> Figures | None:
    """The figures a report showed, or None if it does not hold them whole."""
    try:
        bands = {b.id: b.label for b in bank.bands}
        pathways = {p.id: p.name for p in bank.pathways}
        routes = {r.id: r.name for r in bank.routes}
        ranked = sorted(data["pathways"], key=lambda p: p["rank"])
        top = ranked[0]["id"]
        others = [r for r in sorted(data["routes"], key=lambda r: r["rank"]) if r["score"] > 0]
        best = next((r["id"] for r in others if not _is_this_degree(bank, r["id"])), None)
        return Figures(
            overall=int(data["overall"]),
            band=bands.get(data["band"], str(data["band"])),
            themes={str(k): int(v) for k, v in data["themes"].items()},
            top_pathway=pathways.get(top, str(top)),
            best_route=None if best is None else routes.get(best, str(best)),
        )
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None


def _is_this_degree(bank: Bank, route_id: str) -> bool:
    route = next((r for r in bank.routes if r.id == route_id), None)
    return bool(route is not None and route.this_degree)


def _figures(result: Result) -> Figures:
    return Figures(
        overall=result.overall,
        band=result.band.label,
        themes={t.id: t.score for t in result.themes},
        top_pathway=result.pathways[0].name,
        best_route=result.best_route.name if result.best_route is not None else None,
    )


def _said(bank: Bank, question_id: str, value: AnswerValue) -> str:
    question = bank.question_by_id.get(question_id)
    if question is None or question.problem_with(value) is not None:
        return clean_text(str(value))
    return question.describe(value)


def _answer_changes(
    bank: Bank, old: dict[str, Any], new: dict[str, Any], unmatched: set[str]
) -> tuple[list[AnswerChange], list[AnswerChange], list[AnswerChange]]:
    changed: list[AnswerChange] = []
    added: list[AnswerChange] = []
    dropped: list[AnswerChange] = []
    for question_id in sorted(set(old) | set(new), key=_order(bank)):
        before, after = old.get(question_id), new.get(question_id)
        if before == after:
            continue
        topic, comparable = _topic(bank, question_id), question_id not in unmatched
        then = None if before is None else _said(bank, question_id, before)
        now = None if after is None else _said(bank, question_id, after)
        ticked, unticked = _ticks(bank, question_id, before, after)
        item = AnswerChange(topic, then, now, comparable, ticked, unticked)
        (added if before is None else dropped if after is None else changed).append(item)
    return changed, added, dropped


def _ticks(
    bank: Bank, question_id: str, before: Any, after: Any
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    question = bank.question_by_id.get(question_id)
    if not isinstance(question, MultiChoice) or not (
        isinstance(before, list) and isinstance(after, list)
    ):
        return (), ()

    def labels(ids: list[Any]) -> tuple[str, ...]:
        known = {o.id: o.label for o in question.options}
        return tuple(known.get(i, clean_text(str(i))) for i in ids)

    now_only = [i for i in after if i not in before]
    then_only = [i for i in before if i not in after]
    return labels(now_only), labels(then_only)


def _theme_moves(
    loaded: LoadedBank, then: _Read, now: _Read, unmatched: set[str], today: str
) -> list[ThemeMove]:
    bank = loaded.bank
    moves = []
    for theme in bank.themes:
        old = then.side.figures.themes.get(theme.id)
        new = now.side.figures.themes.get(theme.id)
        if old is None or new is None:
            continue
        moves.append(ThemeMove(theme.id, theme.name, old, new, new - old, []))
    if then.result is None or now.checked is None or then.checked is None:
        return moves  # one side's answers do not fit today's bank: no "why"
    base = {t.id: t.exact for t in then.result.themes}
    swaps: list[tuple[str, dict[str, float]]] = []
    for question_id, value in now.checked.items():
        if question_id in unmatched or then.checked.get(question_id) == value:
            continue
        if question_id not in then.checked:
            continue
        trial = {**then.checked, question_id: value}
        trial = {q: v for q, v in trial.items() if bank.question_by_id[q].applies(trial)}
        try:
            moved = score(loaded, trial, today, None)
        except QuizError:
            continue
        swaps.append((question_id, {t.id: t.exact - base[t.id] for t in moved.themes}))
    shown = []
    for move in moves:
        ranked = sorted(
            ((q, delta[move.id]) for q, delta in swaps if round(delta[move.id]) != 0),
            key=lambda item: -abs(item[1]),
        )[:MOVERS_SHOWN]
        movers = [
            Mover(
                _topic(bank, q),
                _said(bank, q, then.answers[q]),
                _said(bank, q, now.answers[q]),
                round(points),
            )
            for q, points in ranked
        ]
        shown.append(ThemeMove(move.id, move.name, move.then, move.now, move.moved, movers))
    return shown
