"""Cards, grades and the contact log through the services, as the window and the CLI use them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.grades import GradeError, parse_grade
from salesdesk.services.cardlist import CardFilter
from salesdesk.services.session import Session


@pytest.fixture
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-23T09:00:00")
    return datetime(2026, 11, 23, 9, 0)


def test_create_keeps_every_field_and_starts_the_grade_path(session: Session) -> None:
    card_id = session.create_card(
        {
            "name": " 张伟 ",
            "company": "上海华信贸易有限公司",
            "title": "总经理",
            "phones": [{"label": "mobile", "number": "+86 138 0013 8000"}, "021-5555 0101"],
            "email": "zhangwei@example.cn",
            "address": "浦东新区世纪大道 100 号",
            "area": "浦东新区",
            "source": "referral",
            "birthday": "1980年5月3日",
            "status": "prospect",
            "style": "Amiable",
            "key_customer": True,
            "credit": "good",
            "tags": "老客户，vip",
            "notes": "第一行\n第二行",
            "owner": "李娜",
        },
        grade="E",
        reason="刚认识",
    ).id
    card = session.card(card_id)
    assert card.name == "张伟"
    assert [(p.label, p.number) for p in card.phones] == [
        ("mobile", "+86 138 0013 8000"),
        ("mobile", "021-5555 0101"),
    ]
    assert card.birthday == date(1980, 5, 3)
    assert card.style == "amiable"
    assert card.key_customer is True
    assert card.tags == ["老客户", "vip"]
    assert card.notes == "第一行\n第二行"
    assert card.grade == "E"
    assert [(s.from_grade, s.to_grade, s.reason) for s in session.grade_path(card_id)] == [
        (None, "E", "刚认识")
    ]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"name": "X", "status": "vip"}, "not a status"),
        ({"name": "X", "birthday": "1980-02-30"}, "not a date"),
        ({"name": "X", "birthday": "yesterday"}, "not a date"),
        ({"name": "X", "credit": "excellent"}, "credit"),
        ({"name": "X", "colour": "red"}, "Unknown card field"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(
    session: Session, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidValue, match=message):
        session.create_card(fields)
    assert session.stats()["cards"] == 0
    assert session.dump()["grade_change"] == []


def test_control_characters_are_removed_and_a_huge_note_is_cut(session: Session) -> None:
    card_id = session.create_card({"name": "Bad\x00Name\x07", "notes": "x" * 500_000}).id
    card = session.card(card_id)
    assert card.name == "BadName"
    assert len(card.notes) == 100_000


@pytest.mark.parametrize(("text", "grade"), [(" b ", "B"), ("A级", "A"), ("f2", "F"), ("c", "C")])
def test_grade_text_forms_are_understood(text: str, grade: str) -> None:
    assert parse_grade(text) == grade


@pytest.mark.parametrize("text", ["G", "AA", "", "1"])
def test_non_grades_are_refused(text: str) -> None:
    with pytest.raises(GradeError):
        parse_grade(text)


def test_c_and_d_default_their_recheck_date_from_the_cadence(
    session: Session, fixed_now: datetime
) -> None:
    card_id = session.create_card({"name": "Maria Rossi"}, grade="B").id
    session.change_grade(card_id, "C", reason="health check failed", blocker="blood pressure")
    card = session.card(card_id)
    assert (card.grade, card.blocker) == ("C", "blood pressure")
    assert card.recheck_on == date(2027, 2, 21)  # today + 90 days
    session.change_grade(card_id, "D", reason="cash flow")
    assert session.card(card_id).recheck_on == date(2026, 12, 23)  # today + 30 days
    session.change_grade(card_id, "A", reason="recovered")
    card = session.card(card_id)
    assert (card.recheck_on, card.blocker) == (None, "")


def test_a_given_recheck_date_is_kept(session: Session) -> None:
    card_id = session.create_card({"name": "Ken"}).id
    session.change_grade(card_id, "C", reason="r", recheck_on="2027-01-15")
    assert session.card(card_id).recheck_on == date(2027, 1, 15)


def test_f_carries_its_kind_and_only_f_does(session: Session) -> None:
    card_id = session.create_card({"name": "新客户"}).id
    assert (session.card(card_id).grade, session.card(card_id).f_kind) == ("F", "F2")
    session.change_grade(card_id, "F", f_kind="F1", reason="not moving this year")
    assert session.card(card_id).grade_label == "F1"
    with pytest.raises(GradeError, match="Only grade F"):
        session.change_grade(card_id, "B", f_kind="F1", reason="x")
    path = [(s.from_label, s.to_label) for s in session.grade_path(card_id)]
    assert path == [(None, "F2"), ("F2", "F1")]


def test_log_contact_with_a_regrade_is_one_step(session: Session, fixed_now: datetime) -> None:
    card_id = session.create_card({"name": "周杰"}, grade="E").id
    session.log_contact(
        card_id,
        channel="visit",
        summary="演示了产品，很感兴趣",
        outcome="下周签约",
        at="2026-11-20T15:30",
        grade="a",
    )
    card = session.card(card_id)
    assert card.grade == "A"
    assert card.last_contact_at == datetime(2026, 11, 20, 15, 30)
    [entry] = session.contacts(card_id)
    assert (entry.channel, entry.summary, entry.grade_after) == (
        "visit",
        "演示了产品，很感兴趣",
        "A",
    )
    steps = session.grade_path(card_id)
    assert steps[-1].to_grade == "A"
    assert steps[-1].at == datetime(2026, 11, 20, 15, 30)
    # One undo takes back both the contact and the regrade.
    session.undo()
    assert session.card(card_id).grade == "E"
    assert session.contacts(card_id) == []
    assert session.card(card_id).last_contact_at is None


def test_contact_with_unknown_channel_or_card_is_refused(session: Session) -> None:
    card_id = session.create_card({"name": "X"}).id
    with pytest.raises(InvalidValue, match="channel"):
        session.log_contact(card_id, channel="fax", summary="s")
    with pytest.raises(NotFound):
        session.log_contact("no-such-card", channel="phone", summary="s")
    with pytest.raises(InvalidValue, match="not a date"):
        session.log_contact(card_id, channel="phone", summary="s", at="2026-13-45")
    assert session.contacts(card_id) == []


def test_delete_leaves_a_tombstone_and_restore_brings_the_card_back(session: Session) -> None:
    card_id = session.create_card({"name": "赵敏"}).id
    session.log_contact(card_id, channel="phone", summary="hello")
    session.delete_card(card_id)
    assert session.stats()["cards"] == 0
    assert session.card_list.query(CardFilter()) == []
    with pytest.raises(NotFound):
        session.card(card_id)
    session.restore_card(card_id)
    assert session.card(card_id).name == "赵敏"
    assert len(session.contacts(card_id)) == 1


def test_history_shows_old_and_new_value_of_each_edit(session: Session) -> None:
    card_id = session.create_card({"name": "张伟"}).id
    session.edit_card(card_id, {"name": "张伟明", "phones": "13900000000"})
    entries = session.history(card_id)
    by_field = {e.field: e for e in entries}
    assert (by_field["name"].old, by_field["name"].new) == ("张伟", "张伟明")
    assert "13900000000" in by_field["phones"].new
    assert entries[-1].field == "created"
    assert by_field["name"].device == session.store.device_name


def test_a_past_change_can_be_reverted_by_a_new_change(session: Session) -> None:
    card_id = session.create_card({"name": "Old", "company": "First Co"}).id
    session.edit_card(card_id, {"company": "Second Co"})
    session.edit_card(card_id, {"name": "New"})
    company_change = next(e for e in session.history(card_id) if e.field == "company")
    session.revert_change(company_change.change_id or "")
    card = session.card(card_id)
    assert (card.name, card.company) == ("New", "First Co")
    assert len(session.dump()["change"]) == 3  # the log only grows


def test_undo_and_redo_walk_whole_operations(session: Session) -> None:
    card_id = session.create_card({"name": "Anna"}).id
    session.edit_card(card_id, {"company": "Acme"})
    session.edit_card(card_id, {"company": "Beta"})
    assert session.undo_stack.undo_label == "Edit card"
    session.undo()
    assert session.card(card_id).company == "Acme"
    session.undo()
    assert session.card(card_id).company == ""
    session.redo()
    assert session.card(card_id).company == "Acme"
    session.undo()
    session.undo()  # the creation itself
    assert session.stats()["cards"] == 0
    session.redo()
    assert session.card(card_id).name == "Anna"
    # A new edit after undo drops what could be redone.
    session.edit_card(card_id, {"title": "CEO"})
    assert session.redo() is None


def test_undo_and_redo_refresh_the_card_list(session: Session) -> None:
    card_id = session.create_card({"name": "Zhou"}).id
    session.card_list.load()
    session.edit_card(card_id, {"area": "徐汇区"})
    assert session.card_list.query(CardFilter(area="徐汇区"))[0].id == card_id
    session.undo()
    assert session.card_list.query(CardFilter(area="徐汇区")) == []
