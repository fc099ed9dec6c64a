"""Checking every row a merge would take from another file, by column name (DESIGN §4).

A file to merge is refused whole, with one message naming it, when any row it
would bring breaks the format: stamps that do not parse or lie beyond the
file's own clock, values that are not JSON or name unknown columns or have the
wrong type, parents that are not change ids, change records of unknown tables.
Only the rows this database lacks are read (the others it holds already), so a
merge of a file that is mostly known stays fast. The checks run before the
live database is written, and write only temporary tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, datetime
from itertools import chain
from typing import Any, NoReturn

from peewee import BlobField, FloatField, IntegerField, SqliteDatabase

from salesdesk.domain.errors import DatabaseError
from salesdesk.domain.fields import FIELD_GROUPS
from salesdesk.domain.grades import F_KINDS, GRADES
from salesdesk.domain.values import (
    CASE_KINDS,
    CHANNELS,
    CREDITS,
    MAX_TEXT,
    PAYMENT_KINDS,
    PAYMENT_METHODS,
    STATUSES,
    STYLES,
    VISIT_STATUSES,
)
from salesdesk.models.clock import STAMP_PATTERN, replica_of
from salesdesk.models.tables import SYNCED_MODELS, Change

DATA_TABLES = tuple(SYNCED_MODELS)
# A file's stamps may run this far past the clock it wrote in its manifest.
TOLERANCE_MS = 10 * 60 * 1000
# SQLite GLOB for a stamp: 13 digits, 5 digits, then the replica id.
STAMP_GLOB = "[0-9]" * 13 + "-" + "[0-9]" * 5 + "-?*"
_CHANGE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# What json.loads raises for text that is not JSON, or JSON nested deeper than its stack
# (a value of '[' 99,000 times): neither is SalesDesk's.
_NOT_JSON = (ValueError, RecursionError)
_JSON_LIST_COLUMNS = {("card", "phones"), ("card", "tags")}
# What no write of SalesDesk keeps (domain.values.clean_text strips it from every text the
# user gives, and cuts the text to its limit): control characters and the bidirectional
# overrides that make a name read backwards on screen and in the delete question.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
# The same in UTF-8 bytes, looked for in the raw values of a file's new rows (no decoding,
# no SQL function per value): a control character is one byte, never part of a longer
# character; the overrides are E2 80 AA-AE and E2 81 A6-A9.
_CONTROL_BYTES = re.compile(
    b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)
# A card's one-line fields are cut to MAX_TEXT["default"]; no text is kept longer than the
# notes' limit.
_SHORT_TEXT = {
    ("card", c)
    for c in ("name", "company", "title", "email", "address", "area", "source", "owner", "wechat")
}
_LONGEST_TEXT = max(MAX_TEXT.values())


def _text_limit(table: str, column: str) -> int:
    return MAX_TEXT["default"] if (table, column) in _SHORT_TEXT else _LONGEST_TEXT


def _plain_text(table: str, column: str) -> Callable[[Any], bool]:
    """Whether a text value is one SalesDesk could have written: no control characters,
    not over its column's limit."""
    limit = _text_limit(table, column)
    return lambda v: not isinstance(v, str) or (len(v) <= limit and not _CONTROL.search(v))


class BadFile(DatabaseError):
    pass


def columns_of(model: Any) -> list[str]:
    return [f.column_name for f in model._meta.sorted_fields]


def _kinds(field: Any) -> tuple[str, ...]:
    """The SQLite storage classes a column may hold."""
    if isinstance(field, IntegerField):
        kinds: tuple[str, ...] = ("integer",)
    elif isinstance(field, BlobField):  # a card image's bytes: any bytes are valid
        kinds = ("blob",)
    elif isinstance(field, FloatField):
        kinds = ("real", "integer")
    else:
        kinds = ("text",)
    return (*kinds, "null") if field.null else kinds


