"""`take`: the quiz in this terminal, then the report and an answers file beside it.

Where the two files go (and how a resumed answers file keeps its report a pair), saving
the answers whatever happens (Ctrl-C, a full disk), and the quiz itself, imported only
here: `report`, `validate` and `schema` never load the terminal UI.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import constants as ui
from quiz.commands import _here, _load_bank, _same_file, _settle_output, _stamp, _today
from quiz.console import program, say, tell
from quiz.errors import EXIT_BAD_DATA, EXIT_INTERRUPTED, EXIT_OK, QuizError, UsageError, at

if TYPE_CHECKING:
    from collections.abc import Callable

    from quiz.answers import Answers
    from quiz.bank import LoadedBank
    from quiz.scoring import Result


def _report_path(args: argparse.Namespace) -> Path:
    """Where `take` writes the report: -o, else beside an answers file being resumed
    (`x.answers.json` → `x.html`, so the two stay a pair; if `x.html` exists, a new pair
    `x-2.html` and `x-2.answers.json`), else the current folder."""
    from quiz.files import exists

    report = _wanted_report(args)
    if args.output:
        return report
    if args.answers and Path(args.answers).name.endswith(_ANSWERS_SUFFIX):
        if args.force or not exists(report):
            return report
        # That report exists already: a new pair, numbered so neither file is taken.
        from quiz.files import MAX_NUMBERED, numbered

        for number in range(2, MAX_NUMBERED + 1):
            candidate = numbered(report, number)
            if not exists(candidate) and not exists(_answers_path(candidate)):
                return candidate
        return report
    return report


def _wanted_report(args: argparse.Namespace) -> Path:
    """The report's name before any numbering: -o, else the pair of an answers file being
    resumed, else the default in the current folder."""
    if args.output:
        return Path(args.output)
    if args.answers and Path(args.answers).name.endswith(_ANSWERS_SUFFIX):
        resumed = Path(args.answers)
        stem = resumed.name.removesuffix(_ANSWERS_SUFFIX) or ui.DEFAULT_REPORT_NAME
        return resumed.with_name(f"{stem}.{args.format}")
    return _here() / f"{ui.DEFAULT_REPORT_NAME}.{args.format}"


_ANSWERS_SUFFIX = ".answers.json"


def _answers_path(report: Path) -> Path:
    stem = report.name.split(".")[0] or ui.DEFAULT_REPORT_NAME
    return report.with_name(stem + _ANSWERS_SUFFIX)


def _check_paths(args: argparse.Namespace, report: Path, answers: Path) -> None:
    """Before the first question: the report and the answers file are two files, neither is
    an input (the answers file given, the question bank), their names fit the file system,
    and their folder can be written."""
    from quiz.errors import OutputError
    from quiz.files import check_writable, name_fits

    if _same_file(report, answers):
        stem = report.name.removesuffix(_ANSWERS_SUFFIX)
        other = report.with_name(f"{stem}-report.{args.format}")
        raise UsageError(ui.SAME_PATH.format(path=at(report), other=at(other)))
    for given in (args.answers, args.questions):
        if given and _same_file(report, Path(given)):
            raise UsageError(ui.OVER_AN_INPUT.format(path=at(report)))
    for path in (report, answers):
        if not name_fits(path):
            raise OutputError(f"{at(path)}: the name is longer than this file system allows")
    check_writable(report.parent)


def _document(loaded: LoadedBank, answers: Answers, order: int | None) -> str:
    from quiz.answers import answers_document

    saved_at = _stamp().isoformat(timespec="seconds")
    document = answers_document(loaded.bank, answers, saved_at, order)
    return json.dumps(document, indent=2, ensure_ascii=False)


def _save_answers(
    loaded: LoadedBank, answers: Answers, order: int | None, path: Path, force: bool
) -> Path:
    from quiz.files import write_text

    return write_text(path, _document(loaded, answers, order) + "\n", force=force)


def _keep_answers(
    loaded: LoadedBank,
    answers: Answers,
    order: int | None,
    wanted: Path,
    force: bool,
    private: bool,
) -> Path | None:
    """Save the answers beside the report, else in the current folder; if no file can hold
    them (a full disk), print them as JSON so they can be pasted back. The path written, or
    None when they were printed instead."""
    from quiz.errors import OutputError

    try:
        return _save_answers(loaded, answers, order, wanted, force)
    except OutputError as first:
        problem = str(first)
    try:
        here: Path | None = Path.cwd() / wanted.name
    except OSError:  # the current folder was removed
        here = None
    if here is not None and not _same_file(here, wanted):
        try:
            # Never over a file there: this is not the file the reader chose to complete.
            return _save_answers(loaded, answers, order, here, force=False)
        except OutputError as second:
            problem += f"; nor {second}"
    message = ui.ANSWERS_NOT_SAVED.format(
        problem=problem, prog=program(), private=" --private" if private else ""
    )
    text = _document(loaded, answers, order)
    tell(f"{ui.PROG}: {message}\n{ui.ANSWERS_RULE}\n{text}\n{ui.ANSWERS_RULE}")
    return None


def _render(
    loaded: LoadedBank, answers: Answers, order: int | None, fmt: str, private: bool
) -> tuple[Result, str]:
    from quiz.report import render
    from quiz.scoring import score

    result = score(loaded, answers, _today(), order)
    return result, render(result.private() if private else result, fmt)  # type: ignore[arg-type]


def _free_text(loaded: LoadedBank) -> frozenset[str]:
    from quiz.bank import FreeText

    return frozenset(q.id for q in loaded.bank.questions if isinstance(q, FreeText))


def take(args: argparse.Namespace) -> int:
    from quiz.answers import missing, read_answers, unanswered

    _settle_output(args, "take")
    if args.no_input and not args.answers:
        raise UsageError("--no-input needs --answers FILE: there is nothing else to answer from")
    loaded = _load_bank(args.questions)
    bank = loaded.bank
    # With --no-input every answer must be in the file: complete=True says which are not.
    answers: Answers = {}
    order: int | None = None
    if args.answers:
        answers, order = read_answers(bank, Path(args.answers), complete=args.no_input)
    # --private: the name and free text are neither asked nor written anywhere.
    left_out = _free_text(loaded) if args.private else frozenset()
    answers = {key: value for key, value in answers.items() if key not in left_out}
    report_path = _report_path(args)
    answers_path = _answers_path(report_path)
    _check_paths(args, report_path, answers_path)

    # The quiz reads the terminal and draws on standard output: both must be one.
    asking = not args.no_input and _a_terminal(sys.stdin) and _a_terminal(sys.stdout)
    pending = [q for q in unanswered(bank, answers) if q.id not in left_out]
    if asking and (args.answers or pending):
        # With a terminal, saved answers are a starting point: what is missing is asked,
        # and the review screen lets any answer be changed before anything is written.
        # Stopping again while resuming keeps adding to the file resumed from.
        # Stopping again while resuming adds to the answers file resumed from, never to a
        # report given as --answers (that would write the answers over the report).
        resuming = args.answers and not _is_report(Path(args.answers))
        progress = Path(args.answers) if resuming else answers_path
        if order is None and not os.environ.get("AI_MBA_FIT_BANK_ORDER"):
            from quiz.order import new_seed

            order = new_seed()  # this reader's order of the options, kept in the answers file
        force = args.force or bool(resuming)
        answers = _ask(loaded, answers, order, progress, force, args.private, args.format)
    elif not args.no_input and (missing(bank, answers) or not args.answers):
        raise UsageError(ui.NO_TERMINAL)

    # Resuming from the file the quiz saved on Ctrl-C completes that same file.
    resumed = bool(args.answers) and _same_file(Path(args.answers), answers_path)
    saved = _keep_answers(loaded, answers, order, answers_path, args.force or resumed, args.private)
    result, text = _render(loaded, answers, order, args.format, args.private)
    from quiz.errors import OutputError
    from quiz.files import write_text

    try:
        written = write_text(report_path, text, force=args.force)
    except OutputError as exc:
        if saved is None:
            raise OutputError(ui.REPORT_NOT_WRITTEN_SHOWN.format(problem=exc)) from None
        raise OutputError(
            ui.REPORT_NOT_WRITTEN_SAVED.format(
                problem=exc, saved=at(saved), prog=program(), quoted=at(shlex.quote(str(saved)))
            )
        ) from None

    from quiz.summary import print_summary

    print_summary(result, written.resolve(), saved.resolve() if saved else None)
    wanted = _wanted_report(args)
    if not _same_file(written, wanted):
        say(ui.TAKE_NUMBERED.format(wanted=at(wanted.name), written=at(written.name)))
    if args.open:
        _open_in_browser(written)
    return EXIT_OK if saved is not None else EXIT_BAD_DATA


def _a_terminal(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _is_report(path: Path) -> bool:
    return path.suffix.lower() in (".html", ".htm")


def _ask(
    loaded: LoadedBank,
    answers: Answers,
    order: int | None,
    answers_path: Path,
    force: bool,
    private: bool,
    fmt: str,
) -> Answers:
    # Only `take` with a terminal pays for importing questionary and prompt_toolkit.
    from quiz.ask import QuizInterrupted, run_quiz, stop_on_signal
    from quiz.stopping import ignore_from_now, stopping

    try:
        width = os.get_terminal_size().columns
    except OSError:
        width = 80
    # SIGINT sent by `kill`, SIGTERM and a closed terminal (SIGHUP) end the quiz the way the
    # Ctrl-C key does: the answers so far are saved, with every further stop held off until
    # they are (a second Ctrl-C must not lose them).
    with stopping(stop_on_signal):
        try:
            return run_quiz(
                loaded.bank,
                answers,
                width=width,
                left_out=_free_text(loaded) if private else None,
                order=order,
                when_drawn=_idle_work(fmt),
            )
        except QuizInterrupted as stopped:
            ignore_from_now()
            raise _Interrupted(
                _saved_on_stop(loaded, stopped.answers, order, answers_path, force, private),
                128 + stopped.signum,
            ) from None


def _idle_work(fmt: str) -> Callable[[], None]:
    """What is best done while the reader reads a question just drawn, not on a keypress.

    Each prompt leaves some ten thousand objects in reference cycles; collected when the
    collector chose, they came to 20-110 ms on whichever key set it off. So what start-up
    made is frozen (it lives to the end, and no collection need look at it again), the
    collector's own timing is turned off for the rest of the process (which ends soon after
    the quiz), and the garbage is collected after each question is on screen. After the
    first, a thread also makes ready what writing the report takes."""
    import threading

    gc.freeze()
    gc.disable()
    warming: list[threading.Thread] = []

    def idle() -> None:
        if not warming:
            warming.append(threading.Thread(target=_warm_up, args=(fmt,), daemon=True))
            warming[0].start()
        gc.collect()

    return idle


def _warm_up(fmt: str) -> None:
    """Import and load what writing the report takes (scoring, the renderer, jinja2 and the
    templates, 80-170 ms) while the reader reads the first question, not after their last
    Enter. Anything that fails here fails again, with its message, when the report is made."""
    try:
        from quiz import files, summary  # noqa: F401  (imported for later)
        from quiz.report import prepare
        from quiz.scoring import score  # noqa: F401

        prepare(fmt)  # type: ignore[arg-type]
    except Exception:  # see above: the report's own run says what went wrong
        return


def _saved_on_stop(
    loaded: LoadedBank,
    answers: Answers,
    order: int | None,
    answers_path: Path,
    force: bool,
    private: bool,
) -> str:
    """Keep the answers of a quiz that was stopped; what to tell the reader."""
    # A name left empty is kept (a resumed quiz does not ask it again) but is no answer.
    count = sum(1 for value in answers.values() if value != "")
    if not count:
        return f"Stopped.\n{ui.SAVED_NOTHING}"
    found = _keep_answers(loaded, answers, order, answers_path, force, private)
    if found is None:
        return ui.STOPPED_UNSAVED
    # In full: the resume command printed must work from any folder.
    path = found.absolute()
    saved = (ui.SAVED_ANSWERS_ONE if count == 1 else ui.SAVED_ANSWERS).format(count=count)
    return ui.INTERRUPTED.format(
        saved=saved,
        path=at(path),
        prog=program(),
        quoted=at(shlex.quote(str(path))) + (" --private" if private else ""),
    )


class _Interrupted(QuizError):
    """The quiz was stopped; exit 130 for Ctrl-C, 128 + the signal's number otherwise."""

    def __init__(self, message: str, exit_code: int = EXIT_INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _open_in_browser(path: Path) -> None:
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        say(f"No browser could be opened; the report is at {path.resolve()}")
