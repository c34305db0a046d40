"""What keeps the tool fast, tested by behaviour, never by timing: lazy imports, and a batch
mode that renders many files with one bad one among them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quiz.cli import main
from tests.conftest import PERSONA_PM

HEAVY = ("pydantic", "jinja2", "questionary", "prompt_toolkit")
PROBE = """
import sys
sys.argv = ["ai-mba-fit", *{args!r}]
try:
    from quiz.cli import main
    main()
except SystemExit:
    pass
print("LOADED:" + ",".join(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def loaded_modules(*args: str, cwd: Path, heavy: tuple[str, ...] = HEAVY) -> set[str]:
    """Which heavy packages a command line imports, in a fresh interpreter whose cache
    folder is `cwd/cache`."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args), heavy=heavy)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "XDG_CACHE_HOME": str(cwd / "cache")},
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    line = next(line for line in done.stderr.splitlines() if line.startswith("LOADED:"))
    return {name for name in line.removeprefix("LOADED:").split(",") if name}


@pytest.mark.parametrize(
    "args", [["--help"], ["--version"], ["report", "--help"], ["take", "--help"]]
)
def test_help_and_version_load_none_of_the_heavy_packages(tmp_path, args):
    assert loaded_modules(*args, cwd=tmp_path) == set()


def test_help_does_not_load_shutil_and_its_compression_modules(tmp_path):
    # argparse imports shutil for the terminal width unless the formatter is given one.
    assert loaded_modules("--help", cwd=tmp_path, heavy=("shutil", "lzma", "bz2")) == set()


def test_report_and_validate_never_load_the_terminal_ui(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"answers": PERSONA_PM}), encoding="utf-8")
    report = ["report", str(answers), "-o", str(tmp_path / "a.html"), "--force"]
    # The first run checks the bank with pydantic; later ones find it checked in the cache.
    assert loaded_modules(*report, cwd=tmp_path) == {"pydantic", "jinja2"}
    assert loaded_modules(*report, cwd=tmp_path) == {"jinja2"}
    assert (tmp_path / "a.html").exists()
    # An exact weighted mean needs no fractions (nor the decimal module it loads).
    assert loaded_modules(*report, cwd=tmp_path, heavy=("fractions", "decimal")) == set()
    assert "jinja2" not in loaded_modules("validate", cwd=tmp_path)


def test_the_quiz_finds_a_checked_bank_without_pydantic(tmp_path):
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"answers": PERSONA_PM}), encoding="utf-8")
    take = ["take", "--answers", str(answers), "--no-input", "-o", str(tmp_path / "t.html")]
    assert "pydantic" in loaded_modules(*take, cwd=tmp_path)
    assert "pydantic" not in loaded_modules(*take, "--force", cwd=tmp_path)
    assert (tmp_path / "t.html").exists()


@pytest.fixture
def two_hundred_files(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for number in range(200):
        answers = {**PERSONA_PM, "name": f"Reader {number}", "judged_on_results": 1 + number % 5}
        (inputs / f"r{number:03}.json").write_text(
            json.dumps({"answers": answers}), encoding="utf-8"
        )
    (inputs / "r117.json").write_text(
        json.dumps({"answers": {**PERSONA_PM, "week": "nap"}}), encoding="utf-8"
    )
    return sorted(str(p) for p in inputs.iterdir())


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_batch_of_200_with_one_broken_file_renders_199_and_names_the_broken_one(
    tmp_path, two_hundred_files, capsys, jobs
):
    out = tmp_path / f"out{jobs}"
    out.mkdir()
    assert main(["report", *two_hundred_files, "--out-dir", str(out), "--jobs", jobs]) == 1
    captured = capsys.readouterr()
    assert len(list(out.iterdir())) == 199
    assert not (out / "r117.html").exists()
    errors = [line for line in captured.err.splitlines() if line.startswith("ai-mba-fit: ")]
    assert errors[0].endswith("r117.json: 1 problem in this answers file:")
    assert "answers.week: 'nap' is not a choice" in captured.err
    assert errors[-1] == "ai-mba-fit: 1 of 200 files could not be rendered (see above)"
    assert f"Wrote 199 reports in {out}" in captured.out


def test_two_jobs_give_byte_identical_reports_to_one(tmp_path, two_hundred_files, capsys):
    for jobs in ("1", "2"):
        (tmp_path / f"out{jobs}").mkdir()
        main(
            [
                "report",
                *two_hundred_files,
                "--out-dir",
                str(tmp_path / f"out{jobs}"),
                "--jobs",
                jobs,
            ]
        )
    one = {p.name: p.read_bytes() for p in (tmp_path / "out1").iterdir()}
    two = {p.name: p.read_bytes() for p in (tmp_path / "out2").iterdir()}
    assert len(one) == 199 and one == two


def test_jobs_must_be_positive(tmp_path, capsys):
    assert main(["report", "x.json", "--jobs", "0"]) == 2
    assert "--jobs must be 1 or more" in capsys.readouterr().err


IDLE = """
import gc, sys, threading
from quiz.take import _idle_work
idle = _idle_work("html")
assert "jinja2" not in sys.modules
assert not gc.isenabled() and gc.get_freeze_count() > 0
idle()  # the first question is on screen
for thread in threading.enumerate():
    if thread is not threading.main_thread():
        thread.join()
from quiz.report import _environment, _pieces
assert _environment.cache_info().currsize == 1 and _pieces.cache_info().currsize == 1
garbage = []
for _ in range(1000):
    cycle = []
    cycle.append(cycle)
    garbage.append(cycle)
del garbage
assert gc.collect() > 0  # the collector did not run by itself: cycles were left to idle()
import quiz.take
again = []
quiz.take._warm_up = again.append
idle()  # the next question: collects again, and warms up no more
assert again == [] and threading.active_count() == 1
print("OK")
"""


def test_the_quiz_collects_garbage_and_loads_the_renderer_while_the_reader_reads(tmp_path):
    # Not on a keypress: see quiz/take.py _idle_work (the bench shows what it buys).
    done = subprocess.run(
        [sys.executable, "-c", IDLE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "OK\n"


def test_a_batch_keeps_nothing_of_each_readers_name(shipped_bank):
    # The memo of what answers bring is per bank and answer; a name brings nothing, and a
    # memo entry per reader grew a 10,000-file batch by megabytes.
    from quiz.scoring import score

    name = shipped_bank.bank.name_question()
    assert name is not None
    score(shipped_bank, {**PERSONA_PM, name.id: "Reader 0"}, "2026-01-01")
    kept = len(shipped_bank.bank.memo)
    for number in range(1, 50):
        score(shipped_bank, {**PERSONA_PM, name.id: f"Reader {number}"}, "2026-01-01")
    assert len(shipped_bank.bank.memo) == kept


def test_a_batch_keeps_nothing_of_each_readers_order(shipped_bank):
    # Each reader sees the options in an order of their own (their file's seed). A report's
    # reused pieces must not depend on it: a piece per question and order filled the cache
    # to its limit and grew a batch of real answers files by a megabyte per 300 files.
    from quiz.report import _piece, render
    from quiz.scoring import score

    def report(seed: int) -> str:
        return render(score(shipped_bank, PERSONA_PM, "2026-01-01", seed), "html")

    report(1)
    kept, memo = _piece.cache_info().currsize, len(shipped_bank.bank.memo)
    orders = {report(seed).split('id="appendix"')[-1] for seed in range(2, 40)}
    assert len(orders) > 30  # the readers did see different orders, in the appendix too
    assert _piece.cache_info().currsize == kept
    assert len(shipped_bank.bank.memo) == memo


def test_a_batch_keeps_what_lasts_out_of_the_collectors_passes(shipped_bank, tmp_path):
    # The bank, the templates and the modules live as long as a batch: frozen once loaded,
    # the collector's passes skip them (bench/run.py shows what it buys), for one report
    # too; after the batch, all is as before, and a caller's own frozen objects stay frozen.
    import gc

    from quiz import batch
    from quiz.report import _environment

    names = []
    for number in range(3):
        (tmp_path / f"r{number}.json").write_text(json.dumps({"answers": PERSONA_PM}))
        names.append(str(tmp_path / f"r{number}.json"))
    targets = batch.plan(names, tmp_path / "out", "html")
    (tmp_path / "out").mkdir()
    job = batch.ReportJob(fmt="html", private=False, force=True, generated_on="2026-01-01")
    gc.unfreeze()  # whatever an earlier test in this process froze
    during = []
    for outcome in batch.run(job, targets, shipped_bank):
        assert outcome.written is not None
        during.append(gc.get_freeze_count())
    assert min(during) > 0 and _environment.cache_info().currsize == 1
    assert gc.get_freeze_count() == 0
    for outcome in batch.run(job, targets[:1], shipped_bank):
        assert outcome.written is not None and gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
    gc.freeze()
    try:
        kept = gc.get_freeze_count()
        assert all(outcome.written for outcome in batch.run(job, targets, shipped_bank))
        assert gc.get_freeze_count() >= kept
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(("args", "code"), [(["--version"], 0), (["report", "nothere.json"], 1)])
def test_the_command_leaves_what_it_made_frozen_on_its_way_out(monkeypatch, capsys, args, code):
    # The interpreter's last collection would walk everything the run made just before it
    # is all freed anyway (some 20 ms of a report of one file): the command freezes it
    # first, and exits with main's code.
    import gc

    from quiz.cli import run

    monkeypatch.setattr(sys, "argv", ["ai-mba-fit", *args])
    gc.unfreeze()  # whatever an earlier test in this process froze
    try:
        with pytest.raises(SystemExit) as stopped:
            run()
        assert stopped.value.code == code
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    assert capsys.readouterr().err.count("ai-mba-fit:") == code


def test_the_installed_command_and_python_m_quiz_both_go_through_run():
    tomllib = pytest.importorskip("tomllib")
    checkout = Path(__file__).resolve().parent.parent
    project = tomllib.loads((checkout / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"] == {"ai-mba-fit": "quiz.cli:run"}
    main_module = (checkout / "quiz" / "__main__.py").read_text(encoding="utf-8")
    assert main_module.rstrip().endswith("run()")
