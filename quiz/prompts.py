"""The prompts of the terminal quiz: one question on screen, drawn with questionary and
prompt_toolkit to fit the terminal, with Back, limits and Ctrl-C / Ctrl-D handled. The flow
of the quiz (which question next, going back, the review) is in quiz/ask.py."""

from __future__ import annotations

import contextlib
import os
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent, merge_key_bindings
from prompt_toolkit.keys import Keys
from questionary import Choice

from quiz import constants as ui
from quiz.bank import AnswerValue, FreeText, MultiChoice, Scale
from quiz.order import shown_options
from quiz.text import clean_text

BACK = "__back__"  # the value of the "Back" choice

STYLE = questionary.Style(
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


@dataclass
class Terminal:
    """Where prompts read and draw; tests pass a pipe input and a dummy output."""

    input: Any = None
    output: Any = None
    width: int = 80
    remembered: dict[str, AnswerValue] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()  # questions not to ask (free text, for --private)
    order: int | None = None  # the seed of the order options are shown in (quiz.order)
    # Called when a question has just been drawn, while the reader reads it (see take).
    when_drawn: Callable[[], None] | None = None

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
        wrapped = fill(parts, self.width, indent)
        print_formatted_text(FormattedText(wrapped), output=self.output)


def fill(parts: tuple[tuple[str, str], ...], width: int, indent: int) -> list[tuple[str, str]]:
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


def run_prompt(
    prompt: questionary.Question, ctrl_d: bool = True, drawn: Callable[[], None] | None = None
) -> Any:
    """Ask with `unsafe_ask()`, so Ctrl-C raises KeyboardInterrupt for us to handle; Ctrl-D
    ends the quiz too (EOFError), which questionary's choice prompts would otherwise ignore.
    `drawn` is called once the prompt is first on screen.

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
    if drawn is not None:

        def _once(_: object) -> None:
            app.after_render -= _once
            drawn()

        app.after_render += _once
    # What unsafe_ask() does, but SIGINT (as `kill -INT` sends it; the Ctrl-C key is a
    # keypress in raw mode) is left to our handler (stop_on_signal), which stops every kind
    # of prompt once, however many come: prompt_toolkit's own would turn it into a key
    # that only its text prompt binds, and set the handler anew around every prompt.
    return app.run(handle_sigint=False)


def wrap(text: str, term: Terminal, indent: int = 3) -> str:
    """A choice title that fits the terminal: long labels go on to further lines, indented
    two more than the title, so they cannot be taken for the next choice."""
    width = max(term.width - indent - 4, 20)
    return ("\n" + " " * (indent + 2)).join(textwrap.wrap(text, width)) or text


def default_choice(choices: list[Any], current: object) -> Any:
    for choice in choices:
        if isinstance(choice, Choice) and choice.value == current and current is not None:
            return choice
    return None


def scale_title(question: Scale, step: int) -> str:
    return question.label(step)


def multi_rule(question: MultiChoice) -> str:
    low, high = question.min_choices, question.most
    if question.max_choices is None:  # no limit but what can go together
        return ui.MULTI_RULE_ANY if low <= 1 else ui.MULTI_RULE_AT_LEAST.format(count=low)
    if low == high:
        return ui.MULTI_RULE_ONE.format(count=low)
    if low <= 1 and high < len(question.options):
        return ui.MULTI_RULE_UP_TO.format(count=high)
    return ui.MULTI_RULE_RANGE.format(low=low, high=high)


def message_and_hint(text: str, term: Terminal, hint: str) -> tuple[str, str]:
    """The prompt and its hint, wrapped at word breaks to the terminal rather than by the
    terminal: the hint follows the prompt on its last line if it fits, else on its own."""
    width = max(term.width - 3, 20)
    message = textwrap.fill(text, width, subsequent_indent="  ")
    last = message.rsplit("\n", 1)[-1]
    if len(last) + 1 + len(hint) > width:
        message += "\n "
        hint = textwrap.fill(hint, width - 2, subsequent_indent="  ")
    return message, hint


def ask_multi(
    question: MultiChoice, current: object, back: list[Any], common: dict[str, Any], term: Terminal
) -> Any:
    chosen = current if isinstance(current, list) else []
    choices = [
        Choice(wrap(o.label, term, indent=5), value=o.id, checked=o.id in chosen)
        for o in shown_options(question, term.order)
    ] + back

    message, hint = message_and_hint(
        question.prompt, term, ui.MULTI_HINT.format(rule=multi_rule(question))
    )

    def validate(selected: list[str]) -> bool | str:
        if BACK in selected:
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
    _rules_as_the_reader_ticks(prompt)
    if back:
        enter_on_back_goes_back(prompt)
    selected = run_prompt(prompt, drawn=term.when_drawn)
    if BACK in selected:
        return BACK
    order = [o.id for o in question.options]
    return sorted(selected, key=order.index)


def _rules_as_the_reader_ticks(prompt: questionary.Question) -> None:
    """A tick past the limit ("choose up to 2"), or beside a choice that goes on its own, is
    said under the list at once, not only when Enter is refused: questionary checks every
    tick, but shows what it finds only once Enter has been tried."""
    _choices(prompt).submission_attempted = True


def _choices(prompt: questionary.Question) -> Any:
    """The control that draws a choice prompt's list (questionary's InquirerControl)."""
    from questionary.prompts.common import InquirerControl

    layout = prompt.application.layout
    return next(c for c in layout.find_all_controls() if isinstance(c, InquirerControl))


def enter_on_back_goes_back(prompt: questionary.Question) -> None:
    """Enter on the "Back" row goes back, as in every other question; elsewhere Enter
    submits the ticked choices as usual (questionary's checkbox would submit the ticks).
    "Back" is never ticked: Space on it does nothing, and ticking all ('a') or inverting
    ('i') leaves it out, so it can never be ticked together with answers."""
    app = prompt.application
    theirs = app.key_bindings
    assert theirs is not None  # questionary's checkbox always has its own
    control = _choices(prompt)

    def handler(key: str | Keys) -> Any:
        return theirs.get_bindings_for_keys((key,))[-1].handler

    submit, toggle = handler(Keys.ControlM), handler(" ")
    ticking = {key: handler(key) for key in ("a", "i")}
    ours = KeyBindings()

    @ours.add(Keys.ControlM, eager=True)
    def _enter(event: KeyPressEvent) -> None:
        if control.get_pointed_at().value == BACK:
            control.is_answered = True
            event.app.exit(result=[BACK])
        else:
            submit(event)

    @ours.add(" ", eager=True)
    def _space(event: KeyPressEvent) -> None:
        if control.get_pointed_at().value != BACK:
            toggle(event)

    for key, theirs_for_key in ticking.items():

        @ours.add(key, eager=True)
        def _all_but_back(event: KeyPressEvent, theirs_for_key: Any = theirs_for_key) -> None:
            theirs_for_key(event)
            if BACK in control.selected_options:
                control.selected_options.remove(BACK)

    app.key_bindings = merge_key_bindings([theirs, ours])
    _no_tick_circle_beside_back(control)


def _no_tick_circle_beside_back(control: Any) -> None:
    """The "Back" row is a way out, not something to tick: it is drawn without the circle
    questionary draws beside every choice (a newcomer read it as one more answer)."""
    from questionary.constants import INDICATOR_UNSELECTED

    circle = INDICATOR_UNSELECTED + " "
    words = next(choice.title for choice in control.choices if choice.value == BACK)
    draw = control.text  # questionary's own drawing of the list, as (style, text) pieces

    def drawn() -> Any:
        pieces = list(draw())
        for i in range(1, len(pieces)):
            if pieces[i][1] == words and pieces[i - 1][1] == circle:
                pieces[i - 1] = (pieces[i - 1][0], " " * len(circle))
        return pieces

    control.text = drawn


def ask_text(
    question: FreeText,
    current: object,
    can_go_back: bool,
    common: dict[str, Any],
    term: Terminal,
) -> Any:
    def validate(text: str) -> bool | str:
        cleaned = clean_text(text)
        if len(cleaned) > question.max_length:
            return ui.TEXT_TOO_LONG.format(limit=question.max_length, length=len(cleaned))
        return True

    message, hint = message_and_hint(
        question.prompt,
        term,
        ui.TEXT_HINT.format(limit=question.max_length, back=ui.TEXT_BACK if can_go_back else ""),
    )
    text = run_prompt(
        questionary.text(
            message,
            instruction=hint,
            default=current if isinstance(current, str) else "",
            validate=validate,
            **common,
        ),
        ctrl_d=False,  # on a text line Ctrl-D keeps its meaning; on an empty one it ends
        drawn=term.when_drawn,
    )
    if can_go_back and text.strip() == "<":
        return BACK
    return clean_text(text)
