"""Saving a scanned business card: duplicates first, then a new or updated card and its image.

The window and `salesdesk scan` both come here once the user (or the command
line's --on-duplicate) has decided what to do with a proposal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from salesdesk.domain.errors import InvalidValue
from salesdesk.domain.phones import is_mobile
from salesdesk.domain.values import clean_text, parse_phones, phone_match_key
from salesdesk.models.store import Store
from salesdesk.models.tables import CardImage, database_proxy, on_store
from salesdesk.services import cards
from salesdesk.services.changes import Result
from salesdesk.services.derive import refresh_cards

SOURCE = "name_card"  # the source code of a card made from a business card (shown as 名片)
GRADE = "F"
F_KIND = "F2"  # a new name card: met, not yet visited
MAX_IMAGE_BYTES = 8_000_000  # a card image is synced to every laptop: keep it a photo, not a scan


@dataclass(frozen=True)
class Match:
    """A live card that looks like the scanned person, and the rule that matched."""

    card_id: str
    name: str
    company: str
    reason: str  # "mobile", "email" or "name_company"


@on_store
def find_matching_card(
    *,
    name: str = "",
    company: str = "",
    phones: Any = None,
    email: str = "",
    store: Store | None = None,
) -> Match | None:
    """The existing card of the same person, by the import's identity rules: the same mobile
    (a landline may be a shared switchboard, so only numbers `phones.is_mobile` calls mobile
    count), the same e-mail, or the same name at the same company.

    Kept small and on its own so the import's rules (issue 14) can replace it in one place.
    """
    for phone in parse_phones(phones):
        if not is_mobile(phone.number):
            continue
        key = phone_match_key(phone.number)
        if not key:
            continue
        rows = database_proxy.execute_sql(
            "SELECT id, name, company, phones FROM card WHERE deleted = 0 AND search LIKE ? "
            "ORDER BY created",
            (f"%{key}%",),
        ).fetchall()
        for card_id, card_name, card_company, card_phones in rows:
            if any(
                phone_match_key(p.number) == key and is_mobile(p.number)
                for p in parse_phones(card_phones)
            ):
                return Match(card_id, card_name, card_company, "mobile")
    address = email.strip()
    if address:
        row = database_proxy.execute_sql(
            "SELECT id, name, company FROM card WHERE deleted = 0 AND email = ? COLLATE NOCASE "
            "ORDER BY created LIMIT 1",
            (address,),
        ).fetchone()
        if row:
            return Match(row[0], row[1], row[2], "email")
    if name.strip() and company.strip():
        row = database_proxy.execute_sql(
            "SELECT id, name, company FROM card WHERE deleted = 0 "
            "AND trim(name) = ? COLLATE NOCASE AND trim(company) = ? COLLATE NOCASE "
            "ORDER BY created LIMIT 1",
            (name.strip(), company.strip()),
        ).fetchone()
        if row:
            return Match(row[0], row[1], row[2], "name_company")
    return None


@dataclass
class Saved:
    """What saving one scan did: the card, whether it was new, and values not overwritten."""

    card_id: str
    created: bool
    kept: dict[str, tuple[str, str]] = field(default_factory=dict)  # field -> (card's, scan's)


_TEXT_FIELDS = ("name", "company", "title", "email", "address", "area", "wechat")


def _check_image(image: bytes, mime: str) -> None:
    if not image:
        raise InvalidValue("The card image is empty.")
    if len(image) > MAX_IMAGE_BYTES:
        raise InvalidValue(f"The card image is too large ({len(image) // 1_000_000} MB).")
    if not mime.startswith("image/"):
        raise InvalidValue(f"{mime} is not an image type.")


def save_scan(
    store: Store,
    fields: dict[str, Any],
    image: bytes,
    mime: str,
    *,
    update_id: str | None = None,
    more_images: Sequence[tuple[bytes, str]] = (),
) -> Saved:
    """A new F2 card from the fields (source: name card), or the fields added to the card
    `update_id`, with the image kept beside it. An update fills empty fields and adds new
    phones; it never overwrites what the card already says (those values come back in
    `kept`, for the user to see). `more_images` are the other sides of the same card
    (bytes, MIME), kept with it too."""
    images = [(image, mime), *more_images]
    for data, kind in images:
        _check_image(data, kind)
    values = {k: v for k, v in fields.items() if k in (*_TEXT_FIELDS, "phones")}
    with store.write("Scan card"):
        if update_id is None:
            # A card has no website field: a new card keeps it in its notes.
            # What the other side of a bilingual card says differently (its English name
            # and company) goes there too, so they stay on the card.
            notes = "\n".join(
                text
                for text in (
                    clean_text(fields.get("website", "")),
                    clean_text(fields.get("other_side", "")),
                )
                if text
            )
            extra = {"source": SOURCE, **({"notes": notes} if notes else {})}
            card_id = cards.create(store, {**values, **extra}, grade=GRADE, f_kind=F_KIND)
            saved = Saved(card_id, True)
        else:
            saved = Saved(update_id, False)
            card = cards.get(update_id)
            change: dict[str, Any] = {}
            for key in _TEXT_FIELDS:
                new = clean_text(values.get(key, ""))
                old = str(getattr(card, key) or "")
                if new and not old:
                    change[key] = new
                elif new and old.strip().casefold() != new.casefold():
                    saved.kept[key] = (old, new)
            known = {phone_match_key(p.number) or p.number for p in card.phones}
            added = [
                p
                for p in parse_phones(values.get("phones"))
                if (phone_match_key(p.number) or p.number) not in known
            ]
            if added:
                change["phones"] = [*card.phones, *added]
            if card.source is None:
                change["source"] = SOURCE
            if change:
                cards.edit(store, update_id, change)
        for data, kind in images:
            store.insert("card_image", {"card_id": saved.card_id, "mime": kind, "data": data})
        refresh_cards([saved.card_id])
    return saved


def save(
    session: Any,
    fields: dict[str, Any],
    image: bytes,
    mime: str,
    *,
    update_id: str | None = None,
    more_images: Sequence[tuple[bytes, str]] = (),
) -> tuple[Saved, Result]:
    """save_scan as one undo step of the session, with what changed for the views."""
    # The session has no public hook for a write of another module: its _run is the one road.
    saved, op = session._run(
        "Scan card",
        lambda: save_scan(
            session.store, fields, image, mime, update_id=update_id, more_images=more_images
        ),
    )
    return saved, Result(session._changed(op), saved.card_id, "Scan card")


@dataclass(frozen=True)
class CardImageData:
    id: str
    mime: str
    data: bytes
    created: str


@on_store
def card_images(card_id: str, *, store: Store | None = None) -> list[CardImageData]:
    """The live pictures kept with a card, oldest first."""
    rows = (
        CardImage.select()
        .where((CardImage.card_id == card_id) & (CardImage.deleted == 0))
        .order_by(CardImage.created)
    )
    return [CardImageData(r.id, r.mime, bytes(r.data), r.created) for r in rows]
