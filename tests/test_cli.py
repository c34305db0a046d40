"""The command line as a user meets it: every command, exit codes, bad files, no terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz import __version__
from quiz.cli import COMMANDS, main
from tests.conftest import PERSONA_PM, write_json

SCRIPT = Path(sys.executable).parent / "ai-mba-fit"


def run_script(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script in a child process with no terminal on stdin."""
    return subprocess.run(
        [str(SCRIPT), *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    return tmp_path


@pytest.fixture
def answers_file(here):
    return write_json(here / "ada.answers.json", {"answers": PERSONA_PM})


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ai-mba-fit {__version__}"
    assert main(["take", "--version"]) == 0  # argparse's own --version, anywhere on the line
    assert capsys.readouterr().out.strip() == f"ai-mba-fit {__version__}"
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("take", "report", "validate", "schema"):
        assert command in out


@pytest.mark.parametrize("command", ["take", "report", "validate", "schema"])
def test_every_command_has_help(command, capsys):
    assert main([command, "--help"]) == 0
    assert f"usage: ai-mba-fit {command}" in capsys.readouterr().out


def test_take_from_a_complete_answers_file_without_input_writes_report_and_answers(
    here, answers_file, capsys
):
    # ada.answers.json → ada.html beside it, and the answers file is completed in place.
    assert main(["take", "--answers", str(answers_file), "--no-input"]) == 0
    out = capsys.readouterr().out
    report = here / "ada.html"
    saved = here / "ada.answers.json"
    assert f"Report:  {report}" in out and f"Answers: {saved}" in out
    assert sorted(p.name for p in here.iterdir()) == ["ada.answers.json", "ada.html"]
    assert "Overall fit: " in out and "Best pathway: " in out
    assert "<html" in report.read_text(encoding="utf-8")
    assert json.loads(saved.read_text(encoding="utf-8"))["answers"] == PERSONA_PM


def test_no_command_means_take(here):
    plain = write_json(here / "mine.json", {"answers": PERSONA_PM})
    assert main(["--answers", str(plain), "--no-input"]) == 0
    assert (here / "ai-mba-fit-report.html").exists()
    assert (here / "ai-mba-fit-report.answers.json").exists()


def test_resuming_a_numbered_answers_file_keeps_report_and_answers_a_pair(here, capsys):
    # A second quiz stopped early saved ai-mba-fit-report-2.answers.json (the first run's
    # files exist); finishing it writes ai-mba-fit-report-2.html and completes that file.
    write_json(here / "ai-mba-fit-report.answers.json", {"answers": PERSONA_PM})
    (here / "ai-mba-fit-report.html").write_text("first run", encoding="utf-8")
    second = write_json(here / "ai-mba-fit-report-2.answers.json", {"answers": PERSONA_PM})
    assert main(["take", "--answers", str(second), "--no-input"]) == 0
    out = capsys.readouterr().out
    assert f"Report:  {here / 'ai-mba-fit-report-2.html'}" in out
    assert f"Answers: {second}" in out
    assert json.loads(second.read_text(encoding="utf-8"))["complete"] is True
    assert len(list(here.iterdir())) == 4


def test_take_no_input_with_missing_answers_lists_them_and_exits_1(here, capsys):
    partial = write_json(here / "p.json", {"answers": {"role_now": "tech_pm"}})
    assert main(["take", "--answers", str(partial), "--no-input"]) == 1
    err = capsys.readouterr().err
    assert "answers.goal_role: no answer to" in err and "answers.week: no answer to" in err
    assert not (here / "ai-mba-fit-report.html").exists()


def test_without_a_terminal_and_nothing_to_answer_from_it_says_how_and_exits_2(tmp_path):
    done = run_script(cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1, done.stderr
    assert "--answers FILE --no-input" in done.stderr
    assert "Traceback" not in done.stderr


def test_python_dash_m_quiz_is_the_same_command(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "quiz", "--version"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"ai-mba-fit {__version__}"


@pytest.mark.parametrize(
    ("fmt", "marker"), [("html", "<!doctype html>"), ("md", "# "), ("json", '"overall"')]
)
def test_report_renders_each_format(here, answers_file, fmt, marker):
    assert main(["report", str(answers_file), "--format", fmt]) == 0
    text = (here / f"ada.{fmt}").read_text(encoding="utf-8")
    assert text.lower().startswith(marker) if fmt != "json" else marker in text


def test_report_json_is_the_result_model(here, answers_file, capsys):
    assert main(["report", str(answers_file), "--format", "json", "-o", "-"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {t["id"] for t in result["themes"]} == {
        "markets",
        "teams",
        "ethics",
        "business",
    }
    assert [r["id"] for r in result["routes"] if r["this_degree"]] == ["mba_ai"]
    assert result["band"]["id"] in {"strong", "good", "partial", "not_now"}
    assert result["generated_on"] == "2026-01-01"


def test_report_to_an_out_dir_and_to_a_path(here, answers_file):
    (here / "out").mkdir()
    assert main(["report", str(answers_file), "--out-dir", "out"]) == 0
    assert (here / "out" / "ada.html").exists()
    assert main(["report", str(answers_file), "-o", "mine.md", "--format", "md"]) == 0
    assert (here / "mine.md").exists()


def test_report_output_path_takes_one_input_only(here, answers_file, capsys):
    assert main(["report", str(answers_file), str(answers_file), "-o", "x.html"]) == 2
    assert "--out-dir" in capsys.readouterr().err


def test_one_broken_answers_file_is_named_and_the_others_are_still_rendered(
    here, answers_file, capsys
):
    broken = write_json(here / "broken.json", {"answers": {**PERSONA_PM, "week": "nap"}})
    assert main(["report", str(broken), str(answers_file)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}: 1 problem in this answers file:" in err
    assert "answers.week: 'nap' is not a choice" in err
    assert "1 of 2 files could not be rendered" in err
    assert (here / "ada.html").exists() and not (here / "broken.html").exists()


def test_an_existing_report_is_never_overwritten_unless_forced(here, answers_file, capsys):
    (here / "ada.html").write_text("mine", encoding="utf-8")
    assert main(["report", str(answers_file)]) == 0
    assert (here / "ada.html").read_text(encoding="utf-8") == "mine"
    assert (here / "ada-2.html").exists()
    assert f"Report:  {here / 'ada-2.html'}" in capsys.readouterr().out
    assert main(["report", str(answers_file), "--force"]) == 0
    assert (here / "ada.html").read_text(encoding="utf-8") != "mine"


def test_with_source_date_epoch_the_same_answers_give_the_same_bytes(here, answers_file):
    for name in ("one.html", "two.html"):
        assert main(["report", str(answers_file), "-o", name]) == 0
    assert (here / "one.html").read_bytes() == (here / "two.html").read_bytes()
    assert "2026-01-01" in (here / "one.html").read_text(encoding="utf-8")


def test_a_name_full_of_markup_is_escaped_in_html(here, capsys):
    hostile = '</script><img src=x onerror=alert(1)> "O\'Brien" & <b>'
    path = write_json(here / "h.json", {"answers": {**PERSONA_PM, "name": hostile[:60]}})
    assert main(["report", str(path), "-o", "-"]) == 0
    html = capsys.readouterr().out
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_private_leaves_out_the_name(here, answers_file, capsys):
    assert main(["report", str(answers_file), "--private", "-o", "-"]) == 0
    assert "Ada" not in capsys.readouterr().out


def test_validate_the_shipped_bank(capsys):
    assert main(["validate"]) == 0
    assert "OK" in capsys.readouterr().out


def test_validate_a_broken_bank_lists_every_problem_without_traceback(tmp_path):
    shipped = json.loads(
        (Path(__file__).parent.parent / "questions.json").read_text(encoding="utf-8")
    )
    shipped["questions"][4]["promt"] = "a typo"
    shipped["minutes"] = 0
    bank = write_json(tmp_path / "questions.json", shipped)
    done = run_script("validate", str(bank), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].endswith("2 problems in this question bank:") or "problems" in lines[0], lines
    assert any("minutes:" in line for line in lines), lines


def test_validate_a_missing_bank_exits_1(tmp_path):
    done = run_script("validate", "nope.json", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "ai-mba-fit: nope.json: no such file"


def test_schema_prints_the_json_schema(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "ai-mba-fit question bank"
    assert "SingleChoice" in schema["$defs"]


def test_take_into_a_missing_folder_says_so_before_anything_and_writes_nothing(
    here, answers_file, capsys
):
    assert main(["take", "--answers", str(answers_file), "--no-input", "-o", "missing/r.html"]) == 1
    assert capsys.readouterr().err == "ai-mba-fit: missing: no such folder\n"
    assert sorted(p.name for p in here.iterdir()) == [answers_file.name]


def test_unknown_option_is_a_usage_error(capsys):
    assert main(["report", "--colour"]) == 2


def test_no_input_without_an_answers_file_is_a_usage_error(here, capsys):
    assert main(["take", "--no-input"]) == 2
    assert "--no-input needs --answers FILE" in capsys.readouterr().err


def test_an_unknown_command_is_named_with_the_commands_there_are(capsys):
    assert main(["bogus"]) == 2
    assert (
        "unknown command 'bogus' (commands: take, report, compare, overview, preview, validate, schema)"
        in (capsys.readouterr().err)
    )


def test_one_broken_file_gets_its_message_and_no_count_of_failures(here, capsys):
    broken = write_json(here / "broken.json", {"answers": {**PERSONA_PM, "week": "nap"}})
    assert main(["report", str(broken), "-o", "out.html"]) == 1
    err = capsys.readouterr().err
    assert "answers.week: 'nap' is not a choice" in err
    assert "could not be rendered" not in err


def test_out_dir_is_made_when_it_does_not_exist(here, answers_file, capsys):
    assert main(["report", str(answers_file), "--out-dir", "reports/2026"]) == 0
    assert (here / "reports" / "2026" / "ada.html").exists()
    (here / "a-file").write_text("", encoding="utf-8")
    assert main(["report", str(answers_file), "--out-dir", "a-file"]) == 1
    assert "a-file: is a file, not a folder" in capsys.readouterr().err


def test_validate_given_an_answers_file_says_so(here, answers_file, capsys):
    assert main(["validate", str(answers_file)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"ai-mba-fit: {answers_file}: is an answers file, not a question bank "
        "(see `ai-mba-fit report`)"
    )


def test_broken_json_is_described_at_its_place(here, capsys):
    (here / "cut.json").write_text('{"answers": {"name": "Ada', encoding="utf-8")
    assert main(["report", "cut.json", "-o", "x.html"]) == 1
    assert "line 1, column 22: not valid JSON: unterminated string starting here" in (
        capsys.readouterr().err
    )


def test_taking_a_reported_answers_file_again_makes_a_new_matching_pair(here, capsys):
    # x.answers.json already has its x.html, and an unrelated x-2.answers.json waits to be
    # finished: the new pair is x-3, and neither existing file is touched.
    first = write_json(here / "x.answers.json", {"answers": PERSONA_PM})
    (here / "x.html").write_text("the first report", encoding="utf-8")
    write_json(here / "x-2.answers.json", {"answers": {"role_now": "tech_pm"}})
    before = first.read_bytes()
    assert main(["take", "--answers", str(first), "--no-input"]) == 0
    out = capsys.readouterr().out
    assert f"Report:  {here / 'x-3.html'}" in out
    assert f"Answers: {here / 'x-3.answers.json'}" in out
    assert first.read_bytes() == before
    assert (here / "x.html").read_text(encoding="utf-8") == "the first report"


def test_a_wrong_answer_and_a_missing_one_are_listed_together(here, capsys):
    answers = {k: v for k, v in PERSONA_PM.items() if k != "pace"}
    broken = write_json(here / "b.json", {"answers": {**answers, "role_now": "ceo"}})
    assert main(["report", str(broken), "-o", "b.html"]) == 1
    err = capsys.readouterr().err
    assert f"{broken}: 2 problems in this answers file:" in err
    assert "answers.role_now: 'ceo' is not a choice" in err
    assert "answers.pace: no answer to" in err


def test_report_o_naming_an_existing_folder_writes_into_it(here, answers_file, capsys):
    (here / "OUT").mkdir()
    assert main(["report", str(answers_file), "-o", "OUT"]) == 0
    assert sorted(p.name for p in (here / "OUT").iterdir()) == ["ada.html"]
    assert not list(here.glob("OUT-*"))


def test_take_o_naming_an_existing_folder_writes_the_pair_into_it(here, answers_file):
    (here / "OUT").mkdir()
    assert main(["take", "--answers", str(answers_file), "--no-input", "-o", "OUT"]) == 0
    names = sorted(p.name for p in (here / "OUT").iterdir())
    assert names == ["ai-mba-fit-report.answers.json", "ai-mba-fit-report.html"]


@pytest.mark.parametrize(
    ("name", "starts"), [("r.md", "# "), ("r.json", "{"), ("r.html", "<!doctype html>")]
)
def test_the_format_follows_the_o_file_ending_unless_given(here, answers_file, name, starts):
    assert main(["report", str(answers_file), "-o", name]) == 0
    assert (here / name).read_text(encoding="utf-8").startswith(starts)
    assert main(["report", str(answers_file), "-o", "x.md", "--format", "html"]) == 0
    assert (here / "x.md").read_text(encoding="utf-8").startswith("<!doctype html>")


def test_take_cannot_write_to_standard_output_and_says_to_use_report(here, answers_file, capsys):
    assert main(["take", "--answers", str(answers_file), "--no-input", "-o", "-"]) == 2
    assert "ai-mba-fit report ANSWERS -o -" in capsys.readouterr().err
    assert not (here / "-").exists() and not (here / "-.answers.json").exists()


def test_a_batch_says_how_many_reports_went_under_numbered_names(here, answers_file, capsys):
    inputs = [str(write_json(here / f"p{n:02}.json", {"answers": PERSONA_PM})) for n in range(25)]
    assert main(["report", *inputs, "--out-dir", "out"]) == 0
    assert "numbered names" not in capsys.readouterr().out
    assert main(["report", *inputs, "--out-dir", "out"]) == 0
    out = capsys.readouterr().out
    assert "Wrote 25 reports in out" in out
    assert "25 of them under other names than their inputs':" in out
    assert (
        f"  out/p19-2.html (from {inputs[19]}: p19.html existed, so wrote p19-2.html; --force replaces it)"
        in out.splitlines()
    )
    assert out.splitlines()[-1] == "  … and 5 more"
    assert (here / "out" / "p24-2.html").exists()


def test_a_file_cut_off_mid_json_says_so(here, capsys):
    (here / "cut.json").write_text('{"answers": {\n  "role": "train_models",\n', encoding="utf-8")
    assert main(["report", "cut.json", "-o", "-"]) == 1
    assert "line 3, column 1: the file ends before the JSON is closed" in capsys.readouterr().err


def test_a_wrong_answer_to_a_condition_is_one_problem_not_two(here, capsys):
    answers = {**PERSONA_PM, "f1_visa": "yes", "stay_to_work": True}
    write_json(here / "v.json", {"answers": answers})
    assert main(["report", "v.json", "-o", "-"]) == 1
    err = capsys.readouterr().err
    assert "answers.f1_visa: expected true or false" in err
    assert "stay_to_work" not in err


@pytest.mark.parametrize("command", ["main", *COMMANDS])
def test_each_help_shows_examples_that_run_as_written(command, capsys, here, answers_file):
    import shlex

    from quiz import constants as ui
    from quiz.cli import build_parser

    assert main(["--help"] if command == "main" else [command, "--help"]) == 0
    shown = capsys.readouterr().out
    examples = [line.strip() for line in ui.EXAMPLES[command].splitlines()[1:]]
    assert 1 <= len(examples) <= 3
    for example in examples:
        # The command itself, as shown (the words after two spaces explain it).
        words = shlex.split(example.split("  ")[0].split(" > ")[0])  # no shell redirection
        assert words[0] == "ai-mba-fit" and example.split("  ")[0] in shown
        build_parser().parse_args(words[1:] or ["take"])  # exits 2 if it does not parse


def test_a_mistyped_command_gets_the_one_it_most_likely_meant(capsys):
    assert main(["reprot", "a.json"]) == 2
    assert "unknown command 'reprot'; did you mean 'report'?" in capsys.readouterr().err
    assert main(["zzz"]) == 2
    assert "did you mean" not in capsys.readouterr().err


def test_a_misspelt_answers_key_is_one_problem_with_the_key_it_meant(here, capsys):
    answers = {key: value for key, value in PERSONA_PM.items() if key != "role_now"}
    path = write_json(
        here / "typo.json", {"answers": {**answers, "rol_now": PERSONA_PM["role_now"]}}
    )
    assert main(["report", str(path)]) == 1
    err = capsys.readouterr().err
    assert "1 problem in this answers file" in err
    assert "answers.rol_now: unknown question; did you mean 'role_now'?" in err


def test_report_on_an_unfinished_answers_file_says_how_to_finish_it(here, capsys):
    answers = {key: value for key, value in PERSONA_PM.items() if key not in ("week", "pace")}
    path = write_json(here / "half.json", {"answers": answers})
    assert main(["report", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-2] == "To answer the rest in the quiz:"
    command = shlex_split(err[-1])
    assert command[-3:] == ["take", "--answers", str(path)]


def shlex_split(line: str) -> list[str]:
    import shlex

    return shlex.split(line)


def test_take_says_in_one_line_when_a_report_name_was_taken(here, answers_file, capsys):
    (here / "ada.html").write_text("an earlier report", encoding="utf-8")
    assert main(["take", "--answers", str(answers_file), "--no-input", "-o", "ada.html"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "ada.html existed, so wrote ada-2.html; --force replaces it" in out
    assert (here / "ada.html").read_text(encoding="utf-8") == "an earlier report"
    # Finishing ada.answers.json completes it: no second answers file.
    assert sorted(p.name for p in here.iterdir()) == ["ada-2.html", "ada.answers.json", "ada.html"]
    assert (
        main(["take", "--answers", str(answers_file), "--no-input", "-o", "ada.html", "--force"])
        == 0
    )
    assert "existed" not in capsys.readouterr().out
