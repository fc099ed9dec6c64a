"""`salesdesk sync merge` against damaged and tampered files, wrong clocks and racing deletes.

Each bad file is refused with exit 1, one line that names the file, and the
live database byte for byte as it was; on plain files, and again with every database
encrypted and every sync file under the team passphrase (issue 22).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, file_digest, on_both
from tests.encrypted_sync import KEYS, Keys, connect_any, connect_file

# Each runs twice, the second time encrypted (a key derivation at every open): 15 s or so.
pytestmark = pytest.mark.slow


@pytest.fixture
def cli(cli: Cli, sync_keys: Keys, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Every test here runs on plain files and again on encrypted ones (issue 22)."""
    return on_both(cli, sync_keys, monkeypatch)


@pytest.fixture
def two(cli: Cli, tmp_path: Path) -> tuple[Path, Path, str, Path]:
    """Laptops A and B sharing one card; A then edits it and writes its sync file."""
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    card = cli("card", "add", "--db", a, "--name", "张伟", "--company", "华信").out.strip()
    first = tmp_path / "first.salesdesk"
    assert cli("sync", "export", "--db", a, "--out", first).code == 0
    assert cli("sync", "merge", "--db", b, first).code == 0
    assert cli("card", "edit", "--db", a, card, "--notes", "周三有空").code == 0
    source = tmp_path / "a.salesdesk"
    assert cli("sync", "export", "--db", a, "--out", source).code == 0
    return a, b, card, source


def _sql(path: Path, *statements: str) -> None:
    con = connect_any(path)
    with con:
        for statement in statements:
            con.execute(statement)
    con.close()


def _new_change(path: Path) -> str:
    """The id of the notes edit B has not seen yet."""
    con = connect_any(path)
    [(change_id,)] = con.execute("SELECT id FROM change WHERE field_group = 'notes'").fetchall()
    con.close()
    return str(change_id)


def _shuffle_values(path: Path) -> None:
    """Columns in another order, filled by position: what a SELECT * copy produced."""
    con = connect_any(path)
    with con:
        columns = [r[1] for r in con.execute("PRAGMA table_info(change)").fetchall()]
        rows = con.execute("SELECT * FROM change").fetchall()
        shuffled = columns[3:] + columns[:3]
        con.execute("DROP TABLE change")
        con.execute(f"CREATE TABLE change ({', '.join(shuffled)})")
        con.executemany(f"INSERT INTO change VALUES ({','.join('?' * len(columns))})", rows)
    con.close()


