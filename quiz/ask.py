"""The terminal quiz: everything questionary and prompt_toolkit.

`run_quiz` asks what the answers do not hold yet, lets the reader go back, and ends on a
review screen where any answer can be changed. Prompts are made with `unsafe_ask()` so
that Ctrl-C and Ctrl-D reach us: they raise `QuizInterrupted` carrying the answers so far.
"""

from __future__ import annotations

import signal
import textwrap
from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator

from quiz import constants as ui
from quiz.answers import Answers, keep_applicable, unanswered
from quiz.bank import AnswerValue, Bank, FreeText, MultiChoice, Question, Scale, SingleChoice, YesNo
from quiz.order import shown_options
from quiz.prompts import (
    BACK,
    STYLE,
    Terminal,
    ask_multi,
    ask_text,
    default_choice,
    message_and_hint,
    run_prompt,
    scale_title,
    wrap,
)
from quiz.stopping import Stopped

_DONE = "__done__"


_stop_asked = False  # a stop signal has come and is being handled


def stop_on_signal(signum: int, frame: object) -> None:
    """A handler for SIGINT sent by `kill`, SIGTERM and SIGHUP that ends the quiz the way
    the Ctrl-C key does (in the terminal's raw mode that key is a keypress, not a signal).

    While a prompt runs, its application is asked to exit with `Stopped` on its own event
    loop: raising straight from the handler could land inside one of prompt_toolkit's
    background tasks, which would print its own traceback instead of stopping."""
    from prompt_toolkit.application import get_app_or_none

    global _stop_asked
    if _stop_asked:
        return  # one stop at a time: the first is already saving the answers
    _stop_asked = True
    app = get_app_or_none()
    if app is None or not app.is_running or app.loop is None:
        raise Stopped(signum)

    def exit_now() -> None:
        if app.is_running and not app.is_done:
            app.exit(exception=Stopped(signum))

    app.loop.call_soon_threadsafe(exit_now)


class QuizInterrupted(Exception):
    """The reader left (Ctrl-C, Ctrl-D, SIGTERM, a closed terminal); `answers` holds what
    they had given and `signum` the signal that stopped it (SIGINT for Ctrl-C and Ctrl-D)."""

    def __init__(self, answers: Answers, signum: int) -> None:
        super().__init__(signum)
        self.answers = answers
        self.signum = signum


def run_quiz(
    bank: Bank,
    prefill: Answers,
    *,
    input: Any = None,
    output: Any = None,
    width: int = 80,
    left_out: frozenset[str] | None = None,
    order: int | None = None,
    when_drawn: Callable[[], None] | None = None,
) -> Answers:
    """Ask every question the answers lack, then review; returns the final answers.
    Questions in `left_out` are neither asked nor shown for review; options are shown in the
    order the seed `order` gives (quiz.order), the same every time they are asked;
    `when_drawn` is called each time a question has just been drawn."""
    global _stop_asked
    _stop_asked = False
    term = Terminal(
        input=input,
        output=output,
        width=width,
        left_out=left_out or frozenset(),
        order=order,
        when_drawn=when_drawn,
    )
    answers = keep_applicable(bank, prefill)
    try:
        _welcome(bank, answers, term)
        _ask_missing(bank, answers, term, history=[])
        _review(bank, answers, term)
    except (KeyboardInterrupt, EOFError) as exc:
        signum = exc.signum if isinstance(exc, Stopped) else signal.SIGINT
        raise QuizInterrupted(keep_applicable(bank, answers), signum) from None
    except OSError:
        # The terminal went away under a prompt (closed, so reading and drawing fail with
        # EIO): as SIGHUP would, keep what was answered.
        hangup = getattr(signal, "SIGHUP", signal.SIGINT)
        raise QuizInterrupted(keep_applicable(bank, answers), hangup) from None
    return keep_applicable(bank, answers)


def _welcome(bank: Bank, answers: Answers, term: Terminal) -> None:
    left = len(_pending(bank, answers, term))
    term.say(("bold", f"\n{bank.title}\n"))
    term.say(("", bank.welcome + "\n"))
    if answers:
        # The same count as "question N of M" then shows: of the questions these answers
        # call for, how many are answered and how many are left.
        total = len(_shown_questions(bank, answers, term))
        counts = {"answered": total - left, "total": total, "count": left}
        left_text = (
            ui.WELCOME_ALL_ANSWERED
            if left == 0
            else ui.WELCOME_LEFT_ONE.format(**counts)
            if left == 1
            else ui.WELCOME_LEFT.format(**counts)
        )
        term.say(("fg:ansibrightblack", left_text + "\n"))
    else:
        fewest = len(_shown_questions(bank, answers, term))
        most = len([q for q in bank.questions if q.id not in term.left_out])
        count = str(fewest) if fewest == most else f"{fewest} to {most}"
        term.say(
            (
                "fg:ansibrightblack",
                ui.WELCOME_COUNT.format(count=count, minutes=bank.minutes) + "\n",
            )
        )
    if left:
        # Wrapped here, at word breaks: the terminal would break the line mid-word.
        start = textwrap.fill(ui.START, max(term.width - 1, 20))
        run_prompt(questionary.press_any_key_to_continue(start, style=STYLE, **term.io()))


def _shown_questions(bank: Bank, answers: Answers, term: Terminal) -> list[Question]:
    """The questions these answers call for, as this reader is asked them."""
    return [q for q in bank.applicable(answers) if q.id not in term.left_out]


def _pending(bank: Bank, answers: Answers, term: Terminal) -> list[Question]:
    return [q for q in unanswered(bank, answers) if q.id not in term.left_out]


