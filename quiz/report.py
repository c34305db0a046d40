"""Rendering a Result as HTML, Markdown or JSON. Formats only; computes nothing."""

from __future__ import annotations

import json
import re
from collections.abc import Hashable
from functools import cache, lru_cache
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from quiz import __version__
from quiz.embedded import script_safe
from quiz.resources import compiled_templates_dir, templates_dir
from quiz.scoring import (
    AnsweredQuestion,
    BandResult,
    Change,
    Firmness,
    Line,
    PathwayResult,
    RankedResult,
    Result,
    ShownChoice,
    ThemeResult,
)
from quiz.text import verb

Format = Literal["html", "json", "md"]
FORMATS: tuple[Format, ...] = ("html", "json", "md")
SUFFIX: dict[Format, str] = {"html": ".html", "json": ".json", "md": ".md"}

_MARKDOWN_INLINE = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|#~"})
_MARKDOWN_LINE_START = re.compile(r"^(\d+)([.)])(?=\s)|^([-+=])(?=\s)")
_MARKDOWN_ENTITY = re.compile(r"&(?=#?\w+;)")


def _markdown_escape(text: object) -> str:
    """Text in Markdown, on one line, with every character that could start markup escaped
    (so a name like `**x**` or `<img>` shows as typed)."""
    line = _MARKDOWN_ENTITY.sub(r"\\&", " ".join(str(text).split()).translate(_MARKDOWN_INLINE))
    return _MARKDOWN_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", line)


@cache  # the same few numbers fill every ledger: format each once per process
def _points(value: float) -> str:
    """Points as the bank gives them: 3, 1.5, 0.33."""
    return f"{value:g}"


def _where(items: list[Any], attribute: str, value: object) -> list[Any]:
    """The items whose `attribute` equals `value`: selectattr(…, "equalto", …)|list as a
    plain loop, several times faster than jinja's general one (a batch renders thousands)."""
    return [item for item in items if getattr(item, attribute) == value]


def _in_sections(answers: list[AnsweredQuestion]) -> list[tuple[str, list[AnsweredQuestion]]]:
    """The answers grouped by section, in their order (a plain loop: jinja's loop.changed
    costs a call through the context for every answer)."""
    sections: list[tuple[str, list[AnsweredQuestion]]] = []
    for answer in answers:
        if not sections or sections[-1][0] != answer.section:
            sections.append((answer.section, []))
        sections[-1][1].append(answer)
    return sections


def template_environment(loader: jinja2.BaseLoader) -> jinja2.Environment:
    """The one set of jinja2 settings the report templates are compiled and rendered with:
    hatch_build.py compiles the wheel's templates with it, and `_environment()` renders
    with it, so compiled code and run time can never disagree."""
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # the templates do not change while a batch runs: no stat per report
    )
    # The compiler looks filters up by name (and reads how each is decorated), so the
    # compiled templates need these same functions under these same names.
    env.filters["md"] = _markdown_escape
    env.filters["points"] = _points
    env.filters["where"] = _where
    env.filters["in_sections"] = _in_sections
    env.filters["ledger_table"] = _ledger_table
    env.filters["reasons"] = _reasons
    env.filters["held"] = _held
    env.filters["piece"] = _piece
    env.filters["key_answers"] = _key_answers
    env.filters["change_text"] = _change_text
    env.filters["gave_most"] = _gave_most
    env.filters["firmness"] = _firmness
    env.filters["distance"] = _distance
    env.filters["nearest"] = _nearest
    env.filters["rest"] = _rest
    env.filters["questions"] = _questions
    return env


@cache
def _environment() -> jinja2.Environment:
    # Built once per process. An installed wheel carries its templates compiled to Python
    # modules (see hatch_build.py), trusted as the rest of its code is; anywhere else (a
    # checkout, an edited install, another jinja2) they are parsed and compiled in memory
    # on first use. Never a bytecode cache: it unpickles what it finds in its folder.
    compiled = compiled_templates_dir(jinja2.__version__)
    if compiled is not None:
        return template_environment(jinja2.ModuleLoader(compiled))
    return template_environment(jinja2.FileSystemLoader(templates_dir()))


# A report is made largely of pieces that recur from report to report: ledger lines and
# tables' heads and feet, "what raised it" items, each theme's bar, score row and heading,
# each pathway's heading, band rows, questions with their answers. A batch repeats the same
# few thousand, so each distinct piece is rendered once, by its macro in pieces.html (where
# its markup lives), and reused. A piece's key is its macro's name and all its arguments.
_PIECES_KEPT = 8192


@cache
def _pieces() -> Any:
    return _environment().get_template("pieces.html").module


@lru_cache(maxsize=_PIECES_KEPT)
def _piece(name: str, *args: Hashable) -> Markup:
    """The macro `name` of pieces.html with these arguments, rendered once per process:
    `{{ "chart_bar"|piece(top, label, score) }}` in a template."""
    return Markup(getattr(_pieces(), name)(*args))


