"""The one-pass import (importer.import_rows, what the command line runs) gives the cards,
the report and the undo the two steps give (plan_import, then preview or apply_import,
what the window runs): the fast path cannot drift from the plain one (issue 14)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from salesdesk.io import mapping, readers
from salesdesk.services import duplicates, importer
from salesdesk.services.session import Session

HEADER = "姓名,公司,手机,电话,邮箱,等级,下次拜访,区域,备注\n"
LINES = [
    "Zhang Wei,,138 0013 8000,,,,,,same mobile as a card",  # 2: strong (mobile) with 张伟
    "李娜,华信,,021-6412 3456,,B,,徐汇,",  # 3: shares Anita's switchboard: likely
    "王 芳,上海华信 贸易,,,,,,,",  # 4: same name and company as a card
    "陈明,东方,13900139000,,cm@df.cn,A,,浦东,",  # 5: new
    "Chen Ming,,139-0013-9000,,,,,,later row, same person",  # 6: strong with row 5
    "张伟,东方科技,,,,,,,",  # 7: same name at another company: likely
    ",,,,,,,,only a note",  # 8: nothing to name it by: not imported
    "赵六,金鼎,,2164123456,,C,,,",  # 9: a landline that lost its 0: a problem
    "赵六,金鼎,,,zl@jd.cn,X,,,",  # 10: same name and company as row 9; a bad grade
    "Shiori Inoue,Contoso,,021 6412 3456,,,,,",  # 11: switchboard again: likely
    "孙七,嘉禾,13700137000,,,D,2031-05-06,静安区,",  # 12: new, a visit from the file
    "陈明,,,,CM@df.cn,F1,,,",  # 13: same e-mail as row 5
    "周八,嘉禾,,,,,,,",  # 14: new
]
CARDS = [
    {"name": "张伟", "company": "华信", "phones": "13800138000", "email": "zw@hx.cn"},
    {"name": "Anita Jorgensen", "company": "Contoso", "phones": "021-6412 3456"},
    {"name": "王芳", "company": "上海华信贸易", "area": "徐汇区"},
]


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A database with three cards, and the file to import into it; the clock stands still."""
    monkeypatch.setenv("SALESDESK_NOW", "2026-03-02T10:00:00")
    db = tmp_path / "base.db"
    with _opened(db) as session:
        for card in CARDS:
            session.create_card(card)
    source = tmp_path / "list.csv"
    source.write_text(HEADER + "\n".join(LINES) + "\n", encoding="utf-8")
    return db, source


@contextmanager
def _opened(path: Path) -> Iterator[Session]:
    session = Session.open(path)
    try:
        yield session
    finally:
        session.close()


def _rows(source: Path) -> Any:
    table = readers.read_table(source)
    targets = mapping.guess_mapping(table.headers)
    return mapping.iter_rows(table, targets, None, consume=True)


def _two_ways(
    base: tuple[Path, Path], tmp_path: Path, on_duplicate: str, dry_run: bool
) -> list[dict[str, Any]]:
    db, source = base
    out = []
    for way in ("plain", "stream"):
        copy = tmp_path / f"{way}.db"
        shutil.copy(db, copy)
        with _opened(copy) as session:
            before = {c["id"] for c in session.dump()["card"]}
            if way == "plain":
                plan = importer.plan_import(_rows(source))
                if dry_run:
                    result = importer.preview(plan, on_duplicate)
                else:
                    result, _ = session.import_file(plan, on_duplicate=on_duplicate)
            elif dry_run:
                result = importer.import_rows(
                    session.store, _rows(source), on_duplicate, dry_run=True
                )
            else:
                result, _ = session.import_rows(_rows(source), on_duplicate=on_duplicate)
            dump = session.dump()
            undo_label = session.undo_stack.undo_label
            # The likely duplicates the duplicates view shows, as groups of cards.
            flagged = duplicates.groups(session.open_duplicates())
            if not dry_run:
                session.undo()
            after_undo = sorted(
                (c["name"], c["deleted"]) for c in session.dump()["card"] if c["id"] not in before
            )
        # New cards by their place in the result (row order), old ones by their id.
        names = {card_id: f"new card {n}" for n, card_id in enumerate(result.card_ids)}
        out.append(
            {
                "result": _canon(result.to_json(), names),
                "card_ids": len(result.card_ids),
                "cards": _table(dump["card"], names, drop={"id", "created"}),
                "grade_change": _table(dump["grade_change"], names, drop={"id", "created"}),
                "visit": _table(dump["visit"], names, drop={"id", "created"}),
                "changes": _table(
                    dump["change"], names, drop={"id", "stamp", "device", "parents", "seen"}
                ),
                "flagged": sorted(sorted(_canon(group, names)) for group in flagged),
                "undo": undo_label,
                "after_undo": after_undo,
            }
        )
    return out


