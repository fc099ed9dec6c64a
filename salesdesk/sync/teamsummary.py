"""The team view's summary on the hub: each salesperson's figures by day, kept by the server.

The team dashboard of a 1.4-million-card hub cannot group the team's rows at each read
(3.5 s and more). So the hub keeps, for every card, the rows it adds to the team's figures
(`hub_team_card`: card, owner, metric, key, day, count, amount) and their sums by owner,
metric, key and day (`hub_team_day`, a few tens of thousands of rows); the team view sums
the days of its period from there (sync/teamview.py).

A card's rows are the plain definition's queries (the ones teamview reads with
`plain=True`) restricted to that card, so the sums are the plain figures by construction:
a card handed over moves all its rows to the new owner, a deleted card has none, and a
change that arrives late (an edit made offline last month) is counted on its own day.
Triggers on the tables the figures read list the cards a write touched (`hub_team_dirty`);
at commit (a deferred trigger, inside the writer's transaction: a push, a share, an owner's
SQL) the server takes those cards' old rows off the sums and adds their new ones. The
functions run with the hub owner's rights: salespeople cannot write the summary, and only
managers may read it.

At the budget's scale (1.4 million cards) the cards' rows are about 9 million (1.1 GB with
the sums) and filling them from every card takes minutes: `hub init` does it once, when a
hub gets the summary or a new version of it. A day's push refreshes its few cards in
milliseconds.

Metrics (key: a grade where one is named; day: ISO day text unless said):
    grade        the card now (key its grade, no day)
    promotion    a grade step up / down on its day
    demotion
    new          a card's first grade (from nothing)
    shift        per grade, how the count of a day before the period differs from now:
                 the sum over days from the period's start is the plain `start_shift`
    planned      a visit not cancelled, on its due day
    done         a visit done, on its done day
    overdue      a planned visit, on the day it becomes overdue (counted when before today)
    deal         deals and their amount, on the closing day
    collected    receipts of live deals (amount), on the paid day (the stored day text)
    unpaid       what is left of an installment (amount), on its due day
    unpaid_card  a card with something unpaid, on its earliest due day
    single       a customer of one deal (amount), on its day; single_wallet: of those with
                 a potential (annual spend) above 0, the potential; single_wallet_sales:
                 their deal's amount (summary._Singles counts them by day alone)
    repeat       a customer of more deals (no day): the team view reads their deals
"""

from __future__ import annotations

from typing import Any

from salesdesk.services.payments import unpaid_sql

# The columns whose change can change a card's figures (others, e.g. notes or usn, cannot).
WATCHED = {
    "card": ("owner", "grade", "deleted", "annual_spend"),
    "grade_change": ("card_id", "deleted", "at", "from_grade", "to_grade"),
    "visit": ("card_id", "deleted", "due_on", "status", "done_at", "planned_from", "hand_set"),
    "deal": ("card_id", "deleted", "closed_on", "amount"),
    "payment": ("card_id", "deal_id", "deleted", "kind", "plan_id", "day", "amount", "created"),
}

# A grade's place, as domain.grades.grade_rank (anything else after F).
_RANK = "CASE WHEN {g} IN ('A','B','C','D','E','F') THEN position({g} IN 'ABCDEF') ELSE 7 END"


