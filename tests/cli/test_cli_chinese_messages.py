"""The command line speaks the language of --lang or of the locale: errors, argparse's
complaints and the lines it prints."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Cli

CJK_PUNCT = "，。：（）“”"


def _system_language(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)


def test_a_core_error_follows_lang_and_the_locale(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    card = cli("card", "add", "--db", db, "--name", "张伟").out.strip()
    args = ("card", "edit", "--db", db, card, "--grade", "C", "--recheck", "2026-02-30")
    line = cli("--lang", "zh_CN", *args).assert_user_error()
    assert line == "salesdesk: “2026-02-30”不是日历上存在的日期。"
    _system_language(monkeypatch, "zh_CN.UTF-8")
    assert cli(*args).assert_user_error() == line
    assert "not a date" in cli("--lang", "en", *args).assert_user_error()
    _system_language(monkeypatch, "en_US.UTF-8")
    english = cli(*args).assert_user_error()
    assert english == "salesdesk: '2026-02-30' is not a date on the calendar."


def test_a_missing_file_and_a_cli_error_in_chinese(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _system_language(monkeypatch, "zh_CN.UTF-8")
    missing = tmp_path / "nothing.xlsx"
    line = cli("import", "--db", tmp_path / "a.db", missing).assert_user_error()
    assert line == f"salesdesk: {missing} 不存在。"
    out = tmp_path / "no-folder" / "x.xlsx"
    line = cli("export", "--db", tmp_path / "a.db", "--out", out).assert_user_error()
    assert line == f"salesdesk: 文件夹 {out.parent} 不存在。"
    line = cli("agenda", "--db", tmp_path / "a.db", "--days", "-1").assert_user_error()
    assert line == "salesdesk: --days 必须大于或等于 0。"


def test_argparse_complaints_in_chinese(cli: Cli, tmp_path: Path) -> None:
    result = cli("--lang", "zh_CN", "card", "add", "--db", tmp_path / "a.db")
    assert result.code == 1
    assert result.err.startswith("用法：")
    assert "salesdesk: 缺少以下参数：--name" in result.err
    result = cli("--lang", "zh_CN", "case", "open", "--db", tmp_path / "a.db", "x", "--kind", "y")
    assert "参数 --kind：无效的选项" in result.err
    english = cli("--lang", "en", "card", "add", "--db", tmp_path / "a.db")
    assert "the following arguments are required: --name" in english.err


def test_printed_lines_in_chinese(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    cli("card", "add", "--db", db, "--name", "张伟")
    assert cli("--lang", "zh_CN", "stats", "--db", db).out.startswith("1 张卡片，0 条联系记录")
    assert cli("--lang", "en", "stats", "--db", db).out.startswith("1 card, 0 contacts")
    csv = tmp_path / "list.csv"
    csv.write_text("姓名,生日\n李娜,1990-02-30\n", encoding="utf-8")
    out = cli("--lang", "zh_CN", "import", "--db", db, csv, "--dry-run").out
    assert out.splitlines()[0].startswith("将导入 list.csv：新建 1（")
    assert "第 2 行 李娜：新建卡片" in out
    assert "生日：“1990-02-30”不是日历上存在的日期。已略去。" in out


def test_help_in_chinese(cli: Cli) -> None:
    result = cli("--lang", "zh_CN", "import", "--help")
    assert result.code == 0
    assert result.out.startswith("用法：salesdesk import ")
    assert "位置参数：" in result.out
    assert "显示将会导入的内容" in result.out
    assert "usage" not in result.out
    top = cli("--lang", "zh_CN", "--help").out
    assert "按 A 到 F 分级的客户卡片。" in top
    assert "从 .xlsx、.csv 或 .vcf 导入卡片" in top
    english = cli("--lang", "en", "import", "--help").out
    assert english.startswith("usage: salesdesk import ")
    assert "show what would be imported" in english


def test_a_merge_is_reported_in_chinese(cli: Cli, tmp_path: Path) -> None:
    db, other = tmp_path / "a.db", tmp_path / "b.db"
    cli("card", "add", "--db", db, "--name", "张伟")
    cli("card", "add", "--db", other, "--name", "李娜")
    english = cli("--lang", "en", "sync", "merge", "--db", db, other, "--dry-run").out
    new = english.split("): ")[1].split(" new, ")[0]
    assert english.endswith(f": {new} new, 0 updated, 0 unchanged, 0 deleted, 0 conflicts\n")
    out = cli("--lang", "zh_CN", "sync", "merge", "--db", db, other, "--dry-run").out
    assert out.startswith(f"将合并 {other}（")
    assert out.endswith(f"）：新增 {new}，更新 0，未变 0，删除 0，冲突 0\n")
