"""`--lang zh_CN|en` on the commands that print or write words, and the system's language."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.cli.conftest import Cli


def _card_due_today(cli: Cli, db: Path) -> None:
    card = cli("card", "add", "--db", db, "--name", "张伟", "--area", "浦东新区").out.strip()
    at = ("--at", "2026-11-02T10:00")
    cli(
        "contact",
        "log",
        "--db",
        db,
        card,
        "--channel",
        "visit",
        "--summary",
        "谈得好",
        "--grade",
        "A",
        *at,
    )


def test_agenda_in_chinese_has_chinese_headings_and_purposes(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    _card_due_today(cli, db)
    out = cli("agenda", "--db", db, "--date", "2026-11-05", "--lang", "zh_CN").out
    assert out.splitlines()[0] == "2026-11-05 的日程"
    assert "今天 (1)" in out
    assert "未来 7 天 (0)" in out
    assert "回访" in out
    english = cli("agenda", "--db", db, "--date", "2026-11-05", "--lang", "en").out
    assert english.splitlines()[0] == "Agenda for 2026-11-05"
    assert "follow_up" in english  # the purpose's code, as scripts read it


def test_lang_before_the_command_and_the_system_language_are_kept(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    _card_due_today(cli, db)
    out = cli("--lang", "zh_CN", "agenda", "--db", db, "--date", "2026-11-05").out
    assert out.startswith("2026-11-05 的日程")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    xlsx = tmp_path / "out.xlsx"
    cli("export", "--db", db, "--out", xlsx)
    book = openpyxl.load_workbook(xlsx, read_only=True)
    book.close()  # a read-only book holds its file open until closed
    assert book.sheetnames[1] == "客户卡片"
