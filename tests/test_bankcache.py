"""The cache of checked banks: it holds data, never code; it only ever saves time; and it
never lets a bank skip checks that `validate` is asked to run, or that a cache folder
someone else could write would let it skip."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

import quiz
from quiz import bankcache
from quiz import bankcache as bank_module  # where load_bank calls check_bank
from quiz.bank import build_checked, check_bank
from quiz.bankcache import load_bank
from quiz.cli import main
from quiz.resources import default_bank_path
from tests.conftest import SMALL_BANK
from tests.system import as_other_user, other_user, shared_folder, tiny_disk


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "ai-mba-fit"


@pytest.fixture
def bank_file(tmp_path) -> Path:
    path = tmp_path / "questions.json"
    path.write_text(json.dumps(SMALL_BANK), encoding="utf-8")
    return path


def _no_checks(monkeypatch) -> None:
    def refuse(data, source):
        raise AssertionError("the bank was checked again")

    monkeypatch.setattr(bank_module, "check_bank", refuse)


def _checked_again(monkeypatch) -> list[str]:
    checked: list[str] = []
    real = bank_module.check_bank

    def counting(data, source):
        checked.append(source)
        return real(data, source)

    monkeypatch.setattr(bank_module, "check_bank", counting)
    return checked


def test_a_bank_checked_once_is_built_without_checks_the_next_time(cache, bank_file, monkeypatch):
    first = load_bank(bank_file)
    [entry] = cache.iterdir()
    assert entry.name.startswith("checked-") and entry.suffix == ".json"
    assert (
        json.loads(entry.read_bytes())["checked"]
        == hashlib.sha256(bank_file.read_bytes()).hexdigest()
    )
    _no_checks(monkeypatch)
    second = load_bank(bank_file)
    assert asdict(second.bank) == asdict(first.bank)
    assert (second.digest, second.source) == (first.digest, first.source)


def _every_kind_of_field() -> dict:
    """The small bank with every optional field given, and whole numbers where floats go."""
    data = copy.deepcopy(SMALL_BANK)
    data["themes"][0].update(weight=2, weight_reason="Counts double.")
    data["questions"][2]["help"] = "A line of help."
    data["questions"][2]["options"][0]["neutral"] = True
    data["questions"][3]["options"].append(
        {"id": "none", "label": "None", "exclusive": True, "last": True, "notes": ["opt"]}
    )
    data["notes"][0]["when"] = [{"question": "visa", "any_of": [True]}]
    return data


@pytest.mark.parametrize(
    "data",
    [SMALL_BANK, _every_kind_of_field(), json.loads(default_bank_path().read_bytes())],
    ids=["small", "every-field", "shipped"],
)
def test_a_bank_built_from_checked_json_is_the_bank_pydantic_makes(data):
    checked = check_bank(copy.deepcopy(data), "bank.json")
    built = build_checked(copy.deepcopy(data))
    assert asdict(built) == asdict(checked)
    # The same classes and the same number types, so every report is byte-identical.
    pairs = [(built, checked)]
    while pairs:
        one, other = pairs.pop()
        assert type(one) is type(other), (one, other)
        if isinstance(one, list):
            pairs += list(zip(one, other, strict=True))
        elif hasattr(one, "__dataclass_fields__"):
            pairs += [(getattr(one, f), getattr(other, f)) for f in one.__dataclass_fields__]


def test_nothing_in_the_cache_folder_is_ever_unpickled_or_run(cache, bank_file, tmp_path):
    load_bank(bank_file)  # makes the folder, as a first run would
    ran = tmp_path / "ran"

    class Planted:
        def __reduce__(self):
            return (Path.touch, (ran,))

    digest = hashlib.sha256(bank_file.read_bytes()).hexdigest()
    # Every entry the tool itself wrote there becomes a pickle that would run code if
    # loaded, and so do names of the kind an earlier version unpickled a checked bank from.
    written = [path for path in cache.rglob("*") if path.is_file()]
    assert written, "the first run wrote its record of the checked bank"
    key = hashlib.sha256(f"{quiz.__version__} {sys.version}".encode()).hexdigest()
    legacy = [cache / f"bank-{digest[:32]}-{key[:16]}.pickle", cache / "templates/__jinja2_x.cache"]
    for path in [*written, *legacy]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(pickle.dumps(Planted()))
    env = {**os.environ, "XDG_CACHE_HOME": str(cache.parent), "SOURCE_DATE_EPOCH": "1767225600"}
    answers = tmp_path / "a.json"
    answers.write_text(
        json.dumps(
            {
                "answers": {
                    "done": ["none"],
                    "week": "price",
                    "skills": ["lead"],
                    "people": 3,
                    "visa": False,
                }
            }
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "quiz",
            "report",
            str(answers),
            "--questions",
            str(bank_file),
            "-o",
            str(tmp_path / "r.html"),
        ],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert not ran.exists()


def test_no_code_of_the_tool_can_load_a_pickle_or_marshal_data():
    package = Path(quiz.__file__).parent
    for source in package.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for risky in ("pickle.load", "marshal.load", "FileSystemBytecodeCache"):
            assert risky not in text, (source.name, risky)


def test_a_damaged_or_foreign_entry_is_not_believed(cache, bank_file, monkeypatch):
    load_bank(bank_file)
    [entry] = cache.glob("checked-*.json")
    good = entry.read_bytes()
    checked = _checked_again(monkeypatch)
    for damage in (b"", b"not json", good.replace(b'"checked": "', b'"checked": "0'), good + b" "):
        entry.write_bytes(damage)
        load_bank(bank_file)  # checked again, and the entry written anew
    assert len(checked) == 4


@pytest.mark.parametrize("mode", [0o620, 0o602])
def test_an_entry_others_can_write_is_not_believed(cache, bank_file, monkeypatch, mode):
    load_bank(bank_file)
    [entry] = cache.glob("checked-*.json")
    os.chmod(entry, mode)
    checked = _checked_again(monkeypatch)
    load_bank(bank_file)
    assert checked == [str(bank_file)]


def test_a_symlinked_entry_or_folder_is_not_believed(cache, bank_file, tmp_path, monkeypatch):
    load_bank(bank_file)
    [entry] = cache.glob("checked-*.json")
    real = tmp_path / "elsewhere.json"
    os.replace(entry, real)
    entry.symlink_to(real)
    checked = _checked_again(monkeypatch)
    load_bank(bank_file)
    assert len(checked) == 1

    moved = tmp_path / "moved-cache"
    os.replace(cache, moved)
    cache.symlink_to(moved, target_is_directory=True)
    os.replace(real, moved / entry.name)  # a good entry, but reached through a symlink
    load_bank(bank_file)
    assert len(checked) == 2


def test_a_fifo_planted_as_an_entry_does_not_block(cache, bank_file, monkeypatch):
    load_bank(bank_file)
    [entry] = cache.glob("checked-*.json")
    entry.unlink()
    os.mkfifo(entry)
    checked = _checked_again(monkeypatch)
    load_bank(bank_file)  # returns: the FIFO is opened without waiting and not believed
    assert len(checked) == 1


@pytest.mark.parametrize("mode", [0o777, 0o770], ids=["world-writable", "group-writable"])
def test_a_world_writable_cache_folder_is_neither_read_nor_written(
    cache, bank_file, monkeypatch, mode
):
    load_bank(bank_file)
    os.chmod(cache, mode)
    checked = _checked_again(monkeypatch)
    load_bank(bank_file)
    assert len(checked) == 1
    for entry in cache.iterdir():
        entry.unlink()
    load_bank(bank_file)
    assert list(cache.iterdir()) == []  # not written either


def test_entries_planted_by_another_user_are_ignored(tmp_path, bank_file):
    """A second user (a real one) owns the shared cache folder and plants an entry that
    says a broken bank was checked: the bank is checked anyway, and the error is a message."""
    uid = other_user()
    with shared_folder() as shared:
        _planted_by_another_user(tmp_path, bank_file, shared, uid)


def _planted_by_another_user(tmp_path: Path, bank_file: Path, shared: Path, uid: int) -> None:
    folder = shared / "ai-mba-fit"
    folder.mkdir()
    os.chown(folder, uid, uid)
    broken = {**SMALL_BANK, "questions": [*SMALL_BANK["questions"], {"id": "x"}]}
    bank_file.write_text(json.dumps(broken), encoding="utf-8")
    digest = hashlib.sha256(bank_file.read_bytes()).hexdigest()
    name, content = _entry_as_root_would_write(shared, digest)
    subprocess.run(
        as_other_user("sh", "-c", f"printf '%s' '{content.decode()}' > '{folder / name}'"),
        check=True,
    )
    assert (folder / name).stat().st_uid == uid
    env = {**os.environ, "XDG_CACHE_HOME": str(shared)}
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "validate", str(bank_file)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert done.returncode == 1
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "report", "x.json", "--questions", str(bank_file)],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "questions[7]" in done.stderr and "Traceback" not in done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [name]  # nothing of ours added there


def _entry_as_root_would_write(base: Path, digest: str) -> tuple[str, bytes]:
    """The name and content of the entry this very process would write for `digest`."""
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(base)
    try:
        return bankcache._entry(digest)
    finally:
        if old is None:
            del os.environ["XDG_CACHE_HOME"]
        else:
            os.environ["XDG_CACHE_HOME"] = old


def test_a_full_cache_disk_is_skipped_and_changes_nothing(tmp_path, bank_file, monkeypatch):
    with tiny_disk(tmp_path / "disk", size="16k") as disk:
        from tests.system import fill

        (disk / "ai-mba-fit").mkdir(mode=0o700)
        fill(disk)
        monkeypatch.setenv("XDG_CACHE_HOME", str(disk))
        expected = asdict(check_bank(json.loads(bank_file.read_bytes()), "b"))
        assert asdict(load_bank(bank_file).bank) == expected
        assert not [p for p in (disk / "ai-mba-fit").iterdir()]


def test_no_cache_when_turned_off_or_when_it_cannot_be_written(tmp_path, bank_file, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("AI_MBA_FIT_NO_CACHE", "1")
    load_bank(bank_file)
    assert not (tmp_path / "cache").exists()

    monkeypatch.delenv("AI_MBA_FIT_NO_CACHE")
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load_bank(bank_file).bank.version == SMALL_BANK["version"]
    assert blocker.read_text(encoding="utf-8") == "in the way"


def test_no_home_and_a_relative_cache_home_never_make_a_folder_here(tmp_path, bank_file):
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "XDG_CACHE_HOME")}
    for extra in ({}, {"XDG_CACHE_HOME": "relative/cache"}, {"HOME": "relative-home"}):
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from pathlib import Path; from quiz.bankcache import load_bank;"
                "load_bank(Path(sys.argv[1]))",
                str(bank_file),
            ],
            env={**env, **extra},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["questions.json"], extra


@pytest.mark.parametrize(
    "platform, environ, home, expected",
    [
        ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/home/sam", "/x/cache"),
        ("linux", {"XDG_CACHE_HOME": "x/cache"}, "/home/sam", "/home/sam/.cache"),
        ("linux", {}, "/home/sam", "/home/sam/.cache"),
        ("linux", {}, "~", None),
        ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "~", "/x/cache"),
        ("freebsd14", {}, "/home/sam", "/home/sam/.cache"),
        ("darwin", {"XDG_CACHE_HOME": "/x/cache"}, "/Users/sam", "/Users/sam/Library/Caches"),
        ("darwin", {}, "relative", None),
        (
            "win32",
            {"LOCALAPPDATA": r"C:\Users\sam\AppData\Local"},
            r"C:\Users\sam",
            r"C:\Users\sam\AppData\Local",
        ),
        ("win32", {"LOCALAPPDATA": r"AppData\Local"}, r"C:\Users\sam", None),
        ("win32", {}, r"C:\Users\sam", None),
    ],
)
def test_the_cache_folder_is_the_platforms_own(platform, environ, home, expected):
    found = bankcache.cache_home(platform=platform, environ=environ, home=home)
    assert found == expected


def test_validate_checks_even_a_bank_the_cache_would_accept(cache, bank_file, capsys):
    broken = json.dumps({**SMALL_BANK, "minutes": 0}).encode()
    bank_file.write_bytes(broken)
    bankcache.remember_checked(hashlib.sha256(broken).hexdigest())  # as if checked before
    assert main(["validate", str(bank_file)]) == 1
    assert "minutes" in capsys.readouterr().err
