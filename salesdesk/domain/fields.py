"""The synced tables' fields and their field groups: fields that change together.

A change record covers one field group of one row (DESIGN §3). Address and
area move together, and so do the grade and everything that hangs on it;
every other field is its own group. `deleted` is a group too: a delete is a
change like any other.
"""

from __future__ import annotations

SYNCED_TABLES: tuple[str, ...] = (
    "card",
    "contact",
    "visit",
    "deal",
    "service_case",
    "grade_change",
    "card_image",
    "payment",
    "purge",  # a person erased everywhere (issue 22)
    "change",
    "conflict",
)

# Editable fields per table, in their field groups. Columns not listed here
# (id, created, derived search columns) are never changed by a change record.
FIELD_GROUPS: dict[str, dict[str, tuple[str, ...]]] = {
    "card": {
        "name": ("name",),
        "company": ("company",),
        "title": ("title",),
        "phones": ("phones",),
        "email": ("email",),
        "address": ("address", "area"),
        "source": ("source",),
        "referred_by": ("referred_by",),
        "birthday": ("birthday",),
        "status": ("status",),
        "grade": ("grade", "f_kind", "grade_note", "blocker", "recheck_on"),
        "style": ("style",),
        "key_customer": ("key_customer",),
        "credit": ("credit",),
        "tags": ("tags",),
        "notes": ("notes",),
        "owner": ("owner",),
        "wechat": ("wechat",),
        "annual_spend": ("annual_spend",),
        "credit_limit": ("credit_limit",),
        "deleted": ("deleted",),
    },
    "contact": {
        "card_id": ("card_id",),
        "at": ("at",),
        "channel": ("channel",),
        "summary": ("summary",),
        "outcome": ("outcome",),
        "grade_after": ("grade_after",),
        "deleted": ("deleted",),
    },
    "visit": {
        "card_id": ("card_id",),
        "due": ("due_on", "due_time", "hand_set", "planned_from", "overdue_on"),
        "purpose": ("purpose",),
        "status": ("status", "done_at", "contact_id"),
        "plan": ("plan_on", "plan_fixed", "plan_order"),
        "deleted": ("deleted",),
    },
    "deal": {
        "card_id": ("card_id",),
        "closed_on": ("closed_on",),
        "product": ("product",),
        "amount": ("amount",),
        "note": ("note",),
        "deleted": ("deleted",),
    },
    "service_case": {
        "card_id": ("card_id",),
        "kind": ("kind",),
        "content": ("content",),
        "opened_at": ("opened_at",),
        "response": ("first_response_at", "response"),
        "resolution": ("resolved_at", "resolution"),
        "satisfaction": ("satisfaction",),
        "cause": ("cause", "responsible"),
        "deleted": ("deleted",),
    },
    "grade_change": {
        "card_id": ("card_id",),  # moves when two cards of one person are merged
        "at": ("at",),
        "transition": ("from_grade", "from_f_kind", "to_grade", "to_f_kind"),
        "reason": ("reason",),
        "recheck": ("blocker", "recheck_on"),
        "contact_id": ("contact_id",),
        "deleted": ("deleted",),
    },
    # A card's picture is written once; only its tombstone changes (undo, delete).
    "card_image": {
        "deleted": ("deleted",),
    },
    # Installments and receipts of a deal (issue 20): a plan replaced is a delete.
    "payment": {
        "card_id": ("card_id",),
        "day": ("day",),
        "amount": ("amount",),
        "method": ("method",),
        "note": ("note",),
        "deleted": ("deleted",),
    },
}
