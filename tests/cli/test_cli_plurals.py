"""Counts the command line prints read right for 1 and for many in English ("1 card",
"2 cards"), and in Chinese, which says both alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli


def _book(cli: Cli, db: Path, cards: int, owner: str = "王敏") -> list[str]:
    ids = []
    for n in range(cards):
        card = cli("card", "add", "--db", db, "--name", f"客户{n}", "--owner", owner).out.strip()
        cli("contact", "log", "--db", db, card, "--channel", "phone", "--summary", "问候")
        ids.append(card)
    return ids


@pytest.mark.parametrize(
    ("cards", "english", "chinese"),
    [
        (1, "1 card, 1 contact", "1 张卡片，1 条联系记录"),
        (2, "2 cards, 2 contacts", "2 张卡片，2 条联系记录"),
    ],
)
def test_stats_say_card_and_contact_for_one(
    cli: Cli, tmp_path: Path, cards: int, english: str, chinese: str
) -> None:
    db = tmp_path / "a.db"
    _book(cli, db, cards)
    assert cli("--lang", "en", "stats", "--db", db).out.splitlines()[0] == english
    assert cli("--lang", "zh_CN", "stats", "--db", db).out.splitlines()[0] == chinese


@pytest.mark.parametrize(
    ("cards", "english", "chinese"),
    [
        (1, "1 card handed over to 李强.", "1 张卡片已交接给李强。"),
        (2, "2 cards handed over to 李强.", "2 张卡片已交接给李强。"),
    ],
)
def test_a_handover_says_card_for_one(
    cli: Cli, tmp_path: Path, cards: int, english: str, chinese: str
) -> None:
    for lang, said in (("en", english), ("zh_CN", chinese)):
        db = tmp_path / lang / "a.db"
        db.parent.mkdir()
        _book(cli, db, cards)
        done = cli("--lang", lang, "handover", "--db", db, "--from-owner", "王敏",
                   "--to-owner", "李强")  # fmt: skip
        assert done.code == 0, done.err
        assert done.out.splitlines()[0] == said


def test_a_sync_merge_and_its_open_conflict_in_the_singular(cli: Cli, tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    [card] = _book(cli, a, 1)
    assert cli("sync", "export", "--db", a, "--out", tmp_path / "first.salesdesk").code == 0
    assert cli("sync", "merge", "--db", b, tmp_path / "first.salesdesk").code == 0
    # The same field edited on both laptops: one conflict, both values kept.
    assert cli("card", "edit", "--db", a, card, "--notes", "周三有空").code == 0
    assert cli("card", "edit", "--db", b, card, "--notes", "周四有空").code == 0
    assert cli("sync", "export", "--db", a, "--out", tmp_path / "a.salesdesk").code == 0
    english = cli("--lang", "en", "sync", "merge", "--db", b, tmp_path / "a.salesdesk").out
    lines = english.splitlines()
    assert lines[0].endswith(": 0 new, 0 updated, 3 unchanged, 0 deleted, 1 conflict"), english
    assert "1 open conflict:" in lines
    chinese = cli("--lang", "zh_CN", "sync", "merge", "--db", b, tmp_path / "a.salesdesk").out
    assert "1 处未解决的冲突：" in chinese.splitlines()
