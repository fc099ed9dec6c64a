"""Random edits on three laptops, merged in random orders and again: every dump ends identical."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salesdesk.domain.errors import UserError
from salesdesk.services.session import Session
from salesdesk.sync.files import export_sync_file
from salesdesk.sync.merge import merge_file

DEVICES = 3

edit = st.tuples(
    st.just("edit"),
    st.integers(0, DEVICES - 1),
    st.integers(0, 5),
    st.sampled_from(["name", "company", "notes", "area"]),
    st.sampled_from(["张伟", "李娜", "Acme", "", "浦东", "x"]),
)
grade = st.tuples(
    st.just("grade"), st.integers(0, DEVICES - 1), st.integers(0, 5), st.sampled_from("ABCDEF")
)
create = st.tuples(st.just("create"), st.integers(0, DEVICES - 1))
delete = st.tuples(st.just("delete"), st.integers(0, DEVICES - 1), st.integers(0, 5))
contact = st.tuples(st.just("contact"), st.integers(0, DEVICES - 1), st.integers(0, 5))
sync = st.tuples(st.just("sync"), st.integers(0, DEVICES - 1), st.integers(0, DEVICES - 1))
operation = st.one_of(edit, grade, create, delete, contact, sync, sync)


def _apply(paths: list[Path], folder: Path, op: tuple[Any, ...]) -> None:
    kind, device = op[0], op[1]
    if kind == "sync":
        if device == op[2]:
            return
        source = _export(paths[device], folder)
        session = Session.open(paths[op[2]])
        try:
            merge_file(session.store, source)
        finally:
            session.close()
        return
    session = Session.open(paths[device])
    try:
        live = sorted(r.id for r in session.card_list.query(_all()))
        if kind == "create" or not live:
            session.create_card({"name": f"card {device}"})
            return
        card_id = live[op[2] % len(live)]
        if kind == "edit":
            value = op[4] or "n" if op[3] == "name" else op[4]
            session.edit_card(card_id, {op[3]: value})
        elif kind == "grade":
            session.change_grade(card_id, op[3], reason="r")
        elif kind == "delete":
            session.delete_card(card_id)
        elif kind == "contact":
            session.log_contact(card_id, channel="phone", summary=f"from {device}")
    except UserError:
        pass
    finally:
        session.close()


def _all() -> Any:
    from salesdesk.services.cardlist import CardFilter

    return CardFilter()


def _export(path: Path, folder: Path) -> Path:
    session = Session.open(path)
    try:
        return export_sync_file(session.store, folder / f"{path.stem}.salesdesk")
    finally:
        session.close()


def _dump(path: Path) -> tuple[dict[str, Any], set[str]]:
    session = Session.open(path)
    try:
        data = session.dump()
        return data, {c["id"] for c in data["change"]}
    finally:
        session.close()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(operation, min_size=1, max_size=14), st.permutations(range(DEVICES)))
def test_any_edits_merged_in_any_order_converge_and_lose_nothing(
    ops: list[tuple[Any, ...]], order: list[int]
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        paths = [root / f"laptop{i}" / "cards.db" for i in range(DEVICES)]
        for path in paths:
            path.parent.mkdir()
        folder = root / "files"
        folder.mkdir()
        for op in ops:
            _apply(paths, folder, op)
        written = set().union(*(_dump(p)[1] for p in paths))
        # Two rounds of everyone-merges-everyone, in a random order, reach a fixed point.
        for _ in range(2):
            for src in order:
                for dst in order:
                    _apply(paths, folder, ("sync", src, dst))
        dumps = [_dump(p) for p in paths]
        assert dumps[0][0] == dumps[1][0] == dumps[2][0]
        assert written <= dumps[0][1]  # no change lost
        _assert_newest_change_wins(dumps[0][0])


def _assert_newest_change_wins(data: dict[str, Any]) -> None:
    newest: dict[tuple[str, str, str], dict[str, Any]] = {}
    for change in sorted(data["change"], key=lambda c: c["stamp"]):
        if change["field_group"] != "deleted":
            key = (change["table_name"], change["row_id"], change["field_group"])
            newest[key] = json.loads(change["new"])
    rows = {(table, row["id"]): row for table in data for row in data[table]}
    for (table, row_id, _group), values in newest.items():
        row = rows[(table, row_id)]
        assert {f: row[f] for f in values} == values
