"""The team passphrase of encrypted sync files (issue 22): shared by the laptops that sync
together, different from the database's own. It is kept in the database's local meta table
(never synced, never in a dump), and only in an encrypted database: a plain file would
hand it to whoever finds the laptop."""

from __future__ import annotations

from salesdesk.domain.errors import DatabaseError
from salesdesk.models import cipher
from salesdesk.models.store import Store

TEAM_KEY = cipher.TEAM_PASSPHRASE_META


def team_passphrase(store: Store) -> str | None:
    """The team passphrase this database keeps, if any (only an encrypted one keeps it)."""
    if not store.encrypted:
        return None
    return store.meta(TEAM_KEY) or None


def set_team_passphrase(store: Store, passphrase: str | None) -> None:
    """Keep (or, with None, forget) the team passphrase; from then on the sync folder writes
    encrypted files and merges with it, and `sync merge` looks it up."""
    if passphrase is not None:
        cipher.check_passphrase(passphrase)
        if not store.encrypted:
            raise DatabaseError(
                "Encrypt this database first (Preferences > Privacy, or salesdesk db encrypt):"
                " the team passphrase is kept inside it."
            )
    with store.write():
        if passphrase is None:
            store.db.execute_sql("DELETE FROM meta WHERE key = ?", (TEAM_KEY,))
        else:
            store.set_meta(TEAM_KEY, passphrase)
