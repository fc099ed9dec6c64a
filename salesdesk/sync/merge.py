"""Merging another replica's file: a union of rows and change records, then re-derivation.

Rows and change records are matched by id and unioned. Each field group of a
row then takes the value of its winning change: causality before clocks, so a
change that has seen another (a descendant through its parents) always beats
it, and stamps only order changes that did not see each other. Two such
changes with different values are a conflict (the newest stamp wins for now,
both are kept). A card's delete that did not see some activity on the card
(an edit, a contact, a case, a deal, a visit) keeps the card and lists it.

Every result, the conflict table included, is a function of the union alone,
so merging is idempotent, commutative and associative: A into B and B into A
give the same data, and merging a file twice changes nothing. The incoming
file is read by column name and checked row by row first (sync.validate).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from peewee import DatabaseError as PeeweeDatabaseError

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import FIELD_GROUPS
from salesdesk.domain.messages import localize
from salesdesk.models import cipher, clock
from salesdesk.models.backup import backup_database, forget_backed_up, merge_scratch
from salesdesk.models.clock import MAX_AHEAD_MS, replica_of
from salesdesk.models.store import CHILD_TABLES, Store, card_events
from salesdesk.models.tables import SYNCED_MODELS, Change, on_store
from salesdesk.services.derive import refresh_cards
from salesdesk.services.duplicates import likely_duplicates
from salesdesk.services.payments import deals_of_payments, refresh_plans
from salesdesk.sync import vectors
from salesdesk.sync.files import Incoming, prepare_incoming, record_mark
from salesdesk.sync.validate import (
    TOLERANCE_MS,
    columns_of,
    drop_new_id_tables,
    make_new_id_tables,
    validate,
)
from salesdesk.sync.validate import new_rows as lacking

DATA_TABLES = tuple(SYNCED_MODELS)  # card, contact, visit, deal, service_case, grade_change
_CONFLICT_NS = uuid.UUID("6f1d2a7e-3c1b-4d7e-9a55-5a1e5d35c0de")
DAY_MS = 24 * 3600 * 1000


@dataclass
class MergeReport:
    source: str = ""
    device_name: str = ""
    replica_id: str = ""
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    conflicts: int = 0
    new_changes: int = 0
    per_table: dict[str, dict[str, int]] = field(default_factory=dict)
    duplicates: list[dict[str, str]] = field(default_factory=list)
    dry_run: bool = False
    # Said in words: "the laptop 'X' seems to have its clock set to 2027-12-01".
    warnings: list[str] = field(default_factory=list)
    # Cards of people erased at their request that this merge removed here (issue 22).
    erased: list[str] = field(default_factory=list)
    # Issue 23: a delta holds only what its writer thought this laptop lacked.
    delta: bool = False

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
        self.warnings.extend(other.warnings)
        self.erased.extend(other.erased)


class _DryRun(Exception):
    pass


class BaseNotHeld(DatabaseError):
    """A delta sync file builds on changes this laptop does not hold: nothing is merged."""

    def __init__(self, message: str, device_name: str) -> None:
        super().__init__(message)
        self.device_name = device_name


def conflict_id(table: str, row_id: str, group: str) -> str:
    """One conflict per row and field group, with the same id on every replica."""
    return str(uuid.uuid5(_CONFLICT_NS, f"{table}|{row_id}|{group}"))


# What a merge's refusal says when the live cards were left as they were (most of them;
# the rest name only what is wrong with the file).
NOTHING_MERGED = ("nothing was merged", "nothing was changed")


def says_nothing_merged(message: str) -> bool:
    """Whether a merge's refusal (str() of its error, in the language set, or in English)
    says already that nothing was merged: a caller that would add words of its own to say
    so adds none, and the user reads it once."""
    return any(phrase in message or localize(phrase) in message for phrase in NOTHING_MERGED)


def merge_file(
    store: Store, source: Path, *, dry_run: bool = False, passphrase: str | None = None
) -> MergeReport:
    """Merge a sync file (or any SalesDesk database) into the open store; passphrase: the
    team's, for a file encrypted with it (issue 22)."""
    if store.read_only:
        raise DatabaseError("This database is open read-only: it cannot take a merge.")
    with merge_scratch() as scratch:
        incoming = prepare_incoming(
            Path(source), scratch, passphrase, keep_encrypted=store.encrypted
        )
        return merge_incoming(store, incoming, dry_run=dry_run)


