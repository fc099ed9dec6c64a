"""Encrypted database files: SQLCipher 4 through peewee's playhouse.sqlcipher_ext (issue 22).

A plain SalesDesk file starts with SQLite's header; an encrypted one starts with
SQLCipher's random salt, and without the passphrase it reads as noise. Turning
encryption on, off or to another passphrase writes a new file beside the old
one with `sqlcipher_export()`, checks it (integrity, the same rows in every
table), and only then renames it over the old one: a crash at any point leaves
one whole file under the real name. The cryptography is SQLCipher's, never ours.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path
from typing import Any

from salesdesk.domain.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"
MIN_PASSPHRASE = 8
# Suffix of the new file written beside the database while it is converted.
CONVERTING = ".converting"


def bind_as_they_are(module: Any) -> None:
    """Give the DB-API module (sqlite3, sqlcipher3) an adapter for None, bytes and bool that
    gives each value as it is (a C function, no Python frame): the values are stored as
    before (NULL, a blob, 0 or 1), found in one lookup of the adapters' table.

    Each value that is not an int, float, str or bytearray is looked up there, and when it
    is not found its type is asked for __adapt__ and __conform__: sqlcipher3's binding
    (pysqlite3's older code) raises and clears an AttributeError for each, about a
    microsecond a value. An import binds millions of NULLs: 200,000 rows of 34 values
    bound in 2.2-3.0 s in sqlcipher3 and 1.1-1.7 s in Python's sqlite3; 0.5-0.9 and
    0.7-0.9 s with these adapters (issue 22)."""
    module.register_adapter(type(None), _GIVES_NONE)
    module.register_adapter(bytes, bytes)  # bytes(b) is b
    module.register_adapter(bool, int)  # what sqlite3 binds a bool as: 0 or 1


_GIVES_NONE: Callable[[Any], Any] = {}.get  # {}.get(None) is None


bind_as_they_are(sqlite3)


class PassphraseNeeded(DatabaseError):
    """The file is encrypted and no passphrase was given."""


class WrongPassphrase(DatabaseError):
    """The passphrase does not open the file (or it is not a SalesDesk database)."""


def available() -> bool:
    try:
        import sqlcipher3  # noqa: F401
    except ImportError:
        return False
    return True


def cipher_module() -> Any:
    """sqlcipher3's DB-API module, with BOOK_CIPHER made the process's SQLCipher defaults
    the first time: every key set or file attached after it is under them."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise DatabaseError(
            "Encrypted databases need the sqlcipher3-wheels package, which is not installed."
        ) from None
    if not _BOOK_DEFAULTS:
        with _KEYING:
            if not _BOOK_DEFAULTS:
                bind_as_they_are(dbapi2)
                probe = dbapi2.connect(":memory:")
                try:
                    for pragma, value in BOOK_CIPHER:
                        probe.execute(f"PRAGMA {_default(pragma)} = {value}")
                finally:
                    probe.close()
                _BOOK_DEFAULTS.append(True)
    return dbapi2


_BOOK_DEFAULTS: list[bool] = []  # [True] once BOOK_CIPHER is the process's defaults


def errors() -> tuple[type[BaseException], ...]:
    """The database errors of both drivers (sqlcipher3's are not sqlite3's subclasses)."""
    found: list[type[BaseException]] = [sqlite3.Error]
    try:
        from sqlcipher3 import dbapi2

        found.append(dbapi2.Error)
    except ImportError:
        pass
    return tuple(found)


