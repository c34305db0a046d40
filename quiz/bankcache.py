"""A cache of checked question banks and compiled templates, so a process that meets a bank
it has checked before needs neither pydantic nor the jinja2 compiler.

Checking a bank means importing pydantic and building its validator, which takes longer
than everything else a one-file report does. A bank that passed is pickled under the
user's cache folder (`$XDG_CACHE_HOME/ai-mba-fit`, else `~/.cache/ai-mba-fit`), named by
the SHA-256 of the bank's bytes and of the code that reads it, so an edited bank or a new
version of the tool is checked again. `AI_MBA_FIT_NO_CACHE=1` turns the cache off.

The cache only ever saves time: a folder that cannot be made or written, or a file that is
missing, damaged or not the user's own, is treated as no cache at all.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import __version__
from quiz.files import new_file

if TYPE_CHECKING:
    from quiz.bank import Bank


def folder() -> Path | None:
    """The cache folder, or None when the cache is turned off."""
    if os.environ.get("AI_MBA_FIT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "ai-mba-fit"


@cache
def _code_key() -> str:
    """Changes with the tool's version, Python's, and the source of the bank's classes."""
    from quiz import bank

    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    digest.update(Path(bank.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _path(bank_digest: str) -> Path | None:
    place = folder()
    if place is None:
        return None
    try:
        return place / f"bank-{bank_digest[:32]}-{_code_key()}.pickle"
    except OSError:  # the module's source cannot be read: no key, no cache
        return None


def _trusted(path: Path) -> bool:
    # A pickle runs code when loaded: only read one that this user owns and no one else
    # can write, in a folder of the same kind.
    try:
        for item in (path.parent, path):
            info = item.stat()
            if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return True


def get(bank_digest: str) -> Bank | None:
    """The bank checked earlier with these bytes, or None."""
    from quiz.bank import Bank

    path = _path(bank_digest)
    if path is None or not _trusted(path):
        return None
    try:
        with path.open("rb") as stream:
            found = pickle.load(stream)
    except Exception:  # a damaged or outdated file: check the bank again
        return None
    return found if isinstance(found, Bank) else None


def put(bank_digest: str, bank: Bank) -> None:
    """Keep a bank that passed its checks; silently does nothing if it cannot."""
    path = _path(bank_digest)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle, temporary = new_file(path.parent, prefix=".bank-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(bank, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)  # whole or not at all, even with two runs at once
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def templates() -> Path | None:
    """Where jinja2 keeps compiled templates, or None when the cache is turned off."""
    place = folder()
    if place is None:
        return None
    try:
        (place / "templates").mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return place / "templates"
