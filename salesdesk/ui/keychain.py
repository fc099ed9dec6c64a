"""The operating system's keychain for an encrypted database's passphrase, when the user asks
(issue 22): through `keyring` when it is installed and has a working backend (Windows
Credential Locker, macOS Keychain, Secret Service); otherwise nothing is remembered and the
"Remember" box is not shown. Never a file of ours.

Beside the passphrase, in the same entry, the file's key derived from it (SQLCipher's raw
key, "x'<key><salt>'", the key masked with a hash of the passphrase: cipher.keep_key, so
it is not taken beside another passphrase): a remembered start takes it once it opens the file
(cipher.take_kept_key) instead of deriving it again, which took an encrypted start at
30,000 cards from 0.97 to 0.75 s (a plain one: 0.74). The keychain held what gives the key
already (the passphrase); the key gives nothing more. An entry of a passphrase alone (kept
before) is read as before and completed at its next start (refresh)."""

from __future__ import annotations

import contextlib
import os
import re
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


# An entry with the key: this mark, the raw key, a space, the passphrase.
_WITH_KEY = "salesdesk-key/1 "
_KEY = re.compile(r"x'[0-9a-fA-F]{96}'")

# What the keychain answered for each file in this process: refresh() writes only when the
# entry is not already what it would write.
_READ: dict[str, str] = {}


def _pack(passphrase: str, key: str) -> str:
    from salesdesk.models import cipher

    kept = cipher.keep_key(passphrase, key)  # bound to the passphrase beside it
    return f"{_WITH_KEY}{kept} {passphrase}" if kept else passphrase


def _unpack(value: str) -> tuple[str, str | None]:
    """(passphrase, its key or None) of an entry; an entry of a passphrase alone (kept
    before, or for a file that did not exist yet) is the passphrase."""
    if value.startswith(_WITH_KEY):
        key, space, passphrase = value[len(_WITH_KEY) :].partition(" ")
        if space and passphrase and _KEY.fullmatch(key):
            return passphrase, key
    return value, None


def unlock_ahead(path: Path) -> None:
    """Before the window starts on path: its remembered passphrase looked up in the keychain
    and the file's key derived (SQLCipher's PBKDF2, ~0.15 s of processor time, which
    hashlib does without the interpreter lock), then every card's row read, on a thread
    of the core's (services.startahead), beside Qt's import and start. get() waits for
    the key, the open finds it made (cipher.file_key), and the session takes the rows. A
    plain file's rows are read ahead the same way, with nothing looked up."""
    from salesdesk.services import startahead

    startahead.begin(path, lambda: _lookup_with_key(path))


def get(path: Path) -> str | None:
    """The remembered passphrase of path: the one looked up ahead (once its key is
    derived), else asked of the keychain now."""
    from salesdesk.services import startahead

    looked_up, found = startahead.passphrase(path)
    return found if looked_up else _lookup(path)


def _lookup_with_key(path: Path) -> tuple[str, str | None] | None:
    keyring = _keyring()
    if keyring is None:
        return None
    try:
        value = keyring.get_password(SERVICE, _account(path))
    except Exception:
        return None
    if not value:
        return None
    _READ[_account(path)] = str(value)
    return _unpack(str(value))


def _lookup(path: Path) -> str | None:
    found = _lookup_with_key(path)
    return None if found is None else found[0]


def put(path: Path, passphrase: str) -> bool:
    """Keep passphrase for path, with the key it gives the file there now (derived once in
    this process: the open that proved the passphrase made it)."""
    keyring = _keyring()
    if keyring is None:
        return False
    from salesdesk.models import cipher

    value = _pack(passphrase, cipher.file_key(passphrase, path))
    try:
        keyring.set_password(SERVICE, _account(path), value)
    except Exception:
        return False
    _READ[_account(path)] = value
    return True


def refresh(path: Path, passphrase: str) -> None:
    """After a start opened path with its remembered passphrase: the entry made whole
    again when its key is missing (kept before) or no longer the file's (encrypted again
    elsewhere with the same passphrase), so the next start derives nothing."""
    from salesdesk.models import cipher

    if _READ.get(_account(path)) != _pack(passphrase, cipher.file_key(passphrase, path)):
        put(path, passphrase)


def remembered(path: Path) -> bool:
    """Whether the keychain holds an entry for path now (asked of it, not of this process)."""
    return _lookup_with_key(path) is not None


def forget(path: Path) -> None:
    keyring = _keyring()
    if keyring is None:
        return
    _READ.pop(_account(path), None)
    with contextlib.suppress(Exception):
        keyring.delete_password(SERVICE, _account(path))
