"""Writing files: atomic, never over an existing file unasked, never outside the folder named."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from quiz.cli import main
from quiz.errors import OutputError
from quiz.files import new_file, numbered, write_text
from tests.conftest import PERSONA_PM, write_json


def test_a_new_file_is_written_whole(tmp_path):
    assert write_text(tmp_path / "r.html", "new") == tmp_path / "r.html"
    assert (tmp_path / "r.html").read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"], "no temporary file is left behind"


def test_an_existing_file_is_kept_and_the_next_free_name_used(tmp_path):
    (tmp_path / "r.html").write_text("old")
    (tmp_path / "r-2.html").write_text("old too")
    assert write_text(tmp_path / "r.html", "new") == tmp_path / "r-3.html"
    assert (tmp_path / "r.html").read_text() == "old"


def test_force_replaces_the_file(tmp_path):
    (tmp_path / "r.html").write_text("old")
    assert write_text(tmp_path / "r.html", "new", force=True) == tmp_path / "r.html"
    assert (tmp_path / "r.html").read_text() == "new"


def test_numbered_names_keep_double_suffixes():
    assert numbered(Path("a/report.answers.json"), 2) == Path("a/report-2.answers.json")


@pytest.mark.parametrize("force", [False, True])
def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary_file(tmp_path, monkeypatch, force):
    target = tmp_path / "r.html"
    target.write_text("old")
    real_write = os.write
    report = ("new " * 1000).encode()

    def full_disk(fd: int, data: bytes) -> int:
        if bytes(data) != report:  # anything else (pytest's own output) goes through
            return real_write(fd, data)
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OutputError, match="the disk is full"):
        write_text(target, "new " * 1000, force=force)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_a_crash_before_the_rename_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    target.write_text("old")

    def crash(*args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OutputError):
        write_text(target, "new", force=True)
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_folder_that_does_not_exist_or_is_a_file(tmp_path):
    with pytest.raises(OutputError, match="no such folder"):
        write_text(tmp_path / "nope" / "r.html", "x")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="is a file, not a folder"):
        write_text(tmp_path / "file" / "r.html", "x")


def test_a_folder_that_cannot_be_written_is_a_clear_error(tmp_path, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr("quiz.files.new_file", refuse)  # as root, chmod alone would not refuse
    with pytest.raises(OutputError, match="no permission to write there"):
        write_text(tmp_path / "r.html", "x")


@pytest.mark.parametrize("name", ["../../etc/x", "/", "NUL", "con", "..", "a/b\\c", "~root"])
def test_nothing_is_written_outside_the_folder_whatever_the_name_holds(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "in"
    inside.mkdir()
    path = write_json(inside / "a.json", {"answers": {**PERSONA_PM, "name": name}})
    before = set(tmp_path.rglob("*"))
    assert main(["take", "--answers", str(path), "--no-input", "-o", str(inside / "r.html")]) == 0
    created = set(tmp_path.rglob("*")) - before
    assert created == {inside / "r.html", inside / "r.answers.json"}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_a_report_gets_the_permissions_of_any_new_file_of_the_user(tmp_path, umask, mode):
    """A report with a name and answers in it stays private under a private umask."""
    old = os.umask(umask)
    try:
        written = write_text(tmp_path / "r.html", "x")
    finally:
        os.umask(old)
    assert written.stat().st_mode & 0o777 == mode


def test_forked_workers_draw_different_temporary_names(tmp_path):
    readers = []
    for _ in range(2):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # a worker, as a process pool forks it
            _, name = new_file(tmp_path)
            os.write(write_end, name.encode())
            os._exit(0)
        os.close(write_end)
        os.waitpid(pid, 0)
        readers.append(os.read(read_end, 4096).decode())
        os.close(read_end)
    first, second = readers
    assert first != second
    assert {Path(first).parent, Path(second).parent} == {tmp_path}
