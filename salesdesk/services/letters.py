"""Letters and mail merge: templates with fields, merged per card, logged on each card.

A template is text with fields in double braces (`{{ name }}`, `{{ product }}` …),
the same syntax as a Word/WPS template (.docx) filled through docxtpl. The
built-in templates live in resources/letters/ (thank-you letter, upgrade notice,
greeting, visit request, introduction letter, in Chinese and English); the user's
edits and own templates are kept in the database settings, so the command line
sees them too. Each letter sent is a "letter" contact on its card, named after
the template: the clock restarts and the history shows it. Cards without an
address get no letter and are listed. Writing the PDF is the window's (Qt's
printing, salesdesk.ui.letterpdf); .docx is written here.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from salesdesk import resources_dir
from salesdesk.domain.errors import InvalidValue, NotFound
from salesdesk.domain.grades import parse_grade
from salesdesk.models import clock
from salesdesk.models.plainfiles import NotPlainFile, read_plain_file
from salesdesk.models.store import Store, writing
from salesdesk.models.tables import Card, Deal, on_store
from salesdesk.services import settings

FIELDS: tuple[str, ...] = (
    "name",
    "title",
    "company",
    "address",
    "area",
    "product",
    "last_deal",
    "last_deal_amount",
    "salesperson",
    "date",
    "occasion",
    "wechat",
)
_FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
USER_TEMPLATES = "letter_templates"  # setting: {key: {"name", "lang", "body"}}
MAX_BODY = 20_000

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Template:
    key: str  # e.g. "thank_you.zh_CN", or a user template's own key
    name: str  # what the user sees, and the summary of the logged contact
    lang: str  # zh_CN or en
    body: str
    builtin: bool = True
    docx: Path | None = None  # a Word/WPS template instead of the body


@dataclass(frozen=True)
class Letter:
    card_id: str
    name: str
    address: str
    text: str  # the merged text; paragraphs separated by blank lines


@dataclass
class Merge:
    template: Template
    letters: list[Letter] = field(default_factory=list)
    no_address: list[tuple[str, str]] = field(default_factory=list)  # (card id, name)


# -- templates ------------------------------------------------------------------------------
def _letters_dir() -> Path:
    return resources_dir() / "letters"


def _parse_file(key: str, text: str) -> Template:
    head, _, body = text.partition("\n---\n")
    name = key
    for line in head.splitlines():
        if line.startswith("name:"):
            name = line.removeprefix("name:").strip()
    lang = key.rsplit(".", 1)[-1]
    return Template(key, name, lang, body.strip("\n"))


def builtin_templates() -> list[Template]:
    found = []
    for path in sorted(_letters_dir().glob("*.txt")):
        found.append(_parse_file(path.stem, path.read_text(encoding="utf-8")))
    return found


@on_store
def templates(lang: str | None = None, *, store: Store | None = None) -> list[Template]:
    """Every template, the user's edits in place of the built-in ones they change."""
    stored = settings.get(USER_TEMPLATES, {}) or {}
    result: dict[str, Template] = {t.key: t for t in builtin_templates()}
    if isinstance(stored, dict):
        for key, value in stored.items():
            if isinstance(value, dict) and isinstance(value.get("body"), str):
                result[key] = Template(
                    key,
                    str(value.get("name") or key),
                    str(value.get("lang") or "zh_CN"),
                    value["body"],
                    builtin=False,
                )
    found = sorted(result.values(), key=lambda t: (t.lang, t.key))
    return [t for t in found if lang is None or t.lang == lang]


@on_store
def template(name_or_file: str, *, store: Store | None = None) -> Template:
    """A template by key or name, or a .docx file of the user's."""
    if name_or_file.lower().endswith(".docx"):
        path = Path(name_or_file).expanduser()
        if path.exists() and not path.is_file() and not path.is_dir():
            # It is there, but docxtpl would wait on a pipe for ever, or read a device
            # without end (it is read again, checked, when the letters are merged).
            raise InvalidValue(_not_plain(path))
        if not path.is_file():
            raise NotFound(f"There is no template file {path}.")
        return Template(path.stem, path.stem, "zh_CN", "", builtin=False, docx=path)
    for item in templates():
        if name_or_file in (item.key, item.name):
            return item
    names = ", ".join(t.key for t in templates())
    raise NotFound(f"No letter template '{name_or_file}': use one of {names}, or a .docx file.")


@on_store
def save_template(
    key: str, name: str, lang: str, body: str, *, store: Store | None = None
) -> Template:
    """Keep the user's version of a template (a built-in one's key changes that one)."""
    key, name = key.strip(), name.strip()
    if not key or not name:
        raise InvalidValue("A template needs a name.")
    if lang not in ("zh_CN", "en"):
        raise InvalidValue("A template is in zh_CN or en.")
    if len(body) > MAX_BODY:
        raise InvalidValue(f"A template holds at most {MAX_BODY} characters.")
    unknown = sorted(set(_FIELD.findall(body)) - set(FIELDS))
    if unknown:
        raise InvalidValue(f"Unknown field '{unknown[0]}': use one of {', '.join(FIELDS)}.")
    stored = settings.get(USER_TEMPLATES, {}) or {}
    if not isinstance(stored, dict):
        stored = {}
    stored[key] = {"name": name, "lang": lang, "body": body}
    with writing(store):
        settings.put(USER_TEMPLATES, stored)
    return Template(key, name, lang, body, builtin=False)


