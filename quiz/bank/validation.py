"""Checking a bank with pydantic: its shape against the classes (quiz.bank.model), then its
references (quiz.bank.checks), in the words the rest of the tool uses; and the JSON Schema.

pydantic is imported only here, and only when a bank has to be checked: a bank checked
before is built without it (quiz.bank.load), which saves most of a report's start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from quiz.bank.checks import hidden_characters, reference_problems
from quiz.bank.fields import ID_PATTERN
from quiz.bank.model import Bank
from quiz.bank.questions import QUESTION_KINDS
from quiz.errors import BankError, Problem
from quiz.jsonfile import format_location

if TYPE_CHECKING:
    from pydantic import TypeAdapter, ValidationError

_UNION_TAGS = frozenset(QUESTION_KINDS)
_MESSAGES = {
    "dataclass_type": "expected a JSON object",
    "dataclass_args_type": "expected a JSON object",
    "dict_type": "expected a JSON object",
    "unexpected_keyword_argument": "unknown field (not part of the question bank format)",
    "missing_argument": "required field is missing",
    "missing": "required field is missing",
    "string_type": "expected text in quotes",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "float_type": "expected a number",
    "float_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "list_type": "expected a list: [ ... ]",
}


@cache
def _adapter() -> TypeAdapter[Bank]:
    # pydantic is imported here, and its validator built, once per process and only when a
    # bank has to be checked: a bank found in quiz.bankcache skips both (about 40 ms).
    from pydantic import TypeAdapter

    return TypeAdapter(Bank)


def _message(kind: str, context: Mapping[str, Any], default: str) -> str:
    """pydantic's error in the words the rest of the tool uses."""
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "union_tag_invalid":
        kinds = ", ".join(sorted(QUESTION_KINDS))
        return f"{context.get('tag')!r} is not a question kind (kinds: {kinds})"
    if kind == "union_tag_not_found":
        return f'"kind" is missing (kinds: {", ".join(sorted(QUESTION_KINDS))})'
    if kind == "string_pattern_mismatch" and context.get("pattern") == ID_PATTERN:
        return "expected an id: lowercase letters, digits and _, starting with a letter"
    bounds = {
        "greater_than_equal": "must be at least {ge}",
        "greater_than": "must be more than {gt}",
        "less_than_equal": "must be at most {le}",
        "less_than": "must be less than {lt}",
        "too_short": "needs at least {min_length} {noun}",
        "string_too_short": "must not be empty",
        "string_too_long": "is longer than {max_length} characters",
        "too_long": "has more than {max_length} {noun}",
    }
    if kind in bounds:
        noun = "item" if context.get("min_length", context.get("max_length")) == 1 else "items"
        return bounds[kind].format(noun=noun, **context)
    return default


def problems_of(error: ValidationError) -> list[Problem]:
    """Turn pydantic's errors into `place: message` problems."""
    return [
        Problem(
            format_location(item["loc"], skip=_UNION_TAGS) or "(top level)",
            _message(item["type"], item.get("ctx") or {}, item["msg"]),
        )
        for item in error.errors(include_url=False)
    ]


def check_bank(data: Any, source: str) -> Bank:
    """Check parsed JSON as a bank; raises BankError listing every problem."""
    from pydantic import ValidationError

    if isinstance(data, dict) and "answers" in data and "questions" not in data:
        raise BankError(
            source,
            [Problem("", "is an answers file, not a question bank (see `ai-mba-fit report`)")],
        )
    hidden = hidden_characters(data)
    try:
        bank = _adapter().validate_python(data)
    except ValidationError as exc:
        raise BankError(source, problems_of(exc) + hidden) from None
    problems = reference_problems(bank) + hidden
    if problems:
        raise BankError(source, problems)
    return bank


def bank_schema() -> dict[str, Any]:
    """The JSON Schema of questions.json, generated from the models."""
    schema = _adapter().json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "ai-mba-fit question bank"
    return schema
