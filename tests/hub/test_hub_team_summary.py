"""The team view's summary kept on the hub (sync/teamsummary.py) gives the figures of the
plain definition (the team's rows grouped at each read), for the team and each salesperson
and several periods, after the writes that move figures between owners and days: cards
handed over in the middle of the period, cards deleted, work done offline weeks ago that
reaches the hub late, payments, and a manager's own SQL on the hub."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from salesdesk.services import analytics
from salesdesk.sync import hub, teamsummary, teamview
from tests.hub.helpers import SECRETS, do, join, password, sync
from tests.hub.teamdata import team_hub_fixture  # noqa: F401 (the fixture team_hub)


def _as(url: str, user: str) -> Any:
    return teamview.open_team_hub(hub.parse_url(url.replace("hubadmin@", ""), user), SECRETS[user])


def _rounded(value: Any) -> Any:
    """Sums of money in another order differ in the last bits: compared to the cent's
    ten-thousandth."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _periods(laptop: Path) -> list[analytics.Period]:
    p = do(laptop, lambda s: analytics.period("12m", store=s.store))
    quarter = do(laptop, lambda s: analytics.period("3m", store=s.store))
    last_year = analytics.Period(
        "custom", p.start - timedelta(days=365), p.start - timedelta(days=1)
    )
    everything = do(laptop, lambda s: analytics.period("all", store=s.store))
    return [p, quarter, last_year, everything]


def _views(url: str, laptop: Path) -> dict[tuple[str, str | None], Any]:
    """The summary's answers, each checked against the plain one; by (period, owner)."""
    db = _as(url, "zhao")
    found = {}
    try:
        owners: list[str | None] = [None, *teamview.team_owners(db)]
        for p in _periods(laptop):
            for owner in owners:
                kept = teamview.team_comparison(db, p, owner).to_json()
                plain = teamview.team_comparison(db, p, owner, plain=True).to_json()
                assert _rounded(kept) == _rounded(plain), (p.to_json(), owner)
                found[(p.start.isoformat(), owner)] = kept
    finally:
        db.close()
    return found


def _kept(url: str) -> list[tuple[Any, ...]]:
    con = psycopg2.connect(url.replace("hubadmin@", f"hubadmin:{password()}@"))
    try:
        with con.cursor() as cur:
            cur.execute(
                "SELECT metric, owner, key, day, n, amount FROM hub_team_day "
                "WHERE n <> 0 OR amount <> 0 ORDER BY 1, 2, 3, 4"
            )
            return list(cur.fetchall())
    finally:
        con.close()


def _people(view: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["owner"]: row for row in view["people"]}


def test_the_summary_on_the_hub_equals_the_plain_figures_after_handovers_deletes_and_late_work(
    team_hub: tuple[str, Path], tmp_path: Path
) -> None:
    url, laptop = team_hub
    before = _views(url, laptop)
    year = _periods(laptop)[0].start.isoformat()
    giver, taker = sorted(o for o in _people(before[(year, None)]) if o)[:2]

    # A second laptop of the team pulls everything, then works offline for a while.
    late = tmp_path / "late.db"
    join(late, url)
    sync(late)

    def offline_work(session: Any) -> None:
        ids = [
            r[0]
            for r in session.store.db.execute_sql(
                "SELECT id FROM card WHERE owner = ? AND deleted = 0 ORDER BY id LIMIT 6", (taker,)
            )
        ]
        weeks_ago = session.today() - timedelta(days=40)
        for card_id in ids[:3]:
            session.change_grade(
                card_id, "A", reason="见面后签约意向强", at=f"{weeks_ago}T10:00:00"
            )
        deal = session.add_deal(ids[3], amount=9000, product="年度维保", closed_on=weeks_ago).id
        session.set_payment_plan(
            deal, [(weeks_ago + timedelta(days=10), 3000), (weeks_ago + timedelta(days=40), 6000)]
        )
        session.record_payment(deal, amount=1000, paid_on=weeks_ago + timedelta(days=12))
        session.plan_visit(ids[4], weeks_ago)

    do(late, offline_work)

    # Meanwhile the first laptop hands half of one salesperson's cards to another, in the
    # middle of the period (their history goes with them), and deletes three cards.
    def hand_over_and_delete(session: Any) -> list[str]:
        mine = [
            r[0]
            for r in session.store.db.execute_sql(
                "SELECT id FROM card WHERE owner = ? AND deleted = 0 ORDER BY id", (giver,)
            )
        ]
        session.hand_over(mine[::2], taker)
        for card_id in mine[1:7:2]:
            session.delete_card(card_id)
        return mine

    given = do(laptop, hand_over_and_delete)
    sync(laptop)
    moved = _views(url, laptop)
    was, now = _people(before[(year, None)]), _people(moved[(year, None)])
    assert now[giver]["cards"] == was[giver]["cards"] - len(given[::2]) - 3
    assert now[taker]["cards"] == was[taker]["cards"] + len(given[::2])
    assert now[taker]["deals"] >= was[taker]["deals"]
    assert sum(p["cards"] for p in now.values()) == sum(p["cards"] for p in was.values()) - 3

    # The offline work reaches the hub weeks late: it counts on the days it was done.
    sync(late)
    arrived = _views(url, laptop)
    then, after = _people(moved[(year, None)])[taker], _people(arrived[(year, None)])[taker]
    assert after["deals"] == then["deals"] + 1
    assert after["revenue"] == pytest.approx(then["revenue"] + 9000)
    assert after["receivables_overdue"] > then["receivables_overdue"]
    assert after["promotions"] > then["promotions"]

    # A manager's SQL on the hub (owners changed, a visit and a deal removed) is kept too.
    con = psycopg2.connect(url.replace("hubadmin@", f"hubadmin:{password()}@"))
    try:
        with con.cursor() as cur:
            cur.execute(
                "UPDATE card SET owner = %s WHERE id IN (SELECT id FROM card WHERE owner = %s "
                "ORDER BY id LIMIT 5)",
                (giver, taker),
            )
            cur.execute("UPDATE visit SET deleted = 1 WHERE id = (SELECT min(id) FROM visit)")
            cur.execute("DELETE FROM deal WHERE id = (SELECT max(id) FROM deal)")
        con.commit()
    finally:
        con.close()
    _views(url, laptop)

    # Filled again from every card, the summary is the one the writes kept.
    kept = _kept(url)
    address = hub.parse_url(url)
    db = _admin_db(address)
    try:
        with db.atomic():
            teamsummary.rebuild(db)
    finally:
        db.close()
    assert _kept(url) == kept


def _admin_db(address: hub.HubAddress) -> Any:
    from peewee import PostgresqlDatabase

    db = PostgresqlDatabase(
        address.database,
        host=address.host,
        port=address.port,
        user=address.user,
        password=password(),
    )
    db.connect()
    return db


def test_a_salesperson_can_neither_read_nor_write_the_summary(team_hub: tuple[str, Path]) -> None:
    url, _ = team_hub
    secret = SECRETS["liqiang"]
    con = psycopg2.connect(url.replace("hubadmin@", f"liqiang:{secret}@"))
    try:
        for sql in (
            "SELECT count(*) FROM hub_team_day",
            "SELECT count(*) FROM hub_team_card",
            "DELETE FROM hub_team_day",
            "SELECT hub_team_refresh(ARRAY['x'])",
        ):
            with pytest.raises(psycopg2.errors.InsufficientPrivilege), con.cursor() as cur:
                cur.execute(sql)
            con.rollback()
    finally:
        con.close()
