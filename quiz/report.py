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
from quiz import report_text as words
from quiz.embedded import script_safe
from quiz.resources import compiled_templates_dir, templates_dir
from quiz.scoring import (
    AnsweredQuestion,
    Line,
    RankedResult,
    Result,
    ShownChoice,
    ThemeResult,
)

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
    env.filters["change_text"] = words.change_text
    env.filters["most_everywhere"] = words.most_everywhere
    env.filters["weighed_most"] = words.weighed_most
    env.filters["firmness"] = words.firmness
    env.filters["distance"] = words.distance
    env.filters["nearest"] = words.nearest
    env.filters["rest"] = words.rest
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
