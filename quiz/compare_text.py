"""The words of a comparison (quiz/compare.py): on the terminal, in JSON, and the lines
the pages share; and what a comparison shows with --private or in a file to share."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from quiz.bank import Bank, FreeText
from quiz.compare import AnswerChange, Comparison, Side
from quiz.errors import at


def describe_side(side: Side) -> str:
    dated = f", {side.dated}" if side.dated else ""
    version = f", bank {side.bank_version}" if side.bank_version else ""
    if side.version_assumed:
        version = f", names no bank: taken as today's {side.bank_version}"
    return f"{at(side.file)} ({side.kind}{dated}{version})"


def notes(c: Comparison) -> list[str]:
    """Where each side's figures come from."""
    scored = [word for word, side in (("then", c.then), ("now", c.now)) if side.scored_today]
    if not scored:
        return ["The figures then and now are those each report showed."]
    if len(scored) == 2:
        return [f"Both figures are today's bank ({c.bank_now}) scoring each file's answers."]
    if scored[0] == "then":
        return [
            f"Then: today's bank ({c.bank_now}) scoring that file's answers (an answers file "
            "holds no figures). Now: the figures the report showed."
        ]
    return [
        "Then: the figures the report showed. Now: today's bank "
        f"({c.bank_now}) scoring that file's answers (an answers file holds no figures)."
    ]


def comparable(c: Comparison) -> list[str]:
    """What can and cannot be compared, in plain words."""
    old, new = c.then.bank_version or "unknown", c.now.bank_version or "unknown"
    if c.same_bank and c.then.bank_version is None:
        lines = ["Neither file names the bank it was made with: every answer is matched."]
    elif c.same_bank:
        lines = [f"Both takes used bank {old}: every answer is matched."]
    elif c.unknown_version is not None:
        lines = [
            f"Bank {old} then, {new} now; this tool has no record of bank {c.unknown_version}, "
            "so no question can be matched between them: the changes in the answers are "
            "listed, and none is taken as the reason for a move."
        ]
    else:
        count = len(c.not_matched)
        changed = (
            f"{count} questions changed wording or points between them and are not matched:"
            if count > 1
            else "1 question changed wording or points between them and is not matched:"
            if count
            else "No question changed its wording or points between them."
        )
        lines = [f"Bank {old} then, {new} now. {changed}"]
        if c.rules_changed:
            lines.append(
                "The weights or the bands changed too, so the fit then and now were worked "
                "out by different rules: a move of a few points can be the rules, not you."
            )
    lines.append(
        f"Why each theme moved is measured with today's bank ({c.bank_now}): each changed "
        "answer is put alone into the answers of then, and what it moves is shown."
    )
    return lines


def as_text(c: Comparison) -> str:
    """The comparison for the terminal."""

    def signed(n: float) -> str:
        return f"+{n:g}" if n > 0 else f"−{-n:g}" if n < 0 else "±0"

    then, now = c.then.figures, c.now.figures
    out = [
        f"Then: {describe_side(c.then)}",
        f"Now:  {describe_side(c.now)}",
        "",
        f"Overall fit: {then.overall} {then.band} → {now.overall} {now.band} ({signed(c.moved)})",
        f"Top pathway: {then.top_pathway} → {now.top_pathway}"
        if then.top_pathway != now.top_pathway
        else f"Top pathway: {now.top_pathway} (both times)",
        f"Best route other than this degree: {then.best_route or 'none'} → "
        f"{now.best_route or 'none'}"
        if then.best_route != now.best_route
        else f"Best route other than this degree: {now.best_route or 'none'} (both times)",
        *notes(c),
        "",
        "Themes:",
    ]
    width = max((len(t.name) for t in c.themes), default=0)
    for t in c.themes:
        out.append(f"  {t.name:<{width}}  {t.then:>3} → {t.now:>3}  ({signed(t.moved)})")
        for m in t.movers:
            out.append(f"      {m.topic}: {m.then} → {m.now} ({signed(m.points)} on its own)")
    for title, items in (
        ("Answers changed", c.changed),
        ("Answered now, not then", c.added),
        ("Answered then, not now", c.dropped),
    ):
        if items:
            out += ["", f"{title} ({len(items)}):"]
            for a in items:
                one_side = a.then is None or a.now is None
                shown = (a.now or a.then or "") if one_side else a.change
                out.append(f"  {a.topic}: {shown}" + ("" if a.comparable else " (not matched)"))
    first, *rest = comparable(c)
    out += ["", first, *(f"  {topic}" for topic in c.not_matched), *rest]
    return "\n".join(out) + "\n"


def as_json(c: Comparison) -> str:
    import dataclasses
    import json

    data = dataclasses.asdict(c)
    data["moved"] = c.moved
    data["notes"], data["comparable"] = notes(c), comparable(c)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def without_free_text(bank: Bank, c: Comparison) -> Comparison:
    """The comparison without the name or any free-text answer (--private)."""
    free = {q.topic for q in bank.questions if isinstance(q, FreeText)}

    def kept(items: list[AnswerChange]) -> list[AnswerChange]:
        return [a for a in items if a.topic not in free]

    return replace(c, changed=kept(c.changed), added=kept(c.added), dropped=kept(c.dropped))


def file_names_only(c: Comparison) -> Comparison:
    """The comparison naming each file without its folder."""
    return replace(
        c,
        then=replace(c.then, file=Path(c.then.file).name),
        now=replace(c.now, file=Path(c.now.file).name),
    )
