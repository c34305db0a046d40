"""The commands that make a page of their own: `compare` (two takes), `overview` (a cohort)
and `preview` (the question bank); what they share with the rest is in quiz/commands.py."""

from __future__ import annotations

import argparse
from pathlib import Path

from quiz import constants as ui
from quiz.commands import _load_bank, _same_file, _settle_output, _tell_error, _today
from quiz.console import say, write_bytes
from quiz.errors import EXIT_BAD_DATA, EXIT_OK, UsageError, at


def compare(args: argparse.Namespace) -> int:
    from quiz.compare import compare
    from quiz.compare_text import as_json, as_text, comparable, file_names_only, notes
    from quiz.text import visible

    shown_on_screen = args.output is None and args.format is None
    _settle_output(args, "compare")
    loaded = _load_bank(args.questions)
    found = compare(loaded, Path(args.old), Path(args.new), _today())
    if args.private:
        from quiz.compare_text import without_free_text

        found = without_free_text(loaded.bank, found)
    if shown_on_screen:
        say(visible(as_text(found)).rstrip("\n"))
        return EXIT_OK
    # A file is shared: it names each input, not the folders of this machine.
    found = file_names_only(found)
    if args.format == "json":
        text = as_json(found)
    else:
        from quiz.report import render_page

        context = {"c": found, "notes": notes(found), "comparable": comparable(found)}
        text = render_page(f"compare.{args.format}", **context)
    _write_page(args.output or "-", "", text, args.force, "Comparison", [args.old, args.new])
    return EXIT_OK


def preview(args: argparse.Namespace) -> int:
    from quiz.errors import BankError
    from quiz.preview import preview, problems
    from quiz.report import render_page

    # A page is shared: it names the bank's file, not the folders of this machine.
    source = Path(args.questions).name if args.questions else "the shipped questions.json"
    try:
        loaded = _load_bank(args.questions, cached=False)
    except BankError as exc:
        text = render_page("preview.html", p=None, problems=problems(exc.problems), source=source)
        _write_page(args.output, "bank.html", text, args.force, "Problems", [])
        raise
    found = preview(loaded)
    text = render_page("preview.html", p=found, problems=[], source=source)
    _write_page(args.output, "bank.html", text, args.force, "Preview", [loaded.source])
    return EXIT_OK


def _write_page(
    output: str | None, default: str, text: str, force: bool, what: str, inputs: list[str]
) -> None:
    """A page to `output` (or `default`; "-" is standard output), never over an input, numbered
    rather than replacing a file unless `force`; says "`what`: path"."""
    if output == "-":
        write_bytes(text.encode("utf-8", "replace"))
        return
    from quiz.files import write_text

    target = Path(output or default)
    if any(_same_file(target, Path(name)) for name in inputs):
        raise UsageError(f"{at(target)}: is an input itself; give -o another name")
    written = write_text(target, text, force=force, durable=False)
    say(f"{what}: {at(written)}")


def overview(args: argparse.Namespace) -> int:
    from quiz.overview import SMALLEST, as_csv, as_json, overview

    names = list(args.inputs)
    if args.dir:
        folder = Path(args.dir)
        try:
            listed = sorted(
                str(entry)
                for entry in folder.iterdir()
                if entry.suffix.lower() in (".json", ".html", ".htm") and entry.is_file()
            )
        except OSError as exc:
            from quiz.errors import OutputError
            from quiz.files import reason

            raise OutputError(f"{at(folder)}: cannot read this folder ({reason(exc)})") from None
        names += listed
    if not names:
        raise UsageError("give the answers files, or --dir DIR: there is nothing to overview")
    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output and args.output != "-" else ""
        fmt = {".json": "json", ".csv": "csv"}.get(suffix, "html")
    loaded = _load_bank(args.questions)
    found = overview(loaded, names, _today(), with_names=args.names)
    if fmt == "json":
        text = as_json(found)
    elif fmt == "csv":
        text = as_csv(found)
    else:
        from quiz.report import render_page

        text = render_page(
            "overview.html", o=found, smallest=SMALLEST, bank_version=loaded.bank.version
        )
    for message in found.bad:
        _tell_error(message)
    what = f"Overview of {found.read} of {len(names)} files"
    _write_page(args.output, f"{ui.OVERVIEW_NAME}.{fmt}", text, args.force, what, names)
    if found.bad:  # listed, and the page made of the rest; still, not all went in
        _tell_error(f"{len(found.bad)} of {len(names)} files could not be read (see above)")
        return EXIT_BAD_DATA
    return EXIT_OK