def merge_incoming(
    store: Store,
    incoming: Incoming,
    *,
    dry_run: bool = False,
    before_commit: Callable[[], None] | None = None,
) -> MergeReport:
    """The one merge core: take the change records and rows of a checked SalesDesk database
    (a sync file's copy, or what was pulled from the team hub) with the same rules.

    before_commit runs inside the merge's transaction (the hub records how far it pulled,
    so the two commit together)."""
    if store.read_only:
        raise DatabaseError("This database is open read-only: it cannot take a merge.")
    source = incoming.source
    db = store.db
    # An encrypted database attaches the file with the team passphrase it is encrypted
    # with, or KEY '' for a plain one (else it would read it with its own key; issue 22),
    # under the SQLCipher settings it was opened with when it was checked.
    if store.encrypted:
        try:
            cipher.attach(db.connection(), incoming.path, "inc", incoming.key, incoming.settings)
        except cipher.errors() as error:
            said = (str(error).splitlines() or [""])[0][:120]
            raise DatabaseError(f"Cannot read {source} ({said}); nothing was merged.") from None
    elif incoming.key is None:
        db.execute_sql("ATTACH DATABASE ? AS inc", (str(incoming.path),))
    else:
        raise DatabaseError("A plain database cannot read an encrypted copy: decrypt it first.")
    try:
        report = MergeReport(
            source=str(source),
            device_name=incoming.device_name,
            replica_id=incoming.replica_id,
            dry_run=dry_run,
        )
        report.warnings = clock_warnings(incoming)
        file_clock = incoming.clock_ms()
        bound = (
            file_clock + TOLERANCE_MS if file_clock is not None else clock.wall_ms() + MAX_AHEAD_MS
        )
        report.delta = _check_base(store, incoming, bound)
        try:
            make_new_id_tables(db)
            db.execute_sql("DROP TABLE IF EXISTS temp.erased_change")
            db.execute_sql("CREATE TEMP TABLE erased_change (id TEXT PRIMARY KEY)")
            validate(db, str(source), bound)
            holds = _holds_of(store, incoming, bound)
            report.warnings += _far_ahead_writers(store, incoming, report.warnings)
        except (sqlite3.Error, PeeweeDatabaseError, UnicodeDecodeError) as error:
            # Only the incoming copy is read here: the fault is the file's.
            said = (str(error).splitlines() or [""])[0][:120]
            raise DatabaseError(
                f"{source} is damaged or not a complete SalesDesk file ({said})."
            ) from None
        if not dry_run and not _backup_holds_live_state(store):
            # Of the rows written since the newest full backup where it can (issue 23).
            backup_database(
                store.db, store.path, reason="before-merge", differential=store.replica_claimed
            )
        try:
            if dry_run:
                with db.atomic():
                    _merge(store, report)
                    raise _DryRun
            else:
                with store.write("Merge"):
                    forget_backed_up(store.db, store.path)
                    _merge(store, report)
                    _remember_holds(store, holds)
                    record_mark(store)
                    _remember_peer(store, incoming.replica_id, incoming.device_name, source, holds)
                    _verify(store, source)
                    if before_commit is not None:
                        before_commit()
        except _DryRun:
            pass
        except (sqlite3.DatabaseError, PeeweeDatabaseError, UnicodeDecodeError) as error:
            raise _whose_fault(store, source, error) from None
    finally:
        drop_new_id_tables(db)
        db.execute_sql("DROP TABLE IF EXISTS temp.erased_change")
        db.execute_sql("DETACH DATABASE inc")
    if report.erased and not dry_run:
        # A person erased elsewhere goes from this laptop's backups too (issue 22).
        from salesdesk.models.cipher import passphrase_of
        from salesdesk.services.privacy import scrub_backups

        with store.bound():  # it reads only the backups (and the tables' columns)
            scrub_backups(store.path, report.erased, passphrase_of(store.db))
    return report


