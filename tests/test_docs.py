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


README = DOCS.parent / "README.md"
MODEL_CHECKS = DOCS / "model-checks.md"


def _block(marker: str, page: Path = MODEL_CHECKS) -> str:
    text = page.read_text(encoding="utf-8")
    return text.split(f"<!-- {marker} -->\n")[1].split(f"<!-- /{marker} -->")[0]


def test_the_readme_personas_table_is_what_the_model_says_today():
    from tests.personas.table import rows

    for who, expected, seen in rows():
        assert f"| {who} | {expected} | {seen} |" in _block("personas-table"), (
            "docs/model-checks.md is stale: run `.venv/bin/python docs/make_samples.py`"
        )


def test_the_readme_validate_sample_is_what_validate_prints_today(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["validate"]) == 0
    printed = capsys.readouterr().out
    assert _block("validate-sample") == f"```text\n$ ai-mba-fit validate\n{printed}```\n", (
        "docs/model-checks.md is stale: run `.venv/bin/python docs/make_samples.py`"
    )


def test_the_readme_answers_file_example_is_one_the_tool_accepts(shipped_bank):
    import json
    import re

    from quiz.answers import check_answers

    text = README.read_text(encoding="utf-8").split("### The answers file")[1]
    example = re.search(r"```json\n(.+?)\n```", text, re.S)
    assert example is not None
    answers = check_answers(shipped_bank.bank, json.loads(example[1]), "README.md")
    assert len(answers) >= 5


def test_the_readme_states_the_bands_the_bank_has(shipped_bank):
    text = " ".join(README.read_text(encoding="utf-8").split())
    bands = ", ".join(
        f"{b.label.lower().replace(' fit', '')} {b.min}–{b.max}" for b in shipped_bank.bank.bands
    )
    assert f"the band follows: {bands}." in text.replace(
        "strong 80–100, good", "strong 80–100, good"
    )


def test_the_readme_links_every_page_of_docs_and_each_exists():
    text = README.read_text(encoding="utf-8")
    for page in ("docs/model-checks.md", "docs/performance.md", "docs/internals.md"):
        assert f"]({page})" in text and (DOCS.parent / page).exists(), page
    # Opens with what the tool is, then the picture, then the two commands.
    head = text.split("```sh")[0]
    assert "terminal quiz" in head and "docs/screenshots/" in head


def test_ci_runs_exactly_the_readmes_test_command():
    text = README.read_text(encoding="utf-8")
    command = text.split("Run the tests")[1].split("```sh\n")[1].split("\n```")[0]
    ci = (DOCS.parent / ".ci" / "run").read_text(encoding="utf-8").rstrip("\n")
    assert ci.splitlines()[-1] == command
    assert command.startswith("python3 -m venv --upgrade-deps .venv && ")