@on_store
def reset_template(key: str, *, store: Store | None = None) -> None:
    """Forget the user's version: the built-in one comes back (a user template goes)."""
    stored = settings.get(USER_TEMPLATES, {}) or {}
    if isinstance(stored, dict) and key in stored:
        del stored[key]
        with writing(store):
            settings.put(USER_TEMPLATES, stored)


# -- choosing the cards -------------------------------------------------------------------
@on_store
def select_cards(
    ids: Iterable[str] | None = None,
    grades: str | None = None,
    area: str | None = None,
    *,
    store: Store | None = None,
) -> list[str]:
    """Card ids for a merge: the ids given (checked), or every card of the grades and area."""
    if ids is not None:
        wanted = [i.strip() for i in ids if i.strip()]
        found = {
            c.id for c in Card.select(Card.id).where(Card.id.in_(wanted) & (Card.deleted == 0))
        }
        missing = [i for i in wanted if i not in found]
        if missing:
            raise NotFound(f"No card with id {missing[0]}.")
        return list(dict.fromkeys(wanted))
    query = Card.select(Card.id).where(Card.deleted == 0)
    if grades:
        letters = sorted({parse_grade(g) for g in grades.replace(",", "")})
        query = query.where(Card.grade.in_(letters))
    if area:
        query = query.where(Card.area == area.strip())
    if not grades and not area:
        raise InvalidValue("Say which cards: their ids, or grades and/or an area.")
    return [c.id for c in query.order_by(Card.sort_name)]


# -- merging --------------------------------------------------------------------------------
@on_store
def card_fields(
    card_ids: list[str], *, lang: str = "zh_CN", occasion: str = "", store: Store | None = None
) -> dict[str, Any]:
    """The fields of each card (by id): the card's own, its latest deal, the salesperson."""
    today = clock.now().date()
    me = settings.get("plan_owner")
    deals: dict[str, tuple[str, str, float]] = {}
    for start in range(0, len(card_ids), 500):
        chunk = card_ids[start : start + 500]
        for card_id, closed_on, product, amount in (
            Deal.select(Deal.card_id, Deal.closed_on, Deal.product, Deal.amount)
            .where(Deal.card_id.in_(chunk) & (Deal.deleted == 0))
            .order_by(Deal.closed_on)
            .tuples()
        ):
            deals[card_id] = (closed_on, product, amount)  # the latest wins
    result: dict[str, Any] = {}
    for start in range(0, len(card_ids), 500):
        chunk = card_ids[start : start + 500]
        for card in Card.select().where(Card.id.in_(chunk)):
            closed_on, product, amount = deals.get(card.id, ("", "", 0.0))
            result[card.id] = {
                "name": card.name,
                "title": card.title,
                "company": card.company,
                "address": card.address,
                "area": card.area,
                "product": product,
                "last_deal": _date_words(closed_on, lang),
                "last_deal_amount": f"{amount:,.0f}" if amount else "",
                "salesperson": card.owner or (me if isinstance(me, str) else "") or "",
                "date": _date_words(today.isoformat(), lang),
                "occasion": occasion,
                "wechat": card.wechat,
            }
    return result


def _date_words(text: str, lang: str) -> str:
    if not text:
        return ""
    day = date.fromisoformat(text[:10])
    if lang == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def fill(body: str, values: dict[str, Any]) -> str:
    """The body with each {{ field }} replaced; a line left empty by empty fields goes."""
    lines = []
    for line in body.splitlines():
        had_field = bool(_FIELD.search(line))
        filled = _FIELD.sub(lambda m: str(values.get(m.group(1), "")), line)
        if had_field and not filled.strip(" ,，：:"):
            continue
        lines.append(filled.replace(" ：", "：").replace(", ,", ","))
    return "\n".join(lines)


@on_store
def merge(
    chosen: Template,
    card_ids: list[str],
    *,
    occasion: str = "",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    store: Store | None = None,
) -> Merge:
    """Merge the template for each card; cards without an address are listed, not merged."""
    result = Merge(chosen)
    if "occasion" in _FIELD.findall(chosen.body) and not occasion.strip():
        raise InvalidValue("Say the occasion of this greeting (e.g. 春节, 中秋节, the New Year).")
    values = card_fields(card_ids, lang=chosen.lang, occasion=occasion.strip())
    for index, card_id in enumerate(card_ids):
        if cancelled is not None and cancelled():
            break
        card = values.get(card_id)
        if card is None:
            continue
        if not card["address"].strip():
            result.no_address.append((card_id, card["name"]))
            continue
        text = fill(chosen.body, card) if chosen.docx is None else ""
        result.letters.append(Letter(card_id, card["name"], card["address"], text))
        if progress is not None and index % 50 == 0:
            progress(index, len(card_ids))
    return result


