"""`preview`: the whole question bank on one page, for the content owner."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from quiz.bank import FreeText, Scale, YesNo
from quiz.cli import main
from quiz.resources import default_bank_path
from tests.conftest import SMALL_BANK, write_json

BROKEN = Path(__file__).resolve().parent / "broken"


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The shipped bank's page, made once (it samples 2,000 readers, as validate does)."""
    made = tmp_path_factory.mktemp("preview") / "bank.html"
    assert main(["preview", "-o", str(made)]) == 0
    return made


def _text(page: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def test_every_question_and_answer_is_there_in_the_readers_order(page, shipped_bank):
    text = " ".join(_text(page).split())
    bank = shipped_bank.bank
    places = []
    for question in bank.questions:
        places.append(text.index(" ".join(question.prompt.split())))
        if isinstance(question, Scale):
            labels = [question.label(step) for step in range(question.min, question.max + 1)]
        elif isinstance(question, (YesNo, FreeText)):
            labels = []
        else:
            labels = [option.label for option in question.options]
        for label in labels:
            assert " ".join(label.split()) in text, label
    # In the order of the sections, as a reader meets them.
    order = [s.id for s in bank.sections]
    by_section = sorted(bank.questions, key=lambda q: order.index(q.section))
    assert [places[bank.questions.index(q)] for q in by_section] == sorted(places)
    assert "Asked only if “Student visa (F-1)” is “Yes”" in text
    assert "What validate finds" in text and "position bias" in text


def test_points_read_without_colour(page):
    # The first option of the goal question gives points: each shows as a number.
    raw = json.loads(default_bank_path().read_text(encoding="utf-8"))
    goal = next(q for q in raw["questions"] if q["id"] == "goal_role")
    first = goal["options"][0]
    row = page.read_text(encoding="utf-8").split(html.escape(first["label"], quote=False))[1]
    row = row.split("</tr>")[0]
    assert first["themes"]
    for points in first["themes"].values():
        assert f">{points:g}</td>" in row


def test_a_broken_bank_gives_a_page_of_its_problems_and_exit_1(tmp_path, capsys):
    page = tmp_path / "bank.html"
    assert main(["preview", str(BROKEN / "bank-many-problems.json"), "-o", str(page)]) == 1
    err = capsys.readouterr().err
    assert "bank-many-problems.json" in err and "Traceback" not in err
    text = _text(page)
    assert "The question bank has" in text and "problems" in text
    assert "bank-many-problems.json" in text and str(BROKEN) not in text  # a file, no folders
    # Every problem on the terminal is on the page, with its place.
    for line in err.splitlines()[1:]:
        place = line.strip().split(":")[0]
        if place.startswith(("questions", "themes", "bands", "pathways", "routes")):
            assert place in text


def test_stdout_and_an_existing_file(tmp_path, capsys):
    small = write_json(tmp_path / "small.json", SMALL_BANK)  # quicker to sample than ours
    assert main(["preview", str(small), "-o", "-"]) == 0
    assert capsys.readouterr().out.startswith("<!doctype html>")
    page = tmp_path / "bank.html"
    page.write_text("mine", encoding="utf-8")
    assert main(["preview", str(small), "-o", str(page)]) == 0
    assert f"Preview: {tmp_path / 'bank-2.html'}" in capsys.readouterr().out
    assert page.read_text(encoding="utf-8") == "mine" and (tmp_path / "bank-2.html").exists()


def test_a_content_owners_bank_with_one_problem_names_it_and_its_place(tmp_path, capsys):
    raw = json.loads(default_bank_path().read_text(encoding="utf-8"))
    raw["questions"][3]["options"][1]["themes"] = {"marketz": 2}  # a theme that is not there
    bank = tmp_path / "my-questions.json"
    bank.write_text(json.dumps(raw), encoding="utf-8")
    page = tmp_path / "bank.html"
    assert main(["preview", str(bank), "-o", str(page)]) == 1
    err = capsys.readouterr().err
    assert "1 problem in this question bank" in err
    text = " ".join(_text(page).split())
    assert "The question bank has 1 problem" in text
    assert "questions[3].options[1]" in text and "marketz" in text


def test_the_charts_include_the_fit_of_answering_by_position(page):
    text = " ".join(_text(page).split())
    assert "Fit of answering by position, over 200 orders" in text
    for pattern in ("first", "middle", "last", "yes to everything"):
        assert f"{pattern} " in text