def rows_sql(cards: str, payments: str, *, every: bool = False) -> str:
    """The rows the cards picked by `cards` (a condition on card.id) add to the figures:
    (card_id, owner, metric, key, day, n, amount). `payments`: the same on payment.card_id,
    as services.payments' `live` clause ("AND …"). `every`: every card (the fill), whose
    grade steps are read whole rather than looked up card by card."""
    before = _RANK.format(g="g.from_grade")
    after = _RANK.format(g="g.to_grade")
    unpaid = unpaid_sql(payments, postgresql=True).strip()
    picked = "" if every else "AND g.card_id IN (SELECT id FROM c)"
    assert unpaid.startswith("WITH ")
    return f"""
    {unpaid},
    c AS MATERIALIZED (
        SELECT id, owner, grade, annual_spend FROM card WHERE deleted = 0 AND {cards}),
    bought AS (
        SELECT d.card_id, count(*) AS deals, min(substr(d.closed_on, 1, 10)) AS day,
            sum(coalesce(d.amount, 0))::numeric AS amount
        FROM deal d JOIN c ON c.id = d.card_id WHERE d.deleted = 0 GROUP BY 1),
    gc AS (
        SELECT g.card_id, g.at, g.from_grade, g.to_grade, {before} AS before, {after} AS after,
            lead(g.from_grade) OVER w AS next_from, lead(g.id) OVER w AS next_id
        FROM grade_change g WHERE g.deleted = 0 {picked}
        WINDOW w AS (PARTITION BY g.card_id ORDER BY g.at, g.id)),
    zone AS (SELECT coalesce((SELECT value FROM hub_meta WHERE key = 'time_zone'), 'UTC') AS tz),
    team_rows (card_id, owner, metric, key, day, n, amount) AS (
        SELECT c.id, c.owner, 'grade', coalesce(c.grade, ''), '', 1, 0::numeric FROM c
        UNION ALL
        SELECT g.card_id, c.owner, CASE WHEN g.after < g.before THEN 'promotion'
            ELSE 'demotion' END, '', left(g.at, 10), 1, 0
        FROM gc g JOIN c ON c.id = g.card_id
        WHERE g.from_grade IS NOT NULL AND g.after <> g.before
        UNION ALL
        SELECT g.card_id, c.owner, 'new', '', left(g.at, 10), 1, 0
        FROM gc g JOIN c ON c.id = g.card_id WHERE g.from_grade IS NULL
        UNION ALL
        -- From a period's start S, the grades of the day before are now's, less each moved
        -- card's grade now, plus the from-grade of its first step since S. Summed over the
        -- days from S: each step's from-grade, less the next step's (so only the first
        -- remains), less the grade now on the day of the card's last step.
        SELECT g.card_id, c.owner, 'shift', g.from_grade, left(g.at, 10), 1, 0
        FROM gc g JOIN c ON c.id = g.card_id WHERE g.from_grade IS NOT NULL
        UNION ALL
        SELECT g.card_id, c.owner, 'shift', g.next_from, left(g.at, 10), -1, 0
        FROM gc g JOIN c ON c.id = g.card_id WHERE g.next_from IS NOT NULL
        UNION ALL
        SELECT g.card_id, c.owner, 'shift', coalesce(c.grade, ''), left(g.at, 10), -1, 0
        FROM gc g JOIN c ON c.id = g.card_id WHERE g.next_id IS NULL
        UNION ALL
        SELECT v.card_id, c.owner, 'planned', '', left(v.due_on, 10), 1, 0
        FROM visit v JOIN c ON c.id = v.card_id
        WHERE v.deleted = 0 AND v.status <> 'cancelled'
        UNION ALL
        SELECT v.card_id, c.owner, 'done', '', left(v.done_at, 10), 1, 0
        FROM visit v JOIN c ON c.id = v.card_id
        WHERE v.deleted = 0 AND v.status = 'done' AND v.done_at IS NOT NULL
        UNION ALL
        -- The agenda's rule (analytics._OVERDUE_SQL): overdue past twice the interval from
        -- the day the visit was planned from; with none, its making day in the hub's zone.
        SELECT card_id, owner, 'overdue', '', (CASE WHEN base IS NULL OR base >= due
            THEN due ELSE due + (due - base) END)::text, 1, 0
        FROM (SELECT v.card_id, c.owner, left(v.due_on, 10)::date AS due,
                coalesce(left(v.planned_from, 10)::date, CASE WHEN v.hand_set <> 0 THEN NULL
                ELSE (to_timestamp(substr(v.created, 1, 13)::bigint / 1000.0)
                    AT TIME ZONE (SELECT tz FROM zone))::date END) AS base
            FROM visit v JOIN c ON c.id = v.card_id
            WHERE v.deleted = 0 AND v.status = 'planned') o
        UNION ALL
        SELECT d.card_id, c.owner, 'deal', '', substr(d.closed_on, 1, 10), 1,
            coalesce(d.amount, 0)::numeric
        FROM deal d JOIN c ON c.id = d.card_id WHERE d.deleted = 0
        UNION ALL
        SELECT b.card_id, c.owner, 'single', '', b.day, 1, b.amount
        FROM bought b JOIN c ON c.id = b.card_id WHERE b.deals = 1
        UNION ALL
        SELECT b.card_id, c.owner, 'single_wallet', '', b.day, 1, c.annual_spend::numeric
        FROM bought b JOIN c ON c.id = b.card_id WHERE b.deals = 1 AND c.annual_spend > 0
        UNION ALL
        SELECT b.card_id, c.owner, 'single_wallet_sales', '', b.day, 0, b.amount
        FROM bought b JOIN c ON c.id = b.card_id WHERE b.deals = 1 AND c.annual_spend > 0
        UNION ALL
        SELECT b.card_id, c.owner, 'repeat', '', '', 1, 0
        FROM bought b JOIN c ON c.id = b.card_id WHERE b.deals > 1
        UNION ALL
        SELECT p.card_id, c.owner, 'collected', '', p.day, 0, coalesce(p.amount, 0)::numeric
        FROM payment p JOIN c ON c.id = p.card_id JOIN deal d ON d.id = p.deal_id
        WHERE p.deleted = 0 AND p.kind = 'receipt' AND d.deleted = 0
        UNION ALL
        SELECT u.card_id, c.owner, 'unpaid', '', u.day, 0, u.remaining::numeric
        FROM unpaid u JOIN c ON c.id = u.card_id
        UNION ALL
        SELECT u.card_id, c.owner, 'unpaid_card', '', min(u.day), 1, 0
        FROM unpaid u JOIN c ON c.id = u.card_id GROUP BY 1, 2)
    """


