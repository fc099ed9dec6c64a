"""Business settings kept in the database, so the window and the command line agree."""

from __future__ import annotations

import json
from typing import Any

from salesdesk.domain.grades import DEFAULT_CADENCE_DAYS
from salesdesk.domain.values import clean_text
from salesdesk.models.store import Store
from salesdesk.models.tables import Setting, database_proxy, on_store
from salesdesk.models.whoami import os_full_name

SALESPERSON = "salesperson"  # {"name": …, "team": …}: who this file's cards belong to


@on_store
def get(key: str, default: Any = None, *, store: Store | None = None) -> Any:
    # Plain SQL: Today reads a handful of settings after every write, and peewee's building
    # of the query took longer than SQLite's answer.
    row = database_proxy.execute_sql(
        f'SELECT value FROM "setting" WHERE key = {database_proxy.param}', (key,)
    ).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except ValueError:
        return default


@on_store
def put(key: str, value: Any, *, store: Store | None = None) -> None:
    Setting.insert(key=key, value=_dumps(value)).on_conflict_replace().execute()


def _dumps(value: Any) -> str:
    """json.dumps(value, ensure_ascii=False); a long list a slice at a time (the same text):
    the 20,000 likely duplicates an import remembers, encoded in one C call, held the
    interpreter lock 15-90 ms on a worker while the window waited (issue 16)."""
    if not isinstance(value, list) or len(value) <= _SLICE:
        return json.dumps(value, ensure_ascii=False)
    parts = [
        json.dumps(value[at : at + _SLICE], ensure_ascii=False)[1:-1]
        for at in range(0, len(value), _SLICE)
    ]
    return "[" + ", ".join(parts) + "]"


_SLICE = 2_000  # items of a list encoded at once


@on_store
def cadence(*, store: Store | None = None) -> dict[str, int | None]:
    """Ideal return-visit interval in days for each cadence key (A … F1, F2)."""
    stored = get("cadence", {}) or {}
    table = dict(DEFAULT_CADENCE_DAYS)
    for key, value in stored.items():
        if key in table:
            table[key] = None if value is None else int(value)
    return table


@on_store
def salesperson(*, store: Store | None = None) -> dict[str, str]:
    """The salesperson's own name and team; the name defaults to the system's full user name."""
    stored = get(SALESPERSON, {}) or {}
    name = str(stored.get("name") or "").strip() if isinstance(stored, dict) else ""
    team = str(stored.get("team") or "").strip() if isinstance(stored, dict) else ""
    return {"name": name or os_full_name(), "team": team}


def set_salesperson(store: Store, name: str, team: str = "") -> None:
    """Remember who the salesperson is; the file's sync name follows (not the host name)."""
    name = clean_text(name)
    team = clean_text(team)
    with store.write():
        put(SALESPERSON, {"name": name, "team": team})
        if name:
            store.set_meta("device_name", name)
            store.device_name = name
