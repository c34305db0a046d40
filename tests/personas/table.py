"""The personas as a table: who, what the advisor expects, what the model says. Used by
the README (docs/make_samples.py) and by a test that keeps the README's table current."""

from __future__ import annotations

import json
from pathlib import Path

from quiz.answers import check_answers
from quiz.bankcache import load_bank
from quiz.resources import default_bank_path
from quiz.scoring import score

FOLDER = Path(__file__).parent


def rows() -> list[tuple[str, str, str]]:
    loaded = load_bank(default_bank_path())
    bands = {band.id: band.label for band in loaded.bank.bands}
    found = []
    for path in sorted(FOLDER.glob("*.json")):
        persona = json.loads(path.read_text(encoding="utf-8"))
        expect = persona["expect"]
        answers = check_answers(loaded.bank, {"answers": persona["answers"]}, path.name)
        result = score(loaded, answers, "2026-01-01")
        expected = ", ".join(
            item
            for item in (bands[expect["band"]], expect["top_pathway"], expect["best_route"])
            if item
        )
        if "advisor_first_said" in expect:
            expected += f" (first said: {expect['advisor_first_said']})"
        route = result.best_route.id if result.best_route else "no other route"
        lead = route if result.lead == "route" else result.pathways[0].id
        seen = f"{result.overall} {result.band.label}, {lead}"
        if result.lead != "route" and expect["best_route"]:
            seen += f", {route}"
        found.append((persona["description"], expected, seen))
    return found
