"""Shared fixtures: the shipped bank, a small bank built from plain values, answers files."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from quiz.bank import LoadedBank, parse_bank
from quiz.bankcache import load_bank
from quiz.resources import default_bank_path

IN_CI = bool(os.environ.get("CI"))
_CACHE = tempfile.mkdtemp(prefix="ai-mba-fit-test-cache-")


def pytest_configure(config: pytest.Config) -> None:
    # The tests, and every process they start, keep checked banks and compiled templates in
    # a folder of their own (see quiz.bankcache), never in the user's cache.
    os.environ["XDG_CACHE_HOME"] = _CACHE
    os.environ.pop("AI_MBA_FIT_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)


def need(condition: bool, reason: str) -> None:
    """Skip when a tool is missing on a developer's machine; fail in CI, which must have it."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI must have this: {reason}")
    pytest.skip(reason)


def _effect(
    themes: dict[str, int] | None = None, pathways: dict[str, int] | None = None
) -> dict[str, Any]:
    return {"themes": themes or {}, "pathways": pathways or {}}


def _step(do: str) -> dict[str, str]:
    """A plan step with its two outcomes, for the small bank."""
    return {"do": do, "if_enjoyed": f"Enjoyed: {do}", "if_not": f"Not: {do}"}


SMALL_BANK: dict[str, Any] = {
    "version": "test-2",
    "title": "Small test bank",
    "welcome": "A bank small enough to reason about by hand.",
    "minutes": 1,
    "disclaimer": "Only a test.",
    "program": {
        "name": "Test program",
        "url": "https://example.org/program",
        "facts": ["36 credits"],
    },
    "scoring": {"close_margin": 5, "firm_at": 85, "fairly_firm_at": 60},
    "themes": [
        {
            "id": "markets",
            "name": "Markets",
            "short": "Markets",
            "point": "Models to markets.",
            "weight": 1.0,
            "start_here": _step("Try pricing."),
            "build_on": _step("Own pricing."),
            "ask_mentor": "Is pricing for me?",
        },
        {
            "id": "teams",
            "name": "Teams",
            "short": "Teams",
            "point": "Lead teams.",
            "weight": 3.0,
            "weight_reason": "A test of weights.",
            "start_here": _step("Try leading."),
            "build_on": _step("Lead more."),
            "ask_mentor": "Should I lead?",
        },
    ],
    "pathways": [
        {
            "id": "strategy",
            "name": "Strategy",
            "short": "Strategy",
            "point": "The article lists strategy.",
            "about": "Lead strategy.",
            "first_step": _step("Talk to one."),
            "ask_mentor": "Who leads strategy?",
            "ask_school": "Where do strategists go?",
        },
        {
            "id": "founder",
            "name": "Founder",
            "short": "Founder",
            "point": "The article lists founders.",
            "about": "Found a company.",
            "first_step": _step("Sell one thing."),
            "ask_mentor": "Would you back me?",
            "ask_school": "Where do founders go?",
            "already": {"question": "done", "any_of": ["sold"]},
            "already_step": _step("Sell another thing."),
        },
    ],
    "routes": [
        {
            "id": "mba",
            "name": "This degree",
            "short": "This degree",
            "about": "The degree.",
            "first_step": _step("Ask admissions."),
            "ask_mentor": "Is it for me?",
            "ask_school": "Where do graduates go?",
            "this_degree": True,
        },
        {
            "id": "tech",
            "name": "Stay technical",
            "short": "Technical",
            "about": "Go deep.",
            "first_step": _step("Ask."),
            "ask_mentor": "How do I go deep?",
            "ask_school": "How technical is it?",
        },
    ],
    "bands": [
        {
            "id": "strong",
            "label": "Strong",
            "min": 75,
            "max": 100,
            "summary": "S.",
            "message": "Strong.",
        },
        {
            "id": "partial",
            "label": "Partial",
            "min": 40,
            "max": 74,
            "summary": "P.",
            "message": "Partial.",
        },
        {
            "id": "not_now",
            "label": "Not now",
            "min": 0,
            "max": 39,
            "summary": "N.",
            "message": "Not now.",
            "leads_with": "route",
        },
    ],
    "sections": [{"id": "one", "title": "Section one"}, {"id": "two", "title": "Section two"}],
    "notes": [
        {"id": "opt", "title": "STEM OPT", "text": "24-month extension."},
        {"id": "start", "title": "Start", "text": "No bar."},
    ],
    "plan": {
        "decide": _step("Talk to graduates."),
        "decide_route": _step("Compare the two."),
        "ask_mentor_firm": "Which answer surprises you?",
        "ask_mentor_unsure": "Which answer would you push back on?",
        "ask_school": [
            {
                "text": "What is it like on a visa?",
                "when": [{"question": "visa", "any_of": [True]}],
            },
            {"text": "What would you do differently?"},
        ],
    },
    "questions": [
        {
            "id": "name",
            "kind": "text",
            "section": "one",
            "about": "now",
            "topic": "Name",
            "prompt": "Name?",
            "max_length": 20,
        },
        {
            "id": "done",
            "kind": "multi",
            "section": "one",
            "about": "now",
            "topic": "Done",
            "prompt": "Done at work?",
            "options": [
                {"id": "budget", "label": "A budget", "readiness": {"markets": 1}},
                {"id": "sold", "label": "Sold", "readiness": {"markets": 1}},
                {"id": "people", "label": "Led people", "readiness": {"teams": 1}},
                {
                    "id": "none",
                    "label": "None yet",
                    "exclusive": True,
                    "last": True,
                    "notes": ["start"],
                },
            ],
        },
        {
            "id": "week",
            "kind": "single",
            "section": "one",
            "topic": "Week",
            "prompt": "Which week?",
            "options": [
                {
                    "id": "tune",
                    "label": "Tune the model",
                    "routes": {"tech": 2},
                    "change_phrase": "you would rather tune the model",
                },
                {
                    "id": "price",
                    "label": "Price the model",
                    "themes": {"markets": 4},
                    "pathways": {"strategy": 2},
                    "routes": {"mba": 2},
                    "change_phrase": "you would rather lead the pricing review",
                },
                {
                    "id": "pitch",
                    "label": "Pitch investors",
                    "themes": {"markets": 2, "teams": 1},
                    "pathways": {"founder": 4},
                    "routes": {"mba": 2},
                    "change_phrase": "you would rather pitch to investors",
                },
            ],
        },
        {
            "id": "skills",
            "kind": "multi",
            "section": "one",
            "topic": "Skills",
            "prompt": "Which?",
            "min_choices": 1,
            "max_choices": 2,
            "options": [
                {"id": "lead", "label": "Leading", "themes": {"teams": 2}},
                {
                    "id": "sell",
                    "label": "Selling",
                    "themes": {"teams": 1},
                    "pathways": {"founder": 1},
                },
                {"id": "code", "label": "Coding", "themes": {"teams": -1}, "routes": {"tech": 1}},
            ],
        },
        {
            "id": "people",
            "kind": "scale",
            "section": "two",
            "topic": "People",
            "prompt": "How much?",
            "min": 1,
            "max": 5,
            "labels": ["None", "A little", "Some", "Much", "All"],
            "low": _effect({"teams": 0}),
            "high": _effect({"teams": 4}, {"strategy": 1}),
        },
        {
            "id": "visa",
            "kind": "yesno",
            "section": "two",
            "about": "practical",
            "topic": "Visa",
            "prompt": "On a visa?",
            "yes": {"themes": {}, "pathways": {}, "notes": []},
            "no": _effect(),
        },
        {
            "id": "stay",
            "kind": "yesno",
            "section": "two",
            "topic": "Stay",
            "prompt": "Stay to work?",
            "when": {"question": "visa", "any_of": [True]},
            "yes": {"themes": {"teams": 2}, "pathways": {}, "notes": ["opt"]},
            "no": _effect(),
        },
    ],
}


