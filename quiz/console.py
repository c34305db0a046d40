"""What the tool prints: every line goes out through here, with its control characters made
visible (quiz.text.visible), so nothing a file, a key or a bank holds can act on the terminal.

Light to import: `--help` uses it. A standard output that cannot be written (a full disk,
`> /dev/full`) becomes an OutputError with a message, never a traceback.
"""

from __future__ import annotations

import os
import sys

from quiz.errors import OutputError
from quiz.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO


class StdoutError(OutputError):
    """Standard output cannot be written (exit 1)."""


def terminal_columns() -> int:
    """The terminal's width, as argparse would find it, without importing shutil (which
    brings bz2, lzma and zlib along: a quarter of `--help`'s own start-up)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def write(text: str, stream: TextIO | None = None) -> None:
    """Write `text` as is (already made visible, or our own words)."""
    target = stream or sys.stdout
    if target is None:  # started with standard output closed (`>&-`)
        raise StdoutError("standard output is closed")
    try:
        target.write(text)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(cannot_write_stdout(exc)) from None


def write_bytes(data: bytes) -> None:
    """Write bytes to standard output (a report on `-o -`, in the encoding it declares)."""
    if sys.stdout is None:
        raise StdoutError("standard output is closed")
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a stream of text only (a test's capture): as text
            sys.stdout.write(data.decode("utf-8"))
        else:
            buffer.write(data)
            buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise StdoutError(cannot_write_stdout(exc)) from None


def say(text: str = "", stream: TextIO | None = None) -> None:
    """Print a line to standard output (or `stream`), its control characters shown."""
    write(visible(text) + "\n", stream)


def tell(message: str) -> None:
    """Print a message to standard error, its control characters shown; a terminal that is
    already gone (SIGHUP) or an error stream that cannot be written is no reason to fail."""
    try:
        sys.stderr.write(visible(message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def cannot_write_stdout(exc: OSError) -> str:
    from quiz.files import reason

    return f"cannot write to standard output ({reason(exc)})"


def silence_stdout() -> None:
    """Point standard output at the null device, so that the interpreter's last flush of
    what could not be written raises nothing more on the way out."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError):
        pass


def program() -> str:
    """How to run this tool again, as a command that works pasted as is: `ai-mba-fit` when
    that is what PATH finds, else the path it was started by (an environment that is not
    activated), or `python -m quiz`."""
    import shlex
    import shutil
    from pathlib import Path

    from quiz.constants import PROG

    try:
        invoked = Path(sys.argv[0]).resolve() if sys.argv and sys.argv[0] else None
        found = shutil.which(PROG)
        on_path = found is not None and Path(found).resolve() == invoked
    except OSError:  # the current folder is gone: a relative path cannot be resolved
        return PROG
    if invoked is None or invoked.name == "__main__.py":
        return f"{shlex.quote(sys.executable)} -m quiz"
    return PROG if on_path else shlex.quote(str(invoked))