# DESIGN §4: a backup of the live database is taken before every merge, so a merge can be
# undone by restoring it with nothing else lost. A backup is not copied again only when the
# newest one already holds the live file as it is now: the file was last written before
# that backup began (its mtime; a rollback journal writes every commit into the file), and
# the backup is of this file at the same clock (replica id and clock in its meta; two files
# named alike share a backup folder). That is the daily backup at start followed by the sync
# folder's merge, or merges with no edit between. A delta merged after edits takes its
# backup, as any merge: skipping it within an hour of an older backup (as before) left the
# edits of that hour in no backup, lost to the user who restores it to undo the merge.
# Measured by bench/bench_delta.py (100,000 cards, 740 MB, machine loaded 20 on 2 cores):
# the delta's merge 0.78 s, the full backup before it 12-18 s (2.9 s for the same page copy
# on a quiet machine). So the backup before a merge is a differential one where it can be
# (models.backup, models.tracking): the rows written since the newest full backup, which
# restores to the same file.
def _backup_holds_live_state(store: Store) -> bool:
    from datetime import datetime

    from salesdesk.models.backup import backups

    if store.encrypted:
        return False  # its backups open only with the key: copy rather than guess
    found = backups(store.path)
    if not found:
        return False
    newest = found[0]
    try:
        written = datetime.fromtimestamp(store.path.stat().st_mtime)
    except OSError:
        return False
    if written >= newest.taken:
        return False
    try:
        con = sqlite3.connect(f"file:{newest.path}?mode=ro", uri=True)
        try:
            held = dict(
                con.execute(
                    f"SELECT key, value FROM {'backup_diff' if newest.base else 'meta'} "
                    "WHERE key IN ('replica_id', 'clock')"
                ).fetchall()
            )
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return held.get("replica_id") == store.replica_id and held.get("clock") == store.meta("clock")


def _check_base(store: Store, incoming: Incoming, bound: int) -> bool:
    """A delta's base must be held here, whole, before anything of it is read: True for a
    delta, False for a full file; BaseNotHeld (said once, with what to do) otherwise."""
    manifest = incoming.manifest
    if manifest.get("kind", "full") == "full":
        return False
    base = vectors.parse(manifest.get("base"))
    if manifest.get("kind") != "delta" or base is None or vectors.newest_wall(base) > bound:
        raise DatabaseError(
            f"{incoming.source} is damaged or was altered (its base); nothing was merged."
        )
    if vectors.missing(vectors.own_vector(store), base):
        name = incoming.device_name or incoming.replica_id[:8] or incoming.source.name
        raise BaseNotHeld(
            f"{incoming.source} holds only what changed since an earlier sync, and this "
            f"laptop lacks some of those earlier changes; nothing was merged. "
            f"Ask {name} for a full sync file.",
            name,
        )
    return True


def _holds_of(store: Store, incoming: Incoming, bound: int) -> vectors.Vector:
    """What the file's laptop held when it wrote the file: its manifest's vector (or, in a
    file without one, its holds table and clock), and never less than the rows it brings."""
    if "holds" in incoming.manifest:
        said = vectors.parse(incoming.manifest["holds"])
        if said is None or vectors.newest_wall(said) > bound:
            raise DatabaseError(
                f"{incoming.source} is damaged or was altered (its version vector); "
                "nothing was merged."
            )
    else:
        said = vectors.with_clock(
            vectors.read_holds(store.db, "inc"), incoming.replica_id, incoming.meta.get("clock")
        )
        said = {r: s for r, s in said.items() if vectors.newest_wall({r: s}) <= bound}
    parts = [
        f"SELECT substr(i.created, 21), max(i.created) FROM {lacking(table)} GROUP BY 1"
        for table in DATA_TABLES
    ]
    parts.append(f"SELECT substr(i.stamp, 21), max(i.stamp) FROM {lacking('change')} GROUP BY 1")
    brought = {
        str(r): str(s) for r, s in store.db.execute_sql(" UNION ALL ".join(parts)).fetchall()
    }
    return vectors.joined(said, brought)


