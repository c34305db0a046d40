"""The command line: arguments, and the one place errors become messages and exit codes.

Start-up time is the first thing a user notices, so this module imports only what parsing
needs; each command's flow (quiz/commands.py) and the heavy libraries it uses are loaded
after the arguments are read, and `--version` does not even build the parser.
"""

from __future__ import annotations

import gc
import sys

from quiz import __version__
from quiz import constants as ui
from quiz.console import (
    StdoutError,
    cannot_write_stdout,
    silence_stdout,
    tell,
    terminal_columns,
    write,
)
from quiz.errors import EXIT_BAD_DATA, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, QuizError
from quiz.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import Any, NoReturn

COMMANDS = ("take", "report", "compare", "overview", "preview", "validate", "schema")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line, or with `only` the options of that command alone (the other
    commands are named, for `--help` and for a mistyped one, but not built)."""
    import argparse

    width = terminal_columns() - 2

    class Formatter(argparse.HelpFormatter):
        """argparse's help, but lines of an epilog that start with two spaces (examples)
        are kept as written, not run together."""

        def __init__(self, prog: str) -> None:
            super().__init__(prog, width=width)

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            lines = []
            for line in text.splitlines():
                kept = line.startswith("  ") or not line
                lines.append(indent + line if kept else super()._fill_text(line, width, indent))
            return "\n".join(lines)

    class Parser(argparse.ArgumentParser):
        """argparse, with what it prints (help, and errors that quote the arguments given)
        going out through quiz.console like every other message."""

        def print_help(self, file: Any = None) -> None:
            if file is None and sys.stdout is None:  # started with `>&-`
                raise StdoutError("standard output is closed")
            super().print_help(file)

        def _print_message(self, message: str, file: Any = None) -> None:
            if not message:
                return
            if file is None or file is sys.stderr:
                tell(message.rstrip("\n"))
            else:
                write(visible(message), file)

    parser = Parser(
        formatter_class=Formatter,
        prog=ui.PROG,
        description=(
            "A five-minute quiz on whether an MBA in AI fits you, with an honest, "
            "shareable report. Run without a command to take the quiz."
        ),
        epilog=ui.EXAMPLES["main"]
        + "\n\nExit codes: 0 done, 1 bad data, 2 wrong usage or no terminal, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"{ui.PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def wanted(name: str) -> bool:
        """Whether to build this command's options: all of them unless `only` names one."""
        return only is None or only == name

    def output_options(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--format",
            choices=("html", "json", "md"),
            help="report format (default: from the -o file's ending, else html)",
        )
        command.add_argument(
            "--private", action="store_true", help="leave the name and every free-text answer out"
        )
        command.add_argument("--force", action="store_true", help="overwrite existing files")
        command.add_argument("--questions", metavar="PATH", help="use this question bank")

    take = commands.add_parser(
        "take",
        formatter_class=Formatter,
        help="take the quiz and write the report (the default)",
        description="Take the quiz in this terminal, then write the report and an answers "
        "file (to resume or re-render from) in the current folder, or beside -o.",
        epilog=ui.EXAMPLES["take"],
    )
    if wanted("take"):
        take.add_argument(
            "--answers", metavar="FILE", help="start from saved answers; ask only the rest"
        )
        take.add_argument(
            "--no-input", action="store_true", help="never ask; every answer must be in --answers"
        )
        take.add_argument(
            "-o",
            "--output",
            metavar="PATH",
            help=f"report path (default: ./{ui.DEFAULT_REPORT_NAME}.html)",
        )
        take.add_argument("--open", action="store_true", help="open the report in the browser")
        output_options(take)
        take.set_defaults(command="take")

    report = commands.add_parser(
        "report",
        formatter_class=Formatter,
        help="write reports from saved answers, without asking",
        description="Write the report of each answers file (or of a report this tool made), "
        "without asking anything.",
        epilog=ui.EXAMPLES["report"],
    )
    if wanted("report"):
        report.add_argument(
            "inputs",
            nargs="+",
            metavar="ANSWERS",
            help="answers files (as the quiz saves them), or HTML reports this tool made",
        )
        where = report.add_mutually_exclusive_group()
        where.add_argument(
            "-o", "--output", metavar="PATH", help="report path for one input (- for stdout)"
        )
        where.add_argument(
            "--out-dir", metavar="DIR", help="folder for the reports (default: here)"
        )
        report.add_argument(
            "-j",
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="worker processes for many files (default: 1)",
        )
        output_options(report)
        report.set_defaults(command="report")

    compare = commands.add_parser(
        "compare",
        formatter_class=Formatter,
        help="what moved between two takes of the quiz, and why",
        description="Compare two answers files or reports (a report carries its answers): "
        "the fit, band, top pathway and best route then and now, how far each theme moved "
        "and the changed answers that moved it most, and what can be compared when the two "
        "used different versions of the question bank. On screen, or as a file with -o.",
        epilog=ui.EXAMPLES["compare"],
    )
    if wanted("compare"):
        compare.add_argument("old", metavar="OLD", help="the earlier answers file or report")
        compare.add_argument("new", metavar="NEW", help="the later answers file or report")
        compare.add_argument(
            "-o", "--output", metavar="PATH", help="a file instead of the screen (- for stdout)"
        )
        output_options(compare)
        compare.set_defaults(command="compare")

    overview = commands.add_parser(
        "overview",
        formatter_class=Formatter,
        help="one page on many answers files, for an advisor",
        description="A cohort's overview of many answers files or reports: the bands and "
        "the fit, top pathways and best routes, each theme, the practical notes and answer "
        "patterns that came up, and the questions that split the cohort most. Names are left "
        "out unless --names; a group of fewer than 5 is not broken down. Files that cannot be "
        "read are listed, and the rest are still counted.",
        epilog=ui.EXAMPLES["overview"],
    )
    if wanted("overview"):
        overview.add_argument(
            "inputs", nargs="*", metavar="FILES", help="answers files or reports this tool made"
        )
        overview.add_argument(
            "--dir", metavar="DIR", help="every answers file (.json) and report (.html) in DIR"
        )
        overview.add_argument(
            "-o",
            "--output",
            metavar="PATH",
            help=f"where to write it (- for stdout; default: ./{ui.OVERVIEW_NAME}.html)",
        )
        overview.add_argument(
            "--format",
            choices=("html", "json", "csv"),
            help="default: from the -o file's ending, else html",
        )
        overview.add_argument("--names", action="store_true", help="list each reader by name")
        overview.add_argument("--force", action="store_true", help="overwrite an existing file")
        overview.add_argument("--questions", metavar="PATH", help="use this question bank")
        overview.set_defaults(command="overview")

    preview = commands.add_parser(
        "preview",
        formatter_class=Formatter,
        help="the whole question bank on one page, with every answer's points",
        description="For the bank's content owner: every section, question and option in "
        "the order a reader meets them (conditions shown), each answer's points per theme, "
        "pathway and route as a heat map with numbers, the notes each answer calls up, and "
        "what validate finds. A bank with problems gives a page of its problems instead.",
        epilog=ui.EXAMPLES["preview"],
    )
    if wanted("preview"):
        preview.add_argument(
            "questions", nargs="?", metavar="QUESTIONS", help="default: the shipped bank"
        )
        preview.add_argument(
            "-o", "--output", metavar="PATH", help="the page (- for stdout; default: bank.html)"
        )
        preview.add_argument("--force", action="store_true", help="overwrite an existing file")
        preview.set_defaults(command="preview")

    validate = commands.add_parser(
        "validate",
        formatter_class=Formatter,
        help="check a question bank and its scoring model",
        description=(
            "Check a question bank's structure, then its scoring model: every band and "
            "pathway reachable, every theme able to score low and high, no answer that moves "
            "nothing, no reward for always picking the same answer, and how often the top "
            "two pathways are close. Exits 1 if the bank or its model has an error."
        ),
        epilog=ui.EXAMPLES["validate"],
    )
    if wanted("validate"):
        validate.add_argument(
            "questions", nargs="?", metavar="QUESTIONS", help="default: the shipped bank"
        )
        # The defaults live in quiz/audit.py, which parsing must not import.
        validate.add_argument(
            "--samples",
            type=int,
            metavar="N",
            help="answers files to sample when there are too many to try all (default: 2000)",
        )
        validate.add_argument("--seed", type=int, metavar="N", help="seed of the sample (fixed)")
        validate.set_defaults(command="validate")

    schema = commands.add_parser(
        "schema",
        formatter_class=Formatter,
        help="print the JSON Schema of the question bank",
        epilog=ui.EXAMPLES["schema"],
    )
    if wanted("schema"):
        schema.set_defaults(command="schema")

    every = (take, report, compare, overview, preview, validate, schema)
    for name, command in zip(COMMANDS, every, strict=True):
        if wanted(name):
            command.add_argument("--version", action="version", version=f"{ui.PROG} {__version__}")
    return parser