@pytest.fixture
def small_bank_data() -> dict[str, Any]:
    """A fresh, mutable copy of the small bank's JSON."""
    return copy.deepcopy(SMALL_BANK)


@pytest.fixture
def small_bank(small_bank_data: dict[str, Any]) -> LoadedBank:
    return parse_bank(small_bank_data, "small.json", "0123456789ab")


@pytest.fixture(scope="session")
def shipped_bank() -> LoadedBank:
    return load_bank(default_bank_path())


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# A product manager moving into GenAI product leadership (tests/personas/pm-genai-leadership
# with a name, and on a visa so that every question is shown).
PERSONA_PM: dict[str, Any] = {
    "name": "Ada",
    "role_now": "tech_pm",
    "done_at_work": ["executives", "pricing_case", "cross_team"],
    "goal_role": "ai_strategy_goal",
    "program_gives": "ai_business",
    "sector": "tech_company",
    "week": "week_pricing",
    "business_case": 5,
    "product_over_case": 2,
    "aligning_teams": 5,
    "own_team": 1,
    "launch_call": 4,
    "rules_to_others": 2,
    "judged_on_results": 4,
    "winning_budget": 2,
    "pace": "longer",
    "f1_visa": True,
    "stay_to_work": True,
    "funding": ["employer"],
}


class InstalledWheel(NamedTuple):
    """The wheel built from this checkout, installed into a brand-new virtual environment."""

    wheel: Path
    env: Path

    @property
    def python(self) -> Path:
        return self.env / "bin" / "python"

    @property
    def script(self) -> Path:
        return self.env / "bin" / "ai-mba-fit"

    @property
    def package(self) -> Path:
        """The installed `quiz` package, in the environment's site-packages."""
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        return (self.env / "lib" / version / "site-packages" / "quiz").resolve()


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> InstalledWheel:
    """The checkout built as a newcomer's `pip install .` builds it (its build hook
    included) and installed with its dependencies into a fresh venv: once per session, as
    it takes seconds. Tests that change the installed files change a copy of them."""
    place = tmp_path_factory.mktemp("wheel")
    checkout = Path(__file__).resolve().parent.parent

    def run(*args: str | Path) -> None:
        subprocess.run(
            [str(a) for a in args],
            cwd=place,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
        )

    dist = place / "dist"
    # No build isolation: the test environment has what [build-system] requires.
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        dist,
        checkout,
    )
    wheel = next(dist.glob("ai_mba_fit-*.whl"))
    env = place / "fresh"
    # The tests' own pip installs into it (--python): the same files as the venv's own pip
    # would install, without the seconds ensurepip and byte-compiling everything take.
    venv.create(env, with_pip=False)
    installed = InstalledWheel(wheel, env)
    pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", installed.python, "install"]
    run(*pip, "-q", "--no-compile", "--disable-pip-version-check", wheel)
    return installed
