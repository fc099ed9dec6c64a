"""The layers of DESIGN §2: nothing imports upward; only ui/ has Qt; ui/ never sees tables."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "salesdesk"
LAYERS = ["domain", "models", "services", "io", "charts", "sync", "ui"]
# What each layer may import from salesdesk.
ALLOWED = {
    "domain": {"domain"},
    "models": {"domain", "models"},
    "services": {"domain", "models", "services"},
    "io": {"domain", "models", "services", "io"},
    "charts": {"domain", "models", "services", "charts"},
    "sync": {"domain", "models", "services", "sync"},
    "ui": {"domain", "models", "services", "io", "charts", "sync", "ui"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", LAYERS)
def test_layer_imports_only_what_it_may(layer: str) -> None:
    offences = []
    for path in _modules(layer):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "PySide6" and layer != "ui":
                offences.append(f"{path.name} imports {name}")
            inner = parts[1] if parts[0] == "salesdesk" and len(parts) > 1 else None
            if inner in LAYERS and inner not in ALLOWED[layer]:
                offences.append(f"{path.name} imports {name}")
            # The window goes through services: never the tables or the Store itself.
            if layer == "ui" and (
                parts[0] == "peewee"
                or name.startswith(("salesdesk.models.tables", "salesdesk.models.store"))
            ):
                offences.append(f"{path.name} imports {name}")
    assert offences == []


def test_charts_build_figures_without_pyplot() -> None:
    for path in _modules("charts"):
        assert "matplotlib.pyplot" not in _imports(path), path.name
