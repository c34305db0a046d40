"""The report file itself: self-contained, private when asked, and able to render again."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from quiz.cli import main
from tests.conftest import PERSONA_PM, write_json

SECRET = "Zanzibar Quuxley"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return tmp_path


@pytest.fixture
def answers_file(here):
    return write_json(here / "me.json", {"answers": {**PERSONA_PM, "name": SECRET}})


def test_the_html_report_is_self_contained_and_forbids_fetching(here, answers_file):
    assert main(["report", str(answers_file), "-o", "r.html"]) == 0
    html = (here / "r.html").read_text(encoding="utf-8")
    assert (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">" in html
    )
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/json" id="ai-mba-fit-result">'
    ]
    assert not re.search(r"""(src|href)=["']?(?!#|https://lally\.rpi\.edu/)[a-z]+:""", html)
    assert "<link" not in html and "@import" not in html and "@font-face" not in html
    assert len(html.encode("utf-8")) < 150 * 1024
    assert '<html lang="en">' in html


def test_shared_links_have_a_title_and_description(here, answers_file):
    assert main(["report", str(answers_file), "-o", "r.html"]) == 0
    html = (here / "r.html").read_text(encoding="utf-8")
    for tag in (
        '<meta name="description"',
        '<meta property="og:title"',
        '<meta property="og:description"',
    ):
        assert tag in html
    assert SECRET in re.search(r"<title>(.*?)</title>", html, re.S)[1]


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_private_leaves_no_trace_of_the_name_in_any_format(here, answers_file, fmt):
    assert main(["report", str(answers_file), "--private", "--format", fmt, "-o", f"r.{fmt}"]) == 0
    data = (here / f"r.{fmt}").read_bytes()
    assert SECRET.encode() not in data
    assert b"Zanzibar" not in data


def test_private_take_writes_the_name_nowhere_not_even_in_the_answers_file(here, answers_file):
    assert main(["take", "--answers", str(answers_file), "--no-input", "--private"]) == 0
    assert SECRET.encode() not in (here / "ai-mba-fit-report.html").read_bytes()
    saved = json.loads((here / "ai-mba-fit-report.answers.json").read_text(encoding="utf-8"))
    assert "name" not in saved["answers"]
    assert SECRET in answers_file.read_text(encoding="utf-8")  # the file given is not touched


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_a_report_renders_again_from_itself_to_the_same_result(here, answers_file, fmt):
    assert main(["report", str(answers_file), "--format", "json", "-o", "first.json"]) == 0
    assert main(["report", str(answers_file), "-o", "first.html"]) == 0
    assert main(["report", "first.html", "--format", fmt, "-o", f"again.{fmt}"]) == 0
    if fmt == "json":
        assert json.loads((here / "again.json").read_text()) == json.loads(
            (here / "first.json").read_text()
        )
    else:
        assert main(["report", str(answers_file), "--format", fmt, "-o", f"direct.{fmt}"]) == 0
        assert (here / f"again.{fmt}").read_bytes() == (here / f"direct.{fmt}").read_bytes()


def test_an_html_file_that_is_not_a_report_is_a_clear_error(here, capsys):
    (here / "page.html").write_text("<html><body>hello</body></html>", encoding="utf-8")
    assert main(["report", "page.html"]) == 1
    assert "page.html: is not an ai-mba-fit report" in capsys.readouterr().err


def test_take_open_opens_the_report_or_says_where_it_is(here, answers_file, monkeypatch, capsys):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or False)
    assert main(["take", "--answers", str(answers_file), "--no-input", "--open"]) == 0
    report = here / "ai-mba-fit-report.html"
    assert opened == [report.as_uri()]
    assert f"No browser could be opened; the report is at {report}" in capsys.readouterr().out


def test_in_a_low_band_only_low_themes_are_framed_as_a_test_of_the_other_side(shipped_bank):
    from quiz.report import render
    from quiz.scoring import score

    persona = json.loads(
        (Path(__file__).parent / "personas" / "engineering-manager-no-sales.json").read_text(
            encoding="utf-8"
        )
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    assert result.band.alternative is not None
    html = render(result, "html")
    for theme in result.themes:
        section = html.split(f'id="theme-{theme.id}"')[1].split("</article>")[0]
        tested = "If you want to test this side anyway" in section
        assert tested == (theme.level == "low"), (theme.id, theme.score)


def test_bank_text_in_reused_pieces_is_escaped_and_each_report_gets_its_own_pieces(
    small_bank_data,
):
    from quiz.bank import parse_bank
    from quiz.report import render
    from quiz.scoring import score

    week = small_bank_data["questions"][1]
    week["topic"] = "Week <b>&amp;</b>"
    week["options"][1]["label"] = "Price <i>the</i> model"
    small_bank_data["themes"][0].update(short="M <u>", point="To <s>markets</s>")
    small_bank_data["pathways"][0].update(name="Strategy <q>", point="Lead <del>")
    loaded = parse_bank(small_bank_data, "small.json", "0123456789ab")
    base = {"name": "A", "skills": ["lead"], "people": 3, "visa": False}
    results = [score(loaded, {**base, "week": week}, "2026-01-01") for week in ("price", "tune")]
    pricing, tuning = (render(result, "html") for result in results)

    # The rows are rendered once and reused: the second report must not show the first's.
    assert "Week &lt;b&gt;&amp;amp;&lt;/b&gt;" in pricing and "<b>" not in pricing
    assert "“Price &lt;i&gt;the&lt;/i&gt; model”" in pricing  # in "what raised it"
    assert '<span class="answer">Price &lt;i&gt;the&lt;/i&gt; model</span>' in pricing
    assert "Price &lt;i&gt;" not in tuning.split('id="changes"')[0]
    assert '<span class="answer">Tune the model</span>' in tuning
    assert "<dd>Price &lt;i&gt;the&lt;/i&gt; model</dd>" in pricing  # in "your answers"
    assert "<dd>Tune the model</dd>" in tuning and "<dd>Price" not in tuning
    # Each ledger table ends with its own report's score, not one kept from the other.
    for result, html in zip(results, (pricing, tuning), strict=True):
        markets = next(theme for theme in result.themes if theme.id == "markets")
        foot = html.split("How each answer moved “Markets”")[1].split("</tfoot>")[0]
        assert f"{markets.exact:.2f}, rounded" in foot
        assert f'<td class="num">{markets.score}</td></tr>' in foot
    assert results[0].themes[0].score != results[1].themes[0].score
    for result, html in zip(results, (pricing, tuning), strict=True):
        markets = next(theme for theme in result.themes if theme.id == "markets")
        # Its bar in the chart, its row in the table of scores and its heading.
        assert (
            f'>M &lt;u&gt;</text>\n        <text class="value" x="100%" y="78" text-anchor="end">{markets.score}</text>'
            in html
        )
        assert (
            f'<a href="#theme-markets">Markets</a></th><td class="num">{markets.score}</td>' in html
        )
        assert f'>Markets <span class="score">{markets.score}/100</span></h3>' in html
        assert "<p>To &lt;s&gt;markets&lt;/s&gt;</p>" in html
        strategy = next(pathway for pathway in result.pathways if pathway.id == "strategy")
        heading = (
            f'{strategy.rank}.</span> Strategy &lt;q&gt; <span class="score">{strategy.score}/100'
        )
        assert heading in html and "<p>Lead &lt;del&gt;</p>" in html
    assert "<u>" not in pricing + tuning and "<q>" not in pricing + tuning
    assert [p.score for p in results[0].pathways] != [p.score for p in results[1].pathways]
