"""Counts for `stats`, the canonical `dump`, and the integrity `check`."""

from __future__ import annotations

import hashlib
from typing import Any

from salesdesk.domain.fields import SYNCED_TABLES
from salesdesk.domain.grades import GRADES
from salesdesk.domain.messages import plural
from salesdesk.domain.values import STATUSES
from salesdesk.models.store import APPLICATION_ID, SCHEMA_VERSION, Store
from salesdesk.models.tables import SYNCED_MODELS, database_proxy, on_store


def _scalar(sql: str, params: tuple[Any, ...] = ()) -> int:
    return int(database_proxy.execute_sql(sql, params).fetchone()[0] or 0)


@on_store
def stats(*, store: Store | None = None) -> dict[str, Any]:
    by_grade = dict.fromkeys(GRADES, 0)
    for grade, n in database_proxy.execute_sql(
        "SELECT grade, count(*) FROM card WHERE deleted = 0 GROUP BY grade"
    ).fetchall():
        by_grade[grade] = n
    by_status = dict.fromkeys(STATUSES, 0)
    for status, n in database_proxy.execute_sql(
        "SELECT status, count(*) FROM card WHERE deleted = 0 GROUP BY status"
    ).fetchall():
        by_status[status] = n
    f_kinds = {
        kind: n
        for kind, n in database_proxy.execute_sql(
            "SELECT f_kind, count(*) FROM card WHERE deleted = 0 AND grade = 'F' GROUP BY f_kind"
        ).fetchall()
        if kind
    }
    return {
        "cards": sum(by_grade.values()),
        "by_grade": by_grade,
        "f_kinds": f_kinds,
        "by_status": by_status,
        "key_customers": _scalar("SELECT count(*) FROM card WHERE deleted = 0 AND key_customer"),
        "deleted_cards": _scalar("SELECT count(*) FROM card WHERE deleted = 1"),
        "contacts": _scalar(
            "SELECT count(*) FROM contact JOIN card ON card.id = contact.card_id "
            "WHERE contact.deleted = 0 AND card.deleted = 0"
        ),
        "grade_changes": _scalar("SELECT count(*) FROM grade_change WHERE deleted = 0"),
        "deals": _scalar("SELECT count(*) FROM deal WHERE deleted = 0"),
        "service_cases": _scalar("SELECT count(*) FROM service_case WHERE deleted = 0"),
        "customers": by_status["customer"],
        "open_cases": _scalar(
            "SELECT count(*) FROM service_case s JOIN card c ON c.id = s.card_id "
            "WHERE s.deleted = 0 AND c.deleted = 0 AND s.resolved_at IS NULL"
        ),
        "at_risk_customers": len(_at_risk()),
        "changes": _scalar("SELECT count(*) FROM change"),
    }


def _at_risk() -> list[str]:
    from salesdesk.models import clock
    from salesdesk.services.aftersales import at_risk_customers

    return at_risk_customers(clock.now().date())


@on_store
def dump(*, store: Store | None = None) -> dict[str, list[dict[str, Any]]]:
    """Every synced row as plain values, sorted by id; nothing local to one replica."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in SYNCED_TABLES:
        model = SYNCED_MODELS.get(table)
        local = model.LOCAL_COLUMNS if model is not None else frozenset()
        cursor = database_proxy.execute_sql(f'SELECT * FROM "{table}" ORDER BY id')
        columns = [d[0] for d in cursor.description]
        rows = []
        for values in cursor.fetchall():
            row = {c: _plain(v) for c, v in zip(columns, values, strict=True) if c not in local}
            rows.append(dict(sorted(row.items())))
        out[table] = rows
    return out


def _plain(value: Any) -> Any:
    """A BLOB (a card image) is dumped as its SHA-256: equal images, equal dumps, short lines."""
    if isinstance(value, bytes | memoryview):
        return "sha256:" + hashlib.sha256(bytes(value)).hexdigest()
    return value


@on_store
def check(store: Store) -> dict[str, Any]:
    """Integrity and schema facts of the open file; 'ok' is False when anything is wrong."""
    integrity = [r[0] for r in database_proxy.execute_sql("PRAGMA integrity_check").fetchall()]
    app_id = _scalar("PRAGMA application_id")
    version = _scalar("PRAGMA user_version")
    orphans = _scalar("SELECT count(*) FROM contact WHERE card_id NOT IN (SELECT id FROM card)")
    problems = [] if integrity == ["ok"] else integrity
    if app_id != APPLICATION_ID:
        problems.append("application id is not SalesDesk's")
    if version != SCHEMA_VERSION:
        problems.append(f"schema version {version}, expected {SCHEMA_VERSION}")
    if orphans:
        problems.append(
            plural(
                orphans,
                f"{orphans} contact belongs to no card",
                f"{orphans} contacts belong to no card",
            )
        )
    return {
        "ok": not problems,
        "path": str(store.path),
        "schema_version": version,
        "application_id": app_id,
        "replica_id": store.replica_id,
        "device_name": store.device_name,
        "problems": problems,
    }
