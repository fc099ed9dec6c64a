"""Saving scanned cards: the identity rules, the new F2 card, its image, undo and sync."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salesdesk.domain.errors import InvalidValue
from salesdesk.services import scan
from salesdesk.services.session import Session
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import merge_file

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4  # stands for a picture: stored as it is


def _card(session: Session, **fields: Any) -> str:
    result = session.create_card({"name": "张伟", **fields})
    assert result.id
    return result.id


def test_the_same_mobile_matches_a_shared_landline_does_not(session: Session) -> None:
    zhang = _card(session, company="华信", phones=[{"label": "work", "number": "021-5888 1234"}])
    li = _card(session, name="李娜", phones="+86 139 1234 5678")
    # A switchboard is shared by a whole company: the same landline is no evidence.
    assert scan.find_matching_card(name="王芳", phones="021-58881234") is None
    match = scan.find_matching_card(name="Lina Li", phones="13912345678")
    assert match is not None
    assert (match.card_id, match.reason) == (li, "mobile")
    assert scan.find_matching_card(name="张伟", company="华信 ") is not None
    assert scan.find_matching_card(name="张伟", company="华信").card_id == zhang  # type: ignore[union-attr]
    assert scan.find_matching_card(name="张伟", company="别的公司") is None
    assert scan.find_matching_card(name="张伟") is None  # a name alone is many people


def test_the_same_email_matches_whatever_its_case(session: Session) -> None:
    card = _card(session, email="Zhang.Wei@Huaxin.com")
    match = scan.find_matching_card(email="zhang.wei@huaxin.com")
    assert match is not None
    assert (match.card_id, match.reason) == (card, "email")


def test_a_deleted_card_is_no_match(session: Session) -> None:
    card = _card(session, phones="13800138000")
    session.delete_card(card)
    assert scan.find_matching_card(phones="13800138000") is None


def test_a_scan_is_one_undo_step_card_and_image_together(session: Session) -> None:
    fields = {"name": "陈静", "company": "恒通物流有限公司", "phones": "13612345678"}
    saved, result = scan.save(session, fields, PNG, "image/png")
    assert saved.created
    card = session.card(saved.card_id)
    assert (card.grade_label, card.source) == ("F2", "name_card")
    [image] = scan.card_images(saved.card_id)
    assert (image.mime, image.data) == ("image/png", PNG)
    assert result.changed.touches("card_image")
    session.undo()
    assert scan.card_images(saved.card_id) == []
    assert session.card_list.query(_all()) == []
    session.redo()
    assert [i.data for i in scan.card_images(saved.card_id)] == [PNG]


def test_a_bad_image_saves_nothing(session: Session) -> None:
    for image, mime in ((b"", "image/png"), (PNG, "text/plain")):
        with pytest.raises(InvalidValue):
            scan.save(session, {"name": "陈静"}, image, mime)
    assert session.stats()["cards"] == 0


def test_a_card_image_travels_with_a_sync_file(tmp_path: Path) -> None:
    laptop, desktop = tmp_path / "laptop.db", tmp_path / "desktop.db"
    a = Session.open(laptop)
    try:
        saved, _ = scan.save(a, {"name": "陈静", "phones": "13612345678"}, PNG, "image/png")
        sync = export_sync_file(a.store, folder=tmp_path)
    finally:
        a.close()
    b = Session.open(desktop)
    try:
        report = merge_file(b.store, sync)
        assert report.per_table["card_image"]["new"] == 1
        assert [i.data for i in scan.card_images(saved.card_id)] == [PNG]
        # Merged twice, still one image.
        merge_file(b.store, sync)
        assert len(b.dump()["card_image"]) == 1
    finally:
        b.close()


def _all() -> Any:
    from salesdesk.services.cardlist import CardFilter

    return CardFilter()
