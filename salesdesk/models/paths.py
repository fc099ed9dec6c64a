"""Where SalesDesk keeps its files: the user's data and config folders."""

from __future__ import annotations

import os
from pathlib import Path

from salesdesk import APP_NAME


def data_dir() -> Path:
    override = os.environ.get("SALESDESK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("SALESDESK_CONFIG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "salesdesk.db"


def backup_dir() -> Path:
    return data_dir() / "backups"


def log_path() -> Path:
    """The window's log: errors and crashes, for the user to send (shown in Help > About)."""
    return data_dir() / "logs" / "salesdesk.log"
