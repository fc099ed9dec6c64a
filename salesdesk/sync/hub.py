"""The team hub: a PostgreSQL database with the same tables, synced as one more peer.

A hub holds the synced tables and the change log of the laptops (the same peewee
models, created on PostgreSQL), each row with a `usn`: a number from the server's
sequence `hub_usn`, given again whenever the hub's row is written (as Anki's update
sequence number). A laptop remembers up to which usn it has pulled.

A sync pulls, then pushes, each in one transaction:

- pull: in one repeatable-read snapshot, every row and change record with a usn above
  the laptop's mark, written to a scratch SQLite file that is merged by the same merge
  core as a sync file (sync.merge.merge_incoming: the same checks, causality, conflicts
  and activity-beats-delete); the new mark commits with the merge.
- push: the hub's row `hub_state` is locked, so pushes take turns and a usn is never
  seen before every smaller one is committed. If another laptop pushed since our pull,
  we pull again first (so the rows we write on the hub are derived from its whole log).
  The hub keeps, per replica, the newest stamp it holds (`hub_replica`): every holder
  of a replica's writes holds a prefix of them, so what the hub lacks is exactly what
  is stamped after that. Those rows and change records go up, and so do the current
  values of every row they touch (the hub's rows are always the derived state).

An interrupted sync leaves either side as it was before or after each transaction;
the next sync completes it (pulling the same records twice changes nothing).
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from salesdesk.domain.errors import DatabaseError, UserError
from salesdesk.models.backup import merge_scratch
from salesdesk.models.store import SCHEMA_VERSION, Store
from salesdesk.models.tables import SYNCED_MODELS, BaseModel, Change, bound, on_store
from salesdesk.sync.files import Incoming
from salesdesk.sync.merge import MergeReport, card_ids_of, merge_incoming
from salesdesk.sync.validate import columns_of

SETTING = "hub"  # the database's setting: {"url": …, "user": …}
PULLED = "hub_pulled"  # local meta: {"hub": hub id, "usn": the mark pulled to}
DEVICES = "hub_devices"  # local meta: {replica id: device name} of the hub's laptops
KEPT = "hub_kept"  # local meta: cards the hub took away that hold work it never got
KEYRING_SERVICE = "SalesDesk team hub"
HUB_TABLES = (*SYNCED_MODELS, "change")
HUB_MODELS: tuple[type[BaseModel], ...] = (*SYNCED_MODELS.values(), Change)
# A card's logs (an erasure's purge record outlives its card: not one of them).
CARD_LOGS = tuple(
    t for t, m in SYNCED_MODELS.items() if "card_id" in m._meta.fields and t != "purge"
)
BATCH = 1000
FETCHED_AT_ONCE = 10_000  # rows of a pull read from the hub at a time
ATTEMPTS = 5  # pushes refused because another laptop pushed first, before giving up


class HubError(UserError):
    """The hub cannot be reached, refuses us, or is not a SalesDesk hub."""


class HubUnreachable(HubError):
    """No answer from the hub's server (offline, wrong host, a firewall): the window falls
    back to the sync folder."""


@dataclass(frozen=True)
class HubAddress:
    """Where a hub is and who connects; never the password."""

    host: str
    port: int
    database: str
    user: str
    options: tuple[tuple[str, str], ...] = ()  # sslmode=require, sslrootcert=… from the URL

    @property
    def url(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.options)
        return f"postgresql://{self.host}:{self.port}/{self.database}" + (
            f"?{query}" if query else ""
        )

    @property
    def label(self) -> str:
        return f"the team hub {self.host}:{self.port}/{self.database}"

    @property
    def keyring_user(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def parse_url(url: str, user: str | None = None) -> HubAddress:
    """Read postgresql://[user@]host[:port]/database[?sslmode=…]; a password in it is refused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port or 5432
    except ValueError:
        parts, port = urlsplit(""), 0
    if parts.scheme not in ("postgresql", "postgres") or not parts.hostname or not port:
        raise HubError(f"'{url}' is not a PostgreSQL address (postgresql://host/database).")
    if parts.password:
        raise HubError(
            "Leave the password out of the address: it is asked for, or read from the "
            "variable named by --password-env."
        )
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise HubError(f"'{url}' names no database (postgresql://host/database).")
    name = user or (unquote(parts.username) if parts.username else "")
    if not name:
        raise HubError("Give the hub user with --user NAME.")
    allowed = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout"}
    options = tuple((k, v) for k, v in parse_qsl(parts.query) if k in allowed)
    return HubAddress(parts.hostname, port, database, name, options)


def _psycopg2() -> Any:
    try:
        import psycopg2
    except ImportError as error:
        raise HubError(f"The team hub needs the psycopg2 package ({error}).") from None
    return psycopg2


def connect(address: HubAddress, password: str) -> Any:
    """A psycopg2 connection to the hub; TLS whenever the server offers it (libpq's
    default `prefer`, or what the URL's sslmode asks)."""
    psycopg2 = _psycopg2()
    options = dict(address.options)
    options.setdefault("connect_timeout", "10")
    # No JIT: the row-level security policies make the pull's plans look costly, and LLVM
    # then spends seconds compiling them for a query that runs in milliseconds.
    options.setdefault("options", "-c jit=off")
    try:
        con = psycopg2.connect(
            host=address.host,
            port=address.port,
            dbname=address.database,
            user=address.user,
            password=password,
            application_name="SalesDesk",
            **options,
        )
    except psycopg2.OperationalError as error:
        said = str(error).strip()
        first = (said.splitlines() or [""])[0]
        if "password authentication failed" in said or "no password supplied" in said:
            raise HubError(
                f"{address.label} refused the user {address.user}: wrong password or no such user."
            ) from None
        if "does not exist" in said and "database" in said:
            raise HubError(f"{address.label} has no database {address.database}.") from None
        raise HubUnreachable(f"{address.label} cannot be reached ({first[-160:]}).") from None
    return con


