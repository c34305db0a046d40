"""Regenerate the samples under docs/ and the terminal sample in the README.

    .venv/bin/python docs/make_samples.py

Everything here is made by the tool itself from docs/sample-answers.json, with the date
fixed by SOURCE_DATE_EPOCH, so running it twice changes nothing.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
README = DOCS.parent / "README.md"
EPOCH = "1767225600"  # 2026-01-01: samples do not change with the day they are made
SCRIPT = Path(sys.executable).parent / "ai-mba-fit"


def tool(*args: str) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1", "COLUMNS": "100"}
    done = subprocess.run(
        [str(SCRIPT), *args], cwd=DOCS, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def main() -> None:
    for fmt in ("html", "md"):
        tool("report", "sample-answers.json", "--format", fmt, "-o", f"sample-report.{fmt}", "--force")
    # The terminal summary as `take` prints it, with the paths a reader would see.
    summary = tool(
        "take", "--answers", "sample-answers.json", "--no-input", "-o", "sample-report.html", "--force"
    )
    (DOCS / "sample-report.answers.json").unlink(missing_ok=True)
    summary = summary.replace(str(DOCS), "~/mba")
    block = "```text\n$ ai-mba-fit\n  …19 questions…\n" + summary.strip("\n") + "\n```"
    text = README.read_text(encoding="utf-8")
    text = re.sub(
        r"(<!-- terminal-sample -->\n).*?(<!-- /terminal-sample -->)",
        lambda m: m[1] + block + "\n" + m[2],
        text,
        flags=re.S,
    )
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
