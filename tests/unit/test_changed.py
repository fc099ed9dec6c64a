"""What each kind of operation reports as changed, without Qt.

The window refreshes a view only when `changed.concerns(...)` says the change is one it
shows: the card list and the card panel listen to `cards`, Today and the week plan to
the `agenda`, the dashboard and the charts to `figures`, Preferences to `settings`,
the conflicts view to `conflicts`. A wrong Changed is a view left stale (or one that
recomputes for nothing): each test below fails on one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from salesdesk.services.changes import Changed
from salesdesk.services.session import Session


def views(changed: Changed, card_id: str) -> dict[str, bool]:
    """Which views refresh, as the window asks: the card's own page, another card's page,
    the agenda (Today, the week), the figures (dashboard, charts), Preferences, conflicts."""
    return {
        "this card": changed.concerns(cards=[card_id]),
        "another card": changed.concerns(cards=["not-this-card"]),
        "agenda": changed.concerns(agenda=True),
        "figures": changed.concerns(figures=True),
        "settings": changed.concerns(settings=True),
        "conflicts": changed.concerns(conflicts=True),
    }


ONLY_THE_CARD = {
    "this card": True,
    "another card": False,
    "agenda": False,
    "figures": False,
    "settings": False,
    "conflicts": False,
}
CARD_AGENDA_FIGURES = {**ONLY_THE_CARD, "agenda": True, "figures": True}
EVERY_VIEW = dict.fromkeys(ONLY_THE_CARD, True)


@pytest.fixture
def card(session: Session) -> str:
    return session.create_card({"name": "张伟", "company": "华信"}, grade="E").id or ""


def test_a_note_or_phone_edit_refreshes_the_card_only(session: Session, card: str) -> None:
    """The dashboard and Today do not recompute when a note is edited."""
    changed = session.edit_card(card, {"notes": "prefers mornings"}).changed
    assert changed.cards == {card}
    assert views(changed, card) == ONLY_THE_CARD
    changed = session.edit_card(card, {"phones": "13800138000"}).changed
    assert views(changed, card) == ONLY_THE_CARD


def test_a_name_edit_reaches_the_agenda_not_the_figures(session: Session, card: str) -> None:
    changed = session.edit_card(card, {"name": "张伟明"}).changed
    assert views(changed, card) == {**ONLY_THE_CARD, "agenda": True}


def test_new_deleted_and_regraded_cards_change_the_figures(session: Session, card: str) -> None:
    created = session.create_card({"name": "李娜"}, grade="B")
    assert views(created.changed, created.id or "") == CARD_AGENDA_FIGURES
    regraded = session.change_grade(card, "B", reason="budget approved").changed
    assert views(regraded, card) == CARD_AGENDA_FIGURES
    deleted = session.delete_card(card).changed
    assert views(deleted, card) == CARD_AGENDA_FIGURES
    assert deleted.new_cards  # the list loses a row: counts of every filter move


def test_contact_visit_and_deal_reach_card_agenda_and_figures(session: Session, card: str) -> None:
    """Today refreshes when a visit is completed; so do the figures it feeds."""
    logged = session.log_contact(card, channel="phone", summary="called").changed
    assert views(logged, card) == CARD_AGENDA_FIGURES
    visit = session.plan_visit(card, session.today())
    assert views(visit.changed, card) == CARD_AGENDA_FIGURES
    done = session.complete_visit(visit.id or "", channel="visit", summary="met").changed
    assert views(done, card) == CARD_AGENDA_FIGURES
    deal = session.add_deal(card, amount=1000, product="保险").changed
    assert views(deal, card) == CARD_AGENDA_FIGURES


def test_undo_reports_what_the_undone_step_changed(session: Session, card: str) -> None:
    session.edit_card(card, {"notes": "x"})
    undone = session.undo()
    assert undone is not None
    assert views(undone.changed, card) == ONLY_THE_CARD
    session.log_contact(card, channel="phone", summary="called")
    undone = session.undo()
    assert undone is not None
    assert views(undone.changed, card) == CARD_AGENDA_FIGURES


def test_visit_settings_and_the_salesperson_are_settings(session: Session, card: str) -> None:
    """Preferences and the agenda (the cadence places every due visit); no card, no figure."""
    changed = session.set_visit_settings(cadence={"A": 5}).changed
    assert views(changed, card) == {
        **dict.fromkeys(ONLY_THE_CARD, False),
        "agenda": True,
        "settings": True,
    }
    assert not changed.cards
    who = session.set_salesperson("王敏").changed
    assert who.concerns(settings=True)
    assert not who.cards
    assert not who.concerns(figures=True)


def test_a_dismissed_warning_is_the_agenda_only(session: Session, card: str) -> None:
    from salesdesk.services.agenda import WARNING_KINDS

    changed = session.dismiss_warning(f"{WARNING_KINDS[0]}:{card}").changed
    assert views(changed, card) == {**dict.fromkeys(ONLY_THE_CARD, False), "agenda": True}


def test_duplicates_dismissed_or_merged_reach_the_conflicts_view(
    session: Session, card: str
) -> None:
    other = session.create_card({"name": "张伟", "company": "华信"}, grade="F", f_kind="F2").id
    assert other
    dismissed = session.dismiss_duplicate(card, other).changed
    assert views(dismissed, card) == {**dict.fromkeys(ONLY_THE_CARD, False), "conflicts": True}
    merged = session.merge_cards(card, other).changed
    assert merged.cards >= {card, other}
    assert views(merged, card) == {**CARD_AGENDA_FIGURES, "conflicts": True}


def test_an_import_changes_everything(session: Session, card: str) -> None:
    from salesdesk.services import importer
    from salesdesk.services.importer import ImportRow

    plan = importer.plan_import([ImportRow(2, {"name": "赵强", "company": "远航"})])
    _, result = session.import_file(plan)
    assert result.changed.everything
    assert views(result.changed, card) == EVERY_VIEW


def test_demo_data_changes_everything(tmp_path: Path) -> None:
    demo = Session.open(tmp_path / "demo.db")
    try:
        changed = demo.generate_demo(cards=20).changed
    finally:
        demo.close()
    assert views(changed, "any") == EVERY_VIEW


def _laptops(tmp_path: Path) -> tuple[Path, Path, str]:
    from salesdesk.sync.files import export_sync_file
    from salesdesk.sync.merge import merge_file

    a, b = tmp_path / "a.db", tmp_path / "b.db"
    first = Session.open(a)
    card_id = first.create_card({"name": "张伟"}, grade="E").id or ""
    (tmp_path / "out-a").mkdir()
    shared = export_sync_file(first.store, folder=tmp_path / "out-a")
    first.close()
    second = Session.open(b)
    merge_file(second.store, shared)
    second.close()
    return a, b, card_id


def _exchange(path: Path, other: Path, folder: Path) -> Any:
    """Merge other's sync file into path through the sync service; the merge's Result."""
    from salesdesk.services.operations import Task
    from salesdesk.sync.files import export_sync_file
    from salesdesk.sync.service import SyncService

    folder.mkdir()
    theirs = Session.open(other)
    source = export_sync_file(theirs.store, folder=folder)
    theirs.close()
    mine = Session.open(path)
    try:
        return SyncService(mine).merge_op(source, Task())
    finally:
        mine.close()


def test_a_merge_changes_everything_and_a_resolution_the_card_and_conflicts(
    tmp_path: Path,
) -> None:
    from salesdesk.sync.service import SyncService

    a, b, card_id = _laptops(tmp_path)
    for path, grade in ((a, "B"), (b, "D")):
        laptop = Session.open(path)
        laptop.change_grade(card_id, grade, reason="news", recheck_on="2027-03-01")
        laptop.close()
    merged = _exchange(a, b, tmp_path / "out-b").changed
    assert views(merged, card_id) == EVERY_VIEW
    assert merged.conflicts
    laptop = Session.open(a)
    try:
        sync = SyncService(laptop)
        [conflict] = sync.conflicts()
        resolved = sync.resolve(conflict.id, "other").changed
    finally:
        laptop.close()
    assert resolved.cards == {card_id}
    assert resolved.concerns(conflicts=True)
    assert resolved.concerns(cards=[card_id])
    assert not resolved.concerns(cards=["not-this-card"])
    assert not resolved.concerns(settings=True)
    assert resolved.concerns(figures=True)  # the grade it kept is counted on the dashboard
