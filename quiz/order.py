"""The order in which a reader sees each question's options.

Answer order must carry no signal: a reader who always takes the first option on screen
must not thereby get any particular result. So the options of single- and several-choice
questions are shown in an order shuffled per reader, drawn once from a seed that the
answers file keeps (`"order"`), so back, review and resume show the same order again.
Options marked `last` ("None of these yet", "Something else") stay at the end, in the
bank's order; scales keep their order (they are ordered). No seed means the bank's order:
what tests and `--no-input` use.
"""

from __future__ import annotations

import random
from functools import lru_cache

from quiz.bank import Option, Question, SingleChoice
from quiz.bank.questions import MultiChoice

# A seed is a whole number in this range; it says nothing about the reader.
SEED_RANGE = (1, 2**31 - 1)


def new_seed() -> int:
    """A fresh seed for a new reader."""
    return random.SystemRandom().randint(*SEED_RANGE)


def shown_options(question: Question, seed: int | None) -> list[Option]:
    """The question's options in the order this reader sees them (empty for a question
    without options)."""
    if not isinstance(question, (SingleChoice, MultiChoice)):
        return []
    if seed is None:
        return list(question.options)
    movable = [option for option in question.options if not option.last]
    shuffled = [movable[i] for i in _shuffled(f"{seed}:{question.id}", len(movable))]
    return shuffled + [option for option in question.options if option.last]


@lru_cache(maxsize=64)  # a report asks for a reader's order of a question more than once
def _shuffled(key: str, count: int) -> tuple[int, ...]:
    """The places of `count` options in the order `key` gives (a shuffle depends only on
    the number of things shuffled). A string seed is hashed the same way in every process
    (str hashing is salted, but random.Random seeds a str by its bytes), so the order is
    the same on every run."""
    places = list(range(count))
    random.Random(key).shuffle(places)
    return tuple(places)


def position(question: Question, choice: str, seed: int | None) -> int:
    """Where `choice` sat on the reader's screen: 0 for the first option."""
    return [option.id for option in shown_options(question, seed)].index(choice)
