"""The operating system's keychain for an encrypted database's passphrase, when the user asks
(issue 22): through `keyring` when it is installed and has a working backend (Windows
Credential Locker, macOS Keychain, Secret Service); otherwise nothing is remembered and the
"Remember" box is not shown. Never a file of ours."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

SERVICE = "SalesDesk"


def _keyring() -> Any:
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # not installed, or broken: no keychain
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def available() -> bool:
    return _keyring() is not None


def _account(path: Path) -> str:
    return os.path.realpath(path)


def unlock_ahead(path: Path) -> None:
    """Before the window starts on path: its remembered passphrase looked up in the keychain
    and the file's key derived (SQLCipher's PBKDF2, ~0.15 s of processor time, which
    hashlib does without the interpreter lock), then every card's row read, on a thread
    of the core's (services.startahead), beside Qt's import and start. get() waits for
    the key, the open finds it made (cipher.file_key), and the session takes the rows. A
    plain file's rows are read ahead the same way, with nothing looked up."""
    from salesdesk.services import startahead

    startahead.begin(path, lambda: _lookup(path))


def get(path: Path) -> str | None:
    """The remembered passphrase of path: the one looked up ahead (once its key is
    derived), else asked of the keychain now."""
    from salesdesk.services import startahead

    looked_up, found = startahead.passphrase(path)
    return found if looked_up else _lookup(path)


def _lookup(path: Path) -> str | None:
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        value = keyring.get_password(SERVICE, _account(path))
    except Exception:
        return None
    return str(value) if value else None


def put(path: Path, passphrase: str) -> bool:
    keyring = _keyring()
    if keyring is None:
        return False
    try:
        keyring.set_password(SERVICE, _account(path), passphrase)
    except Exception:
        return False
    return True


def forget(path: Path) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    with contextlib.suppress(Exception):
        keyring.delete_password(SERVICE, _account(path))
