"""The building blocks of the question bank's classes: constrained field types, and the base
that makes every class strict.

The classes are plain frozen dataclasses, so that a bank already checked is used without
importing pydantic at all. pydantic checks a bank against the same classes, reading the
`Rule` marks in their annotations, and generates the JSON Schema (`ai-mba-fit schema`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import CoreSchema


class Rule:
    """Arguments of pydantic's `Field(...)` for one annotation, applied only when a bank is
    checked: the classes carry their constraints without importing pydantic."""

    def __init__(self, **arguments: Any) -> None:
        self.arguments = arguments

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic import Field

        return handler(Annotated[source, Field(**self.arguments)])


ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Rule(pattern=ID_PATTERN, max_length=40)]
Text = Annotated[str, Rule(min_length=1, max_length=2000)]
# Numbers and true/false are taken only as written: `true` or "3" is no number here, as in
# an answers file.
Points = Annotated[int, Rule(strict=True, ge=-5, le=5)]
Whole = Annotated[int, Rule(strict=True)]
Flag = Annotated[bool, Rule(strict=True)]
AnswerValue = bool | int | str | list[str]

# What an answer's points go to: the fit themes, the article's pathways, our routes, and
# readiness (keyed by theme: what the reader has already done toward it).
TargetKind = Literal["themes", "pathways", "routes", "readiness"]
TARGET_KINDS: tuple[TargetKind, ...] = ("themes", "pathways", "routes", "readiness")
Target = tuple[TargetKind, str]

# What a question asks about: a choice about the future (the only kind that moves fit), a
# fact about where the reader is now (readiness), or a practicality (notes only).
About = Literal["future", "now", "practical"]


# Every class is a frozen, keyword-only dataclass, compared by identity (a bank is loaded
# once): no generated __eq__, __hash__, __repr__ or __match_args__ to build at every
# start-up, where making the bank's classes is a fifth of a report's own time.
@dataclass(frozen=True, kw_only=True, eq=False, repr=False, match_args=False)
class Strict:
    # Read by pydantic when it checks a bank: an unknown field is an error.
    __pydantic_config__: ClassVar[Any] = {"extra": "forbid"}
