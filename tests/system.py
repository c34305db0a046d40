"""What some tests need of the machine: a real second user, a process that obeys file modes
as an ordinary user would, and a tiny disk that fills up.

Each needs root on Linux (useradd, setpriv, mount). On a developer's machine without them
the test is skipped with the reason; under CI=true it fails, as CI runs as root and must
prove these cases.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import need

OTHER_USER = "aimbafit-other"
# Root reads and writes anything whatever the modes say; without these capabilities it is
# held to a file's modes like anyone else (it stays the owner of what it made).
_NO_OVERRIDE = "--bounding-set=-dac_override,-dac_read_search,-fowner"


def _root_on_linux() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0


def other_user() -> int:
    """The uid of a second user of this machine (made on first use)."""
    need(
        _root_on_linux() and shutil.which("useradd") is not None,
        "a second user needs root and useradd",
    )
    found = subprocess.run(["id", "-u", OTHER_USER], capture_output=True, text=True)
    if found.returncode != 0:
        subprocess.run(
            ["useradd", "-M", "-s", "/usr/sbin/nologin", OTHER_USER],
            check=True,
            capture_output=True,
        )
        found = subprocess.run(["id", "-u", OTHER_USER], capture_output=True, text=True)
    return int(found.stdout)


def as_other_user(*command: str) -> list[str]:
    """`command` run as the second user (for what it writes: it cannot run this checkout's
    Python, which may sit in a home folder only root can enter)."""
    other_user()
    need(shutil.which("setpriv") is not None, "setpriv (util-linux) is not installed")
    return ["setpriv", "--reuid", OTHER_USER, "--regid", OTHER_USER, "--clear-groups", *command]


def obeying_modes(*command: str) -> list[str]:
    """`command` run by root held to file modes, as an ordinary user is."""
    need(_root_on_linux(), "obeying file modes as root needs root on Linux")
    need(shutil.which("setpriv") is not None, "setpriv (util-linux) is not installed")
    return ["setpriv", _NO_OVERRIDE, *command]


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "64k") -> Iterator[Path]:
    """`folder` as a disk of `size`, unmounted afterwards."""
    need(_root_on_linux(), "a small disk (tmpfs) needs root on Linux")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        check=True,
        capture_output=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> None:
    """Fill the disk `folder` is on, to the last byte."""
    for name, piece in (("filler", b"\0" * 4096), ("filler-last", b"\0")):
        with contextlib.suppress(OSError), open(folder / name, "wb", buffering=0) as stream:
            while True:
                stream.write(piece)


@contextlib.contextmanager
def shared_folder() -> Iterator[Path]:
    """A new folder every user can reach (pytest's own are root's alone), removed after."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ai-mba-fit-shared-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
