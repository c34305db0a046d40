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
import gc
import os
import sys
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from quiz.answers import read_answers
from quiz.bank import LoadedBank
from quiz.errors import OutputError, QuizError, at
from quiz.files import numbered_name, write_text
from quiz.report import SUFFIX, Format, prepare, render
from quiz.scoring import score
from quiz.stopping import held_off

TYPE_CHECKING = False
if TYPE_CHECKING:  # quiz.workers loads multiprocessing: only a batch with --jobs needs it
    from quiz.workers import Task, TaskResult


@dataclass(frozen=True, repr=False, match_args=False)
class ReportJob:
    """What every file of a batch shares: how and where to write."""

    fmt: Format
    private: bool
    force: bool
    generated_on: str
    temporary_prefix: str = ".ai-mba-fit-"
    program: str = ""  # how to run the tool, for "take --answers FILE" on an unfinished file


@dataclass(frozen=True, repr=False, match_args=False, slots=True)
class Target:
    """One input and the report it is to become: the file `name` in `folder` (text, not a
    Path: a Path costs five times as much, times 10,000, and every report of a batch shares
    one folder's string). When another input of the batch has the name this one would have
    had, `taken_by` is that name and that input."""

    source: str
    folder: str  # "" when -o names a bare file (os.path.split), else the folder as given
    name: str
    taken_by: tuple[Path, str] | None = None

    @property
    def where(self) -> str:
        return os.path.join(self.folder, self.name) if self.folder else self.name

    @property
    def path(self) -> Path:
        return Path(self.where)


@dataclass(frozen=True, repr=False, match_args=False, slots=True)
class Outcome:
    """One input's fate: the path written, or the message saying why not."""

    target: Target
    written: Path | None = None
    error: str | None = None

    @property
    def numbered(self) -> bool:
        """Written under another name than planned, as a file of that name was there."""
        return self.written is not None and self.written != self.target.path


def _same_file_key(path: str | Path) -> str:
    try:
        return os.path.normcase(os.path.realpath(path))
    except OSError:  # the current folder was removed: the path as given, tidied as a Path is
        return os.path.normcase(str(Path(path)))


def plan(
    names: list[str], folder: Path, fmt: Format, inputs: list[str] | None = None
) -> list[Target]:
    """Each input's report in `folder`, named after the input (`p.answers.json` → `p.html`);
    a name that another input of the batch has, or that is an input itself (`inputs`: the
    answers and the question bank), is numbered (`p-2.html`), in input order, so the plan is
    the same with any number of workers."""
    # Reports are written under their own names in `folder` (a link of that name is
    # replaced, never written through), so one real path of the folder serves them all, and
    # only names in it can clash: the inputs that really are in it, and the reports.
    where = _same_file_key(folder)
    taken: dict[str, str] = {}  # a name in the folder (as the system compares names) → its input
    for name in inputs or names:
        real = _same_file_key(name)
        real_name = os.path.basename(real)
        if os.path.join(where, real_name) == real:  # as a report's path in the folder is made
            taken[real_name] = name
    shared = str(folder)
    targets = []
    for name in names:
        stem = os.path.basename(name).split(".")[0] or "report"
        wanted = report = f"{stem}{SUFFIX[fmt]}"
        number = 1
        while os.path.normcase(report) in taken:
            number += 1
            report = numbered_name(wanted, number)
        holder = None
        if report != wanted:
            holder = (folder / wanted, taken[os.path.normcase(wanted)])
        taken[os.path.normcase(report)] = name
        targets.append(Target(name, shared, report, holder))
    return targets


def one(name: str, output: Path, inputs: list[str] | None = None) -> Target:
    """The target of `report NAME -o OUTPUT`; never an input (`inputs`: the answers and
    the question bank)."""
    for given in inputs or [name]:
        if _same_file_key(output) == _same_file_key(given):
            raise OutputError(
                f"{at(output)}: is an input itself; a report is never written over the answers "
                "or the question bank it comes from (give -o another name)"
            )
    return Target(name, *os.path.split(str(output)))


class Renderer:
    """Renders one answers file after another with the bank and template loaded once."""

    def __init__(self, job: ReportJob, loaded: LoadedBank) -> None:
        self.job = job
        self.loaded = loaded

    def render_file(self, name: str) -> tuple[str, str | None]:
        """The report's text (empty on error) and the error, without writing anything."""
        try:
            answers, order = read_answers(
                self.loaded.bank, Path(name), complete=True, finish=self.job.program
            )
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


def _setup(job: ReportJob, loaded: LoadedBank) -> Callable[[Task], TaskResult]:
    """In a worker: a renderer, and what it does with one input. Plain strings there and
    back (what crosses between processes is pickled, and a Path or a dataclass costs
    several times a str)."""
    renderer = Renderer(job, loaded)
    _freeze_what_lasts(job.fmt)  # for the worker's life

    def handle(task: Task) -> TaskResult:
        source, path = task
        outcome = renderer(Target(source, *os.path.split(path)))
        return (None if outcome.written is None else str(outcome.written)), outcome.error

    return handle


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
    """Render every target, in order; `jobs` worker processes when above 1 (quiz.workers).
    Closing the iterator early (an error, a signal) ends the workers and removes the
    temporary files this batch left; so close it (`contextlib.closing`)."""
    finished = False
    try:
        if jobs <= 1 or len(targets) < 2:
            with _kept_out_of_collections(job.fmt):
                yield from map(Renderer(job, loaded), targets)
        else:
            from quiz import workers

            tasks = [(target.source, target.where) for target in targets]
            chunk = max(1, min(64, len(targets) // (jobs * 8)))
            results = workers.run(tasks, jobs, _setup, (job, loaded), chunk)
            with contextlib.closing(results):
                for target, (written, error) in zip(targets, results, strict=True):
                    path = None if written is None else Path(written)
                    yield Outcome(target, written=path, error=error)
        finished = True
    finally:
        if not finished:
            with held_off():
                _remove_temporary_files(targets, job.temporary_prefix)


def _freeze_what_lasts(fmt: Format) -> None:
    """Load what every report uses (the templates) and keep all that lives now (the bank,
    the templates, the modules) out of the collector's passes: a pass over it every few
    hundred objects a report makes cost 5% of a batch, and a full one during a single
    report cost it several milliseconds."""
    prepare(fmt)
    gc.freeze()


@contextlib.contextmanager
def _kept_out_of_collections(fmt: Format) -> Iterator[None]:
    """`_freeze_what_lasts` for as long as the reports are made in this process, then all
    back as it was, so a caller's garbage is not kept for good (the tool's own commands
    make one batch a process); a caller that froze objects itself keeps its own way."""
    if gc.get_freeze_count():
        prepare(fmt)
        yield
        return
    _freeze_what_lasts(fmt)
    try:
        yield
    finally:
        gc.unfreeze()


def _remove_temporary_files(targets: list[Target], prefix: str) -> None:
    """The temporary files a stopped worker may have left, found by this batch's prefix."""
    for folder in {target.folder or os.curdir for target in targets}:
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