def looks_encrypted(path: Path) -> bool:
    """Not SQLite's header, yet whole pages: what SQLCipher writes (its salt comes first).

    Without the passphrase an encrypted file cannot be told from random bytes; a
    text file or a cut-short copy is rarely a multiple of 512 bytes, so it is
    still called "not a SalesDesk database" rather than asked a passphrase for.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size < 1024 or info.st_size % 512:
            return False  # not opened: a pipe named like our file would wait for a writer
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return False
    return header != SQLITE_HEADER


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise DatabaseError(f"A passphrase needs at least {MIN_PASSPHRASE} characters.")
    if "\x00" in passphrase:
        raise DatabaseError("A passphrase cannot hold a NUL character.")
    if _looks_raw(passphrase):
        # SQLCipher takes x'<hex>' as the key itself: no derivation, and with its salt
        # given, the one salt for every file written with it (team files, backups).
        raise DatabaseError(
            "A passphrase cannot start with x' and end with ': that form is taken as a key,"
            " not a passphrase. Choose another."
        )


def quiet(con: Any) -> None:
    """SQLCipher writes "hmac check failed" to stderr on a wrong key: the user gets one
    message of ours instead."""
    con.execute("PRAGMA cipher_log_level = NONE")


def connect(
    path: Path | str,
    passphrase: str | None,
    *,
    uri: bool = False,
    timeout: float = 10,
    check_same_thread: bool = True,
) -> Any:
    """A DB-API connection: sqlite3 for a plain file, sqlcipher3 keyed for an encrypted one."""
    if passphrase is None:
        return sqlite3.connect(path, uri=uri, timeout=timeout, check_same_thread=check_same_thread)
    dbapi2 = cipher_module()
    # An existing file's raw key: derived once per file (and its byte-for-byte backups,
    # which share its salt) in this process.
    key = passphrase if uri else file_key(passphrase, path)

    def keyed(settings: Settings) -> Any:
        con = dbapi2.connect(
            str(path), uri=uri, timeout=timeout, check_same_thread=check_same_thread
        )
        try:
            quiet(con)
            set_key(con, key)
            apply_settings(con, settings)
        except BaseException:
            con.close()
            raise
        return con

    con = keyed(())
    if not _has_pages(path, uri=uri) or _opens(con):
        return con
    # Not under BOOK_CIPHER: a book or backup written before it (LEGACY_CIPHER), or a wrong
    # key, which the caller finds out on a fresh connection (SQLCipher answers every read
    # of one whose key failed with "out of memory").
    con.close()
    legacy = keyed(LEGACY_CIPHER)
    if _opens(legacy):
        return legacy
    legacy.close()
    return keyed(())


def _opens(con: Any) -> bool:
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except (*errors(), MemoryError):
        return False
    return True


def _has_pages(path: Path | str, *, uri: bool = False) -> bool:
    try:
        return Path(uri_path(path) if uri else path).stat().st_size > 0
    except OSError:
        return False


def uri_path(uri: Path | str) -> str:
    """The file a file: URI names (a read-only open names its file so)."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    return url2pathname(urlsplit(str(uri)).path)


# SQLCipher gives a file the process-wide default settings when its key is set (PRAGMA key,
# ATTACH ... KEY), and an ATTACH reads the file at once: a file under other settings (a team
# file) can only be attached with the defaults changed for that moment. Every key is set
# under this lock, so no other thread keys a file while they are.
_KEYING = threading.RLock()


def set_key(con: Any, passphrase: str) -> None:
    with _KEYING:
        con.execute("PRAGMA key = '{}'".format(passphrase.replace("'", "''")))


# SQLCipher 4's key derivation, under which every file of ours is keyed (TEAM_CIPHER changes
# the pages and their HMAC, not the derivation): PBKDF2-HMAC-SHA512 of the passphrase's UTF-8
# bytes with the file's salt (its first 16 bytes), 256,000 rounds, a 32-byte AES key.
SALT_SIZE = 16
KDF_ROUNDS = 256_000
KEY_SIZE = 32


@lru_cache(maxsize=16)
def _derived(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, KEY_SIZE)


def raw_key(passphrase: str, salt: bytes) -> str:
    """The key SQLCipher derives from passphrase for a file with this salt, as the raw key
    it takes instead of a passphrase ("x'<key><salt>'", SQLCipher's API: PRAGMA key, ATTACH
    ... KEY): a connection keyed with it skips the derivation (~0.15 s of processor time),
    and a new file keyed with it gets this salt, so it opens with the passphrase as well.
    Derived once per passphrase and salt in this process (kept in memory beside the
    passphrase, which the caller holds anyway)."""
    if _looks_raw(passphrase):
        return passphrase  # SQLCipher takes such a passphrase as a raw key itself
    key = _KEPT.get((passphrase, salt)) or _derived(passphrase, salt)
    return "x'" + (key + salt).hex() + "'"


# Keys the keychain kept beside their passphrase (ui/keychain.py), each taken once it
# opened its file: (passphrase, salt) -> key. A remembered start derives nothing.
_KEPT: dict[tuple[str, bytes], bytes] = {}
_RAW = re.compile(rf"x'([0-9a-fA-F]{{{2 * KEY_SIZE}}})([0-9a-fA-F]{{{2 * SALT_SIZE}}})'")