def _remember_holds(store: Store, holds: vectors.Vector) -> None:
    """After the union this file holds what the other held (its own entry is its clock)."""
    for replica, stamp in holds.items():
        if replica == store.replica_id:
            continue
        store.db.execute_sql(
            "INSERT INTO holds (replica_id, stamp) VALUES (?, ?) ON CONFLICT (replica_id) "
            "DO UPDATE SET stamp = max(stamp, excluded.stamp)",
            (replica, stamp),
        )


def _verify(store: Store, source: Path) -> None:
    """Before the merge commits: every change record of the file is here (read from its
    table, not its index, which a damaged file may have out of step)."""
    missing = store.db.execute_sql(
        "SELECT count(*) FROM inc.change c NOT INDEXED "
        "WHERE NOT EXISTS (SELECT 1 FROM main.change m WHERE m.id = c.id) "
        "AND c.id NOT IN (SELECT id FROM temp.erased_change)"  # of a person erased (issue 22)
    ).fetchone()[0]
    if missing:
        raise DatabaseError(
            f"{source} could not be merged whole (is it damaged?); nothing was changed."
        )


def _whose_fault(store: Store, source: Path, error: Exception) -> DatabaseError:
    """A read that failed during the merge (rolled back): the file's fault, unless the
    live database itself fails its check."""
    said = (str(error).splitlines() or [""])[0][:120]
    try:
        live = store.db.execute_sql("PRAGMA main.quick_check(1)").fetchone()[0]
    except (sqlite3.DatabaseError, PeeweeDatabaseError, UnicodeDecodeError):
        live = "unreadable"
    if live != "ok":
        return DatabaseError(
            f"{store.path} is damaged ({said}); nothing was merged. Restore a backup "
            "(File > Backups)."
        )
    return DatabaseError(f"{source} could not be read to the end ({said}); nothing was merged.")


def clock_warnings(incoming: Incoming) -> list[str]:
    """Say so when the file's laptop keeps a clock more than a day from ours."""
    now = clock.wall_ms()
    name = incoming.device_name or incoming.source.name
    for wall in (incoming.wall_clock_ms(), incoming.own_clock_ms()):
        if wall is not None and abs(wall - now) > DAY_MS:
            day = datetime.fromtimestamp(wall / 1000).date().isoformat()
            return [f"the laptop '{name}' seems to have its clock set to {day}"]
    return []


def _far_ahead_writers(store: Store, incoming: Incoming, said: list[str]) -> list[str]:
    """Name the laptops whose new changes in the file are stamped more than a day ahead
    (a file can carry another laptop's changes, wrong clock and all)."""
    limit = clock.wall_ms() + DAY_MS
    rows = store.db.execute_sql(
        f"SELECT substr(c.stamp, 21), max(c.stamp) FROM {lacking('change', 'c')} GROUP BY 1"
    ).fetchall()
    names = {incoming.replica_id: incoming.device_name}
    for table in ("main", "inc"):
        try:
            peers = store.db.execute_sql(
                f"SELECT replica_id, device_name FROM {table}.peer"
            ).fetchall()
        except (sqlite3.Error, PeeweeDatabaseError):
            continue  # a file without its peer table: the names are only a courtesy
        names.update({str(r[0]): str(r[1]) for r in peers if r[1]})
    out: list[str] = []
    for replica, newest in rows:
        wall = int(str(newest)[:13])
        if wall <= limit or replica == store.replica_id:
            continue
        if replica == incoming.replica_id and said:
            continue  # already said of the file's own laptop
        name = names.get(replica) or replica[:8]
        day = datetime.fromtimestamp(wall / 1000).date().isoformat()
        text = f"the laptop '{name}' seems to have its clock set to {day}"
        if text not in said and text not in out:
            out.append(text)
    return out


