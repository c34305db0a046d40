"""Errors meant for the user: each carries its message and the exit code it stands for.

The CLI boundary (quiz/cli.py) is the one place that turns them into a message on stderr.
Nothing else prints an error or exits.
"""

from __future__ import annotations

from quiz.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

EXIT_OK = 0
EXIT_BAD_DATA = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def at(place: object) -> str:
    """A path, a key or a value as a message shows it: on one line, its control characters
    (newlines too) written out, so no file name can forge a line of a message."""
    return visible(str(place), lines=False)


class Problem:
    """One thing wrong in a file, at a place such as `questions[4].options[2].points.ethics`."""

    # A plain class, not a dataclass: importing dataclasses would slow every start-up.
    __slots__ = ("message", "place")

    def __init__(self, place: str, message: str) -> None:
        self.place = place
        self.message = message

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and (self.place, self.message) == (
            other.place,
            other.message,
        )

    def __hash__(self) -> int:
        return hash((self.place, self.message))

    def __repr__(self) -> str:
        return f"Problem({self.place!r}, {self.message!r})"

    def __str__(self) -> str:
        message = at(self.message)
        return f"{at(self.place)}: {message}" if self.place else message


class QuizError(Exception):
    """An error the user can act on; `str()` is the whole message."""

    exit_code = EXIT_BAD_DATA


class UsageError(QuizError):
    """The command was called in a way that cannot work (exit 2)."""

    exit_code = EXIT_USAGE


class DataError(QuizError):
    """A file (question bank or answers) is broken; lists every problem with its place."""

    kind = "file"

    def __init__(self, source: str, problems: Sequence[Problem], hint: str = "") -> None:
        """`hint`, if given, is what to do about it: a line (or a command) after the list."""
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        if count == 1 and not self.problems[0].place:
            # About the file as a whole (missing, empty, not JSON): one line says it.
            super().__init__(f"{at(source)}: {at(self.problems[0].message)}")
            return
        noun = "problem" if count == 1 else "problems"
        lines = [f"{at(source)}: {count} {noun} in this {self.kind}:"]
        lines += [f"  {problem}" for problem in self.problems]
        if hint:
            lines.append(hint)
        super().__init__("\n".join(lines))


class BankError(DataError):
    """The question bank cannot be used."""

    kind = "question bank"


class AnswersError(DataError):
    """An answers file (or the answers inside a report) cannot be used."""

    kind = "answers file"


class OutputError(QuizError):
    """A report or answers file could not be written."""
