"""Payments, plans and handovers on two laptops, merged in any order: nothing lost (issue 20).

Two laptops start from one database with a customer and a deal in a payment plan. Each
records payments, replaces the plan, edits the deal, hands the card over or logs visits,
with syncs in between at random. After a full exchange:
- both dumps are identical;
- every payment received on either laptop is there, counted once;
- every visit logged is there, and the owner is the newest handover's;
- the deal's edits and the payments never conflict with each other.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.domain.errors import UserError
from salesdesk.services import payments
from salesdesk.services.session import Session
from salesdesk.sync import conflicts
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import merge_file

START = datetime(2026, 11, 1, 9, 0)


@contextmanager
def opened(path: Path) -> Iterator[Session]:
    session = Session.open(path)
    try:
        yield session
    finally:
        session.close()


class Pair:
    """Two laptops (A = 0, B = 1) that copied one database, and the clock."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.minute = 0
        self.paths = [root / "a.db", root / "b.db"]
        self.tick()
        with opened(self.paths[0]) as session:
            self.card = session.create_card({"name": "王敏", "owner": "王敏"}, grade="A").id
            self.deal = session.add_deal(
                self.card, amount=120_000, product="机床", closed_on="2026-10-01"
            ).id
            session.set_payment_plan(self.deal, payments.split_plan(120_000, "2026-10-15", 3))
        self.sync(0, 1)

    def tick(self) -> None:
        self.minute += 1
        moment = START + timedelta(minutes=self.minute)
        os.environ["SALESDESK_NOW"] = moment.isoformat(timespec="seconds")

    def sync(self, src: int, dst: int) -> None:
        self.tick()
        if not self.paths[dst].exists():
            import shutil

            with opened(self.paths[src]) as session:
                file = export_sync_file(session.store, self.root / "seed.salesdesk")
            shutil.copy(file, self.paths[dst])  # the second laptop starts as a copy
            return
        with opened(self.paths[src]) as session:
            file = export_sync_file(session.store, self.root / f"from{src}.salesdesk")
        self.tick()
        with opened(self.paths[dst]) as session:
            merge_file(session.store, file)

    def dump(self, device: int) -> dict[str, Any]:
        with opened(self.paths[device]) as session:
            return session.dump()


