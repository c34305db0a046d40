"""What each command does, start to end: the flow of `take`, `report`, `validate`, `schema`.

Imported by quiz/cli.py only once the arguments are parsed, so `--help` and `--version`
never load it. Heavy libraries are imported inside the command that needs them:
`report` never pays for the terminal UI, and `schema` never for jinja2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shlex
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import constants as ui
from quiz.console import program, say, tell, write_bytes
from quiz.errors import EXIT_BAD_DATA, EXIT_INTERRUPTED, EXIT_OK, QuizError, UsageError, at

if TYPE_CHECKING:
    from quiz import batch
    from quiz.answers import Answers
    from quiz.bank import LoadedBank
    from quiz.scoring import Result


def _stamp() -> datetime:
    """Now, or the fixed moment of SOURCE_DATE_EPOCH, so reports can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(timezone.utc)
    try:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from None


def _today() -> str:
    moment = _stamp()
    local: date = moment.date() if "SOURCE_DATE_EPOCH" in os.environ else moment.astimezone().date()
    return local.isoformat()


def _load_bank(path: str | None, *, cached: bool = True) -> LoadedBank:
    from quiz.bank import load_bank
    from quiz.resources import default_bank_path

    return load_bank(Path(path) if path else default_bank_path(), cached=cached)


_FORMAT_OF_SUFFIX = {".html": "html", ".htm": "html", ".md": "md", ".json": "json"}


def _settle_output(args: argparse.Namespace, command: str) -> None:
    """What -o and --format mean together: `-o x.md` writes Markdown unless --format says
    otherwise; `-o` naming an existing folder writes into it; `take` cannot write to -."""
    from quiz.files import is_folder

    output = args.output
    if output == "-" and command == "take":
        raise UsageError(
            "take writes a report and an answers file, so -o - (standard output) is for "
            "`report`: ai-mba-fit report ANSWERS -o -"
        )
    if args.format is None:
        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        args.format = _FORMAT_OF_SUFFIX.get(suffix, "html")
    if output and output != "-" and is_folder(Path(output)):
        if command == "report":
            args.output, args.out_dir = None, output
        else:
            args.output = str(Path(output) / f"{ui.DEFAULT_REPORT_NAME}.{args.format}")


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


def _same_file(one: Path, other: Path) -> bool:
    from quiz.files import same_file

    return same_file(one, other)


def _here() -> Path:
    """The current folder; one that was removed meanwhile is said plainly."""
    from quiz.errors import OutputError

    try:
        return Path.cwd()
    except OSError:
        raise OutputError(
            "the current folder no longer exists; change to another folder, or give -o"
        ) from None


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
        answers = _ask(loaded, answers, order, progress, force, args.private)
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
            )
        except QuizInterrupted as stopped:
            ignore_from_now()
            raise _Interrupted(
                _saved_on_stop(loaded, stopped.answers, order, answers_path, force, private),
                128 + stopped.signum,
            ) from None


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


def report(args: argparse.Namespace) -> int:
    from quiz import batch
    from quiz.files import check_directory, exists, reason

    _settle_output(args, "report")
    if args.output and len(args.inputs) > 1:
        raise UsageError("-o/--output takes one input; use --out-dir DIR for several")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")
    jobs, capped = batch.usable_jobs(args.jobs, len(args.inputs))
    if capped is not None:
        tell(ui.JOBS_CAPPED.format(asked=args.jobs, processors=capped))
    loaded = _load_bank(args.questions)
    if args.out_dir and not exists(Path(args.out_dir)):
        from quiz.errors import OutputError

        try:  # a folder for the reports is made, as `mkdir -p` would
            Path(args.out_dir).mkdir(parents=True)
        except OSError as exc:
            raise OutputError(
                f"{at(args.out_dir)}: cannot make this folder ({reason(exc)})"
            ) from None
    job = batch.ReportJob(
        fmt=args.format,
        private=args.private,
        force=args.force,
        generated_on=_today(),
        temporary_prefix=batch.temporary_prefix(),
        program=program(),
    )
    if args.output == "-":
        text, error = batch.Renderer(job, loaded).render_file(args.inputs[0])
        if error is not None:
            raise QuizError(error)
        # As bytes, in UTF-8 as the report says it is, whatever the terminal's encoding.
        write_bytes(text.encode("utf-8", "replace"))
        return EXIT_OK
    # Neither the answers nor the question bank is ever written over.
    inputs = [*args.inputs, *([args.questions] if args.questions else [])]
    if args.output:
        folder = Path(args.output).parent
        targets = [batch.one(args.inputs[0], Path(args.output), inputs)]
        check_directory(folder)
    else:
        folder = Path(args.out_dir) if args.out_dir else _here()
        check_directory(folder)
        targets = batch.plan(args.inputs, folder, args.format, inputs)

    failures = 0
    written: list[batch.Outcome] = []
    from quiz.stopping import stopping

    with stopping(), contextlib.closing(batch.run(job, targets, loaded, jobs=jobs)) as outcomes:
        for outcome in batch.with_progress(outcomes, len(targets)):
            if outcome.error is not None:
                failures += 1
                _tell_error(outcome.error)
            elif outcome.written is not None:
                written.append(outcome)
    _say_written(written, folder)
    if failures:
        total = len(args.inputs)
        if total > 1:  # one file: its own message has said it all
            _tell_error(f"{failures} of {total} files could not be rendered (see above)")
        return EXIT_BAD_DATA
    return EXIT_OK