def _python_check(field: Any) -> Callable[[Any], bool]:
    """Whether a JSON value may go into this column."""
    if isinstance(field, IntegerField):
        base: Callable[[Any], bool] = lambda v: isinstance(v, int) and not isinstance(v, bool)  # noqa: E731
    elif isinstance(field, FloatField):
        base = lambda v: isinstance(v, int | float) and not isinstance(v, bool)  # noqa: E731
    else:
        base = lambda v: isinstance(v, str)  # noqa: E731
    if field.null:
        return lambda v: v is None or base(v)
    return base


def _codes(*codes: str) -> tuple[str, Callable[[Any], bool]]:
    listed = ", ".join(f"'{c}'" for c in codes)
    return f"{{col}} NOT IN ({listed})", lambda v: v in codes


def _dated(kind: str) -> tuple[str, Callable[[Any], bool]]:
    """A date (YYYY-MM-DD), a date-time (ISO) or a time (HH:MM) that SQLite can read."""
    parse = {"date": date.fromisoformat, "datetime": datetime.fromisoformat}.get(kind)

    def check(value: Any) -> bool:
        if kind == "time":
            return bool(re.fullmatch(r"\d\d:\d\d(:\d\d)?", value))
        try:
            parse(value)
        except ValueError:
            return False
        return True

    return f"{kind}({{col}}) IS NULL", check


# Codes and dates the window reads back: a value outside them is not SalesDesk's.
_FORMATS: dict[tuple[str, str], tuple[str, Callable[[Any], bool]]] = {
    ("card", "grade"): _codes(*GRADES),
    ("card", "f_kind"): _codes(*F_KINDS),
    ("card", "status"): _codes(*STATUSES),
    ("card", "style"): _codes(*STYLES),
    ("card", "credit"): _codes(*CREDITS),
    ("card", "birthday"): _dated("date"),
    ("card", "recheck_on"): _dated("date"),
    ("contact", "at"): _dated("datetime"),
    ("contact", "channel"): _codes(*CHANNELS),
    ("contact", "grade_after"): _codes(*GRADES),
    ("visit", "due_on"): _dated("date"),
    ("visit", "due_time"): _dated("time"),
    ("visit", "planned_from"): _dated("date"),
    ("visit", "overdue_on"): _dated("date"),
    ("visit", "status"): _codes(*VISIT_STATUSES),
    ("visit", "done_at"): _dated("datetime"),
    ("deal", "closed_on"): _dated("date"),
    ("service_case", "kind"): _codes(*CASE_KINDS),
    ("service_case", "opened_at"): _dated("datetime"),
    ("service_case", "first_response_at"): _dated("datetime"),
    ("service_case", "resolved_at"): _dated("datetime"),
    ("grade_change", "at"): _dated("datetime"),
    ("grade_change", "from_grade"): _codes(*GRADES),
    ("grade_change", "from_f_kind"): _codes(*F_KINDS),
    ("grade_change", "to_grade"): _codes(*GRADES),
    ("grade_change", "to_f_kind"): _codes(*F_KINDS),
    ("grade_change", "recheck_on"): _dated("date"),
    ("payment", "kind"): _codes(*PAYMENT_KINDS),
    ("payment", "day"): _dated("date"),
    ("payment", "method"): _codes(*PAYMENT_METHODS),
}


def _with_format(table: str, field: Any) -> Callable[[Any], bool]:
    typed = _python_check(field)
    if _kinds(field)[0] == "text":
        plain = _plain_text(table, field.column_name)
        typed = lambda v, typed=typed: typed(v) and plain(v)  # noqa: E731
    known = _FORMATS.get((table, field.column_name))
    if known is None:
        return typed
    fits = known[1]
    return lambda v: typed(v) and (v is None or fits(v))


_CHECKS: dict[str, dict[str, Callable[[Any], bool]]] = {
    table: {f.column_name: _with_format(table, f) for f in model._meta.sorted_fields}
    for table, model in SYNCED_MODELS.items()
}