def take_kept_key(passphrase: str, kept: str, path: Path | str) -> bool:
    """Take kept, the key (keep_key's "x'<key><salt>'") the keychain holds beside passphrase, as
    passphrase's key for the file at path: its opens then skip the derivation (PBKDF2, 0.2 s
    of a 2-core laptop's start, all of an encrypted start's extra time against a plain
    one). Taken only when it opens that file (SQLCipher checks the first page's HMAC):
    False, nothing taken, for a key that does not (the file encrypted again since, with a
    new salt; a stale or altered entry), and the passphrase is derived as before.

    kept is keep_key()'s: the key masked with a hash of the passphrase beside it, so the
    open that checks it also checks that it is that passphrase's. A key that opens the file
    beside another passphrase (the entry's text edited, cut short, trimmed) is not taken:
    else the book would run under a passphrase the user does not know, and its
    differential backups be written under it."""
    found = _RAW.fullmatch(kept)
    if found is None or _looks_raw(passphrase):
        return False
    raw, salt = _masked(passphrase, found)
    key = bytes.fromhex(raw[2:-1])[:KEY_SIZE]
    try:
        with open(path, "rb") as handle:
            if handle.read(SALT_SIZE) != salt:
                return False
        con = connect(Path(path).resolve().as_uri() + "?mode=ro", raw, uri=True)
    except (OSError, *errors()):
        return False
    try:
        verify_key(con, path)
    except WrongPassphrase:
        return False
    finally:
        con.close()
    _KEPT[(passphrase, salt)] = key
    return True


def keep_key(passphrase: str, raw: str) -> str | None:
    """What the keychain keeps beside passphrase for raw, the file's key file_key() gave
    ("x'<key><salt>'"): the key masked with a hash of the passphrase and salt (SHA-256, no
    derivation), which take_kept_key() unmasks with the passphrase it is given. None when
    raw is no derived key (a raw passphrase, a file whose salt could not be read).

    The mask binds the two against an entry changed by accident, not against whoever can
    read the entry: it holds the passphrase already."""
    found = _RAW.fullmatch(raw)
    if found is None or _looks_raw(passphrase):
        return None
    return _masked(passphrase, found)[0]


def _masked(passphrase: str, found: re.Match[str]) -> tuple[str, bytes]:
    """found's raw key with its key XOR a hash of passphrase and its salt (either way), and
    the salt."""
    salt = bytes.fromhex(found[2])
    mask = hashlib.sha256(b"salesdesk-kept-key\x00" + salt + passphrase.encode("utf-8"))
    key = bytes(a ^ b for a, b in zip(bytes.fromhex(found[1]), mask.digest(), strict=True))
    return "x'" + (key + salt).hex() + "'", salt


def _looks_raw(passphrase: str) -> bool:
    return passphrase[:2].lower() == "x'" and passphrase.endswith("'")


def file_key(passphrase: str, path: Path | str) -> str:
    """The raw key of passphrase for the encrypted file at path (its salt read from its
    first bytes): trying that file under several settings, or opening and attaching it
    again, costs no further derivation. A passphrase that is not the file's gives a key
    that is not either, and is refused as the passphrase would be. The passphrase itself
    when the salt cannot be read (the open that follows says why)."""
    try:
        with open(path, "rb") as handle:
            salt = handle.read(SALT_SIZE)
    except OSError:
        return passphrase
    if len(salt) < SALT_SIZE:
        return passphrase
    return raw_key(passphrase, salt)


def new_key(passphrase: str) -> str:
    """The raw key of passphrase with a new random salt, for a file about to be written:
    the same one derivation SQLCipher would make, and reading the file back in this
    process (its check) makes none. The one derived ahead for it (derive_ahead), if any:
    each salt is used for one file only."""
    with _AHEAD_LOCK:
        ahead = _AHEAD.pop(passphrase, None)
    if ahead is not None:
        ahead.done.wait()
        if ahead.key is not None:
            return ahead.key
    return raw_key(passphrase, os.urandom(SALT_SIZE))


class _KeyAhead:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.key: str | None = None


# Keys derived ahead under a new salt, each for the next new file of its passphrase.
_AHEAD: dict[str, _KeyAhead] = {}
_AHEAD_LOCK = threading.Lock()


def derive_ahead(passphrase: str) -> None:
    """Derive, on a thread, passphrase's key under a new random salt for the next file
    written with it (new_key takes it): a team sync file's export, asked for while the
    user picks its folder or while the sync folder merges the others' files, then starts
    writing at once instead of after the derivation (PBKDF2, 0.1 s of a 2-core laptop's
    3 s budget for the whole book). One key ahead, of the last passphrase asked for.
    Nothing is weaker: the salt is new and used once, the key is kept in memory beside the
    passphrase the caller holds anyway."""
    with _AHEAD_LOCK:
        if passphrase in _AHEAD:
            return
        # One passphrase's at a time (a laptop's team has one): a team passphrase changed
        # or forgotten leaves no key of the old one behind.
        _AHEAD.clear()
        ahead = _AHEAD[passphrase] = _KeyAhead()

    def derive() -> None:
        try:
            ahead.key = raw_key(passphrase, os.urandom(SALT_SIZE))
        finally:
            ahead.done.set()

    threading.Thread(target=derive, name="salesdesk-key-ahead", daemon=True).start()


