"""salesdesk import: JSON summary, dry run, duplicates, overrides, and bad files."""

from __future__ import annotations

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


def test_dry_run_writes_nothing(cli: Cli, db_path: Path) -> None:
    cli("card", "add", "--db", db_path, "--name", "陈美玲", "--phone", "0912345678")
    digest = file_digest(db_path)
    done = cli("import", "--db", db_path, FIXTURES / "big5.csv", "--dry-run", "--json")
    assert done.code == 0, done.err
    assert done.json == {
        "created": 1,
        "updated": 0,
        "skipped": 1,
        "duplicates": 1,
        "problems": [],
    }
    assert file_digest(db_path) == digest


def test_on_duplicate_update(cli: Cli, db_path: Path) -> None:
    cli("card", "add", "--db", db_path, "--name", "陈美玲", "--phone", "0912345678")
    done = cli(
        "import", "--db", db_path, FIXTURES / "big5.csv", "--on-duplicate", "update", "--json"
    )
    assert (done.json["created"], done.json["updated"]) == (1, 1)
    (card,) = [c for c in cli("dump", "--db", db_path).json["card"] if "0912345678" in c["phones"]]
    assert (card["name"], card["company"]) == ("陳美玲", "台北華信貿易")  # the file's values win


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