TAMPERED: dict[str, tuple[Callable[[Path, str], None], str]] = {
    "a change stamped in the year 9999": (
        lambda p, c: _sql(
            p, f"UPDATE change SET stamp = '9999999999999-00000-' || device WHERE id = '{c}'"
        ),
        "after the file's own clock",
    ),
    "a card stamped in the year 9999": (
        lambda p, c: _sql(p, "UPDATE card SET created = '9999999999999-00000-x', id = 'forged'"),
        "after the file's own clock",
    ),
    "a new card whose birthday is no date": (
        lambda p, c: _sql(p, "UPDATE card SET birthday = '2026-13-45', id = 'forged'"),
        "bad birthday",
    ),
    "a stamp that is garbage": (
        lambda p, c: _sql(p, f"UPDATE change SET stamp = 'garbage' WHERE id = '{c}'"),
        "'garbage'",
    ),
    "invalid JSON in a value": (
        lambda p, c: _sql(p, f"UPDATE change SET new = '{{\"notes\": ' WHERE id = '{c}'"),
        "not valid JSON",
    ),
    "invalid JSON in the parents": (
        lambda p, c: _sql(p, f"UPDATE change SET parents = '[oops' WHERE id = '{c}'"),
        "parents are not valid JSON",
    ),
    "a value nested 99,000 deep": (
        lambda p, c: _sql(
            p, f"UPDATE change SET new = printf('%.*c', 99000, '[') WHERE id = '{c}'"
        ),
        "not valid JSON",
    ),
    "parents nested 99,000 deep": (
        lambda p, c: _sql(
            p, f"UPDATE change SET parents = printf('%.*c', 99000, '[') WHERE id = '{c}'"
        ),
        "parents are not valid JSON",
    ),
    "a manifest nested 99,000 deep": (
        lambda p, c: _sql(
            p, "UPDATE meta SET value = printf('%.*c', 99000, '[') WHERE key = 'manifest'"
        ),
        "altered (its manifest)",
    ),
    "a version vector nested 99,000 deep": (
        lambda p, c: _sql(
            p,
            "UPDATE meta SET value = json_set(value, '$.holds', printf('%.*c', 99000, '[')) "
            "WHERE key = 'manifest'",
        ),
        "altered (its version vector)",
    ),
    "parents that are not change ids": (
        lambda p, c: _sql(p, f"UPDATE change SET parents = '[\"garbage\"]' WHERE id = '{c}'"),
        "parents are not change ids",
    ),
    "a parent that is no change": (
        lambda p, c: _sql(
            p,
            "UPDATE change SET parents = '[\"0b6f7f4e-9a6e-4c1e-8d7e-3c0f7b1d2a11\"]' "
            f"WHERE id = '{c}'",
        ),
        "no change",
    ),
    "a value naming an unknown column": (
        lambda p, c: _sql(p, f"UPDATE change SET new = '{{\"secret\": \"x\"}}' WHERE id = '{c}'"),
        "unknown column 'secret'",
    ),
    "a value of the wrong type": (
        lambda p, c: _sql(p, f"UPDATE change SET new = '{{\"notes\": 5}}' WHERE id = '{c}'"),
        "wrong type",
    ),
    "a change of an unknown table": (
        lambda p, c: _sql(p, f"UPDATE change SET table_name = 'secret' WHERE id = '{c}'"),
        "unknown table",
    ),
    "columns shuffled and filled by position": (lambda p, c: _shuffle_values(p), "altered"),
    "no card table": (
        lambda p, c: _sql(p, "DROP TABLE card"),
        "not a complete SalesDesk file: it has no card table",
    ),
    "one byte cut off": (
        lambda p, c: p.write_bytes(p.read_bytes()[:-1]),
        "damaged",
    ),
    # What no SalesDesk writes (clean_text strips and cuts what the user gives): the merge
    # took a name with an escape sequence, a right-to-left override or a megabyte of text.
    "a new card whose name holds control characters": (
        lambda p, c: _sql(
            p, "UPDATE card SET name = 'Bad' || char(27) || '[31m' || char(7), id = 'forged'"
        ),
        "bad name",
    ),
    "a new card whose name holds a NUL": (
        lambda p, c: _sql(p, "UPDATE card SET name = 'Bad' || char(0) || 'Name', id = 'forged'"),
        "bad name",
    ),
    "a new card whose name reads backwards": (
        lambda p, c: _sql(p, "UPDATE card SET name = char(8238) || 'evil', id = 'forged'"),
        "bad name",
    ),
    "a new card whose name is a megabyte": (
        lambda p, c: _sql(p, "UPDATE card SET name = printf('%.*c', 1048576, 'x'), id = 'forged'"),
        "bad name",
    ),
    "a change whose value holds a control character": (
        lambda p, c: _sql(
            p, f"UPDATE change SET new = '{{\"notes\": \"a\\u001bb\"}}' WHERE id = '{c}'"
        ),
        "wrong type or form",
    ),
    # A table with a column SalesDesk does not write (added, renamed, generated): the merge,
    # which reads by name, dropped what it held without a word.
    "an extra column in the card table": (
        lambda p, c: _sql(p, "ALTER TABLE card ADD COLUMN secret TEXT DEFAULT 'x'"),
        "its card table has a column 'secret' that SalesDesk does not write",
    ),
    "an extra column in the change table": (
        lambda p, c: _sql(p, "ALTER TABLE change ADD COLUMN signed_by TEXT"),
        "its change table has a column 'signed_by' that SalesDesk does not write",
    ),
    "a renamed column": (
        lambda p, c: _sql(p, "ALTER TABLE card RENAME COLUMN notes TO remarks"),
        "its card table has no notes column",
    ),
    "a column renamed that a merge would add back": (
        lambda p, c: _sql(p, "ALTER TABLE change RENAME COLUMN seen TO saw"),
        "its change table has a column 'saw' that SalesDesk does not write",
    ),
    "a generated column": (
        lambda p, c: _sql(
            p, "ALTER TABLE contact ADD COLUMN echo TEXT GENERATED ALWAYS AS (summary) VIRTUAL"
        ),
        "its contact table has a column 'echo' that SalesDesk does not write",
    ),
    "a change whose notes are longer than any kept": (
        lambda p, c: _sql(
            p,
            "UPDATE change SET new = json_object('notes', printf('%.*c', 100001, 'x')) "
            f"WHERE id = '{c}'",
        ),
        "wrong type or form",
    ),
}


