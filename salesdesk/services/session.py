"""One open database and what the user did with it: the API the window and the CLI call.

Every write returns a Result saying what changed; undo and redo work on
whole operations (a logged contact with its regrade is one step).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from salesdesk.domain.errors import DatabaseError
from salesdesk.models.store import Operation, Store
from salesdesk.models.tables import Contact, GradeChange
from salesdesk.services import aftersales, agenda, cards, contacts, history, stats, undo, visits
from salesdesk.services.agenda import EarlyWarning
from salesdesk.services.cardlist import CardList, Prepared
from salesdesk.services.changes import CONFLICTS, EVERYTHING, SETTINGS, Changed, Result
from salesdesk.services.derive import refresh_cards

T = TypeVar("T")

_CHILD_TABLES = ("contact", "grade_change", "visit", "deal", "service_case", "payment")
DISMISSED_DUPLICATES = "duplicates_dismissed"  # setting: pairs of card ids


class Session:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.undo_stack = undo.UndoStack()
        self._card_list: CardList | None = None
        self._rows_ahead: tuple[threading.Thread, list[Any]] | None = None
        self._local = threading.local()  # .deferred: a worker runs; the caller applies
        _forget_collections()  # another file, or this one written by someone else

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        read_only: bool = False,
        wait: float = 0.0,
        passphrase: str | None = None,
    ) -> Session:
        """Open a database file; an encrypted one needs its passphrase (issue 22)."""
        return cls(Store.open(path, read_only=read_only, wait=wait, passphrase=passphrase))

    @property
    def passphrase(self) -> str | None:
        """The passphrase the database was opened with (None: not encrypted)."""
        from salesdesk.models.cipher import passphrase_of

        return passphrase_of(self.store.db)

    def close(self) -> None:
        self._take_rows_ahead()  # its thread reads this store: done before it closes
        self.store.close()

    def read_card_list_ahead(self) -> None:
        """Start reading every card's row on a thread: the window imports its modules and
        builds its widgets meanwhile (SQLite lets go of the interpreter lock while it sorts
        and reads), and card_list takes the rows. A cold start read 30,000 rows in 0.25-0.4 s
        before, on the same thread as the rest. The rows read before the file was opened
        (services.startahead, begun before Qt's import) are taken when nothing was written
        to the file since; else they are read again here."""
        if self._card_list is not None or self._rows_ahead is not None:
            return
        from salesdesk.services import startahead

        store = self.store
        early = startahead.take(store.path)
        box: list[Any] = []

        def read() -> None:
            from salesdesk.models.tables import close_thread_connections

            try:
                rows = early.rows_for(store.path) if early is not None else None
                box.append(rows if rows is not None else CardList.fetch(store))
            except BaseException:  # card_list reads them again and says what is wrong
                pass
            finally:
                close_thread_connections()

        thread = threading.Thread(target=read, name="salesdesk-card-rows", daemon=True)
        self._rows_ahead = (thread, box)
        thread.start()

    def _take_rows_ahead(self) -> dict[str, Any] | None:
        ahead, self._rows_ahead = self._rows_ahead, None
        if ahead is None:
            return None
        thread, box = ahead
        thread.join()
        return box[0] if box else None

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def path(self) -> Path:
        """The open database file."""
        return self.store.path

    def is_empty(self) -> bool:
        """No card at all (deleted ones count): a fresh file."""
        return not self.store.db.execute_sql("SELECT count(*) FROM card").fetchone()[0]

    def generate_demo(self, cards: int = 300, seed: int = 1, task: Any = None) -> Result:
        """Fill this (demo) file with made-up cards; not undoable (a separate file)."""
        from salesdesk.services import demo

        progress = None if task is None else task.report
        counts = demo.generate(self.store, cards=cards, seed=seed, progress=progress)
        self.after_bulk_change()
        return Result(EVERYTHING, None, "Demo data", counts, undoable=False)

    # -- operations ------------------------------------------------------------------
    def run(self, operation: Callable[[Any], T], task: Any = None, *, defer: bool = False) -> T:
        """Run one operation (a function of its Task) on this thread.

        defer=True (a worker thread): the cached card list is not touched here; the
        caller applies the Result's `changed` with apply() on the thread that owns it.
        """
        from salesdesk.services.operations import Task

        was = getattr(self._local, "deferred", False)
        self._local.deferred = defer
        try:
            return operation(task if task is not None else Task())
        finally:
            self._local.deferred = was

    def apply(self, changed: Changed, rows: Prepared | None = None) -> list[Any] | None:
        """Bring what is cached (the card list) up to date with a change, on this thread.

        rows: every card's row made ready on a worker with card_rows() after bulk work
        (which read the collections afresh there too). Returns what those replaced, for
        cardlist.let_go_replaced() on a worker (None when nothing was replaced).
        """
        if changed.everything and rows is None:
            _forget_collections()
        if self._card_list is None:
            return None
        if changed.everything:
            if rows is not None:
                return self._card_list.take(rows)
            self._card_list.load()
        elif changed.cards:
            self._card_list.refresh(set(changed.cards))
        return None

    def card_rows(self) -> Prepared | None:
        """Every card's row, sorted as the list is and with its search text, for apply() (a
        worker, after bulk work: 1-2 s at 100,000 cards); None when no card list is kept.

        The cards with overdue payments are read afresh here too: the list shows them
        after the change, and their one query took 1-3 s on the GUI thread after a merge.
        """
        if self._card_list is None:
            return None
        # The sort the window shows (a tuple read whole: safe from a worker); if the user
        # sorts again meanwhile, the list sorts itself when asked.
        prepared = CardList.prepare(self.store, self._card_list.sorted_by)
        _forget_collections()
        self.cards_with_overdue_payments()  # remembered for the list's refresh
        return prepared

    def _apply_here(self, changed: Changed) -> None:
        if not getattr(self._local, "deferred", False):
            self.apply(changed)

    # -- the machinery -------------------------------------------------------------
    def _run(self, label: str, work: Callable[[], T]) -> tuple[T, Operation]:
        with self.store.write(label) as op:
            value = work()
        op.label = label
        self.undo_stack.push(op)
        return value, op

    def _changed(self, op: Operation) -> Changed:
        card_ids = set(op.touched("card"))
        with self.store.bound():
            for table in _CHILD_TABLES:
                rows = op.touched(table)
                if rows:
                    card_ids.update(_card_ids_of(table, rows))
        changed = Changed.of(op, card_ids)
        if (
            changed.tables & {"payment", "deal"}
            or changed.new_cards
            or "deleted" in changed.card_fields
        ):
            _forget_collections()  # Today's collections and the overdue marks may differ
        elif changed.card_fields & {"name", "company", "phones", "owner"}:
            _forget_collections(people_only=True)  # the marks stay: nothing owed changed
        self._apply_here(changed)
        return changed

    @property
    def card_list(self) -> CardList:
        if self._card_list is None:
            card_list = CardList(store=self.store)
            rows = self._take_rows_ahead()
            if rows is None:
                card_list.load()
            else:  # read on a thread in name order, as load() reads them
                card_list.use(rows, list(rows.values()))
            self._card_list = card_list
        return self._card_list

    # -- cards ---------------------------------------------------------------------
    def create_card(self, fields: dict[str, Any], **grade: Any) -> Result:
        card_id, op = self._run("New card", lambda: cards.create(self.store, fields, **grade))
        return Result(self._changed(op), card_id, "New card")

    def edit_card(self, card_id: str, fields: dict[str, Any]) -> Result:
        _, op = self._run("Edit card", lambda: cards.edit(self.store, card_id, fields))
        return Result(self._changed(op), card_id, "Edit card")

    def delete_card(self, card_id: str) -> Result:
        _, op = self._run("Delete card", lambda: cards.set_deleted(self.store, card_id, True))
        return Result(self._changed(op), card_id, "Delete card")

    def restore_card(self, card_id: str) -> Result:
        _, op = self._run("Restore card", lambda: cards.set_deleted(self.store, card_id, False))
        return Result(self._changed(op), card_id, "Restore card")

    def deleted_cards(self) -> list[cards.DeletedCard]:
        return cards.deleted_cards(self.store)

    def change_grade(self, card_id: str, grade: str, **kwargs: Any) -> Result:
        _, op = self._run(
            "Change grade", lambda: cards.change_grade(self.store, card_id, grade, **kwargs)
        )
        return Result(self._changed(op), card_id, "Change grade")

    def log_contact(
        self,
        card_id: str,
        *,
        collected: Any = 0,
        collected_method: str | None = None,
        **kwargs: Any,
    ) -> Result:
        """collected (issue 20): a payment taken in person, recorded in the same step."""

        def work() -> str:
            contact_id = contacts.log(self.store, card_id, **kwargs)
            self._collect(card_id, collected, collected_method, kwargs.get("at"))
            return contact_id

        contact_id, op = self._run("Log contact", work)
        return Result(self._changed(op), contact_id, "Log contact")

    def _collect(self, card_id: str, amount: Any, method: str | None, at: Any) -> None:
        if not amount:
            return
        from salesdesk.domain.dates import parse_datetime
        from salesdesk.domain.messages import localize
        from salesdesk.services import payments

        moment = parse_datetime(at) if at else None
        payments.collect(
            self.store,
            card_id,
            amount,
            paid_on=moment.date() if moment else None,
            method=method,
            note=localize("Collected at the visit"),
        )

    def edit_contact(self, contact_id: str, fields: dict[str, Any]) -> Result:
        _, op = self._run("Edit contact", lambda: contacts.edit(self.store, contact_id, fields))
        return Result(self._changed(op), contact_id, "Edit contact")

    def delete_contact(self, contact_id: str) -> Result:
        _, op = self._run("Delete contact", lambda: contacts.delete(self.store, contact_id))
        return Result(self._changed(op), contact_id, "Delete contact")

    def revert_change(self, change_id: str) -> Result:
        _, op = self._run("Revert change", lambda: history.revert(self.store, change_id))
        self._refresh_derived(op)
        return Result(self._changed(op), change_id, "Revert change")

    # -- the week plan ----------------------------------------------------------------
    def apply_plan(self, week: Any) -> Result:
        """Store the week plan on its visits; the result's id is how many it wrote."""
        from salesdesk.services import plan

        written, op = self._run("Plan the week", lambda: plan.apply(self.store, week))
        return Result(self._changed(op), str(written), "Plan the week")

    def order_day(self, day: date | str, visit_ids: list[str]) -> Result:
        from salesdesk.services import plan

        _, op = self._run("Order the day", lambda: plan.order_day(self.store, day, visit_ids))
        return Result(self._changed(op), None, "Order the day")

    def move_planned_visit(self, visit_id: str, day: date | str) -> Result:
        from salesdesk.services import plan

        card_id, op = self._run("Move visit", lambda: plan.move(self.store, visit_id, day))
        return Result(self._changed(op), card_id, "Move visit")

    def log_letters(self, merged: Any) -> Result:
        from salesdesk.services import letters

        count, op = self._run("Letters", lambda: letters.log_letters(self.store, merged))
        return Result(self._changed(op), str(count), "Letters")

    # -- visits --------------------------------------------------------------------
    def plan_visit(
        self, card_id: str, due_on: date | str, *, due_time: str | None = None, purpose: str = ""
    ) -> Result:
        visit_id, op = self._run(
            "Plan visit",
            lambda: visits.add(self.store, card_id, due_on, due_time=due_time, purpose=purpose),
        )
        return Result(self._changed(op), visit_id, "Plan visit")

    def reschedule_visit(
        self, visit_id: str, due_on: date | str, due_time: str | None = None
    ) -> Result:
        _, op = self._run(
            "Reschedule visit",
            lambda: visits.reschedule(self.store, visit_id, due_on, due_time),
        )
        return Result(self._changed(op), visit_id, "Reschedule visit")

    def cancel_visit(self, visit_id: str) -> Result:
        _, op = self._run("Cancel visit", lambda: visits.cancel(self.store, visit_id))
        return Result(self._changed(op), visit_id, "Cancel visit")

    def complete_visit(
        self,
        visit_id: str,
        *,
        collected: Any = 0,
        collected_method: str | None = None,
        **contact: Any,
    ) -> Result:
        def work() -> str:
            contact_id = visits.complete(self.store, visit_id, **contact)
            if collected:
                from salesdesk.models.tables import Visit

                with self.store.bound():  # (the write's own binding: said for the reader)
                    card_id = str(Visit.get_by_id(visit_id).card_id)
                self._collect(card_id, collected, collected_method, contact.get("at"))
            return contact_id

        contact_id, op = self._run("Complete visit", work)
        return Result(self._changed(op), contact_id, "Complete visit")

    def visits(self, card_id: str) -> list[visits.VisitEntry]:
        return visits.for_card(card_id, store=self.store)

    def agenda(self, day: date | None = None, days: int = 7) -> agenda.Agenda:
        return agenda.agenda(day or self.today(), days, store=self.store)

    def early_warnings(
        self, day: date | None = None, cards: frozenset[str] | None = None
    ) -> list[EarlyWarning]:
        return agenda.early_warnings(day or self.today(), cards=cards, store=self.store)

    def dismiss_warning(self, key: str, days: int = 7, day: date | None = None) -> Result:
        """Hide a warning for `days` days from `day` (today)."""
        from datetime import timedelta

        start = day or self.today()
        with self.store.write():
            agenda.dismiss(key, start + timedelta(days=max(days, 1) - 1), start, store=self.store)
        return Result(Changed(agenda=True), key, "Dismiss warning", undoable=False)

    # -- after the sale -------------------------------------------------------------
    def add_deal(
        self, card_id: str, *, credit_note: str = "", paid_at_once: bool = False, **kwargs: Any
    ) -> Result:
        """Issue 20, in the same undo step: credit_note, the credit-limit warning the user
        went on past, noted on the deal; paid_at_once, a plan of one installment on the
        deal's day and its payment received."""

        def work() -> str:
            deal_id = aftersales.add_deal(self.store, card_id, **kwargs)
            from salesdesk.services import payments

            if credit_note:
                payments.note_on_deal(self.store, deal_id, credit_note)
            if paid_at_once:
                with self.store.bound():  # (the write's own binding: said for the reader)
                    deal = payments.find_deal(deal_id)
                if deal.amount > 0:
                    payments.set_plan(self.store, deal_id, [(deal.closed_on, deal.amount)])
                    payments.pay(self.store, deal_id, paid_on=deal.closed_on)
            return deal_id

        deal_id, op = self._run("Add deal", work)
        return Result(self._changed(op), deal_id, "Add deal")

    def open_case(self, card_id: str, **kwargs: Any) -> Result:
        case_id, op = self._run(
            "Open case", lambda: aftersales.open_case(self.store, card_id, **kwargs)
        )
        return Result(self._changed(op), case_id, "Open case")

    def respond_case(self, case_id: str, **kwargs: Any) -> Result:
        _, op = self._run(
            "Respond to case", lambda: aftersales.respond(self.store, case_id, **kwargs)
        )
        return Result(self._changed(op), case_id, "Respond to case")

    def resolve_case(self, case_id: str, **kwargs: Any) -> Result:
        _, op = self._run("Resolve case", lambda: aftersales.resolve(self.store, case_id, **kwargs))
        return Result(self._changed(op), case_id, "Resolve case")

    def set_case_cause(self, case_id: str, **kwargs: Any) -> Result:
        _, op = self._run(
            "Complaint cause", lambda: aftersales.set_cause(self.store, case_id, **kwargs)
        )
        return Result(self._changed(op), case_id, "Complaint cause")

    def rate_case(self, case_id: str, **kwargs: Any) -> Result:
        _, op = self._run("Satisfaction", lambda: aftersales.rate(self.store, case_id, **kwargs))
        return Result(self._changed(op), case_id, "Satisfaction")

    def deals(self, card_id: str) -> list[aftersales.DealEntry]:
        return aftersales.deals_for_card(card_id, store=self.store)

    def cases(self, card_id: str) -> list[aftersales.CaseEntry]:
        return aftersales.cases_for_card(card_id, store=self.store)

    # -- payment plans and collections (issue 20) -------------------------------------
    def set_payment_plan(
        self, deal_id: str, installments: list[tuple[Any, Any]], *, credit_note: str = ""
    ) -> Result:
        """Replace a deal's installments (they must add up to the deal): one undo step;
        credit_note: the credit-limit warning the user went on past, noted on the deal."""
        from salesdesk.services import payments

        def work() -> None:
            payments.set_plan(self.store, deal_id, installments)
            if credit_note:
                payments.note_on_deal(self.store, deal_id, credit_note)

        _, op = self._run("Payment plan", work)
        return Result(self._changed(op), deal_id, "Payment plan")

    def record_payment(self, ref: str, **kwargs: Any) -> Result:
        """A payment received on a deal (ref: the deal or one of its installments)."""
        from salesdesk.services import payments

        payment_id, op = self._run(
            "Record payment", lambda: payments.pay(self.store, ref, **kwargs)
        )
        return Result(self._changed(op), payment_id, "Record payment")

    def credit_check(self, card_id: str, added: Any, deal_id: str | None = None) -> Any:
        """None, or the payments.CreditCheck of a write that would pass the card's limit."""
        from salesdesk.services import payments

        with self.store.bound():
            return payments.credit_check(card_id, added, deal_id=deal_id, today=self.today())

    def hand_over(self, card_ids: list[str], to_owner: str) -> Result:
        """Issue 20: give these cards to another owner, one undo step."""
        from salesdesk.services import handover

        moved, op = self._run(
            "Handover", lambda: handover.hand_over(self.store, card_ids, to_owner)
        )
        return Result(self._changed(op), None, "Handover", moved)

    def cards_with_overdue_payments(self) -> set[str]:
        """Cards with an installment past due and unpaid (the list's and header's mark)."""
        from salesdesk.services import payments

        with self.store.bound():
            return payments.cards_with_overdue(self.today())

    def credit_limits(self) -> dict[str, float | None]:
        from salesdesk.services import payments

        with self.store.bound():
            return payments.credit_limits()

    def set_credit_limits(self, limits: dict[str, Any]) -> Result:
        from salesdesk.services import payments

        payments.set_credit_limits(self.store, limits)
        return Result(SETTINGS, None, "Credit limits", undoable=False)

    def payments(self, card_id: str) -> list[Any]:
        """The card's deals with their installments and payments (payments.DealPayments)."""
        from salesdesk.services import payments

        with self.store.bound():
            return payments.for_card(card_id, self.today())

    # -- return-visit settings (Preferences; kept in the database for the CLI too) ------
    def visit_settings(self) -> dict[str, Any]:
        """The cadence (days per grade key, F2 None) and the after-sales intervals in days."""
        from salesdesk.domain import cadence as rules
        from salesdesk.services import settings

        store = self.store
        return {
            "cadence": settings.cadence(store=store),
            "after_sales_first_days": int(
                settings.get(
                    "after_sales_first_days", rules.DEFAULT_AFTER_SALES_FIRST_DAYS, store=store
                )
            ),
            "after_sales_days": int(
                settings.get("after_sales_days", rules.DEFAULT_AFTER_SALES_DAYS, store=store)
            ),
            **agenda.warning_settings(store=store),
        }

    def set_visit_settings(
        self,
        *,
        cadence: dict[str, int | None] | None = None,
        after_sales_first_days: int | None = None,
        after_sales_days: int | None = None,
        spend_drop_threshold: float | None = None,
        complaint_response_hours: float | None = None,
        complaint_conversation_hours: float | None = None,
    ) -> Result:
        """Store new intervals; visits planned from now on follow them (planned ones stay)."""
        from salesdesk.domain.errors import InvalidValue
        from salesdesk.domain.grades import DEFAULT_CADENCE_DAYS
        from salesdesk.services import settings

        def days(value: Any) -> int:
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 3650:
                raise InvalidValue("An interval is a number of days from 1 to 3650.")
            return value

        with self.store.write():
            if cadence is not None:
                table = {
                    key: None if value is None else days(value)
                    for key, value in cadence.items()
                    if key in DEFAULT_CADENCE_DAYS
                }
                settings.put("cadence", {**(settings.get("cadence", {}) or {}), **table})
            if after_sales_first_days is not None:
                settings.put("after_sales_first_days", days(after_sales_first_days))
            if after_sales_days is not None:
                settings.put("after_sales_days", days(after_sales_days))
            for key, value, top in (
                ("spend_drop_threshold", spend_drop_threshold, 1e12),
                ("complaint_response_hours", complaint_response_hours, 24 * 30),
                ("complaint_conversation_hours", complaint_conversation_hours, 24 * 30),
            ):
                if value is None:
                    continue
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise InvalidValue(f"{key}: give a number.")
                if not 0 < value <= top:
                    raise InvalidValue(f"{key}: give a number above 0 and at most {top:g}.")
                settings.put(key, float(value))
        return Result(SETTINGS, None, "Visit settings", undoable=False)

    def salesperson(self) -> dict[str, str]:
        """Who the salesperson is: name and team (the day sheet's heading)."""
        from salesdesk.services import settings

        return settings.salesperson(store=self.store)

    def set_salesperson(self, name: str, team: str = "") -> Result:
        """Who the salesperson is (the file's sync name follows)."""
        from salesdesk.services import settings

        settings.set_salesperson(self.store, name, team)
        return Result(SETTINGS, None, "Salesperson", undoable=False)

    # -- duplicates, backups ------------------------------------------------------------
    def likely_duplicates(self) -> list[dict[str, str]]:
        from salesdesk.services.duplicates import likely_duplicates

        return likely_duplicates(store=self.store)

    def open_duplicates(self) -> list[dict[str, str]]:
        """Likely duplicates less the pairs the user said are not the same person."""
        dismissed = self.dismissed_duplicates()
        return [
            pair for pair in self.likely_duplicates() if (pair["a"], pair["b"]) not in dismissed
        ]

    def dismissed_duplicates(self) -> set[tuple[str, str]]:
        from salesdesk.services import settings

        pairs = settings.get(DISMISSED_DUPLICATES, [], store=self.store) or []
        return {(a, b) for a, b in pairs}

    def dismiss_duplicate(self, a: str, b: str) -> Result:
        """Remember (in the database, so it stays so) that two cards are not one person."""
        from salesdesk.services import settings

        pairs = self.dismissed_duplicates() | {(min(a, b), max(a, b))}
        with self.store.write():
            settings.put(DISMISSED_DUPLICATES, sorted([x, y] for x, y in pairs))
        return Result(CONFLICTS, None, "Not the same person", undoable=False)

    def merge_cards(self, keep_id: str, other_id: str) -> Result:
        _, op = self._run("Merge cards", lambda: cards.merge_cards(self.store, keep_id, other_id))
        return Result(self._changed(op) | CONFLICTS, keep_id, "Merge cards")

    def daily_backup(self) -> Path | None:
        from salesdesk.models.backup import daily_backup

        return daily_backup(self.store.db, self.store.path)

    def backups(self) -> list[Any]:
        from salesdesk.models.backup import backups

        return backups(self.store.path)

    def restore_backup(self, backup: Path, staged: Any = None) -> Session:
        """Close, put the backup in place (the current state saved first), reopen.

        staged: what stage_restore() made ready on a worker; then only the rename is
        left, done here between closing and opening the file.
        """
        from salesdesk.models.backup import put_in_place, restore

        path = self.store.path
        key = self.passphrase
        self.close()
        try:
            if staged is not None:
                put_in_place(path, staged, key)
            else:
                restore(path, Path(backup), key)
        except OSError as error:
            # The live file stays as it was; the caller gets it back open with the reason.
            raise RestoreFailed(str(error), Session.open(path, passphrase=key)) from None
        return Session.open(path, passphrase=key)

    # -- a person's data (issue 22) ------------------------------------------------------
    def export_person(self, card_id: str, target: Path) -> Result:
        """Everything about one card in one readable JSON file (a copy on request)."""
        from salesdesk.services import privacy

        written = privacy.export_person(self.store, card_id, Path(target))
        return Result(Changed(), card_id, "Export person", written, undoable=False)

    def erase_person(self, card_id: str) -> Result:
        """Remove the card and everything about it, leaving a purge record that syncs.
        Not undoable: the undo steps that knew the person are dropped too."""
        from salesdesk.services import privacy

        erased = privacy.erase(self.store, card_id)
        self.undo_stack.clear()
        self._apply_here(EVERYTHING)
        return Result(EVERYTHING, card_id, "Erase person", erased, undoable=False)

    def stage_restore(self, backup: Path, task: Any = None) -> Any:
        """The slow part of a restore, as an operation (a worker): check the backup, save
        the cards as they are, copy the backup beside the live file, which is not touched.

        Returns what restore_backup(backup, staged) puts in place; Cancelled (all of it
        removed) when the task is cancelled.
        """
        from salesdesk.models import cipher
        from salesdesk.models.backup import stage_restore
        from salesdesk.services.operations import Cancelled

        progress = None if task is None else task.report
        try:
            staged = stage_restore(self.store.path, Path(backup), progress, self.passphrase)
        except cipher.errors() as error:  # not a database at all: say so, no traceback
            raise DatabaseError(f"{Path(backup).name} is damaged ({error}).") from None
        except OSError as error:  # damaged, or the disk is full: the live file is untouched
            raise DatabaseError(str(error)) from None
        if staged is None:
            raise Cancelled("The restore was cancelled; your cards are as they were.")
        return staged

    def after_bulk_change(self) -> None:
        """After a merge or an import wrote below the services: reload what is cached."""
        _forget_collections()
        self.undo_stack.clear()  # the log below the stack moved: its steps no longer apply
        self._apply_here(EVERYTHING)

    # -- undo ----------------------------------------------------------------------
    def undo(self) -> Result | None:
        if not self.undo_stack.undo_ops:
            return None
        op = self.undo_stack.undo_ops.pop()
        inverse = undo.apply_inverse(self.store, op)
        self.undo_stack.redo_ops.append(op)
        self._refresh_derived(inverse)
        return Result(self._changed(inverse), None, op.label)

    def redo(self) -> Result | None:
        if not self.undo_stack.redo_ops:
            return None
        op = self.undo_stack.redo_ops.pop()
        again = undo.apply_forward(self.store, op)
        self.undo_stack.undo_ops.append(op)
        self._refresh_derived(again)
        return Result(self._changed(again), None, op.label)

    def _refresh_derived(self, op: Operation) -> None:
        card_ids = set(op.touched("card"))
        with self.store.bound():
            for table in _CHILD_TABLES:
                card_ids.update(_card_ids_of(table, op.touched(table)))
        paid = op.touched("payment")
        if card_ids or paid:
            with self.store.write():
                refresh_cards(card_ids)
                if paid:  # a plan or payment undone: the installments' figures follow
                    from salesdesk.services import payments

                    payments.refresh_plans(payments.deals_of_payments(paid))

    # -- import --------------------------------------------------------------------
    def import_file(
        self,
        plan: Any,
        *,
        on_duplicate: str = "skip",
        choices: dict[int, str] | None = None,
        progress: Callable[[int, int], bool | None] | None = None,
        backup: bool = True,
    ) -> tuple[Any, Result]:
        """Apply an import plan (services.importer) as one transaction and one undo step.

        A backup of the live file is taken first; returns the ImportResult and what changed.
        """
        from salesdesk.services import importer

        if backup and plan.rows:
            from salesdesk.models.backup import backup_database

            backup_database(self.store.db, self.store.path, reason="before-import")
        result, op = self._run(
            "Import",
            lambda: importer.apply_import(self.store, plan, on_duplicate, choices, progress),
        )
        # Every card the import touched is in op.touched("card") (a new card, an update, a
        # deal's new status): looking up the card of each of 200,000 new visits and grade
        # steps, as _changed() does for an edit, would only find the same cards again.
        card_ids = frozenset(op.touched("card"))
        tables = {t for t, *_ in op.changes} | op.inserted.tables()
        _forget_collections()  # an import may bring deals (and delete nothing it did not add)
        self._apply_here(Changed(card_ids))
        everything = Changed(card_ids, frozenset(tables), everything=True)
        return result, Result(everything, None, "Import", result)

    def import_rows(
        self,
        rows: Any,
        *,
        on_duplicate: str = "skip",
        progress: Callable[[int, int], bool | None] | None = None,
        total: int = 0,
        backup: bool = True,
    ) -> tuple[Any, Result]:
        """Plan and apply an import in one pass over the rows (importer.import_rows): for a
        long file, without holding it or its plan. One transaction and one undo step, a
        backup first, like import_file."""
        from salesdesk.services import importer

        if backup:
            from salesdesk.models.backup import backup_database

            backup_database(self.store.db, self.store.path, reason="before-import")
        result, op = self._run(
            "Import",
            lambda: importer.import_rows(
                self.store, rows, on_duplicate, progress=progress, total=total
            ),
        )
        tables = {t for t, *_ in op.changes} | op.inserted.tables()
        # Every card may have changed: the card list loads again (no set of 200,000 ids).
        everything = Changed(frozenset(), frozenset(tables), everything=True)
        self._apply_here(everything)
        return result, Result(everything, None, "Import", result)

    # -- reads ---------------------------------------------------------------------
    def card(self, card_id: str, *, allow_deleted: bool = False) -> cards.CardData:
        return cards.get(card_id, allow_deleted=allow_deleted, store=self.store)

    def contacts(self, card_id: str, limit: int | None = None) -> list[contacts.ContactEntry]:
        return contacts.for_card(card_id, limit, store=self.store)

    def grade_path(self, card_id: str) -> list[cards.GradeStep]:
        return cards.grade_path(card_id, store=self.store)

    def history(self, card_id: str) -> list[history.HistoryEntry]:
        return history.for_card(self.store, card_id)

    def stats(self) -> dict[str, Any]:
        return stats.stats(store=self.store)

    def dump(self) -> dict[str, Any]:
        return stats.dump(store=self.store)

    def check(self) -> dict[str, Any]:
        return stats.check(self.store)

    def today(self) -> date:
        from salesdesk.models import clock

        return clock.now().date()

    def now(self) -> datetime:
        from salesdesk.models import clock

        return clock.now()


class RestoreFailed(DatabaseError):
    """A backup could not be put in place; session is the live file, open again."""

    def __init__(self, message: str, session: Session) -> None:
        super().__init__(message)
        self.session = session


def _forget_collections(*, people_only: bool = False) -> None:
    from salesdesk.services import payments

    payments.forget(people_only=people_only)


def _card_ids_of(table: str, row_ids: set[str]) -> set[str]:
    if not row_ids:
        return set()
    from salesdesk.models.tables import SYNCED_MODELS

    model = SYNCED_MODELS[table]
    if model in (Contact, GradeChange) or hasattr(model, "card_id"):
        ids = list(row_ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(
                r[0] for r in model.select(model.card_id).where(model.id.in_(chunk)).tuples()
            )
        return found
    return set()