def forget_keys() -> None:
    """Forget the keys derived in this process (a benchmark reads as another laptop would)."""
    _derived.cache_clear()
    _KEPT.clear()


# SQLCipher settings of a file, as (pragma, value) pairs set after its key and before its
# first read; () is the process's defaults, which cipher_module() makes BOOK_CIPHER.
Settings = tuple[tuple[str, str], ...]

# Encrypted books and their backups: SQLCipher's 4 KB pages with HMAC-SHA256 instead of its
# HMAC-SHA512. SQLCipher checks each page read from the file against its HMAC; SHA-256 runs
# on the processor's SHA instructions where SHA-512 has none. Measured (processor time,
# 100,000 rows of 43 columns, 8 MB of cache): four table scans 1.01 -> 0.77 s, building four
# indexes 1.17 -> 0.99 s, inserting the rows 0.94 -> 0.91 s (plain: 0.19, 0.38, 0.63 s).
# Larger pages read a whole table faster still (16 KB: 0.42, 0.60, 0.70 s; the import of
# 200,000 rows 1.5-2 s less), but a book is mostly read a few rows at a time through its
# indexes: with 16 KB pages the same cache held a quarter of the pages, and the workbook of
# a year's contacts took 48.1 s against 40.1 s (same minutes, budget 45 s). The key
# derivation is SQLCipher 4's default (PBKDF2-HMAC-SHA512, 256,000 rounds), as before.
BOOK_CIPHER: Settings = (("cipher_page_size", "4096"), ("cipher_hmac_algorithm", "HMAC_SHA256"))

# SQLCipher 4's own defaults (4 KB pages, HMAC-SHA512): books and backups written before
# BOOK_CIPHER (a book is rewritten under BOOK_CIPHER when it is opened: Store.open, through
# team_file_as_database; a backup is read as it is), and small team files, whose tables
# take a page or two each.
LEGACY_CIPHER: Settings = (
    ("cipher_page_size", "4096"),
    ("cipher_hmac_algorithm", "HMAC_SHA512"),
)

# Team sync files (issue 22): 64 KB pages and HMAC-SHA256. Each page is checked against its
# HMAC and decrypted by itself, so larger pages mean fewer of those calls and less b-tree
# work, and SHA-256 runs on the processor's SHA instructions where SHA-512 has none. Measured
# at 100,000 cards (507 MB of tables, processor time, machine loaded): writing the file from
# an encrypted book 9.7 s to 6.2 s, the quick_check a merge makes of it 5.7 s to 2.6 s
# (65536/SHA512: 7.2 s and 4.1 s; 4096/SHA256: 9.1 s and 4.2 s). The key derivation is
# SQLCipher's default (PBKDF2-HMAC-SHA512, 256,000 rounds): it costs 0.2 s once per open
# and is what stands between a lost stick and a guessed passphrase.
TEAM_CIPHER: Settings = (("cipher_page_size", "65536"), ("cipher_hmac_algorithm", "HMAC_SHA256"))


# Below this size a team file keeps 4 KB pages (LEGACY_CIPHER): a table takes at least a page,
# and a small book's file would grow from some kilobytes to a megabyte and more.
TEAM_CIPHER_FROM = 32 * 1024 * 1024


def team_cipher_for(size: int) -> Settings:
    """The settings to write a team file of about size bytes with."""
    return TEAM_CIPHER if size >= TEAM_CIPHER_FROM else LEGACY_CIPHER


def team_settings(path: Path | str | None = None) -> list[Settings]:
    """What a reader of a team file tries, in order: the settings of a large team file
    (TEAM_CIPHER), those of a small one and of files written before (LEGACY_CIPHER), then
    the process's defaults (a whole database sent as is: BOOK_CIPHER). Settings whose pages
    the file's size is not a whole number of are not tried (a key check saved). A wrong
    passphrase fails them all, and says so once."""
    tried: list[Settings] = []
    for settings in (TEAM_CIPHER, LEGACY_CIPHER, ()):
        if settings not in tried:
            tried.append(settings)
    if path is None:
        return tried
    try:
        size = Path(path).stat().st_size
    except OSError:
        return tried
    fitting = [s for s in tried if size % page_size(s) == 0]
    return fitting or [()]


