"""The terminal quiz in process: keys queued on a pipe, as a reader would press them.

Every test queues all its keys up front, then closes the input: if the quiz asks for more
than the story expects, it meets the end of the input and raises QuizInterrupted instead of
waiting forever, so a wrong turn fails the test at once.
"""

from __future__ import annotations

import io
import re
import signal

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from quiz import constants as ui
from quiz.answers import Answers, check_answers, missing, unanswered
from quiz.ask import QuizInterrupted, run_quiz
from quiz.bank import AnswerValue, Bank, FreeText, MultiChoice, Question, Scale, YesNo
from quiz.bankcache import load_bank
from quiz.resources import default_bank_path

BANK: Bank = load_bank(default_bank_path()).bank

DOWN = "\x1b[B"
UP = "\x1b[A"
SPACE = " "
ENTER = "\r"
CTRL_C = "\x03"
CTRL_D = "\x04"
ANY_KEY = "x"  # the welcome's "press any key to start"
LOOKS_RIGHT = ENTER  # the review screen opens on "Looks right: write my report"
NAME = "Ann"


def question(question_id: str) -> Question:
    return BANK.question_by_id[question_id]


def first_answer(q: Question) -> AnswerValue:
    """What answering `q` with its first option gives (the name question gets NAME)."""
    if isinstance(q, FreeText):
        return NAME
    if isinstance(q, MultiChoice):
        return [q.options[0].id]
    if isinstance(q, Scale):
        return (q.min + q.max) // 2  # a scale starts in the middle
    if isinstance(q, YesNo):
        return True
    return q.options[0].id


def keys_for_first_answer(q: Question) -> str:
    if isinstance(q, FreeText):
        return NAME + ENTER
    if isinstance(q, MultiChoice):
        return SPACE + ENTER  # tick the first option, then done
    return ENTER


def first_options(given: Answers | None = None, *, until: str | None = None) -> tuple[str, Answers]:
    """The keys that answer every question still to come with its first option, stopping
    before question `until` if given; and the answers that leaves."""
    answers = dict(given or {})
    keys = ""
    while pending := unanswered(BANK, answers):
        q = pending[0]
        if q.id == until:
            break
        answers[q.id] = first_answer(q)
        keys += keys_for_first_answer(q)
    return keys, answers


def choose(position: int) -> str:
    """Move down `position` choices from where the cursor starts, and choose."""
    return DOWN * position + ENTER


def back_from(q: Question) -> str:
    """The keys that choose "Back to the previous question", the last choice of `q`."""
    if isinstance(q, MultiChoice):
        return DOWN * len(q.options) + ENTER  # Enter on "Back", as in the other questions
    if isinstance(q, YesNo):
        return choose(2)
    if isinstance(q, Scale):
        return choose(q.max - (q.min + q.max) // 2 + 1)  # from the middle, past the last step
    assert not isinstance(q, FreeText), "the text question goes back with '<'"
    return choose(len(q.options))


def on_review_change(question_id: str, answers: Answers) -> str:
    """The keys that pick `question_id` on the review screen, which lists the shown questions."""
    shown = [q.id for q in BANK.applicable(answers)]
    return choose(shown.index(question_id) + 1)


def take_quiz(*keys: str, prefill: Answers | None = None) -> Answers:
    """Run the quiz with these keys queued; returns its answers (or raises QuizInterrupted)."""
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        return run_quiz(BANK, dict(prefill or {}), input=pipe, output=DummyOutput(), width=100)


def take_quiz_and_read_screen(*keys: str, prefill: Answers | None = None) -> tuple[Answers, str]:
    """Like take_quiz, and also returns everything drawn, without escape sequences."""
    drawn = io.StringIO()
    # Wide enough that no prompt wraps, so each prompt's text is drawn in one piece.
    screen = Vt100_Output(drawn, lambda: Size(rows=40, columns=200), term="xterm-256color")
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        pipe.close()
        answers = run_quiz(BANK, dict(prefill or {}), input=pipe, output=screen, width=200)
    return answers, re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn.getvalue())


def assert_complete_and_valid(answers: Answers) -> None:
    assert check_answers(BANK, {"answers": answers}, "the quiz") == answers
    assert [q.id for q in missing(BANK, answers)] == []
    assert [q.id for q in unanswered(BANK, answers)] == []


def test_answering_every_question_gives_complete_valid_answers() -> None:
    keys, expected = first_options()

    answers = take_quiz(ANY_KEY, keys, LOOKS_RIGHT)

    assert answers == expected
    assert len(answers) == len(BANK.questions)  # f1_visa is yes, so stay_to_work was asked
    assert_complete_and_valid(answers)


