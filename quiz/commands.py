"""What each command does, start to end: the flow of `take`, `report`, `validate`, `schema`.

Imported by quiz/cli.py only once the arguments are parsed, so `--help` and `--version`
never load it. Heavy libraries are imported inside the command that needs them:
`report` never pays for the terminal UI, and `schema` never for jinja2.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import constants as ui
from quiz.errors import EXIT_BAD_DATA, EXIT_INTERRUPTED, EXIT_OK, QuizError, UsageError

if TYPE_CHECKING:
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
    output = args.output
    if output == "-" and command == "take":
        raise UsageError(
            "take writes a report and an answers file, so -o - (standard output) is for "
            "`report`: ai-mba-fit report ANSWERS -o -"
        )
    if args.format is None:
        suffix = Path(output).suffix.lower() if output and output != "-" else ""
        args.format = _FORMAT_OF_SUFFIX.get(suffix, "html")
    if output and output != "-" and Path(output).is_dir():
        if command == "report":
            args.output, args.out_dir = None, output
        else:
            args.output = str(Path(output) / f"{ui.DEFAULT_REPORT_NAME}.{args.format}")


def _report_path(args: argparse.Namespace) -> Path:
    """Where `take` writes the report: -o, else beside an answers file being resumed
    (`x.answers.json` → `x.html`, so the two stay a pair; if `x.html` exists, a new pair
    `x-2.html` and `x-2.answers.json`), else the current folder."""
    if args.output:
        return Path(args.output)
    if args.answers and Path(args.answers).name.endswith(_ANSWERS_SUFFIX):
        resumed = Path(args.answers)
        stem = resumed.name.removesuffix(_ANSWERS_SUFFIX) or ui.DEFAULT_REPORT_NAME
        report = resumed.with_name(f"{stem}.{args.format}")
        if args.force or not report.exists():
            return report
        # That report exists already: a new pair, numbered so neither file is taken.
        from quiz.files import MAX_NUMBERED, numbered

        for number in range(2, MAX_NUMBERED + 1):
            candidate = numbered(report, number)
            if not candidate.exists() and not _answers_path(candidate).exists():
                return candidate
        return report
    return Path.cwd() / f"{ui.DEFAULT_REPORT_NAME}.{args.format}"


_ANSWERS_SUFFIX = ".answers.json"


def _answers_path(report: Path) -> Path:
    stem = report.name.split(".")[0] or ui.DEFAULT_REPORT_NAME
    return report.with_name(stem + _ANSWERS_SUFFIX)


def _save_answers(loaded: LoadedBank, answers: Answers, path: Path, force: bool) -> Path:
    from quiz.answers import answers_document
    from quiz.files import write_text

    document = answers_document(loaded.bank, answers, _stamp().isoformat(timespec="seconds"))
    return write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n", force=force)


def _save_answers_somewhere(
    loaded: LoadedBank, answers: Answers, wanted: Path, force: bool
) -> Path:
    """Save the answers beside the report, or in the current folder if that cannot be."""
    from quiz.errors import OutputError

    try:
        return _save_answers(loaded, answers, wanted, force)
    except OutputError:
        return _save_answers(loaded, answers, Path.cwd() / wanted.name, force)


def _render(loaded: LoadedBank, answers: Answers, fmt: str, private: bool) -> tuple[Result, str]:
    from quiz.report import render
    from quiz.scoring import score

    result = score(loaded, answers, _today())
    return result, render(result.private() if private else result, fmt)  # type: ignore[arg-type]


def take(args: argparse.Namespace) -> int:
    from quiz.answers import load_answers, missing, unanswered

    _settle_output(args, "take")
    if args.no_input and not args.answers:
        raise UsageError("--no-input needs --answers FILE: there is nothing else to answer from")
    loaded = _load_bank(args.questions)
    bank = loaded.bank
    # With --no-input every answer must be in the file: complete=True says which are not.
    answers: Answers = (
        load_answers(bank, Path(args.answers), complete=args.no_input) if args.answers else {}
    )
    report_path = _report_path(args)
    answers_path = _answers_path(report_path)

    asking = not args.no_input and sys.stdin.isatty()
    if asking and (args.answers or unanswered(bank, answers)):
        # With a terminal, saved answers are a starting point: what is missing is asked,
        # and the review screen lets any answer be changed before anything is written.
        # Stopping again while resuming keeps adding to the file resumed from.
        progress = Path(args.answers) if args.answers else answers_path
        answers = _ask(loaded, answers, progress, args.force or bool(args.answers))
    elif not args.no_input and (missing(bank, answers) or not args.answers):
        raise UsageError(ui.NO_TERMINAL)

    # Resuming from the file the quiz saved on Ctrl-C completes that same file.
    resumed = bool(args.answers) and Path(args.answers).resolve() == answers_path.resolve()
    saved = _save_answers_somewhere(loaded, answers, answers_path, args.force or resumed)
    result, text = _render(loaded, answers, args.format, args.private)
    from quiz.errors import OutputError
    from quiz.files import write_text

    try:
        written = write_text(report_path, text, force=args.force)
    except OutputError as exc:
        raise OutputError(
            f"{exc}\nYour answers are saved in {saved}; write the report later with:\n"
            f"  {ui.PROG} report {shlex.quote(str(saved))} -o PATH"
        ) from None

    from quiz.summary import print_summary

    print_summary(result, written.resolve(), saved.resolve())
    if args.open:
        _open_in_browser(written)
    return EXIT_OK


def _ask(loaded: LoadedBank, answers: Answers, answers_path: Path, force: bool) -> Answers:
    # Only `take` with a terminal pays for importing questionary and prompt_toolkit.
    from quiz.ask import QuizInterrupted, run_quiz, stop_on_signal

    try:
        width = os.get_terminal_size().columns
    except OSError:
        width = 80
    # SIGTERM and a closed terminal (SIGHUP) end the quiz the way Ctrl-C does: answers saved.
    previous = {sig: signal.signal(sig, stop_on_signal) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return run_quiz(loaded.bank, answers, width=width)
    except QuizInterrupted as stopped:
        # A name left empty is kept (a resumed quiz does not ask it again) but is no answer.
        count = sum(1 for value in stopped.answers.values() if value != "")
        if count:
            # In full: the resume command printed must work from any folder.
            path = _save_answers_somewhere(loaded, stopped.answers, answers_path, force).absolute()
            saved = (ui.SAVED_ANSWERS_ONE if count == 1 else ui.SAVED_ANSWERS).format(count=count)
            message = ui.INTERRUPTED.format(
                saved=saved, path=path, prog=_program(), quoted=shlex.quote(str(path))
            )
        else:
            message = f"Stopped.\n{ui.SAVED_NOTHING}"
        raise _Interrupted(message, 128 + stopped.signum) from None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _Interrupted(QuizError):
    """The quiz was stopped; exit 130 for Ctrl-C, 128 + the signal's number otherwise."""

    def __init__(self, message: str, exit_code: int = EXIT_INTERRUPTED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def _program() -> str:
    """How to run this tool again: `ai-mba-fit` when that is on PATH, else the path used."""
    import shutil

    invoked = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
    if invoked is None or invoked.name == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m quiz"
    found = shutil.which(ui.PROG)
    if found and Path(found).resolve() == invoked:
        return ui.PROG
    return shlex.quote(str(invoked))


def _open_in_browser(path: Path) -> None:
    import webbrowser

    if not webbrowser.open(path.resolve().as_uri()):
        print(f"No browser could be opened; the report is at {path.resolve()}")


def report(args: argparse.Namespace) -> int:
    from quiz import batch
    from quiz.files import check_directory
    from quiz.resources import default_bank_path

    _settle_output(args, "report")
    if args.output and len(args.inputs) > 1:
        raise UsageError("-o/--output takes one input; use --out-dir DIR for several")
    if args.jobs < 1:
        raise UsageError(f"--jobs must be 1 or more, not {args.jobs}")
    loaded = _load_bank(args.questions)
    folder = Path(args.out_dir) if args.out_dir else Path.cwd()
    if args.out_dir and not folder.exists():
        from quiz.errors import OutputError

        try:  # a folder for the reports is made, as `mkdir -p` would
            folder.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"{folder}: cannot make this folder ({exc.strerror})") from None
    check_directory(folder)
    job = batch.ReportJob(
        bank_path=Path(args.questions) if args.questions else default_bank_path(),
        folder=folder,
        output=Path(args.output) if args.output and args.output != "-" else None,
        fmt=args.format,
        private=args.private,
        force=args.force,
        generated_on=_today(),
    )
    if args.output == "-":
        text, outcome = batch.Renderer(job, loaded).render_file(args.inputs[0])
        if outcome.error is not None:
            raise QuizError(outcome.error)
        sys.stdout.write(text)
        return EXIT_OK

    failures = 0
    written: list[Path] = []
    numbered = 0
    outcomes = batch.run(job, args.inputs, loaded, jobs=args.jobs)
    for outcome in batch.with_progress(outcomes, len(args.inputs)):
        if outcome.error is not None:
            failures += 1
            _tell_error(outcome.error)
        elif outcome.written is not None:
            written.append(outcome.written)
            numbered += outcome.numbered
    if len(written) <= _LIST_AT_MOST:
        for path in written:
            print(ui.SUMMARY_REPORT.format(path=path))
    else:
        print(f"Wrote {len(written)} reports in {folder}")
        if numbered:  # the list above shows the names; a count says it here
            print(ui.NUMBERED_REPORTS.format(count=numbered))
    if failures:
        total = len(args.inputs)
        if total > 1:  # one file: its own message has said it all
            _tell_error(f"{failures} of {total} files could not be rendered (see above)")
        return EXIT_BAD_DATA
    return EXIT_OK


