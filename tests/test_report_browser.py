"""The HTML report in a real browser (Debian's Chromium driven by Playwright).

Skipped with a reason on a machine without Chromium, Java or the validator; in CI
(`CI` set) a missing piece fails instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quiz.cli import main
from tests.chromium import CHROMIUM, CHROMIUM_FLAGS
from tests.conftest import PERSONA_PM, need, write_json

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
VNU_JAR = Path(
    os.environ.get("VNU_JAR", CHECKOUT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar")
)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
HOSTILE_NAME = "</script><img src=x onerror=alert(1)>\"'&"


def _axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        need(False, "axe-playwright-python (bundles axe-core) is not installed")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, Path]:
    """A typical report, a private one, and one for a reader with a hostile name."""
    folder = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        typical = write_json(folder / "typical.json", {"answers": PERSONA_PM})
        hostile = write_json(
            folder / "hostile.json", {"answers": {**PERSONA_PM, "name": HOSTILE_NAME}}
        )
        assert main(["report", str(typical), "-o", str(folder / "typical.html")]) == 0
        assert main(["report", str(hostile), "-o", str(folder / "hostile.html")]) == 0
    return {
        "typical": folder / "typical.html",
        "hostile": folder / "hostile.html",
    }


@pytest.fixture(params=["typical"])
def kind(request) -> str:
    """Which page the checks below look at: here the report; tests/test_pages_browser.py
    runs the same checks on every other page the tool makes."""
    return str(request.param)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    # Module scope: the browser's event loop must be gone before other modules drive
    # questionary in this process.
    need(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "playwright (Python) is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from disk, with every network attempt, console error and dialog recorded."""

    def __init__(self, browser: Any, path: Path, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                self.requests.append(url)
                route.abort()

        self.page.route("**/*", route)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(path.as_uri())

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser) -> Iterator[Any]:
    opened: list[Visit] = []

    def open_page(path: Path, **context: Any) -> Visit:
        opened.append(Visit(browser, path, **context))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


SETTINGS = {
    "light-1280": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "light"},
    "dark-1280": {"viewport": {"width": 1280, "height": 900}, "color_scheme": "dark"},
    "phone-360": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "device_scale_factor": 2,
    },
}


@pytest.mark.parametrize("setting", SETTINGS)
def test_no_request_leaves_the_page_and_the_console_stays_clean(reports, visit, setting, kind):
    page = visit(reports[kind], **SETTINGS[setting])
    assert page.requests == []
    assert page.errors == []


@pytest.mark.parametrize("setting", SETTINGS)
def test_axe_finds_no_accessibility_violations(reports, visit, setting, kind):
    page = visit(reports[kind], **SETTINGS[setting])
    page.page.evaluate(_axe_source())  # evaluate, not a script tag: the CSP rightly blocks those
    found = page.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found["violations"]]
    assert violations == []


def nu_validator_errors(pages: list[Path]) -> dict[str, list[tuple[int | None, str]]]:
    """The Nu HTML checker's errors in each page, by its path: one Java process for all."""
    from urllib.parse import unquote, urlparse

    need(
        shutil.which("java") is not None,
        "Java is not installed (apt-get install default-jre-headless)",
    )
    need(
        VNU_JAR.exists(),
        "the Nu HTML checker is not installed (.ci/run installs it: "
        "npm install --prefix .tools vnu-jar@26; or set VNU_JAR to its vnu.jar)",
    )
    done = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    found: dict[str, list[tuple[int | None, str]]] = {str(page.resolve()): [] for page in pages}
    for message in json.loads(done.stderr or '{"messages": []}')["messages"]:
        # The checker names a file "file:/path"; a message about no file goes under "".
        url = message.get("url", "")
        where = str(Path(unquote(urlparse(url).path)).resolve()) if url else ""
        found.setdefault(where, []).append((message.get("lastLine"), message["message"]))
    return found


@pytest.fixture(scope="module")
def nu_errors(reports) -> dict[str, list[tuple[int | None, str]]]:
    return nu_validator_errors(list(reports.values()))


