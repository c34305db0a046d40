"""Reading a question bank (`load_bank`), and remembering which banks have passed their
checks before, so that a process meeting one of them again need not import pydantic to
check it (that import and the validator it builds take longer than everything else a
one-file report does).

The cache holds data, never code: for each bank that passed, a small JSON file named by the
SHA-256 of the bank's bytes and of the code that checks it, which says no more than "these
bytes passed these checks". Reading it runs nothing, and the bank itself is always read
from its own file. An edited bank, or a new version of the tool, is checked again.

The cache only ever saves time. It is ignored (never read, never written) when it is
turned off (`AI_MBA_FIT_NO_CACHE=1`), when there is no absolute folder for it, and when its
folder or an entry is a symlink, not the user's own, or writable by others; an entry that
is damaged or not a plain file is not believed; a write that fails is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from quiz import __version__
from quiz.bank import LoadedBank, build_checked
from quiz.bank.validation import check_bank
from quiz.errors import BankError
from quiz.files import new_file
from quiz.jsonfile import parse_json_bytes, read_bytes

APP = "ai-mba-fit"
# Read without following a symlink, and without waiting on a FIFO planted under the name.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
_MOST_BYTES = 4096


def cache_home(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    home: str | None = None,
) -> str | None:
    """The platform's folder for per-user caches, or None when there is no absolute one:
    `%LOCALAPPDATA%` on Windows, `~/Library/Caches` on macOS, elsewhere `$XDG_CACHE_HOME`
    if it is absolute (the XDG rule: a relative one is ignored), else `~/.cache`. The rules
    of platformdirs, written once here rather than imported at every start-up."""
    if home is None:
        # HOME, else the password database; HOME set but empty means no home (expanduser
        # would make it "/", the root of the file system).
        home = "" if environ.get("HOME") == "" else os.path.expanduser("~")
    if platform == "win32":
        import ntpath  # Windows' own path rules, so they can be tested anywhere

        found = environ.get("LOCALAPPDATA", "")
        return found if ntpath.isabs(found) else None
    import posixpath

    if not posixpath.isabs(home):
        home = ""  # no home: only an absolute XDG_CACHE_HOME will do
    if platform == "darwin":
        return posixpath.join(home, "Library", "Caches") if home else None
    xdg = environ.get("XDG_CACHE_HOME", "")
    if posixpath.isabs(xdg):
        return xdg
    return posixpath.join(home, ".cache") if home else None


def folder() -> Path | None:
    """The cache folder, or None when the cache is turned off or has no place."""
    if os.environ.get("AI_MBA_FIT_NO_CACHE"):
        return None
    base = cache_home()
    return None if base is None else Path(base, APP)


def _private(info: os.stat_result, kind: int) -> bool:
    """Whether a folder's or file's lstat says: of this kind (so not a symlink), the user's
    own, and writable by no one else. Windows has neither owners nor modes of that sort:
    its per-user folder is private already."""
    if stat.S_IFMT(info.st_mode) != kind:
        return False
    user = getattr(os, "geteuid", None)
    if user is None:
        return True
    return info.st_uid == user() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_folder(make: bool) -> Path | None:
    place = folder()
    if place is None:
        return None
    try:
        if make and not os.path.lexists(place):
            place.mkdir(mode=0o700, parents=True)
        info = os.lstat(place)
    except OSError:
        return None
    return place if _private(info, stat.S_IFDIR) else None


@cache
def _code_key() -> str:
    """Changes with the tool's version, Python's, and the source of the bank's checks (read
    as a file: this module must not import the bank, which imports it)."""
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    for module in sorted(Path(__file__).with_name("bank").glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()[:32]


def _entry(bank_digest: str) -> tuple[str, bytes]:
    """An entry's file name and its exact content."""
    code = _code_key()
    content = json.dumps({"checked": bank_digest, "code": code}).encode()
    return f"checked-{bank_digest[:32]}-{code[:16]}.json", content


def checked_before(bank_digest: str) -> bool:
    """Whether a bank with this SHA-256 passed its checks before, as the cache says."""
    place = _usable_folder(make=False)
    if place is None:
        return False
    try:
        name, expected = _entry(bank_digest)
        handle = os.open(place / name, _READ_FLAGS)
    except OSError:  # none yet; or the code cannot be read, so no key
        return False
    try:
        if not _private(os.fstat(handle), stat.S_IFREG):
            return False
        return os.read(handle, _MOST_BYTES) == expected
    except OSError:
        return False
    finally:
        os.close(handle)


def remember_checked(bank_digest: str) -> None:
    """Note that a bank with this SHA-256 passed its checks; silently skipped if it cannot be."""
    place = _usable_folder(make=True)
    if place is None:
        return
    try:
        name, content = _entry(bank_digest)
        handle, temporary = new_file(place, prefix=".checked-")
    except OSError:
        return
    try:
        try:
            os.write(handle, content)
        finally:
            os.close(handle)
        os.replace(temporary, place / name)  # whole or not at all, even with two runs at once
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def load_bank(path: Path, *, cached: bool = True) -> LoadedBank:
    """Read and check a question bank file. Unless `cached` is false, a bank whose very bytes
    passed the checks before is built without them."""
    raw = read_bytes(path, BankError, pipe=True)
    digest = hashlib.sha256(raw).hexdigest()
    data = parse_json_bytes(raw, str(path), BankError)
    if cached and checked_before(digest):
        bank = build_checked(data)
    else:
        bank = check_bank(data, str(path))
        remember_checked(digest)
    return LoadedBank(bank=bank, source=str(path), digest=digest[:12])