def test_going_back_from_question_3_to_question_2_and_choosing_another_role_changes_it() -> None:
    role, done = question("role_now"), question("done_at_work")
    rest, expected = first_options(
        {"name": NAME, "role_now": role.options[3].id, "done_at_work": [done.options[0].id]}
    )

    answers = take_quiz(
        ANY_KEY,
        NAME + ENTER,
        choose(2),  # question 2: the third role
        back_from(done),  # question 3: back to question 2
        choose(1),  # question 2 again, the cursor on the third role: take the fourth
        SPACE + ENTER,  # question 3: the first thing done
        rest,
        LOOKS_RIGHT,
    )

    assert answers["role_now"] == role.options[3].id
    assert answers == expected


def test_back_from_the_multi_choice_question_returns_to_the_question_before() -> None:
    before, expected = first_options(until="done_at_work")
    role = question("role_now")
    expected["role_now"] = role.options[1].id
    rest, expected = first_options(expected)

    answers = take_quiz(
        ANY_KEY,
        before,
        back_from(question("done_at_work")),
        choose(1),  # question 2 again, the cursor on the first role: take the second
        rest,
        LOOKS_RIGHT,
    )

    assert answers == expected


def test_space_on_back_in_a_multi_choice_question_ticks_nothing_and_enter_goes_back() -> None:
    before, expected = first_options(until="done_at_work")
    rest, expected = first_options(expected)
    done_at_work = question("done_at_work")

    answers = take_quiz(
        ANY_KEY,
        before,
        DOWN * len(done_at_work.options) + SPACE + ENTER,
        ENTER,  # question 2 again, its answer kept: the same role
        rest,
        LOOKS_RIGHT,
    )

    assert answers == expected


def test_multi_choice_refuses_an_empty_selection_and_accepts_one_ticked_after() -> None:
    before, given = first_options(until="done_at_work")
    first = question("done_at_work").options[0].id
    rest, expected = first_options({**given, "done_at_work": [first]})

    answers = take_quiz(
        ANY_KEY,
        before,
        ENTER,  # nothing ticked: below the minimum of one, refused
        SPACE + ENTER,  # tick the first: accepted
        rest,
        LOOKS_RIGHT,
    )

    assert answers["done_at_work"] == [first]
    assert answers == expected


def test_none_of_these_yet_together_with_another_choice_is_refused() -> None:
    done_at_work = question("done_at_work")
    none_yet = next(i for i, o in enumerate(done_at_work.options) if o.exclusive)
    before, given = first_options(until="done_at_work")
    rest, expected = first_options({**given, "done_at_work": [done_at_work.options[0].id]})

    answers = take_quiz(
        ANY_KEY,
        before,
        SPACE + DOWN * none_yet + SPACE + ENTER,  # the first and "None of these yet": refused
        SPACE + ENTER,  # untick "None of these yet": accepted
        rest,
        LOOKS_RIGHT,
    )

    assert answers["done_at_work"] == [done_at_work.options[0].id]
    assert answers == expected


def test_a_third_tick_is_refused_when_two_is_the_most() -> None:
    from quiz.bank import parse_bank
    from tests.conftest import SMALL_BANK

    small = parse_bank(SMALL_BANK, "small.json").bank
    skills = small.question_by_id["skills"]
    assert isinstance(skills, MultiChoice) and skills.most == 2
    with create_pipe_input() as pipe:
        pipe.send_text(
            "".join(
                [
                    ANY_KEY,
                    NAME + ENTER,
                    SPACE + ENTER,  # done: the first
                    ENTER,  # week: the first
                    SPACE + DOWN + SPACE + DOWN + SPACE + ENTER,  # three ticked: refused
                    SPACE + ENTER,  # untick the third: accepted
                    ENTER,  # people: the middle
                    DOWN + ENTER,  # visa: no
                    LOOKS_RIGHT,
                ]
            )
        )
        pipe.close()
        answers = run_quiz(small, {}, input=pipe, output=DummyOutput(), width=100)

    assert answers["skills"] == [skills.options[0].id, skills.options[1].id]


def test_f1_visa_yes_asks_stay_to_work_and_changing_it_to_no_on_review_drops_that_answer() -> None:
    keys, given = first_options()
    assert given["f1_visa"] is True and given["stay_to_work"] is True

    answers, screen = take_quiz_and_read_screen(
        ANY_KEY,
        keys,
        on_review_change("f1_visa", given),
        DOWN + ENTER,  # the cursor is on "Yes": choose "No"
        LOOKS_RIGHT,  # the review comes back
    )

    assert question("stay_to_work").prompt in screen
    assert answers["f1_visa"] is False
    assert "stay_to_work" not in answers
    assert answers == {k: v for k, v in given.items() if k != "stay_to_work"} | {"f1_visa": False}
    assert_complete_and_valid(answers)


