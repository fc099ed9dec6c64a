"""A sync file of some cards only (issue 20's handover pack): those cards and their history.

It is an ordinary sync file (a snapshot with a manifest) from which every other card and
everything hanging on one is removed: rows, change records, conflicts. Change records
only ever name their own row as parent, so what is left is whole, and merging the file
into a fresh database gives exactly those cards with their full history.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import SYNCED_TABLES
from salesdesk.domain.messages import reason
from salesdesk.models.store import Store
from salesdesk.models.tables import SYNCED_MODELS
from salesdesk.sync.files import export_sync_file


def export_cards(store: Store, card_ids: list[str], target: Path) -> Path:
    """Write `target`: a sync file holding only these cards and what hangs on them."""
    target = Path(target)
    temp = target.with_name(f".{target.name}.cards")
    try:
        temp.unlink(missing_ok=True)
        export_sync_file(store, temp)
        con = sqlite3.connect(temp)
        try:
            with con:
                _keep_only(con, card_ids)
            con.execute("VACUUM")  # the removed rows leave no bytes behind
        finally:
            con.close()
        with temp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except (OSError, sqlite3.Error) as error:
        temp.unlink(missing_ok=True)
        raise DatabaseError(f"Cannot write {target}: {reason(error)}.") from None
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _keep_only(con: sqlite3.Connection, card_ids: list[str]) -> None:
    con.execute("CREATE TEMP TABLE keep_card (id TEXT PRIMARY KEY)")
    con.executemany("INSERT OR IGNORE INTO keep_card (id) VALUES (?)", [(i,) for i in card_ids])
    con.execute("DELETE FROM card WHERE id NOT IN (SELECT id FROM keep_card)")
    for table in SYNCED_MODELS:
        if table != "card":  # every other synced table hangs on a card
            con.execute(f'DELETE FROM "{table}" WHERE card_id NOT IN (SELECT id FROM keep_card)')
    for table in SYNCED_MODELS:
        for log in ("change", "conflict"):
            con.execute(
                f"DELETE FROM {log} WHERE table_name = ? "
                f'AND row_id NOT IN (SELECT id FROM "{table}")',
                (table,),
            )
    known = ", ".join(f"'{t}'" for t in SYNCED_MODELS)
    con.execute(f"DELETE FROM change WHERE table_name NOT IN ({known})")
    con.execute(f"DELETE FROM conflict WHERE table_name NOT IN ({known})")
    # What is local to the laptop that wrote it stays there.
    for local in ("peer", "setting"):
        con.execute(f'DELETE FROM "{local}"')
    row = con.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
    if row is not None:
        manifest = json.loads(row[0])
        manifest["rows"] = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in SYNCED_TABLES
        }
        manifest["cards_only"] = True
        con.execute(
            "UPDATE meta SET value = ? WHERE key = 'manifest'",
            (json.dumps(manifest, ensure_ascii=False),),
        )