_CARD_INDEXES = (
    "CREATE INDEX IF NOT EXISTS hub_team_card_id ON hub_team_card (card_id)",
    "CREATE INDEX IF NOT EXISTS hub_team_card_repeat ON hub_team_card (owner, card_id) "
    "WHERE metric = 'repeat'",
)
# The sums, by owner, metric, key and day, of the cards' rows.
_DAY = "hub_team_day (owner, metric, key, day, n, amount)"
# hub_meta 'team_summary': the metrics' version; a hub with another is filled again.
VERSION = "2"


def version(db: Any) -> str | None:
    """The summary's version on this hub (None: made before it)."""
    found = db.execute_sql("SELECT value FROM hub_meta WHERE key = 'team_summary'").fetchone()
    return str(found[0]) if found else None


def install(db: Any, definer: str, manager: str) -> bool:
    """Make (or bring up to date) the summary's tables, functions and triggers; True when
    the tables are new and must be filled (`rebuild`)."""
    made = version(db) != VERSION
    db.execute_sql(
        "INSERT INTO hub_meta VALUES ('time_zone', current_setting('TimeZone')) "
        "ON CONFLICT (key) DO NOTHING"
    )
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS hub_team_card (card_id TEXT NOT NULL, owner TEXT NOT NULL, "
        "metric TEXT NOT NULL, key TEXT NOT NULL, day TEXT NOT NULL, n BIGINT NOT NULL, "
        "amount NUMERIC NOT NULL)"
    )
    for sql in _CARD_INDEXES:
        db.execute_sql(sql)
    db.execute_sql(
        "CREATE TABLE IF NOT EXISTS hub_team_day (owner TEXT NOT NULL, metric TEXT NOT NULL, "
        "key TEXT NOT NULL, day TEXT NOT NULL, n BIGINT NOT NULL, amount NUMERIC NOT NULL, "
        "PRIMARY KEY (metric, owner, key, day))"
    )
    db.execute_sql("CREATE TABLE IF NOT EXISTS hub_team_dirty (card_id TEXT PRIMARY KEY)")
    fresh = rows_sql("id = ANY(ids)", "AND p.card_id = ANY(ids)")
    # %: the statements go through the driver's parameter formatting.
    db.execute_sql(
        f"""CREATE OR REPLACE FUNCTION hub_team_refresh(ids TEXT[]) RETURNS VOID
        LANGUAGE sql VOLATILE {definer} AS $fn$
        WITH gone AS (
            DELETE FROM hub_team_card WHERE card_id = ANY(ids)
            RETURNING owner, metric, key, day, -n AS n, -amount AS amount),
        made AS (
            INSERT INTO hub_team_card (card_id, owner, metric, key, day, n, amount)
            {fresh} SELECT card_id, owner, metric, coalesce(key, ''), coalesce(day, ''),
                sum(n), sum(amount) FROM team_rows GROUP BY 1, 2, 3, 4, 5
            RETURNING owner, metric, key, day, n, amount),
        delta AS (
            SELECT owner, metric, key, day, sum(n) AS n, sum(amount) AS amount
            FROM (SELECT * FROM gone UNION ALL SELECT * FROM made) x GROUP BY 1, 2, 3, 4
            HAVING sum(n) <> 0 OR sum(amount) <> 0)
        INSERT INTO {_DAY} SELECT * FROM delta ORDER BY metric, owner, key, day
        ON CONFLICT (metric, owner, key, day) DO UPDATE
            SET n = hub_team_day.n + EXCLUDED.n, amount = hub_team_day.amount + EXCLUDED.amount
        $fn$""".replace("%", "%%")
    )
    # The cards a transaction touched, refreshed once at its commit (the first deferred
    # call takes them all; the others find none).
    db.execute_sql(
        f"""CREATE OR REPLACE FUNCTION hub_team_flush() RETURNS TRIGGER
        LANGUAGE plpgsql VOLATILE {definer} AS $fn$
        DECLARE ids TEXT[];
        BEGIN
            -- One writer's refresh at a time (pushes take turns anyway; a manager's SQL may
            -- not): the next one's statements then see the rows the previous one kept.
            PERFORM pg_advisory_xact_lock(hashtext('salesdesk hub_team'));
            WITH taken AS (DELETE FROM hub_team_dirty RETURNING card_id)
            SELECT array_agg(card_id ORDER BY card_id) INTO ids FROM taken;
            IF ids IS NOT NULL THEN
                PERFORM hub_team_refresh(ids);
            END IF;
            RETURN NULL;
        END $fn$"""
    )
    db.execute_sql(
        f"""CREATE OR REPLACE FUNCTION hub_team_touch() RETURNS TRIGGER
        LANGUAGE plpgsql VOLATILE {definer} AS $fn$
        BEGIN
            IF TG_TABLE_NAME = 'card' THEN
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO hub_team_dirty VALUES (NEW.id) ON CONFLICT DO NOTHING;
                ELSE
                    INSERT INTO hub_team_dirty VALUES (OLD.id) ON CONFLICT DO NOTHING;
                END IF;
            ELSE
                IF TG_OP <> 'INSERT' THEN
                    INSERT INTO hub_team_dirty VALUES (OLD.card_id) ON CONFLICT DO NOTHING;
                END IF;
                IF TG_OP <> 'DELETE' THEN
                    INSERT INTO hub_team_dirty VALUES (NEW.card_id) ON CONFLICT DO NOTHING;
                END IF;
            END IF;
            RETURN NULL;
        END $fn$"""
    )
    db.execute_sql("DROP TRIGGER IF EXISTS hub_team_flush ON hub_team_dirty")
    db.execute_sql(
        "CREATE CONSTRAINT TRIGGER hub_team_flush AFTER INSERT ON hub_team_dirty "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hub_team_flush()"
    )
    for table, columns in WATCHED.items():
        old = ", ".join(f'OLD."{c}"' for c in columns)
        new = ", ".join(f'NEW."{c}"' for c in columns)
        for name in (f"{table}_team", f"{table}_team_change"):
            db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        db.execute_sql(
            f'CREATE TRIGGER "{table}_team" AFTER INSERT OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION hub_team_touch()"
        )
        db.execute_sql(
            f'CREATE TRIGGER "{table}_team_change" AFTER UPDATE ON "{table}" FOR EACH ROW '
            f"WHEN (ROW({old}) IS DISTINCT FROM ROW({new})) EXECUTE FUNCTION hub_team_touch()"
        )
    for function in ("hub_team_refresh(TEXT[])", "hub_team_flush()", "hub_team_touch()"):
        db.execute_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
    db.execute_sql(f'GRANT SELECT ON hub_team_day TO "{manager}"')
    db.execute_sql(f'GRANT SELECT ON hub_team_card TO "{manager}"')
    db.execute_sql(
        "INSERT INTO hub_meta VALUES ('team_summary', %s) "
        "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        (VERSION,),
    )
    return made