def test_changing_f1_visa_to_yes_on_review_asks_stay_to_work_before_the_review_returns() -> None:
    before, given = first_options(until="f1_visa")
    given["f1_visa"] = False
    rest, given = first_options(given)  # what comes after the visa, but stay_to_work

    answers = take_quiz(
        ANY_KEY,
        before,
        choose(1),  # f1_visa: "No", so stay_to_work is not asked
        rest,
        on_review_change("f1_visa", given),
        UP + ENTER,  # the cursor is on "No": choose "Yes"
        choose(1),  # stay_to_work, newly shown: "No"
        LOOKS_RIGHT,
    )

    assert answers == given | {"f1_visa": True, "stay_to_work": False}
    assert_complete_and_valid(answers)


def test_changing_an_answer_on_the_review_screen_keeps_the_others() -> None:
    keys, given = first_options()
    pace = question("pace")

    answers = take_quiz(
        ANY_KEY,
        keys,
        on_review_change("pace", given),
        DOWN * 2 + ENTER,  # from the current first pace to the third
        LOOKS_RIGHT,
    )

    assert answers == given | {"pace": pace.options[2].id}


@pytest.mark.parametrize("question_id", ["pace", "done_at_work", "business_case"])
def test_back_from_a_question_picked_on_the_review_screen_keeps_its_answer(question_id) -> None:
    # A newcomer picked the wrong line on the review screen and had no way back but to
    # answer again. Move off the answer first, so that Enter would have changed it.
    keys, given = first_options()
    q = question(question_id)
    answers, screen = take_quiz_and_read_screen(
        ANY_KEY,
        keys,
        on_review_change(question_id, given),
        back_from(q),  # from where the answer sits, down past every choice to Back
        LOOKS_RIGHT,
    )

    assert answers == given
    assert ui.WENT_BACK_TO_REVIEW in screen
    assert screen.count(ui.REVIEW_TITLE) == 2  # the review, then the review again


def test_ctrl_c_on_question_3_raises_quiz_interrupted_with_the_two_answers_given() -> None:
    with pytest.raises(QuizInterrupted) as stop:
        take_quiz(ANY_KEY, NAME + ENTER, ENTER, CTRL_C)

    assert stop.value.answers == {"name": NAME, "role_now": question("role_now").options[0].id}
    assert stop.value.signum == signal.SIGINT  # the command then exits 130


def test_ctrl_d_on_the_name_question_raises_quiz_interrupted() -> None:
    with pytest.raises(QuizInterrupted) as stop:
        take_quiz(ANY_KEY, CTRL_D)

    assert stop.value.answers == {}
    assert stop.value.signum == signal.SIGINT


def test_input_closing_on_question_3_raises_quiz_interrupted_with_the_two_answers_given() -> None:
    with pytest.raises(QuizInterrupted) as stop:
        take_quiz(ANY_KEY, NAME + ENTER, ENTER)  # and then nothing more

    assert stop.value.answers == {"name": NAME, "role_now": question("role_now").options[0].id}


def test_saved_partial_answers_only_the_remaining_questions_are_asked() -> None:
    _, prefill = first_options(until="pace")
    pace = question("pace")

    funding = question("funding")
    answers, screen = take_quiz_and_read_screen(
        ANY_KEY,
        choose(2),  # pace: the third option
        choose(1),  # f1_visa: "No"
        SPACE + ENTER,  # funding: the first
        LOOKS_RIGHT,
        prefill=prefill,
    )

    assert answers == prefill | {
        "pace": pace.options[2].id,
        "f1_visa": False,
        "funding": [funding.options[0].id],
    }
    shown = len(BANK.applicable(prefill))
    assert ui.WELCOME_LEFT.format(answered=shown - 3, total=shown, count=3) in screen
    assert pace.prompt in screen and question("f1_visa").prompt in screen
    asked_again = [q.id for q in BANK.questions if q.id in prefill and q.prompt in screen]
    assert asked_again == []


def test_a_name_pasted_with_escape_sequences_is_stored_clean() -> None:
    pasted = "\x1b[200~\x1b[31mEvil\x1b[0m\x1b[201~"  # a bracketed paste of coloured text
    keys, _ = first_options({"name": "Evil"})

    answers = take_quiz(ANY_KEY, pasted + ENTER, keys, LOOKS_RIGHT)

    assert answers["name"] == "Evil"


PROMPT_KINDS = {
    "welcome": None,
    "text (name)": "name",
    "single": "role_now",
    "multi": "done_at_work",
    "yesno": "f1_visa",
    "scale": "business_case",
    "review": "review",
}