# A table this merge fills from empty with at least this many rows (a new laptop's first
# pull from the hub, a first merge of a whole book) gets its indexes made after its rows.
BULK_ROWS = 5_000


def _filled_from_empty(db: Any, counts: dict[str, int]) -> list[str]:
    """The tables (and the change log) this merge fills from empty with many rows."""
    return [
        table
        for table, count in counts.items()
        if count >= BULK_ROWS
        and db.execute_sql(f'SELECT 1 FROM main."{table}" LIMIT 1').fetchone() is None
    ]


@contextmanager
def _indexes_after(db: Any, tables: list[str]) -> Iterator[None]:
    """Inside the merge's write: these tables' own indexes dropped while their rows go in and
    made again from the same definitions after (sorted once, not kept up row by row over
    random ids: a first pull of 28,000 cards and 200,000 contacts), and the tables' rows
    not noted for a differential backup (models.tracking.untracked: the next backup is a
    full one, as after any write of that size). The same tables and indexes, the same rows."""
    if not tables:
        yield
        return
    from salesdesk.models import tracking

    marks = ", ".join("?" * len(tables))
    indexes = db.execute_sql(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY rowid",
        tables,
    ).fetchall()
    with tracking.untracked(db):
        for name, _sql in indexes:
            db.execute_sql(f'DROP INDEX main."{name}"')
        yield
        for _name, sql in indexes:
            db.execute_sql(sql)


