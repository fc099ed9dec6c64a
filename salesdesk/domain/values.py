"""Value codes of the card (status, channel, style, credit, source) and their checks.

The domain speaks in codes; the window and the workbook turn them into words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from salesdesk.domain.errors import InvalidValue

STATUSES: tuple[str, ...] = ("prospect", "customer", "inactive")
CHANNELS: tuple[str, ...] = ("visit", "phone", "message", "email", "letter", "other")
STYLES: tuple[str, ...] = ("hesitant", "opinionated", "amiable", "angry")
CREDITS: tuple[str, ...] = ("good", "normal", "poor")
SOURCES: tuple[str, ...] = ("name_card", "referral", "event", "cold_call", "website", "other")
PHONE_LABELS: tuple[str, ...] = ("mobile", "work", "home", "fax", "other")
VISIT_STATUSES: tuple[str, ...] = ("planned", "done", "cancelled")
CASE_KINDS: tuple[str, ...] = ("complaint", "request", "suggestion", "praise")
# Issue 20: a deal's payment rows, and how a payment was made.
PAYMENT_KINDS: tuple[str, ...] = ("installment", "receipt")
PAYMENT_METHODS: tuple[str, ...] = (
    "transfer",
    "cash",
    "wechat",
    "alipay",
    "card",
    "cheque",
    "other",
)

# Longest text a field keeps; a huge paste is cut rather than refused. The window counts
# the summary's characters against its limit and will not send more (no silent cut).
MAX_TEXT = {"notes": 100_000, "summary": 100_000, "default": 2_000}

# Control characters, and the bidirectional embeddings, overrides and isolates
# (U+202A-202E, U+2066-2069): a name holding U+202E would show reversed in the
# status bar, the delete question and the workbook.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: object, field: str = "default", *, multiline: bool = False) -> str:
    """Strip control and bidi-override characters (keeping newlines in notes); cut to the limit."""
    if value is None:
        return ""
    text = str(value)
    if text.isprintable():
        # No control, bidi-override or line-break character in it (none is printable):
        # what the rest does comes down to this (an import cleans 200,000 rows of these).
        return (text if multiline else text.strip())[: MAX_TEXT.get(field, MAX_TEXT["default"])]
    text = _CONTROL.sub("", text)
    if not multiline:
        text = text.replace("\r", " ").replace("\n", " ").strip()
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    limit = MAX_TEXT.get(field, MAX_TEXT["default"])
    return text[:limit]


def check_code(value: str | None, allowed: Iterable[str], what: str) -> str | None:
    if value is None or value == "":
        return None
    allowed = tuple(allowed)
    code = str(value).strip().lower()
    if code not in allowed:
        raise InvalidValue(f"'{value}' is not a {what}: use one of {', '.join(allowed)}.")
    return code


@dataclass(frozen=True)
class Phone:
    label: str
    number: str

    @property
    def digits(self) -> str:
        return phone_digits(self.number)


def phone_digits(number: str) -> str:
    """The digits of a phone number, for matching ('+86 138-0013-8000' -> '8613800138000')."""
    if number.isascii() and number.isdigit():
        return number  # digits only, as most numbers of an imported file are (issue 14)
    return "".join(ch for ch in number if ch.isdigit())


def phone_match_key(number: str) -> str:
    """What two spellings of one number share: its last 9 digits ('+86 139…' = '139…')."""
    digits = phone_digits(number)
    return digits[-9:] if len(digits) >= 7 else ""


def parse_phones(value: object) -> list[Phone]:
    """Phones from the stored JSON text, a list of dicts/Phones, or one plain number."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                value = json.loads(text)
            except json.JSONDecodeError:
                value = [text]
        else:
            value = [p for p in re.split(r"[;,；，/]\s*", text) if p.strip()]
    phones: list[Phone] = []
    for item in value:  # type: ignore[attr-defined]
        if isinstance(item, Phone):
            phones.append(item)
        elif isinstance(item, dict):
            number = clean_text(item.get("number", ""))
            if number:
                label = str(item.get("label") or "mobile")
                phones.append(Phone(label, number))
        else:
            number = clean_text(item)
            if number:
                phones.append(Phone("mobile", number))
    return phones


def phones_to_json(phones: Iterable[Phone]) -> str:
    items = phones if isinstance(phones, list) else list(phones)
    parts = []
    for p in items:
        if not (_json_plain(p.label) and _json_plain(p.number)):
            return json.dumps(
                [{"label": p.label, "number": p.number} for p in items], ensure_ascii=False
            )
        # What json.dumps writes for text it has nothing to escape in (issue 14: once a card).
        parts.append(f'{{"label": "{p.label}", "number": "{p.number}"}}')
    return "[" + ", ".join(parts) + "]"


def _json_plain(text: object) -> bool:
    """Text json.dumps(ensure_ascii=False) writes as it is: no quote, backslash or control
    character (none of which is printable but the quote and the backslash)."""
    return type(text) is str and text.isprintable() and '"' not in text and "\\" not in text


def parse_tags(value: object) -> list[str]:
    """Tags from stored JSON text, a list, or a comma/space separated string; kept unique."""
    if value is None or value == "":
        return []
    items: Iterable[object]
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            try:
                items = json.loads(text)
            except json.JSONDecodeError:
                items = re.split(r"[,，;；]", text)
        else:
            items = re.split(r"[,，;；]", text)
    else:
        items = value  # type: ignore[assignment]
    tags: list[str] = []
    for item in items:
        tag = clean_text(item)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def tags_to_json(tags: Iterable[str]) -> str:
    return json.dumps(list(tags), ensure_ascii=False)
