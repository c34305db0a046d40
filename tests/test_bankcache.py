"""The cache of checked banks: it only ever saves time, and never lets a bank skip checks
that `validate` is asked to run."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import asdict
from pathlib import Path

import pytest

from quiz import bank as bank_module
from quiz import bankcache
from quiz.bank import load_bank
from quiz.cli import main
from quiz.errors import BankError
from tests.conftest import SMALL_BANK


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


def test_a_bank_checked_once_is_read_from_the_cache(cache, bank_file, monkeypatch):
    first = load_bank(bank_file)
    assert len(list(cache.glob("bank-*.pickle"))) == 1
    _no_checks(monkeypatch)
    second = load_bank(bank_file)
    assert asdict(second.bank) == asdict(first.bank)
    assert (second.digest, second.source) == (first.digest, first.source)


def test_an_edited_bank_is_checked_again(cache, bank_file, monkeypatch):
    load_bank(bank_file)
    broken = {**SMALL_BANK, "minutes": 0}
    bank_file.write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(BankError) as caught:
        load_bank(bank_file)
    assert "minutes" in str(caught.value.problems[0])


def test_a_damaged_cache_file_is_ignored(cache, bank_file):
    expected = asdict(load_bank(bank_file).bank)
    [entry] = cache.glob("bank-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert asdict(load_bank(bank_file).bank) == expected
    entry.write_bytes(pickle.dumps({"a": "dict, not a bank"}))
    assert asdict(load_bank(bank_file).bank) == expected


def test_a_cache_file_others_can_write_is_not_trusted(cache, bank_file, monkeypatch):
    load_bank(bank_file)
    [entry] = cache.glob("bank-*.pickle")
    os.chmod(entry, 0o666)
    _no_checks(monkeypatch)
    with pytest.raises(AssertionError, match="checked again"):
        load_bank(bank_file)


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
    assert bankcache.templates() is None


def test_validate_checks_even_a_bank_the_cache_would_accept(cache, bank_file, capsys):
    good = load_bank(bank_file).bank
    # Plant the good bank in the cache under the digest of a broken one.
    broken = json.dumps({**SMALL_BANK, "minutes": 0}).encode()
    bank_file.write_bytes(broken)
    bankcache.put(hashlib.sha256(broken).hexdigest(), good)
    assert asdict(load_bank(bank_file).bank) == asdict(good)  # trusted once checked
    assert main(["validate", str(bank_file)]) == 1
    assert "minutes" in capsys.readouterr().err