def test_a_payment_on_each_laptop_for_the_same_installment_keeps_both(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    for device, amount in ((0, 40_000), (1, 40_000)):
        pair.tick()
        with opened(pair.paths[device]) as session:
            session.record_payment(pair.deal, amount=amount, paid_on="2026-10-15")
    pair.sync(0, 1)
    pair.sync(1, 0)
    assert pair.dump(0) == pair.dump(1)
    with opened(pair.paths[0]) as session:
        entry = payments.for_deal(pair.deal, START.date())
    # The same installment paid twice: both payments kept, the second pays the next one.
    assert entry.paid == 80_000
    assert [i.status for i in entry.installments] == ["paid", "paid", "due"]


def test_a_payment_while_the_deal_is_edited_elsewhere_loses_neither(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    pair.tick()
    with opened(pair.paths[0]) as session:
        session.record_payment(pair.deal, amount=25_000, method="cash", note="现金，收据 0012")
    pair.tick()
    with opened(pair.paths[1]) as session, session.store.write("Edit deal"):
        session.store.update(
            "deal", pair.deal, {"note": "合同号 HT-2026-118", "product": "数控机床"}
        )
    pair.sync(1, 0)
    pair.sync(0, 1)
    a, b = pair.dump(0), pair.dump(1)
    assert a == b
    (deal,) = a["deal"]
    assert (deal["product"], deal["note"]) == ("数控机床", "合同号 HT-2026-118")
    receipts = [p for p in a["payment"] if p["kind"] == "receipt"]
    assert [(r["amount"], r["method"], r["note"]) for r in receipts] == [
        (25_000, "cash", "现金，收据 0012")
    ]
    assert a["conflict"] == []


def test_a_handover_while_the_old_owner_logs_a_visit_keeps_both(tmp_path: Path) -> None:
    pair = Pair(tmp_path)
    pair.tick()
    with opened(pair.paths[0]) as session:
        session.hand_over([pair.card], "李强")
    pair.tick()
    with opened(pair.paths[1]) as session:
        session.log_contact(pair.card, channel="visit", summary="王敏最后一次拜访，介绍李强")
        session.record_payment(pair.deal, amount=40_000)
    pair.sync(0, 1)
    pair.sync(1, 0)
    a = pair.dump(0)
    assert a == pair.dump(1)
    (card,) = a["card"]
    assert card["owner"] == "李强"
    assert [c["summary"] for c in a["contact"]] == ["王敏最后一次拜访，介绍李强"]
    assert sum(p["amount"] for p in a["payment"] if p["kind"] == "receipt") == 40_000


def test_a_plan_replaced_on_each_laptop_is_listed_as_a_conflict_nothing_lost(
    tmp_path: Path,
) -> None:
    pair = Pair(tmp_path)
    pair.tick()
    with opened(pair.paths[0]) as session:
        session.record_payment(pair.deal, amount=20_000)
        session.set_payment_plan(pair.deal, payments.split_plan(120_000, "2026-11-10", 2))
    pair.tick()
    with opened(pair.paths[1]) as session:
        session.set_payment_plan(pair.deal, payments.split_plan(120_000, "2026-11-20", 4))
    pair.sync(0, 1)
    pair.sync(1, 0)
    a = pair.dump(0)
    assert a == pair.dump(1)
    live = [p for p in a["payment"] if p["kind"] == "installment" and not p["deleted"]]
    assert sorted(p["amount"] for p in live) == [30_000] * 4 + [60_000] * 2  # both kept
    for device in (0, 1):
        with opened(pair.paths[device]) as session:
            (conflict,) = conflicts.open_conflicts(session.store)
            entry = payments.for_deal(pair.deal, START.date(), store=session.store)
        assert (conflict.group, conflict.card_name) == ("plan", "王敏")
        assert conflict.describe().startswith("王敏: two payment plans made at once: ")
        # The newest plan (B's, four installments) is in force; A's is the other side.
        assert conflict.current.values["plan"].count(";") == 3
        assert conflict.other.values["plan"] == "2026-11-10 60,000; 2026-12-10 60,000"
        assert [i.amount for i in entry.installments] == [30_000] * 4
        assert entry.paid == 20_000  # the payment made beside the plan counts once
    # A keeps its own plan; after a sync both laptops agree and nothing is listed.
    pair.tick()
    with opened(pair.paths[0]) as session:
        (conflict,) = conflicts.open_conflicts(session.store)
        conflicts.resolve(session.store, conflict.id, "other")
    pair.sync(0, 1)
    pair.sync(1, 0)
    a = pair.dump(0)
    assert a == pair.dump(1)
    assert [c for c in a["conflict"] if c["table_name"] == "payment"] == []
    with opened(pair.paths[1]) as session:
        entry = payments.for_deal(pair.deal, START.date(), store=session.store)
        assert conflicts.open_conflicts(session.store) == []
        due = payments.due_payments(START.date(), 60, store=session.store)
    assert [i.amount for i in entry.installments] == [60_000, 60_000]
    assert [(d.number, d.remaining) for d in due] == [(1, 40_000), (2, 60_000)]


# -- random work on the two laptops --------------------------------------------------------
laptop = st.integers(0, 1)
step = st.one_of(
    st.tuples(st.just("pay"), laptop, st.integers(1, 30_000)),
    st.tuples(st.just("plan"), laptop, st.integers(1, 4)),
    st.tuples(st.just("edit deal"), laptop, st.sampled_from(["note", "product"])),
    st.tuples(st.just("handover"), laptop, st.sampled_from(["李强", "周杰", "王敏"])),
    st.tuples(st.just("visit"), laptop),
    st.tuples(st.just("sync"), laptop),
)


def _do(pair: Pair, op: tuple[Any, ...], made: dict[str, Any]) -> None:
    kind, device = op[0], op[1]
    if kind == "sync":
        pair.sync(device, 1 - device)
        return
    pair.tick()
    with opened(pair.paths[device]) as session, suppress(UserError):
        if kind == "pay":
            payment_id = session.record_payment(pair.deal, amount=op[2]).id
            made["payments"][payment_id] = op[2]
        elif kind == "plan":
            session.set_payment_plan(
                pair.deal, payments.split_plan(120_000, "2026-11-01", op[2]), credit_note=""
            )
        elif kind == "edit deal":
            made["n"] += 1
            with session.store.write("Edit deal"):
                session.store.update("deal", pair.deal, {op[2]: f"{op[2]} {made['n']}"})
        elif kind == "handover":
            session.hand_over([pair.card], op[2])
        else:
            made["n"] += 1
            session.log_contact(pair.card, channel="visit", summary=f"visit {made['n']}")
            made["visits"].add(f"visit {made['n']}")


@pytest.mark.slow
@pytest.mark.timeout(600)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(step, min_size=1, max_size=12))
def test_random_payments_plans_edits_and_handovers_converge_and_lose_nothing(
    ops: list[tuple[Any, ...]],
) -> None:
    saved = os.environ.get("SALESDESK_NOW")
    ram = "/dev/shm" if os.path.isdir("/dev/shm") else None
    try:
        with tempfile.TemporaryDirectory(dir=ram) as scratch:
            root = Path(scratch)
            os.environ["SALESDESK_DATA_DIR"] = str(root / "data")
            os.environ["SALESDESK_CONFIG_DIR"] = str(root / "config")
            pair = Pair(root)
            made: dict[str, Any] = {"payments": {}, "visits": set(), "n": 0}
            for op in ops:
                _do(pair, op, made)
            written = {c["id"] for d in (0, 1) for c in pair.dump(d)["change"]}
            for src, dst in ((0, 1), (1, 0), (0, 1)):
                pair.sync(src, dst)
            a, b = pair.dump(0), pair.dump(1)
            assert a == b
            assert written <= {c["id"] for c in a["change"]}
            receipts = {p["id"]: p["amount"] for p in a["payment"] if p["kind"] == "receipt"}
            assert receipts == made["payments"]  # every payment, once, undeleted
            assert all(not p["deleted"] for p in a["payment"] if p["kind"] == "receipt")
            assert {c["summary"] for c in a["contact"]} == made["visits"]
            # Plans made on both laptops at once all arrive; the newest is in force, whole,
            # and adds up to the deal (never two plans counted together).
            with opened(pair.paths[0]):
                entry = payments.for_deal(pair.deal)
            live = [p for p in a["payment"] if p["kind"] == "installment" and not p["deleted"]]
            newest = max(live, key=lambda p: (p["created"], p["plan_id"]))
            in_force = sorted(p["id"] for p in live if p["plan_id"] == newest["plan_id"])
            assert sorted(i.id for i in entry.installments) == in_force
            assert entry.planned == 120_000
            assert entry.paid == sum(made["payments"].values())
            # Today's list (one SQL pass) agrees with the deal's own reckoning.
            with opened(pair.paths[0]):
                listed = {p.installment_id: p.remaining for p in payments.due_payments(days=400)}
                marked = payments.cards_with_overdue()
            unpaid = {i.id: i.remaining for i in entry.installments if i.status != "paid"}
            assert listed == unpaid
            overdue = any(i.status == "overdue" for i in entry.installments)
            assert marked == ({pair.card} if overdue else set())
            # Payments and deal edits touch different rows: they never conflict. Two plans
            # made at once are listed (one conflict on the deal) until one is kept.
            live_plans = {p["plan_id"] for p in live}
            listed_plans = [c for c in a["conflict"] if c["table_name"] == "payment"]
            assert [(c["row_id"], c["field_group"]) for c in listed_plans] == (
                [(pair.deal, "plan")] if len(live_plans) > 1 else []
            )
    finally:
        if saved is None:
            os.environ.pop("SALESDESK_NOW", None)
        else:
            os.environ["SALESDESK_NOW"] = saved
