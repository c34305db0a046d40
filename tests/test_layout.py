"""The house: modules small enough to hold in mind, no import cycles, and a core that
imports no terminal, no jinja2 and nothing that writes files."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "quiz"
CORE = ("quiz.bank", "quiz.scoring", "quiz.audit", "quiz.answers", "quiz.order", "quiz.text")
SHELL_ONLY = (
    "questionary",
    "prompt_toolkit",
    "jinja2",
    "markupsafe",
    "quiz.files",
    "quiz.bankcache",
    "quiz.console",
    "quiz.report",
    "quiz.batch",
    "quiz.workers",
)
MOST_LINES = 400


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_no_module_is_over_400_lines():
    long = {n: len(p.read_text().splitlines()) for n, p in _modules().items()}
    assert {n: lines for n, lines in long.items() if lines > MOST_LINES} == {}


def test_the_core_imports_no_terminal_no_jinja2_and_nothing_that_writes_files():
    for name, path in _modules().items():
        if _within(name, CORE):
            used = _imports(path, top_level_only=False)
            bad = {u for u in used if _within(u, SHELL_ONLY)}
            assert bad == set(), f"{name} imports {sorted(bad)}"


def test_no_two_modules_import_each_other_at_start_up():
    modules = _modules()
    graph = {
        name: {m for m in _imports(path, top_level_only=True) if m in modules and m != name}
        for name, path in modules.items()
    }

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for following in graph[start]:
            if following == goal or (
                following not in seen and reaches(following, goal, seen | {following})
            ):
                return True
        return False

    # A package's __init__ re-exporting its own modules is not a cycle of two rooms.
    cycles = [
        name
        for name in graph
        if reaches(name, name, {name}) and not all(m.startswith(name) for m in graph[name])
    ]
    assert cycles == []
