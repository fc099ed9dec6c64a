"""Words for the domain's codes (grades, statuses, channels, fields…) in the window's language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from salesdesk.domain.messages import localize
from salesdesk.domain.values import parse_phones, parse_tags
from salesdesk.services.cardlist import Column

_CONTEXT = "Labels"

GRADE_NAMES: dict[str, str] = {
    "A": QT_TRANSLATE_NOOP("Labels", "On the edge of buying"),
    "B": QT_TRANSLATE_NOOP("Labels", "Would buy, delayed for now"),
    "C": QT_TRANSLATE_NOOP("Labels", "Not eligible for now"),
    "D": QT_TRANSLATE_NOOP("Labels", "Finances not stable"),
    "E": QT_TRANSLATE_NOOP("Labels", "Needs to understand more"),
    "F": QT_TRANSLATE_NOOP("Labels", "Far from buying"),
    "F1": QT_TRANSLATE_NOOP("Labels", "Unlikely within a year"),
    "F2": QT_TRANSLATE_NOOP("Labels", "Still researching, not yet visited"),
}

STATUSES: dict[str, str] = {
    "prospect": QT_TRANSLATE_NOOP("Labels", "Prospect"),
    "customer": QT_TRANSLATE_NOOP("Labels", "Customer"),
    "inactive": QT_TRANSLATE_NOOP("Labels", "Inactive"),
}

CHANNELS: dict[str, str] = {
    "visit": QT_TRANSLATE_NOOP("Labels", "Visit"),
    "phone": QT_TRANSLATE_NOOP("Labels", "Phone call"),
    "message": QT_TRANSLATE_NOOP("Labels", "Message"),
    "email": QT_TRANSLATE_NOOP("Labels", "E-mail"),
    "wechat": QT_TRANSLATE_NOOP("Labels", "WeChat ID"),
    "letter": QT_TRANSLATE_NOOP("Labels", "Letter"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}

STYLES: dict[str, str] = {
    "hesitant": QT_TRANSLATE_NOOP("Labels", "Hesitant"),
    "opinionated": QT_TRANSLATE_NOOP("Labels", "Opinionated"),
    "amiable": QT_TRANSLATE_NOOP("Labels", "Amiable"),
    "angry": QT_TRANSLATE_NOOP("Labels", "Angry"),
}

CREDITS: dict[str, str] = {
    "good": QT_TRANSLATE_NOOP("Labels", "Good"),
    "normal": QT_TRANSLATE_NOOP("Labels", "Normal"),
    "poor": QT_TRANSLATE_NOOP("Labels", "Poor"),
}

SOURCES: dict[str, str] = {
    "name_card": QT_TRANSLATE_NOOP("Labels", "Name card"),
    "referral": QT_TRANSLATE_NOOP("Labels", "Referral"),
    "event": QT_TRANSLATE_NOOP("Labels", "Event"),
    "cold_call": QT_TRANSLATE_NOOP("Labels", "Cold call"),
    "website": QT_TRANSLATE_NOOP("Labels", "Website"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}

PHONE_LABELS: dict[str, str] = {
    "mobile": QT_TRANSLATE_NOOP("Labels", "Mobile"),
    "work": QT_TRANSLATE_NOOP("Labels", "Work"),
    "home": QT_TRANSLATE_NOOP("Labels", "Home"),
    "fax": QT_TRANSLATE_NOOP("Labels", "Fax"),
    "other": QT_TRANSLATE_NOOP("Labels", "Other"),
}

FIELDS: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("Labels", "Name"),
    "company": QT_TRANSLATE_NOOP("Labels", "Company"),
    "title": QT_TRANSLATE_NOOP("Labels", "Title"),
    "phones": QT_TRANSLATE_NOOP("Labels", "Phones"),
    "email": QT_TRANSLATE_NOOP("Labels", "E-mail"),
    "address": QT_TRANSLATE_NOOP("Labels", "Address"),
    "area": QT_TRANSLATE_NOOP("Labels", "Area"),
    "source": QT_TRANSLATE_NOOP("Labels", "Source"),
    "referred_by": QT_TRANSLATE_NOOP("Labels", "Referred by"),
    "birthday": QT_TRANSLATE_NOOP("Labels", "Birthday"),
    "status": QT_TRANSLATE_NOOP("Labels", "Status"),
    "style": QT_TRANSLATE_NOOP("Labels", "Communication style"),
    "key_customer": QT_TRANSLATE_NOOP("Labels", "Key customer"),
    "credit": QT_TRANSLATE_NOOP("Labels", "Credit standing"),
    "tags": QT_TRANSLATE_NOOP("Labels", "Tags"),
    "notes": QT_TRANSLATE_NOOP("Labels", "Notes"),
    "owner": QT_TRANSLATE_NOOP("Labels", "Owner"),
    "grade": QT_TRANSLATE_NOOP("Labels", "Grade"),
    "f_kind": QT_TRANSLATE_NOOP("Labels", "F kind"),
    "grade_note": QT_TRANSLATE_NOOP("Labels", "Grade note"),
    "blocker": QT_TRANSLATE_NOOP("Labels", "Blocker"),
    "recheck_on": QT_TRANSLATE_NOOP("Labels", "Re-check date"),
    "deleted": QT_TRANSLATE_NOOP("Labels", "Deleted"),
    "created": QT_TRANSLATE_NOOP("Labels", "Created"),
    # contact and grade-step fields, as the History tab shows them
    "at": QT_TRANSLATE_NOOP("Labels", "When"),
    "channel": QT_TRANSLATE_NOOP("Labels", "Channel"),
    "summary": QT_TRANSLATE_NOOP("Labels", "Summary"),
    "outcome": QT_TRANSLATE_NOOP("Labels", "Outcome"),
    "grade_after": QT_TRANSLATE_NOOP("Labels", "Grade after"),
    "reason": QT_TRANSLATE_NOOP("Labels", "Reason"),
    "from_grade": QT_TRANSLATE_NOOP("Labels", "From grade"),
    "to_grade": QT_TRANSLATE_NOOP("Labels", "To grade"),
    "from_f_kind": QT_TRANSLATE_NOOP("Labels", "From F kind"),
    "to_f_kind": QT_TRANSLATE_NOOP("Labels", "To F kind"),
    "contact_id": QT_TRANSLATE_NOOP("Labels", "Contact"),
    "card_id": QT_TRANSLATE_NOOP("Labels", "Card"),
}

TABLES: dict[str, str] = {
    "card": QT_TRANSLATE_NOOP("Labels", "Card"),
    "contact": QT_TRANSLATE_NOOP("Labels", "Contact"),
    "grade_change": QT_TRANSLATE_NOOP("Labels", "Grade step"),
    "visit": QT_TRANSLATE_NOOP("Labels", "Visit"),
    "deal": QT_TRANSLATE_NOOP("Labels", "Deal"),
    "service_case": QT_TRANSLATE_NOOP("Labels", "Service case"),
}

COLUMNS: dict[Column, str] = {
    Column.NAME: QT_TRANSLATE_NOOP("Labels", "Name"),
    Column.COMPANY: QT_TRANSLATE_NOOP("Labels", "Company"),
    Column.GRADE: QT_TRANSLATE_NOOP("Labels", "Grade"),
    Column.STATUS: QT_TRANSLATE_NOOP("Labels", "Status"),
    Column.AREA: QT_TRANSLATE_NOOP("Labels", "Area"),
    Column.LAST_CONTACT: QT_TRANSLATE_NOOP("Labels", "Last contact"),
    Column.NEXT_VISIT: QT_TRANSLATE_NOOP("Labels", "Next visit"),
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
