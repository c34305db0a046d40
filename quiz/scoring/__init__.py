"""Scoring: answers and a bank in, one `Result` out. Pure: no terminal, no files, no jinja2.

- `result`: the Result and the pieces it is made of (what every renderer reads);
- `sheet`: the points of the answers, counted once, and each target's score;
- `ledger`: what each answer gave each theme, pathway and route, out of the most;
- `changes`: what would change the result, and how firm it is;
- `patterns`: answer patterns pointed out to the reader;
- `plan`: the reader's 30/60/90-day plan and the questions for a mentor and the school;
- `score`: putting it all together.

What the rest of the tool may use is named here.
"""

from quiz.scoring.patterns import answer_patterns
from quiz.scoring.result import (
    AnsweredQuestion,
    BandResult,
    Change,
    Firmness,
    Line,
    NoteResult,
    PathwayResult,
    PlanStep,
    ProgramInfo,
    RankedResult,
    ReadinessResult,
    Result,
    RouteResult,
    ShownChoice,
    ThemeResult,
)
from quiz.scoring.score import score
from quiz.scoring.sheet import UNIT, Sheet, band_for, points_of, round_half_up

__all__ = [
    "UNIT",
    "AnsweredQuestion",
    "BandResult",
    "Change",
    "Firmness",
    "Line",
    "NoteResult",
    "PathwayResult",
    "PlanStep",
    "ProgramInfo",
    "RankedResult",
    "ReadinessResult",
    "Result",
    "RouteResult",
    "Sheet",
    "ShownChoice",
    "ThemeResult",
    "answer_patterns",
    "band_for",
    "points_of",
    "round_half_up",
    "score",
]
