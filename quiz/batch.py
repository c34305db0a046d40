"""Rendering many answers files at once: one bank, one compiled template, no per-file set-up.

An advisor at a workshop renders hundreds of collected answers files in one command; a
broken file is reported by name and the rest are still rendered. With `jobs > 1` the
files are shared among worker processes, each of which loads the bank once.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quiz.answers import load_answers
from quiz.bank import LoadedBank, load_bank
from quiz.errors import QuizError
from quiz.files import write_text
from quiz.report import SUFFIX, Format, render
from quiz.scoring import score


@dataclass(frozen=True)
class ReportJob:
    """What every file of a batch shares: where the bank is, how and where to write."""

    bank_path: Path
    folder: Path
    output: Path | None
    fmt: Format
    private: bool
    force: bool
    generated_on: str


@dataclass(frozen=True)
class Outcome:
    """One input's fate: the path written, or the message saying why not."""

    source: str
    written: Path | None = None
    error: str | None = None
    numbered: bool = False  # written under a numbered name, as the report's name was taken


class Renderer:
    """Renders one answers file after another with the bank and template loaded once."""

    def __init__(self, job: ReportJob, loaded: LoadedBank | None = None) -> None:
        self.job = job
        self.loaded = loaded or load_bank(job.bank_path)

    def render_file(self, name: str) -> tuple[str, Outcome]:
        """The report's text (empty on error) and the outcome, without writing anything."""
        try:
            answers = load_answers(self.loaded.bank, Path(name), complete=True)
        except QuizError as exc:
            return "", Outcome(name, error=str(exc))
        result = score(self.loaded, answers, self.job.generated_on)
        return render(result.private() if self.job.private else result, self.job.fmt), Outcome(name)

    def __call__(self, name: str) -> Outcome:
        text, outcome = self.render_file(name)
        if outcome.error is not None:
            return outcome
        stem = Path(name).name.split(".")[0] or "report"
        target = self.job.output or self.job.folder / f"{stem}{SUFFIX[self.job.fmt]}"
        try:
            written = write_text(target, text, force=self.job.force, durable=False)
            return Outcome(name, written=written, numbered=written != target)
        except QuizError as exc:
            return Outcome(name, error=str(exc))


_WORKER: Renderer | None = None


def _start_worker(job: ReportJob) -> None:
    global _WORKER
    _WORKER = Renderer(job)


def _in_worker(name: str) -> Outcome:
    assert _WORKER is not None
    return _WORKER(name)


def run(job: ReportJob, names: list[str], loaded: LoadedBank, jobs: int = 1) -> Iterator[Outcome]:
    """Render every input, in input order; `jobs` worker processes when above 1."""
    if jobs <= 1 or len(names) < 2:
        yield from map(Renderer(job, loaded), names)
        return
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(names) // (jobs * 8)))
    with ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(job,)) as pool:
        yield from pool.map(_in_worker, names, chunksize=chunk)


def with_progress(
    outcomes: Iterable[Outcome], total: int, stream: TextIO | None = None
) -> Iterator[Outcome]:
    """Pass outcomes through, showing a count and a rate on a terminal (silent otherwise)."""
    stream = stream or sys.stderr
    live = stream.isatty() and total > 1
    started = last = time.monotonic()
    for done, outcome in enumerate(outcomes, start=1):
        now = time.monotonic()
        if live and (now - last > 0.2 or done == total):
            rate = done / max(now - started, 1e-9)
            stream.write(f"\rRendered {done} of {total} ({rate:.0f}/s)")
            stream.flush()
            last = now
        yield outcome
    if live:
        stream.write("\n")
