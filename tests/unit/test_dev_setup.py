"""dev.py installs every X11 library Qt's xcb platform plugin loads (libxcb-cursor0 and friends)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
import dev  # noqa: E402

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("dpkg-query"),
    reason="the Debian package list is checked on Debian or Ubuntu",
)


def _qt() -> Path:
    import PySide6

    return Path(PySide6.__file__).parent / "Qt"


def test_every_x11_library_of_the_xcb_plugin_is_in_dev_pys_list() -> None:
    qt = _qt()
    plugins = [qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"]
    needed: dict[str, str] = {}
    for plugin in plugins:
        out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
        for line in out.stdout.splitlines():
            parts = line.split()
            if parts and parts[0].startswith(("libxcb", "libX", "libxkb")):
                needed[parts[0]] = parts[2] if len(parts) > 2 and parts[1] == "=>" else ""
    assert "libxcb-cursor.so.0" in needed  # the one Qt 6.5+ added
    missing = [name for name, path in needed.items() if path in ("", "not")]
    assert missing == [], f"not installed: {missing} (python3 dev.py test installs them)"
    packages = {}
    for name, path in needed.items():
        owner = subprocess.run(
            ["dpkg-query", "-S", str(Path(path).resolve())],
            check=False,
            capture_output=True,
            text=True,
        )
        packages[name] = owner.stdout.split(":")[0]
    outside = {
        name: package for name, package in packages.items() if package not in dev.DEBIAN_RUNTIME
    }
    assert outside == {}, "add these packages to dev.DEBIAN_XCB"


def test_dev_py_finds_nothing_missing_after_it_installed() -> None:
    assert dev.missing_qt_libraries() == []