@on_store
def _merge(store: Store, report: MergeReport) -> None:
    db = store.db
    new_rows: dict[str, set[str]] = {}
    counts = {
        table: db.execute_sql(f'SELECT count(*) FROM temp."new_{table}"').fetchone()[0]
        for table in (*DATA_TABLES, "change")
    }
    with _indexes_after(db, _filled_from_empty(db, counts)):
        for table in DATA_TABLES:
            ids = {r[0] for r in db.execute_sql(f'SELECT id FROM temp."new_{table}"').fetchall()}
            new_rows[table] = ids
            total = db.execute_sql(f'SELECT count(*) FROM inc."{table}"').fetchone()[0]
            if ids:
                # By column name: a file whose columns lie in another order is read right.
                cols = ", ".join(f'"{c}"' for c in columns_of(SYNCED_MODELS[table]))
                picked = ", ".join(f'i."{c}"' for c in columns_of(SYNCED_MODELS[table]))
                db.execute_sql(
                    f'INSERT INTO main."{table}" ({cols}) SELECT {picked} FROM {lacking(table)}'
                )
            report.per_table[table] = {
                "new": len(ids),
                "shared": total - len(ids),
                "updated": 0,
                "deleted": 0,
            }

        # Change records: the union. Conflicts are not copied: each replica derives them.
        fresh = db.execute_sql(
            "SELECT c.id, c.table_name, c.row_id, c.stamp, c.field_group, c.old, c.new "
            f"FROM {lacking('change', 'c')}"
        ).fetchall()
        cols = ", ".join(f'"{c}"' for c in columns_of(Change))
        db.execute_sql(
            f"INSERT INTO main.change ({cols}) SELECT "
            + ", ".join(f'c."{c}"' for c in columns_of(Change))
            + f" FROM {lacking('change', 'c')}"
        )
    report.new_changes = len(fresh)
    fresh = _erase_purged(store, report, new_rows, fresh)

    # The clock moves past what it saw, unless the file's clock runs far ahead;
    # the newest stamp held is kept, so our own sync file is not taken for forged.
    stamps = [r[3] for r in fresh]
    for table in DATA_TABLES:
        if new_rows[table]:
            newest_row = db.execute_sql(f"SELECT max(i.created) FROM {lacking(table)}").fetchone()[
                0
            ]
            if newest_row:
                stamps.append(newest_row)
    if stamps:
        newest = max(stamps)
        store.clock.observe(newest)
        if newest > (store.meta("horizon") or ""):
            store.set_meta("horizon", newest)

    touched: dict[str, set[str]] = defaultdict(set)
    for _, table, row_id, _, group, old, new in fresh:
        if table not in FIELD_GROUPS:
            continue
        touched[table].add(row_id)
        if group == "card_id":  # a log moved between cards touches both
            for text in (old, new):
                moved = json.loads(text).get("card_id")
                if moved:
                    touched["card"].add(moved)
    # A card deleted somewhere may now see activity its delete did not: look again.
    active: set[str] = set(touched["card"])
    for table in CHILD_TABLES:
        # The new rows' cards by one statement (a first pull brings 200,000 contacts).
        active.update(
            r[0]
            for r in db.execute_sql(
                f'SELECT DISTINCT card_id FROM main."{table}" '
                f'WHERE id IN (SELECT id FROM temp."new_{table}")'
            ).fetchall()
        )
        active.update(
            card_ids_of(store, table, sorted(touched.get(table, set()) - new_rows[table]))
        )
    ever_deleted = {
        r[0]
        for r in db.execute_sql(
            "SELECT DISTINCT row_id FROM change WHERE table_name = 'card' "
            "AND field_group = 'deleted'"
        ).fetchall()
    }
    touched["card"].update(active & ever_deleted)

    conflicts_before = {r[0] for r in db.execute_sql("SELECT id FROM conflict").fetchall()}
    updated_cards: set[str] = set()
    for table, row_ids in touched.items():
        for row_id in sorted(row_ids):
            changed, deleted_now = rederive(store, table, row_id)
            if row_id in new_rows[table]:
                continue
            if changed:
                report.per_table[table]["updated"] += 1
            if deleted_now:
                report.per_table[table]["deleted"] += 1
            if changed and table == "card":
                updated_cards.add(row_id)
    # The installments' stored figures of every deal whose payment rows came or changed
    # (the incoming file's figures counted only its own receipts), and the conflict of
    # two plans made at once.
    paid_rows = new_rows["payment"] | touched.get("payment", set())
    if paid_rows:
        refresh_plans(deals_of_payments(paid_rows))
    conflicts_after = {r[0] for r in db.execute_sql("SELECT id FROM conflict").fetchall()}
    report.conflicts = len(conflicts_after - conflicts_before)
    for stats in report.per_table.values():
        report.new += stats["new"]
        report.updated += stats["updated"] - stats["deleted"]
        report.deleted += stats["deleted"]
        report.unchanged += stats["shared"] - stats["updated"]

    # Derived columns of every card the merge touched.
    refresh_cards(set(new_rows["card"]) | updated_cards | active)
    # Named while the new cards are there: a dry run rolls them back before the preview shows.
    report.duplicates = [_named(store, pair) for pair in likely_duplicates(only=new_rows["card"])]


def _erase_purged(
    store: Store, report: MergeReport, new_rows: dict[str, set[str]], fresh: list[Any]
) -> list[Any]:
    """Issue 22: a person erased on any laptop keeps nothing here, whichever file brought
    their rows; a laptop that held the card is told (its own unseen work goes too)."""
    from salesdesk.services.privacy import apply_purges

    brought = {
        str(r[0])
        for r in store.db.execute_sql(f"SELECT i.card_id FROM {lacking('purge')}").fetchall()
    }
    erased, notices = apply_purges(store, brought)
    if not erased.total:
        return fresh
    store.db.cursor().executemany(
        "INSERT OR IGNORE INTO temp.erased_change (id) VALUES (?)",
        [(c,) for c in erased.change_ids],
    )
    for table, ids in erased.row_ids.items():
        gone = new_rows.get(table, set()) & ids
        if gone:
            new_rows[table] -= gone
            report.per_table[table]["new"] -= len(gone)
    for notice in notices:
        name = notice.name or notice.card_id[:8]
        if notice.lost_local_work:
            report.warnings.append(
                f"{name} was erased on another laptop at their request: erased here too, "
                "with what was written here on the card since"
            )
        else:
            report.warnings.append(
                f"{name} was erased on another laptop at their request: erased here too"
            )
    report.erased = sorted({n.card_id for n in notices})
    if not notices and erased.rows:
        report.warnings.append(
            "the file held data of people erased at their request; it was not taken in"
        )
    return [f for f in fresh if f[0] not in erased.change_ids]


