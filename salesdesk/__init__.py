"""SalesDesk: customer cards graded A to F for field salespeople."""

import sys
from pathlib import Path

# The one place for the program's name, version and icon: the window, the CLI,
# pyproject.toml and packaging/salesdesk.spec all read these.
__version__ = "0.1.0"
APP_NAME = "SalesDesk"
ORG_NAME = "SalesDesk"
ICON = "icons/salesdesk.svg"  # relative to resources_dir()


def resources_dir() -> Path:
    """The resources folder (icons, translations): beside the package in a checkout,
    inside the unpacked bundle (sys._MEIPASS) in the PyInstaller build."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"
