"""The report's budgets, measured on the sample and on every calibration persona: what a
mentor can read in five minutes, on paper and on a phone.

- Before the appendix: at most 1,500 words (HTML and Markdown) and 4 printed pages, on A4
  and on Letter; the first page prints on its own.
- At 360 × 740, with the appendix folded: at most 10 screens; the navigation on one line.
- No heading stranded at the foot of a printed page; no chart or table cut across pages;
  the appendix prints what its text promises (every ledger, every question).
- Self-contained and small (under 150 KB), byte-identical from the same answers.

The printed pages are Chromium's PDF, read back with pypdf.
"""

from __future__ import annotations

import html as html_module
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from quiz.report import render
from quiz.scoring import Result, score
from quiz.scoring.sheet import UNIT
from tests.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import need

CHECKOUT = Path(__file__).resolve().parent.parent
READERS = {
    "sample": CHECKOUT / "docs" / "sample-answers.json",
    **{path.stem: path for path in sorted((CHECKOUT / "tests" / "personas").glob("*.json"))},
}
WORDS_BEFORE_APPENDIX = 1500
PAGES_BEFORE_APPENDIX = 4
PAGES_IN_ALL = 12  # the appendix included: what a mentor is handed
PHONE = {"width": 360, "height": 740}
PHONE_SCREENS = 10
MOST_BYTES = 150_000
# Words for the working, kept for the appendix.
APPENDIX_WORDS = (
    "digest",
    "sha-256",
    "hex",
    "the question bank lists first",
    f"{UNIT}ths",  # the unit points are counted in
)


def _result(shipped_bank: Any, path: Path) -> Result:
    answers = json.loads(path.read_text(encoding="utf-8"))["answers"]
    return score(shipped_bank, answers, "2026-01-01")


@pytest.fixture(scope="module")
def reports(shipped_bank, tmp_path_factory) -> dict[str, tuple[Result, Path, str]]:
    """Every reader's result, HTML report on disk, and Markdown report."""
    folder = tmp_path_factory.mktemp("budgets")
    made = {}
    for name, path in READERS.items():
        result = _result(shipped_bank, path)
        page = folder / f"{name}.html"
        page.write_text(render(result, "html"), encoding="utf-8")
        made[name] = (result, page, render(result, "md"))
    return made


def _words(text: str) -> int:
    return sum(1 for word in text.split() if re.search(r"\w", word))


def _html_before_appendix(page: str) -> str:
    """The text a reader sees before the appendix: the body up to it, without markup."""
    body = page.split("<body>", 1)[1].split('<details class="appendix"', 1)[0]
    return html_module.unescape(re.sub(r"<[^>]+>", " ", body))


def _markdown_before_appendix(markdown: str) -> str:
    return markdown.split("\n## Appendix", 1)[0]


@pytest.mark.parametrize("name", READERS)
def test_everything_before_the_appendix_is_at_most_1500_words(reports, name):
    _, page, markdown = reports[name]
    html_words = _words(_html_before_appendix(page.read_text(encoding="utf-8")))
    markdown_words = _words(re.sub(r"[|#*>:-]+", " ", _markdown_before_appendix(markdown)))
    assert html_words <= WORDS_BEFORE_APPENDIX, html_words
    assert markdown_words <= WORDS_BEFORE_APPENDIX, markdown_words
    # Not an empty report passing by accident: the plan and the guide are there.
    assert html_words > 600 and markdown_words > 600


@pytest.mark.parametrize("name", READERS)
def test_the_main_text_speaks_to_people_and_keeps_the_working_for_the_appendix(reports, name):
    result, page, markdown = reports[name]
    for text in (_html_before_appendix(page.read_text(encoding="utf-8")), markdown):
        main_text = text.split("\n## Appendix", 1)[0].lower()
        for word in APPENDIX_WORDS:
            assert word not in main_text, word
        assert not re.search(r"\b\d of \d \(1 =", main_text), "scales are quoted in words"
    # Each answer that weighs most is quoted once on page one, not in every theme again.
    first = _html_before_appendix(page.read_text(encoding="utf-8")).split("A plan to test it")[0]
    lead = result.named_route if result.band.leads_with == "route" else None
    key = (lead or result.pathways[0]).reasons[:3]
    answered = {a.question_id: a for a in result.answers}
    for line in key:
        assert f"“{answered[line.question_id].answer}”" in first
    # The appendix keeps the working, in the words the method needs.
    assert "SHA-256" in page.read_text(encoding="utf-8").split('<details class="appendix"')[1]


@pytest.mark.parametrize("name", READERS)
def test_the_page_is_self_contained_and_under_150_kb(reports, name):
    raw = reports[name][1].read_bytes()
    assert len(raw) < MOST_BYTES, len(raw)
    assert b"<script src" not in raw and b"<link" not in raw and b"@import" not in raw


