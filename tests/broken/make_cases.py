"""Write the catalogue of broken inputs: each case a small file and the places its message
must name (cases.json). Run again after changing a case; the files are committed.

    .venv/bin/python -m tests.broken.make_cases
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import SMALL_BANK

HERE = Path(__file__).resolve().parent
COMPLETE = {
    "name": "Ada",
    "done": ["budget"],
    "week": "price",
    "skills": ["lead"],
    "people": 3,
    "visa": True,
    "stay": False,
}

Case = tuple[str, str, Any, list[str]]  # file name, kind, content (bytes or a mutation), expected


def bank(mutate: Callable[[dict[str, Any]], None]) -> bytes:
    data = copy.deepcopy(SMALL_BANK)
    mutate(data)
    return json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8")


def answers(values: dict[str, Any], **top: Any) -> bytes:
    return json.dumps({"answers": values, **top}, indent=1).encode("utf-8")


def cycle(d: dict[str, Any]) -> None:
    d["questions"][5]["when"] = {"question": "stay", "any_of": [True]}


CASES: list[Case] = [
    (
        "bank-not-json.json",
        "bank",
        b'{"version": "1",\n  "title": oops\n}',
        ["line 2, column 12: not valid JSON"],
    ),
    (
        "bank-not-utf8.json",
        "bank",
        b'{"version": "1",\n"title": "caf\xe9"}',
        ["line 2: is not UTF-8 text"],
    ),
    ("bank-empty.json", "bank", b"", ["is empty"]),
    (
        "bank-bom.json",
        "bank",
        b"\xef\xbb\xbf" + bank(lambda d: None),
        ["line 1, column 1: starts with a byte-order mark"],
    ),
    ("bank-array.json", "bank", b"[]", ["(top level): expected a JSON object"]),
    (
        "bank-wrong-type.json",
        "bank",
        bank(lambda d: d.update(minutes="five")),
        ["minutes: expected a whole number"],
    ),
    (
        "bank-missing-field.json",
        "bank",
        bank(lambda d: d["themes"][0].pop("point")),
        ["themes[0].point: required field is missing"],
    ),
    (
        "bank-unknown-field.json",
        "bank",
        bank(lambda d: d["questions"][2].update(promt="x")),
        ["questions[2].promt: unknown field"],
    ),
    (
        "bank-duplicate-question.json",
        "bank",
        bank(lambda d: d["questions"][3].update(id="week")),
        ["questions[3].id: duplicate id 'week'"],
    ),
    (
        "bank-duplicate-option.json",
        "bank",
        bank(lambda d: d["questions"][2]["options"][2].update(id="tune")),
        ["questions[2].options[2].id: duplicate id 'tune'"],
    ),
    (
        "bank-duplicate-theme.json",
        "bank",
        bank(lambda d: d["themes"][1].update(id="markets")),
        ["themes[1].id: duplicate id 'markets'"],
    ),
    (
        "bank-duplicate-pathway.json",
        "bank",
        bank(lambda d: d["pathways"][1].update(id="strategy")),
        ["pathways[1].id: duplicate id 'strategy'"],
    ),
    (
        "bank-unknown-theme.json",
        "bank",
        bank(lambda d: d["questions"][2]["options"][1]["themes"].update(ethics=1)),
        ["questions[2].options[1].themes.ethics: unknown theme 'ethics'"],
    ),
    (
        "bank-unknown-pathway.json",
        "bank",
        bank(lambda d: d["questions"][2]["options"][1]["pathways"].update(ceo=1)),
        ["questions[2].options[1].pathways.ceo: unknown pathway 'ceo'"],
    ),
    (
        "bank-unknown-question.json",
        "bank",
        bank(lambda d: d["questions"][6]["when"].update(question="visas")),
        ["questions[6].when.question: unknown question 'visas'"],
    ),
    (
        "bank-condition-on-later.json",
        "bank",
        bank(lambda d: d["questions"][2].update(when={"question": "visa", "any_of": [True]})),
        ["questions[2].when.question: depends on 'visa', which comes later"],
    ),
    (
        "bank-condition-on-itself.json",
        "bank",
        bank(lambda d: d["questions"][6]["when"].update(question="stay")),
        ["questions[6].when.question: a question cannot depend on its own answer"],
    ),
    (
        "bank-condition-cycle.json",
        "bank",
        bank(cycle),
        ["questions[5].when.question: depends on 'stay', which comes later"],
    ),
    (
        "bank-condition-bad-value.json",
        "bank",
        bank(lambda d: d["questions"][6]["when"].update(any_of=["yes"])),
        ["questions[6].when.any_of[0]: 'yes' is not an answer of 'visa'"],
    ),
    (
        "bank-points-out-of-range.json",
        "bank",
        bank(lambda d: d["questions"][2]["options"][1]["themes"].update(markets=50)),
        ["questions[2].options[1].themes.markets: must be at most 5"],
    ),
    (
        "bank-scale-min-not-below-max.json",
        "bank",
        bank(lambda d: d["questions"][4].update(min=5, max=3)),
        ["questions[4].max: must be greater than min (5), got 3"],
    ),
    (
        "bank-multi-min-above-max.json",
        "bank",
        bank(lambda d: d["questions"][3].update(min_choices=3, max_choices=2)),
        ["questions[3].min_choices: 3 is more than max_choices (2)"],
    ),
    (
        "bank-multi-max-above-options.json",
        "bank",
        bank(lambda d: d["questions"][3].update(max_choices=5)),
        ["questions[3].max_choices: 5 is more than the 3 options"],
    ),
    (
        "bank-theme-unscorable.json",
        "bank",
        bank(lambda d: d["themes"].append({**d["themes"][0], "id": "ethics"})),
        ["themes[2]: 'ethics': no question shown to everyone can score it"],
    ),
    (
        "bank-pathway-unscorable.json",
        "bank",
        bank(lambda d: d["pathways"].append({**d["pathways"][0], "id": "policy"})),
        ["pathways[2]: 'policy': no question shown to everyone can score it"],
    ),
    (
        "bank-bands-overlap.json",
        "bank",
        bank(lambda d: d["bands"][1].update(max=80)),
        ["bands[0].min: overlaps the band below it (75–80)"],
    ),
    (
        "bank-bands-gap.json",
        "bank",
        bank(lambda d: d["bands"][2].update(max=30)),
        ["bands[1].min: leaves a gap: no band covers 31–39"],
    ),
    (
        "bank-band-message-unknown-placeholder.json",
        "bank",
        bank(lambda d: d["bands"][0].update(message="Weigh {lowset} first.")),
        ["bands[0].message: {lowset} is not a placeholder; the one there is: {lowest}"],
    ),
    (
        "bank-unknown-route.json",
        "bank",
        bank(lambda d: d["questions"][2]["options"][0]["routes"].update(phd=1)),
        ["questions[2].options[0].routes.phd: unknown route 'phd'"],
    ),
    (
        "bank-readiness-not-a-theme.json",
        "bank",
        bank(lambda d: d["questions"][1]["options"][0]["readiness"].update(cooking=1)),
        ["questions[1].options[0].readiness.cooking: unknown theme 'cooking'"],
    ),
    (
        "bank-weight-without-reason.json",
        "bank",
        bank(lambda d: d["themes"][1].pop("weight_reason")),
        ["themes[1].weight_reason: the weight is 3, not 1: say why"],
    ),
    (
        "bank-scale-labels-miscounted.json",
        "bank",
        bank(lambda d: d["questions"][4]["labels"].pop()),
        ["questions[4].labels: needs one label for each of the 5 steps from 1 to 5, got 4"],
    ),
    (
        "bank-two-routes-are-this-degree.json",
        "bank",
        bank(lambda d: d["routes"][1].update(this_degree=True)),
        ["routes: exactly one route must be this degree"],
    ),
    (
        "bank-already-step-alone.json",
        "bank",
        bank(lambda d: d["pathways"][1].pop("already")),
        ['pathways[1].already_step: goes with "already": give both or neither'],
    ),
    (
        "bank-explore-step-alone.json",
        "bank",
        bank(
            lambda d: d["plan"].update(
                explore={"do": "Ask around.", "if_enjoyed": "Go on.", "if_not": "Stop."}
            )
        ),
        ['plan.explore_when: goes with "explore": give both or neither'],
    ),
    (
        "bank-explore-condition-unknown.json",
        "bank",
        bank(
            lambda d: d["plan"].update(
                explore={"do": "Ask around.", "if_enjoyed": "Go on.", "if_not": "Stop."},
                explore_when=[{"question": "goal", "any_of": ["unsure"]}],
            )
        ),
        ["plan.explore_when[0].question: unknown question 'goal'"],
    ),
    (
        "bank-note-condition-unknown.json",
        "bank",
        bank(lambda d: d["notes"][0].update(when=[{"question": "pace", "any_of": ["fast"]}])),
        ["notes[0].when[0].question: unknown question 'pace'"],
    ),
    (
        "bank-school-question-bad-condition.json",
        "bank",
        bank(lambda d: d["plan"]["ask_school"][0]["when"][0].update(any_of=["maybe"])),
        ["plan.ask_school[0].when[0].any_of[0]: 'maybe' is not an answer of 'visa'"],
    ),
    (
        "bank-unknown-kind.json",
        "bank",
        bank(lambda d: d["questions"][2].update(kind="ranking")),
        ["questions[2]: 'ranking' is not a question kind"],
    ),
    (
        "bank-many-problems.json",
        "bank",
        bank(
            lambda d: (
                d.update(minutes=0),
                d["questions"][2].update(promt="x"),
                d["themes"][0].pop("short"),
            )
        ),
        [
            "minutes: must be at least 1",
            "questions[2].promt: unknown field",
            "themes[0].short: required field is missing",
        ],
    ),
    (
        "answers-not-json.json",
        "answers",
        b'{"answers": {"week": price}}',
        ["line 1, column 22: not valid JSON"],
    ),
    (
        "answers-not-an-object.json",
        "answers",
        b'["price"]',
        ['expected a JSON object with an "answers" object'],
    ),
    (
        "answers-no-answers.json",
        "answers",
        b'{"answer": {}}',
        ["answer: unknown field", "answers: required field is missing"],
    ),
    (
        "answers-unknown-question.json",
        "answers",
        answers({**COMPLETE, "wek": "price"}),
        ["answers.wek: unknown question"],
    ),
    (
        "answers-wrong-type.json",
        "answers",
        answers({**COMPLETE, "people": "three"}),
        ["answers.people: expected a whole number from 1 to 5"],
    ),
    (
        "bank-number-as-text.json",
        "bank",
        bank(lambda d: d.update(minutes="3")),
        ["minutes: expected a whole number"],
    ),
    (
        "bank-true-as-number.json",
        "bank",
        bank(lambda d: d["questions"][2]["options"][1]["themes"].update(markets=True)),
        ["questions[2].options[1].themes.markets: expected a whole number"],
    ),
    (
        "bank-weight-as-text.json",
        "bank",
        bank(lambda d: d["themes"][0].update(weight="1.5")),
        ["themes[0].weight: expected a number"],
    ),
    (
        "bank-margin-as-text.json",
        "bank",
        bank(lambda d: d["scoring"].update(close_margin="5")),
        ["scoring.close_margin: expected a whole number"],
    ),
    (
        "bank-escape-sequence-in-text.json",
        "bank",
        bank(lambda d: d["questions"][2].update(prompt="Which \x1b]0;PWNED\x07week?")),
        ["questions[2].prompt: holds the control character \\x1b"],
    ),
    (
        "bank-nested-too-deep.json",
        "bank",
        b'{"version": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        ["line 1, column 112: nested more than 100 levels deep"],
    ),
    (
        "answers-nested-too-deep.json",
        "answers",
        b'{"answers": {"week": ' + b"[" * 100_000 + b"]" * 100_000 + b"}}",
        ["line 1, column 120: nested more than 100 levels deep"],
    ),
    (
        "answers-huge-number.json",
        "answers",
        b'{"answers": {"people": ' + b"9" * 5000 + b"}}",
        ["line 1, column 24: a number of 5000 digits"],
    ),
    (
        "answers-lone-surrogate-key.json",
        "answers",
        answers({**COMPLETE, "\ud800x": 1}),
        ["answers.\ufffdx: unknown question"],
    ),
    (
        "answers-unknown-choice.json",
        "answers",
        answers({**COMPLETE, "week": "nap"}),
        ["answers.week: 'nap' is not a choice of this question"],
    ),
    (
        "answers-too-many.json",
        "answers",
        answers({**COMPLETE, "skills": ["lead", "sell", "code"]}),
        ["answers.skills: choose at most 2 (got 3)"],
    ),
    (
        "answers-too-few.json",
        "answers",
        answers({**COMPLETE, "skills": []}),
        ["answers.skills: choose at least 1 (got 0)"],
    ),
    (
        "answers-outside-scale.json",
        "answers",
        answers({**COMPLETE, "people": 7}),
        ["answers.people: 7 is outside the scale 1 to 5"],
    ),
    (
        "answers-condition-not-holding.json",
        "answers",
        answers({**COMPLETE, "visa": False, "stay": True}),
        ["answers.stay: answered, but this question is only asked when 'visa' is true"],
    ),
    (
        "answers-missing.json",
        "answers",
        answers({"week": "price"}),
        ["answers.skills: no answer to 'Which?'", "answers.people: no answer to 'How much?'"],
    ),
    (
        "answers-many-problems.json",
        "answers",
        answers({**COMPLETE, "week": "nap", "people": 0, "wek": 1}),
        ["answers.week:", "answers.people:", "answers.wek:"],
    ),
]


def main() -> None:
    (HERE / "small-bank.json").write_bytes(bank(lambda d: None))
    manifest = []
    for name, kind, content, expected in CASES:
        (HERE / name).write_bytes(content)
        manifest.append({"file": name, "kind": kind, "expect": expected})
    (HERE / "cases.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
