"""salesdesk import: JSON summary, dry run, duplicates, overrides, and bad files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, file_digest, run_process

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_import_json_summary_and_dump(cli: Cli, db_path: Path) -> None:
    done = cli("import", "--db", db_path, FIXTURES / "gbk_chinese.csv", "--json")
    assert done.code == 0, done.err
    assert done.json["created"] == 4
    assert done.json["skipped"] == 1
    assert done.json["duplicates"] == 1
    assert [p["row"] for p in done.json["problems"]] == [5, 5]
    cards = {c["name"]: c for c in cli("dump", "--db", db_path).json["card"]}
    assert cards["张伟"]["company"] == "上海华信贸易"
    assert cards["张伟"]["grade"] == "A"
    assert "013800138000" in cards["张伟"]["phones"]


def test_dry_run_writes_nothing_and_names_the_flagged_row(cli: Cli, db_path: Path) -> None:
    # 0912345678 is not a mobile in the default region (CN): a shared number, not a match.
    cli("card", "add", "--db", db_path, "--name", "陈美玲", "--phone", "0912345678")
    digest = file_digest(db_path)
    done = cli("import", "--db", db_path, FIXTURES / "big5.csv", "--dry-run", "--json")
    assert done.code == 0, done.err
    counts = {k: done.json[k] for k in ("created", "updated", "skipped", "flagged", "duplicates")}
    assert counts == {"created": 2, "updated": 0, "skipped": 0, "flagged": 1, "duplicates": 0}
    (flagged,) = done.json["rows"]
    assert flagged["row"] == 2
    assert flagged["action"] == "flagged"
    assert flagged["name"] == "陳美玲"
    assert flagged["matched_name"] == "陈美玲"
    assert "0912345678" in flagged["reason"]
    assert done.json["dry_run"] is True
    assert file_digest(db_path) == digest


def test_on_duplicate_update_never_renames_a_card(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    cli("card", "add", "--db", db_path, "--name", "张伟", "--company", "旧公司",
        "--phone", "13800138000")  # fmt: skip
    source = tmp_path / "list.csv"
    source.write_text(
        "姓名,公司,手机\n"
        "Zhang Wei,华信贸易,+86 138 0013 8000\n"  # the same person in pinyin: updated
        "王芳,华信贸易,13800138000\n",  # another name on that mobile: a card of her own
        encoding="utf-8",
    )
    done = cli("import", "--db", db_path, source, "--on-duplicate", "update", "--json")
    assert done.code == 0, done.err
    assert (done.json["created"], done.json["updated"], done.json["flagged"]) == (1, 1, 1)
    actions = {r["row"]: (r["action"], r["matched_name"]) for r in done.json["rows"]}
    assert actions[2] == ("updated", "张伟 · 旧公司")
    assert actions[3][0] == "flagged"
    cards = {c["name"]: c for c in cli("dump", "--db", db_path).json["card"]}
    assert set(cards) == {"张伟", "王芳"}
    assert cards["张伟"]["company"] == "华信贸易"  # the file's values win, the name stays


def test_encoding_delimiter_and_date_order(cli: Cli, db_path: Path, tmp_path: Path) -> None:
    source = tmp_path / "list.txt"
    source.write_bytes("Name|Birthday\nAnna|3/5/1980\n".encode("cp1252"))
    done = cli(
        "import", "--db", db_path, source, "--delimiter", "|", "--encoding", "cp1252",
        "--date-order", "mdy", "--json",
    )  # fmt: skip
    assert done.code == 0, done.err
    (card,) = cli("dump", "--db", db_path).json["card"]
    assert (card["name"], card["birthday"]) == ("Anna", "1980-03-05")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.csv", b""),
        ("broken.xlsx", b"PK\x03\x04 not really a zip"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"),
        ("missing.csv", None),
    ],
)
def test_bad_files_are_one_clear_message(
    cli: Cli, db_path: Path, tmp_path: Path, name: str, content: bytes | None
) -> None:
    cli("card", "add", "--db", db_path, "--name", "Kept")
    digest = file_digest(db_path)
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    done = cli("import", "--db", db_path, path)
    done.assert_user_error()
    assert file_digest(db_path) == digest


def test_import_in_a_real_process(db_path: Path) -> None:
    done = run_process("import", "--db", db_path, FIXTURES / "v21_qp_gb2312.vcf")
    assert done.code == 0, done.err
    assert "1 created" in done.out


def test_a_bank_statement_is_refused_in_one_line_and_nothing_is_written(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    cli("card", "add", "--db", db_path, "--name", "Kept")
    digest = file_digest(db_path)
    path = tmp_path / "statement.csv"
    path.write_text(
        "Date,Description,Debit,Credit,Balance\n"
        + "".join(f"2025-01-{d:02d},Coffee,3.50,,{1000 - d}.00\n" for d in range(1, 29)),
        encoding="utf-8",
    )
    done = cli("import", "--db", db_path, path, "--json")
    done.assert_user_error()
    assert "does not look like a list of people or companies" in done.err
    assert len(done.err.strip().splitlines()) == 1
    assert file_digest(db_path) == digest


def test_a_million_character_cell_gives_no_traceback(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("Name;Notes\nAnn;" + "x" * 1_000_000 + "\n", encoding="utf-8")
    done = cli("import", "--db", db_path, path, "--dry-run", "--json")
    assert done.code == 0, done.err
    (row,) = done.json["rows"]
    assert row["row"] == 2
    assert "cut to the first 100,000" in row["problems"][0]


def test_the_microsoft_365_dry_run_names_flagged_rows_and_ignored_columns(
    cli: Cli, db_path: Path
) -> None:
    done = cli("import", "--db", db_path, FIXTURES / "outlook_m365_six.csv", "--dry-run", "--json")
    assert done.code == 0, done.err
    assert (done.json["created"], done.json["skipped"], done.json["flagged"]) == (6, 0, 5)
    assert [r["row"] for r in done.json["rows"]] == [3, 4, 5, 6, 7]
    assert {r["action"] for r in done.json["rows"]} == {"flagged"}
    assert all(set(r) >= {"row", "name", "action", "card_id", "matched_name", "reason",
                          "problems"} for r in done.json["rows"])  # fmt: skip
    (group,) = done.json["likely_duplicates"]
    assert group["names"][0] == "Anita Jorgensen"
    ignored = next(n for n in done.json["notes"] if n.startswith("Columns not imported"))
    assert "'Organizational ID Number'" in ignored
    assert "'E-mail Display Name'" in ignored


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_a_folder_or_a_device_given_to_import_is_refused_without_waiting(
    cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    """A named pipe (a shared folder can hold one) was opened to be read whole: the import
    waited for a writer forever; /dev/zero was read until the memory ran out. Run as a real
    process with a timeout and a memory limit, so the test cannot hang or fill the machine."""
    cli("card", "add", "--db", db_path, "--name", "Kept")
    digest = file_digest(db_path)
    pipe = tmp_path / "people.csv"
    os.mkfifo(pipe)
    folder = tmp_path / "people folder.csv"
    folder.mkdir()
    cases = [(pipe, "not a plain file (a pipe or a device)"), (folder, "is a folder")]
    if Path("/dev/zero").exists():
        cases.append((Path("/dev/zero"), "not a plain file (a pipe or a device)"))
    for path, says in cases:
        for dry_run in ((), ("--dry-run",)):
            done = run_process(
                "import", "--db", db_path, path, *dry_run, timeout=60, max_memory=2 << 30
            )
            line = done.assert_user_error()
            assert str(path) in line
            assert says in line
            assert file_digest(db_path) == digest
    said = run_process("--lang", "zh_CN", "import", "--db", db_path, pipe, timeout=60)
    assert "不是普通文件（是管道或设备），不是可导入的文件" in said.assert_user_error()
    assert [c["name"] for c in cli("dump", "--db", db_path).json["card"]] == ["Kept"]


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_refused_file_with_many_columns_is_named_whole_in_the_users_language(
    cli: Cli, db_path: Path, tmp_path: Path, lang: str
) -> None:
    """Past eight columns the rest are counted; in Chinese that count is Chinese too (it
    said '… and 10 more' inside the Chinese sentence)."""
    path = tmp_path / "formula.csv"
    headers = [f"成分{n}" for n in range(1, 12)]
    path.write_text(",".join(headers) + "\n" + ",".join("1" for _ in headers) + "\n", "utf-8")
    done = cli("--lang", lang, "import", "--db", db_path, path)
    done.assert_user_error()
    assert "'成分8'" in done.err
    assert "'成分9'" not in done.err
    if lang == "zh_CN":
        assert "等另外 3 列" in done.err
        assert "more" not in done.err
    else:
        assert "'成分8' and 3 more)" in done.err
