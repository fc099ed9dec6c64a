"""Payment plans and collections (issue 20): plans that add up, payments, paid/due/overdue."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.services import payments

TODAY = date(2026, 12, 1)


@pytest.fixture
def deal(session: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T09:00:00")
    card_id = session.create_card(
        {
            "name": "王敏",
            "company": "东方贸易",
            "phones": [{"label": "mobile", "number": "13812345678"}],
        },
        grade="A",
    ).id
    deal_id = session.add_deal(card_id, amount=120_000, product="机床", closed_on="2026-09-20").id
    return {"card": card_id, "deal": deal_id}


def _rows(session: Any) -> list[dict[str, Any]]:
    return sorted(session.dump()["payment"], key=lambda r: (r["kind"], r["day"]))


def test_split_plan_adds_up_to_the_cent_and_steps_by_months() -> None:
    plan = payments.split_plan(100_000, "2027-01-31", 3, 1, "months")
    assert [d.isoformat() for d, _ in plan] == ["2027-01-31", "2027-02-28", "2027-03-31"]
    assert [a for _, a in plan] == [33_333.33, 33_333.33, 33_333.34]
    assert payments.split_plan(900, "2027-01-01", 3, 10, "days")[2][0] == date(2027, 1, 21)


def test_three_installments_one_paid_one_due_one_overdue(session: Any, deal: dict) -> None:
    plan = [("2026-10-01", 40_000), ("2026-10-20", 40_000), ("2026-12-06", 40_000)]
    result = session.set_payment_plan(deal["deal"], plan)
    assert result.changed.agenda
    assert result.changed.figures
    assert deal["card"] in result.changed.cards
    session.record_payment(deal["deal"], amount=40_000, paid_on="2026-10-01", method="transfer")
    (entry,) = session.payments(deal["card"])
    assert [i.status for i in entry.installments] == ["paid", "overdue", "due"]
    assert entry.installments[0].paid_on == date(2026, 10, 1)
    assert entry.outstanding == 80_000
    assert entry.overdue == 40_000
    due = payments.due_payments(TODAY, 7)
    assert [(p.number, p.days_overdue, p.phone) for p in due] == [
        (2, 42, "13812345678"),
        (3, 0, "13812345678"),
    ]
    figures = payments.receivables(TODAY, date(2026, 10, 1), date(2026, 10, 31))
    assert figures.outstanding == 80_000
    assert figures.aged == {"1-30": 0.0, "31-60": 40_000.0, "61-90": 0.0, "90+": 0.0}
    assert figures.collected == 40_000


def test_partial_payments_fill_installments_in_due_order(session: Any, deal: dict) -> None:
    session.set_payment_plan(deal["deal"], payments.split_plan(120_000, "2026-11-01", 3, 1))
    session.record_payment(deal["deal"], amount="50,000", paid_on="2026-11-02")
    (entry,) = session.payments(deal["card"])
    assert [(i.status, i.paid) for i in entry.installments] == [
        ("paid", 40_000),
        ("due", 10_000),
        ("due", 0),
    ]
    # Default amount: what is left of the installment named.
    second = entry.installments[1].id
    session.record_payment(second)
    (entry,) = session.payments(deal["card"])
    assert entry.installments[1].status == "paid"
    assert entry.paid == 80_000


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ([("2026-12-01", 100_000)], "The installments add up to 100,000, not the deal's 120,000."),
        ([("2026-12-01", -10), ("2027-01-01", 120_010)], "An amount must be more than 0, not -10."),
        ([("2026-02-30", 120_000)], "'2026-02-30' is not a date on the calendar."),
        ([("2026-12-01", "abc")], "'abc' is not an amount."),
        ([], "A plan needs at least one installment."),
    ],
)
def test_a_bad_plan_is_refused_and_changes_nothing(
    session: Any, deal: dict, plan: list, message: str
) -> None:
    before = session.dump()
    with pytest.raises(InvalidValue) as refused:
        session.set_payment_plan(deal["deal"], plan)
    assert refused.value.english() == message
    assert session.dump() == before


def test_paying_more_than_due_is_refused(session: Any, deal: dict) -> None:
    with pytest.raises(InvalidValue, match="no payment plan"):
        session.record_payment(deal["deal"], amount=10)
    session.set_payment_plan(deal["deal"], [("2026-12-01", 120_000)])
    session.record_payment(deal["deal"], amount=100_000)
    before = session.dump()
    with pytest.raises(InvalidValue) as refused:
        session.record_payment(deal["deal"], amount=20_000.01)
    assert refused.value.english() == "20,000.01 is more than the 20,000 still due on this deal."
    with pytest.raises(InvalidValue, match="not a payment method"):
        session.record_payment(deal["deal"], amount=1, method="barter")
    with pytest.raises(InvalidValue, match="more than 0"):
        session.record_payment(deal["deal"], amount=0)
    with pytest.raises(NotFound):
        session.record_payment("no-such-deal", amount=1)
    assert session.dump() == before


def test_a_new_plan_replaces_the_old_and_undo_brings_it_back(session: Any, deal: dict) -> None:
    session.set_payment_plan(deal["deal"], [("2026-12-01", 120_000)])
    session.record_payment(deal["deal"], amount=30_000)
    session.set_payment_plan(deal["deal"], payments.split_plan(120_000, "2026-12-01", 4, 1))
    (entry,) = session.payments(deal["card"])
    assert len(entry.installments) == 4
    assert entry.paid == 30_000
    # A plan of less than is paid cannot be (the deal was edited to less elsewhere).
    session.store.db.execute_sql("UPDATE deal SET amount = 20000 WHERE id = ?", (deal["deal"],))
    with pytest.raises(InvalidValue, match="paid on this deal already"):
        session.set_payment_plan(deal["deal"], [("2026-12-01", 20_000)])
    session.store.db.execute_sql("UPDATE deal SET amount = 120000 WHERE id = ?", (deal["deal"],))
    session.undo()
    (entry,) = session.payments(deal["card"])
    assert [i.amount for i in entry.installments] == [120_000]
    # Every payment row is synced: it carries a creation stamp and the replaced plan a delete.
    rows = _rows(session)
    assert {r["kind"] for r in rows} == {"installment", "receipt"}
    deletes = [c for c in session.dump()["change"] if c["table_name"] == "payment"]
    assert deletes
    assert all(json.loads(c["new"]).keys() == {"deleted"} for c in deletes)


def test_the_card_history_lists_payment_activity_for_a_racing_delete(
    session: Any, deal: dict
) -> None:
    from salesdesk.models.store import card_events

    session.set_payment_plan(deal["deal"], [("2026-12-01", 120_000)])
    tables = {event[1] for event in card_events(session.store.db, deal["card"])}
    assert "payment" in tables


def test_todays_collections_follow_every_write_that_changes_them(session: Any, deal: dict) -> None:
    """The list is kept between reads (100,000 cards): each write that changes it is seen."""
    session.set_payment_plan(deal["deal"], payments.split_plan(120_000, "2026-11-01", 3))

    def listed() -> list[tuple[str, int, float]]:
        return [(p.name, p.number, p.remaining) for p in payments.due_payments(TODAY, 7)]

    assert listed() == [("王敏", 1, 40_000), ("王敏", 2, 40_000)]
    assert payments.cards_with_overdue(TODAY) == {deal["card"]}
    session.record_payment(deal["deal"], amount=10_000)
    assert listed() == [("王敏", 1, 30_000), ("王敏", 2, 40_000)]
    session.edit_card(deal["card"], {"name": "王敏敏"})
    assert listed() == [("王敏敏", 1, 30_000), ("王敏敏", 2, 40_000)]
    session.delete_card(deal["card"])
    assert listed() == []
    assert payments.cards_with_overdue(TODAY) == set()
    session.undo()
    assert listed() == [("王敏敏", 1, 30_000), ("王敏敏", 2, 40_000)]
    session.undo()
    session.undo()
    assert listed() == [("王敏", 1, 40_000), ("王敏", 2, 40_000)]


def test_a_name_edit_reads_the_names_again_but_keeps_the_overdue_marks(
    session: Any, deal: dict
) -> None:
    """Issue 16: the card list reads its overdue marks after each edit of a name; an edit
    that changes nothing owed keeps them remembered (no query on the window's thread)."""
    session.set_payment_plan(deal["deal"], payments.split_plan(120_000, "2026-11-01", 3))
    assert payments.cards_with_overdue(TODAY) == {deal["card"]}
    assert [p.name for p in payments.due_payments(TODAY, 7)] == ["王敏", "王敏"]
    session.edit_card(deal["card"], {"name": "王敏敏", "phones": [], "owner": "李娜"})
    remembered = {key[1] for key in payments._memo}
    assert "overdue" in remembered
    assert "due" not in remembered
    assert [(p.name, p.phone) for p in payments.due_payments(TODAY, 7)] == [("王敏敏", "")] * 2
    assert [p.name for p in payments.due_payments(TODAY, 7, owner="李娜")] == ["王敏敏"] * 2
    session.record_payment(deal["deal"], amount=80_000)  # what is owed: read afresh
    assert "overdue" not in {key[1] for key in payments._memo}
    assert payments.cards_with_overdue(TODAY) == set()


def test_collected_is_the_plain_join_of_receipts_to_live_cards_and_deals(
    session: Any, deal: dict
) -> None:
    """The collected figure reads the receipts by index lookups; the reference is the plain
    join: a deleted card's, a deleted deal's and an orphan receipt's amounts are left out."""
    from salesdesk.models.tables import database_proxy as db

    other = session.create_card({"name": "李娜"}, grade="B").id
    gone = session.create_card({"name": "张伟"}, grade="C").id
    deals = [deal["deal"]]
    amounts = [120_000, 50_000, 30_000, 20_000]
    for card_id, amount in zip((other, gone, other), amounts[1:], strict=True):
        deals.append(
            session.add_deal(card_id, amount=amount, product="机床", closed_on="2026-09-21").id
        )
    for n, deal_id in enumerate(deals):
        session.set_payment_plan(deal_id, [("2026-11-01", amounts[n])])
        session.record_payment(deal_id, amount=1_000 * (n + 1), paid_on=f"2026-10-0{n + 1}")
    db.execute_sql("UPDATE card SET deleted = 1 WHERE id = ?", [gone])
    db.execute_sql("UPDATE deal SET deleted = 1 WHERE id = ?", [deals[3]])
    db.execute_sql("CREATE TEMP TABLE orphan AS SELECT * FROM payment WHERE kind = 'receipt'")
    db.execute_sql("UPDATE orphan SET id = 'o-' || id, card_id = 'no card', deal_id = 'no deal'")
    db.execute_sql("INSERT INTO payment SELECT * FROM orphan")
    plain = db.execute_sql(
        "SELECT coalesce(sum(p.amount), 0) FROM payment p JOIN card c ON c.id = p.card_id "
        "JOIN deal d ON d.id = p.deal_id WHERE p.deleted = 0 AND p.kind = 'receipt' "
        "AND c.deleted = 0 AND d.deleted = 0 AND p.day BETWEEN ? AND ?",
        ["2026-10-01", "2026-10-31"],
    ).fetchone()[0]
    assert plain == 1_000 + 2_000  # the first two deals' receipts alone
    figures = payments.receivables(TODAY, date(2026, 10, 1), date(2026, 10, 31))
    assert figures.collected == plain
