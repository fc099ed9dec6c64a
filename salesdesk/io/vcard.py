"""vCard 2.1, 3.0 and 4.0 files read into plain contact records for the importer."""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field

from salesdesk.io.readers import clean_cell

# Our own reader rather than vobject: vobject reads 2.1 quoted-printable only
# for a few properties, ignores CHARSET (GB2312 and Shift_JIS phones come out
# as mojibake) and fails on a soft line break inside a multi-byte character.
# Here every quoted-printable value is joined and decoded to bytes first, and
# only then turned into text in its declared charset.

# Charsets old phones declare, mapped to the codec that reads every byte of them.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "big5": "big5hkscs",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
}

# Properties that carry binary data or nothing a card keeps.
_SKIPPED = {"PHOTO", "LOGO", "SOUND", "KEY", "X-MS-CARDPICTURE", "AGENT"}

PHONE_LABELS = ("mobile", "work", "home", "fax", "other")


@dataclass
class VCard:
    """One contact as read: text values, phones with their labels, in file order."""

    number: int  # 1 for the first card in the file
    name: str = ""
    given: str = ""
    family: str = ""
    middle: str = ""
    company: str = ""
    title: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)  # (label, number)
    emails: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    birthday: str = ""
    notes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    wechat: str = ""

    @property
    def display_name(self) -> str:
        """FN, else the name from N, else the organisation, else the e-mail."""
        if self.name.strip():
            return self.name.strip()
        composed = compose_name(self.given, self.middle, self.family)
        if composed:
            return composed
        if self.company:
            return self.company
        return self.emails[0] if self.emails else ""


def compose_name(given: str, middle: str, family: str) -> str:
    """Chinese and Japanese names run family first with no space; others given first."""
    parts = [p.strip() for p in (given, middle, family)]
    if not any(parts):
        return ""
    if any(_is_cjk(ch) for ch in "".join(parts)):
        return parts[2] + parts[0] + parts[1]
    return " ".join(p for p in parts if p)


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x3040 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF66 <= code <= 0xFF9F


class VCardError(ValueError):
    """The bytes are not a vCard file."""


def looks_like_vcard(data: bytes) -> bool:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].upper()
    return head.startswith(b"BEGIN:VCARD") or head.startswith(b"BEGIN: VCARD")


