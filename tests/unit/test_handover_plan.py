"""The successor's first week plan (issue 20): every A and B card handed over comes in, due
or not, until someone contacts the customer; undoing the handover takes them out again."""

from __future__ import annotations

from datetime import date

import pytest

from salesdesk.services import plan
from salesdesk.services.session import Session

MONDAY = date(2026, 12, 7)


def _whys(session: Session, me: str) -> dict[str, str]:
    week = plan.make_plan(MONDAY, me=me, store=session.store)
    return {item.name: item.why for item in week.items()}


@pytest.fixture
def book(session: Session, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T09:00:00")
    ids = {}
    for name, grade in (("张伟", "A"), ("刘洋", "B"), ("陈静", "E"), ("孙丽", "B")):
        ids[name] = session.create_card({"name": name, "owner": "王敏"}, grade=grade).id
    # 王敏 met them all this morning: by cadence none is due in the week of the 7th but A.
    for card_id in ids.values():
        session.log_contact(card_id, channel="visit", summary="王敏拜访")
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-01T16:00:00")
    return ids


def test_every_handed_over_a_and_b_is_in_the_successors_plan(
    session: Session, book: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _whys(session, "李强")
    assert before == {}
    session.hand_over([book["张伟"], book["刘洋"], book["陈静"]], "李强")
    whys = _whys(session, "李强")
    assert whys["张伟"] == plan.WHY_HANDED_OVER
    assert whys["刘洋"] == plan.WHY_HANDED_OVER
    assert whys.get("陈静") != plan.WHY_HANDED_OVER  # E: its cadence, as before
    assert "孙丽" not in whys  # still 王敏's
    assert "刘洋" not in _whys(session, "王敏")
    # Handed on again, to a third: the newest handover counts, not the first.
    session.hand_over([book["刘洋"]], "周杰")
    assert "刘洋" not in _whys(session, "李强")
    assert _whys(session, "周杰")["刘洋"] == plan.WHY_HANDED_OVER
    # Once the successor has met the customer, cadence rules again.
    monkeypatch.setenv("SALESDESK_NOW", "2026-12-02T10:00:00")
    session.log_contact(book["张伟"], channel="visit", summary="李强首访")
    assert _whys(session, "李强").get("张伟") != plan.WHY_HANDED_OVER


def test_undoing_the_handover_takes_them_out(session: Session, book: dict[str, str]) -> None:
    session.hand_over([book["刘洋"]], "李强")
    assert _whys(session, "李强") == {"刘洋": plan.WHY_HANDED_OVER}
    session.undo()
    assert _whys(session, "李强") == {}
