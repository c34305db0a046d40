"""Writing reports and answers files: atomically, and never over an existing file unasked."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import stat
from pathlib import Path

from quiz.errors import OutputError, at

MAX_NUMBERED = 999


def reason(exc: OSError) -> str:
    """Why a write failed, in words."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if isinstance(exc, PermissionError):
        return "no permission to write there"
    return exc.strerror or str(exc)


def check_directory(folder: Path) -> None:
    """Raise OutputError unless `folder` is an existing directory we may look in."""
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise OutputError(f"{at(folder)}: no such folder") from None
    except NotADirectoryError:
        raise OutputError(f"{at(folder)}: part of this path is a file, not a folder") from None
    except PermissionError:
        raise OutputError(f"{at(folder)}: no permission to look in this folder") from None
    except OSError as exc:
        raise OutputError(f"{at(folder)}: cannot be used ({reason(exc)})") from None
    if not stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{at(folder)}: is a file, not a folder")


def check_writable(folder: Path) -> None:
    """Raise OutputError unless a file can be made in `folder` (tried, not guessed: modes,
    read-only disks and access lists all have their say)."""
    check_directory(folder)
    try:
        handle, temporary = new_file(folder)
    except OSError as exc:
        raise OutputError(f"{at(folder)}: cannot write there ({reason(exc)})") from None
    os.close(handle)
    with contextlib.suppress(OSError):
        os.unlink(temporary)


def exists(path: Path) -> bool:
    """Whether something is at `path`; a folder we may not look in counts as "no"."""
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def is_folder(path: Path) -> bool:
    """Whether `path` is a folder; one we may not look in counts as "no"."""
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


def numbered(path: Path, number: int) -> Path:
    """`report.html`, 2 → `report-2.html`; `x.answers.json`, 2 → `x-2.answers.json`."""
    return path.with_name(numbered_name(path.name, number))


def numbered_name(name: str, number: int) -> str:
    """The file name of `numbered`: `report.html`, 2 → `report-2.html`."""
    stem, dot, suffix = name.partition(".")
    return f"{stem}-{number}{dot}{suffix}"


# Windows has neither flag by these names; there a file is not inherited anyway, and
# O_BINARY keeps it from turning "\n" into "\r\n".
_NOT_INHERITED = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def new_file(folder: Path, prefix: str = ".ai-mba-fit-") -> tuple[int, str]:
    """A new, empty hidden file in `folder` with a name no other file has: its descriptor,
    open for writing, and its path. Its permissions are those of any new file of the user
    (the umask decides), as the report it becomes is theirs.

    tempfile.mkstemp does the same with two more system calls a file (its path is made
    absolute, and the process id checked), and forces permissions that a chmod must undo.
    `random` is seeded again in a forked worker, so two workers draw different names.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOT_INHERITED | _BINARY
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{random.getrandbits(48):012x}.tmp")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free name for a temporary file", str(folder))


def write_text(
    path: Path,
    text: str,
    *,
    force: bool = False,
    durable: bool = True,
    prefix: str = ".ai-mba-fit-",
) -> Path:
    """Write `text` to `path` atomically and return the path written.

    The text goes to a temporary file in the same folder and is then moved into place, so a
    crash or a full disk leaves the old file or the new one, never half of one. Unless
    `force`, an existing file is kept and the next free name (`report-2.html`, …) is used.
    `durable` waits for the disk before the move (fsync), so the file survives a power cut
    too; `report` skips that wait, as what it writes can be made again from the answers.
    The temporary file's name starts with `prefix` (a batch's own, so it can find its
    leftovers if it is stopped).
    """
    folder = path.parent
    if force:
        _refuse_to_replace_a_non_file(path)
    # Text comes in clean (quiz.text); should anything slip through, a lone surrogate is
    # written as "?" rather than lose the whole file.
    data = text.encode("utf-8", "replace")
    try:
        handle, temporary = new_file(folder, prefix)
    except OSError as exc:
        check_directory(folder)  # say "no such folder" rather than an errno, if that is it
        raise OutputError(f"{at(path)}: cannot write ({reason(exc)})") from None
    try:
        try:
            # Plain system calls: a buffered file object costs three more per report.
            remaining = memoryview(data)
            while remaining:
                remaining = remaining[os.write(handle, remaining) :]
            if durable:
                os.fsync(handle)
        finally:
            os.close(handle)
        if force:
            os.replace(temporary, path)
            return path
        written = _link_to_free_name(temporary, path)
        with contextlib.suppress(FileNotFoundError):  # moved, where links are not possible
            os.unlink(temporary)
        return written
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise OutputError(f"{at(path)}: cannot write ({reason(exc)})") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _refuse_to_replace_a_non_file(path: Path) -> None:
    """--force replaces a file, never a device, a FIFO, a socket or a folder of that name."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return
    kind = "a folder" if stat.S_ISDIR(mode) else "a device, a pipe or a socket"
    raise OutputError(f"{at(path)}: is {kind}, not a file; --force replaces only files")


def same_file(one: Path, other: Path) -> bool:
    """Whether two paths name the same file (through symlinks, and the case where the file
    system ignores it); a folder that cannot be resolved compares as written."""

    def key(path: Path) -> str:
        try:
            return os.path.normcase(os.path.realpath(path))
        except OSError:  # the current folder was removed
            return os.path.normcase(str(path))

    return key(one) == key(other)


def name_fits(path: Path) -> bool:
    """Whether the file system takes a name as long as `path`'s (most take 255 bytes)."""
    try:
        longest = os.pathconf(path.parent, "PC_NAME_MAX")
    except (AttributeError, OSError, ValueError):  # Windows has no pathconf
        longest = 255
    return len(os.fsencode(path.name)) <= longest


def _link_to_free_name(temporary: str, path: Path) -> Path:
    # A hard link fails if the name exists, so checking and claiming a name is one step.
    for number in range(1, MAX_NUMBERED + 1):
        candidate = path if number == 1 else numbered(path, number)
        try:
            os.link(temporary, candidate)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # A file system without hard links: fall back to check-then-rename.
            if exists(candidate):
                continue
            os.replace(temporary, candidate)
            return candidate
        return candidate
    raise OutputError(f"{at(path)}: {MAX_NUMBERED} files of this name already exist; use --force")
