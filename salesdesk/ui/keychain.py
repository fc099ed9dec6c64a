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


# An encrypted file's remembered passphrase, looked up (and its key derived) on a thread
# while Qt starts: handed to the first get() of that file.
_AHEAD: dict[str, Any] = {}


def unlock_ahead(path: Path) -> None:
    """Before the window starts on an encrypted file: look its passphrase up in the keychain
    and derive the file's key (SQLCipher's PBKDF2, ~0.15 s of processor time, which hashlib
    does without the interpreter lock) on a thread (cipher.KeyAhead), beside Qt's import
    and start. The key is derived as the open would derive it, once: get() waits for it
    and the open finds it made (cipher.file_key). Nothing for a plain file."""
    from salesdesk.models import cipher

    if not path.exists() or not cipher.looks_encrypted(path):
        return
    _AHEAD[_account(path)] = cipher.KeyAhead(path, lambda: _lookup(path))


def get(path: Path) -> str | None:
    ahead = _AHEAD.pop(_account(path), None)
    if ahead is not None:
        found: str | None = ahead.result()
        return found
    return _lookup(path)


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
