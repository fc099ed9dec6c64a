"""What the PyInstaller build relies on: the resources folder and output without a console."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from salesdesk import ICON, resources_dir
from salesdesk.cli import main


def test_resources_found_beside_the_package_in_a_checkout() -> None:
    assert (resources_dir() / ICON).is_file()


def test_resources_found_inside_the_bundle_when_frozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources_dir() == tmp_path / "resources"


def test_commands_run_without_stdout_and_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A windowed Windows build starts with both streams set to None.
    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    db = tmp_path / "cards.db"
    assert main(["card", "add", "--db", str(db), "--name", "张伟"]) == 0
    assert main(["stats", "--db", str(db), "--json"]) == 0  # JSON written to sys.stdout
    assert main(["card", "delete", "--db", str(db), "999"]) == 1  # the error goes nowhere
    sys.stdout.close()  # the stand-ins main() opened, before monkeypatch puts the real ones back
    sys.stderr.close()
