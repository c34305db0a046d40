"""The quiz as a reader feels it, in a pseudo-terminal: each Enter until the next question is
drawn, the last Enter until the summary is printed (both files written), and until the shell
has its prompt back (the process has ended). The baseline is a bare questionary script that
asks the same questions, with the same prompts and rows, in the same terminal.

Keys come as a reader's do, some time after the question is on screen (THINK), not the
instant it is drawn. Both answer the same way: the first option of every list (a scale's
middle step, the default), the first box of a several-choice question, a name typed in one
piece. Runs of the two take turns (A B A B …), so a spike of load lands on both.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

# The questions met when every answer is the first one, as the bare script asks them:
# [{"kind": "select"|"checkbox"|"text", "message": ..., "choices": [...], "keys": ...}].
PATH = r"""
import json, sys
from quiz import constants as ui
from quiz.answers import unanswered
from quiz.bank import FreeText, MultiChoice, Scale, SingleChoice, YesNo
from quiz.bankcache import load_bank
from quiz.resources import default_bank_path
bank = load_bank(default_bank_path()).bank
answers, steps = {}, []
while True:
    pending = unanswered(bank, answers)
    if not pending:
        break
    q = pending[0]
    if isinstance(q, SingleChoice):
        labels, value, kind, keys = [o.label for o in q.options], q.options[0].id, "select", "\r"
    elif isinstance(q, YesNo):
        labels, value, kind, keys = [ui.YES, ui.NO], True, "select", "\r"
    elif isinstance(q, Scale):
        labels = [q.label(s) for s in range(q.min, q.max + 1)]
        value, kind, keys = (q.min + q.max) // 2, "select", "\r"
    elif isinstance(q, MultiChoice):
        labels, value = [o.label for o in q.options], [q.options[0].id]
        kind, keys = "checkbox", " \r"
    else:
        labels, value, kind, keys = [], "Reader", "text", "Reader\r"
    if steps:  # every question after the first offers a way back
        labels = labels + [ui.BACK]
    answers[q.id] = value
    steps.append({"kind": kind, "message": q.prompt, "choices": labels, "keys": keys})
review = [ui.REVIEW_DONE] + [f"{q.topic}: answer" for q in bank.applicable(answers)]
steps.append({"kind": "select", "message": ui.REVIEW_TITLE, "choices": review, "keys": "\r"})
print(json.dumps(steps))
"""

# The bare script: the same prompts and rows with questionary and nothing else.
BARE = r"""
import json, sys
import questionary
steps = json.loads(open(sys.argv[1], encoding="utf-8").read())
questionary.press_any_key_to_continue("Press any key to start").unsafe_ask()
for number, step in enumerate(steps, start=1):
    print(f"question {number} of {len(steps)}")
    if step["kind"] == "select":
        questionary.select(step["message"], choices=step["choices"]).unsafe_ask()
    elif step["kind"] == "checkbox":
        questionary.checkbox(step["message"], choices=step["choices"]).unsafe_ask()
    else:
        questionary.text(step["message"]).unsafe_ask()
print("Done: report and answers written.")
"""


# A reader reads each question before answering: keys come this long after it is drawn.
THINK = 0.3


def quiz_steps(python: str) -> list[dict[str, Any]]:
    done = subprocess.run([python, "-c", PATH], capture_output=True, text=True, check=True)
    steps: list[dict[str, Any]] = json.loads(done.stdout)
    return steps


def one_run(command: list[str], steps: list[dict[str, Any]], cwd: Path, end: str) -> dict[str, Any]:
    """Times of one quiz in a pty: `enter` holds, per question, the seconds from the key that
    ended the one before (the welcome's key, for the first) until it is drawn; `summary`
    from the last Enter until `end` is shown; `exit` until the process has gone."""
    import pexpect  # type: ignore[import-untyped]

    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm-256color",
        "AI_MBA_FIT_BANK_ORDER": "1",  # options in the bank's order, as the bare script has them
    }
    child = pexpect.spawn(
        command[0], command[1:], cwd=str(cwd), env=env, dimensions=(40, 120), timeout=30
    )
    child.delaybeforesend = None
    child.expect_exact("Press any key")
    keys, enter = "x", []
    for step in steps:
        time.sleep(THINK)
        sent = time.perf_counter()
        child.send(keys)
        # The first characters of the prompt: the frame is drawn in one write.
        child.expect_exact(step["message"][:20].encode())
        enter.append(time.perf_counter() - sent)
        keys = step["keys"]
    time.sleep(THINK)
    sent = time.perf_counter()
    child.send(keys)
    child.expect_exact(end.encode())
    summary = time.perf_counter() - sent
    child.expect(pexpect.EOF)
    gone = time.perf_counter() - sent
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"{' '.join(command)} exited {child.exitstatus} in the pty")
    return {"enter": enter, "summary": summary, "exit": gone}


def measure(tool: str, python: str, work: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Each figure as (ours, ratio to the bare script), medians of runs taken in turns."""
    steps = quiz_steps(python)
    spec = work / "steps.json"
    spec.write_text(json.dumps(steps), encoding="utf-8")
    folder = work / "quiz"
    folder.mkdir(exist_ok=True)
    ours_command = [tool, "take", "-o", str(folder / "me.html"), "--force"]
    bare_command = [python, "-c", BARE, str(spec)]

    def ours() -> dict[str, Any]:
        return one_run(ours_command, steps, folder, "Answers:")

    def bare() -> dict[str, Any]:
        return one_run(bare_command, steps, folder, "Done: report")

    ours(), bare()  # warm-up runs: file caches, not the figure
    pairs = []
    for number in range(runs):
        pairs.append((ours(), bare()) if number % 2 else tuple(reversed((bare(), ours()))))
    return summarise(pairs)


def summarise(pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> dict[str, tuple[float, float]]:
    count = len(pairs[0][0]["enter"])
    # Per question: the median of its own times, and of its ratios pair by pair.
    each = [
        (
            statistics.median(a["enter"][i] for a, _ in pairs),
            statistics.median(a["enter"][i] / b["enter"][i] for a, b in pairs),
        )
        for i in range(count)
    ]
    worst = max(each)
    # The median question: the median of every question's median, and of its ratios.
    middle = (statistics.median(t for t, _ in each), statistics.median(r for _, r in each))

    def figure(key: str) -> tuple[float, float]:
        return (
            statistics.median(a[key] for a, _ in pairs),
            statistics.median(a[key] / b[key] for a, b in pairs),
        )

    return {
        "enter, median question": middle,
        "enter, worst question": worst,
        "last Enter to summary": figure("summary"),
        "last Enter to shell": figure("exit"),
    }


if __name__ == "__main__":  # a quick look: python bench/quiz_pty.py [RUNS]
    import shutil
    import sys
    import tempfile

    python = sys.executable
    tool = str(Path(python).parent / "ai-mba-fit")
    work = Path(tempfile.mkdtemp(prefix="ai-mba-fit-pty-"))
    try:
        found = measure(tool, python, work, int(sys.argv[1]) if len(sys.argv) > 1 else 5)
        for name, (seconds, ratio) in found.items():
            print(f"{name:<24} {seconds * 1000:7.1f} ms  {ratio:.2f} × bare")
    finally:
        shutil.rmtree(work, ignore_errors=True)
