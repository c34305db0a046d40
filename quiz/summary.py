"""The short summary printed in the terminal at the end of the quiz."""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from quiz import constants as ui
from quiz.console import StdoutError, write
from quiz.scoring import Result
from quiz.text import verb, visible

_BAR_WIDTH = 20


def plain_terminal(stream: TextIO) -> bool:
    """True where colour and block characters would garble: not a TTY, TERM=dumb, NO_COLOR."""
    return not stream.isatty() or os.environ.get("TERM") == "dumb" or "NO_COLOR" in os.environ


def _bar(score: int, width: int, ascii_only: bool) -> str:
    filled = round(score * width / 100)
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    return full * filled + empty * (width - filled)


def summary_lines(
    result: Result,
    report: Path | None,
    answers: Path | None,
    *,
    colour: bool,
    ascii_only: bool,
    width: int = 80,
) -> list[str]:
    """The summary as lines of text that fit `width` columns (paths excepted), with ANSI
    colour only when `colour`."""

    def bold(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if colour else text

    def wrapped(text: str, indent: str = "") -> list[str]:
        # Bank text and paths with their control characters shown; our own bold stays bold.
        return textwrap.wrap(
            visible(text, lines=False),
            max(width, 20),
            initial_indent=indent,
            subsequent_indent=indent,
        )

    label_width = max(len(theme.short) for theme in result.themes)
    bar_width = max(min(_BAR_WIDTH, width - label_width - 10), 5)
    band = result.band
    lines = [
        "",
        *[
            bold(line)
            for line in wrapped(ui.SUMMARY_OVERALL.format(score=result.overall, band=band.label))
        ],
    ]
    lines += wrapped(band.summary, "  ")
    firm = result.firmness
    firm_line = ui.SUMMARY_FIRM.format(
        word=firm.word.capitalize(),
        same=firm.same,
        keep=verb(firm.same, "keeps", "keep"),
        of=firm.of,
    )
    if firm.other_lead:
        more, lead = firm.other_lead, "route" if result.lead == "route" else "pathway"
        firm_line += ui.SUMMARY_FIRM_BAND.format(
            more=more, keep=verb(more, "keeps", "keep"), lead=lead
        )
    if firm.band_changes:
        firm_line += ui.SUMMARY_FIRM_MOVED.format(moved=firm.band_changes)
    lines += wrapped(firm_line, "  ")
    lines.append("")
    top = result.pathways[0]
    second = result.pathways[1] if len(result.pathways) > 1 else None
    route = result.best_route
    if result.lead == "route" and route is not None:
        lines += wrapped(ui.SUMMARY_ROUTE.format(name=route.name))
        if top.stands_out:
            lines += wrapped(ui.SUMMARY_IF_DEGREE.format(name=top.name))
    else:
        if second is not None and second.stands_out:
            lines += wrapped(ui.SUMMARY_PATHWAY_CLOSE.format(name=top.name, second=second.name))
        else:
            lines += wrapped(ui.SUMMARY_PATHWAY.format(name=top.name))
        if result.named_route is not None:
            lines += wrapped(ui.SUMMARY_ROUTE_OTHER.format(name=result.named_route.name))
    lines += wrapped(ui.SUMMARY_NEXT.format(step=result.plan[0].do))
    for flag in result.flags:
        lines += wrapped(ui.SUMMARY_FLAG.format(flag=flag))
    lines.append("")
    for theme in result.themes:
        lines.append(
            f"  {visible(theme.short, lines=False):<{label_width}}  "
            f"{_bar(theme.score, bar_width, ascii_only)}  {theme.score:>3}"
        )
    lines.append("")
    if report is not None:
        lines.append(visible(ui.SUMMARY_REPORT.format(path=report), lines=False))
    if answers is not None:
        lines.append(visible(ui.SUMMARY_ANSWERS.format(path=answers), lines=False))
    return lines


def print_summary(
    result: Result, report: Path | None, answers: Path | None, stream: TextIO | None = None
) -> None:
    """Print the summary, in colour only on a terminal that wants it."""
    stream = stream or sys.stdout
    if stream is None:  # started with standard output closed (`>&-`)
        raise StdoutError("standard output is closed")
    plain = plain_terminal(stream)
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    ascii_only = os.environ.get("TERM") == "dumb" or encoding not in ("utf8", "utf_8")
    width = shutil.get_terminal_size().columns
    lines = summary_lines(
        result, report, answers, colour=not plain, ascii_only=ascii_only, width=width
    )
    write("".join(line + "\n" for line in lines), stream)  # made visible in summary_lines