_LIST_AT_MOST = 20


def _say_written(written: list[batch.Outcome], folder: Path) -> None:
    """Where each report went: every path when there are few; when there are many, a count
    and those that did not get their input's name, each with why."""
    renamed = [o for o in written if o.numbered or o.target.taken_by is not None]
    if len(written) <= _LIST_AT_MOST:
        for outcome in written:
            say(ui.SUMMARY_REPORT.format(path=_written_note(outcome)))
        return
    say(ui.WROTE_MANY.format(count=len(written), folder=at(folder)))
    if renamed:
        say(ui.NUMBERED_MANY.format(count=len(renamed)))
        for outcome in renamed[:_LIST_AT_MOST]:
            say(f"  {_written_note(outcome)}")
        if len(renamed) > _LIST_AT_MOST:
            say(ui.AND_MORE.format(count=len(renamed) - _LIST_AT_MOST))


def _written_note(outcome: batch.Outcome) -> str:
    """A written report's path, with why it is not named after its input when it is not."""
    target, path = outcome.target, at(outcome.written)
    if outcome.numbered:
        written = at(outcome.written.name) if outcome.written else path
        return ui.REPORT_NUMBERED.format(
            path=path, source=at(target.source), wanted=at(target.path.name), written=written
        )
    if target.taken_by is not None:
        wanted, holder = target.taken_by
        if _same_file(wanted, Path(holder)):  # the name is that of an input itself
            return ui.REPORT_INPUT_NAME.format(
                path=path, source=at(target.source), wanted=at(wanted.name)
            )
        return ui.REPORT_NAMED_APART.format(
            path=path, source=at(target.source), wanted=at(wanted.name), holder=at(holder)
        )
    return path


def _tell_error(message: str) -> None:
    clear = "\r\x1b[K" if sys.stderr.isatty() else ""  # over a progress line, if one is shown
    if clear:
        with contextlib.suppress(OSError):
            sys.stderr.write(clear)
    tell(f"{ui.PROG}: {message}")


def validate(args: argparse.Namespace) -> int:
    from quiz.audit import MOST_SAMPLES, SAMPLES, SEED, audit
    from quiz.console import terminal_columns

    samples = SAMPLES if args.samples is None else args.samples
    seed = SEED if args.seed is None else args.seed
    if not 1 <= samples <= MOST_SAMPLES:
        raise UsageError(f"--samples must be from 1 to {MOST_SAMPLES:,}, not {samples}")
    import textwrap

    loaded = _load_bank(args.questions, cached=False)  # asked to check: always check
    bank = loaded.bank
    name = args.questions or "the shipped questions.json"
    width = max(terminal_columns(), 60) - 1
    say(
        textwrap.fill(
            f"{name}: structure OK · version {bank.version} · {len(bank.questions)} "
            f"questions in {len(bank.sections)} sections · {len(bank.themes)} themes · "
            f"{len(bank.pathways)} pathways · {len(bank.bands)} bands",
            width,
            subsequent_indent="  ",
        )
    )
    how, findings = audit(bank, samples=samples, seed=seed)
    say(textwrap.fill(f"Scoring model, over {how}:", width, subsequent_indent="  "))
    for finding in findings:
        line = f"  {_LEVEL_WORD[finding.level]:<7} {finding.check}: {finding.message}"
        say(textwrap.fill(line, width, subsequent_indent=" " * 10, break_on_hyphens=False))
    errors = sum(finding.level == "error" for finding in findings)
    warnings = sum(finding.level == "warning" for finding in findings)
    say(
        f"{errors} {'error' if errors == 1 else 'errors'}, "
        f"{warnings} {'warning' if warnings == 1 else 'warnings'}"
    )
    if errors:
        _tell_error(
            f"{loaded.source}: the scoring model has {errors} "
            f"{'error' if errors == 1 else 'errors'} (marked ERROR above)"
        )
        return EXIT_BAD_DATA
    return EXIT_OK


_LEVEL_WORD = {"ok": "ok", "warning": "warning", "error": "ERROR"}


def schema(args: argparse.Namespace) -> int:
    from quiz.bank import bank_schema

    say(json.dumps(bank_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK
