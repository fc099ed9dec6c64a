#!/usr/bin/env python3
"""Set up and run SalesDesk from a checkout: `python3 dev.py run` or `python3 dev.py test`.

Needs only Python 3.11+. Makes `.venv/` beside this file, installs the
project into it (again only when pyproject.toml changed), and on Debian or
Ubuntu as root installs the system packages the window, the tests and the
screenshots need (the libraries of Qt's xcb platform, the Chinese fonts, Xvfb,
PostgreSQL for the team hub tests);
elsewhere on Linux it names the libraries Qt cannot find. Windows and macOS
need no system packages: the PySide6 wheels carry everything Qt loads there.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".salesdesk-installed"
REPLACED_PACKAGES = ("sqlcipher3-binary",)  # by sqlcipher3-wheels (pyproject.toml)

# Debian packages of every library Qt 6 loads on X11 (the xcb platform plugin
# PySide6/Qt/plugins/platforms/libqxcb.so, libQt6XcbQpa, its GL integration, Qt Gui),
# found with ldd on a fresh Debian 12: Qt 6.5+ needs libxcb-cursor0 and the other
# xcb utility libraries, which a desktop does not always have. The same names on Ubuntu.
DEBIAN_XCB = [
    "libx11-6",
    "libx11-xcb1",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon-x11-0",
    "libxau6",  # these two come with libxcb1; listed so that the list is what ldd shows
    "libxdmcp6",
]
DEBIAN_RUNTIME = [
    "libegl1",
    "libgl1",
    "libxkbcommon0",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
    *DEBIAN_XCB,
    "fonts-noto-cjk",  # Noto Sans CJK SC: Chinese in Simplified glyph shapes
]
# The workbook test opens LibreOffice; the real-window test runs Xvfb and screenshots
# the screen with ImageMagick's `import` and quits it with Ctrl+Q typed by xdotool.
# The team hub tests start a throwaway PostgreSQL server (initdb, pg_ctl) of Debian's
# supported version; they run it as the unprivileged `postgres` user the package makes.
DEBIAN_TEST = [
    *DEBIAN_RUNTIME,
    "libreoffice-calc",
    "xvfb",
    "imagemagick",
    "xdotool",
    "postgresql",
    "gnome-keyring",  # a real Secret Service keychain for the passphrase test (issue 22),
    "dbus-daemon",  # on a session bus of the test's own (dbus-run-session)
]


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def ensure_debian_packages(packages: list[str]) -> None:
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return
    missing = []
    for package in packages:
        status = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            check=False,
            capture_output=True,
            text=True,
        )
        if "install ok installed" not in status.stdout:
            missing.append(package)
    if not missing:
        return
    command = "sudo apt-get install " + " ".join(missing)
    sudo: list[str] = []
    if os.geteuid() != 0:
        # A desktop user: sudo asks for the password at the terminal; without one, say what to run.
        if not shutil.which("sudo") or not shutil.which("apt-get") or not sys.stdin.isatty():
            say(f"please install these system packages first: {command}")
            return
        sudo = ["sudo", "--preserve-env=DEBIAN_FRONTEND"]
    elif not shutil.which("apt-get"):
        say(f"please install these system packages first: {command}")
        return
    say("installing system packages: " + " ".join(missing))
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        run([*sudo, "apt-get", "update", "-qq"], env=env)
        install = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
        run([*sudo, *install], env=env)
    except subprocess.CalledProcessError:
        if not sudo:
            raise
        say(f"could not install them; please run: {command}")


def missing_qt_libraries() -> list[str]:
    """The shared libraries Qt's X11 plugins cannot find here (ldd), e.g. libxcb-cursor.so.0."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return []
    found = list((VENV / "lib").glob("python3*/site-packages/PySide6/Qt"))
    if not found:
        return []
    qt = found[0]
    files = [qt / "plugins" / "platforms" / "libqxcb.so"]
    files += sorted((qt / "plugins" / "xcbglintegrations").glob("*.so"))
    files += [qt / "lib" / "libQt6XcbQpa.so.6"]
    missing: set[str] = set()
    for path in files:
        if not path.exists():
            continue
        result = subprocess.run(["ldd", str(path)], check=False, capture_output=True, text=True)
        for line in result.stdout.splitlines():
            if "not found" in line:
                missing.add(line.split()[0])
    return sorted(missing)