def _ledger_table(
    scored: ThemeResult | RankedResult, answered: dict[str, AnsweredQuestion], indent: int
) -> Markup:
    """A theme's, pathway's or route's ledger table: each answer's question and answer, what
    it gave of the most, and its share of the score; its lines after the head indented by
    `indent` spaces (the foot brings its own). This degree's own route is captioned as a
    route, not the fit: its score beside the fit's read to mentors as two numbers for one
    degree."""
    this_degree = getattr(scored, "this_degree", False)  # a route's; themes and pathways have none
    lines = [_piece("ledger_head", scored.name, this_degree)]
    for line in scored.ledger:
        a = answered[line.question_id]
        lines.append(
            _piece(
                "ledger_row",
                a.topic,
                a.parts,
                line.gave,
                line.out_of,
                line.share,
                line.best,
                line.best_ties,
            )
        )
    foot = _piece("ledger_foot", scored.exact, scored.score)
    # str.join, not +: a Markup escapes a plain string added to it.
    return Markup("\n".join([("\n" + " " * indent).join(lines), foot]))


def _reasons(lines: list[Line], answered: dict[str, AnsweredQuestion], indent: int) -> Markup:
    """The list items of "what weighed most", one line each, the lines after the first
    indented by `indent` spaces."""
    items = []
    for line in lines:
        a = answered[line.question_id]
        items.append(_piece("reason", a.answer, a.prompt, line.gave, line.out_of))
    return Markup(("\n" + " " * indent).join(items))


def _held(lines: list[Line], answered: dict[str, AnsweredQuestion], indent: int) -> Markup:
    """The list items of "what gave it nothing", with the answer that would have given the
    most."""
    items = []
    for line in lines:
        a = answered[line.question_id]
        items.append(_piece("held", a.answer, a.prompt, line.out_of, line.best, line.best_ties))
    return Markup(("\n" + " " * indent).join(items))


def _key_answers(lines: list[Line], answered: dict[str, AnsweredQuestion], indent: int) -> Markup:
    """List items of the answers that weigh most, each as its question's topic and the
    answer in words, the lines after the first indented by `indent` spaces."""
    items = []
    for line in lines:
        a = answered[line.question_id]
        items.append(_piece("key_answer", a.topic, a.answer))
    return Markup(("\n" + " " * indent).join(items))


def _questions(
    answers: list[AnsweredQuestion], choices: dict[str, list[ShownChoice]], indent: int
) -> Markup:
    """The appendix's questions, each with every option as shown and the reader's marked:
    the question and each option (marked or not) a piece of its own, as the same in many
    reports, but not their order, which is one reader's; free text (a name, which is one
    reader's too) rendered on its own, never kept."""
    items = []
    for a in answers:
        shown = choices[a.question_id]
        if shown:
            parts = [_piece("question_head", a.prompt)]
            parts += [_piece("choice", choice.label, choice.chosen) for choice in shown]
            parts.append(_piece("question_foot"))
            items.append(Markup("".join(parts)))
        else:
            items.append(Markup(_pieces().question_text(a.prompt, a.answer)))
    return Markup(("\n" + " " * indent).join(items))


def _gave_most(
    ledger: list[Line], answered: dict[str, AnsweredQuestion], quoted_above: list[str]
) -> str:
    """ "Gave it the most: …" for a theme: every answer that gave it the most (in question
    order, "equally" where several did), each as the answer in words and its question's
    topic, or only the topic for an answer page one quotes already (`quoted_above`); empty
    if no answer gave any. Plain text: the HTML escapes it, the Markdown filters it."""
    most = max((line.gave for line in ledger), default=0)
    if most <= 0:
        return ""
    named = []
    for line in ledger:
        if line.gave == most:
            a = answered[line.question_id]
            quoted = line.question_id in quoted_above
            named.append(f"{a.topic} (quoted above)" if quoted else f"“{a.answer}” ({a.topic})")
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    return f"Gave it the most{', equally' if len(named) > 1 else ''}: {listed}."


def _firmness(firm: Firmness, by_route: bool) -> str:
    """How firm the result is, in a sentence: how many of the changes keep the band and
    the lead, how many the band with another lead, and how many change the band."""
    lead = "route" if by_route else "pathway"
    more, moved = firm.other_lead, firm.band_changes
    parts = [f"{firm.same} {verb(firm.same, 'keeps', 'keep')} this band and this best {lead}"]
    if more:
        parts.append(f"{more} {verb(more, 'keeps', 'keep')} this band with another best {lead}")
    if moved:
        parts.append(f"{moved} {verb(moved, 'changes', 'change')} the band")
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])}, and {parts[-1]}"
    return (
        f"{firm.word.capitalize()}: of the {firm.of} ways to change one of your answers about "
        f"the future, {listed}."
    )


