"""Every test gets its own data and config folders and a fresh database file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


# Test files whose tests share one costly setup per process (the PyInstaller build, made
# once by a module fixture): a parallel run (pytest-xdist, dev.py's -n) gives each to one
# worker whole. xdist's own xdist_group mark cannot do it under pytest 9 (it renames the
# node ids, which pytest 9 no longer lets it), so the scheduler below groups by path.
ONE_WORKER = ("tests/integration/test_frozen.py::",)


def _start_order(item: pytest.Item) -> int:
    return 0 if "frozen" in item.keywords else 1 if "slow" in item.keywords else 2


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's load scheduling, with the files of ONE_WORKER each handed out whole, and the
    tests in the order the workers collected them (the long ones first, see below)."""
    if config.getvalue("dist") != "load":
        return None  # a --dist the caller chose
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return next((f for f in ONE_WORKER if nodeid.startswith(f)), nodeid)

    config.option.loadscopereorder = False  # keep the collection's order
    return Scheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The large random sync run (sync_stress) only when asked for with -m; on pytest-xdist's
    workers (dev.py runs -n), the long tests first."""
    if hasattr(config, "workerinput"):
        # Longest first, so no worker is left with a long test while the others are idle:
        # the frozen build (minutes, on one worker), then the tests marked slow, then the
        # rest. Every worker sorts the same collection alike, as xdist requires.
        items.sort(key=_start_order)
    if "sync_stress" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="large random sync run: ask for it with -m sync_stress")
    for item in items:
        if "sync_stress" in item.keywords:
            item.add_marker(skip)
