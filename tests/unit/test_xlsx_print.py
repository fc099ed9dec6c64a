"""The workbook printed: LibreOffice turns it into a PDF a manager can take to a meeting."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from salesdesk.io.xlsx import export_workbook
from salesdesk.services.session import Session

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
pytestmark = [
    pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed"),
    pytest.mark.slow,  # LibreOffice starts for each test
]
A4_LANDSCAPE = (842, 595)  # points, rounded


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SALESDESK_NOW", "2025-03-01T09:00:00")


def _pdf_pages(book: Path, tmp_path: Path) -> list[tuple[tuple[int, int], str]]:
    """Each page of the workbook printed by LibreOffice: its size in points and its text."""
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "pdf"
    done = subprocess.run(
        [
            str(LIBREOFFICE),
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(str(out / f"{book.stem}.pdf"))
    return [
        ((round(float(p.mediabox.width)), round(float(p.mediabox.height))), p.extract_text())
        for p in reader.pages
    ]


def _text_sizes(book: Path, tmp_path: Path) -> list[tuple[str, list[float]]]:
    """Each printed page's text and the size in points of every piece of text on it, as
    drawn: the font size times the scaling of the text and page matrices."""
    pypdf = pytest.importorskip("pypdf")
    _pdf_pages(book, tmp_path)
    reader = pypdf.PdfReader(str(tmp_path / "pdf" / f"{book.stem}.pdf"))
    pages = []
    for page in reader.pages:
        sizes: list[float] = []

        def seen(
            text: str,
            cm: list[float],
            tm: list[float],
            font: object,
            size: float,
            *,
            into: list[float] = sizes,
        ) -> None:
            if text.strip():
                into.append(size * math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]))

        pages.append((page.extract_text(visitor_text=seen), sizes))
    return pages


SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ("伟", "芳", "建华", "秀英", "志强", "丽")


def _chinese_cards(session: Session, n: int) -> list[str]:
    names = []
    for i in range(n):
        name = f"{SURNAMES[i % 10]}{GIVEN[i % 6]}{i:02d}"
        card = session.create_card(
            {
                "name": name,
                "company": f"上海华信{i:02d}贸易有限公司",
                "title": "采购经理",
                "phones": "+86 138 0013 8000, 021-6400 1234",
                "email": f"buyer{i}@huaxin.com.cn",
                "address": f"上海市徐汇区漕溪北路{i + 1}号1203室",
                "area": "徐汇区" if i % 2 else "浦东新区",
                "owner": "王磊",
                "tags": ["重点跟进", "老客户"],
                "notes": "喜欢喝茶，周三下午比较空。" * 3,
            },
            grade="ABCDEF"[i % 6],
        ).id
        session.log_contact(card, channel="visit", summary="上门拜访，介绍了智能办公系统")
        names.append(name)
    return names


def test_forty_chinese_cards_print_readable_with_the_name_on_every_page(
    session: Session, tmp_path: Path
) -> None:
    # One page wide, Cards' 25 columns printed at about 3-4 pt: unreadable at a meeting.
    names = _chinese_cards(session, 40)
    book = tmp_path / "book.xlsx"
    export_workbook(book, lang="zh_CN", owner="王磊")
    pages = _text_sizes(book, tmp_path)
    cards = [(text, sizes) for text, sizes in pages if "客户卡片  ·" in text]
    assert cards
    for text, sizes in cards:
        assert min(sizes) >= 7.5, f"text printed at {min(sizes):.1f} pt"
        assert "姓名" in text  # the header row, repeated
        assert any(name in text for name in names)  # the name column, repeated
    assert len(cards) >= 2  # readable, the columns take more than one page
    printed = "".join(text for text, _ in cards)
    assert all(name in printed for name in names)
    # Every column is printed somewhere, the last ones included.
    for header in ("公司", "等级", "电话", "区域", "负责人", "最近联系", "下次回访", "卡片编号"):
        assert header in printed
    # The list for the meeting: the key columns of 40 cards on one or two pages, larger.
    listed = [(text, sizes) for text, sizes in pages if "客户名单（打印）  ·" in text]
    assert 1 <= len(listed) <= 2
    for text, sizes in listed:
        assert min(sizes) >= 8.5, f"the list printed at {min(sizes):.1f} pt"
        for header in ("姓名", "公司", "等级", "电话", "区域", "下次回访", "最近联系", "负责人"):
            assert header in text
    assert all(name in "".join(text for text, _ in listed) for name in names)
    # The Summary: one page with its chart, every figure and label at 8 pt or more (it
    # printed at about 6 pt when its tables ran 47 rows down one column).
    [(summary, sizes)] = [(text, sizes) for text, sizes in pages if "概览  ·" in text]
    assert min(sizes) >= 8.0, f"the Summary printed at {min(sizes):.1f} pt"
    for label in ("期内关键指标", "客户基数", "应收未收", "各工作表行数", "各等级卡片数（月末）"):
        assert label in summary


def _cards(session: Session, n: int) -> list[str]:
    names = []
    for i in range(n):
        name = f"Person{i:03d}"
        card = session.create_card(
            {
                "name": name,
                "company": f"Company {i} Trading Ltd",
                "phones": "0755-8888 1234, +86 138 0013 8000",
                "address": "Room 1203, Building 7, 88 Long Garden Road, Pudong New District",
                "notes": "Prefers calls after six; " * 30,  # long: wraps in a capped row
            },
            grade="ABCDEF"[i % 6],
        ).id
        session.log_contact(card, channel="visit", summary="Talked about the offer " * 8)
        names.append(name)
    return names


def test_five_cards_print_on_a_handful_of_landscape_a4_pages(
    session: Session, tmp_path: Path
) -> None:
    names = _cards(session, 5)
    book = tmp_path / "book.xlsx"
    export_workbook(book, owner="Wang Fang")
    pages = _pdf_pages(book, tmp_path)
    cards = [text for _, text in pages if "Cards  ·" in text or "Cards ·" in text]
    # Cards' columns at a readable size take a few pages side by side; every other sheet
    # (Summary, 6 record sheets with Payments, the list to print, trend, definitions) one page.
    assert 2 <= len(cards) <= 6
    assert len(pages) - len(cards) <= 10
    assert all(size == A4_LANDSCAPE for size, _ in pages)
    total = len(pages)
    for number, (_, text) in enumerate(pages, 1):
        # The header names the salesperson, the sheet and the date; the footer the page.
        assert "Wang Fang" in text
        assert "2025-03-01" in text
        assert f"Page {number} of {total}" in text
    summary = [text for _, text in pages if "Summary  ·" in text or "Summary ·" in text]
    assert len(summary) == 1  # the Summary and its chart on one page
    assert "Key figures of the period" in summary[0]
    assert all(name in "".join(cards) for name in names)
    assert all(any(name in text for name in names) for text in cards)


def test_every_printed_page_of_cards_shows_names_under_the_header(
    session: Session, tmp_path: Path
) -> None:
    names = _cards(session, 120)
    book = tmp_path / "book.xlsx"
    export_workbook(book)
    pages = [text for _, text in _pdf_pages(book, tmp_path) if "Cards  ·" in text]
    assert len(pages) >= 2  # long enough to need more than one page
    for text in pages:
        assert "Name" in text  # the header row, repeated
        assert any(name in text for name in names)
    # Pages go across a band of cards, then down: the page after the one with a band's
    # names and companies carries the same names and the next columns.
    first, second = pages[0], pages[1]
    assert "Company" in first
    assert "Company" not in second
    assert [n for n in names if n in first] == [n for n in names if n in second]
