"""Letters: templates with fields merged per card, .docx output, logging, missing addresses."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.services import letters
from salesdesk.services.session import Session


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2026-11-02T08:00:00")


def _customer(
    session: Session, name: str, product: str, address: str = "上海市徐汇区漕溪北路1号"
) -> str:
    card_id = session.create_card(
        {"name": name, "company": "华信贸易", "title": "总经理", "address": address,
         "area": "徐汇区", "owner": "王磊"},
        grade="A",
    ).id  # fmt: skip
    session.add_deal(card_id, amount=12800, product=product, closed_on="2026-10-20")
    return card_id


def test_built_in_templates_come_in_chinese_and_english(session: Session) -> None:
    keys = {t.key for t in letters.templates()}
    for kind in ("thank_you", "upgrade", "greeting", "visit_request", "advertising"):
        assert {f"{kind}.zh_CN", f"{kind}.en"} <= keys
    assert letters.template("感谢函").key == "thank_you.zh_CN"


def test_a_thank_you_letter_names_each_customer_and_their_product(session: Session) -> None:
    a = _customer(session, "张伟", "年金险")
    b = _customer(session, "李娜", "团体意外险")
    merged = letters.merge(letters.template("thank_you.zh_CN"), [a, b])
    assert [m.name for m in merged.letters] == ["张伟", "李娜"]
    assert "张伟 总经理：" in merged.letters[0].text
    assert "2026年10月20日选购年金险" in merged.letters[0].text
    assert "团体意外险" in merged.letters[1].text
    assert "王磊" in merged.letters[1].text  # the salesperson signs


def test_cards_without_an_address_are_listed_not_merged(session: Session) -> None:
    a = _customer(session, "张伟", "年金险")
    nowhere = _customer(session, "无地址", "年金险", address="")
    merged = letters.merge(letters.template("thank_you.en"), [a, nowhere])
    assert [m.card_id for m in merged.letters] == [a]
    assert merged.no_address == [(nowhere, "无地址")]


def test_each_letter_sent_is_a_letter_contact_on_its_card(session: Session) -> None:
    a = _customer(session, "张伟", "年金险")
    merged = letters.merge(letters.template("thank_you.zh_CN"), [a])
    session.log_letters(merged)
    [latest] = session.contacts(a, limit=1)
    assert (latest.channel, latest.summary) == ("letter", "感谢函")


def test_a_filter_picks_the_grades_of_an_area(session: Session) -> None:
    a = session.create_card({"name": "甲", "area": "徐汇区"}, grade="A").id
    b = session.create_card({"name": "乙", "area": "徐汇区"}, grade="B").id
    session.create_card({"name": "丙", "area": "徐汇区"}, grade="E")
    session.create_card({"name": "丁", "area": "浦东新区"}, grade="A")
    assert set(letters.select_cards(grades="AB", area="徐汇区")) == {a, b}
    with pytest.raises(NotFound):
        letters.select_cards(ids=["no-such-card"])
    with pytest.raises(InvalidValue):
        letters.select_cards()


def test_the_users_edit_replaces_a_template_and_bad_fields_are_refused(session: Session) -> None:
    letters.save_template("thank_you.zh_CN", "感谢函", "zh_CN", "{{ name }}，谢谢您！")
    assert letters.template("thank_you.zh_CN").body == "{{ name }}，谢谢您！"
    with pytest.raises(InvalidValue, match="Unknown field"):
        letters.save_template("x", "x", "zh_CN", "{{ nmae }}")
    letters.reset_template("thank_you.zh_CN")
    assert "衷心感谢" in letters.template("thank_you.zh_CN").body


def test_docx_output_has_a_letter_a_page(session: Session, tmp_path: Path) -> None:
    from docx import Document

    ids = [_customer(session, n, "年金险") for n in ("张伟", "李娜")]
    out = letters.write_docx(
        letters.merge(letters.template("thank_you.zh_CN"), ids), tmp_path / "l.docx"
    )
    paragraphs = Document(str(out)).paragraphs
    starts = [p.text for p in paragraphs if p.paragraph_format.page_break_before]
    assert len(starts) == 1  # the second letter starts a page
    assert any("张伟 总经理" in p.text for p in paragraphs)
    assert any("李娜 总经理" in p.text for p in paragraphs)


def test_a_users_docx_template_is_filled_by_docxtpl(session: Session, tmp_path: Path) -> None:
    from docx import Document

    template = tmp_path / "mine.docx"
    document = Document()
    document.add_paragraph("尊敬的{{ name }}：感谢您购买{{ product }}。")
    document.save(str(template))
    ids = [_customer(session, n, p) for n, p in (("张伟", "年金险"), ("李娜", "云存储服务"))]
    merged = letters.merge(letters.template(str(template)), ids)
    out = letters.write_docx(merged, tmp_path / "out.docx")
    texts = [p.text for p in Document(str(out)).paragraphs]
    assert "尊敬的张伟：感谢您购买年金险。" in texts
    assert "尊敬的李娜：感谢您购买云存储服务。" in texts
    assert letters.docx_texts(merged)[1] == "尊敬的李娜：感谢您购买云存储服务。"


def test_a_broken_docx_template_gets_one_message(session: Session, tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    a = _customer(session, "张伟", "年金险")
    merged = letters.merge(letters.template(str(broken)), [a])
    with pytest.raises(InvalidValue, match="not a usable letter template"):
        letters.write_docx(merged, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


class _PipeReleaser:
    """Opens a named pipe's write end whenever a reader waits on it, and closes it at once:
    code that opens the pipe to read gets an empty file instead of hanging the test."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.released = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            try:  # without blocking: ENXIO while no reader waits
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                continue
            self.released += 1

    def __enter__(self) -> _PipeReleaser:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_template_swapped_for_a_pipe_before_the_merge_is_refused_at_once(
    session: Session, tmp_path: Path
) -> None:
    """template() checks the file when it is chosen; the merge reads it again (the window's
    dialog keeps the path while the user picks cards): a pipe put there meanwhile was opened
    by docxtpl, which waited for a writer forever (here a writer comes, so main fails on the
    message instead of hanging)."""
    from docx import Document

    path = tmp_path / "mine.docx"
    Document().save(str(path))
    merged = letters.merge(letters.template(str(path)), [_customer(session, "张伟", "年金险")])
    path.unlink()
    os.mkfifo(path)
    with _PipeReleaser(path) as releaser:
        with pytest.raises(InvalidValue, match="not a plain file \\(a pipe or a device\\)"):
            letters.write_docx(merged, tmp_path / "out.docx")
        with pytest.raises(InvalidValue, match="not a plain file \\(a pipe or a device\\)"):
            letters.docx_texts(merged)
    assert releaser.released == 0  # nobody waited on the pipe
    assert not (tmp_path / "out.docx").exists()


def test_addressees_take_the_postcode_out_of_the_address_and_list_the_rest(
    session: Session,
) -> None:
    a = _customer(session, "张伟", "年金险", address="上海市徐汇区漕溪北路1号 200030")
    b = _customer(session, "无地址", "年金险", address="")
    [person], missing = letters.addressees([a, b])
    assert (person.postcode, person.address) == ("200030", "上海市徐汇区漕溪北路1号")
    assert person.to_line() == "张伟 总经理 收"
    assert missing == [(b, "无地址")]


def test_a_greeting_needs_its_occasion(session: Session) -> None:
    a = _customer(session, "张伟", "年金险")
    with pytest.raises(InvalidValue, match="occasion"):
        letters.merge(letters.template("greeting.zh_CN"), [a])
    [letter] = letters.merge(letters.template("greeting.zh_CN"), [a], occasion="春节").letters
    assert "春节将至" in letter.text