def stamp_wall(stamp: str) -> int | None:
    match = STAMP_PATTERN.match(stamp) if isinstance(stamp, str) else None
    return int(match[1]) if match else None


def new_rows(table: str, alias: str = "i") -> str:
    """The FROM clause of the incoming rows this database lacks, read from the table itself
    (by rowid): a damaged file's index may disagree with its table, and quick_check does
    not compare them."""
    # rowid IN (…): SQLite looks each new row up; a join would build a Bloom filter by
    # reading the whole table (a million contacts) first.
    return f'inc."{table}" {alias} WHERE {alias}.rowid IN (SELECT rid FROM temp."new_{table}")'


def make_new_id_tables(db: SqliteDatabase) -> dict[str, int]:
    """temp.new_<table>: (rowid, id) of incoming rows (and change records) this database lacks."""
    counts: dict[str, int] = {}
    for table in (*DATA_TABLES, "change"):
        db.execute_sql(f'DROP TABLE IF EXISTS temp."new_{table}"')
        db.execute_sql(f'CREATE TEMP TABLE "new_{table}" (rid INTEGER PRIMARY KEY, id)')
        db.execute_sql(
            f'INSERT INTO temp."new_{table}" (rid, id) SELECT i.rowid, i.id '
            f'FROM inc."{table}" i '
            f'WHERE NOT EXISTS (SELECT 1 FROM main."{table}" m WHERE m.id = i.id)'
        )
        counts[table] = db.execute_sql(f'SELECT count(*) FROM temp."new_{table}"').fetchone()[0]
    return counts


def drop_new_id_tables(db: SqliteDatabase) -> None:
    for table in (*DATA_TABLES, "change"):
        db.execute_sql(f'DROP TABLE IF EXISTS temp."new_{table}"')


def validate(db: SqliteDatabase, source: str, bound_ms: int) -> None:
    """Raise BadFile naming source when a row the merge would take breaks the format."""

    def refuse(what: str) -> NoReturn:
        raise BadFile(f"{source} is damaged or was altered ({what}); nothing was merged.")

    for table in (*DATA_TABLES, "change"):
        twice = db.execute_sql(
            f'SELECT id FROM temp."new_{table}" GROUP BY id HAVING count(*) > 1 LIMIT 1'
        ).fetchone()
        if twice is not None:
            refuse(f"two {table} rows have one id")
        # The ids were read from the file's index: its table must say the same.
        astray = db.execute_sql(
            f'SELECT n.id FROM temp."new_{table}" n WHERE n.id IS NOT '
            f'(SELECT i.id FROM inc."{table}" i WHERE i.rowid = n.rid) LIMIT 1'
        ).fetchone()
        if astray is not None:
            refuse(f"the {table} table and its index disagree")
    for table in DATA_TABLES:
        model = SYNCED_MODELS[table]
        local = model.LOCAL_COLUMNS
        cases = [
            "WHEN typeof(i.id) != 'text' OR i.id = '' OR length(i.id) > 100 THEN 'id'",
            f"WHEN typeof(i.created) != 'text' OR i.created NOT GLOB '{STAMP_GLOB}' "
            "OR length(i.created) > 120 THEN 'created'",
            f"WHEN CAST(substr(i.created, 1, 13) AS INTEGER) > {int(bound_ms)} THEN 'future'",
            "WHEN typeof(i.deleted) != 'integer' OR i.deleted NOT IN (0, 1) THEN 'deleted'",
        ]
        for field in model._meta.sorted_fields:
            column = field.column_name
            if column in ("id", "created", "deleted") or column in local:
                continue
            kinds = ", ".join(f"'{k}'" for k in _kinds(field))
            cases.append(f"WHEN typeof(i.\"{column}\") NOT IN ({kinds}) THEN '{column}'")
            if column == "card_id":
                cases.append("WHEN i.card_id = '' THEN 'card_id'")
            known = _FORMATS.get((table, column))
            if known is not None:
                bad = known[0].format(col=f'i."{column}"')
                cases.append(f"WHEN i.\"{column}\" IS NOT NULL AND {bad} THEN '{column}'")
            if (table, column) in _JSON_LIST_COLUMNS:
                cases.append(
                    f'WHEN NOT json_valid(i."{column}") OR json_type(i."{column}") != \'array\' '
                    f"THEN '{column}'"
                )
            elif _kinds(field)[0] == "text":
                cases.append(
                    f'WHEN typeof(i."{column}") = \'text\' AND length(i."{column}") > '
                    f"{_text_limit(table, column)} THEN '{column}'"
                )
        _check_utf8(db, table, model, refuse, plain=_plain_columns(table, model))
        reason = "CASE " + " ".join(cases) + " END"
        row = db.execute_sql(
            f"SELECT i.id, i.created, {reason} AS bad FROM {new_rows(table)} "
            "AND bad IS NOT NULL LIMIT 1"
        ).fetchone()
        if row is not None:
            row_id, created, bad = row
            if bad == "future":
                refuse(f"{table} row {str(row_id)[:8]} is stamped after the file's own clock")
            if bad == "created":
                refuse(f"{table} row {str(row_id)[:8]} has the stamp {str(created)[:40]!r}")
            refuse(f"{table} row {str(row_id)[:8]}: bad {bad}")
    _validate_purges(db, bound_ms, refuse)
    _validate_changes(db, bound_ms, refuse)


