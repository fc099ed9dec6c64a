"""Merging another replica's file: a union of rows and change records, then re-derivation.

Rows and change records are matched by id and unioned. Each field group of a
row then takes the value of its newest change; two changes of one group that
did not see each other are a conflict (the newest wins for now, both are
kept). A delete that did not see an edit of the same row keeps the row and
is flagged. Every result is a function of the union alone, so merging is
idempotent, commutative and associative: A into B and B into A give the
same data, and merging a file twice changes nothing.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import FIELD_GROUPS
from salesdesk.models import clock
from salesdesk.models.backup import backup_database
from salesdesk.models.store import Store
from salesdesk.models.tables import SYNCED_MODELS
from salesdesk.services.derive import refresh_cards
from salesdesk.services.duplicates import likely_duplicates
from salesdesk.sync.files import prepare_incoming

DATA_TABLES = tuple(SYNCED_MODELS)  # card, contact, visit, deal, service_case, grade_change
_CONFLICT_NS = uuid.UUID("6f1d2a7e-3c1b-4d7e-9a55-5a1e5d35c0de")


@dataclass
class MergeReport:
    source: str = ""
    device_name: str = ""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0
    new_changes: int = 0
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    dry_run: bool = False

    def counts(self) -> dict[str, int]:
        return {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deleted": self.deleted,
            "conflicts": self.conflicts,
        }

    def add(self, other: MergeReport) -> None:
        for key in ("new", "updated", "unchanged", "deleted", "conflicts", "new_changes"):
            setattr(self, key, getattr(self, key) + getattr(other, key))
        self.duplicates.extend(other.duplicates)


class _DryRun(Exception):
    pass


def conflict_id(a: str, b: str) -> str:
    """The same pair of changes makes the same conflict id on every replica."""
    return str(uuid.uuid5(_CONFLICT_NS, "|".join(sorted((a, b)))))


def merge_file(store: Store, source: Path, *, dry_run: bool = False) -> MergeReport:
    """Merge a sync file (or any SalesDesk database) into the open store."""
    if store.read_only:
        raise DatabaseError("This database is open read-only: it cannot take a merge.")
    with tempfile.TemporaryDirectory(prefix="salesdesk-merge-") as scratch:
        incoming = prepare_incoming(Path(source), Path(scratch))
        if not dry_run:
            backup_database(store.db, store.path, reason="before-merge")
        db = store.db
        db.execute_sql("ATTACH DATABASE ? AS inc", (str(incoming.path),))
        try:
            report = MergeReport(
                source=str(source), device_name=incoming.device_name, dry_run=dry_run
            )
            try:
                if dry_run:
                    with db.atomic():
                        _merge(store, report)
                        raise _DryRun
                else:
                    with store.write("Merge"):
                        _merge(store, report)
                        _remember_peer(store, incoming.replica_id, incoming.device_name, source)
            except _DryRun:
                pass
            if not dry_run:
                missing = db.execute_sql(
                    "SELECT count(*) FROM inc.change WHERE id NOT IN (SELECT id FROM main.change)"
                ).fetchone()[0]
                if missing:
                    raise DatabaseError("The merge could not be verified; nothing was lost.")
        finally:
            db.execute_sql("DETACH DATABASE inc")
    return report


def _columns(table: str) -> list[str]:
    # Local columns come along too (they are NOT NULL); the merge derives them again.
    return [f.column_name for f in SYNCED_MODELS[table]._meta.sorted_fields]


def _merge(store: Store, report: MergeReport) -> None:
    db = store.db
    # Rows of the other side that we lack: inserted as they are.
    new_rows: dict[str, set[str]] = {}
    for table in DATA_TABLES:
        # One look-up of each incoming id in our primary key (0.8 s for a million
        # contacts); the new ids are kept aside so the insert need not look again.
        db.execute_sql("DROP TABLE IF EXISTS temp.merge_new")
        db.execute_sql(
            f'CREATE TEMP TABLE merge_new AS SELECT i.id FROM inc."{table}" i '
            f'WHERE NOT EXISTS (SELECT 1 FROM main."{table}" m WHERE m.id = i.id)'
        )
        ids = {r[0] for r in db.execute_sql("SELECT id FROM temp.merge_new").fetchall()}
        new_rows[table] = ids
        total = db.execute_sql(f'SELECT count(*) FROM inc."{table}"').fetchone()[0]
        shared = total - len(ids)
        if ids:
            cols = ", ".join(f'"{c}"' for c in _columns(table))
            db.execute_sql(
                f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM inc."{table}" '
                "WHERE id IN (SELECT id FROM temp.merge_new)"
            )
        report.per_table[table] = {"new": len(ids), "shared": shared, "updated": 0, "deleted": 0}
    db.execute_sql("DROP TABLE IF EXISTS temp.merge_new")

    # Change records: the union.
    fresh = db.execute_sql(
        "SELECT id, table_name, row_id, stamp FROM inc.change "
        "WHERE id NOT IN (SELECT id FROM main.change)"
    ).fetchall()
    db.execute_sql(
        "INSERT INTO main.change SELECT * FROM inc.change "
        "WHERE id NOT IN (SELECT id FROM main.change)"
    )
    conflicts_before = db.execute_sql("SELECT count(*) FROM main.conflict").fetchone()[0]
    db.execute_sql("INSERT OR IGNORE INTO main.conflict SELECT * FROM inc.conflict")
    report.new_changes = len(fresh)

    # The clock moves past what it saw, unless the file's clock runs far ahead.
    newest = max((r[3] for r in fresh), default=None)
    created = [
        db.execute_sql(f'SELECT max(created) FROM inc."{t}"').fetchone()[0] for t in DATA_TABLES
    ]
    for stamp in [newest, *created]:
        if stamp:
            store.clock.observe(stamp)

    touched: dict[str, set[str]] = defaultdict(set)
    for _, table, row_id, _ in fresh:
        if table in FIELD_GROUPS:
            touched[table].add(row_id)
    updated_cards: set[str] = set()
    for table, rows in touched.items():
        for row_id in rows:
            changed, deleted_now = _rederive(store, table, row_id)
            if row_id in new_rows[table]:
                continue
            if changed:
                report.per_table[table]["updated"] += 1
            if deleted_now:
                report.per_table[table]["deleted"] += 1
            if changed and table == "card":
                updated_cards.add(row_id)

    conflicts_after = db.execute_sql("SELECT count(*) FROM main.conflict").fetchone()[0]
    report.conflicts = conflicts_after - conflicts_before
    for stats in report.per_table.values():
        report.new += stats["new"]
        report.updated += stats["updated"] - stats["deleted"]
        report.deleted += stats["deleted"]
        report.unchanged += stats["shared"] - stats["updated"]

    # Derived columns of every card the merge touched.
    cards: set[str] = set(new_rows["card"]) | updated_cards
    for table in DATA_TABLES:
        if table == "card":
            continue
        row_ids = sorted(new_rows[table] | touched.get(table, set()))
        for start in range(0, len(row_ids), 500):
            chunk = row_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cards.update(
                r[0]
                for r in db.execute_sql(
                    f'SELECT card_id FROM main."{table}" WHERE id IN ({marks})', chunk
                ).fetchall()
            )
    refresh_cards(cards)
    # Named while the new cards are there: a dry run rolls them back before the preview shows.
    report.duplicates = [_named(store, pair) for pair in likely_duplicates(only=new_rows["card"])]


def _named(store: Store, pair: dict[str, str]) -> dict[str, str]:
    named = dict(pair)
    for side in ("a", "b"):
        row = store.db.execute_sql(
            "SELECT name, company FROM card WHERE id = ?", (pair[side],)
        ).fetchone()
        named[f"{side}_name"] = " · ".join(p for p in (row or ()) if p)
    return named


def _rederive(store: Store, table: str, row_id: str) -> tuple[bool, bool]:
    """Set each field group of a row to its newest change; record conflicts. (changed, deleted)."""
    db = store.db
    model = SYNCED_MODELS[table]
    changes = db.execute_sql(
        "SELECT id, field_group, stamp, new, parents, device FROM change "
        "WHERE table_name = ? AND row_id = ?",
        (table, row_id),
    ).fetchall()
    if not changes:
        return False, False
    by_group: dict[str, list[tuple[str, str, str, list[str]]]] = defaultdict(list)
    parents_of: dict[str, list[str]] = {}
    for change_id, group, stamp, new, parents, _device in changes:
        parent_list = json.loads(parents)
        by_group[group].append((change_id, stamp, new, parent_list))
        parents_of[change_id] = parent_list
    values: dict[str, Any] = {}
    for group, items in by_group.items():
        if group not in FIELD_GROUPS[table]:
            continue
        winner = max(items, key=lambda c: c[1])
        values.update(json.loads(winner[2]))
        seen = {p for c in items for p in c[3]}
        heads = [c for c in items if c[0] not in seen]
        for loser in heads:
            if loser[0] != winner[0] and not _both_planned_by_cadence(table, group, winner, loser):
                _record_conflict(store, table, row_id, group, winner[:2], loser[:2])
        if group == "deleted" and json.loads(winner[2]).get("deleted"):
            raced = _edits_unseen_by(winner[0], parents_of, changes)
            delete_row = next(c for c in changes if c[0] == winner[0])
            # A replica's own history is linear: its earlier edits were seen by its delete.
            raced = [c for c in raced if not (c[5] == delete_row[5] and c[2] < delete_row[2])]
            if raced:
                values["deleted"] = 0  # keep the card; the user decides
                newest = max(raced, key=lambda c: c[2])
                _record_conflict(
                    store, table, row_id, "deleted", winner[:2], (newest[0], newest[2])
                )
    columns = list(values)
    current = db.execute_sql(
        f'SELECT {", ".join(columns)}, deleted FROM "{table}" WHERE id = ?', (row_id,)
    ).fetchone()
    if current is None:
        return False, False
    before = dict(zip(columns, current[:-1], strict=True))
    was_deleted = current[-1]
    if before == values:
        return False, False
    model.update(**values).where(model.id == row_id).execute()
    return True, bool(values.get("deleted", was_deleted)) and not was_deleted


def _both_planned_by_cadence(
    table: str, group: str, winner: tuple[Any, ...], loser: tuple[Any, ...]
) -> bool:
    """Two laptops replanning a visit from the cadence, or both planning their week (no day
    the user fixed), is no conflict to show: newest wins."""
    if (table, group) == ("visit", "plan"):
        return not json.loads(winner[2]).get("plan_fixed") and not json.loads(loser[2]).get(
            "plan_fixed"
        )
    if (table, group) != ("visit", "due"):
        return False
    return not json.loads(winner[2]).get("hand_set") and not json.loads(loser[2]).get("hand_set")


def _edits_unseen_by(
    delete_id: str, parents_of: dict[str, list[str]], changes: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    ancestors: set[str] = set()
    stack = [delete_id]
    while stack:
        for parent in parents_of.get(stack.pop(), []):
            if parent not in ancestors:
                ancestors.add(parent)
                stack.append(parent)
    return [c for c in changes if c[1] != "deleted" and c[0] not in ancestors]


def _record_conflict(  # noqa: PLR0917
    store: Store,
    table: str,
    row_id: str,
    group: str,
    winner: tuple[str, str],
    loser: tuple[str, str],
) -> None:
    """Keep both sides of a conflict: (change id, stamp) of the winner and of the loser."""
    store.db.execute_sql(
        "INSERT OR IGNORE INTO conflict "
        "(id, created, table_name, row_id, field_group, winner_id, loser_id, resolved_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            conflict_id(winner[0], loser[0]),
            max(winner[1], loser[1]),
            table,
            row_id,
            group,
            winner[0],
            loser[0],
        ),
    )


def _remember_peer(store: Store, replica_id: str, device_name: str, source: Path) -> None:
    if not replica_id or replica_id == store.replica_id:
        return
    last = store.db.execute_sql("SELECT max(stamp) FROM inc.change").fetchone()[0] or ""
    store.db.execute_sql(
        "INSERT OR REPLACE INTO peer (replica_id, device_name, last_stamp, last_merged_at, path) "
        "VALUES (?, ?, ?, ?, ?)",
        (replica_id, device_name, last, clock.now().isoformat(), str(source)),
    )