def log_letters(store: Store, merged: Merge, at: datetime | None = None) -> int:
    """Each letter sent becomes a "letter" contact on its card, named after the template."""
    from salesdesk.services import contacts

    moment = at or clock.now()
    with store.write("Letters"):
        for letter in merged.letters:
            contacts.log(
                store, letter.card_id, channel="letter", summary=merged.template.name, at=moment
            )
    return len(merged.letters)


# -- envelopes and labels ------------------------------------------------------------------
_POSTCODE = re.compile(r"(?<!\d)(\d{6})(?!\d)")


@dataclass(frozen=True)
class Addressee:
    card_id: str
    name: str
    title: str
    company: str
    address: str
    postcode: str  # six digits found in the address, else ""

    @property
    def chinese(self) -> bool:
        return any("\u4e00" <= ch <= "\u9fff" for ch in self.name + self.address)

    def to_line(self) -> str:
        """Name and title as a Chinese envelope or an English label writes them."""
        if self.chinese:
            return f"{self.name} {self.title} 收".replace("  ", " ")
        return f"{self.name}, {self.title}" if self.title else self.name


@on_store
def addressees(
    card_ids: list[str], *, store: Store | None = None
) -> tuple[list[Addressee], list[tuple[str, str]]]:
    """For labels and envelopes: the cards with an address, and those without (listed)."""
    found: list[Addressee] = []
    missing: list[tuple[str, str]] = []
    values = card_fields(card_ids)
    for card_id in card_ids:
        card = values.get(card_id)
        if card is None:
            continue
        address = card["address"].strip()
        if not address:
            missing.append((card_id, card["name"]))
            continue
        code = _POSTCODE.search(address)
        postcode = ""
        if code is not None:
            postcode = code.group(1)
            address = (address[: code.start()] + address[code.end() :]).strip(" ,，")
        found.append(
            Addressee(card_id, card["name"], card["title"], card["company"], address, postcode)
        )
    return found, missing


# -- .docx ---------------------------------------------------------------------------------
@on_store
def write_docx(merged: Merge, path: Path, *, store: Store | None = None) -> Path:
    """One .docx with a letter a page: from the text template, or the user's .docx template
    filled by docxtpl for each card (its body copied after a page break)."""
    import copy

    from docx import Document
    from docx.enum.text import WD_BREAK

    if not merged.letters:
        raise InvalidValue("No letter to write: no card chosen has an address.")
    temporary = path.with_name(f".{path.name}.partial")
    document: Any = None
    try:
        if merged.template.docx is None:
            document = Document()
            for index, letter in enumerate(merged.letters):
                for number, paragraph in enumerate(letter.text.split("\n")):
                    para = document.add_paragraph(paragraph)
                    if index and number == 0:
                        para.paragraph_format.page_break_before = True
        else:
            source = _docx_bytes(merged.template.docx)
            values = card_fields([letter.card_id for letter in merged.letters])
            for letter in merged.letters:
                rendered = _render_docx(merged.template.docx, source, values[letter.card_id])
                if document is None:
                    document = rendered
                    continue
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                for element in list(rendered.element.body):
                    if element.tag.endswith("}sectPr"):
                        continue
                    document.element.body.append(copy.deepcopy(element))
        document.save(str(temporary))
        temporary.replace(path)
    except OSError as error:
        raise InvalidValue(f"Cannot write {path}: {error.strerror or error}.") from None
    finally:
        temporary.unlink(missing_ok=True)
    return path


def _not_plain(path: Path) -> str:
    return f"{path} is not a plain file (a pipe or a device), not a letter template."


def _docx_bytes(template_path: Path) -> bytes:
    """The user's .docx template, read once for a merge; one put in the checked file's place
    meanwhile that is a pipe or a device is refused, never waited on or read without end."""
    try:
        return read_plain_file(template_path)
    except NotPlainFile:
        raise InvalidValue(_not_plain(template_path)) from None
    except OSError as error:
        raise InvalidValue(
            f"{template_path.name} is not a usable letter template ({error.strerror or error})."
        ) from None


def _render_docx(template_path: Path, source: bytes, values: dict[str, Any]) -> Any:
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(io.BytesIO(source))
        document.render(values, autoescape=True)
    except Exception as error:  # a broken file or template: one message, nothing written
        raise InvalidValue(
            f"{template_path.name} is not a usable letter template ({error})."
        ) from None
    return document.docx


@on_store
def docx_texts(merged: Merge, *, store: Store | None = None) -> list[str]:
    """The text of each letter of a .docx template (for a PDF of them): its paragraphs."""
    if merged.template.docx is None:
        return [letter.text for letter in merged.letters]
    source = _docx_bytes(merged.template.docx)
    values = card_fields([letter.card_id for letter in merged.letters])
    texts = []
    for letter in merged.letters:
        document = _render_docx(merged.template.docx, source, values[letter.card_id])
        texts.append("\n".join(p.text for p in document.paragraphs))
    return texts
