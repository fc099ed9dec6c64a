"""File > Scan business cards…: images read on a worker, proposals reviewed one by one."""

from __future__ import annotations

import io
import json
import random
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest

from salesdesk.domain.cardtext import parse_card, text_box
from salesdesk.io.ocr import Reading, ScanError
from salesdesk.services import scan
from salesdesk.ui import scanreview
from salesdesk.ui.scanreview import ScanReview
from salesdesk.ui.scanui import ScanUi
from tests.cardmaker import random_spec, render
from tests.gui.conftest import Messages


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 360), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _fake_reading(path: Path, name: str, mobile: str) -> Reading:
    boxes = [
        text_box(name, (40, 40, 200, 100)),
        text_box("华信贸易有限公司", (40, 120, 400, 150)),
        text_box(f"手机：{mobile}", (40, 170, 400, 200)),
    ]
    return Reading(str(path), parse_card(boxes), boxes, 0, 600, 360, _png(), "image/png")


def _review(window: Any) -> ScanReview:
    review = window.scan_ui.review
    assert review is not None
    return review


def _source_cards(session: Any) -> list[Any]:
    dump = session.dump()
    return [c for c in dump["card"] if c["source"] == "name_card"]


def test_two_card_images_are_read_and_reviewed_one_by_one(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    # Two real renders through the real OCR engine: a new person, and 张伟's mobile again.
    new_spec = random_spec(random.Random(5))
    known_spec = random_spec(random.Random(6))
    known_spec.mobile = "13800138000"  # the window's fixture card 张伟 has +86 138-0013-8000
    paths = []
    for i, spec in enumerate((new_spec, known_spec)):
        path = tmp_path / f"card{i}.png"
        render(spec, 40 + i, "classic").save(path)
        paths.append(path)
    monkeypatch.setattr(
        ScanUi, "choose_images", classmethod(lambda cls, _p: [str(p) for p in paths])
    )
    window.scan_ui.scan_action.trigger()
    review = _review(window)
    qtbot.waitUntil(lambda: review.current is not None, timeout=60_000)
    assert review.edits["name"].text() == new_spec.name
    assert review.edits["company"].text() == new_spec.company
    assert review.match_box.isHidden()
    # The user corrects the name by typing, then presses Enter (Save is the default button).
    name_edit = review.edits["name"]
    name_edit.selectAll()
    qtbot.keyClicks(name_edit, "Lei Wang")  # QTest types ASCII only
    QTest.keyClick(name_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: review.current is not None and review.counts["created"] == 1, timeout=60_000
    )
    made = {c["name"]: c for c in _source_cards(window.session)}
    assert set(made) == {"Lei Wang"}
    assert (made["Lei Wang"]["grade"], made["Lei Wang"]["f_kind"]) == ("F", "F2")
    assert [i.mime for i in scan.card_images(made["Lei Wang"]["id"])] == ["image/png"]

    # The second card's mobile is 张伟's: the dialog offers to update that card.
    assert review.edits["name"].text() == known_spec.name
    assert not review.match_box.isHidden()
    assert "张伟" in review.match_label.text()
    assert review.update_button.isChecked()
    qtbot.waitUntil(lambda: review.new_button.isVisible() and review.new_button.height() > 5)
    # A radio button takes a click on its circle or its words, not on the empty width after.
    on_label = QPoint(12, review.new_button.height() // 2)
    qtbot.mouseClick(review.new_button, Qt.MouseButton.LeftButton, pos=on_label)
    assert review.new_button.isChecked()
    qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)
    names = sorted(c["name"] for c in _source_cards(window.session))
    assert names == sorted(["Lei Wang", known_spec.name])
    assert "2 new, 0 updated, 0 skipped, 0 not read" in window.statusBar().currentMessage()
    assert messages.errors == []


def test_update_that_card_adds_the_image_to_the_known_card(
    qtbot: Any, window: Any, cards: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        scanreview, "_read", lambda path, _cancelled: _fake_reading(path, "张伟", "13800138000")
    )
    before = len(window.session.dump()["card"])
    review = window.scan_ui.scan([tmp_path / "a.png"])
    qtbot.waitUntil(lambda: review.current is not None, timeout=10_000)
    assert review.update_button.isChecked()
    qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)
    zhang = window.session.card(cards["张伟"])
    assert zhang.company == "上海华信贸易"  # kept: a scan never overwrites what the card says
    assert len(scan.card_images(zhang.id)) == 1
    assert len(window.session.dump()["card"]) == before  # no second card of one person
    assert zhang.source == "name_card"  # the card had no source: now it says where it came from
    window.undo()
    assert scan.card_images(zhang.id) == []


