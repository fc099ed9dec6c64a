"""The day sheet: the day's visits with each card's essentials, printed or saved as PDF."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from salesdesk.domain.errors import NotFound
from salesdesk.services.agenda import AgendaItem, style_hint
from salesdesk.services.session import Session
from salesdesk.ui import labels
from salesdesk.ui.visits import purpose_words

_STYLE = """
body { font-size: 10pt; }
h1 { font-size: 15pt; margin: 0 0 4px 0; }
h2 { font-size: 12pt; margin: 14px 0 4px 0; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 10px 0 2px 0; color: #333; }
table { border-collapse: collapse; }
td { padding: 3px 6px; vertical-align: top; border-bottom: 1px solid #ccc; }
.name { font-weight: bold; }
.small { color: #444; }
.alert { color: #b3261e; font-weight: bold; }
"""


DAY_SHEET_HEADERS = (
    QT_TRANSLATE_NOOP("DaySheet", "When"),
    QT_TRANSLATE_NOOP("DaySheet", "Who"),
    QT_TRANSLATE_NOOP("DaySheet", "Phones"),
    QT_TRANSLATE_NOOP("DaySheet", "Address"),
    QT_TRANSLATE_NOOP("DaySheet", "Last contact"),
    QT_TRANSLATE_NOOP("DaySheet", "Purpose"),
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("DaySheet", text)


def _item_html(session: Session, item: AgendaItem, overdue: bool) -> str:
    try:
        card = session.card(item.card_id)
    except NotFound:
        return ""
    last = session.contacts(item.card_id, limit=1)
    lines = [f"{labels.word(labels.PHONE_LABELS, p.label)} {p.number}" for p in card.phones]
    if card.wechat:
        lines.append(QCoreApplication.translate("DaySheet", "WeChat {0}").format(card.wechat))
    phones = "<br/>".join(escape(line) for line in lines)
    who = f'<span class="name">{escape(card.name)}</span>'
    if card.company or card.title:
        who += "<br/>" + escape(" · ".join(t for t in (card.company, card.title) if t))
    when = escape(item.due + (f" {item.due_time}" if item.due_time else ""))
    if overdue:
        when += (
            '<br/><span class="alert">'
            + escape(QCoreApplication.translate("DaySheet", "overdue"))
            + "</span>"
        )
    grade = escape(f"{card.grade_label} — {labels.grade_name(card.grade_label)}")
    hint = style_hint(card.style, "zh_CN" if QLocale().name().startswith("zh") else "en")
    if hint:  # how to approach the person, from their communication style
        grade += f'<br/><span class="small">{escape(hint)}</span>'
    last_text = ""
    if last:
        entry = last[0]
        last_text = (
            escape(f"{labels.when(entry.at)} {labels.word(labels.CHANNELS, entry.channel)}")
            + '<br/><span class="small">'
            + escape(" ".join(entry.summary.split()))
            + "</span>"
        )
    return (
        "<tr>"
        f"<td>{when}</td>"
        f"<td>{who}<br/>{grade}</td>"
        f"<td>{phones}</td>"
        f"<td>{escape(card.address)}</td>"
        f"<td>{last_text}</td>"
        f"<td>{escape(purpose_words(item.purpose))}</td>"
        "</tr>"
    )


def day_sheet_html(session: Session, day: date) -> str:
    """The day sheet for `day` as HTML: overdue and today's visits, grouped by area."""
    agenda = session.agenda(day, 0)  # at most 500 a list: more than any day on foot
    head = (
        "<tr>" + "".join(f"<td><b>{escape(_tr(h))}</b></td>" for h in DAY_SHEET_HEADERS) + "</tr>"
    )
    title = QCoreApplication.translate("DaySheet", "Day sheet for {0}").format(day.isoformat())
    me = session.salesperson()
    who = " · ".join(t for t in (me["name"], me["team"]) if t)
    parts = [
        f"<html><head><meta charset='utf-8'/><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        "<p>"
        + escape(QCoreApplication.translate("DaySheet", "Salesperson: {0}").format(who))
        + "</p>",
        "<p>"
        + escape(
            QCoreApplication.translate("DaySheet", "{0} overdue, {1} due today").format(
                len(agenda.overdue), len(agenda.today)
            )
        )
        + "</p>",
    ]
    for title, items, overdue in (
        (QCoreApplication.translate("DaySheet", "Overdue"), agenda.overdue, True),
        (QCoreApplication.translate("DaySheet", "Today"), agenda.today, False),
    ):
        if not items:
            continue
        heading = QCoreApplication.translate("DaySheet", "{0} ({1})")  # （） in Chinese
        parts.append(f"<h2>{escape(heading.format(title, len(items)))}</h2>")
        for area, group in agenda.by_area(items):
            name = area or QCoreApplication.translate("DaySheet", "(no area)")
            parts.append(f"<h3>{escape(heading.format(name, len(group)))}</h3>")
            parts.append('<table width="100%" cellspacing="0">' + head)
            parts.extend(_item_html(session, item, overdue) for item in group)
            parts.append("</table>")
    if not agenda.overdue and not agenda.today:
        # Not inside an f-string: lupdate does not see a translate() there.
        nothing = QCoreApplication.translate("DaySheet", "No visits due on this day.")
        parts.append(f"<p>{escape(nothing)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


def day_sheet_document(session: Session, day: date) -> QTextDocument:
    document = QTextDocument()
    document.setHtml(day_sheet_html(session, day))
    return document


def _printer(printer: QPrinter) -> QPrinter:
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    return printer


def save_day_sheet_pdf(session: Session, day: date, path: str | Path) -> Path:
    """Write the day sheet as a PDF file; returns its path."""
    printer = _printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setDocName(
        QCoreApplication.translate("DaySheet", "Day sheet for {0}").format(day.isoformat())
    )
    day_sheet_document(session, day).print_(printer)
    return Path(path)


def print_day_sheet(parent: QWidget | None, session: Session, day: date) -> bool:
    """Ask for a printer and print the sheet; False when cancelled."""
    printer = _printer(QPrinter(QPrinter.PrinterMode.HighResolution))
    dialog = QPrintDialog(printer, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
    finally:
        dialog.deleteLater()
    day_sheet_document(session, day).print_(printer)
    return True
