"""The question bank: everything the quiz asks, scores and says comes from it.

- `fields`: the constrained types and the strict base of every class;
- `questions`: the kinds of question, what each accepts and what an answer brings;
- `model`: the bank as a whole (themes, pathways, routes, bands, notes, questions);
- `checks`: references and limits that must hold together, with their places;
- `validation`: checking a file's JSON with pydantic, and the JSON Schema;
- `load`: reading a bank file, and building one checked before without pydantic.

What the rest of the tool may use is named here.
"""

from quiz.bank.effects import Condition, Effect, Option
from quiz.bank.fields import (
    TARGET_KINDS,
    About,
    AnswerValue,
    Target,
    TargetKind,
)
from quiz.bank.load import build_checked, parse_bank
from quiz.bank.model import (
    LOWEST,
    Ask,
    Band,
    Bank,
    LoadedBank,
    Note,
    Pathway,
    Plan,
    Program,
    Route,
    Scoring,
    Section,
    Step,
    Theme,
)
from quiz.bank.questions import (
    QUESTION_KINDS,
    FreeText,
    MultiChoice,
    Question,
    Scale,
    SingleChoice,
    YesNo,
)
from quiz.bank.validation import bank_schema, check_bank

__all__ = [
    "LOWEST",
    "QUESTION_KINDS",
    "TARGET_KINDS",
    "About",
    "AnswerValue",
    "Ask",
    "Band",
    "Bank",
    "Condition",
    "Effect",
    "FreeText",
    "LoadedBank",
    "MultiChoice",
    "Note",
    "Option",
    "Pathway",
    "Plan",
    "Program",
    "Question",
    "Route",
    "Scale",
    "Scoring",
    "Section",
    "SingleChoice",
    "Step",
    "Target",
    "TargetKind",
    "Theme",
    "YesNo",
    "bank_schema",
    "build_checked",
    "check_bank",
    "parse_bank",
]