_LIST_AT_MOST = 20


def _tell_error(message: str) -> None:
    clear = "\r\x1b[K" if sys.stderr.isatty() else ""  # over a progress line, if one is shown
    print(f"{clear}{ui.PROG}: {message}", file=sys.stderr)


def validate(args: argparse.Namespace) -> int:
    from quiz.audit import SAMPLES, SEED, audit
    from quiz.cli import terminal_columns

    samples = SAMPLES if args.samples is None else args.samples
    seed = SEED if args.seed is None else args.seed
    if samples < 1:
        raise UsageError(f"--samples must be 1 or more, not {samples}")
    import textwrap

    loaded = _load_bank(args.questions, cached=False)  # asked to check: always check
    bank = loaded.bank
    name = args.questions or "the shipped questions.json"
    width = max(terminal_columns(), 60) - 1
    print(
        textwrap.fill(
            f"{name}: structure OK · version {bank.version} · {len(bank.questions)} "
            f"questions in {len(bank.sections)} sections · {len(bank.themes)} themes · "
            f"{len(bank.pathways)} pathways · {len(bank.bands)} bands",
            width,
            subsequent_indent="  ",
        )
    )
    how, findings = audit(bank, samples=samples, seed=seed)
    print(textwrap.fill(f"Scoring model, over {how}:", width, subsequent_indent="  "))
    for finding in findings:
        line = f"  {_LEVEL_WORD[finding.level]:<7} {finding.check}: {finding.message}"
        print(textwrap.fill(line, width, subsequent_indent=" " * 10, break_on_hyphens=False))
    errors = sum(finding.level == "error" for finding in findings)
    warnings = sum(finding.level == "warning" for finding in findings)
    print(
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

    print(json.dumps(bank_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK
