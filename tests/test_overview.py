"""`overview`: a workshop's worth of answers files on one page, for an advisor."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from quiz.audit import sample_answers
from quiz.cli import main
from tests.conftest import PERSONA_PM, write_json


@pytest.fixture
def cohort(tmp_path, shipped_bank) -> Path:
    """200 files as varied as a workshop's (drawn with a fixed seed), three of them broken,
    and one report among them."""
    folder = tmp_path / "workshop"
    folder.mkdir()
    drawn = sample_answers(shipped_bank.bank, 197, seed=17)
    for number, answers in enumerate(drawn):
        write_json(
            folder / f"r{number:03}.json", {"answers": {**answers, "name": f"Reader {number}"}}
        )
    write_json(folder / "zz-wrong-choice.json", {"answers": {**PERSONA_PM, "week": "nap"}})
    (folder / "zz-not-json.json").write_text("{answers", encoding="utf-8")
    (folder / "zz-not-ours.html").write_text("<p>hello</p>", encoding="utf-8")
    # A report carries its answers: counted as an answers file is.
    report = Path(__file__).resolve().parent / "compare" / "sam-2025.html"
    (folder / "sam.html").write_bytes(report.read_bytes())
    return folder


def test_a_cohort_of_201_with_three_broken_counts_198_and_names_the_broken(
    tmp_path, cohort, capsys, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    assert main(["overview", "--dir", str(cohort), "--format", "json", "-o", "o.json"]) == 1
    err = capsys.readouterr().err
    assert "3 of 201 files could not be read" in err
    for broken in ("zz-wrong-choice.json", "zz-not-json.json", "zz-not-ours.html"):
        assert broken in err
    data = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert data["files"] == 201 and data["read"] == 198 and len(data["bad"]) == 3
    shown = [c["count"] for c in data["bands"]]
    assert (
        sum(c for c in shown if c is not None) + 4 * shown.count(None)
        >= 198
        >= sum(c for c in shown if c is not None)
    )
    assert sum((c["count"] or 0) for c in data["histogram"]) <= 198
    assert all(c["count"] is None or c["count"] == 0 or c["count"] >= 5 for c in data["histogram"])
    assert len(data["splits"]) == 5 and data["fit_median"] is not None
    assert data["readers"] == []  # names are left out


def test_names_only_with_names(tmp_path, cohort, capsys):
    page = tmp_path / "o.html"
    main(["overview", "--dir", str(cohort), "-o", str(page)])
    assert "Reader 12" not in page.read_text(encoding="utf-8")
    main(["overview", "--dir", str(cohort), "-o", str(page), "--names", "--force"])
    assert "Reader 12" in page.read_text(encoding="utf-8")


def test_a_group_smaller_than_five_is_not_broken_down(tmp_path, capsys):
    files = [
        str(write_json(tmp_path / f"{n}.json", {"answers": {**PERSONA_PM, "name": f"R{n}"}}))
        for n in range(3)
    ]
    assert main(["overview", *files, "--format", "json", "-o", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["read"] == 3
    assert all(c["count"] is None for c in data["bands"] + data["pathways"] + data["routes"])
    assert data["fit_median"] is None and data["splits"] == []
    assert all(t["median"] is None for t in data["themes"])


def test_csv_for_a_spreadsheet(tmp_path, cohort, capsys):
    assert main(["overview", "--dir", str(cohort), "-o", str(tmp_path / "c.csv")]) == 1
    rows = list(csv.reader(io.StringIO((tmp_path / "c.csv").read_text(encoding="utf-8"))))
    assert rows[0] == ["section", "label", "value"]
    assert ["files", "read", "198"] in rows
    assert any(row[0] == "top pathway" for row in rows)


def test_nothing_to_overview_is_a_usage_error(tmp_path, capsys):
    assert main(["overview"]) == 2
    assert "nothing to overview" in capsys.readouterr().err
    assert main(["overview", "--dir", str(tmp_path / "nowhere")]) == 1
    err = capsys.readouterr().err
    assert "nowhere" in err and "Traceback" not in err


def test_no_small_group_can_be_worked_out_from_the_total(tmp_path, capsys):
    # Six readers, one of them the only ML engineer: showing "software engineers: 5" would
    # give her away, as would the lowest or highest score of a theme.
    files = []
    for number in range(6):
        role = "ml_engineer" if number == 0 else "software_engineer"
        answers = {**PERSONA_PM, "role_now": role, "business_case": 1 + number % 5}
        files.append(str(write_json(tmp_path / f"{number}.json", {"answers": answers})))
    assert main(["overview", *files, "--format", "json", "-o", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    [work] = [split for split in data["splits"] if split["topic"] == "Your work today"]
    assert all(c["count"] is None for c in work["top"])
    for theme in data["themes"]:
        assert set(theme) == {"name", "quarter", "median", "three_quarters"}
    for counts in (data["bands"], data["pathways"], data["routes"], data["histogram"]):
        hidden = 6 - sum(c["count"] or 0 for c in counts)
        assert hidden == 0 or hidden >= 5, counts


def test_suppression_hides_the_next_smallest_when_the_rest_would_tell():
    from quiz.overview import suppressed

    assert suppressed({"a": 5, "b": 1}) == {"a": None, "b": None}
    assert suppressed({"a": 9, "b": 6, "c": 2}) == {"a": 9, "b": None, "c": None}
    assert suppressed({"a": 9, "b": 6}) == {"a": 9, "b": 6}
    assert suppressed({"yes": 40, "no": 2}) == {"yes": None, "no": None}
    assert suppressed({"yes": 42, "no": 0}) == {"yes": 42, "no": 0}
