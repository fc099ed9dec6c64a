"""A person's data given and erased everywhere (issue 22): two laptops exchanging sync files.

After "erase this person" on one laptop and a round of sync, no database, dump, change
record, sync file or remaining backup on either laptop holds the person's name or phone;
a laptop that edited the card meanwhile is told, and the card does not come back.
"""

from __future__ import annotations

import json
from pathlib import Path

from salesdesk.models.backup import backups
from salesdesk.services.session import Session
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import merge_file

NAME = "欧阳娜娜"
PHONE = "13912345678"
KEPT = "张伟"


def _holds_person(path: Path) -> bool:
    data = path.read_bytes()
    return any(
        secret.encode(encoding) in data
        for secret in (NAME, PHONE)
        for encoding in ("utf-8", "utf-16-le", "utf-16-be")
    )


def _dump_text(path: Path) -> str:
    session = Session.open(path, read_only=True)
    try:
        return json.dumps(session.dump(), ensure_ascii=False)
    finally:
        session.close()


def _laptop_with_person(path: Path) -> tuple[str, str]:
    session = Session.open(path)
    try:
        person = session.create_card({"name": NAME, "phones": PHONE, "company": "华信贸易"}).id
        assert person is not None
        session.log_contact(person, channel="phone", summary=f"called {NAME} on {PHONE}")
        session.plan_visit(person, "2030-01-05", purpose=f"visit {NAME}")
        session.edit_card(person, {"notes": f"{NAME} prefers WeChat"})
        kept = session.create_card({"name": KEPT, "phones": "13800001111"}).id
        assert kept is not None
    finally:
        session.close()
    return person, kept


def test_erase_then_sync_leaves_nothing_of_the_person_on_either_laptop(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    person, kept = _laptop_with_person(a)
    to_b = tmp_path / "a1.salesdesk"
    with _Opened(a) as session_a:
        export_sync_file(session_a.store, to_b)
    with _Opened(b) as session_b:
        merge_file(session_b.store, to_b)
        # Meanwhile on B: an edit of the card, not seen by the erasure on A.
        session_b.edit_card(person, {"notes": f"B: met {NAME} again"})
        export_sync_file(session_b.store, tmp_path / "b1.salesdesk")
    assert _holds_person(b)

    with _Opened(a) as session_a:
        export = tmp_path / "copy.json"
        session_a.export_person(person, export)
        given = json.loads(export.read_text(encoding="utf-8"))
        assert given["card"]["name"] == NAME
        assert given["contact"][0]["summary"] == f"called {NAME} on {PHONE}"
        assert given["visit"][0]["purpose"] == f"visit {NAME}"
        assert any(h["field"] == "notes" for h in given["history"])
        erased = session_a.erase_person(person).value
        assert erased.rows["card"] == 1
        assert erased.changes >= 1
        assert not session_a.store.db.execute_sql(
            "SELECT 1 FROM change WHERE row_id = ?", (person,)
        ).fetchone()
        # B's file still carries the person and B's edit: it cannot bring them back.
        report = merge_file(session_a.store, tmp_path / "b1.salesdesk")
        assert report.warnings
        assert all(NAME not in w for w in report.warnings)
        export_sync_file(session_a.store, tmp_path / "a2.salesdesk")

    with _Opened(b) as session_b:
        report = merge_file(session_b.store, tmp_path / "a2.salesdesk")
        # B is told: the card it edited was erased at the person's request.
        told = " ".join(report.warnings)
        assert NAME in told
        assert "erased" in told
        assert "written here" in told
        assert session_b.card(kept).name == KEPT
        export_sync_file(session_b.store, tmp_path / "b2.salesdesk")
    with _Opened(a) as session_a:
        merge_file(session_a.store, tmp_path / "b2.salesdesk")

    dump_a, dump_b = _dump_text(a), _dump_text(b)
    assert dump_a == dump_b
    assert KEPT in dump_a
    for text in (dump_a, dump_b):
        assert NAME not in text
        assert PHONE not in text
        assert json.loads(text)["purge"][0]["card_id"] == person
    for path in (a, b, tmp_path / "a2.salesdesk", tmp_path / "b2.salesdesk"):
        assert not _holds_person(path), path
    # B's backup taken before the merge that erased the person was rewritten without them.
    assert all(not _holds_person(item.path) for item in backups(b))


class _Opened:
    """A writable session for the length of a with block."""

    def __init__(self, path: Path) -> None:
        self.session = Session.open(path)

    def __enter__(self) -> Session:
        return self.session

    def __exit__(self, *exc: object) -> None:
        self.session.close()