@pytest.mark.parametrize(("tamper", "says"), TAMPERED.values(), ids=TAMPERED.keys())
def test_a_bad_file_is_refused_with_one_line_naming_it_and_the_live_file_unchanged(
    cli: Cli,
    two: tuple[Path, Path, str, Path],
    tamper: Callable[[Path, str], None],
    says: str,
) -> None:
    _, b, _card, source = two
    tamper(source, _new_change(source))
    before = file_digest(b)
    message = cli("sync", "merge", "--db", b, source).assert_user_error()
    assert str(source) in message  # the file at fault, not the user's database
    assert str(b) not in message
    if KEYS.encrypted and says == "damaged":
        # An encrypted file cut short cannot be told from any other bytes (it has no
        # header before its key): it is refused as not a SalesDesk file.
        assert "damaged" in message or "not a SalesDesk" in message
    else:
        assert says in message
    assert message.count("nothing was merged") <= 1  # said once when said
    assert file_digest(b) == before
    # And the live file is fine: the card as it was before.
    assert cli("check", "--db", b).code == 0
    assert cli("dump", "--db", b).json["card"][0]["notes"] == ""


def test_a_table_with_a_column_salesdesk_does_not_write_is_refused_by_the_dry_run_too(
    cli: Cli, two: tuple[Path, Path, str, Path]
) -> None:
    _, b, _card, source = two
    _sql(source, "ALTER TABLE visit ADD COLUMN secret TEXT")
    before = file_digest(b)
    for lang in ("en", "zh_CN"):
        outcome = cli("--lang", lang, "sync", "merge", "--db", b, source, "--dry-run")
        message = outcome.assert_user_error()
        assert str(source) in message
        assert "visit" in message
        assert "'secret'" in message
        assert ("不是由 SalesDesk 写出的" if lang == "zh_CN" else "not written by SalesDesk") in (
            message
        )
        said = "没有合并任何内容" if lang == "zh_CN" else "nothing was merged"
        assert message.count(said) == 1
    assert file_digest(b) == before


# An erasure's record (issue 22) as another laptop could read it: what the erasure saw,
# changed. Each gets the file's first erasure record's value and gives the altered one.
ALTERED_SEEN: dict[str, Callable[[dict[str, str]], str]] = {
    "not JSON": lambda seen: "{oops",
    "a list of stamps": lambda seen: json.dumps(list(seen.values())),
    "a number for a stamp": lambda seen: json.dumps(dict.fromkeys(seen, 5)),
    "a stamp that is garbage": lambda seen: json.dumps(dict.fromkeys(seen, "garbage")),
    "a stamp of another replica": lambda seen: json.dumps({r + "x": s for r, s in seen.items()}),
    "a stamp after the file's own clock": lambda seen: json.dumps(
        {r: "9999999999999-00000-" + r for r in seen}
    ),
    "JSON nested 99,000 deep": lambda seen: "[" * 99_000,
}