def _validate_purges(db: SqliteDatabase, bound_ms: int, refuse: Callable[[str], NoReturn]) -> None:
    """An erasure's `seen` is what privacy.erase wrote: a JSON object of replica id to that
    replica's newest stamp on the card (a stamp of that replica, made before the file's own
    clock), or NULL. Anything else is not SalesDesk's; read later it would decide whether a
    laptop is told that its own work on the person went with them."""
    cursor = db.execute_sql(f"SELECT i.id, i.seen FROM {new_rows('purge')} AND i.seen IS NOT NULL")
    while rows := cursor.fetchmany(1000):
        for row_id, seen in rows:
            if not _stamps_by_replica(seen, bound_ms):
                refuse(f"purge row {str(row_id)[:8]}: bad seen")


def _stamps_by_replica(text: str, bound_ms: int) -> bool:
    """Whether text is a JSON object of replica id to a stamp of that replica made no later
    than bound_ms."""
    try:
        known = json.loads(text)
    except _NOT_JSON:
        return False
    if not isinstance(known, dict):
        return False
    for replica, stamp in known.items():
        wall = stamp_wall(stamp)
        if wall is None or wall > bound_ms or replica_of(stamp) != replica:
            return False
    return True


def _plain_columns(table: str, model: Any) -> list[str]:
    """The text columns a user's words go into (not the keys, stamps, JSON lists, nor the
    columns derived here, whose search text joins its pieces with a control character)."""
    return [
        f.column_name
        for f in model._meta.sorted_fields
        if _kinds(f)[0] == "text"
        and f.column_name not in ("id", "created", *model.LOCAL_COLUMNS)
        and (table, f.column_name) not in _JSON_LIST_COLUMNS
    ]


def _check_utf8(
    db: SqliteDatabase,
    table: str,
    model: Any,
    refuse: Callable[[str], NoReturn],
    plain: list[str] | None = None,
) -> None:
    """Text the file would bring must be UTF-8: anything else breaks every later read. The
    plain columns hold no control characters either (clean_text strips them)."""
    plain = plain or []
    columns = plain + [
        f.column_name
        for f in model._meta.sorted_fields
        if _kinds(f)[0] == "text" and f.column_name not in plain
    ]
    listed = ", ".join(f"coalesce(CAST(i.\"{c}\" AS BLOB), X'')" for c in columns)
    cursor = db.execute_sql(f"SELECT {listed} FROM {new_rows(table)}")
    count = len(plain)
    while rows := cursor.fetchmany(5000):
        # 5,000 rows' values decoded at once, a NUL between two: a NUL is a whole character
        # and no byte of one, so the text decodes exactly when every value does.
        try:
            b"\0".join(chain.from_iterable(rows)).decode("utf-8")
        except UnicodeDecodeError:
            refuse(f"a {table} row holds text that is not UTF-8")
        if count and _CONTROL_BYTES.search(b"\n".join(v for r in rows for v in r[:count])):
            for row in rows:
                for column, value in zip(plain, row[:count], strict=True):
                    if _CONTROL_BYTES.search(value):
                        row_id = row[columns.index("id")].decode("utf-8", "replace")
                        refuse(f"{table} row {row_id[:8]}: bad {column}")


