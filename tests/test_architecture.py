"""The dependency rules of STYLE.md, checked by walking every module's imports with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "bot"

# Which bot packages each layer may import (besides itself).
ALLOWED_BOT_IMPORTS: dict[str, set[str]] = {
    "model": set(),
    "config": {"model"},
    "parsing": {"model", "config"},
    "api": {"model", "config"},
    "store": {"model", "config"},
    "i18n": {"model", "config"},
    "domain": {"model", "config", "api", "store"},
    "when": {"model", "config", "parsing", "i18n"},
}
# Each third-party library has one home.
HOMES: dict[str, set[str]] = {
    "slack_bolt": {"slack", "web"},
    # ops watches the Slack client from outside (error counter, auth.test for `check`).
    "slack_sdk": {"slack", "web", "ops"},
    "prometheus_client": {"ops"},
    "pythonjsonlogger": {"ops"},
    "httpx": {"api"},
    "dateparser": {"parsing"},
    "sqlalchemy": {"store"},
    "aiosqlite": {"store"},
    "psycopg": {"store"},
}
MAY_IMPORT_SLACK = {"slack", "web", "console", "__main__"}


def _modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _layer(path: Path) -> str:
    relative = path.relative_to(ROOT)
    return relative.parts[0].removesuffix(".py")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import"
            names.append(node.module or "")
    return names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_imports_follow_the_layer_rules(path: Path) -> None:
    layer = _layer(path)
    for name in _imports(path):
        top, _, rest = name.partition(".")
        if top == "bot" and rest:
            target = rest.split(".")[0]
            if target == layer:
                continue
            if target == "slack":
                assert layer in MAY_IMPORT_SLACK, f"{layer} imports {name}"
            if layer in ALLOWED_BOT_IMPORTS:
                assert target in ALLOWED_BOT_IMPORTS[layer], f"{layer} imports {name}"
        if top in HOMES:
            assert layer in HOMES[top], f"{layer} imports {top}, whose home is {HOMES[top]}"


def test_every_layer_of_the_layout_exists() -> None:
    layers = {_layer(path) for path in _modules()}
    assert {"model", "config", "parsing", "api", "store", "domain", "i18n", "slack"} <= layers


def test_domain_never_reaches_slack_or_text() -> None:
    for path in (ROOT / "domain").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("bot.slack", "bot.i18n", "slack_bolt", "slack_sdk")), (
                f"{path.name} imports {name}"
            )