def card_ids_of(store: Store, table: str, row_ids: list[str]) -> set[str]:
    """The cards these rows of `table` belong to (in chunks: SQLite caps the parameters)."""
    found: set[str] = set()
    for start in range(0, len(row_ids), 500):
        chunk = row_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0]
            for r in store.db.execute_sql(
                f'SELECT card_id FROM main."{table}" WHERE id IN ({marks})', chunk
            ).fetchall()
        )
    return found


def _named(store: Store, pair: dict[str, str]) -> dict[str, str]:
    named = dict(pair)
    for side in ("a", "b"):
        row = store.db.execute_sql(
            "SELECT name, company FROM card WHERE id = ?", (pair[side],)
        ).fetchone()
        named[f"{side}_name"] = " · ".join(p for p in (row or ()) if p)
    return named


@dataclass(frozen=True)
class _Change:
    id: str
    group: str
    stamp: str
    new: str
    parents: list[str]
    seen: str | None

    @property
    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = json.loads(self.new)
        return values


def _order(change: _Change) -> tuple[str, str]:
    return (change.stamp, change.id)


@on_store
def rederive(store: Store, table: str, row_id: str) -> tuple[bool, bool]:
    """Set each field group of a row to its winning change and derive its conflicts.

    Returns (changed, deleted now). The row's conflicts are replaced by the ones
    its change log holds now, so every replica with the same log has the same.
    """
    db = store.db
    model = SYNCED_MODELS[table]
    rows = db.execute_sql(
        "SELECT id, field_group, stamp, new, parents, seen FROM change "
        "WHERE table_name = ? AND row_id = ?",
        (table, row_id),
    ).fetchall()
    changes = [_Change(i, g, s, n, json.loads(p), seen) for i, g, s, n, p, seen in rows]
    by_group: dict[str, list[_Change]] = defaultdict(list)
    for change in changes:
        if change.group in FIELD_GROUPS[table]:
            by_group[change.group].append(change)
    values: dict[str, Any] = {}
    found: list[tuple[str, str, str, str]] = []  # (group, winner id, loser id, created)
    for group, items in by_group.items():
        seen_in_group = {p for c in items for p in c.parents}
        heads = [c for c in items if c.id not in seen_in_group]
        # Causality before clocks: only changes nobody here has seen compete, by stamp.
        winner = max(heads, key=_order)
        chosen = winner.values
        values.update(chosen)
        rivals = [
            c
            for c in heads
            if c is not winner and c.values != chosen and not _automatic(table, group, winner, c)
        ]
        if rivals:
            loser = max(rivals, key=_order)
            found.append((group, winner.id, loser.id, max(winner.stamp, loser.stamp)))
        if group == "deleted" and chosen.get("deleted"):
            if table == "card":
                raced = bool(unseen_activity(store, row_id, winner))
            else:
                raced = _edits_unseen_by(winner, changes)
            if raced:
                values["deleted"] = 0  # keep the row; the user decides
                found = [f for f in found if f[0] != "deleted"]
                found.append(("deleted", winner.id, "", winner.stamp))
    db.execute_sql("DELETE FROM conflict WHERE row_id = ? AND table_name = ?", (row_id, table))
    for group, winner_id, loser_id, created in found:
        db.execute_sql(
            "INSERT INTO conflict "
            "(id, created, table_name, row_id, field_group, winner_id, loser_id, resolved_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
            (conflict_id(table, row_id, group), created, table, row_id, group, winner_id, loser_id),
        )
    if not values:
        return False, False
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