def _validate_changes(db: SqliteDatabase, bound_ms: int, refuse: Callable[[str], NoReturn]) -> None:
    tables = ", ".join(f"'{t}'" for t in FIELD_GROUPS)
    cases = [
        "WHEN typeof(c.id) != 'text' THEN 'id'",
        f"WHEN typeof(c.table_name) != 'text' OR c.table_name NOT IN ({tables}) THEN 'table'",
        "WHEN typeof(c.row_id) != 'text' OR c.row_id = '' THEN 'row'",
        "WHEN typeof(c.field_group) != 'text' THEN 'group'",
        f"WHEN typeof(c.stamp) != 'text' OR c.stamp NOT GLOB '{STAMP_GLOB}' "
        "OR length(c.stamp) > 120 THEN 'stamp'",
        f"WHEN CAST(substr(c.stamp, 1, 13) AS INTEGER) > {int(bound_ms)} THEN 'future'",
        "WHEN typeof(c.device) != 'text' THEN 'device'",
        "WHEN typeof(c.old) != 'text' OR typeof(c.new) != 'text' THEN 'value'",
        "WHEN typeof(c.parents) != 'text' THEN 'parents'",
        "WHEN typeof(c.seen) NOT IN ('text', 'null') THEN 'seen'",
    ]
    _check_utf8(db, "change", Change, refuse)
    row = db.execute_sql(
        f"SELECT c.id, c.stamp, c.table_name, CASE {' '.join(cases)} END AS bad "
        f"FROM {new_rows('change', 'c')} AND bad IS NOT NULL LIMIT 1"
    ).fetchone()
    if row is not None:
        change_id, stamp, table, bad = row
        short = str(change_id)[:8]
        if bad == "future":
            refuse(f"change {short} is stamped {str(stamp)[:13]}…, after the file's own clock")
        if bad == "stamp":
            refuse(f"change {short} has the stamp {str(stamp)[:40]!r}")
        if bad == "table":
            refuse(f"change {short} is for an unknown table {str(table)[:40]!r}")
        refuse(f"change {short}: bad {bad}")
    # Every change is of a row the file or this database holds.
    for table in FIELD_GROUPS:
        orphan = db.execute_sql(
            f"SELECT c.id FROM {new_rows('change', 'c')} "
            f'AND c.table_name = ? AND NOT EXISTS (SELECT 1 FROM inc."{table}" x '
            f'WHERE x.id = c.row_id) AND NOT EXISTS (SELECT 1 FROM main."{table}" y '
            "WHERE y.id = c.row_id) LIMIT 1",
            (table,),
        ).fetchone()
        if orphan is not None:
            refuse(f"change {str(orphan[0])[:8]} is of a {table} row that is not there")
    cursor = db.execute_sql(
        "SELECT c.id, c.table_name, c.field_group, c.old, c.new, c.parents, c.seen "
        f"FROM {new_rows('change', 'c')}"
    )
    new_ids: set[str] = set()
    parents_wanted: set[str] = set()
    for change_id, table, group, old, new, parents, seen in cursor.fetchall():
        short = str(change_id)[:8]
        if not _CHANGE_ID.match(change_id):
            refuse(f"change id {str(change_id)[:40]!r} is not a change id")
        new_ids.add(change_id)
        fields = FIELD_GROUPS[table].get(group)
        if fields is None:
            refuse(f"change {short} is for an unknown field {table}.{str(group)[:40]}")
        checks = _CHECKS[table]
        new_values: dict[str, Any] = {}
        for label, text in (("value", new), ("old value", old)):
            try:
                values = json.loads(text)
            except _NOT_JSON:
                refuse(f"change {short}: its {label} is not valid JSON")
            if not isinstance(values, dict) or (label == "value" and not values):
                refuse(f"change {short}: its {label} is not a set of fields")
            if label == "value":
                new_values = values
            unknown = set(values) - set(fields)
            if unknown:
                refuse(f"change {short} names an unknown column {sorted(unknown)[0][:40]!r}")
            for column, value in values.items():
                if not checks[column](value):
                    refuse(f"change {short}: {column} has a value of the wrong type or form")
        try:
            parent_list = json.loads(parents)
        except _NOT_JSON:
            refuse(f"change {short}: its parents are not valid JSON")
        if not isinstance(parent_list, list) or not all(
            isinstance(p, str) and _CHANGE_ID.match(p) for p in parent_list
        ):
            refuse(f"change {short}: its parents are not change ids")
        parents_wanted.update(parent_list)
        if seen is not None and not _seen_of_a_delete(table, group, new_values, seen, bound_ms):
            refuse(f"change {short}: bad seen (what a delete saw)")
    missing = sorted(parents_wanted - new_ids)
    known: set[str] = set()
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        marks = ",".join("?" * len(chunk))
        known.update(
            r[0]
            for r in db.execute_sql(
                f"SELECT id FROM main.change WHERE id IN ({marks})", chunk
            ).fetchall()
        )
    unknown_parents = [p for p in missing if p not in known]
    if unknown_parents:
        refuse(f"a change names {unknown_parents[0][:8]} as its parent, which is no change")