def _canon(value: Any, names: dict[str, str]) -> Any:
    if isinstance(value, str):
        for card_id, name in names.items():
            value = value.replace(card_id, name)
        return value
    if isinstance(value, list):
        return [_canon(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _canon(v, names) for k, v in value.items()}
    return value


def _table(rows: list[dict[str, Any]], names: dict[str, str], drop: set[str]) -> list[str]:
    kept = [{k: v for k, v in row.items() if k not in drop} for row in rows]
    return sorted(json.dumps(_canon(r, names), sort_keys=True, ensure_ascii=False) for r in kept)


@pytest.mark.parametrize("on_duplicate", ["skip", "update", "create"])
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry run", "import"])
def test_one_pass_gives_what_the_two_steps_give(
    base: tuple[Path, Path], tmp_path: Path, on_duplicate: str, dry_run: bool
) -> None:
    plain, stream = _two_ways(base, tmp_path, on_duplicate, dry_run)
    for key in plain:
        assert stream[key] == plain[key], key
    # The sample does reach every kind of row, so the comparison means something.
    actions = {r["action"] for r in plain["result"]["rows"]}
    expected = {
        "rejected",
        "flagged",
        {"skip": "skipped", "update": "updated"}.get(on_duplicate, "created"),
    }
    assert expected <= actions
    if on_duplicate == "update":
        assert "merged" in actions
    assert plain["result"]["likely_duplicates"]
    assert plain["result"]["problems"]
    if not dry_run:
        assert plain["undo"] == "Import"
        assert plain["after_undo"]
        assert all(deleted for _, deleted in plain["after_undo"])


def test_the_command_line_takes_the_one_pass_road(
    base: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from salesdesk.cli import main

    db, source = base
    called: list[str] = []
    real = importer.import_rows

    def spy(*args: Any, **kwargs: Any) -> Any:
        called.append("import_rows")
        return real(*args, **kwargs)

    monkeypatch.setattr(importer, "import_rows", spy)
    assert main(["import", "--db", str(db), str(source), "--json"]) == 0
    assert called == ["import_rows"]
    shown = json.loads(capsys.readouterr().out)
    assert (shown["created"], shown["flagged"], shown["skipped"]) == (7, 3, 6)


# Files that reading has to get right: a title row, a BOM, CR CR LF line ends, NUL and
# U+202E in cells, a cell over two lines, a column with no header, a column with nothing,
# blank lines, GB18030, semicolons, UTF-16.
AWKWARD = [
    ("utf-8-sig", "客户名单 2025,,,\r\n姓名,手机,备注,,\r\n张伟,13800138000,\"第一行\r\n第二行\","
     ",\r\n\r\n李\x00娜,139 0013 9000,\u202e反,x,\r\n,,,,\r\n王芳,,,,\r\n"),
    ("utf-8", "Name,Phone\r\r\nAnita,555-0100\r\r\n\r\r\nShiori,555-0101\r\r\n"),
    ("gb18030", "姓名;公司;电话\n张伟;华信;021-64123456\n王芳;华信;\n"),
    ("utf-16", "Name\tE-mail\nAnita\tanita@contoso.com\n"),
    ("utf-8", "Name,Phone,,\nAnita,555-0100,  ,\n  ,  , ,\nShiori, 555-0101 ,,\n"),
    # Past the rows the header is looked for in: rows of spaces, a column first filled late.
    ("utf-8", "Name,Phone,,,\n" + "".join(
        f"Anita {n},555-{n:04d},  ,,\n" if n % 3 else " ,  , ,\t,\n" for n in range(60)
    ) + "\n , ,\u3000,\n" + "Shiori,555-0101,,late\n,, ,,x\n"),
]  # fmt: skip


@pytest.mark.parametrize(("encoding", "text"), AWKWARD)
def test_a_file_read_lazily_has_the_rows_it_has_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, text: str
) -> None:
    source = tmp_path / "list.csv"
    source.write_bytes(text.encode(encoding))
    whole = readers.read_table(source)
    monkeypatch.setattr(readers, "LAZY_ABOVE", 0)
    lazy = readers.read_table(source, lazy=True)
    assert isinstance(lazy.rows, readers.LazyRows)
    shape = ("headers", "row_numbers", "encoding", "delimiter", "header_row", "notes")
    assert [getattr(lazy, k) for k in shape] == [getattr(whole, k) for k in shape]
    assert list(lazy.rows) == whole.rows
    assert list(lazy.rows) == whole.rows  # walked again, from the file again
    assert lazy.rows[:2] == whole.rows[:2]
    assert len(lazy.rows) == len(whole.rows)
    targets = mapping.guess_mapping(whole.headers)
    eager_rows = [(r.row, r.fields, r.problems) for r in mapping.iter_rows(whole, targets)]
    lazy_rows = [(r.row, r.fields, r.problems) for r in mapping.iter_rows(lazy, targets)]
    assert lazy_rows == eager_rows


def test_a_file_changed_between_two_walks_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "list.csv"
    source.write_text("姓名,手机\n张伟,13800138000\n", encoding="utf-8")
    monkeypatch.setattr(readers, "LAZY_ABOVE", 0)
    table = readers.read_table(source, lazy=True)
    source.write_text("姓名,手机\n张伟,13800138000\n王芳,13900139000\n", encoding="utf-8")
    with pytest.raises(readers.ImportFileError, match="changed"):
        list(table.rows)