def page_size(settings: Settings) -> int:
    """The page size of a file written under settings (() : BOOK_CIPHER's)."""
    return int((dict(settings) or dict(BOOK_CIPHER)).get("cipher_page_size", "4096"))


def apply_settings(con: Any, settings: Settings, schema: str = "main") -> None:
    """Settings for a connection's main file, after its key and before its first read."""
    for pragma, value in settings:
        con.execute(f"PRAGMA {schema}.{pragma} = {value}")


def attach(
    con: Any, path: Path | str, schema: str, key: str | None, settings: Settings = ()
) -> None:
    """ATTACH path AS schema to a sqlcipher3 connection, under key (None or "": a plain file)
    and settings (for a file under a key). Under the defaults (()), a file written before
    BOOK_CIPHER that the key opens under LEGACY_CIPHER is attached under those."""
    with _KEYING:
        if not key or settings:
            _attach(con, path, schema, key, settings)
            return
        try:
            _attach(con, path, schema, key, ())
            con.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()
            return
        except (*errors(), MemoryError) as error:
            if not _has_pages(path):
                raise
            with suppress(*errors()):
                con.execute(f"DETACH DATABASE {schema}")
            first = error
        try:
            _attach(con, path, schema, key, LEGACY_CIPHER)
            con.execute(f"SELECT count(*) FROM {schema}.sqlite_master").fetchone()
        except (*errors(), MemoryError):
            with suppress(*errors()):
                con.execute(f"DETACH DATABASE {schema}")
            raise first from None


def _attach(con: Any, path: Path | str, schema: str, key: str | None, settings: Settings) -> None:
    if not key or not settings:
        con.execute(f"ATTACH DATABASE ? AS {schema} KEY ?", (str(path), key or ""))
        return
    defaults = {
        pragma: con.execute(f"PRAGMA {_default(pragma)}").fetchone()[0] for pragma, _ in settings
    }
    try:
        for pragma, value in settings:
            con.execute(f"PRAGMA {_default(pragma)} = {value}")
        con.execute(f"ATTACH DATABASE ? AS {schema} KEY ?", (str(path), key))
    finally:
        for pragma, value in defaults.items():
            con.execute(f"PRAGMA {_default(pragma)} = {value}")


def _default(pragma: str) -> str:
    """cipher_page_size -> cipher_default_page_size."""
    return "cipher_default_" + pragma.removeprefix("cipher_")


def open_team(
    path: Path | str, key: str, *, isolation_level: str | None = ""
) -> tuple[Any, Settings]:
    """A sqlcipher3 connection to a team file whose key has been checked, and the first of
    team_settings() that opens it; WrongPassphrase when none does."""
    dbapi2 = cipher_module()
    raw = file_key(key, path)  # one key derivation for every settings tried
    for settings in team_settings(path):
        con = dbapi2.connect(str(path), timeout=10, isolation_level=isolation_level)
        try:
            quiet(con)
            set_key(con, raw)
            apply_settings(con, settings)
            verify_key(con, path)
        except WrongPassphrase:
            con.close()
            continue
        except BaseException:
            con.close()
            raise
        return con, settings
    raise WrongPassphrase(
        f"The passphrase does not open {path} (or it is not a SalesDesk database); "
        "nothing was changed."
    )


def opens_as_team_file(path: Path | str, key: str) -> bool:
    """Whether key opens the file under the team settings (TEAM_CIPHER) alone: a team
    sync file, which a database's connection (BOOK_CIPHER) cannot read."""
    return opens_under(path, key, TEAM_CIPHER)


def opens_under(path: Path | str, key: str, settings: Settings) -> bool:
    """Whether key opens the file under settings (non-empty)."""
    if not settings:
        return False
    try:
        con, found = open_team(path, key)
    except (WrongPassphrase, *errors()):
        return False
    con.close()
    return found == settings


def connect_team(path: Path | str, key: str, *, isolation_level: str | None = "") -> Any:
    """open_team()'s connection alone."""
    return open_team(path, key, isolation_level=isolation_level)[0]


def verify_key(con: Any, path: Path | str) -> None:
    """Raise WrongPassphrase when the key does not open the file."""
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except errors():
        raise WrongPassphrase(
            f"The passphrase does not open {path} (or it is not a SalesDesk database); "
            "nothing was changed."
        ) from None


