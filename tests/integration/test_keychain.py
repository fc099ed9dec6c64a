"""The passphrase remembered in a real keychain (issue 22): Secret Service, served by
gnome-keyring on a D-Bus session bus the test starts itself (dbus-run-session), reached
through `keyring` as the window reaches it. Kept by one process, read by the next (the
next start), forgotten on request, and never in a file of ours in plain text.

dev.py installs gnome-keyring on Debian and keyring with the dev extras; elsewhere the
test is skipped with the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from salesdesk.models import cipher

PASS = "tiger lily 9 秘密"

CHILD = """
import sys
from pathlib import Path
from salesdesk.ui import keychain

action, db = sys.argv[1], Path(sys.argv[2])
if not keychain.available():
    sys.exit("no keychain")
if action == "put":
    print(keychain.put(db, sys.argv[3]))
elif action == "get":
    print(keychain.get(db))
elif action == "forget":
    keychain.forget(db)
import keyring
print(type(keyring.get_keyring()).__module__)
"""


def _needs() -> None:
    try:
        import keyring  # noqa: F401
        import secretstorage  # noqa: F401
    except ImportError:
        pytest.skip("keyring (with secretstorage) is not installed: pip install keyring")
    for tool in ("dbus-run-session", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is missing (Debian: apt-get install dbus-daemon gnome-keyring)")
    if os.name != "posix":
        pytest.skip("Secret Service is a Linux keychain")


def test_the_passphrase_is_kept_in_a_real_secret_service_and_read_at_the_next_start(
    tmp_path: Path,
) -> None:
    _needs()
    db = tmp_path / "cards.db"
    child = tmp_path / "child.py"
    child.write_text(CHILD, encoding="utf-8")
    python = sys.executable
    # One session bus for the whole story: a keyring daemon unlocked with a login password
    # of the test's own, then three starts of SalesDesk's keychain code.
    done = _on_a_session_bus(
        tmp_path,
        f"""
"{python}" "{child}" put "{db}" "$SD_PASS"
"{python}" "{child}" get "{db}"
"{python}" "{child}" forget "{db}"
"{python}" "{child}" get "{db}"
""",
    )
    lines = done.stdout.splitlines()
    backend = "keyring.backends.SecretService"
    assert lines == ["True", backend, PASS, backend, backend, "None", backend], done.stdout
    # gnome-keyring wrote its own encrypted file; nothing holds the passphrase in plain text.
    for path in [*_keyring_files(tmp_path), *tmp_path.glob("*")]:
        if path.is_file():
            assert PASS.encode() not in path.read_bytes(), path


STARTS = """
import hashlib, sys, threading
from pathlib import Path
from salesdesk.models import cipher
from salesdesk.services.session import Session
from salesdesk.ui import keychain

action, db = sys.argv[1], Path(sys.argv[2])
runs = []
real = hashlib.pbkdf2_hmac
hashlib.pbkdf2_hmac = lambda *a, **k: runs.append(1) or real(*a, **k)
if action == "first":  # the passphrase typed, "Remember" ticked
    session = Session.open(db, passphrase=sys.argv[3])
    session.create_card({"name": "王芳"}, grade="C")
    print(keychain.put(db, sys.argv[3]))
else:  # the next start: looked up ahead as run_window does, then the open
    keychain.unlock_ahead(db)
    session = Session.open(db, passphrase=keychain.get(db))
    session.read_card_list_ahead()
    print(sorted(row[1] for row in session.card_list.rows.values()))
session.close()
print(f"derived {len(runs)}")
"""


@pytest.mark.skipif(not cipher.available(), reason="sqlcipher3-wheels missing")
def test_a_remembered_start_in_a_real_keychain_takes_the_kept_key_and_derives_nothing(
    tmp_path: Path,
) -> None:
    _needs()
    db = tmp_path / "cards.db"
    child = tmp_path / "starts.py"
    child.write_text(STARTS, encoding="utf-8")
    python = sys.executable
    done = _on_a_session_bus(
        tmp_path,
        f"""
"{python}" "{child}" first "{db}" "$SD_PASS"
"{python}" "{child}" next "{db}"
"{python}" "{child}" next "{db}"
""",
    )
    assert done.stdout.splitlines() == [
        "True",
        "derived 1",  # put() derives the key it keeps (SQLCipher made the new file's)
        "['王芳']",
        "derived 0",
        "['王芳']",
        "derived 0",
    ], done.stdout
    assert cipher.looks_encrypted(db)
    for path in _keyring_files(tmp_path):
        assert PASS.encode() not in path.read_bytes(), path
        assert b"salesdesk-key" not in path.read_bytes(), path


def _keyring_files(tmp_path: Path) -> list[Path]:
    """The files under the test's HOME, among them gnome-keyring's own (checked there)."""
    written = [p for p in (tmp_path / "home").rglob("*") if p.is_file()]
    assert any(p.parent.name == "keyrings" for p in written), written
    return written


def _on_a_session_bus(tmp_path: Path, commands: str) -> subprocess.CompletedProcess[str]:
    """Run commands (sh) on a D-Bus session bus of their own, with a gnome-keyring daemon
    unlocked by a login password of the test's, HOME in tmp_path/home."""
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True, exist_ok=True)
    root = Path(__file__).resolve().parents[2]
    script = f"""
set -e
printf '%s' 'login password of the test' |
    gnome-keyring-daemon --unlock --components=secrets >/dev/null
{commands}
"""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DBUS_", "GNOME_KEYRING", "XDG_RUNTIME"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        PYTHONPATH=os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH", "")])),
        SD_PASS=PASS,
        PYTHONIOENCODING="utf-8",
    )
    done = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", script],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done
