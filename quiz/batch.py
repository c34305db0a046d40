"""Rendering many answers files at once: one bank, one compiled template, no per-file set-up.

An advisor at a workshop renders hundreds of collected answers files in one command; a
broken file is reported by name and the rest are still rendered. Every input gets its own
report: names are settled before anything is written, so two inputs of one batch never
write the same file, and no report is ever written over an input. With `jobs > 1` the
files are shared among worker processes; a batch that is stopped ends its workers and
leaves none of its temporary files behind.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quiz.answers import read_answers
from quiz.bank import LoadedBank
from quiz.errors import OutputError, QuizError
from quiz.files import numbered, write_text
from quiz.report import SUFFIX, Format, render
from quiz.scoring import score


@dataclass(frozen=True)
class ReportJob:
    """What every file of a batch shares: how and where to write."""

    fmt: Format
    private: bool
    force: bool
    generated_on: str
    temporary_prefix: str = ".ai-mba-fit-"


@dataclass(frozen=True)
class Target:
    """One input and the report it is to become. When another input of the batch has the
    name this one would have had, `taken_by` is that name and that input."""

    source: str
    path: Path
    taken_by: tuple[Path, str] | None = None


@dataclass(frozen=True)
class Outcome:
    """One input's fate: the path written, or the message saying why not."""

    target: Target
    written: Path | None = None
    error: str | None = None

    @property
    def numbered(self) -> bool:
        """Written under another name than planned, as a file of that name was there."""
        return self.written is not None and self.written != self.target.path


def _same_file_key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def plan(names: list[str], folder: Path, fmt: Format) -> list[Target]:
    """Each input's report in `folder`, named after the input (`p.answers.json` → `p.html`);
    a name that another input of the batch, or an input itself, has already is numbered
    (`p-2.html`), in input order, so the plan is the same with any number of workers."""
    taken = {_same_file_key(Path(name)): name for name in names}
    targets = []
    for name in names:
        stem = Path(name).name.split(".")[0] or "report"
        wanted = folder / f"{stem}{SUFFIX[fmt]}"
        path, number = wanted, 1
        while _same_file_key(path) in taken:
            number += 1
            path = numbered(wanted, number)
        holder = None if path == wanted else (wanted, taken[_same_file_key(wanted)])
        taken[_same_file_key(path)] = name
        targets.append(Target(name, path, holder))
    return targets


def one(name: str, output: Path) -> Target:
    """The target of `report NAME -o OUTPUT`; never the input itself."""
    if _same_file_key(output) == _same_file_key(Path(name)):
        raise OutputError(
            f"{output}: is the input itself; a report is never written over the answers it "
            "comes from (give -o another name)"
        )
    return Target(name, output)


class Renderer:
    """Renders one answers file after another with the bank and template loaded once."""

    def __init__(self, job: ReportJob, loaded: LoadedBank) -> None:
        self.job = job
        self.loaded = loaded

    def render_file(self, name: str) -> tuple[str, str | None]:
        """The report's text (empty on error) and the error, without writing anything."""
        try:
            answers, order = read_answers(self.loaded.bank, Path(name), complete=True)
        except QuizError as exc:
            return "", str(exc)
        result = score(self.loaded, answers, self.job.generated_on, order)
        return render(result.private() if self.job.private else result, self.job.fmt), None

    def __call__(self, target: Target) -> Outcome:
        text, error = self.render_file(target.source)
        if error is not None:
            return Outcome(target, error=error)
        try:
            written = write_text(
                target.path,
                text,
                force=self.job.force,
                durable=False,
                prefix=self.job.temporary_prefix,
            )
        except QuizError as exc:
            return Outcome(target, error=str(exc))
        return Outcome(target, written=written)


_WORKER: Renderer | None = None


def _start_worker(job: ReportJob, loaded: LoadedBank) -> None:
    global _WORKER
    import signal

    # Ctrl-C reaches every process of the terminal's group: the parent stops the batch and
    # ends its workers; a worker that also raised would only print a traceback. The
    # parent's own handlers (quiz.stopping), inherited by a forked worker, go too: the
    # parent ends a worker with SIGTERM, which must simply end it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _WORKER = Renderer(job, loaded)


def _in_worker(task: tuple[str, str]) -> tuple[str | None, str | None]:
    """One input in a worker: plain strings there and back (what crosses between
    processes is pickled, and a Path or a dataclass costs several times a str)."""
    assert _WORKER is not None
    source, path = task
    outcome = _WORKER(Target(source, Path(path)))
    return (None if outcome.written is None else str(outcome.written)), outcome.error


def usable_jobs(asked: int, inputs: int) -> tuple[int, int | None]:
    """How many worker processes to use for `inputs` files when `asked` for, and the number
    of processors when that capped it (for a message)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    processors = available or os.cpu_count() or 1
    if asked > processors:
        return processors, processors
    return max(1, min(asked, inputs)), None


def run(
    job: ReportJob, targets: list[Target], loaded: LoadedBank, jobs: int = 1
) -> Generator[Outcome, None, None]:
    """Render every target, in order; `jobs` worker processes when above 1. Closing the
    iterator early (an error, a signal) ends the workers and removes the temporary files
    this batch left; so close it (`contextlib.closing`)."""
    if jobs <= 1 or len(targets) < 2:
        yield from map(Renderer(job, loaded), targets)
        return
    import multiprocessing

    try:
        pool = multiprocessing.Pool(jobs, initializer=_start_worker, initargs=(job, loaded))
    except OSError as exc:
        raise OutputError(f"cannot start {jobs} worker processes ({exc.strerror or exc})") from None
    chunk = max(1, min(64, len(targets) // (jobs * 8)))
    finished = False
    try:
        tasks = ((target.source, str(target.path)) for target in targets)
        for target, (written, error) in zip(
            targets, pool.imap(_in_worker, tasks, chunksize=chunk), strict=True
        ):
            yield Outcome(target, written=None if written is None else Path(written), error=error)
        finished = True
    finally:
        pool.terminate()  # every worker ends here, whether the batch finished or not
        pool.join()
        if not finished:
            _remove_temporary_files(targets, job.temporary_prefix)


def _remove_temporary_files(targets: list[Target], prefix: str) -> None:
    """The temporary files a stopped worker may have left, found by this batch's prefix."""
    for folder in {target.path.parent for target in targets}:
        try:
            leftovers = [entry for entry in os.scandir(folder) if entry.name.startswith(prefix)]
        except OSError:
            continue
        for entry in leftovers:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def temporary_prefix() -> str:
    """A prefix for this batch's temporary files that no other batch's has."""
    return f".ai-mba-fit-{os.getpid()}-"


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
