"""Version vectors: per replica id, the newest of its stamps a file holds (issue 23).

A replica's stamps only grow, and a merge takes everything its file has (a
delta only once its base is held), so a file holds a prefix of each replica's
writes: the vector says exactly what it holds, and what a peer lacks is every
row and change record stamped past the peer's entry for the stamp's replica.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError
from peewee import SqliteDatabase

from salesdesk.models.clock import STAMP_PATTERN, replica_of
from salesdesk.models.store import Store

Vector = dict[str, str]


def own_vector(store: Store) -> Vector:
    """What this file holds: the holds table, and this replica up to its clock."""
    return with_clock(read_holds(store.db, "main"), store.replica_id, store.clock.last)


def with_clock(vector: Vector, replica_id: str, clock: str | None) -> Vector:
    out = dict(vector)
    if replica_id and clock and replica_of(clock) == replica_id:
        out[replica_id] = max(out.get(replica_id, ""), clock)
    return dict(sorted(out.items()))


def read_holds(db: SqliteDatabase, schema: str) -> Vector:
    try:
        rows = db.execute_sql(f"SELECT replica_id, stamp FROM {schema}.holds").fetchall()
    except (sqlite3.Error, PeeweeDatabaseError):  # a file without the table: nothing known
        return {}
    return {str(r): str(s) for r, s in rows if isinstance(r, str) and isinstance(s, str)}


def joined(*vectors: Vector) -> Vector:
    """Elementwise newest: what a file holds after merging another."""
    out: Vector = {}
    for vector in vectors:
        for replica, stamp in vector.items():
            if stamp > out.get(replica, ""):
                out[replica] = stamp
    return dict(sorted(out.items()))


def common(vectors: list[Vector]) -> Vector:
    """Elementwise oldest: what every one of several readers holds."""
    if not vectors:
        return {}
    replicas = set(vectors[0]).intersection(*vectors[1:])
    return {r: min(v[r] for v in vectors) for r in sorted(replicas)}


def base_for(mine: Vector, reader: Vector) -> Vector:
    """The base of a delta for a reader: what it holds of what this file holds."""
    return {r: min(s, reader[r]) for r, s in mine.items() if reader.get(r)}


def missing(have: Vector, base: Vector) -> list[str]:
    """The replicas of which a delta's base holds more than this file."""
    return [r for r, s in sorted(base.items()) if have.get(r, "") < s]


def parse(value: Any) -> Vector | None:
    """A vector read from a file, or None when it is not one (damaged or altered)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
            return None
    if not isinstance(value, dict):
        return None
    out: Vector = {}
    for replica, stamp in value.items():
        if not isinstance(stamp, str) or not isinstance(replica, str):
            return None
        match = STAMP_PATTERN.match(stamp)
        if match is None or match[3] != replica:
            return None
        out[replica] = stamp
    return dict(sorted(out.items()))


def newest_wall(vector: Vector) -> int:
    return max((int(s[:13]) for s in vector.values()), default=0)


def to_text(vector: Vector) -> str:
    return json.dumps(dict(sorted(vector.items())), separators=(",", ":"))
