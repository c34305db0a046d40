"""Where the question bank and the report templates are.

In a wheel they travel inside the package (quiz/_data, see pyproject.toml), with the
templates also compiled to Python modules when the wheel was built (see hatch_build.py);
in a checkout or an editable install they stay at the top of the repository, beside the
package, and nothing is compiled ahead of time.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# Beside the compiled templates: which jinja2 compiled them, and from which sources.
COMPILED_STAMP = "stamp.json"


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


def templates_digest(folder: Path) -> str:
    """SHA-256 of every file under `folder`, names and bytes, in a fixed order: what the
    compiled templates were made from, so that sources edited since are noticed."""
    # Plain os calls, not pathlib (whose path objects cost most of the time here): this
    # runs at the start of every report.
    top = os.fspath(folder)
    names = sorted(
        os.path.join(place, file)[len(top) + 1 :].replace(os.sep, "/")
        for place, _, files in os.walk(top)  # every `place` starts with `top`
        for file in files
    )
    digest = hashlib.sha256()
    for name in names:
        with open(os.path.join(top, name), "rb") as stream:
            content = stream.read()
        # Lengths first, so no two different sets of files can run together alike.
        digest.update(b"%d:%s%d:" % (len(name.encode()), name.encode(), len(content)))
        digest.update(content)
    return digest.hexdigest()


def compiled_stamp(jinja2_version: str, templates: Path) -> dict[str, str]:
    """What the stamp beside compiled templates says (see `compiled_templates_dir`)."""
    return {"jinja2": jinja2_version, "templates_sha256": templates_digest(templates)}


def compiled_templates_dir(jinja2_version: str) -> Path | None:
    """The templates compiled to Python modules when the wheel was built, or None when there
    are none or they are not from the running jinja2 (`jinja2_version`, passed in so this
    module need not import it) and the templates `templates_dir()` finds: then the caller
    compiles those in memory."""
    folder = _PACKAGE / "_data" / "compiled"
    try:
        stamp = json.loads((folder / COMPILED_STAMP).read_bytes())
        # Hashing the ~36 KB of sources costs a fraction of a millisecond a process, and is
        # the one check no edit can fool (pip keeps no file times to compare instead).
        if stamp != compiled_stamp(jinja2_version, templates_dir()):
            return None
    except (OSError, ValueError):  # no stamp (a checkout), or an unreadable one
        return None
    return folder