def test_an_erasure_record_with_an_altered_seen_is_refused_and_the_live_file_unchanged(
    cli: Cli, two: tuple[Path, Path, str, Path], tmp_path: Path
) -> None:
    import shutil

    a, b, card, _ = two
    assert cli("person", "erase", "--db", a, card, "--yes", "--no-scrub-backups").code == 0
    erased = tmp_path / "erased.salesdesk"
    assert cli("sync", "export", "--db", a, "--out", erased).code == 0
    con = connect_file(erased)
    [(seen,)] = con.execute("SELECT seen FROM purge").fetchall()
    con.close()
    before = file_digest(b)
    for name, alter in ALTERED_SEEN.items():
        tampered = tmp_path / "tampered.salesdesk"
        shutil.copyfile(erased, tampered)
        _sql(tampered, f"UPDATE purge SET seen = '{alter(json.loads(seen))}'")
        message = cli("sync", "merge", "--db", b, tampered).assert_user_error()
        assert str(tampered) in message, name
        assert "purge row" in message, name
        assert "bad seen" in message, name
        assert file_digest(b) == before, name
    said = cli("--lang", "zh_CN", "sync", "merge", "--db", b, tampered).assert_user_error()
    assert "purge 表中编号" in said
    assert "seen 的值无效" in said
    assert file_digest(b) == before
    assert [c["id"] for c in cli("dump", "--db", b).json["card"]] == [card]
    # The record as SalesDesk wrote it is taken, and erases the person here too.
    assert cli("sync", "merge", "--db", b, erased).code == 0
    assert cli("dump", "--db", b).json["card"] == []


def _seen_of(change_id: str, seen: object) -> str:
    text = seen if isinstance(seen, str) else json.dumps(seen)
    return f"UPDATE change SET seen = '{text}' WHERE id = '{change_id}'"


# A card's delete as another laptop could read it: what the delete saw (change.seen, the
# card's newest stamp of each laptop then), changed. Each gives the UPDATE of the file's
# change records, from the delete's id and the `seen` it was written with. The first three
# passed on main, taken into the live file where they decide whether activity on the card
# that the delete did not see keeps it.
ALTERED_DELETE: dict[str, Callable[[str, dict[str, str]], str]] = {
    "a stamp of a longer replica id ending the same way": lambda c, seen: _seen_of(
        c, {r: s[:20] + "evil-" + r for r, s in seen.items()}
    ),
    "a stamp after the file's own clock": lambda c, seen: _seen_of(
        c, {r: "9999999999999-00000-" + r for r in seen}
    ),
    "a seen on a restore": lambda c, seen: (
        f"UPDATE change SET new = '{{\"deleted\":0}}' WHERE id = '{c}'"
    ),
    "a seen on an edit of the notes": lambda c, seen: (
        f"UPDATE change SET seen = (SELECT seen FROM change WHERE id = '{c}') "
        "WHERE field_group = 'notes'"
    ),
    "a stamp of another replica": lambda c, seen: _seen_of(
        c, {r + "x": s for r, s in seen.items()}
    ),
    "a stamp that is garbage": lambda c, seen: _seen_of(c, dict.fromkeys(seen, "garbage")),
    "a list of stamps": lambda c, seen: _seen_of(c, list(seen.values())),
    "not JSON": lambda c, seen: _seen_of(c, "{oops"),
    "JSON nested 99,000 deep": lambda c, seen: (
        f"UPDATE change SET seen = printf('%.*c', 99000, '[') WHERE id = '{c}'"
    ),
}