def _distance(result: Result) -> str:
    """How far the fit is from the bands beside its own: "3 points from good fit (60–79) and
    13 from not now (0–44)" ("13 above not now" read to a mentor as a sum to redo)."""
    moves = []
    if result.band_above is not None:
        moves.append(_away(result.band_above.min - result.overall, result.band_above))
    if result.band_below is not None:
        moves.append(_away(result.overall - result.band_below.max, result.band_below))
    if not moves:
        return ""
    first, *rest = moves
    unit = "point" if first[0] == 1 else "points"
    listed = "".join(f" and {points} from {band}" for points, band in rest)
    return f"Your fit, {result.overall}, is {first[0]} {unit} from {first[1]}{listed}."


def _away(points: int, band: BandResult) -> tuple[int, str]:
    return points, f"{band.label.lower()} ({band.min}–{band.max})"


def _rest(result: Result) -> tuple[str, str]:
    """The pathways and the routes without a card of their own, each list on one line in
    rank order ("AI founder (7) · Head of Data (8)" under one "The rest" read to a mentor as
    one list ranked wrong): pathways but the one on top when this degree leads and those
    that stand out; routes but this degree's and the one on a card."""
    lead_shown = result.lead == "pathway"
    pathways = [p for p in result.pathways if not (p.stands_out or (p.rank == 1 and lead_shown))]
    card = result.named_route
    routes = [r for r in result.routes if not r.this_degree and (card is None or r.id != card.id)]
    return _listed([(p.short, p.score) for p in pathways]), _listed(
        [(r.short, r.score) for r in routes]
    )


def _listed(scored: list[tuple[str, int]]) -> str:
    """Names with their scores in rank order; those at 0 together at the end, said for what
    they are ("(0)" beside a route read to a mentor as a fault, not as no answer for it)."""
    # A no-break space keeps each score by its name and each dot after the one before it.
    said = [f"{name}\u00a0({score})" for name, score in scored if score > 0]
    none = [name for name, score in scored if score <= 0]
    if none:
        names = none[0] if len(none) == 1 else f"{', '.join(none[:-1])} and {none[-1]}"
        them = "it" if len(none) == 1 else "them"
        said.append(f"{names}\u00a0(0: no answer points to {them})")
    return "\u00a0· ".join(said)


_COUNTS = ("one", "two", "three")


def _nearest(pathways: list[PathwayResult], margin: int) -> str:
    """ "; the nearest is …" for a report where no pathway stands out, and how many more are
    as close (one named alone read to a mentor as a lead among 9, 8, 8 and 7)."""
    close = [p for p in pathways if p.close_to_top]
    if not close:
        return ""
    said = f"; the nearest is {close[0].short} ({close[0].score})"
    if len(close) == 1:
        return said
    more = len(close) - 1
    count = _COUNTS[more - 1] if more <= len(_COUNTS) else str(more)
    return f"{said}, with {count} more within {margin} points"


def _change_text(change: Change) -> str:
    """A changed answer in words: the bank's phrase for it, or the answers and the question
    (not "answering … instead", which read as an answer to give)."""
    if change.phrase:
        return f"If {change.phrase}"
    return f"“{change.answer_then}” rather than “{change.answer_now}” ({change.topic})"


def embedded_json(result: Result) -> Markup:
    """The report's data block (see quiz.embedded): the scores and the answers, enough to
    render the report again and to compare two reports. `--format json` gives the whole
    result, with every text."""
    data = {
        "tool": f"ai-mba-fit {__version__}",
        "bank_version": result.bank_version,
        "bank_digest": result.bank_digest,
        "generated_on": result.generated_on,
        "name": result.name,
        "overall": result.overall,
        "band": result.band.id,
        "themes": {theme.id: theme.score for theme in result.themes},
        "pathways": [
            {"id": p.id, "score": p.score, "rank": p.rank, "close_to_top": p.close_to_top}
            for p in result.pathways
        ],
        "routes": [{"id": r.id, "score": r.score, "rank": r.rank} for r in result.routes],
        "flags": result.flags,
        "order": result.order,
        "answers": [{"question_id": a.question_id, "value": a.value} for a in result.answers],
    }
    return Markup(script_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":"))))


def render_page(template: str, **context: Any) -> str:
    """One of the tool's other pages (compare, overview, preview) from its template."""
    return _environment().get_template(template).render(tool_version=__version__, **context)


def prepare(fmt: Format) -> None:
    """Load what rendering in `fmt` takes (jinja2's environment, the templates), so that
    rendering later starts at once: take does it while the reader answers."""
    if fmt != "json":
        _environment().get_template(f"report.{fmt}")
        _pieces()


def render(result: Result, fmt: Format) -> str:
    """The report as text in the given format."""
    if fmt == "json":
        return result.to_json(indent=2) + "\n"
    template = _environment().get_template(f"report.{fmt}")
    return template.render(
        result=result,
        answered={answer.question_id: answer for answer in result.answers},
        result_json=embedded_json(result),
        tool_version=__version__,
    )
