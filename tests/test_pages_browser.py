"""Every other page the tool makes (compare, overview, preview) held to the report's
standards in a real browser: the same checks as tests/test_report_browser.py, run on these
pages in a module of their own, so the two share the work between test processes."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.cli import main
from tests.conftest import write_json
from tests.test_report_browser import (  # noqa: F401  (fixtures and checks, run here too)
    browser,
    nu_errors,
    test_axe_finds_no_accessibility_violations,
    test_dark_mode_changes_the_colours,
    test_no_horizontal_scrolling_and_links_big_enough_to_tap_on_a_phone,
    test_no_request_leaves_the_page_and_the_console_stays_clean,
    test_printing_makes_a_pdf_without_dark_backgrounds_even_in_dark_mode,
    test_the_nu_validator_finds_no_errors,
    visit,
)

HERE = Path(__file__).resolve().parent


@pytest.fixture(params=["compare", "overview", "preview"])
def kind(request) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """A retake a year later compared, a cohort of 40 with one broken file, the shipped bank."""
    folder = tmp_path_factory.mktemp("pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        compare = HERE / "compare"
        then, now = compare / "sam-2025.html", compare / "sam-2026.answers.json"
        assert main(["compare", str(then), str(now), "-o", str(folder / "compare.html")]) == 0
        from quiz.audit import sample_answers
        from quiz.bankcache import load_bank
        from quiz.resources import default_bank_path

        cohort = folder / "cohort"
        cohort.mkdir()
        for number, answers in enumerate(
            sample_answers(load_bank(default_bank_path()).bank, 40, seed=3)
        ):
            write_json(cohort / f"r{number:02}.json", {"answers": answers})
        (cohort / "broken.json").write_text("{", encoding="utf-8")
        overview = ["overview", "--dir", str(cohort), "-o", str(folder / "overview.html")]
        assert main(overview) == 1  # one broken file, listed on the page
        assert main(["preview", "-o", str(folder / "preview.html")]) == 0
    return {name: folder / f"{name}.html" for name in ("compare", "overview", "preview")}
