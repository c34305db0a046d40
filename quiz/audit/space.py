"""The space of a bank's answers files, for the model checks: every valid answer to each
question, answers files enumerated (when there are few), sampled with a fixed seed, or
searched one answer at a time toward an objective."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Iterator, Mapping

from quiz.answers import Answers
from quiz.bank import AnswerValue, Bank, FreeText, MultiChoice, Question, Scale, SingleChoice, YesNo
from quiz.scoring import Sheet

SEARCH_PASSES = 6


def valid_answers(question: Question) -> list[AnswerValue]:
    """Every answer a question accepts (for a free-text question: none, it is optional)."""
    if isinstance(question, SingleChoice):
        return [option.id for option in question.options]
    if isinstance(question, MultiChoice):
        ids = [option.id for option in question.options]
        found: list[AnswerValue] = []
        for count in range(question.min_choices, question.most + 1):
            for combination in itertools.combinations(ids, count):
                if question.problem_with(list(combination)) is None:
                    found.append(list(combination))
        return found
    if isinstance(question, Scale):
        return list(range(question.min, question.max + 1))
    if isinstance(question, YesNo):
        return [True, False]
    return []


def complete(
    bank: Bank, answers: Mapping[str, AnswerValue], pick: Callable[[Question], AnswerValue]
) -> Answers:
    """These answers, without those that stopped applying, with `pick` for any question
    shown but not answered (conditions look only backwards: one pass in order)."""
    done: Answers = {}
    for question in bank.questions:
        if not question.applies(done) or isinstance(question, FreeText):
            continue
        done[question.id] = answers[question.id] if question.id in answers else pick(question)
    return done


class Space:
    """The answers files of one bank: counted, enumerated or sampled, and scored."""

    def __init__(self, bank: Bank, seed: int) -> None:
        self.bank = bank
        self.choices = {q.id: valid_answers(q) for q in bank.questions}
        self.random = random.Random(seed)

    def size(self) -> int:
        """An upper bound on how many different answers files there are."""
        total = 1
        for values in self.choices.values():
            total *= max(len(values), 1)
        return total

    def everything(self) -> Iterator[Answers]:
        def extend(index: int, answers: Answers) -> Iterator[Answers]:
            if index == len(self.bank.questions):
                yield dict(answers)
                return
            question = self.bank.questions[index]
            if not question.applies(answers) or not self.choices[question.id]:
                yield from extend(index + 1, answers)
                return
            for value in self.choices[question.id]:
                answers[question.id] = value
                yield from extend(index + 1, answers)
                del answers[question.id]

        yield from extend(0, {})

    def sample(self) -> Answers:
        return complete(self.bank, {}, lambda q: self.random.choice(self.choices[q.id]))

    def search(self, objective: Callable[[Sheet], float], start: Answers) -> tuple[float, Answers]:
        """Coordinate ascent: change one answer at a time while `objective` improves."""
        best = start
        best_value = objective(Sheet(self.bank, best))
        for _ in range(SEARCH_PASSES):
            improved = False
            for question in self.bank.questions:
                if question.id not in best:
                    continue
                for value in self.choices[question.id]:
                    if value == best[question.id]:
                        continue
                    candidate = complete(
                        self.bank,
                        {**best, question.id: value},
                        lambda q: self.choices[q.id][0],
                    )
                    candidate_value = objective(Sheet(self.bank, candidate))
                    if candidate_value > best_value:
                        best, best_value, improved = candidate, candidate_value, True
            if not improved:
                break
        return best_value, best