def create_private(path: Path) -> None:
    """An empty file only its owner can read, for SQLite to fill (0600 on POSIX)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _table_counts(con: Any, schema: str = "main") -> dict[str, int]:
    names = [
        r[0]
        for r in con.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
    ]
    return {n: con.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0] for n in names}


def _identity(con: Any) -> list[int]:
    return [
        int(con.execute(f"PRAGMA {p}").fetchone()[0]) for p in ("application_id", "user_version")
    ]


def export_into(con: Any, target: Path, passphrase: str | None) -> None:
    """Write the whole database of a sqlcipher3 connection into a new file at target,
    encrypted with passphrase (None: plain), with SalesDesk's id and schema version
    (sqlcipher_export copies neither). target must not exist."""
    create_private(target)
    attach(con, target, "sd_target", new_key(passphrase) if passphrase else passphrase)
    try:
        # A new file under a temporary name, flushed by the caller once written: no
        # journal or syncs of its own, and room in memory for the indexes it builds
        # (4.3 s to 3.0 s at 20,000 cards under load).
        con.execute("PRAGMA sd_target.journal_mode = OFF")
        con.execute("PRAGMA sd_target.synchronous = OFF")
        con.execute("PRAGMA sd_target.cache_size = -65536")
        con.execute("SELECT sqlcipher_export('sd_target')")
        for pragma in ("application_id", "user_version"):
            value = int(con.execute(f"PRAGMA main.{pragma}").fetchone()[0])
            con.execute(f"PRAGMA sd_target.{pragma} = {value}")
    finally:
        con.execute("DETACH DATABASE sd_target")


TARGET = "sd_target"


@contextmanager
def tables_into(
    con: Any,
    target: Path,
    key: str | None,
    settings: Settings = (),
    counts: dict[str, int] | None = None,
) -> Iterator[str]:
    """Copy the tables of a sqlcipher3 connection's main database (their rows and their
    keys' indexes, not the secondary indexes) into a new file at target, encrypted with key
    (None: plain; settings: its SQLCipher settings, TEAM_CIPHER for a team file), with
    SalesDesk's id and schema version. Yields the name the new file is
    attached under, inside the one read transaction of the copy, for the caller to add to
    it (a manifest) and read main as it was copied; commits after. target must not exist.
    counts, when given, receives each table's rows as the copy counted them: a caller
    needs no count(*) of its own, which on the live book reads an index of each table
    again (~45 MB decrypted at 100,000 cards).

    For a sync file: its reader merges by id and rowid and never uses the secondary
    indexes (a delta file has none either), and at 100,000 cards they are a third of the
    file. Each table is one `INSERT INTO ... SELECT *` between identical tables, which SQLite
    copies record by record without decoding them (its transfer optimisation); the work
    left is SQLCipher's, decrypting the pages read and encrypting the pages written.
    """
    create_private(target)
    attach(con, target, TARGET, new_key(key) if key else key, settings)
    try:
        # A new file under a temporary name, flushed by the caller once written: no
        # journal or syncs of its own. Each table is appended to (its rows in rowid order,
        # its key's index in key order): the pages written stay few, and 8 MB of cache
        # does what 64 MB did (100,000 cards: the export's peak +96 -> +40 MB, the same
        # processor time).
        con.execute(f"PRAGMA {TARGET}.journal_mode = OFF")
        con.execute(f"PRAGMA {TARGET}.synchronous = OFF")
        con.execute(f"PRAGMA {TARGET}.cache_size = -8192")
        con.execute("BEGIN")
        try:
            tables = con.execute(
                "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND sql IS NOT NULL "
                "AND name != 'backup_touched' ORDER BY rowid"  # a live file's own (issue 23)
            ).fetchall()
            for _name, sql in tables:
                # sqlite_master keeps "CREATE TABLE " normalised at the start of each.
                con.execute(f"CREATE TABLE {TARGET}.{sql[len('CREATE TABLE ') :]}")
            for name, _ in tables:
                copied = con.execute(
                    f'INSERT INTO {TARGET}."{name}" SELECT * FROM main."{name}"'
                ).rowcount
                if counts is not None:
                    counts[name] = copied
            for pragma in ("application_id", "user_version"):
                value = int(con.execute(f"PRAGMA main.{pragma}").fetchone()[0])
                con.execute(f"PRAGMA {TARGET}.{pragma} = {value}")
            yield TARGET
            con.execute("COMMIT")
        except BaseException:
            with suppress(*errors()):
                con.execute("ROLLBACK")
            raise
    finally:
        con.execute(f"DETACH DATABASE {TARGET}")


def copy_tables(
    source: Path,
    source_key: str | None,
    target: Path,
    target_key: str | None,
    target_settings: Settings = (),
) -> None:
    """tables_into() from a closed file: a sync file under another key (None: plain). No
    check of the copy is made here: its reader checks it whole before merging it. target
    must not exist; on any failure it is removed."""
    dbapi2 = cipher_module()
    con = dbapi2.connect(str(source), timeout=10, isolation_level=None)
    try:
        quiet(con)
        if source_key is not None:
            set_key(con, source_key)
        verify_key(con, source)
        try:
            with tables_into(con, target, target_key, target_settings):
                pass
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        con.close()


# Meta kept only inside an encrypted file: the team passphrase of sync files (sync/team.py),
# which a plain file would hand to whoever finds the laptop.
TEAM_PASSPHRASE_META = "sync_team_passphrase"
ENCRYPTED_ONLY_META = (TEAM_PASSPHRASE_META,)


def copy_file(
    source: Path, source_key: str | None, target: Path, target_key: str | None
) -> dict[str, int]:
    """A checked copy of a database file with another key (None: plain, and then without
    the meta only an encrypted file keeps). Returns the row counts. target must not exist;
    on any failure it is removed."""
    dbapi2 = cipher_module()
    con = dbapi2.connect(str(source), timeout=10)
    try:
        quiet(con)
        if source_key is not None:
            set_key(con, source_key)
        verify_key(con, source)
        counts = _table_counts(con)
        ident = _identity(con)
        try:
            export_into(con, target, target_key)
            if target_key is None and "meta" in counts:
                for table, more in _drop_encrypted_only_meta(target).items():
                    counts[table] = counts.get(table, 0) + more
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        con.close()
    try:
        check_copy(target, target_key, counts, ident)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return counts


def _drop_encrypted_only_meta(target: Path) -> dict[str, int]:
    """Remove ENCRYPTED_ONLY_META from a plain copy being written (not renamed in place yet),
    its bytes overwritten (secure_delete), no journal holding them. Returns how many rows
    each table gained or lost by it (the meta rows, and the note the differential backups'
    trigger makes of them), for the copy's check."""
    con = cipher_module().connect(str(target), timeout=10, isolation_level=None)
    try:
        quiet(con)
        marks = ",".join("?" * len(ENCRYPTED_ONLY_META))
        where = f"FROM meta WHERE key IN ({marks})"
        if not con.execute(f"SELECT count(*) {where}", ENCRYPTED_ONLY_META).fetchone()[0]:
            return {}
        con.execute("PRAGMA journal_mode = OFF")
        con.execute("PRAGMA secure_delete = ON")
        before = _table_counts(con)
        con.execute(f"DELETE {where}", ENCRYPTED_ONLY_META)
        after = _table_counts(con)
        return {t: after.get(t, 0) - n for t, n in before.items() if after.get(t, 0) != n}
    finally:
        con.close()


