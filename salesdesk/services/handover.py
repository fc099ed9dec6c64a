"""Handing customers to a successor (issue 20): choose cards, give them another owner.

The owner change is an ordinary change of each card (one operation, one undo step, synced
like any edit), so each card's History says who handed it over to whom and when.
"""

from __future__ import annotations

import re
from pathlib import Path

from salesdesk.domain.errors import InvalidValue
from salesdesk.domain.grades import GRADES
from salesdesk.domain.values import clean_text
from salesdesk.models.plainfiles import NotPlainFile, read_plain_file
from salesdesk.models.store import Store
from salesdesk.models.tables import Card, database_proxy, on_store

_ID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def read_ids(path: Path) -> list[str]:
    """Card ids from a text file: one a line, or separated by commas or spaces."""
    try:
        text = read_plain_file(Path(path)).decode("utf-8-sig")
    except NotPlainFile:
        # A named pipe waited for a writer forever; a device such as /dev/zero never ended.
        raise InvalidValue(
            f"{path} is not a plain file (a pipe or a device), not a list of card ids."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidValue(f"Cannot read the list of card ids {path} ({error}).") from None
    ids = [word for word in re.split(r"[\s,;]+", text) if word]
    wrong = [word for word in ids if not _ID.fullmatch(word)]
    if wrong:
        raise InvalidValue(f"{path}: '{wrong[0][:40]}' is not a card id.")
    if not ids:
        raise InvalidValue(f"{path} holds no card ids.")
    return list(dict.fromkeys(i.lower() for i in ids))


@on_store
def owners(*, store: Store | None = None) -> list[str]:
    """Every owner named on a live card, for the Handover dialog."""
    rows = database_proxy.execute_sql(
        "SELECT DISTINCT owner FROM card WHERE deleted = 0 AND owner != '' ORDER BY owner"
    ).fetchall()
    return [str(r[0]) for r in rows]


@on_store
def select_cards(
    *,
    from_owner: str | None = None,
    area: str | None = None,
    ids: list[str] | None = None,
    grades: str | None = None,
    store: Store | None = None,
) -> list[str]:
    """The live cards to hand over: by owner, area or a list of ids, narrowed by grades
    (e.g. "AB"). An owner or area with no card, or an unknown id, is refused by name."""
    query = Card.select(Card.id).where(Card.deleted == 0)
    if from_owner is not None:
        owner = clean_text(from_owner)
        if not owner:
            raise InvalidValue("Say whose cards to hand over.")
        if not Card.select().where((Card.deleted == 0) & (Card.owner == owner)).exists():
            raise InvalidValue(f"No card is owned by {owner}.")
        query = query.where(Card.owner == owner)
    if area is not None:
        where = clean_text(area)
        if (
            not where
            or not Card.select().where((Card.deleted == 0) & (Card.area == where)).exists()
        ):
            raise InvalidValue(f"No card is in the area {where or area}.")
        query = query.where(Card.area == where)
    if ids is not None:
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(
                r[0]
                for r in Card.select(Card.id)
                .where(Card.id.in_(chunk) & (Card.deleted == 0))
                .tuples()
            )
        missing = [i for i in ids if i not in found]
        if missing:
            raise InvalidValue(f"No card with id {missing[0]}.")
    if grades:
        wanted = {g for g in grades.upper() if g.strip()}
        wrong = sorted(wanted - set(GRADES))
        if wrong:
            raise InvalidValue(f"'{grades}' is not a list of grades (A to F).")
        query = query.where(Card.grade.in_(sorted(wanted)))
    chosen = [r[0] for r in query.tuples()]
    if ids is not None:
        keep = set(ids)
        chosen = [i for i in chosen if i in keep]
    if not chosen:
        raise InvalidValue("No card to hand over: nothing fits the choice.")
    return sorted(chosen)


@on_store
def hand_over(store: Store, card_ids: list[str], to_owner: str) -> int:
    """Give the cards to `to_owner` in one operation; returns how many changed owner."""
    successor = clean_text(to_owner)
    if not successor:
        raise InvalidValue("Say who takes the cards over (--to-owner).")
    if not card_ids:
        raise InvalidValue("No card to hand over: nothing fits the choice.")
    moved = 0
    with store.write("Handover"):
        for card_id in card_ids:
            if store.update("card", card_id, {"owner": successor}):
                moved += 1
        if not moved:  # raised inside the write: nothing is committed
            raise InvalidValue(f"Every chosen card is {successor}'s already.")
    return moved
