"""The window's start, read ahead of Qt (DESIGN §7: a usable window within 1 s at 30,000
cards, issue 22: encrypted too).

Before the window imports Qt, a thread starts on the file it is about to open: for an
encrypted file it looks the remembered passphrase up (the keychain) and takes the file's
key kept beside it, or derives it (SQLCipher's PBKDF2, 0.2 s, which hashlib runs without
the interpreter lock) when none is kept or the kept one does not open the file, then for any
existing file it reads every card's row of the list on a read-only connection of its own.
Qt's import, the application and the window's modules are made meanwhile; the open finds
the key derived (cipher.file_key), and the session takes the rows
(Session.read_card_list_ahead) when nothing was written to the file since they were read.
Before, the rows were read only once the file was open, the window waited for them, and
an encrypted file's first rows waited for the key as well.

Nothing is written: the connection is read-only, and it is let go once the rows are
taken (or found stale).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

from salesdesk.models import cipher

# What a lookup gives: the remembered passphrase and the file's key the keychain kept
# beside it (None: none; ui/keychain.py), the key taken once it opens the file; None when
# nothing is remembered.
Lookup = Callable[[], tuple[str, str | None] | None]

# The files read ahead in this process, by their real path: one each, taken once.
_AHEAD: dict[str, StartAhead] = {}


def _account(path: Path) -> str:
    return os.path.realpath(path)


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class StartAhead:
    """On a thread started at once: an encrypted file's passphrase looked up (lookup()) and
    its key derived, then every card's row read (cardlist.ALL_ROWS) on a connection of its
    own, with the file's data_version from before the read. lookup is None for a plain
    file."""

    def __init__(self, path: Path, lookup: Lookup | None) -> None:
        self.path = path
        self.encrypted = lookup is not None
        self._keyed = threading.Event()
        self._passphrase: str | None = None
        self._handed_out = False
        self._con: Any = None
        self._rows: dict[str, Any] | None = None
        self._version: Any = None
        self._file: tuple[int, int] | None = None
        self._thread = threading.Thread(
            target=self._run,
            args=(lookup,),
            name="salesdesk-unlock" if self.encrypted else "salesdesk-start-rows",
            daemon=True,
        )
        self._thread.start()

    def _run(self, lookup: Lookup | None) -> None:
        key = None
        try:
            if lookup is not None:
                found = lookup()
                if found is None or not found[0]:
                    return
                passphrase, kept = found
                self._passphrase = passphrase
                # The key kept beside it, once it opens the file; else derived (0.2 s).
                if kept is not None:
                    cipher.take_kept_key(passphrase, kept, self.path)
                key = cipher.file_key(passphrase, self.path)  # the open finds it made
        except Exception:  # the open says what is wrong, if anything
            return
        finally:
            self._keyed.set()
        self._read(key)

    def _read(self, key: str | None) -> None:
        con = None
        try:
            found = _file_id(self.path)
            uri = self.path.resolve().as_uri() + "?mode=ro"
            con = cipher.connect(uri, key, uri=True, check_same_thread=False)
            # The sort in memory, as on the store's connections, but SQLite's own 2 MB of
            # pages: the table is read once from end to end (the store's 32 MB took the
            # peak of the read from +56-63 to +75 MB at 30,000 cards, for nothing).
            con.execute("PRAGMA temp_store = memory")
            # Before the read: a write committed during it or after changes it.
            version = con.execute("PRAGMA data_version").fetchone()[0]
            from salesdesk.services.cardlist import ALL_ROWS, rows_of

            rows = rows_of(con.execute(ALL_ROWS))
            con.execute("PRAGMA shrink_memory")  # the pages read: only the version is asked
            if found is None or _file_id(self.path) != found:
                raise OSError("another file took its name")
        except Exception:  # an old or damaged file, a wrong key: the session reads itself
            if con is not None:
                with suppress(Exception):
                    con.close()
            return
        self._con, self._rows, self._version, self._file = con, rows, version, found

    def passphrase(self) -> str | None:
        """The passphrase looked up, once its key is derived; handed out once (None after,
        and for a plain file)."""
        self._keyed.wait()
        if self._handed_out:
            return None
        self._handed_out = True
        return self._passphrase

    def rows_for(self, path: Path) -> dict[str, Any] | None:
        """The rows read, when they are those of the file now at path as it is now: the
        same file, and nothing written to it since (its data_version unchanged); else
        None. Waits for the read; lets its connection go either way."""
        self._thread.join()
        con, rows, self._con, self._rows = self._con, self._rows, None, None
        if con is None:
            return None
        try:
            if _account(path) != _account(self.path) or _file_id(path) != self._file:
                return None
            if con.execute("PRAGMA data_version").fetchone()[0] != self._version:
                return None
            return rows
        except Exception:
            return None
        finally:
            with suppress(Exception):
                con.close()


def begin(path: Path, lookup: Lookup | None = None) -> None:
    """Start reading ahead for the window about to open path: nothing for a missing file,
    nor for an encrypted one without a lookup for its passphrase."""
    try:
        exists = path.is_file()
    except OSError:
        return
    if not exists:
        return
    encrypted = cipher.looks_encrypted(path)
    if encrypted and lookup is None:
        return
    previous = _AHEAD.pop(_account(path), None)
    if previous is not None:
        previous.rows_for(previous.path)  # let its connection go
    _AHEAD[_account(path)] = StartAhead(path, lookup if encrypted else None)


def passphrase(path: Path) -> tuple[bool, str | None]:
    """(True, the passphrase looked up ahead for path, once its key is derived), or
    (False, None) when none was looked up for it or it was handed out already."""
    ahead = _AHEAD.get(_account(path))
    if ahead is None or not ahead.encrypted or ahead._handed_out:
        return False, None
    return True, ahead.passphrase()


def take(path: Path) -> StartAhead | None:
    """The read ahead for path, handed over once (Session.read_card_list_ahead)."""
    return _AHEAD.pop(_account(path), None)


def forget() -> None:
    """Let every read ahead go (a test's end)."""
    while _AHEAD:
        _, ahead = _AHEAD.popitem()
        ahead.rows_for(ahead.path)