# -- the hub's schema -------------------------------------------------------------------
def init_hub(address: HubAddress, password: str) -> str:
    """Create (or bring up to date) the hub's tables in an existing PostgreSQL database.

    The synced tables and the change log are made from the same peewee models as on a
    laptop; a hub made by an older SalesDesk gets the columns it lacks. Returns the hub id.
    """
    from peewee import PeeweeException, PostgresqlDatabase

    # peewee makes a FloatField a 4-byte REAL on PostgreSQL: amounts would lose digits.
    db = PostgresqlDatabase(
        address.database,
        host=address.host,
        port=address.port,
        user=address.user,
        password=password,
        field_types={"FLOAT": "DOUBLE PRECISION"},
        **dict(address.options),  # type: ignore[arg-type]
    )
    _psycopg2()
    con = connect(address, password)  # the clear messages for a wrong password, no database
    con.close()
    models = list(HUB_MODELS)
    try:
        # The tables are the hub's in here: this thread's binding and the models' own.
        with bound(db), db.bind_ctx(models, bind_refs=False, bind_backrefs=False), db.atomic():
            version = _hub_version(db)
            if version is not None and version > SCHEMA_VERSION:
                raise HubError(
                    f"{address.label} was made by a newer SalesDesk (schema {version}): "
                    "update SalesDesk on this computer."
                )
            db.execute_sql("CREATE SEQUENCE IF NOT EXISTS hub_usn")
            db.execute_sql(
                "CREATE TABLE IF NOT EXISTS hub_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            db.execute_sql(
                "CREATE TABLE IF NOT EXISTS hub_state "
                "(id INTEGER PRIMARY KEY CHECK (id = 1), usn BIGINT NOT NULL)"
            )
            db.execute_sql("INSERT INTO hub_state VALUES (1, 0) ON CONFLICT (id) DO NOTHING")
            db.execute_sql(
                "CREATE TABLE IF NOT EXISTS hub_replica "
                "(replica TEXT PRIMARY KEY, newest TEXT NOT NULL)"
            )
            # The laptop's name, for History and conflicts on the others ("王敏's laptop").
            db.execute_sql(
                "ALTER TABLE hub_replica ADD COLUMN IF NOT EXISTS device TEXT NOT NULL DEFAULT ''"
            )
            db.create_tables(models, safe=True)
            _add_missing_columns(db, models)
            for model in models:
                table = model._meta.table_name
                db.execute_sql(
                    f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS usn BIGINT NOT NULL '
                    "DEFAULT nextval('hub_usn')"
                )
                db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_usn" ON "{table}" (usn)')
            for sql in TEAM_INDEXES:
                db.execute_sql(sql)
            db.execute_sql(
                "INSERT INTO hub_meta VALUES ('hub_id', %s) ON CONFLICT (key) DO NOTHING",
                (str(uuid.uuid4()),),
            )
            db.execute_sql(
                "INSERT INTO hub_meta VALUES ('schema_version', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (str(SCHEMA_VERSION),),
            )
            hub_id = db.execute_sql("SELECT value FROM hub_meta WHERE key = 'hub_id'").fetchone()
            _roles_and_policies(db, str(hub_id[0]))
            _team_summary(db, str(hub_id[0]))
    except (_psycopg2().Error, PeeweeException) as error:
        said = (str(error).strip().splitlines() or [""])[0][:160]
        raise HubError(f"{address.label} could not be set up ({said}).") from None
    finally:
        db.close()
    return str(hub_id[0])


# The manager's team view (sync/teamview.py) groups the team's records by the card's
# owner: narrow covering indexes let the server read them without the wide card rows.
TEAM_INDEXES = (
    "CREATE INDEX IF NOT EXISTS card_team ON card (id) "
    "INCLUDE (owner, grade, deleted, annual_spend)",
    "CREATE INDEX IF NOT EXISTS visit_due_team ON visit (due_on) "
    "INCLUDE (card_id, status, deleted)",
    "CREATE INDEX IF NOT EXISTS visit_done_team ON visit (done_at) "
    "INCLUDE (card_id, status, deleted)",
)


ROLE_KINDS = ("salesperson", "manager")


def group_role(hub_id: str, kind: str) -> str:
    """The PostgreSQL group role of a SalesDesk role on this hub (role names are shared by
    every database of a server: the hub's id keeps two hubs' groups apart)."""
    return f"salesdesk_{hub_id[:8]}_{kind}"


