"""What each released version of the question bank asked and how it scored, in brief: a
fingerprint of every question's wording and of its points, kept in quiz/bank/history.json.

`compare` needs it to tell, for two answers files made with different versions of the bank,
which questions can be matched (the same wording and points) and which cannot. A test holds
the shipped bank to its entry, so changing a question without a new version, or releasing a
version without recording it, fails. To record the shipped bank's version after a change:

    python -m quiz.bank.history
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

# What a reader reads of a question; everything else in it is how it scores.
_WORDING = ("topic", "prompt", "help", "labels")
_OPTION_WORDING = ("label", "change_phrase")
_RULES = ("scoring", "bands")


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def fingerprint(raw: dict[str, Any]) -> dict[str, Any]:
    """A bank's fingerprint from its JSON: `rules` (weights and bands) and, per question,
    `wording` and `points`."""
    questions = {}
    for question in raw.get("questions", []):
        options = question.get("options", [])
        wording = {key: question.get(key) for key in _WORDING}
        wording["options"] = [{key: o.get(key) for key in _OPTION_WORDING} for o in options]
        points = {key: v for key, v in question.items() if key not in (*_WORDING, "options")}
        points["options"] = [
            {key: v for key, v in o.items() if key not in _OPTION_WORDING} for o in options
        ]
        questions[question["id"]] = {"wording": _digest(wording), "points": _digest(points)}
    rules = {key: raw.get(key) for key in _RULES}
    rules["weights"] = {t.get("id"): t.get("weight") for t in raw.get("themes", [])}
    return {"rules": _digest(rules), "questions": questions}


def _history_path() -> Path:
    return Path(str(resources.files("quiz.bank").joinpath("history.json")))


@cache
def history() -> dict[str, dict[str, Any]]:
    """Every recorded version's fingerprint, by version."""
    found: dict[str, dict[str, Any]] = json.loads(_history_path().read_text(encoding="utf-8"))
    return found


def record(bank_file: Path) -> str:
    """Add (or renew) the entry of the bank in `bank_file`; returns its version."""
    raw = json.loads(bank_file.read_text(encoding="utf-8"))
    entries = dict(history())
    entries[raw["version"]] = fingerprint(raw)
    text = json.dumps(dict(sorted(entries.items(), key=lambda e: _version_key(e[0]))), indent=1)
    _history_path().write_text(text + "\n", encoding="utf-8")
    history.cache_clear()
    return str(raw["version"])


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


if __name__ == "__main__":
    from quiz.resources import default_bank_path

    given = Path(sys.argv[1]) if len(sys.argv) > 1 else default_bank_path()
    print(f"recorded bank {record(given)}")
