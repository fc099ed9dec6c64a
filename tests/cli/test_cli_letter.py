"""`salesdesk letter`: a thank-you letter for three customers, one PDF page each, logged."""

from __future__ import annotations

import re
from pathlib import Path

from tests.cli.conftest import Cli, run_process


def _customers(cli: Cli, db: Path) -> list[str]:
    ids = []
    for name, product in (
        ("张伟", "年金险"),
        ("李娜", "云存储服务"),
        ("Tom Hall", "Cloud Storage"),
    ):
        card = cli(
            "card", "add", "--db", db, "--name", name, "--company", "华信贸易", "--area", "徐汇区"
        ).out.strip()
        assert (
            cli("card", "edit", "--db", db, card, "--address", "上海市徐汇区漕溪北路1号").code == 0
        )
        assert (
            cli("deal", "add", "--db", db, card, "--amount", "9800", "--product", product).code == 0
        )
        ids.append(card)
    return ids


def test_three_thank_you_letters_make_three_pages_and_three_letter_contacts(
    cli: Cli, tmp_path: Path
) -> None:
    db = tmp_path / "l.db"
    ids = _customers(cli, db)
    nowhere = cli("card", "add", "--db", db, "--name", "无地址").out.strip()
    out = tmp_path / "thanks.pdf"
    done = run_process(
        "letter", "--db", db, "--template", "thank_you.zh_CN", "--ids", *ids, nowhere, "--out", out
    )
    assert done.code == 0, done.err
    assert "3 letters" in done.out
    assert "无地址" in done.out  # listed, not skipped in silence
    pages = re.findall(rb"/Type\s*/Page[^s]", out.read_bytes())
    assert len(pages) == 3
    dump = cli("dump", "--db", db).json
    logged = [c for c in dump["contact"] if c["channel"] == "letter"]
    assert sorted(c["card_id"] for c in logged) == sorted(ids)
    assert {c["summary"] for c in logged} == {"感谢函"}


def test_letters_by_filter_to_docx(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    _customers(cli, db)
    out = tmp_path / "letters.docx"
    done = cli(
        "letter", "--db", db, "--template", "Thank-you letter", "--grades", "F", "--area", "徐汇区",
        "--out", out,
    )  # fmt: skip
    assert done.code == 0, done.err
    from docx import Document

    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "Dear Tom Hall," in text
    assert "Cloud Storage" in text


def test_bad_letter_input_gets_one_message(cli: Cli, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    _customers(cli, db)
    for args, message in (
        (
            ("--template", "nonesuch", "--grades", "A", "--out", tmp_path / "x.pdf"),
            "No letter template",
        ),
        (
            ("--template", "thank_you.en", "--out", tmp_path / "x.txt", "--grades", "A"),
            ".pdf or .docx",
        ),
        (("--template", "thank_you.en", "--out", tmp_path / "x.pdf"), "Say which cards"),
    ):
        assert message in cli("letter", "--db", db, *args).assert_user_error()