def team_file_as_database(path: Path, key: str) -> bool:
    """A team sync file opened as a database (a lost laptop's book brought back from its
    file), or a book written before BOOK_CIPHER (LEGACY_CIPHER): rewritten in place under
    BOOK_CIPHER, which every connection to a database and its backups assume, then checked
    like any conversion (convert_database) before it is renamed over the file. False, with
    nothing changed, when the key does not open the file under those settings either. The
    caller holds the writer lock."""
    try:
        con, settings = open_team(path, key)
    except (WrongPassphrase, *errors()):
        return False
    try:
        if not settings:
            return False
        counts = _table_counts(con)
        ident = _identity(con)
        with staged(path) as temp:
            try:
                export_into(con, temp, key)
            finally:
                con.close()
            check_copy(temp, key, counts, ident)
            os.replace(temp, path)
            sync_folder(path.parent)
    finally:
        con.close()
    return True


def decrypted_scratch(source: Path, key: str, target: Path) -> None:
    """A plain working copy of an encrypted file, for a caller that checks it itself (the
    merge's quick_check of its incoming copy): no integrity check or flush of ours on top,
    which at 100,000 cards read the whole file twice more. Its tables only (tables_into):
    the merge needs no secondary index. Every page of the source is checked against its
    HMAC first (cipher_integrity_check, no b-tree work): the copy does not read, nor
    notice, a damaged index page. The source is a team file (connect_team). target must
    not exist."""
    con = connect_team(source, key, isolation_level=None)
    try:
        faults = con.execute("PRAGMA cipher_integrity_check").fetchall()
        if faults:
            raise DatabaseError(str(faults[0][0]))
        try:
            with tables_into(con, target, None):
                pass
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    finally:
        con.close()


