"""Columns each replica derives for itself: search text, sort name, last contact, next visit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from salesdesk.domain.search import search_and_sort
from salesdesk.domain.values import parse_phones, parse_tags
from salesdesk.models.store import Store
from salesdesk.models.tables import Card, database_proxy, on_store


def card_search_columns(
    name: str,
    company: str,
    phones_json: str,
    tags_json: str,
    email: str,
    *,
    area: str = "",
    wechat: str = "",
) -> dict[str, str]:
    # The name's pinyin worked out once for both (search_text and sort_key each did).
    search, sort_name = search_and_sort(
        name,
        company,
        [p.digits for p in parse_phones(phones_json)],
        parse_tags(tags_json),
        email,
        area=area,
        wechat=wechat,
    )
    return {"search": search, "sort_name": sort_name}


# The card's id, then card_search_columns' arguments in order.
_SEARCHED = (
    Card.id,
    Card.name,
    Card.company,
    Card.phones,
    Card.tags,
    Card.email,
    Card.area,
    Card.wechat,
)

# The fields whose edit changes the search text.
SEARCHED_FIELDS = frozenset({"name", "company", "phones", "tags", "email", "area", "wechat"})


def _columns(fields: list[str]) -> dict[str, str]:
    name, company, phones, tags, email, area, wechat = fields
    return card_search_columns(name, company, phones, tags, email, area=area, wechat=wechat)


@on_store
def refresh_cards(card_ids: Iterable[str], *, store: Store | None = None) -> None:
    """Recompute the derived columns of these cards from their rows and child rows."""
    ids = sorted(set(card_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        _refresh_search(Card.select(*_SEARCHED).where(Card.id.in_(chunk)).tuples())
        _refresh_dates(chunk)


def _refresh_search(rows: Iterable[Any]) -> None:
    """Write the search columns of these (id, *card_search_columns' arguments) rows: one
    prepared statement for them all (a peewee query built per card was more than half of a
    first hub pull's 28,000 cards refreshed)."""
    database_proxy.cursor().executemany(
        "UPDATE card SET search = ?, sort_name = ? WHERE id = ?",
        [
            (cols["search"], cols["sort_name"], card_id)
            for card_id, *fields in rows
            for cols in (_columns(fields),)
        ],
    )


def _refresh_dates(card_ids: list[str] | None) -> None:
    # INDEXED BY: without statistics SQLite would walk the agenda index (every
    # planned visit) for each card instead of looking the card's visits up.
    where = ""
    params: tuple[str, ...] = ()
    if card_ids is not None:
        where = f"WHERE id IN ({','.join('?' * len(card_ids))})"
        params = tuple(card_ids)
    database_proxy.execute_sql(
        f"""UPDATE card SET
            last_contact_at = (SELECT max(at) FROM contact INDEXED BY contact_card_id_at
                               WHERE contact.card_id = card.id AND contact.deleted = 0),
            next_visit_on = (SELECT min(due_on) FROM visit INDEXED BY visit_card_id
                             WHERE visit.card_id = card.id AND visit.deleted = 0
                               AND visit.status = 'planned')
            {where}""",
        params,
    )


@on_store
def refresh_all(*, store: Store | None = None) -> None:
    """After a merge or a bulk load: recompute every card's derived columns."""
    _refresh_search(Card.select(*_SEARCHED).tuples())
    _refresh_dates(None)
