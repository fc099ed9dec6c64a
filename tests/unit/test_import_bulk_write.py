"""A first import into an empty file builds the indexes after the rows (issue 14): the
cards, grade steps, visits, report, undo and schema are those the plain road gives."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from salesdesk.io import mapping, readers
from salesdesk.services import importer
from salesdesk.services.session import Session

LINES = [
    "姓名,公司,手机,电话,邮箱,等级,下次拜访,区域,备注",
    "张伟,华信,138 0013 8000,,zw@hx.cn,A,,徐汇,",
    "Zhang Wei,,138 0013 8000,,,,,,same mobile as row 2",
    "李娜,华信,,021-6412 3456,,B,,徐汇区,",
    "Shiori Inoue,Contoso,,021 6412 3456,,,,,shares the switchboard",
    "陈明,东方,13900139000,,cm@df.cn,C,,浦东,",
    "陈明,东方,,,,F1,,,same name and company as row 6",
    ",,,,,,,,only a note",
    "孙七,嘉禾,13700137000,,,D,2031-05-06,静安区,",
    "周八,嘉禾,,,,E,,,",
]


@pytest.fixture
def source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SALESDESK_NOW", "2026-03-02T10:00:00")
    path = tmp_path / "list.csv"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    return path


@contextmanager
def _opened(path: Path) -> Iterator[Session]:
    session = Session.open(path)
    try:
        yield session
    finally:
        session.close()


def _rows(source: Path) -> Any:
    table = readers.read_table(source)
    return mapping.iter_rows(table, mapping.guess_mapping(table.headers), None, consume=True)


def _indexes(session: Session) -> list[tuple[str, str, str]]:
    return session.store.db.execute_sql(
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    ).fetchall()


def _import(path: Path, source: Path, on_duplicate: str, *, bulk: bool) -> dict[str, Any]:
    with _opened(path) as session:
        schema = _indexes(session)
        if bulk:
            result, _ = session.import_rows(_rows(source), on_duplicate=on_duplicate)
        else:
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(importer, "_BULK_TABLES", ())
                result, _ = session.import_rows(_rows(source), on_duplicate=on_duplicate)
        names = {card_id: f"new card {n}" for n, card_id in enumerate(result.card_ids)}
        dump = session.dump()
        (check,) = session.store.db.execute_sql("PRAGMA integrity_check").fetchone()
        out = {
            "result": _named(json.dumps(result.to_json(), ensure_ascii=False), names),
            "schema": _indexes(session) == schema,
            "integrity": check,
            **{
                table: sorted(
                    _named(json.dumps(row, sort_keys=True, ensure_ascii=False), names)
                    for row in ({k: v for k, v in r.items() if k not in _VARY} for r in dump[table])
                )
                for table in ("card", "grade_change", "visit", "change")
            },
        }
        session.undo()
        out["after_undo"] = sorted((c["name"], c["deleted"]) for c in session.dump()["card"])
        out["schema_after_undo"] = _indexes(session) == schema
    return out


# What differs between two imports of the same rows: ids, stamps, the replica.
_VARY = {"id", "created", "stamp", "device", "parents", "seen"}


def _named(text: str, names: dict[str, str]) -> str:
    for card_id, name in names.items():
        text = text.replace(card_id, name)
    return text


@pytest.mark.parametrize("on_duplicate", ["skip", "create", "update"])
def test_a_first_import_gives_what_the_plain_road_gives(
    tmp_path: Path, source: Path, on_duplicate: str
) -> None:
    empty = tmp_path / "empty.db"
    with _opened(empty):
        pass
    shutil.copy(empty, tmp_path / "plain.db")
    plain = _import(tmp_path / "plain.db", source, on_duplicate, bulk=False)
    bulk = _import(empty, source, on_duplicate, bulk=True)
    assert bulk == plain
    assert plain["integrity"] == "ok"
    assert plain["schema"]
    assert plain["schema_after_undo"]
    assert len(plain["card"]) >= 6
    assert plain["visit"]
    assert plain["grade_change"]
    assert all(deleted for _, deleted in plain["after_undo"])


def test_the_indexes_are_dropped_only_in_the_import_and_only_of_empty_tables(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cards.db"
    seen: list[list[str]] = []
    real = importer._import_rows

    def spy(store: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(
            sorted(
                name
                for table, name, _ in _indexes(session)
                if table in importer._BULK_TABLES and not name.startswith("sqlite_")
            )
        )
        return real(store, *args, **kwargs)

    monkeypatch.setattr(importer, "_import_rows", spy)
    with _opened(path) as session:
        schema = _indexes(session)
        session.import_rows(_rows(source))
        assert _indexes(session) == schema
        session.import_rows(_rows(source))  # the tables have rows now: the indexes stay
        assert _indexes(session) == schema
    expected = sorted(
        name
        for table, name, _ in schema
        if table in importer._BULK_TABLES and not name.startswith("sqlite_")
    )
    # In the first import only the indexes whose keys come in order were there.
    kept = sorted(importer._KEPT_IN_ORDER)
    assert set(kept) < set(expected)  # each is an index of the schema; some are dropped
    assert seen == [kept, expected]


def test_a_cancelled_first_import_leaves_the_file_as_it_was(
    tmp_path: Path, source: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "_PROGRESS_EVERY", 1)
    monkeypatch.setattr(importer, "_INSERT_CHUNK", 2)  # some rows are written before
    path = tmp_path / "cards.db"
    with _opened(path) as session:
        schema = _indexes(session)
        with pytest.raises(importer.ImportCancelled):
            session.import_rows(_rows(source), progress=lambda done, total: done < 3)
        assert _indexes(session) == schema
        assert session.dump()["card"] == []