def read_vcards(data: bytes, fallback_encoding: str = "utf-8") -> list[VCard]:
    """Every card in the file; fallback_encoding reads 8-bit text that declares no CHARSET."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        data = data.decode("utf-16").encode("utf-8")
    data = data.removeprefix(codecs.BOM_UTF8)
    if not looks_like_vcard(data):
        raise VCardError("no BEGIN:VCARD at the start")
    cards: list[VCard] = []
    current: VCard | None = None
    version = "2.1"
    for name, params, raw in _logical_lines(data):
        if name == "BEGIN" and raw.strip().upper() == b"VCARD":
            current = VCard(len(cards) + 1)
            version = "2.1"
            continue
        if current is None:
            continue
        if name == "END" and raw.strip().upper() == b"VCARD":
            cards.append(current)
            current = None
            continue
        if name == "VERSION":
            version = raw.decode("ascii", "replace").strip()
            continue
        if name in _SKIPPED:
            continue
        text = _decode_value(params, raw, fallback_encoding, version)
        _take(current, name, params, clean_cell(text))
    if current is not None:  # a last card without END:VCARD still counts
        cards.append(current)
    return cards


def _logical_lines(data: bytes) -> list[tuple[str, dict[str, list[str]], bytes]]:
    """Unfolded lines as (property name, parameters, raw value bytes)."""
    # \r\r\n (iOS 6) and lone \r count as one line break each, never a blank line.
    physical = re.split(rb"\r*\n|\r", data)
    logical: list[bytes] = []
    for line in physical:
        if logical and _is_qp_line(logical[-1]) and logical[-1].endswith(b"="):
            # A quoted-printable soft break: the next line goes on as it is,
            # even when it starts with a space (that is data, not folding).
            logical[-1] = logical[-1][:-1] + line
        elif logical and line[:1] in (b" ", b"\t"):
            logical[-1] += line[1:]
        elif line.strip():
            logical.append(line)
    out = []
    for line in logical:
        parsed = _split_line(line)
        if parsed is not None:
            out.append(parsed)
    return out


def _is_qp_line(line: bytes) -> bool:
    head = line.split(b":", 1)[0].upper()
    return b"QUOTED-PRINTABLE" in head


def _split_line(line: bytes) -> tuple[str, dict[str, list[str]], bytes] | None:
    quoted = False
    for index, byte in enumerate(line):
        if byte == 0x22:  # a quoted parameter value may hold ':'
            quoted = not quoted
        elif byte == 0x3A and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        return None
    parts = head.decode("ascii", "replace").split(";")
    name = parts[0].strip().upper()
    if "." in name:  # item1.EMAIL: the group only ties labels to values
        name = name.rsplit(".", 1)[1]
    params: dict[str, list[str]] = {}
    for raw_part in parts[1:]:
        part = raw_part.strip()
        if not part:
            continue  # ADR;HOME;PREF;: an empty parameter
        if "=" in part:
            key, values = part.split("=", 1)
            items = [v.strip().strip('"') for v in values.split(",")]
            params.setdefault(key.strip().upper(), []).extend(i for i in items if i)
        else:  # vCard 2.1 bare types: TEL;WORK;VOICE, or a bare QUOTED-PRINTABLE
            bare = part.upper()
            if bare in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                params.setdefault("ENCODING", []).append(bare)
            else:
                params.setdefault("TYPE", []).append(part)
    return name, params, value


def _codec(charset: str) -> str:
    name = charset.strip().lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        codecs.lookup(name)
    except LookupError:
        return "utf-8"
    return name


def _decode_value(params: dict[str, list[str]], raw: bytes, fallback: str, version: str) -> str:
    encoding = {e.upper() for e in params.get("ENCODING", [])}
    if "QUOTED-PRINTABLE" in encoding:
        raw = quopri.decodestring(raw)
    elif encoding & {"BASE64", "B"}:
        return ""
    charsets = params.get("CHARSET")
    if charsets:
        text = raw.decode(_codec(charsets[0]), "replace")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:  # Outlook's 2.1 cards: raw 8-bit text, no CHARSET
            text = raw.decode(fallback, "replace")
    return text


def _components(text: str) -> list[str]:
    """Split a structured value on unescaped ';' and unescape each part."""
    parts = re.split(r"(?<!\\);", text)
    return [_unescape(p) for p in parts]


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        ch = match.group(1)
        return "\n" if ch in "nN" else ch

    return re.sub(r"\\(.)", one, text)


def _types(params: dict[str, list[str]]) -> set[str]:
    return {t.upper() for t in params.get("TYPE", [])}


def _phone_label(types: set[str]) -> str:
    if "FAX" in types:
        return "fax"
    if "CELL" in types or "MOBILE" in types or "IPHONE" in types:
        return "mobile"
    if "WORK" in types:
        return "work"
    if "HOME" in types:
        return "home"
    return "other"


def _take(card: VCard, name: str, params: dict[str, list[str]], text: str) -> None:
    if name == "FN":
        card.name = card.name or _unescape(text).strip()
    elif name == "N":
        parts = [*_components(text), "", "", ""]
        card.family, card.given, card.middle = parts[0], parts[1], parts[2]
    elif name == "ORG":
        parts = [p.strip() for p in _components(text) if p.strip()]
        if parts and not card.company:
            card.company = parts[0]
            card.units = parts[1:]  # departments: kept in the notes
    elif name == "TITLE":
        card.title = card.title or _unescape(text).strip()
    elif name == "TEL":
        number = _unescape(text).strip()
        if number.lower().startswith("tel:"):  # vCard 4.0 may give a tel: URI
            number = number[4:]
        if number:
            card.phones.append((_phone_label(_types(params)), number))
    elif name == "EMAIL":
        address = _unescape(text).strip()
        if address.lower().startswith("mailto:"):
            address = address[7:]
        if address and address not in card.emails:
            card.emails.append(address)
    elif name == "ADR":
        parts = [p.strip().replace("\n", ", ") for p in _components(text)]
        # PO box; extended; street; city; region; postcode; country
        order = [2, 1, 0, 3, 4, 5, 6]
        pieces = [parts[i] for i in order if i < len(parts) and parts[i]]
        if pieces:
            card.addresses.append(", ".join(pieces))
    elif name == "BDAY":
        card.birthday = card.birthday or _unescape(text).strip()
    elif name == "NOTE":
        note = _unescape(text).strip()
        if note and note not in card.notes:
            card.notes.append(note)
    elif name in ("X-WECHAT", "X-WEIXIN"):
        card.wechat = card.wechat or _unescape(text).strip()
    elif name == "IMPP":
        value = _unescape(text).strip()
        scheme, _, handle = value.partition(":")
        services = {s.casefold() for s in params.get("X-SERVICE-TYPE", []) + params.get("TYPE", [])}
        if scheme.casefold() in ("weixin", "wechat") or services & {"wechat", "weixin"}:
            card.wechat = card.wechat or (handle if handle else value).strip()
    elif name == "CATEGORIES":
        for item in re.split(r"(?<!\\),", text):
            tag = _unescape(item).strip()
            if tag and tag not in card.categories:
                card.categories.append(tag)


# The table columns a vCard becomes; their names are mapped like any header.
VCARD_HEADERS = (
    "Name",
    "Organization",
    "Title",
    "Mobile Phone",
    "Work Phone",
    "Home Phone",
    "Fax",
    "Other Phone",
    "E-mail",
    "Address",
    "Birthday",
    "Notes",
    "Categories",
    "WeChat",
)


def to_row(card: VCard) -> list[str]:
    """The card as one row under VCARD_HEADERS; several phones of a kind joined by '; '."""
    by_label = {label: [n for lab, n in card.phones if lab == label] for label in PHONE_LABELS}
    return [
        card.display_name,
        card.company,
        card.title,
        "; ".join(by_label["mobile"]),
        "; ".join(by_label["work"]),
        "; ".join(by_label["home"]),
        "; ".join(by_label["fax"]),
        "; ".join(by_label["other"]),
        "; ".join(card.emails),
        card.addresses[0] if card.addresses else "",
        card.birthday,
        "\n".join(
            [*card.notes]
            + ([" / ".join(card.units)] if card.units else [])
            + [f"Other address: {a}" for a in card.addresses[1:]]
        ),
        ", ".join(card.categories),
        card.wechat,
    ]