def rebuild(db: Any) -> None:
    """Fill the summary again from every card (a hub made before it, or loaded in bulk
    with the triggers off): the hub owner's work, in the caller's transaction.

    The cards' rows go in as the figures' queries give them, not grouped by card, metric,
    key and day (a sort of every row: 9.3 million at the budget's scale, most of the fill's
    time): a card's rows may repeat a key until its first refresh groups them, which sums
    the same. The table's indexes are made after its rows, sorted once, rather than kept
    up row by row."""
    # No JIT compilation of the figures' queries (seconds on a loaded server, as for the
    # hub's other reads: hub.connect).
    db.execute_sql("SET LOCAL jit = off")
    db.execute_sql("TRUNCATE hub_team_card, hub_team_day, hub_team_dirty")
    db.execute_sql("DROP INDEX IF EXISTS hub_team_card_id")
    db.execute_sql("DROP INDEX IF EXISTS hub_team_card_repeat")
    db.execute_sql(
        "INSERT INTO hub_team_card (card_id, owner, metric, key, day, n, amount) "
        + rows_sql("true", "", every=True)
        + "SELECT card_id, owner, metric, coalesce(key, ''), coalesce(day, ''), n, amount "
        "FROM team_rows"
    )
    for sql in _CARD_INDEXES:
        db.execute_sql(sql)
    db.execute_sql(
        f"INSERT INTO {_DAY} SELECT owner, metric, key, day, sum(n), sum(amount) "
        "FROM hub_team_card GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(amount) <> 0"
    )
    db.execute_sql("ANALYZE hub_team_card")
    db.execute_sql("ANALYZE hub_team_day")
