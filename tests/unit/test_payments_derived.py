"""Each installment's stored figures (issue 20): what is paid of it, its place in the plan in
force and, while open, its due day. Today and the receivables read them from an index, so
after every write road (pay, plan, undo, redo, merge, erase) they must equal what the
deal's own reckoning (payments.for_deal) says."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from salesdesk.models.tables import Deal, Payment, database_proxy, derive_payments
from salesdesk.services import payments
from salesdesk.services.session import Session
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import merge_file

TODAY = date(2026, 12, 1)
Figures = dict[str, tuple[int | None, int | None, float | None, str | None]]


def _stored(session: Session) -> Figures:
    with session.store.bound():
        rows = Payment.select(
            Payment.id, Payment.number, Payment.plan_size, Payment.paid, Payment.open_on
        ).tuples()
        return {str(r[0]): (r[1], r[2], r[3], r[4]) for r in rows}


def _reckoned(session: Session) -> Figures:
    """What each row's figures must be, from the deals' own allocation of the receipts."""
    with session.store.bound():
        out: Figures = {
            str(r[0]): (None, None, None, None) for r in Payment.select(Payment.id).tuples()
        }
        for (deal_id,) in Deal.select(Deal.id).tuples():
            entry = payments.for_deal(str(deal_id), TODAY) if _live(str(deal_id)) else None
            for item in entry.installments if entry else ():
                out[item.id] = (
                    item.number,
                    len(entry.installments),
                    item.paid,
                    None if item.status == "paid" else item.due_on.isoformat(),
                )
    return out


def _of_deal(session: Session, figures: Figures, deal_id: str) -> list[Any]:
    """The deal's installments in force, by number."""
    with session.store.bound():
        ids = {
            str(r[0]) for r in Payment.select(Payment.id).where(Payment.deal_id == deal_id).tuples()
        }
    return sorted((figures[i] for i in ids if figures[i][0]), key=lambda v: v[0])


def _live(deal_id: str) -> bool:
    return Deal.get_by_id(deal_id).deleted == 0


def _agrees(session: Session) -> Figures:
    stored = _stored(session)
    assert stored == _reckoned(session)
    # And a derivation from scratch finds the same: nothing stale was left behind.
    with session.store.write():
        derive_payments(database_proxy)
    assert _stored(session) == stored
    return stored


