"""Applying an import: duplicates per row, one transaction, one undo step, bulk speed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from salesdesk.io import mapping, readers
from salesdesk.services import importer, settings
from salesdesk.services.importer import ImportRow
from salesdesk.services.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def plan_of(name: str) -> importer.ImportPlan:
    table = readers.read_table(FIXTURES / name)
    return importer.plan_import(mapping.to_rows(table, mapping.guess_targets(table.headers)))


def live_cards(session: Session) -> dict[str, object]:
    return {row["name"]: row for row in session.dump()["card"] if not row["deleted"]}


def test_gbk_import_creates_cards_with_grades_and_visits(session: Session) -> None:
    plan = plan_of("gbk_chinese.csv")
    # row 7 is 张伟 of 上海华信贸易 again (same name and company as row 2)
    assert list(plan.duplicates) == [7]
    assert plan.duplicates[7].other_row == 2
    result, _ = session.import_file(plan)
    assert (result.created, result.updated, result.skipped, result.duplicates) == (4, 0, 1, 1)
    assert {p["row"] for p in result.problems} == {5}
    cards = {c.name: c for c in (session.card(i) for i in result.card_ids)}
    zhang = cards["张伟"]
    assert (zhang.company, zhang.grade, zhang.area) == ("上海华信贸易", "A", "浦东")
    assert zhang.phones[0].number == "013800138000"
    assert str(zhang.next_visit_on) == "2025-03-05"  # the date from the file, set by hand
    assert cards["王芳"].grade == "C"
    assert cards["王芳"].recheck_on is not None
    assert cards["赵磊"].grade == "F"  # 'X' was a problem, the card still came in
    assert [s.to_label for s in session.grade_path(zhang.id)] == ["A"]


def test_duplicates_chosen_per_row(session: Session) -> None:
    # A Big5 file from Taiwan: 0912-345-678 is a mobile there, the region says so.
    with session.store.write():
        settings.put("phone_region", "TW")
    existing = session.create_card(
        {"name": "陳美玲", "company": "旧公司", "phones": "0912-345-678"}, grade="C"
    ).id
    session.create_card({"name": "林志明", "company": "高雄東方科技"})
    plan = plan_of("big5.csv")
    assert plan.duplicates[2].card_id == existing
    assert plan.duplicates[2].reason == "mobile"
    assert plan.duplicates[3].reason == "name_company"
    result, _ = session.import_file(plan, on_duplicate="skip", choices={2: "update"})
    assert (result.created, result.updated, result.skipped) == (0, 1, 1)
    updated = session.card(existing)
    assert (updated.company, updated.grade) == ("台北華信貿易", "A")
    assert len(updated.phones) == 1  # the same number is not added twice
    # create for all: a second card of the same person
    again, _ = session.import_file(plan_of("big5.csv"), on_duplicate="create")
    assert again.created == 2
    names = [row["name"] for row in session.dump()["card"] if not row["deleted"]]
    assert names.count("林志明") == 2


def test_update_of_an_earlier_row_merges_into_one_card(session: Session) -> None:
    rows = [
        ImportRow(2, {"name": "张伟", "company": "华信", "phones": "13800138000"}),
        ImportRow(3, {"name": "张伟 (手机)", "phones": "+86 138 0013 8000", "tags": "vip"}, "B"),
    ]
    plan = importer.plan_import(rows)
    assert plan.duplicates[3].other_row == 2
    result, _ = session.import_file(plan, on_duplicate="update")
    assert (result.created, result.updated) == (1, 1)
    (card,) = (session.card(i) for i in result.card_ids)
    # one person written two ways keeps the first spelling of the name
    assert (card.name, card.company, card.grade, card.tags) == ("张伟", "华信", "B", ["vip"])


def test_preview_writes_nothing(session: Session, db_path: Path) -> None:
    before = session.dump()
    preview = importer.preview(plan_of("gbk_chinese.csv"), "create")
    assert (preview.created, preview.skipped) == (5, 0)
    assert session.dump() == before


def test_undo_removes_the_whole_import_in_one_step(session: Session) -> None:
    kept = session.create_card({"name": "Kept"}).id
    result, _ = session.import_file(plan_of("gbk_chinese.csv"))
    assert result.created == 4
    assert len(live_cards(session)) == 5
    undone = session.undo()
    assert undone is not None
    assert undone.label == "Import"
    assert list(live_cards(session)) == ["Kept"]
    visits = [v for v in session.dump()["visit"] if not v["deleted"]]
    assert {v["card_id"] for v in visits} <= {kept}  # the imported cards' visits went too
    session.redo()
    assert len(live_cards(session)) == 5


def test_a_crash_midway_leaves_the_database_byte_identical(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = Session.open(db_path)
    before_id = session.create_card({"name": "Before"}).id
    session.close()
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    session = Session.open(db_path)
    real_update = importer._update_card
    calls = []

    def explode(*args: object) -> None:
        calls.append(args)
        raise RuntimeError("power cut")

    monkeypatch.setattr(importer, "_update_card", explode)
    plan = plan_of("gbk_chinese.csv")
    plan.duplicates[7] = importer.Duplicate(7, "phone", before_id, None, "", "")
    try:
        with pytest.raises(RuntimeError, match="power cut"):
            # rows 2-5 are already pending when row 7 fails
            session.import_file(plan, on_duplicate="update")
        assert calls
        assert not session.undo_stack.undo_ops
    finally:
        session.close()
    monkeypatch.setattr(importer, "_update_card", real_update)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_cancel_writes_nothing(session: Session) -> None:
    rows = [ImportRow(i, {"name": f"Card {i}"}) for i in range(2, 602)]
    before = session.dump()
    with pytest.raises(importer.ImportCancelled):
        session.import_file(importer.plan_import(rows), progress=lambda done, total: done < 400)
    assert session.dump() == before


def test_ten_thousand_rows_in_one_go(session: Session) -> None:
    rows = [
        ImportRow(i, {"name": f"客户{i}", "company": f"公司{i % 97}", "phones": f"139{i:08d}"})
        for i in range(2, 10_002)
    ]
    result, _ = session.import_file(importer.plan_import(rows))
    assert result.created == 10_000
    assert session.stats()["cards"] == 10_000
    card = session.card(result.card_ids[-1])
    assert (card.name, card.phones[0].number) == ("客户10001", "13900010001")


def test_imported_cards_are_found_by_area_and_wechat(session: Session, tmp_path: Path) -> None:
    from salesdesk.services.cardlist import CardFilter

    source = tmp_path / "list.csv"
    source.write_text("姓名,公司,手机,区域,微信\n王小明,华信贸易,13900001111,浦东新区,wxm_2024\n")
    table = readers.read_table(source)
    plan = importer.plan_import(mapping.to_rows(table, mapping.guess_targets(table.headers)))
    session.import_file(plan)
    for text in ("浦东", "wxm_2024"):
        found = session.card_list.query(CardFilter(text=text))
        assert [row.name for row in found] == ["王小明"], text
