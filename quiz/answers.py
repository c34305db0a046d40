"""Answers: checking them against the bank, and the answers file a person can read and edit.

An answers file is plain JSON: `{"answers": {"<question id>": <value>}, ...}`, where the
value is a choice id, a list of choice ids, a whole number, a string or true/false.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from quiz.bank import AnswerValue, Bank, FreeText, Question
from quiz.embedded import find_embedded_json
from quiz.errors import AnswersError, Problem
from quiz.jsonfile import parse_json_bytes, read_bytes, read_json_file
from quiz.order import SEED_RANGE
from quiz.text import clean_text

Answers = dict[str, AnswerValue]

FORMAT = "ai-mba-fit answers"
_KNOWN_KEYS = ("format", "answers", "order", "bank_version", "saved_at", "complete")


def keep_applicable(bank: Bank, answers: Mapping[str, AnswerValue]) -> Answers:
    """The answers without those to questions that no longer apply.

    Conditions only look at earlier questions, so one pass in order settles it.
    """
    kept: Answers = {}
    for question in bank.questions:
        if question.id in answers and question.applies(kept):
            kept[question.id] = answers[question.id]
    return kept


def missing(bank: Bank, answers: Mapping[str, AnswerValue]) -> list[Question]:
    """Required questions that apply to these answers and have none yet."""
    return [q for q in bank.applicable(answers) if q.required and q.id not in answers]


def unanswered(bank: Bank, answers: Mapping[str, AnswerValue]) -> list[Question]:
    """Questions that apply and have not been asked yet (optional ones included)."""
    return [q for q in bank.applicable(answers) if q.id not in answers]


def check_answers(bank: Bank, data: Any, source: str) -> Answers:
    """Check a parsed answers document against the bank; raises AnswersError with every problem.

    Returns the answers in bank order. Missing answers are not an error here: a partial
    file is how an interrupted quiz resumes.
    """
    if not isinstance(data, dict):
        raise AnswersError(source, [Problem("", 'expected a JSON object with an "answers" object')])
    problems = [
        Problem(key, f"unknown field (expected: {', '.join(_KNOWN_KEYS)})")
        for key in data
        if key not in _KNOWN_KEYS
    ]
    order = _order_problem(data)
    if order is not None:
        problems.append(order)
    raw = data.get("answers")
    if raw is None:
        problems.append(Problem("answers", "required field is missing"))
        raise AnswersError(source, problems)
    if not isinstance(raw, dict):
        problems.append(Problem("answers", "expected an object of question id → answer"))
        raise AnswersError(source, problems)

    answers: Answers = {}
    rejected: set[str] = set()
    for key, value in raw.items():
        question = bank.question_by_id.get(key)
        place = f"answers.{key}"
        if question is None:
            meant = _meant(bank, key, raw)
            if meant is None:
                problems.append(Problem(place, "unknown question (not in this question bank)"))
            else:
                problems.append(Problem(place, f"unknown question; did you mean {meant!r}?"))
            continue
        if value is None:
            continue
        problem = question.problem_with(value)
        if problem:
            problems.append(Problem(place, problem))
            rejected.add(key)
            continue
        answers[key] = clean_text(value) if isinstance(question, FreeText) else value

    for question in bank.questions:
        if question.id in answers and not question.applies(answers):
            condition = question.when
            assert condition is not None
            if condition.question in rejected:
                continue  # its condition's answer is wrong already: one problem, said once
            problems.append(
                Problem(
                    f"answers.{question.id}",
                    f"answered, but this question is only asked when {condition.question!r} is "
                    f"{' or '.join(map(_json_value, condition.any_of))}; "
                    "remove it or change that answer",
                )
            )
    if problems:
        raise AnswersError(source, problems)
    return {q.id: answers[q.id] for q in bank.questions if q.id in answers}


def _meant(bank: Bank, key: str, given: Mapping[str, Any]) -> str | None:
    """The question id an unknown key most likely misspells, if one is close and has no
    answer under its own name."""
    import difflib

    free = [question.id for question in bank.questions if question.id not in given]
    found = difflib.get_close_matches(key, free, n=1, cutoff=0.6)
    return found[0] if found else None


def require_complete(bank: Bank, answers: Mapping[str, AnswerValue], source: str) -> None:
    """Raise AnswersError listing every required question still without an answer."""
    gaps = missing(bank, answers)
    if gaps:
        raise AnswersError(source, [_no_answer(q) for q in gaps])


_NO_ANSWER = "no answer to "


def _no_answer(question: Question) -> Problem:
    return Problem(f"answers.{question.id}", f"{_NO_ANSWER}{question.prompt!r}")


def load_answers(bank: Bank, path: Path, *, complete: bool = False) -> Answers:
    """Read and check an answers file, or the answers a report carries inside it; with
    `complete`, a missing answer is one more problem in the same list."""
    return read_answers(bank, path, complete=complete)[0]


def read_answers(
    bank: Bank, path: Path, *, complete: bool = False, finish: str = ""
) -> tuple[Answers, int | None]:
    """The answers of a file (as `load_answers`) and the seed of the order its reader saw the
    options in (quiz.order), or None when it has none (the bank's order). With `complete`
    and `finish` (how to run this tool), a file whose only fault is answers still to give
    says how to give them in the quiz."""
    try:
        answers, data = _read_checked(bank, path, complete)
    except AnswersError as exc:
        unfinished = exc.problems and all(p.message.startswith(_NO_ANSWER) for p in exc.problems)
        if not (complete and finish and unfinished):
            raise
        import shlex

        command = f"{finish} take --answers {shlex.quote(str(path))}"
        hint = f"To answer the rest in the quiz:\n  {command}"
        raise AnswersError(exc.source, exc.problems, hint=hint) from None
    return answers, order_of(data)


def order_of(data: Any) -> int | None:
    """The `order` seed of an answers document that passed `check_answers`."""
    seed = data.get("order") if isinstance(data, dict) else None
    return seed if isinstance(seed, int) else None


def _order_problem(data: dict[str, Any]) -> Problem | None:
    seed = data.get("order")
    low, high = SEED_RANGE
    if seed is None or (type(seed) is int and low <= seed <= high):
        return None
    return Problem("order", f"expected a whole number from {low} to {high}")


def _read_checked(bank: Bank, path: Path, complete: bool) -> tuple[Answers, Any]:
    if path.suffix.lower() in (".html", ".htm"):
        data = _answers_in_report(path)
    else:
        data = read_json_file(path, AnswersError)
    try:
        answers = check_answers(bank, data, str(path))
    except AnswersError as exc:
        if complete and isinstance(data, dict) and isinstance(data.get("answers"), dict):
            raise AnswersError(str(path), exc.problems + _missing_too(bank, data, exc)) from None
        raise
    if complete:
        require_complete(bank, answers, str(path))
    return answers, data


def _missing_too(bank: Bank, data: dict[str, Any], exc: AnswersError) -> list[Problem]:
    """Required questions with no answer at all, besides the problems already found."""
    named = {problem.place for problem in exc.problems}
    given = data["answers"]
    # A misspelt key is one problem ("did you mean …?"), not also an answer missing.
    meant = {_meant(bank, key, given) for key in given if key not in bank.question_by_id}
    # Conditions are judged on the answers that passed, as the quiz would ask.
    fine = {
        key: value
        for key, value in given.items()
        if key in bank.question_by_id and f"answers.{key}" not in named and value is not None
    }
    return [
        _no_answer(q)
        for q in missing(bank, fine)
        if q.id not in given and f"answers.{q.id}" not in named and q.id not in meant
    ]


def report_data(path: Path) -> Any:
    """The data block an HTML report of ours carries (quiz.embedded), parsed, unchecked."""
    source = str(path)
    raw = read_bytes(path, AnswersError)
    embedded = find_embedded_json(raw.decode("utf-8", errors="replace"))
    if embedded is None:
        raise AnswersError(
            source, [Problem("", "is not an ai-mba-fit report (it carries no answers)")]
        )
    return parse_json_bytes(embedded.encode("utf-8"), f"{source} (embedded data)", AnswersError)


def _answers_in_report(path: Path) -> dict[str, Any]:
    source = str(path)
    data = report_data(path)
    entries = data.get("answers") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not all(
        isinstance(e, dict) and isinstance(e.get("question_id"), str) and "value" in e
        for e in entries
    ):
        raise AnswersError(
            source, [Problem("embedded data", "the answers in this report are damaged")]
        )
    found: dict[str, Any] = {"answers": {e["question_id"]: e["value"] for e in entries}}
    if isinstance(data, dict) and data.get("order") is not None:
        found["order"] = data["order"]
    return found


def answers_document(
    bank: Bank, answers: Mapping[str, AnswerValue], saved_at: str, order: int | None = None
) -> dict[str, Any]:
    """The answers file's content, in bank order, ready for json.dumps; `order` is the seed
    of the order the reader saw the options in (kept so a resumed quiz shows it again)."""
    ordered = {q.id: answers[q.id] for q in bank.questions if q.id in answers}
    document: dict[str, Any] = {
        "format": FORMAT,
        "bank_version": bank.version,
        "saved_at": saved_at,
        "complete": not missing(bank, ordered),
    }
    if order is not None:
        document["order"] = order
    document["answers"] = ordered
    return document


def _json_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, str) else str(value)