def test_a_delete_with_an_altered_seen_is_refused_and_the_live_file_unchanged(
    cli: Cli, two: tuple[Path, Path, str, Path], tmp_path: Path
) -> None:
    import shutil

    a, b, card, _ = two
    # B logs a contact that A merges before deleting the card: its delete saw both laptops.
    assert (
        cli("contact", "log", "--db", b, card, "--channel", "phone", "--summary", "电话").code == 0
    )
    from_b = tmp_path / "b.salesdesk"
    assert cli("sync", "export", "--db", b, "--out", from_b).code == 0
    assert cli("sync", "merge", "--db", a, from_b).code == 0
    assert cli("card", "delete", "--db", a, card).code == 0
    deleted = tmp_path / "deleted.salesdesk"
    assert cli("sync", "export", "--db", a, "--out", deleted).code == 0
    con = connect_file(deleted)
    [(delete, seen)] = con.execute("SELECT id, seen FROM change WHERE seen IS NOT NULL").fetchall()
    con.close()
    known = json.loads(seen)
    assert len(known) == 2  # A's stamps and B's
    before = file_digest(b)
    for name, alter in ALTERED_DELETE.items():
        tampered = tmp_path / "tampered.salesdesk"
        shutil.copyfile(deleted, tampered)
        _sql(tampered, alter(delete, known))
        message = cli("sync", "merge", "--db", b, tampered).assert_user_error()
        assert str(tampered) in message, name
        assert "bad seen (what a delete saw)" in message, name
        assert file_digest(b) == before, name
    said = cli("--lang", "zh_CN", "sync", "merge", "--db", b, tampered).assert_user_error()
    assert "seen（删除时已见到的内容）的值无效" in said
    assert file_digest(b) == before
    assert [c["deleted"] for c in cli("dump", "--db", b).json["card"]] == [0]
    # The delete as SalesDesk wrote it is taken: it saw B's contact, so the card goes here too.
    assert cli("sync", "merge", "--db", b, deleted).code == 0
    data = cli("dump", "--db", b).json
    assert [c["deleted"] for c in data["card"]] == [1]
    assert data["conflict"] == []


def test_columns_in_another_order_are_read_by_name(
    cli: Cli, two: tuple[Path, Path, str, Path], tmp_path: Path
) -> None:
    a, b, _card, source = two
    con = connect_file(source)
    with con:
        for table in ("change", "card"):
            columns = [r[1] for r in con.execute(f'PRAGMA table_info("{table}")').fetchall()]
            order = ", ".join(reversed(columns))
            con.execute(f'CREATE TABLE "shuffled" AS SELECT {order} FROM "{table}"')
            con.execute(f'DROP TABLE "{table}"')
            con.execute(f'ALTER TABLE "shuffled" RENAME TO "{table}"')
    con.close()
    assert cli("sync", "merge", "--db", b, source).code == 0
    assert cli("dump", "--db", b).json["card"][0]["notes"] == "周三有空"
    assert cli("dump", "--db", b).json["change"] == cli("dump", "--db", a).json["change"]


def test_no_truncation_of_a_real_sync_file_gives_a_traceback(
    cli: Cli, two: tuple[Path, Path, str, Path], tmp_path: Path
) -> None:
    _, b, _, source = two
    for n in range(3):  # a file of some size: more cards, contacts and changes
        card = cli("card", "add", "--db", b, "--name", f"客户{n}", "--phone", f"1390000{n:04d}")
        cli("contact", "log", "--db", b, card.out.strip(), "--channel", "phone", "--summary", "x")
    data = source.read_bytes()
    before = file_digest(b)
    cut = tmp_path / "cut.salesdesk"
    for size in range(0, len(data), 4096):
        cut.write_bytes(data[:size])
        outcome = cli("sync", "merge", "--db", b, cut)
        assert "Traceback" not in outcome.err
        message = outcome.assert_user_error()
        assert str(cut) in message
        assert file_digest(b) == before, size


