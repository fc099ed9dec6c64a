"""Every test gets its own data and config folders and a fresh database file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep each test's replica registry, backups and settings away from the user's."""
    home = tmp_path / "home"
    monkeypatch.setenv("SALESDESK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("SALESDESK_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.delenv("SALESDESK_NOW", raising=False)
    return home


@pytest.fixture(autouse=True)
def english_messages() -> Iterator[None]:
    """The core's messages start in English in each test (the window and the CLI set it)."""
    from salesdesk.domain import messages

    messages.set_language("en")
    yield
    messages.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cards.db"


@pytest.fixture
def session(db_path: Path) -> Iterator[object]:
    from salesdesk.services.session import Session

    opened = Session.open(db_path)
    yield opened
    opened.close()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The large random sync run (sync_stress) only when asked for with -m."""
    if "sync_stress" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="large random sync run: ask for it with -m sync_stress")
    for item in items:
        if "sync_stress" in item.keywords:
            item.add_marker(skip)