def test_the_nu_validator_finds_no_errors(nu_errors, reports, kind):
    assert nu_errors[str(reports[kind].resolve())] == []
    assert nu_errors.get("", []) == []  # nothing the checker could not place


def test_no_horizontal_scrolling_and_links_big_enough_to_tap_on_a_phone(reports, visit, kind):
    page = visit(reports[kind], **SETTINGS["phone-360"]).page
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    small = page.evaluate(
        """[...document.querySelectorAll('a')].map(a => [a.textContent.trim(), a.getBoundingClientRect().height])
           .filter(([, h]) => h < 44)"""
    )
    assert small == []


def test_the_appendix_opened_with_every_ledger_still_fits_a_phone(reports, visit):
    page = visit(reports["typical"], **SETTINGS["phone-360"]).page
    opened = page.evaluate(
        "[...document.querySelectorAll('details')].map(d => (d.open = true)).length"
    )
    assert opened == 1  # the appendix
    assert page.evaluate("document.querySelectorAll('.ledger-table').length") == 13
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    sticking_out = page.evaluate(
        """[...document.querySelectorAll('.ledger-table')].filter(t =>
             t.getBoundingClientRect().right > t.parentElement.getBoundingClientRect().right + 1
           ).length"""
    )
    assert sticking_out == 0


def test_a_comfortable_line_length_on_a_desktop(reports, visit):
    page = visit(reports["typical"], **SETTINGS["light-1280"]).page
    width = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert 480 <= width <= 800


def test_dark_mode_changes_the_colours(reports, visit, kind):
    def colours(scheme: str) -> tuple[str, str]:
        page = visit(
            reports[kind], viewport={"width": 1280, "height": 900}, color_scheme=scheme
        ).page
        return page.evaluate(
            "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
        )

    assert colours("light") != colours("dark")


def _darkest_background(page: Any) -> float:
    """The lowest luminance (0–255) of any element's own background colour."""
    return page.evaluate(
        """Math.min(255, ...[...document.querySelectorAll('*')].map(e => {
            const m = getComputedStyle(e).backgroundColor.match(/[\\d.]+/g);
            if (!m || (m.length > 3 && +m[3] === 0)) return 255;
            return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2];
        }))"""
    )


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_printing_makes_a_pdf_without_dark_backgrounds_even_in_dark_mode(
    reports, visit, paper, kind
):
    page = visit(reports[kind], viewport={"width": 1280, "height": 900}, color_scheme="dark").page
    page.emulate_media(media="print", color_scheme="dark")
    assert _darkest_background(page) > 200
    pdf = page.pdf(format=paper, print_background=True)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000


def test_the_program_link_is_printed_as_text(reports, visit):
    page = visit(reports["typical"], viewport={"width": 1280, "height": 900}).page
    page.emulate_media(media="print")
    text = page.evaluate("document.body.innerText")
    assert "https://lally.rpi.edu/" in text


def test_a_name_full_of_markup_shows_as_text_and_runs_nothing(reports, visit):
    page = visit(reports["hostile"], **SETTINGS["light-1280"])
    assert page.dialogs == [] and page.errors == []
    assert page.page.evaluate("document.querySelectorAll('img').length") == 0
    assert HOSTILE_NAME in page.page.evaluate("document.body.innerText")
    assert HOSTILE_NAME in page.page.title()
    data = page.page.evaluate(
        "JSON.parse(document.getElementById('ai-mba-fit-result').textContent)"
    )
    assert data["name"] == HOSTILE_NAME


def test_the_appendix_link_opens_the_folded_appendix_at_the_answers(reports, visit):
    page = visit(reports["typical"], **SETTINGS["phone-360"]).page
    assert not page.evaluate("document.querySelector('details.appendix').open")
    page.click("nav a[href='#answers']")
    page.wait_for_function("document.querySelector('details.appendix').open")
    # The mentee's answers come first in the appendix, before the working.
    first = page.evaluate("document.querySelector('details.appendix h3').id")
    assert first == "answers"
