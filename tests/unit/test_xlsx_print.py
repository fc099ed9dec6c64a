"""The workbook printed: LibreOffice turns it into a PDF a manager can take to a meeting."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from salesdesk.io.xlsx import export_workbook
from salesdesk.services.session import Session

LIBREOFFICE = shutil.which("libreoffice") or shutil.which("soffice")
pytestmark = pytest.mark.skipif(LIBREOFFICE is None, reason="LibreOffice is not installed")
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
    assert len(pages) <= 10  # one a sheet: Summary, 6 record sheets, trend, definitions
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
    cards = [text for _, text in pages if "Cards  ·" in text or "Cards ·" in text]
    assert cards
    assert all(name in "".join(cards) for name in names)


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
        assert "Company" in text
        assert any(name in text for name in names)
