"""Merged letters as one PDF, a letter a page, through Qt's printing (as the day sheet)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from salesdesk.domain.errors import InvalidValue

_STYLE = """
body { font-size: 11pt; }
p { margin: 0 0 6px 0; line-height: 150%; }
"""


def letters_html(texts: list[str]) -> str:
    pages = []
    for index, text in enumerate(texts):
        paragraphs = "".join(
            f"<p>{escape(line) if line.strip() else '&nbsp;'}</p>" for line in text.split("\n")
        )
        style = ' style="page-break-before: always"' if index else ""
        pages.append(f"<div{style}>{paragraphs}</div>")
    return f"<html><head><style>{_STYLE}</style></head><body>{''.join(pages)}</body></html>"


def ensure_gui() -> None:
    """The command line writes PDFs too: Qt's fonts need a GUI application (offscreen)."""
    import os

    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APPS.append(QGuiApplication([]))


_APPS: list[object] = []  # the command line's application lives as long as the process


def save_letters_pdf(texts: list[str], path: str | Path) -> Path:
    """Write the letters to `path` (written to a partial file, then renamed)."""
    target = Path(path)
    if not texts:
        raise InvalidValue("No letter to write: no card chosen has an address.")
    partial = target.with_name(f".{target.name}.partial")
    writer = QPdfWriter(str(partial))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(25, 25, 20, 25),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setDefaultStyleSheet(_STYLE)
    document.setHtml(letters_html(texts))
    document.print_(writer)
    del writer  # closes the file
    try:
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InvalidValue(f"Cannot write {target}: {error.strerror or error}.") from None
    return target