def _ask_missing(bank: Bank, answers: Answers, term: Terminal, history: list[str]) -> None:
    """Ask unanswered questions in order until none is left."""
    while True:
        pending = _pending(bank, answers, term)
        if not pending:
            return
        question = pending[0]
        value = _ask(bank, question, answers, term, back=ui.BACK if history else None)
        if value == BACK:
            previous = history.pop()
            term.remembered[previous] = answers.pop(previous)
            _settle(bank, answers)
            continue
        answers[question.id] = value
        term.remembered[question.id] = value
        history.append(question.id)
        _settle(bank, answers)


def _settle(bank: Bank, answers: Answers) -> None:
    """Drop answers to questions that no longer apply (in place)."""
    kept = keep_applicable(bank, answers)
    answers.clear()
    answers.update(kept)


def _review(bank: Bank, answers: Answers, term: Terminal) -> None:
    while True:
        term.refresh()
        term.say(("", ""))  # a blank line; the title is part of the prompt, erased with it
        message, hint = message_and_hint(
            f"{ui.REVIEW_TITLE}. {ui.REVIEW_HINT}", term, ui.SINGLE_HINT
        )
        choices: list[Any] = [Choice(ui.REVIEW_DONE, value=_DONE), Separator()]
        for question in _shown_questions(bank, answers, term):
            shown = _shown(question, answers.get(question.id, ""), brief=True)
            # Cut, if it must be, inside the answer, keeping a few words of it.
            title = _fit(f"{question.topic}: {shown}", term.width - 6, len(question.topic) + 12)
            choices.append(Choice(title, value=question.id))
        picked = run_prompt(
            questionary.select(
                message,
                choices=choices,
                style=STYLE,
                qmark="",
                instruction=hint,
                **term.io(),
            ),
            drawn=term.when_drawn,
        )
        if picked == _DONE:
            return
        question = bank.question_by_id[picked]
        # Back leaves the answer as it was: a reader who picked the wrong line can return.
        value = _ask(bank, question, answers, term, back=ui.BACK_TO_REVIEW)
        if value == BACK:
            continue
        answers[question.id] = value
        term.remembered[question.id] = value
        _settle(bank, answers)
        _ask_missing(bank, answers, term, history=[])


def _fit(text: str, width: int, keep: int = 10) -> str:
    """One line of at most `width` characters, cut at a word break after the first `keep`
    characters if it must be cut (mid-word only when there is no such break)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: max(width - 1, 10)]
    at = cut.rfind(" ", keep) if keep < len(cut) else -1
    return (cut[:at] if at > 0 else cut).rstrip(" ;,:") + "…"


def _ask(bank: Bank, question: Question, answers: Answers, term: Terminal, back: str | None) -> Any:
    """Ask one question, with a "Back" choice in these words (none if None); then show the
    answer given, or where Back went."""
    term.refresh()
    value = _ask_prompt(bank, question, answers, term, back)
    if value == BACK:
        went = ui.WENT_BACK_TO_REVIEW if back == ui.BACK_TO_REVIEW else ui.WENT_BACK
        term.say(("fg:ansibrightblack", went))
    else:
        term.say(
            ("fg:ansigreen", "✔ "),
            ("bold", f"{question.topic}: "),
            ("", _shown(question, value)),
            indent=2,
        )
    return value


def _shown(question: Question, value: AnswerValue, brief: bool = False) -> str:
    """The answer as the reader would say it (in a few words if `brief`), or "skipped"."""
    if value == "":
        return ui.REVIEW_SKIPPED
    return question.brief(value) if brief else question.describe(value)


def _ask_prompt(
    bank: Bank, question: Question, answers: Answers, term: Terminal, back_words: str | None
) -> Any:
    shown = _shown_questions(bank, answers, term)
    number = next(i for i, q in enumerate(shown, start=1) if q.id == question.id)
    section = bank.section_by_id[question.section].title
    term.say(
        (
            "fg:ansibrightblack",
            "\n" + ui.PROGRESS.format(section=section, number=number, total=len(shown)),
        )
    )
    if question.help:
        term.say(("fg:ansibrightblack", question.help))
    current = answers.get(question.id, term.remembered.get(question.id))
    if current is None and isinstance(question, Scale):
        current = (question.min + question.max) // 2  # start in the middle, not on an extreme
    back = [Separator(), Choice(back_words, value=BACK)] if back_words else []
    common: dict[str, Any] = {"style": STYLE, **term.io()}

    # Single choice, yes/no and a scale are all one pick from a list.
    if isinstance(question, SingleChoice):
        options = shown_options(question, term.order)
        picks = [Choice(wrap(o.label, term), value=o.id) for o in options]
    elif isinstance(question, YesNo):
        picks = [Choice(ui.YES, value=True), Choice(ui.NO, value=False)]
    elif isinstance(question, Scale):
        steps = range(question.min, question.max + 1)
        picks = [Choice(scale_title(question, step), value=step) for step in steps]
    else:
        picks = []
    if picks:
        choices = picks + back
        message, hint = message_and_hint(question.prompt, term, ui.SINGLE_HINT)
        return run_prompt(
            questionary.select(
                message,
                instruction=hint,
                choices=choices,
                default=default_choice(choices, current),
                **common,
            ),
            drawn=term.when_drawn,
        )
    if isinstance(question, MultiChoice):
        return ask_multi(question, current, back, common, term)
    assert isinstance(question, FreeText)
    return ask_text(question, current, back_words is not None, common, term)