def test_a_contact_logged_while_another_laptop_deleted_the_card_keeps_it_everywhere(
    cli: Cli, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    card = cli("card", "add", "--db", a, "--name", "张伟").out.strip()
    cli("sync", "export", "--db", a, "--out", tmp_path / "a0.salesdesk")
    cli("sync", "merge", "--db", b, tmp_path / "a0.salesdesk")
    assert cli("card", "delete", "--db", a, card).code == 0
    logged = cli("contact", "log", "--db", b, card, "--channel", "visit", "--summary", "见面")
    assert logged.code == 0
    for db, out in ((a, "a.salesdesk"), (b, "b.salesdesk")):
        cli("sync", "export", "--db", db, "--out", tmp_path / out)
    merged = cli("sync", "merge", "--db", a, tmp_path / "b.salesdesk")
    assert "deleted on" in merged.out
    assert "logged a contact" in merged.out
    assert "keep or delete?" in merged.out
    cli("sync", "merge", "--db", b, tmp_path / "a.salesdesk")
    for db in (a, b):
        data = cli("dump", "--db", db).json
        assert [c["deleted"] for c in data["card"]] == [0]  # the card stays, with its contact
        assert [c["summary"] for c in data["contact"]] == ["见面"]
        assert [c["field_group"] for c in data["conflict"]] == ["deleted"]
    assert cli("dump", "--db", a).out == cli("dump", "--db", b).out  # conflicts included


def test_deleted_cards_are_listed_and_restored_with_their_history(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "张伟", "--company", "华信").out.strip()
    cli("contact", "log", "--db", db, card, "--channel", "phone", "--summary", "电话")
    cli("card", "edit", "--db", db, card, "--notes", "重要")
    assert cli("card", "list", "--db", db, "--deleted", "--json").json == []
    assert cli("card", "delete", "--db", db, card).code == 0
    assert cli("stats", "--db", db, "--json").json["cards"] == 0
    [listed] = cli("card", "list", "--db", db, "--deleted", "--json").json
    assert (listed["id"], listed["name"], listed["contacts"]) == (card, "张伟", 1)
    assert card in cli("card", "list", "--db", db, "--deleted").out
    assert cli("card", "restore", "--db", db, card).code == 0
    assert cli("card", "list", "--db", db, "--deleted", "--json").json == []
    data = cli("dump", "--db", db).json
    assert (data["card"][0]["deleted"], data["card"][0]["notes"]) == (0, "重要")
    assert [c["summary"] for c in data["contact"]] == ["电话"]
    assert "already not deleted" in cli("card", "restore", "--db", db, card).assert_user_error()
    assert "No card" in cli("card", "restore", "--db", db, "nope").assert_user_error()


def test_an_edit_after_seeing_a_laptop_a_year_ahead_wins_on_every_laptop(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = (tmp_path / f"{n}.db" for n in "abc")
    card = cli("card", "add", "--db", a, "--name", "张伟").out.strip()
    cli("sync", "export", "--db", a, "--out", tmp_path / "a.salesdesk")
    for db in (b, c):
        cli("sync", "merge", "--db", db, tmp_path / "a.salesdesk")
    monkeypatch.setenv("SALESDESK_NOW", "2027-12-01T10:00:00")  # C's clock a year ahead
    cli("card", "edit", "--db", c, card, "--notes", "from C")
    cli("sync", "export", "--db", c, "--out", tmp_path / "c.salesdesk")
    monkeypatch.delenv("SALESDESK_NOW")
    merged = cli("sync", "merge", "--db", b, tmp_path / "c.salesdesk")
    assert "seems to have its clock set to 2027-12-01" in merged.out
    cli("card", "edit", "--db", b, card, "--notes", "B, after reading C's note")
    for _ in range(2):
        for src in (a, b, c):
            cli("sync", "export", "--db", src, "--out", tmp_path / f"{src.stem}.salesdesk")
            for dst in (a, b, c):
                if dst != src:
                    cli("sync", "merge", "--db", dst, tmp_path / f"{src.stem}.salesdesk")
    dumps = [cli("dump", "--db", db).out for db in (a, b, c)]
    assert dumps[0] == dumps[1] == dumps[2]
    data = json.loads(dumps[0])
    assert data["card"][0]["notes"] == "B, after reading C's note"
    assert data["conflict"] == []  # B saw C's edit: no conflict


def test_a_schema_5_file_from_before_deletes_recorded_what_they_saw_still_merges(
    cli: Cli, two: tuple[Path, Path, str, Path]
) -> None:
    _a, b, card, source = two
    for path in (source, b):  # both written by a pre-release build of schema 5
        _sql(path, "ALTER TABLE change DROP COLUMN seen")
    assert cli("sync", "merge", "--db", b, source).code == 0
    assert cli("dump", "--db", b).json["card"][0]["notes"] == "周三有空"
    assert cli("card", "delete", "--db", b, card).code == 0
    assert cli("card", "list", "--db", b, "--deleted", "--json").json[0]["id"] == card


def test_a_laptop_far_ahead_is_named_when_its_changes_come_through_another(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, c = (tmp_path / f"{n}.db" for n in "abc")
    card = cli("card", "add", "--db", a, "--name", "张伟").out.strip()
    cli("sync", "export", "--db", a, "--out", tmp_path / "a.salesdesk")
    cli("sync", "merge", "--db", c, tmp_path / "a.salesdesk")
    cli("sync", "merge", "--db", b, tmp_path / "a.salesdesk")
    monkeypatch.setenv("SALESDESK_NOW", "2027-12-01T10:00:00")
    cli("card", "edit", "--db", c, card, "--notes", "from C")
    cli("sync", "export", "--db", c, "--out", tmp_path / "c.salesdesk")
    monkeypatch.delenv("SALESDESK_NOW")
    cli("sync", "merge", "--db", b, tmp_path / "c.salesdesk")
    cli("sync", "export", "--db", b, "--out", tmp_path / "b.salesdesk")
    merged = cli("sync", "merge", "--db", a, tmp_path / "b.salesdesk", "--json")
    assert merged.code == 0, merged.err
    [warning] = merged.json["warnings"]  # B's clock is right; C's changes came through B
    assert warning.endswith("seems to have its clock set to 2027-12-01")


def test_a_new_laptop_that_wrote_nothing_yet_is_not_said_to_have_its_clock_in_1970(
    cli: Cli, tmp_path: Path
) -> None:
    """A colleague's first start with the sync folder set writes a file before any card:
    its own clock has no stamp yet (0), which every other laptop reported as a clock set to
    1970-01-01."""
    new, mine = tmp_path / "new.db", tmp_path / "mine.db"
    assert cli("stats", "--db", new, "--json").code == 0  # made, never written to
    assert cli("card", "add", "--db", mine, "--name", "张伟").code == 0
    first = tmp_path / "new.salesdesk"
    assert cli("sync", "export", "--db", new, "--out", first).code == 0
    merged = cli("sync", "merge", "--db", mine, first, "--json")
    assert merged.code == 0, merged.err
    assert merged.json["warnings"] == []


def test_random_damage_anywhere_in_a_sync_file_never_gives_a_traceback(
    cli: Cli, two: tuple[Path, Path, str, Path], tmp_path: Path
) -> None:
    import random
    import shutil

    _, b, _, source = two
    data = source.read_bytes()
    rng = random.Random(15)
    live = tmp_path / "live.db"
    damaged = tmp_path / "damaged.salesdesk"
    for _ in range(40):
        shutil.copy(b, live)
        before = file_digest(live)
        flipped = bytearray(data)
        for _ in range(rng.choice((1, 2, 8))):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        damaged.write_bytes(bytes(flipped))
        outcome = cli("sync", "merge", "--db", live, damaged)
        assert "Traceback" not in outcome.err
        if outcome.code != 0:  # refused: one line naming the file, the live file as it was
            message = outcome.assert_user_error()
            assert str(damaged) in message
            assert file_digest(live) == before
