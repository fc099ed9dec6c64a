#!/usr/bin/env python3
"""Build the installable folder dist/salesdesk/ with PyInstaller: `python3 packaging/build.py`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "salesdesk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
VENV_BIN = ROOT / ".venv" / ("Scripts" if os.name == "nt" else "bin")
VENV_PYTHON = VENV_BIN / ("python.exe" if os.name == "nt" else "python")


def say(message: str) -> None:
    print(f"build.py: {message}", flush=True)


def ensure_venv() -> Path:
    """The project's .venv with SalesDesk and the `build` extra (PyInstaller) installed."""
    if not VENV_PYTHON.exists():
        # dev.py makes the venv and installs the project the same way on every system.
        sys.path.insert(0, str(ROOT))
        import dev

        dev.ensure_debian_packages(dev.DEBIAN_RUNTIME)
        dev.ensure_venv("")
    has_pyinstaller = subprocess.run(
        [str(VENV_PYTHON), "-c", "import PyInstaller"], check=False, capture_output=True
    )
    if has_pyinstaller.returncode != 0:
        # The versions come from pyproject.toml's `build` extra, their one place.
        with open(ROOT / "pyproject.toml", "rb") as handle:
            wanted = tomllib.load(handle)["project"]["optional-dependencies"]["build"]
        say("installing " + " ".join(wanted) + " into .venv")
        subprocess.run([str(VENV_PYTHON), "-m", "pip", "install", "-q", *wanted], check=True)
    return VENV_PYTHON


def folder_size_mb(folder: Path) -> float:
    # PyInstaller links Qt's libraries into _internal/: count each file once.
    files = [f for f in folder.rglob("*") if f.is_file() and not f.is_symlink()]
    return sum(f.stat().st_size for f in files) / 1e6


def build(python: Path) -> Path:
    """Run PyInstaller on the spec; the folder it made."""
    target = DIST / "salesdesk"
    if target.exists():
        shutil.rmtree(target)  # a stale file from an earlier build must not ship
    started = time.perf_counter()
    subprocess.run(
        [
            str(python),
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
            str(SPEC),
        ],
        cwd=ROOT,
        check=True,
    )
    say(f"{target} built in {time.perf_counter() - started:.0f} s, {folder_size_mb(target):.0f} MB")
    return target


def main() -> int:
    build(ensure_venv())
    return 0


if __name__ == "__main__":
    sys.exit(main())