def test_stop_reading_and_an_unreadable_image(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = threading.Event()

    def slow(path: Path, cancelled: Any) -> Reading:
        if path.name == "bad.png":
            raise ScanError("bad.png is not an image SalesDesk can read.")
        started.set()
        deadline = time.monotonic() + 20
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        return _fake_reading(path, "陈静", "13612345678")

    monkeypatch.setattr(scanreview, "_read", slow)
    review = window.scan_ui.scan([tmp_path / "bad.png", tmp_path / "slow.png", tmp_path / "x.png"])
    qtbot.waitUntil(lambda: "bad.png is not an image" in review.error_label.text(), timeout=10_000)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    qtbot.mouseClick(review.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: review.done_reading, timeout=10_000)
    assert review.reader.next == 2  # the third image was never started
    # What was read before Stop is still offered; nothing is written until Save.
    assert _source_cards(window.session) == []


def test_images_dropped_on_the_window_open_the_review(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        scanreview, "_read", lambda path, _cancelled: _fake_reading(path, "陈静", "13612345678")
    )
    image = tmp_path / "card.jpg"
    image.write_bytes(b"")  # the fake reader never opens it
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(image))])
    drop = QDropEvent(
        QPointF(QPoint(50, 50)),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: window.scan_ui.review is not None, timeout=5_000)
    review = _review(window)
    qtbot.waitUntil(lambda: review.current is not None, timeout=10_000)
    assert review.edits["name"].text() == "陈静"
    qtbot.mouseClick(review.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)
    assert _source_cards(window.session) == []


