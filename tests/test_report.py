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


def test_a_low_fit_leads_with_the_best_route_and_a_good_one_with_the_best_pathway(shipped_bank):
    from quiz.report import render
    from quiz.scoring import score

    folder = Path(__file__).parent / "personas"
    for name, leads in (
        ("ml-engineer-wants-to-manage", "Best route"),
        ("pm-genai-leadership", "Best pathway"),
    ):
        persona = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        result = score(shipped_bank, persona["answers"], "2026-01-01")
        html = render(result, "html")
        first = html.split('id="result"')[1].split('id="plan"')[0]
        assert f'<li><span class="label">{leads}' in first.split("facts-list")[1][:200], name
        markdown = render(result, "md")
        assert f"- **{leads}" in markdown.split("## A plan")[0], name


def test_the_report_leads_with_one_page_then_the_plan_the_conversation_and_the_details(
    here, answers_file
):
    assert main(["report", str(answers_file), "-o", "r.html"]) == 0
    html = (here / "r.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([a-z]+)"', html)
    assert ids == ["result", "plan", "talk", "fit", "roads", "changes"]
    # Fit, readiness and practicalities: apart, each under its own heading.
    assert re.findall(r'<h3 id="([a-z]+)"', html.split('id="fit"')[1])[:2] == ["start", "notes"]
    assert main(["report", str(answers_file), "--format", "md", "-o", "r.md"]) == 0
    markdown = (here / "r.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", markdown, re.M) == [
        "Your result",
        "A plan to test it",
        "For the conversation",
        "Fit, readiness and practicalities",
        "Pathways and routes",
        "What would change it",
        "Appendix: the working, your answers, the program",
    ]
    fit = markdown.split("## Fit, readiness and practicalities")[1].split("## Pathways")[0]
    assert re.findall(r"^### (.+)$", fit, re.M) == [
        "Fit: what you want next against what the degree builds",
        "Where you would start",
        "Practicalities",
    ]


def test_what_gave_a_theme_the_most_names_every_answer_that_gave_it_the_most(shipped_bank):
    # Not the most among those page one did not quote (that read "Gave it the most: Winning
    # money for a product: 'Much like me'" where the role wanted gave three times as much),
    # nor the first of several equal ones (their shares, rounded to a tenth, can differ).
    # An answer that gave the most to every theme, or to all but one, is said once before
    # them (a mentor read "Gave it the most: The role you want (quoted above)" four times).
    import html as html_module

    from quiz.audit import sample_answers
    from quiz.report import render
    from quiz.scoring import score

    seen = quoted_above = equal = once = lean = 0
    for answers in sample_answers(shipped_bank.bank, 30, seed=3):
        result = score(shipped_bank, answers, "2026-01-01")
        html = render(result, "html")
        lead = result.best_route if result.lead == "route" else result.pathways[0]
        above = {line.question_id for line in lead.reasons[:3]}
        tops: dict[str, set[str]] = {}
        for theme in result.themes:
            most = max(entry.gave for entry in theme.ledger)
            for entry in theme.ledger:
                if most > 0 and entry.gave == most:
                    tops.setdefault(entry.question_id, set()).add(theme.id)
        widest = max(tops.values(), key=len, default=set())
        everywhere = {q for q, ids in tops.items() if widest <= ids} if len(widest) >= 3 else set()
        intro = html.split("Only your answers about what you want next count here.")[1]
        intro = html_module.unescape(intro.split("</p>")[0])
        assert ("gave each theme the most of your answers" in intro) == bool(everywhere)
        once += bool(everywhere)
        # A theme the answers lean away from names what gave it nothing, and an answer that
        # gave nothing to every such theme (two or more) is said once.
        away = [t for t in result.themes if t.score < 60 and t.held_back]
        nothing = (
            set.intersection(*({e.question_id for e in t.held_back} for t in away))
            if len(away) >= 2
            else set()
        )
        assert (" nothing." in intro) == bool(nothing), intro
        for theme in result.themes:
            line = html.split(f'id="theme-{theme.id}"')[1].split("</div>")[0]
            if theme in away:
                left_out = [e for e in theme.held_back if e.question_id not in nothing]
                if not left_out:
                    assert "Gave it" not in line, theme.id
                    continue
                said = html_module.unescape(line.split("Gave it nothing: ")[1])
                for entry in left_out:
                    a = next(a for a in result.answers if a.question_id == entry.question_id)
                    assert a.topic in said, (theme.id, said)
                lean += 1
                continue
            most = max(entry.gave for entry in theme.ledger)
            givers = [
                next(a for a in result.answers if a.question_id == entry.question_id)
                for entry in theme.ledger
                if entry.gave == most and most > 0
            ]
            left = [a for a in givers if a.question_id not in everywhere or theme.id not in widest]
            if "Gave it" not in line:
                assert not left, theme.id
                continue
            seen += 1
            quoted = html_module.unescape(line.split("Gave it")[1].split("</span>")[0])
            # An answer page one quotes already is named, not quoted again.
            said = [
                f"{a.topic} (quoted above)"
                if a.question_id in above
                else f"“{a.answer}” ({a.topic})"
                for a in left
            ]
            assert all(words in quoted for words in said), (theme.id, quoted, said)
            assert quoted.count("“") == sum(a.question_id not in above for a in left)
            assert quoted.startswith(" as much:") == (len(left) < len(givers)), quoted
            assert (", equally:" in quoted) == (len(left) == len(givers) > 1)
            quoted_above += any(a.question_id in above for a in left)
            equal += len(givers) > 1
    assert seen > 20 and quoted_above > 3 and equal > 5 and once > 3 and lean > 3, (
        seen,
        quoted_above,
        equal,
        once,
        lean,
    )


def test_bank_text_in_reused_pieces_is_escaped_and_each_report_gets_its_own_pieces(
    small_bank_data,
):
    from quiz.bank import parse_bank
    from quiz.report import render
    from quiz.scoring import score

    week = small_bank_data["questions"][2]
    week["topic"] = "Week <b>&amp;</b>"
    week["options"][1]["label"] = "Price <i>the</i> model"
    small_bank_data["themes"][0].update(short="M <u>", point="To <s>markets</s>")
    small_bank_data["pathways"][0].update(name="Strategy <q>", point="Lead <del>")
    loaded = parse_bank(small_bank_data, "small.json", "0123456789ab")
    base = {"name": "A", "done": ["none"], "skills": ["lead"], "people": 3, "visa": False}
    results = [score(loaded, {**base, "week": week}, "2026-01-01") for week in ("price", "tune")]
    pricing, tuning = (render(result, "html") for result in results)

    # The pieces are rendered once and reused: the second report must not show the first's.
    assert "Week &lt;b&gt;&amp;amp;&lt;/b&gt;" in pricing and "<b>" not in pricing
    assert "“Price &lt;i&gt;the&lt;/i&gt; model”" in pricing  # in "what weighed most"
    assert '<span class="answer">Price &lt;i&gt;the&lt;/i&gt; model</span>' in pricing
    assert '<span class="answer">Tune the model</span>' in tuning
    assert '<span class="answer">Price' not in tuning
    assert '<li class="chosen">✔ Price &lt;i&gt;the&lt;/i&gt; model (your answer)</li>' in pricing
    assert "<li>○ Price &lt;i&gt;the&lt;/i&gt; model</li>" in tuning
    # Each ledger table ends with its own report's score, not one kept from the other.
    for result, html in zip(results, (pricing, tuning), strict=True):
        markets = next(theme for theme in result.themes if theme.id == "markets")
        foot = html.split("What each answer gave “Markets”")[1].split("</tfoot>")[0]
        assert f"{markets.exact:.2f}, rounded" in foot
        assert f'<td class="num">{markets.score}</td></tr>' in foot


def test_a_route_is_never_led_with_when_this_degree_scores_higher_as_a_route(shipped_bank):
    # A manager who wants to head data and AI: a partial fit, whose current job is no
    # reason to lead with an engineering-management route that scores below this degree.
    from quiz.report import render
    from quiz.scoring import score

    persona = json.loads(
        (Path(__file__).parent / "personas" / "engineering-manager-no-sales.json").read_text(
            encoding="utf-8"
        )
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    degree = next(r for r in result.routes if r.this_degree)
    assert result.band.leads_with == "route" and result.lead == "pathway"
    assert result.best_route is None or result.best_route.exact <= degree.exact
    assert "Best route (ours)" not in render(result, "md").split("## A plan")[0]
    # Its plan tests the part of the work the answers lean away from, by day 60.
    lowest = min(result.themes, key=lambda theme: theme.score)
    assert lowest.score < 60 and result.plan[1].subject == lowest.name


def test_how_firm_it_is_says_how_many_keep_the_band_with_another_lead_and_change_it(
    small_bank, shipped_bank
):
    # "Strong fit" and "could go either way" side by side read as a contradiction unless the
    # reader sees what could change: the band, or only the pathway it leads with.
    from quiz.report import render
    from quiz.scoring import score
    from quiz.summary import summary_lines
    from tests.test_scoring import BASE

    def said(result) -> list[str]:
        terminal = " ".join(
            summary_lines(result, None, None, colour=False, ascii_only=True, width=200)
        )
        return [
            " ".join(re.sub(r"<[^>]+>", " ", render(result, "html")).split()),
            " ".join(render(result, "md").split()),
            " ".join(terminal.split()),
        ]

    result = score(small_bank, BASE, "2026-01-01")  # 5 of 8 keep both, 6 keep the band
    html, markdown, terminal = said(result)
    sentence = (
        "of the 8 ways to change one of your answers about the future, 5 keep this band and "
        "this best pathway, 1 keeps this band with another best pathway, and 2 change the band."
    )
    assert sentence in html and sentence in markdown
    assert (
        "5 keep this result. 1 more keeps the band, with another best pathway. The band "
        "changes in 2." in terminal
    )

    persona = json.loads(
        (Path(__file__).parent / "personas" / "pm-genai-leadership.json").read_text("utf-8")
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    firm = result.firmness
    assert firm.same == firm.same_band < firm.of
    html, markdown, terminal = said(result)
    for text in (html, markdown):
        kept = f"{firm.same} keep this band and this best pathway"
        assert f"{kept}, and {firm.of - firm.same} change the band." in text
    assert f"The band changes in {firm.of - firm.same}." in terminal
    assert all("another best" not in text for text in (html, markdown, terminal))


def test_each_themes_paragraph_in_markdown_is_a_paragraph_of_its_own(shipped_bank):
    # Run together on consecutive lines, Markdown shows the four themes as one block.
    from quiz.report import render
    from quiz.scoring import score

    persona = json.loads(
        (Path(__file__).parent / "personas" / "pm-genai-leadership.json").read_text("utf-8")
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    lines = render(result, "md").split("\n")
    for theme in result.themes:
        [at] = [i for i, line in enumerate(lines) if line.startswith(f"**{theme.name}: ")]
        assert lines[at - 1] == "" and lines[at + 1] == "", theme.id
    assert "\n\n\n" not in "\n".join(lines)


def test_how_far_the_fit_is_from_the_next_bands_gives_their_ranges(shipped_bank):
    # "13 above the top of not now (44)" read oddly; each band is named with its range.
    from quiz.report import render
    from quiz.scoring import score

    persona = json.loads(
        (Path(__file__).parent / "personas" / "engineering-manager-no-sales.json").read_text(
            "utf-8"
        )
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    above, below = result.band_above, result.band_below
    assert above is not None and below is not None
    # "13 above not now" read to a mentor as a sum to redo: each is a distance.
    sentence = (
        f"Your fit, {result.overall}, is {above.min - result.overall} points from "
        f"{above.label.lower()} ({above.min}–{above.max}) and {result.overall - below.max} "
        f"from {below.label.lower()} ({below.min}–{below.max})."
    )
    assert sentence in " ".join(re.sub(r"<[^>]+>", " ", render(result, "html")).split())
    assert sentence in " ".join(render(result, "md").split())


def test_the_appendix_captions_this_degrees_route_as_a_route_not_the_fit(shipped_bank):
    # "This MBA in AI, 100" beside a fit of 57 read to three mentors as two numbers for one
    # degree: its ledger says what it is.
    from quiz.report import render
    from quiz.scoring import score

    persona = json.loads(
        (Path(__file__).parent / "personas" / "engineering-manager-no-sales.json").read_text(
            "utf-8"
        )
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    from quiz.report_text import listed as _listed

    [degree] = [route for route in result.routes if route.this_degree]
    note = "as a route, beside the others (not your fit)"
    html, markdown = render(result, "html"), render(result, "md")
    assert f"<caption>What each answer gave “{degree.name}” {note}</caption>" in html
    assert f"| {degree.name} {note}: question |" in markdown
    assert html.count(note) == 1 and markdown.count(note) == 1
    # Nor is it listed among the other routes with a score of its own.
    routes_html = re.search(
        r"<li><strong>Routes <span class=\"ours\">\(ours\)</span>:</strong> (.*)</li>", html
    )
    routes_md = re.search(r"- \*\*Routes \(ours\):\*\* (.*)", markdown)
    assert routes_html and routes_md
    for listed in (routes_html[1], routes_md[1]):
        assert degree.short not in listed
        card = result.named_route  # a route on a card of its own is not listed again
        others = [r for r in result.routes if not r.this_degree and r is not card]
        expected = _listed([(r.short, r.score) for r in others])
        assert " ".join(listed.split()) == " ".join(expected.split())  # no-break spaces


def test_a_route_led_report_names_the_nearest_pathway_when_none_stands_out(shipped_bank):
    from quiz.report import render
    from quiz.scoring import score

    persona = json.loads(
        (Path(__file__).parent / "personas" / "engineer-headed-for-consulting.json").read_text(
            "utf-8"
        )
    )
    result = score(shipped_bank, persona["answers"], "2026-01-01")
    top = result.pathways[0]
    assert result.lead == "route" and not top.stands_out and top.score > 0
    said = (
        "None of the article’s four pathways stands out in your answers; the nearest is "
        f"{top.short} ({top.score})"
    )
    assert said in render(result, "md")
    assert said in " ".join(re.sub(r"<[^>]+>", " ", render(result, "html")).split())


def _persona_result(shipped_bank, name):
    from quiz.scoring import score

    persona = json.loads((Path(__file__).parent / "personas" / f"{name}.json").read_text("utf-8"))
    return score(shipped_bank, persona["answers"], "2026-01-01")


def _both(result):
    from quiz.report import render

    html = " ".join(re.sub(r"<[^>]+>", "", render(result, "html")).split())
    return html, " ".join(render(result, "md").replace("**", "").split())


def test_when_several_pathways_are_as_near_the_report_says_how_many(shipped_bank):
    # Naming one of 9, 8, 8 and 7 alone read as a lead.
    result = _persona_result(shipped_bank, "undecided-middle")
    top = result.pathways[0]
    close = [p for p in result.pathways if p.close_to_top]
    assert result.lead == "route" and not top.stands_out and len(close) == 4
    said = (
        f"the nearest is {top.short} ({top.score}), with three more within "
        f"{result.close_margin} points."
    )
    for text in _both(result):
        assert said in text


def test_a_reader_who_already_holds_the_best_pathways_role_is_told_what_the_question_becomes(
    shipped_bank,
):
    ceo = _persona_result(shipped_bank, "seed-funded-founder-ceo")
    assert ceo.pathways[0].id == "founder" and ceo.pathways[0].already
    note = ceo.pathways[0].already_note
    assert note and note.startswith("You already run a company")
    for text in _both(ceo):
        assert f"Venture-backed AI founder or co-founder. {note}" in text
    # A founder to be is not told they run a company.
    hopeful = _persona_result(shipped_bank, "ml-engineer-founder")
    assert hopeful.pathways[0].id == "founder" and not hopeful.pathways[0].already
    assert hopeful.pathways[0].already_note is None
    for text in _both(hopeful):
        assert "You already run a company: the question" not in text


def test_a_pattern_in_the_answers_is_named_without_accusing_the_reader(shipped_bank):
    result = _persona_result(shipped_bank, "undecided-middle")
    assert result.flags
    for text in _both(result):
        assert "Being undecided, or clicking through, gives answers like these" in text
        assert "If you were clicking through" not in text


def test_a_step_that_is_a_conversation_is_not_followed_by_if_you_enjoyed_it(shipped_bank):
    result = _persona_result(shipped_bank, "researcher-stays-in-research")
    first = result.plan[0]
    assert first.tests == "route" and first.if_label == "If the next level appeals"
    assert result.plan[1].if_label == "If you enjoyed it"  # work to try
    assert result.plan[2].if_label == "If it holds up"  # the decision
    for text in _both(result):
        assert f"If the next level appeals: {first.if_enjoyed}" in text


def test_a_reader_who_has_done_most_of_it_is_asked_what_the_degree_would_add(shipped_bank):
    # A mentor: the report never said the CEO had already done most of what the degree
    # prepares for.
    ceo = _persona_result(shipped_bank, "seed-funded-founder-ceo")
    done, of = ceo.experiences
    assert (done, of) == (6, 9)
    said = f"You have done {done} of the {of} things the quiz asks about"
    for text in _both(ceo):
        assert said in text
    undecided = _persona_result(shipped_bank, "undecided-middle")
    assert undecided.experiences == (1, 9)
    for text in _both(undecided):
        assert "things the quiz asks about" not in text


def test_the_rest_says_what_a_score_of_0_means_instead_of_showing_it_bare():
    # A mentor: "Engineering management (0)" beside a manager's report read as a fault.
    from quiz.report_text import listed as _listed

    nbsp = "\u00a0"
    assert (
        _listed([("A", 17), ("B", 0)]) == f"A{nbsp}(17){nbsp}· B{nbsp}(0: no answer points to it)"
    )
    assert _listed([("A", 17), ("B", 0), ("C", 0), ("D", 0)]) == (
        f"A{nbsp}(17){nbsp}· B, C and D{nbsp}(0: no answer points to them)"
    )
    assert _listed([("A", 9), ("B", 3)]) == f"A{nbsp}(9){nbsp}· B{nbsp}(3)"
    assert _listed([]) == ""