def check_copy(target: Path, key: str | None, counts: dict[str, int], ident: list[int]) -> None:
    """The copy opens with its key, is whole, and holds every row of the original."""
    dbapi2 = cipher_module()
    con = dbapi2.connect(str(target), timeout=10)
    try:
        quiet(con)
        if key is not None:
            set_key(con, file_key(key, target))  # written with new_key: no derivation
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        found = _table_counts(con)
        got = _identity(con)
    except errors() as error:
        raise DatabaseError(
            f"The new copy could not be read back ({error}); nothing was changed."
        ) from None
    finally:
        con.close()
    if ok != "ok" or found != counts or got != ident:
        raise DatabaseError("The new copy did not match the database; nothing was changed.")
    with target.open("rb+") as handle:
        os.fsync(handle.fileno())


def sync_folder(folder: Path) -> None:
    """Make a rename in folder durable (POSIX; Windows has no directory handles)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def staged(path: Path) -> Iterator[Path]:
    """A free name beside path for a new version of it, removed unless renamed."""
    temp = path.with_name(path.name + CONVERTING)
    temp.unlink(missing_ok=True)
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


Progress = Callable[[int, int], None]


def convert_database(
    path: Path,
    old: str | None,
    new: str | None,
    *,
    progress: Progress | None = None,
) -> list[Path]:
    """Encrypt (old None), decrypt (new None) or change the passphrase of a closed database.

    The new file is written beside, checked and renamed over the old one while this
    process holds the writer lock. Backups follow the database: ones under the old
    passphrase are rewritten under the new one. Encrypting keeps the plain original
    as a backup named "before-encrypt"; the plain backups are returned so the caller
    can remove them once the user confirms (remove_plain_backups). It also keeps the
    encrypted file as a backup named "encrypted": once the plain ones are removed, the book
    is not left without a backup until the next day's.
    """
    from salesdesk.domain.errors import DatabaseLocked
    from salesdesk.models import backup as backups_module
    from salesdesk.models.lock import DatabaseLock

    if old is None and new is None:
        raise DatabaseError("Give a passphrase to encrypt with.")
    if new is not None:
        check_passphrase(new)
    if not path.exists():
        raise DatabaseError(f"{path} does not exist.")
    encrypted = looks_encrypted(path)
    if old is None and encrypted:
        raise DatabaseError(f"{path} is encrypted already.")
    if old is not None and not encrypted:
        raise DatabaseError(f"{path} is not encrypted.")
    lock = DatabaseLock(path)
    try:
        locked = lock.acquire()
    except OSError as error:
        raise DatabaseError(f"Cannot write beside {path}: {error.strerror}.") from None
    if not locked:
        raise DatabaseLocked(f"{path} is open in {lock.describe_holder()}; close it there first.")
    try:
        listed = backups_module.backups(path)
        steps = 1 + len(listed)
        with staged(path) as temp:
            copy_file(path, old, temp, new)
            if progress:
                progress(1, steps)
            if old is None:
                backups_module.keep_original(path, reason="before-encrypt")
            os.replace(temp, path)
            sync_folder(path.parent)
        if old is None:
            backups_module.keep_original(path, reason="encrypted")
        for done, item in enumerate(listed, start=2):
            if old is not None and looks_encrypted(item.path):
                _rewrite_backup(item.path, old, new)
            if progress:
                progress(done, steps)
    finally:
        lock.release()
    return plain_backups(path) if new is not None else []


def _rewrite_backup(backup: Path, old: str, new: str | None) -> None:
    """A backup under the old passphrase, rewritten under the new one (or plain); one that
    the old passphrase does not open (an older passphrase) is left as it is."""
    try:
        with staged(backup) as temp:
            copy_file(backup, old, temp, new)
            os.replace(temp, backup)
    except (WrongPassphrase, *errors()):
        pass


def plain_backups(db_path: Path) -> list[Path]:
    """The backups of this database that are not encrypted."""
    from salesdesk.models import backup as backups_module

    return [b.path for b in backups_module.backups(db_path) if not looks_encrypted(b.path)]


def remove_plain_backups(db_path: Path) -> list[Path]:
    """Remove the plain backups of an encrypted database (on the user's confirmation)."""
    removed = []
    for item in plain_backups(db_path):
        try:
            item.unlink()
        except OSError:
            continue
        removed.append(item)
    return removed


def passphrase_of(db: Any) -> str | None:
    """The passphrase a peewee database was opened with (None: a plain file)."""
    params = getattr(db, "connect_params", {}) or {}
    key = params.get("passphrase")
    return str(key) if key else None