def test_a_mobile_typed_in_finds_the_card_it_belongs_to(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        scanreview, "_read", lambda path, _cancelled: _fake_reading(path, "陈静", "13612345678")
    )
    review = window.scan_ui.scan([tmp_path / "a.png"])
    qtbot.waitUntil(lambda: review.current is not None, timeout=10_000)
    assert review.match_box.isHidden()
    second = review.phone_edits[1][0]
    qtbot.mouseClick(second, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(second, "138 0013 8000")  # 张伟's mobile, missed by the reading
    QTest.keyClick(second, Qt.Key.Key_Tab)
    assert not review.match_box.isHidden()
    assert "张伟" in review.match_label.text()


def test_the_back_side_of_a_card_fills_the_front_and_both_images_are_kept(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(path: Any, _cancelled: Any) -> Reading:
        if path.name == "front.png":
            return _fake_reading(path, "陈静", "13612345678")
        boxes = [
            text_box("Chen Jing", (40, 40, 200, 100)),
            text_box("Huaxin Trading Co., Ltd.", (40, 120, 400, 150)),
            text_box("M: +86 136 1234 5678", (40, 170, 400, 200)),
            text_box("T: +86 21 6400 1234", (40, 210, 400, 240)),
            text_box("chen.jing@huaxin.com.cn", (40, 250, 400, 280)),
        ]
        return Reading(str(path), parse_card(boxes), boxes, 0, 600, 360, _png(), "image/png")

    monkeypatch.setattr(scanreview, "_read", read)
    review = window.scan_ui.scan([tmp_path / "front.png", tmp_path / "back.png"])
    qtbot.waitUntil(lambda: review.current is not None and bool(review.queue), timeout=10_000)
    assert review.back_button.isEnabled()
    qtbot.mouseClick(review.back_button, Qt.MouseButton.LeftButton)
    # The front's words stay; the back adds the e-mail and the landline, the mobile once.
    assert review.edits["name"].text() == "陈静"
    assert review.edits["email"].text() == "chen.jing@huaxin.com.cn"
    numbers = ["".join(ch for ch in n.text() if ch.isdigit()) for n, _ in review.phone_edits]
    assert sum(n.endswith("13612345678") for n in numbers) == 1
    assert any(n.endswith("2164001234") for n in numbers)
    assert "front.png + back.png" in review.header.text()
    assert not review.back_button.isEnabled()  # no third image to join
    qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)
    [card] = _source_cards(window.session)
    assert card["name"] == "陈静"
    assert "Chen Jing" in card["notes"]
    assert len(scan.card_images(card["id"])) == 2


def test_a_fifth_phone_from_the_back_side_gets_a_row_and_is_saved(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    front_lines = ["手机：136 1234 5678", "电话：021 6400 1234", "直线：021 6400 1288"]
    back_lines = ["M: +86 139 1111 2222", "T: +86 10 8888 0001", "T: +86 755 2666 0002"]

    def read(path: Any, _cancelled: Any) -> Reading:
        lines = front_lines if path.name == "front.png" else back_lines
        boxes = [
            text_box("陈静", (40, 20, 200, 60)),
            text_box("华信贸易有限公司", (40, 70, 400, 100)),
        ]
        boxes += [text_box(t, (40, 110 + 40 * i, 400, 140 + 40 * i)) for i, t in enumerate(lines)]
        return Reading(str(path), parse_card(boxes), boxes, 0, 600, 360, _png(), "image/png")

    monkeypatch.setattr(scanreview, "_read", read)
    review = window.scan_ui.scan([tmp_path / "front.png", tmp_path / "back.png"])
    qtbot.waitUntil(lambda: review.current is not None and bool(review.queue), timeout=10_000)
    assert len(review.phone_edits) == 4
    qtbot.mouseClick(review.back_button, Qt.MouseButton.LeftButton)
    numbers = ["".join(ch for ch in n.text() if ch.isdigit()) for n, _ in review.phone_edits]
    wanted = ["13612345678", "2164001234", "2164001288", "13911112222", "1088880001", "75526660002"]
    for number in wanted:
        assert sum(n.endswith(number) for n in numbers) == 1, number
    assert len(review.phone_edits) == 7  # six numbers and an empty row for one more
    last = review.phone_edits[-1][0]
    assert last.text() == ""
    # Typing in the empty last row opens another below it.
    qtbot.mouseClick(last, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(last, "138 0000 9999")
    assert len(review.phone_edits) == 8
    assert review.phone_edits[-2][0] is last
    qtbot.mouseClick(review.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)
    [card] = _source_cards(window.session)
    saved = ["".join(ch for ch in p["number"] if ch.isdigit()) for p in json.loads(card["phones"])]
    for number in [*wanted, "13800009999"]:
        assert any(n.endswith(number) for n in saved), (number, card["phones"])


def test_a_card_pasted_from_the_clipboard_is_scanned(
    qtbot: Any, window: Any, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    from PySide6.QtGui import QGuiApplication, QImage

    seen: list[Path] = []

    def read(source: Any, _cancelled: Any) -> Reading:
        seen.append(source.path)
        assert source.path.read_bytes().startswith(b"\x89PNG")  # the pasted image, as a PNG
        return _fake_reading(source.path, "陈静", "13612345678")

    monkeypatch.setattr(scanreview, "_read", read)
    clipboard = QGuiApplication.clipboard()
    clipboard.clear()
    window.activateWindow()
    QTest.keyClick(
        window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert messages.errors
    assert "clipboard holds no image" in messages.errors[-1]
    assert window.scan_ui.review is None

    image = QImage(600, 360, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    clipboard.setImage(image)
    window.scan_ui.paste_action.trigger()
    review = _review(window)
    qtbot.waitUntil(lambda: review.current is not None, timeout=10_000)
    assert review.edits["name"].text() == "陈静"
    # The card is private while read: in the owner-only folder that the next start cleans.
    from salesdesk.models.private import clean_private_files, private_dir

    pasted = seen[0]
    assert pasted.parent == private_dir()
    assert oct(pasted.parent.stat().st_mode & 0o777) == "0o700"
    assert oct(pasted.stat().st_mode & 0o777) == "0o600"
    qtbot.mouseClick(review.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)
    assert not pasted.exists()  # removed with the review
    # A run killed while reading leaves its paste behind: the next start removes it.
    clipboard.setImage(image)
    window.scan_ui.paste_action.trigger()
    review = _review(window)
    qtbot.waitUntil(lambda: review.current is not None, timeout=10_000)
    left = seen[-1]
    assert left.exists()
    assert left in clean_private_files(now=time.time() + 2 * 3600)
    assert not left.exists()
    qtbot.mouseClick(review.skip_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.scan_ui.review is None, timeout=10_000)


def test_a_pdf_of_scans_is_offered_a_card_a_page(
    qtbot: Any, window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, messages: Messages
) -> None:
    def slow(source: Any, _cancelled: Any) -> Reading:
        time.sleep(0.3)  # a page is still being read when the review is closed
        return _fake_reading(source, "陈静", "13612345678")

    monkeypatch.setattr(scanreview, "_read", slow)
    pdf = tmp_path / "scans.pdf"
    pages = [Image.new("RGB", (600, 360), "white") for _ in range(3)]
    pages[0].save(pdf, save_all=True, append_images=pages[1:])
    review = window.scan_ui.scan([pdf])
    qtbot.waitUntil(lambda: review.current is not None, timeout=10_000)
    assert len(review.paths) == 3
    assert "scans.pdf p.1" in review.header.text()
    review.close()  # while the next page is read: its result must find no deleted review
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(100)  # the finished read's signal arrives
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 nothing else")
    assert window.scan_ui.scan([broken]) is None
    assert "broken.pdf is a PDF SalesDesk cannot open" in messages.errors[-1]
