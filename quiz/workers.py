"""Worker processes for a batch: each gets a chunk of tasks over a pipe of its own and sends
back the results of the whole chunk, and gets the next chunk when it is done.

Written here rather than with multiprocessing.Pool, whose failures are the ones a batch
must not have: a worker that dies (the OOM killer, a stray `kill -9`) leaves Pool waiting for
ever on the task it held, and a pool that only partly starts can hang in join(). Here the
parent watches every worker's process handle beside its pipe: a worker that ends without
finishing its chunk is an error with a message, and the parent always ends the rest.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

from quiz.errors import OutputError
from quiz.stopping import held_off

Task = tuple[str, str]
TaskResult = tuple[str | None, str | None]
# Made in the worker from the arguments given to `run`; then called once per task.
Setup = Callable[..., Callable[[Task], TaskResult]]


def _ignore_stops_in_worker() -> None:
    # Ctrl-C reaches every process of the terminal's group: the parent stops the batch and
    # ends its workers; a worker that also raised would only print a traceback. Handlers a
    # forked worker inherited from the parent (quiz.stopping) go too: the parent ends a
    # worker with SIGTERM, which must simply end it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _work(connection: Connection, setup: Setup, arguments: tuple[Any, ...]) -> None:
    """A worker's life: set up once, then answer each chunk until told to stop (None)."""
    _ignore_stops_in_worker()
    handle = setup(*arguments)
    while True:
        try:
            chunk = connection.recv()
        except EOFError:  # the parent is gone
            return
        if chunk is None:
            return
        connection.send([handle(task) for task in chunk])


def run(
    tasks: Sequence[Task], jobs: int, setup: Setup, arguments: tuple[Any, ...], chunk: int
) -> Generator[TaskResult, None, None]:
    """The results of `tasks`, in their order, from `jobs` worker processes. Stopping early
    (closing the iterator, a signal) ends every worker before it returns."""
    workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
    try:
        for _ in range(jobs):
            mine, theirs = multiprocessing.Pipe()
            process = multiprocessing.Process(
                target=_work, args=(theirs, setup, arguments), daemon=True
            )
            try:
                process.start()
            except OSError as exc:
                raise OutputError(
                    f"cannot start {jobs} worker processes ({exc.strerror or exc})"
                ) from None
            theirs.close()
            workers.append((process, mine))
        yield from _dispatch(tasks, workers, chunk)
    finally:
        _end(workers)


def _dispatch(
    tasks: Sequence[Task],
    workers: list[tuple[multiprocessing.process.BaseProcess, Connection]],
    chunk: int,
) -> Iterator[TaskResult]:
    chunks = [range(start, min(start + chunk, len(tasks))) for start in range(0, len(tasks), chunk)]
    results: dict[int, TaskResult] = {}
    held: dict[Connection, range] = {}
    sentinel = {process.sentinel: (process, connection) for process, connection in workers}
    waiting = iter(chunks)
    for _, connection in workers:
        _hand_out(connection, waiting, tasks, held)
    done = received = 0
    while done < len(tasks):
        for ready in wait([*held, *sentinel]):
            if isinstance(ready, Connection):
                try:
                    answers = ready.recv()
                except EOFError:
                    continue  # the worker died mid-answer: its sentinel says so next
                for index, answer in zip(held.pop(ready), answers, strict=True):
                    results[index] = answer
                    received += 1
                _hand_out(ready, waiting, tasks, held)
            else:
                process, connection = sentinel.pop(ready)  # type: ignore[arg-type]
                if connection in held:
                    process.join(timeout=1)  # so that its exit code is known
                    lost = len(tasks) - received
                    raise OutputError(
                        f"a worker process ended unexpectedly (exit code {process.exitcode}); "
                        f"{lost} of the {len(tasks)} reports were not written"
                    )
        while done in results:
            yield results.pop(done)
            done += 1


def _hand_out(
    connection: Connection,
    waiting: Iterator[range],
    tasks: Sequence[Task],
    held: dict[Connection, range],
) -> None:
    indexes = next(waiting, None)
    if indexes is None:
        return
    held[connection] = indexes
    # A worker killed just after it sent its last answers has closed its end: the chunk
    # stays held, and its sentinel reports the death with the message, not a traceback.
    with contextlib.suppress(OSError):
        connection.send([tasks[i] for i in indexes])


def _end(workers: list[tuple[multiprocessing.process.BaseProcess, Connection]]) -> None:
    """Every worker ended, whatever happened; a second Ctrl-C cannot cut this short."""
    with held_off():
        for _, connection in workers:
            with contextlib.suppress(OSError):
                connection.send(None)
            connection.close()
        for process, _ in workers:
            process.join(timeout=0.5)
            if process.is_alive():
                process.terminate()
                process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join()
