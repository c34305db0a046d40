"""What `report`, `validate` and `schema` do, start to end, and what every command shares
(the bank, the date, where the output goes); `take` is in quiz/take.py.

Imported by quiz/cli.py only once the arguments are parsed, so `--help` and `--version`
never load it. Heavy libraries are imported inside the command that needs them:
`report` never pays for the terminal UI, and `schema` never for jinja2.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import constants as ui
from quiz.console import program, say, tell, write_bytes
from quiz.errors import EXIT_BAD_DATA, EXIT_OK, QuizError, UsageError, at

if TYPE_CHECKING:
    from quiz import batch
    from quiz.bank import LoadedBank


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
    from quiz.bankcache import load_bank
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
    written = _Written()
    from quiz.stopping import stopping

    with stopping(), contextlib.closing(batch.run(job, targets, loaded, jobs=jobs)) as outcomes:
        for outcome in batch.with_progress(outcomes, len(targets)):
            if outcome.error is not None:
                failures += 1
                _tell_error(outcome.error)
            elif outcome.written is not None:
                written.add(outcome)
    _say_written(written, folder)
    if failures:
        total = len(args.inputs)
        if total > 1:  # one file: its own message has said it all
            _tell_error(f"{failures} of {total} files could not be rendered (see above)")
        return EXIT_BAD_DATA
    return EXIT_OK


_LIST_AT_MOST = 20


class _Written:
    """What is said of the reports written: their count, and only those of them that the
    message can list (a batch of 10,000 keeps 20, not 10,000)."""

    def __init__(self) -> None:
        self.count = 0
        self.first: list[batch.Outcome] = []
        self.renamed_count = 0
        self.renamed: list[batch.Outcome] = []

    def add(self, outcome: batch.Outcome) -> None:
        self.count += 1
        if len(self.first) <= _LIST_AT_MOST:
            self.first.append(outcome)
        if outcome.numbered or outcome.target.taken_by is not None:
            self.renamed_count += 1
            if len(self.renamed) < _LIST_AT_MOST:
                self.renamed.append(outcome)


def _say_written(written: _Written, folder: Path) -> None:
    """Where each report went: every path when there are few; when there are many, a count
    and those that did not get their input's name, each with why."""
    if written.count <= _LIST_AT_MOST:
        for outcome in written.first:
            say(ui.SUMMARY_REPORT.format(path=_written_note(outcome)))
        return
    say(ui.WROTE_MANY.format(count=written.count, folder=at(folder)))
    if written.renamed_count:
        say(ui.NUMBERED_MANY.format(count=written.renamed_count))
        for outcome in written.renamed:
            say(f"  {_written_note(outcome)}")
        if written.renamed_count > _LIST_AT_MOST:
            say(ui.AND_MORE.format(count=written.renamed_count - _LIST_AT_MOST))


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
