"""Being told to stop: SIGINT, SIGTERM and SIGHUP end a command the way Ctrl-C does, so
that what it has done so far is kept or cleaned up, and the exit code says which signal.

Signals that only POSIX has (SIGHUP) are looked up by name and skipped where missing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

Handler = Callable[[int, Any], None]
STOP_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


class Stopped(KeyboardInterrupt):
    """A signal asked us to stop; `signum` says which (the exit code is 128 + signum)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def stop_now(signum: int, frame: Any) -> None:
    """The plain handler: stop where the program is, as Ctrl-C would."""
    raise Stopped(signum)


@contextlib.contextmanager
def stopping(handler: Handler = stop_now) -> Iterator[None]:
    """Within the block, every stop signal this platform has goes to `handler`."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers (a test may run a command in a thread)
        return
    numbers = [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    previous = {number: signal.signal(number, handler) for number in numbers}
    try:
        yield
    finally:
        if not _stopping_for_good:
            for number, old in previous.items():
                signal.signal(number, old)


_stopping_for_good = False


def ignore_from_now() -> None:
    """A stop is being handled and the process will end: every further stop signal is
    ignored until it does (a second Ctrl-C must not cut short the saving of answers, nor
    kill the process on its way out)."""
    global _stopping_for_good
    if threading.current_thread() is not threading.main_thread():
        return
    _stopping_for_good = True
    for name in STOP_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


@contextlib.contextmanager
def held_off() -> Iterator[None]:
    """Within the block, stop signals are ignored: for cleaning up after a stop, which a
    second Ctrl-C must not cut short."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    numbers = [getattr(signal, name) for name in STOP_SIGNALS if hasattr(signal, name)]
    previous = {number: signal.signal(number, signal.SIG_IGN) for number in numbers}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)
