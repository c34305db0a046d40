"""The samples under docs/ are the tool's own output, regenerated, never edited by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_the_sample_report_is_what_the_tool_makes_today(tmp_path, monkeypatch, fmt):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    out = tmp_path / f"sample.{fmt}"
    assert main(["report", str(DOCS / "sample-answers.json"), "--format", fmt, "-o", str(out)]) == 0
    assert out.read_bytes() == (DOCS / f"sample-report.{fmt}").read_bytes(), (
        "docs/ is stale: run `.venv/bin/python docs/make_samples.py`"
    )