def _roles_and_policies(db: Any, hub_id: str) -> None:
    """Hub users are PostgreSQL roles in one of two groups. A manager reads and writes the
    whole team; a salesperson only the cards whose owner is their name, that have no owner
    (the team's), or that were shared with them (hub_share), those cards' logs, and their
    change records. The server enforces it with row-level security, whatever the client does."""
    salesperson, manager = (group_role(hub_id, kind) for kind in ROLE_KINDS)
    for group in (salesperson, manager):
        db.execute_sql(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
            f"'{group}') THEN CREATE ROLE \"{group}\" NOLOGIN; END IF; END $$"
        )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS hub_user (role TEXT PRIMARY KEY, owner TEXT NOT NULL, "
        "kind TEXT NOT NULL CHECK (kind IN ('salesperson', 'manager')), "
        "made BOOLEAN NOT NULL DEFAULT true)"
    )
    # A card shared with a colleague (their owner name), by its owner or a manager.
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS hub_share (card_id TEXT NOT NULL, owner TEXT NOT NULL, "
        "shared_by TEXT NOT NULL, at TIMESTAMPTZ NOT NULL DEFAULT now(), "
        "PRIMARY KEY (owner, card_id))"
    )
    # Cards some laptops may no longer see (unshared, handed over), by usn: a laptop that
    # holds one it cannot see now removes it at its next pull.
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS hub_gone (card_id TEXT NOT NULL, "
        "usn BIGINT NOT NULL DEFAULT nextval('hub_usn'))"
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS "hub_gone_usn" ON hub_gone (usn)')
    schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
    definer = f'SECURITY DEFINER SET search_path = "{schema}", pg_temp'
    # Read with the definer's rights: hub_user and hub_share are not granted to the users.
    db.execute_sql(
        f"CREATE OR REPLACE FUNCTION hub_owner() RETURNS TEXT LANGUAGE sql STABLE {definer} AS "
        "$$ SELECT owner FROM hub_user WHERE role = session_user $$"
    )
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION hub_shared() RETURNS TEXT[] LANGUAGE sql STABLE "
        f"{definer} AS $$ SELECT coalesce(array_agg(s.card_id), '{{}}') FROM hub_share s "
        "JOIN hub_user u ON u.owner = s.owner WHERE u.role = session_user $$"
    )
    # Of the cards a laptop holds, those the hub keeps from its user now (handed to
    # another salesperson): their work is not pushed, and the rest of the sync goes on.
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION hub_hidden_cards(ids TEXT[]) RETURNS SETOF TEXT "
        f"LANGUAGE sql STABLE {definer} AS "
        "$$ SELECT id FROM card WHERE id = ANY(ids) AND owner <> '' AND EXISTS "
        "(SELECT 1 FROM hub_user u WHERE u.role = session_user AND u.kind = 'salesperson' "
        "AND u.owner <> card.owner AND NOT EXISTS (SELECT 1 FROM hub_share s "
        "WHERE s.card_id = card.id AND s.owner = u.owner)) $$"
    )
    db.execute_sql(_share_function(definer).replace("%", "%%"))  # no parameters: %% is %
    db.execute_sql(_hand_over_function(definer).replace("%", "%%"))
    _owner_guard(db, definer)
    both = f'"{salesperson}", "{manager}"'
    for function in (
        "hub_owner()",
        "hub_shared()",
        "hub_hidden_cards(TEXT[])",
        "hub_share_card(TEXT, TEXT, BOOLEAN)",
        "hub_hand_over(TEXT, TEXT)",
    ):
        db.execute_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        db.execute_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {both}")
    db.execute_sql(f'GRANT USAGE ON SCHEMA "{schema}" TO {both}')
    db.execute_sql(f"GRANT USAGE, SELECT ON SEQUENCE hub_usn TO {both}")
    db.execute_sql(f"GRANT SELECT ON hub_meta TO {both}")
    db.execute_sql(f"GRANT SELECT, UPDATE ON hub_state TO {both}")
    db.execute_sql(f"GRANT SELECT, INSERT, UPDATE ON hub_replica TO {both}")
    db.execute_sql(f"GRANT SELECT, INSERT ON hub_gone TO {both}")
    # EXISTS, not IN: the planner probes the index per row for a day's few rows and hashes
    # the visible set for a first pull (an IN list would read every contact of the team).
    visible = {
        # (SELECT …): evaluated once per query, not once per row read; the three terms are
        # each an index's (card_owner, the primary key), so a few cards are found by index.
        "card": "owner = (SELECT hub_owner()) OR owner = '' "
        "OR id = ANY((SELECT hub_shared())::TEXT[])",
        "change": "CASE table_name "
        + " ".join(
            f"WHEN '{table}' THEN EXISTS (SELECT 1 FROM \"{table}\" x WHERE x.id = row_id)"
            for table in SYNCED_MODELS
        )
        + " ELSE false END",
    }
    for table in HUB_TABLES:
        rule = visible.get(table, f'EXISTS (SELECT 1 FROM card c WHERE c.id = "{table}".card_id)')
        if table not in visible and not _indexed_by_card(db, table):
            db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_card" ON "{table}" (card_id)')
        db.execute_sql(f'GRANT SELECT, INSERT, UPDATE ON "{table}" TO {both}')
        db.execute_sql(f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY')
        db.execute_sql(f'DROP POLICY IF EXISTS team ON "{table}"')
        db.execute_sql(f'DROP POLICY IF EXISTS own ON "{table}"')
        db.execute_sql(
            f'CREATE POLICY team ON "{table}" TO "{manager}" USING (true) WITH CHECK (true)'
        )
        db.execute_sql(
            f'CREATE POLICY own ON "{table}" TO "{salesperson}" USING ({rule}) WITH CHECK ({rule})'
        )


# The SQLSTATE of the owner guard's refusal: the laptop turns it into one clear message.
OWNER_REFUSED = "SD403"


def _owner_guard(db: Any, definer: str) -> None:
    """Only a card's owner or a manager changes its owner. Row-level security alone lets a
    colleague a card is shared with write it (their new row passes the policy as a shared
    card's, or as theirs once they named themselves owner): a trigger, which sees the old
    row, refuses it. A team card (no owner) is handed out by a manager."""
    db.execute_sql(
        "CREATE OR REPLACE FUNCTION hub_owner_guard() RETURNS trigger LANGUAGE plpgsql "
        f"{definer} AS $fn$ BEGIN "
        "IF NEW.owner IS DISTINCT FROM OLD.owner AND EXISTS (SELECT 1 FROM hub_user u "
        "WHERE u.role = session_user AND u.kind = 'salesperson' AND u.owner <> OLD.owner) "
        f"THEN RAISE EXCEPTION USING ERRCODE = '{OWNER_REFUSED}', "
        "MESSAGE = 'salesdesk: only the card''s owner or a manager changes its owner', "
        "DETAIL = NEW.id; END IF; RETURN NEW; END $fn$"
    )
    db.execute_sql("DROP TRIGGER IF EXISTS hub_owner_guard ON card")
    db.execute_sql(
        "CREATE TRIGGER hub_owner_guard BEFORE UPDATE OF owner ON card "
        "FOR EACH ROW EXECUTE FUNCTION hub_owner_guard()"
    )


def _team_summary(db: Any, hub_id: str) -> None:
    """The team view's figures by owner and day, kept by the server (sync/teamsummary.py);
    filled from every card when a hub gets it."""
    from salesdesk.sync import teamsummary

    schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
    definer = f'SECURITY DEFINER SET search_path = "{schema}", pg_temp'
    if teamsummary.install(db, definer, group_role(hub_id, "manager")):
        teamsummary.rebuild(db)


def _indexed_by_card(db: Any, table: str) -> bool:
    """Whether an index of the table starts with card_id (the policy finds a row's card)."""
    return bool(
        db.execute_sql(
            "SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = i.indkey[0] WHERE i.indrelid = %s::regclass AND a.attname = 'card_id'",
            (f'"{table}"',),
        ).fetchone()
    )


def _renumber_logs() -> str:
    """PL/pgSQL giving card_'s logs and change records new usns, so a laptop that may now see
    the card pulls it whole (sharing and handing over; the caller renumbers the card row)."""
    children = [t for t in SYNCED_MODELS if t != "card"]
    renumber = " ".join(
        f"UPDATE \"{t}\" SET usn = nextval('hub_usn') WHERE card_id = card_;" for t in children
    )
    of_rows = " OR ".join(
        f"(c.table_name = '{t}' AND c.row_id IN (SELECT id FROM \"{t}\" WHERE card_id = card_))"
        for t in children
    )
    return (
        f"{renumber}\n        UPDATE change c SET usn = nextval('hub_usn')\n"
        f"            WHERE (c.table_name = 'card' AND c.row_id = card_) OR {of_rows};"
    )


def _share_function(definer: str) -> str:
    """hub_share_card(card, colleague, share): the card's owner or a manager shares a card
    with a salesperson (login or owner name), or takes the share back. Shared, the card, its
    logs and its change records get new usns, so the colleague's laptop pulls it whole;
    unshared, it is listed in hub_gone, so that laptop removes it at its next sync. Pushes
    take turns on hub_state, and so does this."""
    renumber = _renumber_logs()
    return f"""
CREATE OR REPLACE FUNCTION hub_share_card(card_ TEXT, colleague TEXT, share BOOLEAN)
RETURNS TEXT LANGUAGE plpgsql VOLATILE {definer} AS $fn$
DECLARE
    me hub_user%ROWTYPE;
    them hub_user%ROWTYPE;
    holder TEXT;
BEGIN
    SELECT * INTO me FROM hub_user WHERE role = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'salesdesk: % is not a user of this hub', session_user;
    END IF;
    SELECT owner INTO holder FROM card WHERE id = card_;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'salesdesk: the hub holds no card %', card_;
    END IF;
    IF me.kind <> 'manager' AND holder <> me.owner THEN
        RAISE EXCEPTION 'salesdesk: only the card''s owner or a manager shares it';
    END IF;
    SELECT * INTO them FROM hub_user WHERE kind = 'salesperson'
        AND (role = colleague OR owner = colleague) ORDER BY role = colleague DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'salesdesk: % is not a salesperson of this hub', colleague;
    END IF;
    IF them.owner = holder THEN
        RAISE EXCEPTION 'salesdesk: the card is %''s own', colleague;
    END IF;
    PERFORM 1 FROM hub_state WHERE id = 1 FOR UPDATE;
    IF share THEN
        INSERT INTO hub_share (card_id, owner, shared_by) VALUES (card_, them.owner, me.role)
            ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
            RETURN 'already';
        END IF;
        UPDATE card SET usn = nextval('hub_usn') WHERE id = card_;
        {renumber}
    ELSE
        DELETE FROM hub_share WHERE card_id = card_ AND owner = them.owner;
        IF NOT FOUND THEN
            RETURN 'not shared';
        END IF;
        INSERT INTO hub_gone (card_id) VALUES (card_);
    END IF;
    UPDATE hub_state SET usn = currval('hub_usn') WHERE id = 1;
    RETURN them.owner;
END $fn$"""


def _hand_over_function(definer: str) -> str:
    """hub_hand_over(card, successor): a salesperson hands their own card to a colleague.
    Their push cannot write the new owner itself: row-level security wants every row they
    write to stay theirs (or shared with them). So the push writes the card as still theirs,
    then this gives it away with the definer's rights, after the same check as the owner
    guard's; the card and its logs get new usns for the successor's laptop, and hub_gone
    takes it from the previous owner's at their next sync."""
    renumber = _renumber_logs()
    return f"""
CREATE OR REPLACE FUNCTION hub_hand_over(card_ TEXT, successor TEXT)
RETURNS VOID LANGUAGE plpgsql VOLATILE {definer} AS $fn$
DECLARE
    me hub_user%ROWTYPE;
    holder TEXT;
BEGIN
    SELECT * INTO me FROM hub_user WHERE role = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'salesdesk: % is not a user of this hub', session_user;
    END IF;
    SELECT owner INTO holder FROM card WHERE id = card_;
    IF NOT FOUND OR holder = successor THEN
        RETURN;
    END IF;
    IF me.kind <> 'manager' AND holder <> me.owner THEN
        RAISE EXCEPTION USING ERRCODE = '{OWNER_REFUSED}', DETAIL = card_,
            MESSAGE = 'salesdesk: only the card''s owner or a manager changes its owner';
    END IF;
    UPDATE card SET owner = successor, usn = nextval('hub_usn') WHERE id = card_;
    {renumber}
    INSERT INTO hub_gone (card_id) VALUES (card_);
END $fn$"""


@dataclass(frozen=True)
class HubUser:
    role: str
    owner: str  # the name on the cards they own (Card.owner)
    kind: str  # salesperson or manager


def _admin(address: HubAddress, password: str) -> tuple[Any, str]:
    con = connect(address, password)
    with con.cursor() as cur:
        hub_id = _check_hub(cur, address)
    return con, hub_id


def add_user(
    address: HubAddress, password: str, role: str, *, owner: str, kind: str, secret: str
) -> HubUser:
    """Make (or update) a hub user: a PostgreSQL login role in the group of its kind."""
    if kind not in ROLE_KINDS:
        raise HubError(f"'{kind}' is not a hub role: salesperson or manager.")
    if not role.strip() or not owner.strip():
        raise HubError("A hub user needs a login name and the owner name on their cards.")
    con, hub_id = _admin(address, password)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            existed = cur.fetchone() is not None
            quoted = _ident(cur, role)
            if existed:
                cur.execute(f"ALTER ROLE {quoted} LOGIN PASSWORD %s", (secret,))
            else:
                cur.execute(f"CREATE ROLE {quoted} LOGIN PASSWORD %s", (secret,))
            for other in ROLE_KINDS:
                group = _ident(cur, group_role(hub_id, other))
                if other == kind:
                    cur.execute(f"GRANT {group} TO {quoted}")
                else:
                    cur.execute(f"REVOKE {group} FROM {quoted}")
            cur.execute(
                "INSERT INTO hub_user (role, owner, kind, made) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (role) DO UPDATE SET owner = EXCLUDED.owner, kind = EXCLUDED.kind",
                (role, owner.strip(), kind, not existed),
            )
        con.commit()
    except _psycopg2().Error as error:
        con.rollback()
        said = (str(error).strip().splitlines() or [""])[0][:160]
        raise HubError(f"{address.label} could not add the user {role} ({said}).") from None
    finally:
        con.close()
    return HubUser(role, owner.strip(), kind)


def remove_user(address: HubAddress, password: str, role: str) -> None:
    """Take a user off the hub: out of its group (no table is granted to it any more), and
    the login dropped when `add_user` made it."""
    con, hub_id = _admin(address, password)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT made FROM hub_user WHERE role = %s", (role,))
            found = cur.fetchone()
            if found is None:
                raise HubError(f"{role} is not a user of {address.label}.")
            quoted = _ident(cur, role)
            for kind in ROLE_KINDS:
                cur.execute(f"REVOKE {_ident(cur, group_role(hub_id, kind))} FROM {quoted}")
            cur.execute("DELETE FROM hub_user WHERE role = %s", (role,))
            if found[0]:
                cur.execute(f"DROP ROLE IF EXISTS {quoted}")
        con.commit()
    except _psycopg2().Error as error:
        con.rollback()
        said = (str(error).strip().splitlines() or [""])[0][:160]
        raise HubError(f"{address.label} could not remove the user {role} ({said}).") from None
    finally:
        con.close()


def list_users(address: HubAddress, password: str) -> list[HubUser]:
    con, _ = _admin(address, password)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT role, owner, kind FROM hub_user ORDER BY kind, role")
            return [HubUser(str(r), str(o), str(k)) for r, o, k in cur.fetchall()]
    finally:
        con.close()


def share(address: HubAddress, password: str, card_id: str, colleague: str, on: bool = True) -> str:
    """Share a card with a salesperson (their login or owner name), or take it back (on=False);
    done by the card's owner or a manager, checked by the server. The colleague's laptop
    pulls the card whole, or removes it, at its next sync. Returns what happened, in words."""
    con, _ = _admin(address, password)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT hub_share_card(%s, %s, %s)", (card_id, colleague, on))
            outcome = str(cur.fetchone()[0])
        con.commit()
    except _psycopg2().Error as error:
        con.rollback()
        said = (str(error).strip().splitlines() or [""])[0]
        said = said.split("salesdesk: ", 1)[1] if "salesdesk: " in said else said[:160]
        raise HubError(f"{address.label} did not change the share ({said}).") from None
    finally:
        con.close()
    short = card_id[:8]
    if outcome == "already":
        return f"The card {short} was already shared with {colleague}."
    if outcome == "not shared":
        return f"The card {short} is not shared with {colleague}."
    if on:
        return (
            f"The card {short} is shared with {outcome}: it comes to their laptop at its next sync."
        )
    return (
        f"The card {short} is no longer shared with {outcome}: it leaves their laptop at its "
        "next sync."
    )


def shares(address: HubAddress, password: str) -> list[tuple[str, str]]:
    """(card id, colleague's owner name) of the shares this user may see: the hub's owner
    and managers see them all (hub_share is not granted to salespeople)."""
    con, _ = _admin(address, password)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT card_id, owner FROM hub_share ORDER BY owner, card_id")
            return [(str(c), str(o)) for c, o in cur.fetchall()]
    except _psycopg2().Error as error:
        said = (str(error).strip().splitlines() or [""])[0][:160]
        raise HubError(f"{address.label} did not list the shares ({said}).") from None
    finally:
        con.close()


def _ident(cur: Any, name: str) -> str:
    from psycopg2 import sql

    return str(sql.Identifier(name).as_string(cur))


def _hub_version(db: Any) -> int | None:
    found = db.execute_sql("SELECT to_regclass('hub_meta')").fetchone()[0]
    if found is None:
        return None
    row = db.execute_sql("SELECT value FROM hub_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else None


def _add_missing_columns(db: Any, models: list[Any]) -> None:
    """A hub made by an older SalesDesk: the columns a newer schema added to its models."""
    from playhouse.migrate import PostgresqlMigrator, migrate

    migrator = PostgresqlMigrator(db)
    for model in models:
        table = model._meta.table_name
        have = {c.name for c in db.get_columns(table)}
        for fld in model._meta.sorted_fields:
            if fld.column_name not in have:
                migrate(migrator.add_column(table, fld.column_name, fld))


def _check_hub(cur: Any, address: HubAddress) -> str:
    """The hub's id, once it is known to be a SalesDesk hub this program can sync with."""
    cur.execute("SELECT to_regclass('hub_meta') IS NOT NULL")
    if not cur.fetchone()[0]:
        raise HubError(
            f"{address.label} is not a SalesDesk team hub yet: set it up with "
            "salesdesk hub init --url URL."
        )
    cur.execute("SELECT key, value FROM hub_meta WHERE key IN ('hub_id', 'schema_version')")
    meta = dict(cur.fetchall())
    version = int(meta.get("schema_version", "0"))
    if version > SCHEMA_VERSION:
        raise HubError(
            f"{address.label} was made by a newer SalesDesk (schema {version}): "
            "update SalesDesk on this computer."
        )
    if version < SCHEMA_VERSION:
        raise HubError(
            f"{address.label} was made by an older SalesDesk (schema {version}): bring it "
            "up to date with salesdesk hub init --url URL, then sync again."
        )
    return str(meta["hub_id"])


# -- where the laptop keeps the hub ------------------------------------------------------
def remembered(store: Store) -> HubAddress | None:
    """The hub this database joined (its settings), or None."""
    from salesdesk.services import settings

    found = settings.get(SETTING, store=store)  # this file's, not the one opened last
    if not isinstance(found, dict) or not found.get("url") or not found.get("user"):
        return None
    return parse_url(str(found["url"]), str(found["user"]))


def stored_password(address: HubAddress) -> str | None:
    """The password in the system's keychain (keyring), when it has one and it works."""
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, address.keyring_user)
    except Exception:  # no keyring, no backend, a locked keychain: ask instead
        return None
    return str(found) if found else None


def store_password(address: HubAddress, password: str) -> bool:
    """Keep the password in the system's keychain; False when there is none."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, address.keyring_user, password)
    except Exception:  # no keyring or no backend: it will be asked for
        return False
    return True


def join(store: Store, address: HubAddress, password: str) -> str:
    """Check that the hub is there and lets us in, then remember it in the database."""
    from salesdesk.services import settings

    con = connect(address, password)
    try:
        with con.cursor() as cur:
            hub_id = _check_hub(cur, address)
        con.rollback()
    finally:
        con.close()
    with store.write():
        settings.put(SETTING, {"url": address.url, "user": address.user}, store=store)
    return hub_id


# -- sync ---------------------------------------------------------------------------------
@dataclass
class HubSync:
    """What one sync did: the merge of what was pulled, and what went up."""

    hub: str = ""
    pulled: MergeReport = field(default_factory=MergeReport)
    pushed_rows: int = 0
    pushed_changes: int = 0
    usn: int = 0
    # (card id, name) of the cards the hub took from this user that hold work it never got:
    # kept on this laptop, said after every sync until the hub has that work.
    kept: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kept_message(self) -> str:
        if not self.kept:
            return ""
        names = ", ".join(name for _id, name in self.kept)
        return (
            f"No longer shared with you or handed to a colleague on the hub: {names}. This "
            "laptop holds work on them the hub never got, so they stay here and nothing is "
            "lost. Ask the owner or your manager to share them with you again, then sync: "
            "your work goes up, and they leave this laptop when unshared."
        )


@on_store
def sync(
    store: Store,
    address: HubAddress,
    password: str,
    progress: Callable[[int, int, str], Any] | None = None,
) -> HubSync:
    """Pull what the hub has that we lack, then push what it lacks (see the module doc)."""
    if store.read_only:
        raise DatabaseError("This database is open read-only: it cannot take a merge.")
    step = progress or (lambda done, total, text: None)
    con = connect(address, password)
    outcome = HubSync(hub=address.label)
    try:
        with con.cursor() as cur:
            hub_id = _check_hub(cur, address)
            _check_columns(cur, address)
        con.rollback()
        for _ in range(ATTEMPTS):
            step(0, 3, "pull")
            mark, report = _pull(store, con, address, hub_id)
            if report is not None and not outcome.pulled.source:
                outcome.pulled = report
            elif report is not None:  # a second pull, after another laptop's push
                outcome.pulled.add(report)
                for table, counts in report.per_table.items():
                    for key, value in counts.items():
                        outcome.pulled.per_table[table][key] += value
            step(1, 3, "push")
            given: list[str] = []
            pushed = _push(store, con, mark, given)
            if pushed is not None:
                outcome.usn, outcome.pushed_rows, outcome.pushed_changes = pushed
                break
            # Another laptop pushed since our pull: pull again, then push.
        else:
            raise HubError(f"{address.label} is busy with other laptops' syncs: try again.")
        if outcome.usn != mark or given:
            with store.write():
                # Cards this laptop handed to a colleague, all their work sent: the hub
                # keeps them from us now, and its note of that is below our new mark.
                _forget(store, given)
                _set_mark(store, hub_id, outcome.usn)
        outcome.kept = _kept_names(store)
        step(3, 3, "done")
    except _psycopg2().Error as error:
        if getattr(error, "pgcode", None) == OWNER_REFUSED:
            raise _owner_refused(store, address, error) from None
        said = (str(error).strip().splitlines() or [""])[0][:160]
        raise HubError(
            f"The sync with {address.label} stopped ({said}); nothing of the unfinished "
            "step was kept: sync again."
        ) from None
    finally:
        con.close()
    return outcome


@on_store
def _owner_refused(store: Store, address: HubAddress, error: Any) -> HubError:
    """The hub refused our push: this laptop gave a card another owner, which only its
    owner or a manager may. The push is one transaction, so nothing of it was kept; the
    user learns which card and what to do (the change stays here until they undo it)."""
    card_id = str(getattr(error.diag, "message_detail", "") or "")
    found = store.db.execute_sql("SELECT name FROM card WHERE id = ?", (card_id,)).fetchone()
    name = str(found[0]) if found else card_id[:8]
    return HubError(
        f"{address.label} refused your changes: the owner of the card {name} was changed "
        "on this laptop, and only the card's owner or a manager may hand a card over. "
        "Nothing of your changes was sent (the team's changes were brought in). Set the "
        "owner back (the card's History can undo it), then sync again."
    )


def _check_columns(cur: Any, address: HubAddress) -> None:
    cur.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema()"
    )
    have: dict[str, set[str]] = defaultdict(set)
    for table, column in cur.fetchall():
        have[table].add(column)
    for table in HUB_TABLES:
        model = SYNCED_MODELS.get(table, Change)
        missing = [c for c in [*columns_of(model), "usn"] if c not in have[table]]
        if missing:
            raise HubError(
                f"{address.label} lacks the column {table}.{missing[0]}: bring it up to date "
                "with salesdesk hub init --url URL, then sync again."
            )


def _mark(store: Store, hub_id: str) -> int:
    try:
        found = json.loads(store.meta(PULLED) or "{}")
    except ValueError:
        return 0
    if not isinstance(found, dict) or found.get("hub") != hub_id:
        return 0  # another hub (or one made again): everything is pulled once more
    usn = found.get("usn")
    return usn if isinstance(usn, int) else 0


def _set_mark(store: Store, hub_id: str, usn: int) -> None:
    store.set_meta(PULLED, json.dumps({"hub": hub_id, "usn": usn}))


def _pull(
    store: Store, con: Any, address: HubAddress, hub_id: str
) -> tuple[int, MergeReport | None]:
    """Merge every row and change record above our mark; returns (the hub's mark, report)."""
    since = _mark(store, hub_id)
    psycopg2 = _psycopg2()
    con.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_REPEATABLE_READ)
    try:
        with con.cursor() as cur:
            cur.execute("SELECT usn FROM hub_state WHERE id = 1")
            upto = int(cur.fetchone()[0])
            if upto <= since:
                con.rollback()
                return upto, None
            cur.execute("SELECT max(newest) FROM hub_replica")
            horizon = cur.fetchone()[0] or ""
            cur.execute("SELECT replica, device FROM hub_replica WHERE device <> ''")
            devices = dict(cur.fetchall())
            # Cards unshared or handed away since our mark that we may not see now.
            cur.execute(
                "SELECT DISTINCT g.card_id FROM hub_gone g WHERE g.usn > %s AND g.usn <= %s "
                "AND NOT EXISTS (SELECT 1 FROM card c WHERE c.id = g.card_id)",
                (since, upto),
            )
            gone = sorted(r[0] for r in cur.fetchall())
            # Cards kept for their unsent work (below): back in sight (shared again) or not.
            kept_before = _kept(store)
            cur.execute("SELECT id FROM card WHERE id = ANY(%s)", (kept_before,))
            back = {r[0] for r in cur.fetchall()}
            cur.execute("SELECT replica, newest FROM hub_replica")
            vv = dict(cur.fetchall())
        # Nothing lost: a card taken away while this laptop holds work on it the hub never
        # got (the server refuses it now) stays here, listed, until it is shared again (its
        # work then goes up) or the hub gets that work some other way; the others go.
        leaving = sorted(set(gone) | (set(kept_before) - back))
        unsent = _unsent_work(store, vv, leaving)
        with merge_scratch() as scratch:
            path = scratch / "hub.db"
            _write_scratch(store, con, path, since=since, upto=upto, hub_id=hub_id)
            con.rollback()  # the snapshot is read: end it before the (long) merge
            incoming = Incoming(
                path,
                Path(address.label),
                hub_id,
                "team hub",
                {"horizon": horizon} if horizon else {},
                {},
            )

            def commit_with_merge() -> None:
                _forget(store, [c for c in leaving if c not in unsent])
                store.set_meta(KEPT, json.dumps(sorted(unsent)))
                _set_mark(store, hub_id, upto)
                store.set_meta(DEVICES, json.dumps(devices, ensure_ascii=False, sort_keys=True))

            report = merge_incoming(store, incoming, before_commit=commit_with_merge)
    finally:
        if con.status != psycopg2.extensions.STATUS_READY:
            con.rollback()
        con.set_session(isolation_level=psycopg2.extensions.ISOLATION_LEVEL_READ_COMMITTED)
    return upto, report


def _kept(store: Store) -> list[str]:
    try:
        found = json.loads(store.meta(KEPT) or "[]")
    except ValueError:
        return []
    return [str(c) for c in found] if isinstance(found, list) else []


@on_store
def _unsent_work(store: Store, vv: dict[str, str], card_ids: list[str]) -> set[str]:
    """Of these cards, those on which this laptop holds rows or change records the hub lacks
    (stamped after the newest stamp the hub holds of their replica): the card, its logs,
    and the change records of either."""
    if not card_ids:
        return set()
    of_card = " OR ".join(
        [
            "c.row_id = ?",
            *(f'c.row_id IN (SELECT id FROM "{t}" WHERE card_id = ?)' for t in CARD_LOGS),
        ]
    )
    found: set[str] = set()
    with _hub_vv(store, vv):
        for card_id in card_ids:
            if store.db.execute_sql(
                f"SELECT 1 FROM change c {_lacking('c', 'stamp')} AND ({of_card}) LIMIT 1",
                (card_id,) * (len(CARD_LOGS) + 1),
            ).fetchone() or any(
                store.db.execute_sql(
                    f'SELECT 1 FROM "{t}" t {_lacking("t", "created")} AND t.{key} = ? LIMIT 1',
                    (card_id,),
                ).fetchone()
                for t, key in [("card", "id"), *((t, "card_id") for t in CARD_LOGS)]
            ):
                found.add(card_id)
    return found


def _kept_names(store: Store) -> list[tuple[str, str]]:
    named = []
    for card_id in _kept(store):
        found = store.db.execute_sql("SELECT name FROM card WHERE id = ?", (card_id,)).fetchone()
        if found:
            named.append((card_id, str(found[0]) or card_id[:8]))
    return named


def _forget(store: Store, card_ids: list[str]) -> None:
    """Remove from this laptop the cards the hub no longer shows its user (a share taken
    back, a card handed to a colleague): the card, its logs, their change records and
    conflicts, as an erasure does, but recorded nowhere (the card lives on, elsewhere)."""
    from salesdesk.services.privacy import remove_person_rows

    for card_id in card_ids:
        if store.db.execute_sql("SELECT 1 FROM card WHERE id = ?", (card_id,)).fetchone():
            remove_person_rows(store.db, card_id)


@on_store
def _write_scratch(
    store: Store, con: Any, path: Path, *, since: int, upto: int, hub_id: str
) -> None:
    """The hub's rows and change records with since < usn <= upto, as a SalesDesk file
    with the live database's own table definitions (what the merge core reads)."""
    schema = store.db.execute_sql(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'table' AND name IN "
        f"({', '.join('?' * (len(HUB_TABLES) + 2))})",
        (*HUB_TABLES, "meta", "peer"),
    ).fetchall()
    with con.cursor() as cur:
        # Every row is read: the plans that give all of them soonest, not the first ones
        # (a cursor's default plans for a tenth: row by row through the indexes).
        cur.execute("SET LOCAL cursor_tuple_fraction = 1.0")
    out = sqlite3.connect(path)
    try:
        out.execute("PRAGMA journal_mode = OFF")
        out.execute("PRAGMA synchronous = OFF")
        # The ids' index of a first pull's 200,000 contacts, kept up over random ids, in memory.
        out.execute("PRAGMA cache_size = -131072")
        for _name, sql in schema:
            out.execute(sql)
        out.execute("INSERT INTO meta (key, value) VALUES ('replica_id', ?)", (hub_id,))
        for table in HUB_TABLES:
            model = SYNCED_MODELS.get(table, Change)
            columns = columns_of(model)
            listed = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            blobs = [i for i, f in enumerate(model._meta.sorted_fields) if f.field_type == "BLOB"]
            # A named (server-side) cursor: a first pull of a whole team is not held in memory.
            # A first pull names the join the policy implies: the server then reads the
            # logs of our cards by their card_id index, not every log of the team (10
            # million contacts) to test each against the policy.
            joined = (
                " AND card_id IN (SELECT id FROM card)" if not since and table in CARD_LOGS else ""
            )
            with con.cursor(name=f"pull_{table}") as cur:
                cur.execute(
                    f'SELECT {listed} FROM "{table}" WHERE usn > %s AND usn <= %s{joined}',
                    (since, upto),
                )
                while rows := cur.fetchmany(FETCHED_AT_ONCE):
                    if blobs:
                        rows = [_bytes(row, blobs) for row in rows]
                    out.executemany(f'INSERT INTO "{table}" ({listed}) VALUES ({marks})', rows)
        out.commit()
    finally:
        out.close()


def _bytes(row: tuple[Any, ...], blobs: list[int]) -> tuple[Any, ...]:
    values = list(row)
    for index in blobs:
        if values[index] is not None:
            values[index] = bytes(values[index])
    return tuple(values)


@contextmanager
def _hub_vv(store: Store, vv: dict[str, str]) -> Iterator[None]:
    """temp.hub_vv: per replica, the newest stamp the hub holds."""
    db = store.db
    db.execute_sql("DROP TABLE IF EXISTS temp.hub_vv")
    db.execute_sql("CREATE TEMP TABLE hub_vv (replica TEXT PRIMARY KEY, newest TEXT NOT NULL)")
    try:
        db.cursor().executemany("INSERT INTO temp.hub_vv VALUES (?, ?)", sorted(vv.items()))
        yield
    finally:
        db.execute_sql("DROP TABLE IF EXISTS temp.hub_vv")


def _lacking(alias: str, stamp: str) -> str:
    """Rows stamped after the newest stamp the hub holds of their replica."""
    return (
        f"LEFT JOIN temp.hub_vv v ON v.replica = substr({alias}.{stamp}, 21) "
        f"WHERE (v.newest IS NULL OR {alias}.{stamp} > v.newest)"
    )


@on_store
def _push(
    store: Store, con: Any, expected: int, given: list[str] | None = None
) -> tuple[int, int, int] | None:
    """Send what the hub lacks, in one transaction; None when another laptop pushed since
    our pull (pull again first). Returns (the hub's new mark, rows sent, changes sent);
    `given` gets the cards of ours this push handed to a colleague."""
    db = store.db
    try:
        with con.cursor() as cur:
            # Pushes take turns on this row: a usn is committed before any larger one is.
            cur.execute("SELECT usn FROM hub_state WHERE id = 1 FOR UPDATE")
            current = int(cur.fetchone()[0])
            if current != expected:
                con.rollback()
                return None
            cur.execute("SELECT replica, newest FROM hub_replica")
            vv = dict(cur.fetchall())
            newest: dict[str, str] = {}
            created_of: dict[tuple[str, str], str] = {}
            send: dict[str, set[str]] = defaultdict(set)
            changes: list[tuple[Any, ...]] = []
            change_cols = columns_of(Change)
            with _hub_vv(store, vv):
                for table in SYNCED_MODELS:
                    for row_id, created in db.execute_sql(
                        f'SELECT t.id, t.created FROM "{table}" t {_lacking("t", "created")}'
                    ).fetchall():
                        send[table].add(row_id)
                        created_of[(table, row_id)] = created
                        _newer(newest, created)
                picked = ", ".join(f'c."{c}"' for c in change_cols)
                changes = list(
                    db.execute_sql(
                        f"SELECT {picked} FROM change c {_lacking('c', 'stamp')}"
                    ).fetchall()
                )
            table_at, row_at = change_cols.index("table_name"), change_cols.index("row_id")
            stamp_at = change_cols.index("stamp")
            for change in changes:
                _newer(newest, change[stamp_at])
                if change[table_at] in SYNCED_MODELS:
                    send[change[table_at]].add(change[row_at])
            if not newest:
                con.rollback()
                return current, 0, 0
            # Work on a card's log can keep a card its delete would remove: its card too.
            for table in SYNCED_MODELS:
                if table != "card" and "card_id" in columns_of(SYNCED_MODELS[table]):
                    send["card"].update(card_ids_of(store, table, sorted(send[table])))
            lacking = changes
            changes = _leave_out_hidden(store, cur, send, changes, change_cols)
            if len(lacking) != len(changes) or any(r not in send[t] for t, r in created_of):
                # Work held back (cards the hub keeps from us now) must stay "lacking": the
                # hub's newest stamp of its replica stays below it, or it would never go up
                # once the card is shared again (what follows it is sent again then: the
                # hub takes it twice as once).
                newest = _newest_below_held_back(created_of, send, lacking, changes, stamp_at)
            if not changes and not any(send.values()):
                con.rollback()
                return current, 0, 0
            owners_before = _hub_owners(cur, sorted(send["card"]))
            # Our own cards handed to a colleague go up as still ours, then are given away.
            me, giving = _given_away(store, cur, send["card"], owners_before)
            rows = 0
            for table, ids in send.items():
                kept = dict.fromkeys(giving, me) if table == "card" else {}
                rows += _upsert(store, cur, table, sorted(ids), kept)
            listed = ", ".join(f'"{c}"' for c in change_cols)
            for start in range(0, len(changes), BATCH):
                _values(
                    cur,
                    f"INSERT INTO change ({listed}) VALUES %s ON CONFLICT (id) DO NOTHING",
                    changes[start : start + BATCH],
                )
            for card_id, successor in sorted(giving.items()):
                cur.execute("SELECT hub_hand_over(%s, %s)", (card_id, successor))
            still_seen = _hub_owners(cur, sorted(giving))  # a manager still sees them
            handed = sorted(
                card_id
                for card_id, owner in _hub_owners(cur, sorted(owners_before)).items()
                if owner != owners_before[card_id]
            )
            _announce_again(cur, handed)
            # The previous owner's laptop (or every one, for a team's card) lets them go.
            _values(cur, "INSERT INTO hub_gone (card_id) VALUES %s", [(c,) for c in handed])
            _values(
                cur,
                "INSERT INTO hub_replica (replica, newest, device) VALUES %s "
                "ON CONFLICT (replica) DO UPDATE SET "
                "newest = GREATEST(hub_replica.newest, EXCLUDED.newest), "
                "device = CASE WHEN EXCLUDED.device <> '' THEN EXCLUDED.device "
                "ELSE hub_replica.device END",
                [
                    (replica, stamp, store.device_name if replica == store.replica_id else "")
                    for replica, stamp in sorted(newest.items())
                ],
            )
            cur.execute("SELECT currval('hub_usn')")
            mark = int(cur.fetchone()[0])
            cur.execute("UPDATE hub_state SET usn = %s WHERE id = 1", (mark,))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    if given is not None:
        given.extend(sorted(c for c in giving if c not in still_seen))
    return mark, rows, len(changes)


@on_store
def _leave_out_hidden(
    store: Store,
    cur: Any,
    send: dict[str, set[str]],
    changes: list[tuple[Any, ...]],
    change_cols: list[str],
) -> list[tuple[Any, ...]]:
    """Take out of the push the cards the hub no longer shows this user (handed over to a
    colleague), their logs and their change records: the server would refuse them."""
    cur.execute("SELECT hub_hidden_cards(%s)", (sorted(send["card"]),))
    hidden = {r[0] for r in cur.fetchall()}
    if not hidden:
        return changes
    send["card"] -= hidden
    left_out = set(hidden)
    for table in SYNCED_MODELS:
        if table == "card" or not send[table]:
            continue
        ids = sorted(send[table])
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row_id, card_id in store.db.execute_sql(
                f'SELECT id, card_id FROM "{table}" WHERE id IN ({marks})', chunk
            ).fetchall():
                if card_id in hidden:
                    send[table].discard(row_id)
                    left_out.add(row_id)
    row_at = change_cols.index("row_id")
    return [c for c in changes if c[row_at] not in left_out]


def _newest_below_held_back(
    created_of: dict[tuple[str, str], str],
    send: dict[str, set[str]],
    lacking: list[tuple[Any, ...]],
    changes: list[tuple[Any, ...]],
    stamp_at: int,
) -> dict[str, str]:
    """Per replica, the newest stamp sent that is older than every stamp held back (the
    rows and change records the hub lacks that _leave_out_hidden took out of the push)."""
    sending = {c[0] for c in changes}  # a change record's id is its first column
    sent = [c[stamp_at] for c in changes]
    held = [c[stamp_at] for c in lacking if c[0] not in sending]
    for (table, row_id), created in created_of.items():
        (sent if row_id in send[table] else held).append(created)
    first_held: dict[str, str] = {}
    for stamp in held:
        replica = stamp[20:]
        if replica not in first_held or stamp < first_held[replica]:
            first_held[replica] = stamp
    newest: dict[str, str] = {}
    for stamp in sent:
        if stamp[20:] not in first_held or stamp < first_held[stamp[20:]]:
            _newer(newest, stamp)
    return newest


@on_store
def _given_away(
    store: Store, cur: Any, card_ids: set[str], owners_before: dict[str, str]
) -> tuple[str, dict[str, str]]:
    """(our owner name, {card id: successor}) of the cards we send that are ours on the hub,
    or new to it, and that this laptop gave another owner (not the team: '')."""
    mine = sorted(c for c in card_ids if c not in owners_before or owners_before[c])
    if not mine:
        return "", {}
    cur.execute("SELECT hub_owner()")
    me = str(cur.fetchone()[0] or "")
    giving: dict[str, str] = {}
    if not me:
        return me, giving  # not a user of the hub's (its admin): no policy to get round
    for start in range(0, len(mine), 500):
        chunk = mine[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for card_id, owner in store.db.execute_sql(
            f"SELECT id, owner FROM card WHERE id IN ({marks})", chunk
        ).fetchall():
            if owner and owner != me and owners_before.get(card_id, me) == me:
                giving[card_id] = owner
    return me, giving


def _hub_owners(cur: Any, card_ids: list[str]) -> dict[str, str]:
    """The owner of each of these cards on the hub (those it holds and we may see)."""
    found: dict[str, str] = {}
    for start in range(0, len(card_ids), BATCH):
        cur.execute(
            "SELECT id, owner FROM card WHERE id = ANY(%s)", (card_ids[start : start + BATCH],)
        )
        found.update(cur.fetchall())
    return found


def _announce_again(cur: Any, card_ids: list[str]) -> None:
    """Cards handed to another owner: their logs and every change record of them get new
    usns, so the successor's laptop, which could not see them before, pulls them whole."""
    if not card_ids:
        return
    children = [t for t in SYNCED_MODELS if t != "card"]
    for table in children:
        cur.execute(
            f"UPDATE \"{table}\" SET usn = nextval('hub_usn') WHERE card_id = ANY(%s)",
            (card_ids,),
        )
    rows = " OR ".join(
        f"(c.table_name = '{t}' AND c.row_id IN (SELECT id FROM \"{t}\" WHERE card_id = ANY(%s)))"
        for t in children
    )
    cur.execute(
        "UPDATE change c SET usn = nextval('hub_usn') WHERE "
        f"(c.table_name = 'card' AND c.row_id = ANY(%s)) OR {rows}",
        (card_ids,) * (len(children) + 1),
    )


def _newer(newest: dict[str, str], stamp: str) -> None:
    replica = stamp[20:]
    if stamp > newest.get(replica, ""):
        newest[replica] = stamp


@on_store
def _upsert(
    store: Store, cur: Any, table: str, ids: list[str], owners: dict[str, str] | None = None
) -> int:
    """Write our current rows to the hub: new ones, and the derived values of the others
    (owners: cards written with this owner instead of ours, see _given_away)."""
    model = SYNCED_MODELS[table]
    columns = columns_of(model)
    listed = ", ".join(f'"{c}"' for c in columns)
    updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c != "id")
    psycopg2 = _psycopg2()
    blobs = [i for i, f in enumerate(model._meta.sorted_fields) if f.field_type == "BLOB"]
    sent = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute_sql(
            f'SELECT {listed} FROM "{table}" WHERE id IN ({marks})', chunk
        ).fetchall()
        if blobs:
            rows = [
                tuple(
                    psycopg2.Binary(v) if i in blobs and v is not None else v
                    for i, v in enumerate(row)
                )
                for row in rows
            ]
        if owners:
            at = columns.index("owner")
            rows = [
                (*row[:at], owners[row[0]], *row[at + 1 :]) if row[0] in owners else row
                for row in rows
            ]
        _values(
            cur,
            f'INSERT INTO "{table}" ({listed}) VALUES %s ON CONFLICT (id) DO UPDATE SET '
            f"{updates}, usn = nextval('hub_usn')",
            rows,
        )
        sent += len(rows)
    return sent


def _values(cur: Any, sql: str, rows: list[Any]) -> None:
    if not rows:
        return
    from psycopg2.extras import execute_values

    execute_values(cur, sql, rows, page_size=BATCH)
