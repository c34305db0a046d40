"""Reading a JSON file a person may have edited by hand, with messages that name the place."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from quiz.errors import DataError, Problem
from quiz.text import without_surrogates

# A question bank or an answers file is a few kilobytes; anything this large is a mistake,
# and reading it whole would only waste memory before saying so.
MAX_BYTES = 2 * 1024 * 1024

ErrorFactory = Callable[[str, Sequence[Problem]], DataError]


def read_json_file(path: Path, error: ErrorFactory) -> Any:
    """Parse `path` as UTF-8 JSON, or raise `error` naming the file and what is wrong."""
    return parse_json_bytes(read_bytes(path, error), str(path), error)


# Opened without waiting: a FIFO would otherwise block the open itself until a writer came.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
PIPE_WAIT_SECONDS = 5


def read_bytes(path: Path, error: ErrorFactory, *, pipe: bool = False) -> bytes:
    """The bytes of a file a person named, or `error` saying plainly why it cannot be read.

    Only a plain file is read; with `pipe`, also a pipe (as `validate <(cat bank.json)` or
    `--questions /dev/stdin` give one), as long as something writes to it. A FIFO nobody
    writes to, a device or a socket is refused at once: reading one could wait forever."""
    source = str(path)

    def fail(message: str, place: str = "") -> DataError:
        return error(source, [Problem(place, message)])

    # Plain system calls, not open(): a batch reads thousands of files, and a buffered file
    # object costs three more calls each.
    try:
        handle = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        if os.path.isdir(path):  # Windows refuses to open a folder
            raise fail("is a directory, not a file") from None
        raise fail("no permission to read this file") from None
    except OSError as exc:
        raise fail(_not_a_file(path) or f"cannot be read ({exc.strerror or exc})") from None
    try:
        mode = os.fstat(handle).st_mode
        if stat.S_ISREG(mode):
            raw = _read_all(handle)
        elif stat.S_ISFIFO(mode) and pipe:
            raw = _read_pipe(handle, fail)
        else:
            raise fail(_kind(mode))
    except IsADirectoryError:
        raise fail("is a directory, not a file") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(handle)
    if len(raw) > MAX_BYTES:
        raise fail(
            f"is larger than {MAX_BYTES // (1024 * 1024)} MiB; this cannot be the right file"
        )
    return raw


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a plain file"


def _not_a_file(path: Path) -> str | None:
    """Why `path` could not be opened, when that is its kind (a socket cannot be opened)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    return None if stat.S_ISREG(mode) else _kind(mode)


def _read_all(handle: int) -> bytes:
    """Up to one byte more than MAX_BYTES (os.read returns less than asked only at the end)."""
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        chunk = os.read(handle, MAX_BYTES + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _read_pipe(handle: int, fail: Callable[[str], DataError]) -> bytes:
    """What a writer puts in a pipe until it closes it, waiting at most PIPE_WAIT_SECONDS
    for each piece. Where there is no poll (Windows), an ordinary blocking read."""
    try:
        import select

        poller = select.poll()
    except (ImportError, AttributeError):
        return _read_all(handle)
    poller.register(handle, select.POLLIN)
    chunks: list[bytes] = []
    size = 0
    while size <= MAX_BYTES:
        if not poller.poll(PIPE_WAIT_SECONDS * 1000):
            raise fail(f"is a pipe that nothing was written to for {PIPE_WAIT_SECONDS} seconds")
        try:
            chunk = os.read(handle, MAX_BYTES + 1 - size)
        except BlockingIOError:
            continue
        if not chunk:  # the writer is done
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def parse_json_bytes(raw: bytes, source: str, error: ErrorFactory) -> Any:
    """Parse JSON bytes; problems are reported as `line L, column C` of `source`. Text that
    cannot be text (a lone surrogate, written as an escape such as "\\ud800") comes back as
    U+FFFD, so whatever is read can also be written and shown."""
    if not raw.strip():
        raise error(source, [Problem("", "is empty; expected a JSON object")])
    if raw.startswith(b"\xef\xbb\xbf"):
        raise error(
            source,
            [
                Problem(
                    "line 1, column 1",
                    "starts with a byte-order mark; save it as UTF-8 without BOM",
                )
            ],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            source, [Problem(f"line {line}", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})")]
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if not text[exc.pos :].strip():  # nothing but blanks after where it stopped
            message = "the file ends before the JSON is closed (cut off, or a } or ] missing)"
        else:
            message = f"not valid JSON: {_said(exc.msg)}"
        raise error(source, [Problem(f"line {exc.lineno}, column {exc.colno}", message)]) from None
    except RecursionError:
        raise error(source, [_too_deep(text)]) from None
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        raise error(source, [_too_long_a_number(text)]) from None
    return _without_surrogates(data) if _SURROGATE_ESCAPE.search(text) else data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
MOST_DEPTH = 100


def _without_surrogates(data: Any) -> Any:
    """The parsed JSON with every lone surrogate in a key or a string made U+FFFD; a loop,
    not recursion, as the JSON may be nested as deeply as the parser allows."""
    top = [data]
    stack: list[tuple[Any, Any]] = [(top, 0)]
    while stack:
        container, key = stack.pop()
        value = container[key]
        if isinstance(value, str):
            container[key] = without_surrogates(value)
        elif isinstance(value, list):
            stack += [(value, index) for index in range(len(value))]
        elif isinstance(value, dict):
            cleaned = {without_surrogates(k): item for k, item in value.items()}
            container[key] = cleaned
            stack += [(cleaned, k) for k in cleaned]
    return top[0]


def _where(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    return f"line {line}, column {position - (text.rfind(chr(10), 0, position) + 1) + 1}"


def _too_deep(text: str) -> Problem:
    """Where the JSON's nesting passes MOST_DEPTH (strings skipped), as a problem."""
    depth = 0
    for found in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]', text):
        token = found[0]
        if token in "[{":
            depth += 1
            if depth > MOST_DEPTH:
                return Problem(
                    _where(text, found.start()),
                    f"nested more than {MOST_DEPTH} levels deep; no question bank or answers "
                    "file is",
                )
        elif token in "]}":
            depth -= 1
    return Problem("", "is nested too deeply to read")


def _too_long_a_number(text: str) -> Problem:
    """Where the first number longer than Python reads is (one pass over the runs of digits:
    a pattern such as \\d{1000,} would rescan every shorter run at each of its digits)."""
    import sys

    limit = getattr(sys, "get_int_max_str_digits", lambda: 4300)() or 4300
    for found in re.finditer(r"\d+", text):
        if len(found[0]) > limit:
            return Problem(
                _where(text, found.start()),
                f"a number of {len(found[0])} digits, longer than any this file can use",
            )
    return Problem("", "holds a number too long to read")


def _said(message: str) -> str:
    """json's message as a sentence about the place named before it: "Unterminated string
    starting at" → "unterminated string starting here"."""
    message = message[:1].lower() + message[1:]
    return message[: -len(" at")] + " here" if message.endswith(" at") else message


def format_location(loc: Sequence[int | str], skip: frozenset[str] = frozenset()) -> str:
    """`("questions", 4, "options", 2)` → `questions[4].options[2]`.

    `skip` names the tags pydantic puts in the location of a discriminated union, which
    mean nothing to the person editing the file.
    """
    place = ""
    for index, part in enumerate(loc):
        if isinstance(part, int):
            place += f"[{part}]"
        elif part in skip and index > 0 and isinstance(loc[index - 1], int):
            continue
        else:
            place += f".{part}" if place else str(part)
    return place
