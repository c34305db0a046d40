"""Regenerate the samples under docs/ and the terminal sample in the README.

    .venv/bin/python docs/make_samples.py

Everything here is made by the tool itself from docs/sample-answers.json, with the date
fixed by SOURCE_DATE_EPOCH, so running it twice changes nothing.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.chromium import CHROMIUM, CHROMIUM_FLAGS  # after the checkout is on the path

DOCS = Path(__file__).resolve().parent
README = DOCS.parent / "README.md"
MODEL_CHECKS = DOCS / "model-checks.md"  # validate's output and the personas' table
EPOCH = "1767225600"  # 2026-01-01: samples do not change with the day they are made
SCRIPT = Path(sys.executable).parent / "ai-mba-fit"


def tool(*args: str) -> str:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1", "COLUMNS": "100"}
    done = subprocess.run(
        [str(SCRIPT), *args], cwd=DOCS, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


SHOTS = [  # name, viewport width, height shown, colour scheme
    ("report-1280-light", 1280, 1500, "light"),
    ("report-1280-dark", 1280, 1500, "dark"),
    ("report-360-light", 360, 1400, "light"),
    ("report-360-dark", 360, 1400, "dark"),
]


def screenshots() -> None:
    """The top of the sample report at phone and desktop widths, light and dark, and the
    first page of its PDF on A4 and on Letter (Debian's chromium, and pdftoppm from
    poppler-utils)."""
    from playwright.sync_api import sync_playwright

    folder = DOCS / "screenshots"
    folder.mkdir(exist_ok=True)
    report = (DOCS / "sample-report.html").as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for name, width, height, scheme in SHOTS:
            page = browser.new_page(
                viewport={"width": width, "height": height}, color_scheme=scheme
            )
            page.goto(report)
            page.screenshot(path=str(folder / f"{name}.png"))
            page.close()
        page = browser.new_page()
        page.goto(report)
        pdfs = {}
        for paper in ("A4", "Letter"):
            pdfs[paper] = folder / f"report-{paper}.pdf"
            pdfs[paper].write_bytes(page.pdf(format=paper, print_background=True))
        browser.close()
    for paper, pdf in pdfs.items():
        first_page = ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile"]
        out = folder / f"report-print-{paper.lower()}"
        subprocess.run(["pdftoppm", *first_page, str(pdf), str(out)], check=True)
        pdf.unlink()


def pages() -> None:
    """The other pages the tool makes, pictured at the top at 1280 px (light) and 360 px
    (dark): compare (a retake a year later, with a bank that changed in between), overview
    (a workshop of 60 readers, one file broken) and preview (the shipped bank)."""
    import shutil
    import tempfile

    from playwright.sync_api import sync_playwright

    from quiz.audit import sample_answers
    from quiz.bankcache import load_bank
    from quiz.resources import default_bank_path

    work = Path(tempfile.mkdtemp(prefix="ai-mba-fit-pages-"))
    try:
        kept = DOCS.parent / "tests" / "compare"
        for name in ("sam-2025.html", "sam-2026.answers.json"):
            shutil.copy(kept / name, work / name)
        cohort = work / "workshop"
        cohort.mkdir()
        bank = load_bank(default_bank_path()).bank
        for number, answers in enumerate(sample_answers(bank, 60, seed=2026)):
            data = json.dumps({"answers": answers})
            (cohort / f"reader-{number:02}.json").write_text(data, encoding="utf-8")
        (cohort / "reader-60.json").write_text('{"answers": {', encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
        for args in (
            ["compare", "sam-2025.html", "sam-2026.answers.json", "-o", "compare.html"],
            ["overview", "--dir", "workshop", "-o", "overview.html"],
            ["preview", "-o", "preview.html"],
        ):
            subprocess.run([str(SCRIPT), *args], cwd=work, env=env, capture_output=True)
        folder = DOCS / "screenshots"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name in ("compare", "overview", "preview"):
                for width, height, scheme in ((1280, 1500, "light"), (360, 1400, "dark")):
                    page = browser.new_page(
                        viewport={"width": width, "height": height}, color_scheme=scheme
                    )
                    page.goto((work / f"{name}.html").as_uri())
                    page.screenshot(path=str(folder / f"{name}-{width}-{scheme}.png"))
                    page.close()
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    for fmt in ("html", "md"):
        tool(
            "report",
            "sample-answers.json",
            "--format",
            fmt,
            "-o",
            f"sample-report.{fmt}",
            "--force",
        )
    # The terminal summary as `take` prints it, with the paths a reader would see.
    summary = tool(
        "take",
        "--answers",
        "sample-answers.json",
        "--no-input",
        "-o",
        "sample-report.html",
        "--force",
    )
    (DOCS / "sample-report.answers.json").unlink(missing_ok=True)
    summary = summary.replace(str(DOCS), "~/mba")
    shown = len(json.loads((DOCS / "sample-answers.json").read_text(encoding="utf-8"))["answers"])
    block = f"```text\n$ ai-mba-fit\n  …{shown} questions…\n" + summary.strip("\n") + "\n```"
    text = README.read_text(encoding="utf-8")
    README.write_text(fill(text, "terminal-sample", block), encoding="utf-8")
    checks = tool("validate")
    text = MODEL_CHECKS.read_text(encoding="utf-8")
    text = fill(text, "validate-sample", "```text\n$ ai-mba-fit validate\n" + checks + "```")
    text = fill(text, "personas-table", personas_table())
    MODEL_CHECKS.write_text(text, encoding="utf-8")
    screenshots()
    pages()


def fill(text: str, marker: str, block: str) -> str:
    """Put `block` between `<!-- marker -->` and `<!-- /marker -->` in a page."""
    return re.sub(
        rf"(<!-- {marker} -->\n).*?(<!-- /{marker} -->)",
        lambda m: m[1] + block + "\n" + m[2],
        text,
        flags=re.S,
    )


def personas_table() -> str:
    """The calibration personas, what the advisor expected and what the model says."""
    from tests.personas.table import rows

    lines = [
        "| persona | advisor expects | model says |",
        "|---|---|---|",
    ]
    lines += [f"| {who} | {expected} | {seen} |" for who, expected, seen in rows()]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