def test_the_same_answers_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    made = []
    for run in ("one", "two"):
        for fmt in ("html", "md"):
            out = tmp_path / f"{run}.{fmt}"
            assert main(["report", str(READERS["sample"]), "--format", fmt, "-o", str(out)]) == 0
            made.append(out.read_bytes())
    assert made[0] == made[2] and made[1] == made[3]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    need(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright (Python) is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def printed(reports, browser) -> dict[tuple[str, str], list[str]]:
    """Each reader's report printed on A4 and on Letter: the text of each page."""
    try:
        from pypdf import PdfReader
    except ImportError:
        need(False, "pypdf is not installed")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    pages = {}
    for name, (_, path, _) in reports.items():
        page.goto(path.as_uri())
        page.emulate_media(media="print")
        for paper in ("A4", "Letter"):
            reader = PdfReader(io.BytesIO(page.pdf(format=paper)))
            pages[(name, paper)] = [_plain(sheet.extract_text() or "") for sheet in reader.pages]
    context.close()
    return pages


def _plain(text: str) -> str:
    """A PDF page's text as typed: the ligatures Chromium prints (ﬁ, ﬂ) spelled out."""
    return text.replace("\ufb01", "fi").replace("\ufb02", "fl")


def _appendix_page(texts: list[str]) -> int:
    """The index of the page the appendix starts on."""
    return next(i for i, text in enumerate(texts) if "Appendix: the working" in text)


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", READERS)
def test_the_first_page_prints_alone_and_the_rest_before_the_appendix_in_three(
    printed, name, paper
):
    texts = printed[(name, paper)]
    before = _appendix_page(texts)
    assert before <= PAGES_BEFORE_APPENDIX, f"{before} pages before the appendix"
    assert "Your result" in texts[0] and "in the next 30 days" in texts[0].lower()
    assert "A plan to test it" not in texts[0]
    assert _lines(texts[1])[0] == "A plan to test it", _lines(texts[1])[:2]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", READERS)
def test_no_heading_is_stranded_and_no_chart_or_table_is_cut(reports, printed, name, paper):
    result, path, _ = reports[name]
    texts = printed[(name, paper)]
    page = path.read_text(encoding="utf-8")
    headings = {
        " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", h)).split())
        for h in re.findall(r"<h[234][^>]*>(.*?)</h[234]>", page, re.S)
    }
    for number, text in enumerate(texts[:-1], start=1):
        last = _lines(text)[-1]
        assert last not in headings, f"page {number} ends with the heading {last!r}"

    # The chart whole on one page: each bar prints as a line of its own, label and score.
    bars = [f"{theme.short} {theme.score}" for theme in result.themes]
    on = [i for i, text in enumerate(texts) for line in _lines(text) if line in bars]
    assert len(on) == len(bars) and len(set(on)) == 1, f"the chart is on pages {on}"
    # Every ledger table printed whole: its caption and its score line on one page.
    starts = [
        i for i, text in enumerate(texts) for _ in range(text.count("What each answer gave “"))
    ]
    ends = [i for i, text in enumerate(texts) for _ in range(text.count("the shares added up"))]
    assert len(starts) == len(result.themes) + len(result.pathways) + len(result.routes)
    assert starts == ends, "a ledger table cut across pages"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("name", READERS)
def test_the_whole_report_prints_on_at_most_twelve_pages(printed, name, paper):
    # A newcomer's printout ran to 15 pages, 11 of them the appendix in the report's type;
    # on paper the appendix is set smaller, its options two to a row.
    texts = printed[(name, paper)]
    assert len(texts) <= PAGES_IN_ALL, (
        f"{len(texts)} pages ({_appendix_page(texts)} before the appendix)"
    )
    # Nor does the closing line go to a page of its own (a newcomer's last page on Letter).
    assert len(_lines(texts[-1])) > 1, _lines(texts[-1])


@pytest.mark.parametrize("name", READERS)
def test_the_appendix_prints_what_it_promises(reports, printed, name):
    result, _, _ = reports[name]
    text = " ".join(" ".join(printed[(name, "A4")]).split())
    # Every ledger (checked whole above), every question with its options, the program,
    # the disclaimer.
    for answer in result.answers:
        assert " ".join(answer.prompt.split())[:60] in text, answer.question_id
    assert "The program, as the article describes it" in text
    assert "What this report is not" in text


@pytest.mark.parametrize("name", READERS)
def test_on_a_phone_it_reads_in_ten_screens_with_the_navigation_on_one_line(reports, browser, name):
    context = browser.new_context(viewport=PHONE, is_mobile=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(reports[name][1].as_uri())
    height = page.evaluate("document.documentElement.scrollHeight")
    nav = page.evaluate(
        "[...document.querySelectorAll('nav li')].map(li => li.getBoundingClientRect().top)"
    )
    first = page.evaluate("document.querySelector('section.first').getBoundingClientRect().bottom")
    assert not page.evaluate("document.querySelector('details.appendix').open")
    context.close()
    assert height <= PHONE_SCREENS * PHONE["height"], f"{height / PHONE['height']:.1f} screens"
    assert len(set(nav)) == 1, "the navigation wraps"
    # Page one reads on about two phone screens.
    assert first <= 2.1 * PHONE["height"], f"page one ends at {first:.0f} px"