@pytest.mark.parametrize("stop_key", [CTRL_C, CTRL_D], ids=["ctrl-c", "ctrl-d"])
@pytest.mark.parametrize("where", PROMPT_KINDS, ids=list(PROMPT_KINDS))
def test_ctrl_c_and_ctrl_d_at_every_kind_of_prompt_keep_the_answers_so_far(where, stop_key) -> None:
    target = PROMPT_KINDS[where]
    if target is None:
        keys, given = "", {}
    else:
        until = None if target == "review" else target
        before, given = first_options(until=until)
        keys = ANY_KEY + before
    with pytest.raises(QuizInterrupted) as stop:
        take_quiz(keys, stop_key)

    assert stop.value.answers == given
    assert stop.value.signum == signal.SIGINT


def test_an_escape_sequence_typed_into_the_name_is_ignored_not_a_crash() -> None:
    # ESC [ 0 m reaches prompt_toolkit as a malformed mouse report; it must not break the quiz.
    rest, expected = first_options({"name": "AnnX"})
    answers = take_quiz(ANY_KEY, "Ann\x1b[0mX" + ENTER, rest, ENTER)
    assert answers == expected


def test_the_counts_on_resuming_agree_with_question_n_of_m() -> None:
    # Two answers saved, f1_visa not yet answered: stay_to_work is not asked (yet).
    prefill = {"name": NAME, "role_now": question("role_now").options[0].id}
    shown = [q.id for q in BANK.applicable(prefill)]
    rest, _ = first_options(prefill)
    _, screen = take_quiz_and_read_screen(ANY_KEY, rest, LOOKS_RIGHT, prefill=prefill)
    total = len(shown)
    assert f"{2} of {total} questions answered, {total - 2} left" in screen
    after = screen.split(f"{2} of {total} questions answered")[1]
    first = re.search(r"question\u00a0(\d+)\u00a0of\u00a0(\d+)", after)
    assert first is not None and (int(first[1]), int(first[2])) == (3, total)


def test_back_is_never_ticked_together_with_answers() -> None:
    # Tick the first thing done, then Space on "Back" (nothing), back up, Enter: the tick
    # alone is the answer (a ticked Back would have made Enter refuse the two together).
    done_at_work = question("done_at_work")
    before, given = first_options(until="done_at_work")
    first = done_at_work.options[0].id
    rest, expected = first_options({**given, "done_at_work": [first]})
    down = DOWN * len(done_at_work.options)
    answers = take_quiz(
        ANY_KEY,
        before,
        SPACE + down + SPACE + UP * len(done_at_work.options) + ENTER,
        rest,
        LOOKS_RIGHT,
    )
    assert answers["done_at_work"] == [first]
    assert answers == expected


def test_when_drawn_is_called_for_each_question_once_it_is_on_screen() -> None:
    # take collects garbage and warms up the report there, while the reader reads.
    drawn = io.StringIO()
    screen = Vt100_Output(drawn, lambda: Size(rows=40, columns=200), term="xterm-256color")
    on_screen_then: list[str] = []
    keys, expected = first_options()
    with create_pipe_input() as pipe:
        pipe.send_text(ANY_KEY + keys + LOOKS_RIGHT)
        pipe.close()
        answers = run_quiz(
            BANK,
            {},
            input=pipe,
            output=screen,
            width=200,
            when_drawn=lambda: on_screen_then.append(drawn.getvalue()),
        )
    assert answers == expected
    # Once per question and once for the review, not for the welcome or on every redraw.
    assert len(on_screen_then) == len(expected) + 1
    # Each call comes once its question is drawn: what was drawn since the call before
    # holds the question's prompt.
    before = ["", *on_screen_then[:-1]]
    asked = [*BANK.applicable(expected), None]  # the review last
    for earlier, now, q in zip(before, on_screen_then, asked, strict=True):
        if q is None:
            assert ui.REVIEW_TITLE in now[len(earlier) :]
            continue
        assert q.prompt[:40] in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", now[len(earlier) :])


def test_back_in_a_multi_choice_question_has_no_tick_circle_beside_it() -> None:
    # A newcomer read "○ ← Back to the previous question" as one more thing to tick.
    import questionary
    from questionary import Choice, Separator

    from quiz.prompts import BACK, _choices, enter_on_back_goes_back

    with create_pipe_input() as pipe:
        prompt = questionary.checkbox(
            "Which?",
            choices=[Choice("Sold something", value="sold"), Separator(), Choice(ui.BACK, BACK)],
            input=pipe,
            output=DummyOutput(),
        )
        enter_on_back_goes_back(prompt)
        control = _choices(prompt)
        for pointed_at in (0, 2):  # drawn the same with the pointer on it or elsewhere
            control.pointed_at = pointed_at
            rows = "".join(piece[1] for piece in control.text()).splitlines()
            assert [row.strip(" »") for row in rows if "Sold" in row] == ["○ Sold something"]
            back = [row for row in rows if ui.BACK in row]
            assert len(back) == 1 and "○" not in back[0], back
            # Its words stay where the choices' words start.
            assert back[0].index(ui.BACK) == rows[0].index("Sold")