def _seen_of_a_delete(
    table: str, group: str, new_values: dict[str, Any], seen: str, bound_ms: int
) -> bool:
    """Whether a change's `seen` is what Store.update writes: only on a card's delete
    (deleted set to 1), what the file held on the card then (models.store.card_knowledge),
    which is an erasure's `seen` too: replica id to a stamp of that very replica, made no
    later than the file's own clock. Read later by the merge, it decides which activity on
    the card the delete did not see, and so whether the card is kept."""
    if (table, group) != ("card", "deleted") or new_values != {"deleted": 1}:
        return False
    return _stamps_by_replica(seen, bound_ms)


def require_tables(con: Any, source: str) -> None:
    """Every synced table has the columns SalesDesk writes, by name in any order, and no
    other: a column the merge would not read (added, or a column renamed) means the file was
    not written by this SalesDesk, and its data would be dropped without a word. Run after
    an older file is lifted to this schema, whose steps only add columns (a file from a
    newer SalesDesk is refused before, by its schema version)."""
    for table, model in (*SYNCED_MODELS.items(), ("change", Change)):
        # table_xinfo: a generated column, which table_info leaves out, is not ours either.
        info = con.execute(f'PRAGMA table_xinfo("{table}")').fetchall()
        found = {r[1] for r in info}
        if not found:
            raise BadFile(f"{source} is not a complete SalesDesk file: it has no {table} table.")
        expected = columns_of(model)
        missing = [c for c in expected if c not in found]
        if missing:
            raise BadFile(
                f"{source} is not a complete SalesDesk file: its {table} table "
                f"has no {missing[0]} column."
            )
        foreign = [r[1] for r in info if r[1] not in expected or r[6] != 0]
        if foreign:
            raise BadFile(
                f"{source} was not written by SalesDesk: its {table} table has a column "
                f"{_shown(foreign[0])} that SalesDesk does not write; nothing was merged."
            )


def _shown(name: object) -> str:
    """A name read from a file, quoted and cut, its control characters escaped."""
    return repr(str(name)[:40])