def check_qt_libraries() -> None:
    """Name the libraries the window cannot start without (a non-Debian Linux, not root)."""
    missing = missing_qt_libraries()
    if missing:
        say(
            "Qt's X11 platform plugin cannot find "
            + ", ".join(missing)
            + ": install them with your system's package manager, or the window will not open"
            + " (on Debian/Ubuntu: apt-get install "
            + " ".join(DEBIAN_XCB)
            + ")"
        )


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs on any python3
        sys.exit("SalesDesk needs Python 3.11 or newer.")
    if not PYTHON.exists():
        say(f"creating {VENV}")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError):
            shutil.rmtree(VENV, ignore_errors=True)
            version = f"python3.{sys.version_info.minor}-venv"
            if os.geteuid() == 0 and shutil.which("apt-get"):
                ensure_debian_packages(["python3-venv", version])
                venv.EnvBuilder(with_pip=True).create(VENV)
            else:
                sys.exit(f"Python's venv module is missing: install {version} and try again.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    say("installing SalesDesk and its dependencies into .venv")
    run([str(PYTHON), "-m", "pip", "install", "-q", "--upgrade", "pip"])
    # sqlcipher3-binary (before sqlcipher3-wheels) installs the same `sqlcipher3` folder:
    # left beside it, its later removal would take the folder away.
    for package in REPLACED_PACKAGES:
        shown = subprocess.run(
            [str(PYTHON), "-m", "pip", "show", "-q", package], capture_output=True, check=False
        )
        if shown.returncode == 0:
            run([str(PYTHON), "-m", "pip", "uninstall", "-q", "-y", package])
    target = f"{ROOT}[{extras}]" if extras else str(ROOT)
    run([str(PYTHON), "-m", "pip", "install", "-q", "-e", target])
    STAMP.write_text(wanted)


def cmd_run(args: list[str]) -> int:
    ensure_debian_packages(DEBIAN_RUNTIME)
    ensure_venv("")
    check_qt_libraries()
    return subprocess.call([str(BIN / "salesdesk"), *args])


def cmd_test(args: list[str]) -> int:
    ensure_debian_packages(DEBIAN_TEST)
    ensure_venv("dev")
    check_qt_libraries()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    say("ruff check")
    if subprocess.call([str(BIN / "ruff"), "check", "."], cwd=ROOT, env=env) != 0:
        return 1
    say("mypy (strict on the core)")
    core = ["salesdesk/domain", "salesdesk/models", "salesdesk/services", "salesdesk/sync"]
    if subprocess.call([str(BIN / "mypy"), *core, "salesdesk/io"], cwd=ROOT, env=env) != 0:
        return 1
    if os.environ.get("CI") != "true" and not any(arg.startswith("-m") for arg in args):
        # The frozen-app test rebuilds dist/salesdesk/ (a minute or two) after any source
        # change: CI runs it every time, a checkout with `python3 dev.py test -m frozen`.
        say("skipping the frozen-app test here (CI runs it): add -m frozen to run it")
        args = ["-m", "not frozen", *args]
    args = [*parallel_args(args), *args]
    say("pytest" + (f" on {args[1]} workers" if args[:1] == ["-n"] else ""))
    return subprocess.call([str(PYTHON), "-m", "pytest", *args], cwd=ROOT, env=env)


def parallel_args(args: list[str]) -> list[str]:
    """pytest-xdist's options for a run on every core (at most 4: each worker holds Qt, and
    the hub tests start a PostgreSQL server per worker), unless the caller chose: -n N,
    -p no:xdist, or an option that needs the tests in this process (--pdb, -s, --trace)."""
    words = [*args, *os.environ.get("PYTEST_ADDOPTS", "").split()]
    serial = {"-n", "--numprocesses", "--dist", "--pdb", "--trace", "-s", "--capture=no"}
    for before, word in zip(["", *words], words, strict=False):
        if word.split("=")[0] in serial or word in serial or re.fullmatch(r"-n\d+", word):
            return []
        if word == "-pno:xdist" or (before, word) == ("-p", "no:xdist"):
            return []
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # Windows and macOS
        cores = os.cpu_count() or 1
    workers = min(cores, 4)
    if workers < 2:
        return []
    # tests/conftest.py hands the tests out: the frozen build's together, the long ones first.
    return ["-n", str(workers)]


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
