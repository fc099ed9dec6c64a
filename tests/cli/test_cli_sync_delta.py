"""`sync export --for PEER` writes a delta; `sync merge` takes it or refuses it whole (issue 23);
on plain files, and again encrypted (issue 22)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from salesdesk.services.session import Session
from salesdesk.services.settings import set_salesperson
from tests.cli.conftest import Cli, on_both
from tests.encrypted_sync import KEYS, Keys, connect_db, connect_file


@pytest.fixture
def cli(cli: Cli, sync_keys: Keys, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """Every test here runs on plain files and again on encrypted ones (issue 22)."""
    return on_both(cli, sync_keys, monkeypatch)


def named(path: Path, name: str) -> Path:
    session = Session.open(path, passphrase=KEYS.db)
    try:
        set_salesperson(session.store, name)
    finally:
        session.close()
    return path


def test_after_one_edit_the_file_for_a_known_peer_is_kilobytes(cli: Cli, tmp_path: Path) -> None:
    a, b = named(tmp_path / "a.db", "王敏"), named(tmp_path / "b.db", "李强")
    cards = [cli("card", "add", "--db", a, "--name", f"客户{i}").out.strip() for i in range(40)]
    out = tmp_path / "out"
    out.mkdir()
    assert cli("sync", "export", "--db", a, "--out", out / "a.salesdesk").code == 0
    assert cli("sync", "merge", "--db", b, out / "a.salesdesk").code == 0
    assert cli("sync", "export", "--db", b, "--out", out / "b.salesdesk").code == 0
    assert cli("sync", "merge", "--db", a, out / "b.salesdesk").code == 0

    cli("card", "edit", "--db", a, cards[7], "--notes", "要报价")
    delta = cli("sync", "export", "--db", a, "--out", out / "d.salesdesk", "--for", "李强")
    assert delta.code == 0
    assert delta.out.strip() == str(out / "d.salesdesk")
    assert "a delta for 李强: 1 change and 0 rows" in delta.err
    full = cli("sync", "export", "--db", a, "--out", out / "f.salesdesk", "--for", "李强", "--full")
    assert "a full sync file" in full.err
    # Small encrypted sync files have 4 KB pages (cipher.LEGACY_CIPHER), so in a
    # book of 40 cards the delta's one page a table is most of what a full file holds too.
    times = 1 if KEYS.encrypted else 4
    assert (out / "d.salesdesk").stat().st_size * times < (out / "f.salesdesk").stat().st_size

    preview = cli("sync", "merge", "--db", b, out / "d.salesdesk", "--dry-run", "--json")
    assert preview.json["kinds"] == ["delta"]
    assert preview.json["updated"] == 1
    merged = cli("sync", "merge", "--db", b, out / "d.salesdesk")
    assert merged.code == 0
    assert "a delta from 王敏" in merged.out
    assert cli("dump", "--db", a).out == cli("dump", "--db", b).out


def test_a_delta_the_laptop_cannot_take_is_refused_in_one_line_in_its_language(
    cli: Cli, tmp_path: Path
) -> None:
    a, b = named(tmp_path / "a.db", "王敏"), named(tmp_path / "b.db", "李强")
    card = cli("card", "add", "--db", a, "--name", "张伟").out.strip()
    out = tmp_path / "out"
    out.mkdir()
    cli("sync", "export", "--db", a, "--out", out / "a.salesdesk")
    cli("sync", "merge", "--db", b, out / "a.salesdesk")
    cli("sync", "export", "--db", b, "--out", out / "b.salesdesk")
    cli("sync", "merge", "--db", a, out / "b.salesdesk")
    cli("card", "edit", "--db", a, card, "--notes", "新")
    cli("sync", "export", "--db", a, "--out", out / "d.salesdesk", "--for", "李强")

    stranger = named(tmp_path / "c.db", "张伟")
    cli("card", "add", "--db", stranger, "--name", "自己的客户")
    before = hashlib.sha256(stranger.read_bytes()).hexdigest()
    line = cli("sync", "merge", "--db", stranger, out / "d.salesdesk").assert_user_error()
    assert line.endswith("nothing was merged. Ask 王敏 for a full sync file.")
    zh = cli("--lang", "zh_CN", "sync", "merge", "--db", stranger, out / "d.salesdesk")
    assert "没有合并任何内容。请向王敏索取完整的同步文件。" in zh.assert_user_error()
    assert hashlib.sha256(stranger.read_bytes()).hexdigest() == before


def test_a_laptop_never_heard_of_gets_a_full_file_and_is_told(cli: Cli, tmp_path: Path) -> None:
    a = named(tmp_path / "a.db", "王敏")
    cli("card", "add", "--db", a, "--name", "张伟")
    written = cli("sync", "export", "--db", a, "--out", tmp_path, "--for", "赵六")
    assert written.code == 0
    assert "nothing is known about 赵六 yet: a full sync file" in written.err
    zh = cli("--lang", "zh_CN", "sync", "export", "--db", a, "--out", tmp_path, "--for", "赵六")
    assert "还不知道赵六已有哪些数据" in zh.err


def test_a_pre_release_schema_6_file_read_only_still_writes_its_sync_file(
    cli: Cli, tmp_path: Path
) -> None:
    import json

    a = named(tmp_path / "a.db", "王敏")
    cli("card", "add", "--db", a, "--name", "张伟")
    with connect_db(a) as con:  # as a build of schema 6 before delta files made it
        con.execute("DROP TABLE holds")
        con.execute("ALTER TABLE peer DROP COLUMN holds")
    con.close()
    out = cli("sync", "export", "--db", a, "--out", tmp_path / "a.salesdesk", "--for", "李强")
    assert out.code == 0, out.err
    assert "a full sync file" in out.err
    with connect_file(tmp_path / "a.salesdesk") as con:
        said = json.loads(con.execute("SELECT value FROM meta WHERE key='manifest'").fetchone()[0])
    con.close()
    assert said["kind"] == "full"
    assert len(said["holds"]) == 1  # its own writes, read from its rows
    b = named(tmp_path / "b.db", "李强")
    assert cli("sync", "merge", "--db", b, tmp_path / "a.salesdesk").code == 0
    assert "张伟" in cli("dump", "--db", b).out
