"""Starting the window: translations, the crash dialog, the ready line, the selftest."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from salesdesk.services.session import Session
from salesdesk.ui import app as ui_app
from tests.gui.conftest import Messages

TS = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context><name>Labels</name>
<message><source>Prospect</source><translation>潜在客户</translation></message>
</context>
</TS>
"""


def test_a_translation_for_the_chosen_language_is_loaded(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lrelease = shutil.which("pyside6-lrelease") or str(
        Path(sys.executable).parent / "pyside6-lrelease"
    )
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease is not installed")
    folder = tmp_path / "resources" / "translations"
    folder.mkdir(parents=True)
    (folder / "salesdesk_zh_CN.ts").write_text(TS, encoding="utf-8")
    subprocess.run(
        [lrelease, str(folder / "salesdesk_zh_CN.ts"), "-qm", str(folder / "salesdesk_zh_CN.qm")],
        check=True,
        capture_output=True,
    )
    monkeypatch.setattr(ui_app, "RESOURCES", tmp_path / "resources")
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "zh_CN")
    try:
        assert QCoreApplication.translate("Labels", "Prospect") == "潜在客户"
        from salesdesk.ui import labels

        assert labels.word(labels.STATUSES, "prospect") == "潜在客户"
    finally:
        for translator in loaded:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)
    assert QCoreApplication.translate("Labels", "Prospect") == "Prospect"


def test_no_translation_file_leaves_english(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui_app, "RESOURCES", tmp_path)
    default_locale = QLocale()
    loaded = ui_app.install_translations(qapp, "en")
    try:
        assert all(t.language() != "zh_CN" for t in loaded)
        assert QCoreApplication.translate("Labels", "Prospect") == "Prospect"
    finally:
        for translator in loaded:
            qapp.removeTranslator(translator)
        QLocale.setDefault(default_locale)


def test_an_unexpected_error_is_logged_and_shown(
    qapp: Any, messages: Messages, caplog: pytest.LogCaptureFixture
) -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as error:
        with caplog.at_level(logging.ERROR, logger="salesdesk.ui"):
            ui_app.excepthook(type(error), error, error.__traceback__)
    assert len(messages.errors) == 1
    assert "Something went wrong" in messages.errors[0]
    assert "boom" in caplog.text


def test_a_user_error_reaching_the_hook_shows_its_message_only(
    qapp: Any, messages: Messages
) -> None:
    from salesdesk.domain.errors import InvalidValue

    error = InvalidValue("A card needs a name.")
    ui_app.excepthook(InvalidValue, error, None)
    assert messages.errors == ["A card needs a name."]


def test_process_age_and_memory_are_measured() -> None:
    assert 0 < ui_app.seconds_since_start() < 3600
    assert ui_app.peak_rss_mb() > 10


def test_the_window_reports_ready_and_quits(db_path: Path) -> None:
    made = Session.open(db_path)
    made.create_card({"name": "张伟"})
    made.close()
    env = dict(os.environ, SALESDESK_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "salesdesk", "--db", str(db_path), "--lang", "en"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("ready ")
    seconds, rss = line.split()[1:]
    assert float(seconds) > 0
    assert rss.startswith("rss_mb=")
    assert float(rss.removeprefix("rss_mb=")) > 10
    # A cold start must not pay for the workbook and chart libraries (DESIGN §7).
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, salesdesk.ui.app, salesdesk.ui.mainwindow;"
            "print(sorted(m for m in ('openpyxl', 'matplotlib') if m in sys.modules))",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert probe.stdout.strip() == "[]"


def test_selftest_renders_every_view(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shots = tmp_path / "shots"
    done = subprocess.run(
        [sys.executable, "-m", "salesdesk", "selftest", "--screenshots", str(shots)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    # Other views add their own shots: these must be among them.
    assert set(names) >= {
        "01-main-window.png",
        "02-card-details.png",
        "03-contact-log.png",
        "04-grade-path.png",
        "05-history.png",
        "06-log-contact-dialog.png",
        "07-change-grade-dialog.png",
        "08-merge-preview.png",
        "10-conflicts-and-duplicates.png",
        "11-sync-preferences.png",
        "12-backups.png",
        "13-import-mapping.png",
        "14-dashboard.png",
        "25b-preferences-privacy.png",
    }
    assert all((shots / n).stat().st_size > 5_000 for n in names)


def test_selftest_in_chinese_shows_the_privacy_page_translated_and_whole(tmp_path: Path) -> None:
    """The selftest fails a view whose check fails: on Preferences > Privacy (issue 22), a
    clipped button or a status or button left in English."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    shots = tmp_path / "shots"
    done = subprocess.run(
        [sys.executable, "-m", "salesdesk", "selftest", "--screenshots", shots, "--lang", "zh_CN"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Privacy" not in done.stderr
    assert (shots / "25b-preferences-privacy.png").stat().st_size > 5_000
