"""Where the question bank and the report templates are.

In a wheel they travel inside the package (quiz/_data, see pyproject.toml); in a checkout
or an editable install they stay at the top of the repository, beside the package.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _first_existing(*candidates: Path) -> Path:
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]


def default_bank_path() -> Path:
    """The question bank shipped with the tool."""
    return _first_existing(
        _PACKAGE / "_data" / "questions.json", _PACKAGE.parent / "questions.json"
    )


def templates_dir() -> Path:
    """The folder of the jinja2 report templates."""
    return _first_existing(
        _PACKAGE / "_data" / "templates", _PACKAGE.parent / "reports" / "templates"
    )
