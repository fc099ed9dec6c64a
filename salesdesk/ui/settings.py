"""Where the window keeps its own preferences (geometry, columns, sort): QSettings."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

from salesdesk import APP_NAME, ORG_NAME


def window_settings() -> QSettings:
    """The window's QSettings; an ini file in SALESDESK_CONFIG_DIR when that is set (tests).

    Qt reads XDG_CONFIG_HOME once per process, so tests that each want a fresh
    folder need a path of their own rather than the native location.
    """
    override = os.environ.get("SALESDESK_CONFIG_DIR")
    if override:
        path = Path(override) / ORG_NAME / f"{APP_NAME}.ini"
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings(ORG_NAME, APP_NAME)
