"""Words for the domain's codes (grades, statuses, channels, fields…) in the window's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from salesdesk.domain.messages import localize
from salesdesk.domain.values import parse_phones, parse_tags
from salesdesk.domain.words import VOCABULARY
from salesdesk.services.cardlist import Column

_CONTEXT = "Labels"


def _english(kind: str) -> dict[str, str]:
    """A kind of the core's one vocabulary, code → English (tr() gives the window's words)."""
    return {code: english for code, (english, _chinese) in VOCABULARY[kind].items()}


GRADE_NAMES = _english("grade")
STATUSES = _english("status")
CHANNELS = _english("channel")
STYLES = _english("style")
CREDITS = _english("credit")
SOURCES = _english("source")
PHONE_LABELS = _english("phone")
FIELDS = _english("field")

# Qt's translation tools read source text, not values: the vocabulary's English once more,
# in the "Labels" context that tr() above uses. tests/unit/test_vocabulary.py keeps this
# list equal to salesdesk/domain/words.py (and the Chinese of both equal).
_FOR_TRANSLATORS = (
    QT_TRANSLATE_NOOP("Labels", "On the edge of buying"),
    QT_TRANSLATE_NOOP("Labels", "Would buy, delayed for now"),
    QT_TRANSLATE_NOOP("Labels", "Not eligible for now"),
    QT_TRANSLATE_NOOP("Labels", "Finances not stable"),
    QT_TRANSLATE_NOOP("Labels", "Needs to understand more"),
    QT_TRANSLATE_NOOP("Labels", "Not moving or not yet visited"),
    QT_TRANSLATE_NOOP("Labels", "Unlikely within a year"),
    QT_TRANSLATE_NOOP("Labels", "Still researching, not yet visited"),
    QT_TRANSLATE_NOOP("Labels", "Prospect"),
    QT_TRANSLATE_NOOP("Labels", "Customer"),
    QT_TRANSLATE_NOOP("Labels", "Inactive"),
    QT_TRANSLATE_NOOP("Labels", "Visit"),
    QT_TRANSLATE_NOOP("Labels", "Phone call"),
    QT_TRANSLATE_NOOP("Labels", "Message"),
    QT_TRANSLATE_NOOP("Labels", "E-mail"),
    QT_TRANSLATE_NOOP("Labels", "Letter"),
    QT_TRANSLATE_NOOP("Labels", "Other"),
    QT_TRANSLATE_NOOP("Labels", "Hesitant"),
    QT_TRANSLATE_NOOP("Labels", "Opinionated"),
    QT_TRANSLATE_NOOP("Labels", "Amiable"),
    QT_TRANSLATE_NOOP("Labels", "Angry"),
    QT_TRANSLATE_NOOP("Labels", "Good"),
    QT_TRANSLATE_NOOP("Labels", "Normal"),
    QT_TRANSLATE_NOOP("Labels", "Poor"),
    QT_TRANSLATE_NOOP("Labels", "Name card"),
    QT_TRANSLATE_NOOP("Labels", "Referral"),
    QT_TRANSLATE_NOOP("Labels", "Event"),
    QT_TRANSLATE_NOOP("Labels", "Cold call"),
    QT_TRANSLATE_NOOP("Labels", "Website"),
    QT_TRANSLATE_NOOP("Labels", "Mobile"),
    QT_TRANSLATE_NOOP("Labels", "Work"),
    QT_TRANSLATE_NOOP("Labels", "Home"),
    QT_TRANSLATE_NOOP("Labels", "Fax"),
    QT_TRANSLATE_NOOP("Labels", "Name"),
    QT_TRANSLATE_NOOP("Labels", "Company"),
    QT_TRANSLATE_NOOP("Labels", "Title"),
    QT_TRANSLATE_NOOP("Labels", "Phones"),
    QT_TRANSLATE_NOOP("Labels", "WeChat ID"),
    QT_TRANSLATE_NOOP("Labels", "Address"),
    QT_TRANSLATE_NOOP("Labels", "Area"),
    QT_TRANSLATE_NOOP("Labels", "Source"),
    QT_TRANSLATE_NOOP("Labels", "Referred by"),
    QT_TRANSLATE_NOOP("Labels", "Birthday"),
    QT_TRANSLATE_NOOP("Labels", "Status"),
    QT_TRANSLATE_NOOP("Labels", "Grade"),
    QT_TRANSLATE_NOOP("Labels", "F kind"),
    QT_TRANSLATE_NOOP("Labels", "Grade note"),
    QT_TRANSLATE_NOOP("Labels", "Blocker"),
    QT_TRANSLATE_NOOP("Labels", "Re-check date"),
    QT_TRANSLATE_NOOP("Labels", "Communication style"),
    QT_TRANSLATE_NOOP("Labels", "Key customer"),
    QT_TRANSLATE_NOOP("Labels", "Credit standing"),
    QT_TRANSLATE_NOOP("Labels", "Tags"),
    QT_TRANSLATE_NOOP("Labels", "Notes"),
    QT_TRANSLATE_NOOP("Labels", "Owner"),
    QT_TRANSLATE_NOOP("Labels", "Last contact"),
    QT_TRANSLATE_NOOP("Labels", "Next visit"),
    QT_TRANSLATE_NOOP("Labels", "Deleted"),
    QT_TRANSLATE_NOOP("Labels", "Created"),
    QT_TRANSLATE_NOOP("Labels", "When"),
    QT_TRANSLATE_NOOP("Labels", "Channel"),
    QT_TRANSLATE_NOOP("Labels", "Summary"),
    QT_TRANSLATE_NOOP("Labels", "Outcome"),
    QT_TRANSLATE_NOOP("Labels", "Grade after"),
    QT_TRANSLATE_NOOP("Labels", "Reason"),
    QT_TRANSLATE_NOOP("Labels", "From grade"),
    QT_TRANSLATE_NOOP("Labels", "To grade"),
    QT_TRANSLATE_NOOP("Labels", "From F kind"),
    QT_TRANSLATE_NOOP("Labels", "To F kind"),
    QT_TRANSLATE_NOOP("Labels", "Contact"),
    QT_TRANSLATE_NOOP("Labels", "Card"),
)

TABLES: dict[str, str] = {
    "card": QT_TRANSLATE_NOOP("Labels", "Card"),
    "contact": QT_TRANSLATE_NOOP("Labels", "Contact"),
    "grade_change": QT_TRANSLATE_NOOP("Labels", "Grade step"),
    "visit": QT_TRANSLATE_NOOP("Labels", "Visit"),
    "deal": QT_TRANSLATE_NOOP("Labels", "Deal"),
    "service_case": QT_TRANSLATE_NOOP("Labels", "Service case"),
    "payment": QT_TRANSLATE_NOOP("Labels", "Payment"),
    "card_image": QT_TRANSLATE_NOOP("Labels", "Card image"),
    "purge": QT_TRANSLATE_NOOP("Labels", "Erasure"),
}

COLUMNS: dict[Column, str] = {
    Column.NAME: FIELDS["name"],
    Column.COMPANY: FIELDS["company"],
    Column.GRADE: FIELDS["grade"],
    Column.STATUS: FIELDS["status"],
    Column.AREA: FIELDS["area"],
    Column.LAST_CONTACT: FIELDS["last_contact"],
    Column.NEXT_VISIT: FIELDS["next_visit"],
}

# The services label their operations in English; these are the words the Edit menu shows.
OPERATIONS: dict[str, str] = {
    "New card": QT_TRANSLATE_NOOP("Labels", "New card"),
    "Edit card": QT_TRANSLATE_NOOP("Labels", "Edit card"),
    "Delete card": QT_TRANSLATE_NOOP("Labels", "Delete card"),
    "Restore card": QT_TRANSLATE_NOOP("Labels", "Restore card"),
    "Change grade": QT_TRANSLATE_NOOP("Labels", "Change grade"),
    "Log contact": QT_TRANSLATE_NOOP("Labels", "Log contact"),
    "Edit contact": QT_TRANSLATE_NOOP("Labels", "Edit contact"),
    "Delete contact": QT_TRANSLATE_NOOP("Labels", "Delete contact"),
    "Revert change": QT_TRANSLATE_NOOP("Labels", "Revert change"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def word(table: dict[str, str], code: str | None) -> str:
    """The word for a code; an unknown code (from a newer version, an import) shows as is."""
    if not code:
        return ""
    source = table.get(code)
    return tr(source) if source else code


def grade_name(label: str | None) -> str:
    return word(GRADE_NAMES, label)


def grade_label(grade: str | None, f_kind: str | None) -> str:
    """The letter shown for a grade: F splits into F1 and F2."""
    if not grade:
        return ""
    return f_kind if grade == "F" and f_kind else grade


def field_name(table: str, field: str) -> str:
    name = word(FIELDS, field)
    if table == "card":
        return name
    return QCoreApplication.translate("Labels", "{0}: {1}").format(word(TABLES, table), name)


def operation(label: str | None) -> str:
    """An undo label in words: every label the services use is in the core's catalog."""
    if label in OPERATIONS:
        return word(OPERATIONS, label)
    return localize(label) if label else ""


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def stored_value(field: str, value: Any) -> str:
    """A value as the change log stores it, in words for the History tab."""
    if value is None or value == "":
        return "—"
    if field == "phones":
        phones = parse_phones(value)
        return "; ".join(f"{word(PHONE_LABELS, p.label)} {p.number}" for p in phones) or "—"
    if field == "tags":
        return ", ".join(parse_tags(value)) or "—"
    if field in ("status",):
        return word(STATUSES, value)
    if field == "style":
        return word(STYLES, value)
    if field == "credit":
        return word(CREDITS, value)
    if field == "source":
        return word(SOURCES, value)
    if field == "channel":
        return word(CHANNELS, value)
    if field in ("key_customer", "deleted"):
        return (
            QCoreApplication.translate("Labels", "Yes")
            if value and value not in ("0", 0)
            else QCoreApplication.translate("Labels", "No")
        )
    if field == "at" and isinstance(value, str):
        return value.replace("T", " ")[:16]
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"


def card_title(name: str, company: str = "") -> str:
    """A card as dialog titles name it, "name · company": two 陈静 are told apart."""
    return f"{name} · {company}" if company else name


def chart_language() -> str:
    """Charts and workbooks are in Chinese when the window speaks Chinese, else in English."""
    from PySide6.QtCore import QLocale

    return "zh" if QLocale().name().startswith("zh") else "en"
