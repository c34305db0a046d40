"""The terminal quiz: everything questionary and prompt_toolkit.

`run_quiz` asks what the answers do not hold yet, lets the reader go back, and ends on a
review screen where any answer can be changed. Prompts are made with `unsafe_ask()` so
that Ctrl-C and Ctrl-D reach us: they raise `QuizInterrupted` carrying the answers so far.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import textwrap
from dataclasses import dataclass, field
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator

from quiz import constants as ui
from quiz.answers import Answers, keep_applicable, unanswered
from quiz.bank import AnswerValue, Bank, FreeText, MultiChoice, Question, Scale, SingleChoice, YesNo
from quiz.order import shown_options
from quiz.stopping import Stopped
from quiz.text import clean_text

_BACK = "__back__"
_DONE = "__done__"
_STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("instruction", "fg:ansibrightblack"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansigreen"),
        ("answer", "fg:ansigreen bold"),
    ]
)


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


@dataclass
class _Terminal:
    """Where prompts read and draw; tests pass a pipe input and a dummy output."""

    input: Any = None
    output: Any = None
    width: int = 80
    remembered: dict[str, AnswerValue] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()  # questions not to ask (free text, for --private)
    order: int | None = None  # the seed of the order options are shown in (quiz.order)

    def io(self) -> dict[str, Any]:
        return {
            key: value for key, value in (("input", self.input), ("output", self.output)) if value
        }

    def refresh(self) -> None:
        """Follow a terminal resized during the quiz (the next prompt fits the new width)."""
        if self.output is None:  # a real terminal, not a test's
            with contextlib.suppress(OSError):
                self.width = os.get_terminal_size().columns

    def say(self, *parts: tuple[str, str], indent: int = 0) -> None:
        """Print styled text, wrapped at word breaks to the terminal's width (lines after
        the first indented by `indent`)."""
        wrapped = _fill(parts, self.width, indent)
        print_formatted_text(FormattedText(wrapped), output=self.output)


def _fill(parts: tuple[tuple[str, str], ...], width: int, indent: int) -> list[tuple[str, str]]:
    """Styled text wrapped at word breaks to the terminal, as one line across its parts
    (so "✔ Topic: " and the answer after it wrap together)."""
    limit = max(width - 1, 20)
    out: list[tuple[str, str]] = []
    column = 0
    space = ("", "")  # a space not yet written: dropped if the line breaks there
    for style, text in parts:
        for number, line in enumerate(text.split("\n")):
            if number:
                out.append((style, "\n"))
                column, space = 0, ("", "")
            for token in re.split(r"( +)", line):
                if not token:
                    continue
                if token.isspace():
                    space = (style, token)
                    continue
                if column > indent and column + len(space[1]) + len(token) > limit:
                    out.append((style, "\n" + " " * indent))
                    column, space = indent, ("", "")
                if space[1]:
                    out.append(space)
                out.append((style, token))
                column += len(space[1]) + len(token)
                space = ("", "")
        if space[1]:  # a part that ends with a space: keep it for the next part
            out.append(space)
            column += len(space[1])
            space = ("", "")
    return out


def run_quiz(
    bank: Bank,
    prefill: Answers,
    *,
    input: Any = None,
    output: Any = None,
    width: int = 80,
    left_out: frozenset[str] | None = None,
    order: int | None = None,
) -> Answers:
    """Ask every question the answers lack, then review; returns the final answers.
    Questions in `left_out` are neither asked nor shown for review; options are shown in the
    order the seed `order` gives (quiz.order), the same every time they are asked."""
    global _stop_asked
    _stop_asked = False
    term = _Terminal(
        input=input, output=output, width=width, left_out=left_out or frozenset(), order=order
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


def _welcome(bank: Bank, answers: Answers, term: _Terminal) -> None:
    left = len(_pending(bank, answers, term))
    term.say(("bold", f"\n{bank.title}\n"))
    term.say(("", bank.welcome + "\n"))
    if answers:
        left_text = (
            ui.WELCOME_ALL_ANSWERED
            if left == 0
            else ui.WELCOME_LEFT_ONE
            if left == 1
            else ui.WELCOME_LEFT.format(count=left)
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
        _run(questionary.press_any_key_to_continue(start, style=_STYLE, **term.io()))


def _shown_questions(bank: Bank, answers: Answers, term: _Terminal) -> list[Question]:
    """The questions these answers call for, as this reader is asked them."""
    return [q for q in bank.applicable(answers) if q.id not in term.left_out]


def _pending(bank: Bank, answers: Answers, term: _Terminal) -> list[Question]:
    return [q for q in unanswered(bank, answers) if q.id not in term.left_out]


def _ask_missing(bank: Bank, answers: Answers, term: _Terminal, history: list[str]) -> None:
    """Ask unanswered questions in order until none is left."""
    while True:
        pending = _pending(bank, answers, term)
        if not pending:
            return
        question = pending[0]
        value = _ask(bank, question, answers, term, can_go_back=bool(history))
        if value == _BACK:
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


def _review(bank: Bank, answers: Answers, term: _Terminal) -> None:
    while True:
        term.refresh()
        term.say(("", ""))  # a blank line; the title is part of the prompt, erased with it
        message, hint = _message(f"{ui.REVIEW_TITLE}. {ui.REVIEW_HINT}", term, ui.SINGLE_HINT)
        choices: list[Any] = [Choice(ui.REVIEW_DONE, value=_DONE), Separator()]
        for question in _shown_questions(bank, answers, term):
            shown = _shown(question, answers.get(question.id, ""), brief=True)
            # Cut, if it must be, inside the answer, keeping a few words of it.
            title = _fit(f"{question.topic}: {shown}", term.width - 6, len(question.topic) + 12)
            choices.append(Choice(title, value=question.id))
        picked = _run(
            questionary.select(
                message,
                choices=choices,
                style=_STYLE,
                qmark="",
                instruction=hint,
                **term.io(),
            )
        )
        if picked == _DONE:
            return
        question = bank.question_by_id[picked]
        answers[question.id] = _ask(bank, question, answers, term, can_go_back=False)
        term.remembered[question.id] = answers[question.id]
        _settle(bank, answers)
        _ask_missing(bank, answers, term, history=[])


def _run(prompt: questionary.Question, ctrl_d: bool = True) -> Any:
    """Ask with `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt for us to handle; Ctrl-D
    ends the quiz too (EOFError), which questionary's choice prompts would otherwise ignore.

    The prompt is erased once answered: its own echo of a long, wrapped choice garbles on a
    narrow terminal, so `_ask` prints a clean line of its own instead."""
    app = prompt.application
    app.erase_when_done = True
    ours = KeyBindings()

    # A typed or pasted escape sequence such as ESC [ 0 m looks to prompt_toolkit like a
    # mouse report, and its mouse handler then fails; the quiz uses no mouse, so ignore them.
    @ours.add(Keys.Vt100MouseEvent, eager=True)
    def _no_mouse(event: KeyPressEvent) -> None:
        return None

    if ctrl_d:

        @ours.add("c-d", eager=True)
        def _end_of_input(event: KeyPressEvent) -> None:
            event.app.exit(exception=EOFError())

    app.key_bindings = merge_key_bindings([app.key_bindings, ours]) if app.key_bindings else ours
    # What unsafe_ask() does, but SIGINT (as `kill -INT` sends it; the Ctrl-C key is a
    # keypress in raw mode) is left to our handler (stop_on_signal), which stops every kind
    # of prompt once, however many come: prompt_toolkit's own would turn it into a key
    # that only its text prompt binds, and set the handler anew around every prompt.
    return app.run(handle_sigint=False)


def _fit(text: str, width: int, keep: int = 10) -> str:
    """One line of at most `width` characters, cut at a word break after the first `keep`
    characters if it must be cut (mid-word only when there is no such break)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: max(width - 1, 10)]
    at = cut.rfind(" ", keep) if keep < len(cut) else -1
    return (cut[:at] if at > 0 else cut).rstrip(" ;,:") + "…"


def _ask(
    bank: Bank, question: Question, answers: Answers, term: _Terminal, can_go_back: bool
) -> Any:
    """Ask one question; then show the answer given (or nothing, for "back")."""
    term.refresh()
    value = _ask_prompt(bank, question, answers, term, can_go_back)
    if value == _BACK:
        term.say(("fg:ansibrightblack", ui.WENT_BACK))
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
    bank: Bank, question: Question, answers: Answers, term: _Terminal, can_go_back: bool
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
    back = [Separator(), Choice(ui.BACK, value=_BACK)] if can_go_back else []
    common: dict[str, Any] = {"style": _STYLE, **term.io()}

    # Single choice, yes/no and a scale are all one pick from a list.
    if isinstance(question, SingleChoice):
        options = shown_options(question, term.order)
        picks = [Choice(_wrap(o.label, term), value=o.id) for o in options]
    elif isinstance(question, YesNo):
        picks = [Choice(ui.YES, value=True), Choice(ui.NO, value=False)]
    elif isinstance(question, Scale):
        steps = range(question.min, question.max + 1)
        picks = [Choice(_scale_title(question, step), value=step) for step in steps]
    else:
        picks = []
    if picks:
        choices = picks + back
        message, hint = _message(question.prompt, term, ui.SINGLE_HINT)
        return _run(
            questionary.select(
                message,
                instruction=hint,
                choices=choices,
                default=_default(choices, current),
                **common,
            )
        )
    if isinstance(question, MultiChoice):
        return _ask_multi(question, current, back, common, term)
    assert isinstance(question, FreeText)
    return _ask_text(question, current, can_go_back, common, term)


def _wrap(text: str, term: _Terminal, indent: int = 3) -> str:
    """A choice title that fits the terminal: long labels go on to further lines, indented
    two more than the title, so they cannot be taken for the next choice."""
    width = max(term.width - indent - 4, 20)
    return ("\n" + " " * (indent + 2)).join(textwrap.wrap(text, width)) or text


def _default(choices: list[Any], current: object) -> Any:
    for choice in choices:
        if isinstance(choice, Choice) and choice.value == current and current is not None:
            return choice
    return None


def _scale_title(question: Scale, step: int) -> str:
    return question.label(step)


def _multi_rule(question: MultiChoice) -> str:
    low, high = question.min_choices, question.most
    if question.max_choices is None:  # no limit but what can go together
        return ui.MULTI_RULE_ANY if low <= 1 else ui.MULTI_RULE_AT_LEAST.format(count=low)
    if low == high:
        return ui.MULTI_RULE_ONE.format(count=low)
    if low <= 1 and high < len(question.options):
        return ui.MULTI_RULE_UP_TO.format(count=high)
    return ui.MULTI_RULE_RANGE.format(low=low, high=high)


def _message(text: str, term: _Terminal, hint: str) -> tuple[str, str]:
    """The prompt and its hint, wrapped at word breaks to the terminal rather than by the
    terminal: the hint follows the prompt on its last line if it fits, else on its own."""
    width = max(term.width - 3, 20)
    message = textwrap.fill(text, width, subsequent_indent="  ")
    last = message.rsplit("\n", 1)[-1]
    if len(last) + 1 + len(hint) > width:
        message += "\n "
        hint = textwrap.fill(hint, width - 2, subsequent_indent="  ")
    return message, hint


def _ask_multi(
    question: MultiChoice, current: object, back: list[Any], common: dict[str, Any], term: _Terminal
) -> Any:
    chosen = current if isinstance(current, list) else []
    choices = [
        Choice(_wrap(o.label, term, indent=5), value=o.id, checked=o.id in chosen)
        for o in shown_options(question, term.order)
    ] + back

    message, hint = _message(
        question.prompt, term, ui.MULTI_HINT.format(rule=_multi_rule(question))
    )

    def validate(selected: list[str]) -> bool | str:
        if _BACK in selected:
            return True if len(selected) == 1 else ui.BACK_ALONE
        alone = [o.label for o in question.options if o.exclusive and o.id in selected]
        if alone and len(selected) > 1:
            return ui.EXCLUSIVE.format(label=alone[0])
        if len(selected) < question.min_choices:
            return ui.CHOOSE_AT_LEAST.format(count=question.min_choices)
        if len(selected) > question.most:
            return ui.CHOOSE_AT_MOST.format(count=question.most)
        return True

    prompt = questionary.checkbox(
        message, instruction=hint, choices=choices, validate=validate, **common
    )
    if back:
        _enter_on_back_goes_back(prompt)
    selected = _run(prompt)
    if _BACK in selected:
        return _BACK
    order = [o.id for o in question.options]
    return sorted(selected, key=order.index)


def _enter_on_back_goes_back(prompt: questionary.Question) -> None:
    """Enter on the "Back" row goes back, as in every other question; elsewhere Enter
    submits the ticked choices as usual (questionary's checkbox would submit the ticks)."""
    from questionary.prompts.common import InquirerControl

    app = prompt.application
    theirs = app.key_bindings
    assert theirs is not None  # questionary's checkbox always has its own
    control = next(c for c in app.layout.find_all_controls() if isinstance(c, InquirerControl))
    submit = theirs.get_bindings_for_keys((Keys.ControlM,))[-1].handler
    ours = KeyBindings()

    @ours.add(Keys.ControlM, eager=True)
    def _enter(event: KeyPressEvent) -> None:
        if control.get_pointed_at().value == _BACK:
            control.is_answered = True
            event.app.exit(result=[_BACK])
        else:
            submit(event)

    app.key_bindings = merge_key_bindings([theirs, ours])


def _ask_text(
    question: FreeText,
    current: object,
    can_go_back: bool,
    common: dict[str, Any],
    term: _Terminal,
) -> Any:
    def validate(text: str) -> bool | str:
        cleaned = clean_text(text)
        if len(cleaned) > question.max_length:
            return ui.TEXT_TOO_LONG.format(limit=question.max_length, length=len(cleaned))
        return True

    message, hint = _message(
        question.prompt,
        term,
        ui.TEXT_HINT.format(limit=question.max_length, back=ui.TEXT_BACK if can_go_back else ""),
    )
    text = _run(
        questionary.text(
            message,
            instruction=hint,
            default=current if isinstance(current, str) else "",
            validate=validate,
            **common,
        ),
        ctrl_d=False,  # on a text line Ctrl-D keeps its meaning; on an empty one it ends
    )
    if can_go_back and text.strip() == "<":
        return _BACK
    return clean_text(text)
