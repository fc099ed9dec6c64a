"""`salesdesk letter`: a thank-you letter for three customers, one PDF page each, logged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.cli.conftest import Cli, file_digest, run_process


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


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_or_a_device_given_as_the_word_template_is_refused_without_waiting(
    cli: Cli, tmp_path: Path
) -> None:
    """docxtpl opens the user's .docx template as it is given: a named pipe waits for a
    writer forever, a device such as /dev/zero is read without end. main said "There is no
    template file" of a file that is there. Run as a real process with a timeout and a
    memory limit, so the test cannot hang or fill the machine; nothing is written or logged."""
    db = tmp_path / "l.db"
    ids = _customers(cli, db)
    pipe = tmp_path / "mine.docx"
    os.mkfifo(pipe)
    cases = [pipe]
    if Path("/dev/zero").exists():
        zero = tmp_path / "zero.docx"
        zero.symlink_to("/dev/zero")
        cases.append(zero)
    digest = file_digest(db)
    out = tmp_path / "letters.docx"
    for template in cases:
        for target in (out, tmp_path / "letters.pdf"):
            done = run_process(
                "letter", "--db", db, "--template", template, "--ids", *ids, "--out", target,
                timeout=60, max_memory=2 << 30,
            )  # fmt: skip
            line = done.assert_user_error()
            assert str(template) in line
            assert "is not a plain file (a pipe or a device), not a letter template" in line
            assert not target.exists()
            assert file_digest(db) == digest
    said = run_process(
        "--lang", "zh_CN", "letter", "--db", db, "--template", pipe, "--ids", ids[0],
        "--out", out, timeout=60,
    )  # fmt: skip
    assert "不是普通文件（是管道或设备），不是信函模板" in said.assert_user_error()
    assert [c for c in cli("dump", "--db", db).json["contact"] if c["channel"] == "letter"] == []
    # A real template in the pipe's place is filled, and each letter logged.
    from docx import Document

    pipe.unlink()
    document = Document()
    document.add_paragraph("尊敬的{{ name }}：感谢您购买{{ product }}。")
    document.save(str(pipe))
    done = run_process(
        "letter", "--db", db, "--template", pipe, "--ids", *ids, "--out", out, timeout=120
    )
    assert done.code == 0, done.err
    assert "尊敬的李娜：感谢您购买云存储服务。" in [p.text for p in Document(str(out)).paragraphs]
    logged = [c for c in cli("dump", "--db", db).json["contact"] if c["channel"] == "letter"]
    assert len(logged) == 3
