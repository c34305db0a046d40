"""Reading a JSON file a person may have edited by hand, with messages that name the place."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from quiz.errors import DataError, Problem

# A question bank or an answers file is a few kilobytes; anything this large is a mistake,
# and reading it whole would only waste memory before saying so.
MAX_BYTES = 2 * 1024 * 1024

ErrorFactory = Callable[[str, Sequence[Problem]], DataError]


def read_json_file(path: Path, error: ErrorFactory) -> Any:
    """Parse `path` as UTF-8 JSON, or raise `error` naming the file and what is wrong."""
    return parse_json_bytes(read_bytes(path, error), str(path), error)


def read_bytes(path: Path, error: ErrorFactory) -> bytes:
    """The bytes of a file a person named, or `error` saying plainly why it cannot be read."""
    source = str(path)

    def fail(message: str, place: str = "") -> DataError:
        return error(source, [Problem(place, message)])

    # Plain system calls, not open(): a batch reads thousands of files, and a buffered file
    # object costs three more calls each (os.read returns less than asked only for pipes).
    try:
        handle = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        raise fail("no such file") from None
    except PermissionError:
        raise fail("no permission to read this file") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    chunks: list[bytes] = []
    size = 0
    try:
        while size <= MAX_BYTES:
            chunk = os.read(handle, MAX_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except IsADirectoryError:
        raise fail("is a directory, not a file") from None
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(handle)
    raw = b"".join(chunks)
    if len(raw) > MAX_BYTES:
        raise fail(
            f"is larger than {MAX_BYTES // (1024 * 1024)} MiB; this cannot be the right file"
        )
    return raw


def parse_json_bytes(raw: bytes, source: str, error: ErrorFactory) -> Any:
    """Parse JSON bytes; problems are reported as `line L, column C` of `source`."""
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
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if not text[exc.pos :].strip():  # nothing but blanks after where it stopped
            message = "the file ends before the JSON is closed (cut off, or a } or ] missing)"
        else:
            message = f"not valid JSON: {_said(exc.msg)}"
        raise error(source, [Problem(f"line {exc.lineno}, column {exc.colno}", message)]) from None


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