@pytest.fixture
def book(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T09:00:00")
    card = session.create_card(
        {"name": "王敏", "phones": [{"label": "mobile", "number": "13812345678"}]}, grade="A"
    ).id
    other = session.create_card({"name": "李强"}, grade="B").id
    deal = session.add_deal(card, amount=120_000, product="机床", closed_on="2026-09-20").id
    second = session.add_deal(other, amount=9_000, product="刀具", closed_on="2026-10-02").id
    session.set_payment_plan(
        deal, [("2026-10-01", 40_000), ("2026-11-01", 40_000), ("2026-12-06", 40_000)]
    )
    session.set_payment_plan(second, payments.split_plan(9_000, "2026-11-15", 3, 10, "days"))
    return {"card": card, "other": other, "deal": deal, "second": second}


def test_paying_part_then_all_moves_the_stored_figures(session: Session, book: dict) -> None:
    figures = _agrees(session)
    assert sorted(v[3] for v in figures.values() if v[3]) == [
        "2026-10-01",
        "2026-11-01",
        "2026-11-15",
        "2026-11-25",
        "2026-12-05",
        "2026-12-06",
    ]
    session.record_payment(book["deal"], amount=50_000, paid_on="2026-10-02")
    figures = _agrees(session)
    first, second, third = _of_deal(session, figures, book["deal"])
    assert (first[2], first[3]) == (40_000, None)  # paid in full: no longer open
    assert (second[2], second[3]) == (10_000, "2026-11-01")  # partly paid
    assert (third[2], third[3]) == (0, "2026-12-06")
    due = payments.due_payments(TODAY, 7, store=session.store)
    assert [(p.name, p.number, p.remaining) for p in due][:2] == [
        ("王敏", 2, 30_000),
        ("李强", 1, 3_000),
    ]
    assert payments.count_due_payments(TODAY, 7, store=session.store) == len(due) == 5
    session.record_payment(book["deal"], amount=70_000)
    _agrees(session)
    assert [p.name for p in payments.due_payments(TODAY, 7, store=session.store)] == [
        "李强",
        "李强",
        "李强",
    ]


def test_a_replaced_plan_and_undo_and_redo_keep_them_exact(session: Session, book: dict) -> None:
    session.record_payment(book["deal"], amount=40_000, paid_on="2026-10-01")
    session.set_payment_plan(book["deal"], payments.split_plan(120_000, "2026-10-01", 2))
    figures = _agrees(session)
    plan = _of_deal(session, figures, book["deal"])
    assert plan == [(1, 2, 40_000, "2026-10-01"), (2, 2, 0, "2026-11-01")]
    session.undo()  # the plan of three is back in force
    assert [v[2] for v in _of_deal(session, _agrees(session), book["deal"])] == [40_000, 0, 0]
    session.undo()  # and the payment gone
    assert not [v for v in _agrees(session).values() if v[2]]
    session.redo()
    _agrees(session)
    session.redo()
    assert _agrees(session) == figures


def test_a_deleted_card_or_deal_leaves_today_and_the_count(session: Session, book: dict) -> None:
    session.delete_card(book["other"])
    payments.forget()
    due = payments.due_payments(TODAY, 7, store=session.store)
    assert [p.name for p in due] == ["王敏"] * 3
    assert payments.count_due_payments(TODAY, 7, store=session.store) == 3
    with session.store.write("Delete deal"):
        session.store.update("deal", book["deal"], {"deleted": 1})
    payments.forget()
    assert payments.due_payments(TODAY, 7, store=session.store) == []
    assert payments.count_due_payments(TODAY, 7, store=session.store) == 0
    assert payments.receivables(TODAY, store=session.store).outstanding == 0


def test_payments_merged_from_another_laptop_are_counted(
    session: Session, book: dict, tmp_path: Path
) -> None:
    copy = tmp_path / "laptop-b.db"
    shutil.copy(export_sync_file(session.store, tmp_path / "seed.salesdesk"), copy)
    other = Session.open(copy)
    try:
        other.record_payment(book["deal"], amount=60_000, paid_on="2026-10-05")
        other.record_payment(book["second"], amount=3_000, paid_on="2026-11-15")
        file = export_sync_file(other.store, tmp_path / "b.salesdesk")
    finally:
        other.close()
    session.record_payment(book["deal"], amount=10_000, paid_on="2026-11-20")
    merge_file(session.store, file)
    figures = _agrees(session)
    assert sum(v[2] or 0 for v in figures.values()) == 73_000
    payments.forget()
    due = {
        (p.name, p.number): p.remaining
        for p in payments.due_payments(TODAY, 7, store=session.store)
    }
    assert due == {("李强", 2): 3_000, ("李强", 3): 3_000, ("王敏", 2): 10_000, ("王敏", 3): 40_000}


def test_an_erased_person_takes_their_installments_others_stay_exact(
    session: Session, book: dict
) -> None:
    session.record_payment(book["second"], amount=4_000)
    session.erase_person(book["other"])
    figures = _agrees(session)
    assert len(figures) == 3
    payments.forget()
    assert {p.name for p in payments.due_payments(TODAY, 7, store=session.store)} == {"王敏"}
    assert payments.receivables(TODAY, store=session.store).outstanding == 120_000


def test_a_new_deal_paid_at_once_is_not_open(session: Session, book: dict) -> None:
    deal = session.add_deal(
        book["card"], amount=5_000, product="保养", closed_on="2026-11-30", paid_at_once=True
    ).id
    with session.store.bound():
        rows = list(Payment.select().where(Payment.deal_id == deal).dicts())
    installment = next(r for r in rows if r["kind"] == "installment")
    assert (installment["paid"], installment["open_on"]) == (5_000, None)
    _agrees(session)


def test_a_demo_book_and_the_migration_derive_them(tmp_path: Path) -> None:
    from salesdesk.services.demo import generate

    path = tmp_path / "demo.db"
    session = Session.open(path)
    try:
        generate(session.store, cards=300, seed=3)
        figures = _agrees(session)
        assert any(v[3] for v in figures.values())
        assert any(v[2] for v in figures.values())
        # A file of the build before the figures were kept: the migration derives them.
        with session.store.write():
            database_proxy.execute_sql("UPDATE payment SET number = NULL, paid = NULL")
        from salesdesk.models.migrations import _v6_payment_derived

        database_proxy.execute_sql("DROP INDEX payment_open_on")
        for column in ("number", "plan_size", "paid", "open_on"):
            database_proxy.execute_sql(f"ALTER TABLE payment DROP COLUMN {column}")
        _v6_payment_derived(session.store.db)
        assert _stored(session) == figures
    finally:
        session.close()


def test_deals_with_two_live_plans_old_plans_and_deleted_rows_derive_as_reckoned(
    tmp_path: Path,
) -> None:
    """The plan in force and what was received are ranked and summed over each deal's rows
    (windows, not joins): deals merged with two live plans, rows of plans from before plans
    had ids, deleted rows; 500 deals a statement and the whole table agree with the deals'
    own reckoning, on a laptop without statistics (a new laptop after its first pull)."""
    from salesdesk.services.demo import generate

    session = Session.open(tmp_path / "demo.db")
    try:
        generate(session.store, cards=600, seed=5)
        with session.store.write():
            db = session.store.db
            db.execute_sql("DROP TABLE IF EXISTS sqlite_stat1")
            deals = [
                str(r[0])
                for r in db.execute_sql(
                    "SELECT DISTINCT deal_id FROM payment WHERE kind = 'installment' "
                    "ORDER BY deal_id LIMIT 30"
                ).fetchall()
            ]
            assert len(deals) == 30
            for n, deal in enumerate(deals[:10]):  # a second plan, made later or earlier
                db.execute_sql(
                    "UPDATE payment SET plan_id = ?, created = substr(created, 1, 12) || ? "
                    "|| substr(created, 14) WHERE id IN (SELECT id FROM payment "
                    "WHERE deal_id = ? AND kind = 'installment' ORDER BY id LIMIT 1)",
                    (f"second-plan-{n}", "9" if n % 2 else "0", deal),
                )
            for deal in deals[10:20]:  # a plan from before plans had ids
                db.execute_sql(
                    "UPDATE payment SET plan_id = NULL WHERE deal_id = ? AND kind = 'installment'",
                    (deal,),
                )
            for deal in deals[20:]:  # a row deleted
                db.execute_sql(
                    "UPDATE payment SET deleted = 1 WHERE id IN (SELECT id FROM payment "
                    "WHERE deal_id = ? ORDER BY id LIMIT 1)",
                    (deal,),
                )
            payments.refresh_plans(deals)  # 500 deals a statement
        by_deal = _stored(session)
        assert by_deal == _reckoned(session)
        assert sum(1 for v in by_deal.values() if v[0]) > 50
        with session.store.write():
            derive_payments(database_proxy)  # the whole table at once
        assert _stored(session) == by_deal
    finally:
        session.close()