def _with_default_command(argv: Sequence[str]) -> list[str]:
    """No command means `take`: `ai-mba-fit --answers a.json` is `take --answers a.json`."""
    args = list(argv)
    if not args or (args[0] not in COMMANDS and args[0] not in ("-h", "--help", "--version")):
        if args and not args[0].startswith("-"):
            # A word where a command goes is a mistyped command, not an argument of `take`.
            import difflib

            close = difflib.get_close_matches(args[0], COMMANDS, n=1, cutoff=0.5)
            meant = f"; did you mean {close[0]!r}?" if close else ""
            build_parser().error(
                f"unknown command {args[0]!r}{meant} (commands: {', '.join(COMMANDS)})"
            )
        return ["take", *args]
    return args


def run() -> NoReturn:
    """The `ai-mba-fit` command (and `python -m quiz`): `main`, then out.

    What the run made is frozen first (`gc.freeze`), so the interpreter's last collection
    on its way out does not walk all of it again just before it is freed anyway: some 20
    ms of the 180 a report of one file takes. Nothing is lost by it: every file is written
    and closed, and standard output flushed, before `main` returns."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Every user-facing error ends here, as
    one message on standard error: never a traceback."""
    try:
        code = _run(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse, after --help or a usage error it has printed
        code = exc.code if isinstance(exc.code, int) else EXIT_USAGE if exc.code else EXIT_OK
    except QuizError as exc:
        tell(f"{ui.PROG}: {exc}")
        if isinstance(exc, StdoutError):
            silence_stdout()
        code = exc.exit_code
    except KeyboardInterrupt as exc:
        tell(f"\n{ui.PROG}: interrupted")
        signum = getattr(exc, "signum", None)
        code = 128 + signum if isinstance(signum, int) else EXIT_INTERRUPTED
    except BrokenPipeError:
        return _quiet_after_closed_pipe()
    return _flushed(code)


def _run(arguments: list[str]) -> int:
    if arguments == ["--version"]:
        write(f"{ui.PROG} {__version__}\n")
        return EXIT_OK
    words = _with_default_command(arguments)
    # Only the command named gets its options built (a dozen commands' worth of
    # add_argument calls would be start-up time); `--help` alone lists every command.
    args = build_parser(only=words[0] if words and words[0] in COMMANDS else "").parse_args(words)
    _never_fail_to_encode()
    if args.command == "take":
        from quiz.take import take

        return take(args)
    if args.command in ("compare", "overview", "preview"):
        from quiz import pages

        made: int = getattr(pages, args.command)(args)
        return made
    from quiz import commands

    code: int = getattr(commands, args.command)(args)
    return code


def _never_fail_to_encode() -> None:
    """A terminal that is not UTF-8 (Latin-1, say) gets a stand-in for what it cannot show,
    rather than an error in the middle of a message."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:  # noqa: SIM105 (contextlib would cost start-up time for one try)
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def _flushed(code: int) -> int:
    """Flush standard output before saying we are done: a full disk or a closed stream is
    one message and exit 1 (a reader who closed the pipe, as `| head` does, stays quiet)."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        return _quiet_after_closed_pipe(code)
    except OSError as exc:
        silence_stdout()
        tell(f"{ui.PROG}: {cannot_write_stdout(exc)}")
        return EXIT_BAD_DATA
    except (ValueError, AttributeError):  # closed or missing: nothing to flush
        pass
    return code


def _quiet_after_closed_pipe(code: int = EXIT_OK) -> int:
    silence_stdout()
    return code