def _automatic(table: str, group: str, winner: _Change, loser: _Change) -> bool:
    """Two laptops re-planning a visit from the cadence, or both planning their week (no day
    the user fixed), is no conflict to show: newest wins."""
    if table != "visit":
        return False
    if group == "purpose":
        return True  # only the cadence writes a planned visit's purpose
    if group == "due":
        return not winner.values.get("hand_set") and not loser.values.get("hand_set")
    if group == "plan":
        return not winner.values.get("plan_fixed") and not loser.values.get("plan_fixed")
    return False


@dataclass(frozen=True)
class Activity:
    """Something done on a card that a delete did not see."""

    table: str  # card (an edit), contact, visit, deal, service_case, grade_change
    row_id: str
    change_id: str  # '' when the activity is the row's creation
    group: str  # the field group edited, or 'created'
    stamp: str


def unseen_activity(store: Store, card_id: str, delete: _Change | Change) -> list[Activity]:
    """The card's activity the delete did not see, oldest first."""
    delete_id = delete.id
    delete_stamp = str(delete.stamp)
    seen_text = delete.seen
    events = card_events(store.db, card_id)
    known: dict[str, str] | None = json.loads(seen_text) if seen_text else None
    ancestors: set[str] = set()
    if known is None:
        # A delete from before deletes recorded what they saw: its parents tell the
        # card's edits it saw; of the logs, those stamped after it were not seen.
        parents_of = {
            r[0]: json.loads(r[1])
            for r in store.db.execute_sql(
                "SELECT id, parents FROM change WHERE table_name = 'card' AND row_id = ?",
                (card_id,),
            ).fetchall()
        }
        stack = [delete_id]
        while stack:
            for parent in parents_of.get(stack.pop(), []):
                if parent not in ancestors:
                    ancestors.add(parent)
                    stack.append(parent)
    own = replica_of(delete_stamp)
    found: list[Activity] = []
    for stamp, table, row_id, change_id, group in events:
        if table == "card" and group in ("deleted", "created"):
            continue
        replica = replica_of(stamp)
        if replica == own and stamp <= delete_stamp:
            continue  # a replica's own history is linear: its delete saw it
        if known is not None:
            if stamp <= known.get(replica, ""):
                continue
        elif change_id in ancestors or (table != "card" and stamp <= delete_stamp):
            continue
        found.append(Activity(table, row_id, change_id, group, stamp))
    return sorted(found, key=lambda a: a.stamp)


def _edits_unseen_by(delete: _Change, changes: list[_Change]) -> bool:
    """For a log row (a contact, a visit …): an edit its delete did not see keeps it."""
    parents_of = {c.id: c.parents for c in changes}
    ancestors: set[str] = set()
    stack = [delete.id]
    while stack:
        for parent in parents_of.get(stack.pop(), []):
            if parent not in ancestors:
                ancestors.add(parent)
                stack.append(parent)
    own = replica_of(delete.stamp)
    return any(
        c.group != "deleted"
        and c.id not in ancestors
        and not (replica_of(c.stamp) == own and c.stamp < delete.stamp)
        for c in changes
    )


def _remember_peer(
    store: Store, replica_id: str, device_name: str, source: Path, holds: vectors.Vector
) -> None:
    if not replica_id or replica_id == store.replica_id:
        return
    last = store.db.execute_sql("SELECT max(stamp) FROM inc.change").fetchone()[0] or ""
    known = store.db.execute_sql(
        "SELECT holds FROM peer WHERE replica_id = ?", (replica_id,)
    ).fetchone()
    # Files may arrive out of order (an old USB stick): what a peer held only grows.
    before = vectors.parse(known[0]) if known and known[0] else None
    store.db.execute_sql(
        "INSERT OR REPLACE INTO peer "
        "(replica_id, device_name, last_stamp, last_merged_at, path, holds) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (
            replica_id,
            device_name,
            last,
            clock.now().isoformat(),
            str(source),
            vectors.to_text(vectors.joined(before or {}, holds)),
        ),
    )
