"""The dependency rules of STYLE.md: import-linter contracts in pyproject.toml, and that they bite.

`lint-imports` runs over the real package; then violations are planted, one at a time, in a
scratch copy of the package and lint-imports must fail on each. Two rules import-linter does not
state are checked per module: no module over 450 lines, and no import inside a function (a
deferred import hides a dependency; only `bot/__main__.py` keeps them, so `when` starts fast).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
ROOT = PROJECT / "bot"
MAX_MODULE_LINES = 450
# Runs import-linter's CLI entry point in a fresh interpreter: (exit code, output).
_LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(no_cache=True, no_logo=True))"
)


def _modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _contract_names() -> list[str]:
    config = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["name"] for contract in config["tool"]["importlinter"]["contracts"]]


def _lint(project: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports in `project`, with that folder's `bot` first on the path."""
    env = {**os.environ, "PYTHONPATH": str(project)}
    return subprocess.run(  # noqa: S603  # our own interpreter, fixed arguments
        [sys.executable, "-c", _LINT],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def real_lint() -> subprocess.CompletedProcess[str]:
    return _lint(PROJECT)


def test_lint_imports_keeps_every_contract(real_lint: subprocess.CompletedProcess[str]) -> None:
    assert real_lint.returncode == 0, real_lint.stdout + real_lint.stderr
    assert "0 broken" in real_lint.stdout


@pytest.mark.parametrize("name", _contract_names())
def test_each_contract_is_checked_and_kept(
    name: str, real_lint: subprocess.CompletedProcess[str]
) -> None:
    report = " ".join(real_lint.stdout.split())  # long names wrap over lines
    assert f"{' '.join(name.split())} KEPT" in report, real_lint.stdout


# (module to change, line to append, the contract lint-imports must then report broken)
PLANTED = {
    "parsing imports slack": (
        "parsing/tokens.py",
        "from bot import slack",
        "Layers: each part of bot imports only the parts below it",
    ),
    "a listener imports the fakes": (
        "slack/ids.py",
        "import bot.fakes.slack.block_kit",
        "Production modules never import the fakes or the demo",
    ),
    "the store imports the demo": (
        "store/errors.py",
        "import bot.demo.terminal",
        "Production modules never import the fakes or the demo",
    ),
    "the domain writes text": (
        "domain/teams.py",
        "import bot.i18n.catalog",
        "The domain makes no text and knows no Slack",
    ),
    "a deferred import closes a cycle": (
        "parsing/tokens.py",
        "def _later() -> None:\n    import bot.parsing.reader",
        "No import cycle inside any package",
    ),
    "the domain runs SQL": (
        "domain/teams.py",
        "import sqlalchemy",
        "SQL (sqlalchemy and its drivers) lives in bot.store",
    ),
    "slack formats dates with babel": (
        "slack/ids.py",
        "import babel.dates",
        "Babel lives in bot.i18n",
    ),
    "the api client serves with uvicorn": (
        "api/client.py",
        "import uvicorn",
        "ASGI serving (starlette, uvicorn)",
    ),
    "the web layer calls the API with httpx": (
        "web.py",
        "import httpx",
        "HTTP to the interventions API",
    ),
    "the demo talks to Bolt itself": (
        "demo/feed.py",
        "import slack_bolt",
        "Slack's Bolt lives in bot.slack",
    ),
    "the fakes use the real config": (
        "fakes/slack/state.py",
        "import bot.config",
        "The fakes stand alone",
    ),
}


@pytest.mark.parametrize("planted", sorted(PLANTED))
def test_a_planted_violation_fails_lint_imports(planted: str, tmp_path: Path) -> None:
    module, line, contract = PLANTED[planted]
    shutil.copytree(ROOT, tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    assert _lint(tmp_path).returncode == 0, "the scratch copy starts clean"
    target = tmp_path / "bot" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint(tmp_path)
    assert result.returncode != 0
    broken = result.stdout.partition("Broken contracts")[2]
    assert " ".join(contract.split()) in " ".join(broken.split()), result.stdout


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_450_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name} has {lines} lines"


# Third-party libraries that only some phrases need, imported when first needed so that
# `python -m bot when` and the request path start without them (issue 13: dateparser, rapidfuzz;
# issue 15: dateutil's rrule, for recurring plans only).
LAZY_LIBRARIES = {
    "parsing/absolute_dates.py": {"dateparser"},
    "parsing/typos.py": {"rapidfuzz"},
    "parsing/series.py": {"dateutil"},
}


@pytest.mark.parametrize(
    "path",
    [path for path in _modules() if path != ROOT / "__main__.py"],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_imports_are_at_module_level(path: Path) -> None:
    """Only the composition root defers imports of bot's own modules (so `python -m bot when`
    loads no Slack); elsewhere only the lazy libraries above are imported inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    lazy = LAZY_LIBRARIES.get(str(path.relative_to(ROOT)), set())
    deferred = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        and id(node) not in top
        and not (_imported_roots(node) <= lazy)
    ]
    assert not deferred, f"{path.name}: imports inside functions at lines {deferred}"


def _imported_roots(node: ast.Import | ast.ImportFrom) -> set[str]:
    if isinstance(node, ast.ImportFrom):
        return {(node.module or "").split(".")[0]} if node.level == 0 else {"bot"}
    return {alias.name.split(".")[0] for alias in node.names}


def test_every_part_of_the_layout_exists() -> None:
    parts = {path.relative_to(ROOT).parts[0].removesuffix(".py") for path in _modules()}
    expected = {"model", "config", "parsing", "api", "store", "domain", "i18n", "slack", "web"}
    assert expected | {"fakes", "demo"} <= parts
