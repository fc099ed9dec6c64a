"""The command line: the same services as the window, without Qt (DESIGN §6).

Exit code 0 on success, 1 on a user error with one clear message on stderr.
Importing this module must not load PySide6: the window is imported only
when no subcommand is given.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salesdesk import __version__
from salesdesk.domain.errors import UserError
from salesdesk.domain.messages import localize, plural, set_language

Handler = Callable[[argparse.Namespace], int]


class CliError(UserError):
    pass


class _Formatter(argparse.HelpFormatter):
    """--help in the language of the messages: every help text is in the core's catalog."""

    def _expand_help(self, action: argparse.Action) -> str:
        return localize(super()._expand_help(action))

    def start_section(self, heading: str | None) -> None:
        super().start_section(localize(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(localize(text) if text else text)

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, localize("usage: ") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def format_help(self) -> str:
        # argparse ends each section heading with ":"; a Chinese heading takes "：".
        return re.sub(r"(?m)^([^\s].*[\u4e00-\u9fff]):$", r"\1：", super().format_help())

    def error(self, message: str) -> Any:  # one line, exit 1 as for every user error
        self.print_usage(sys.stderr)
        print(f"salesdesk: {localize(message)}", file=sys.stderr)
        raise SystemExit(1)


def _db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from salesdesk.models.paths import default_db_path

    return default_db_path()


# A command that writes waits this long for another command to finish with the file.
WRITER_WAIT_SECONDS = 5.0


PASSPHRASE_TRIES = 3


def _passphrase_from_env(args: argparse.Namespace) -> str | None:
    name = getattr(args, "passphrase_env", None)
    if not name:
        return None
    value = os.environ.get(name)
    if value is None:
        raise CliError(f"The environment variable {name} is not set.")
    return value


def _interactive() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _ask_passphrase(prompt: str) -> str:
    import getpass

    try:
        return getpass.getpass(localize(prompt))
    except EOFError:
        raise CliError("No passphrase was given; nothing was changed.") from None


def _open_encrypted(
    args: argparse.Namespace, path: Path, opener: Callable[[str | None], Any]
) -> Any:
    """Open with the passphrase of --passphrase-env, or ask for it (three tries) when the
    file is encrypted; never from an argument, where ps and the shell history would show it."""
    from salesdesk.models.cipher import WrongPassphrase, looks_encrypted

    if not path.exists() or not looks_encrypted(path):
        return opener(None)
    given = _passphrase_from_env(args)
    if given is not None:
        return opener(given)
    if not _interactive():
        raise CliError(
            f"{path} is encrypted: give its passphrase in an environment variable named "
            "with --passphrase-env NAME."
        )
    for attempt in range(PASSPHRASE_TRIES):
        try:
            return opener(_ask_passphrase(f"Passphrase for {path.name}: "))
        except WrongPassphrase:
            if attempt == PASSPHRASE_TRIES - 1:
                raise
            print(f"salesdesk: {localize('Wrong passphrase; try again.')}", file=sys.stderr)
    raise AssertionError("unreachable")


def _session(args: argparse.Namespace, *, write: bool = True) -> Any:
    from salesdesk.services.session import Session

    path = _db_path(args)
    if not write and path.exists():
        session = _open_encrypted(
            args, path, lambda key: Session.open(path, read_only=True, passphrase=key)
        )
        if session.store.recovered:
            print(
                f"salesdesk: {path}: an interrupted write was rolled back; "
                "the file is as it was before it.",
                file=sys.stderr,
            )
        return session
    return _open_encrypted(
        args, path, lambda key: Session.open(path, wait=WRITER_WAIT_SECONDS, passphrase=key)
    )


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")


# -- commands --------------------------------------------------------------------------
def cmd_demo(args: argparse.Namespace) -> int:
    from salesdesk.services import demo

    path = _db_path(args)
    session = _session(args)
    try:
        counts = demo.generate(session.store, cards=args.cards, seed=args.seed)
    finally:
        session.close()
    print(
        localize(
            f"{path}: {counts['cards']} cards, {counts['contacts']} contacts, "
            f"{counts['grade_changes']} grade changes"
        ),
        file=sys.stderr,
    )
    return 0


_CARD_FIELDS = ("name", "company", "title", "email", "address", "area", "owner", "notes", "tags")


def _card_fields(args: argparse.Namespace) -> dict[str, Any]:
    fields = {f: getattr(args, f) for f in _CARD_FIELDS if getattr(args, f, None) is not None}
    if getattr(args, "phone", None):
        fields["phones"] = args.phone
    if getattr(args, "status", None):
        fields["status"] = args.status
    if getattr(args, "birthday", None):
        fields["birthday"] = args.birthday
    if getattr(args, "key", None) is not None:
        fields["key_customer"] = args.key
    # Issue 20: credit standing and the card's own credit limit ('' clears it).
    if getattr(args, "credit", None) is not None:
        fields["credit"] = args.credit
    if getattr(args, "credit_limit", None) is not None:
        fields["credit_limit"] = args.credit_limit
    return fields


def cmd_card_add(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        result = session.create_card(
            _card_fields(args),
            grade=args.grade or "F",
            f_kind=args.f_kind,
            reason=args.reason or "",
            recheck_on=args.recheck,
        )
    finally:
        session.close()
    print(result.id)
    return 0


def cmd_card_edit(args: argparse.Namespace) -> int:
    fields = _card_fields(args)
    if not fields and not args.grade:
        raise CliError("Nothing to change: give a field such as --name or --grade.")
    if (args.recheck or args.f_kind or args.reason) and not args.grade:
        raise CliError("--reason, --recheck and --f-kind go with --grade.")
    session = _session(args)
    try:
        session.card(args.id)  # an unknown id fails before anything is written
        # One transaction: a bad grade or date must not leave the field edit behind.
        with session.store.write("Edit card"):
            if fields:
                session.edit_card(args.id, fields)
            if args.grade:
                session.change_grade(
                    args.id,
                    args.grade,
                    reason=args.reason or "",
                    f_kind=args.f_kind,
                    recheck_on=args.recheck,
                    blocker=args.blocker,
                )
    finally:
        session.close()
    return 0


def cmd_card_delete(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        session.delete_card(args.id)
    finally:
        session.close()
    return 0


def cmd_card_restore(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        card = session.card(args.id, allow_deleted=True)
        session.restore_card(args.id)
    finally:
        session.close()
    print(f"restored {card.name} ({args.id})", file=sys.stderr)
    return 0


def cmd_card_list(args: argparse.Namespace) -> int:
    from salesdesk.models.tables import Card

    path = _db_path(args)
    if not path.exists():
        raise CliError(f"{path} does not exist.")
    session = _session(args, write=False)
    try:
        if args.deleted:
            rows = [
                {
                    "id": c.id,
                    "name": c.name,
                    "company": c.company,
                    "grade": c.grade_label,
                    "deleted_at": c.deleted_at.isoformat() if c.deleted_at else None,
                    "deleted_on": c.deleted_on,
                    "contacts": c.contacts,
                }
                for c in session.deleted_cards()
            ]
        else:
            with session.store.bound():  # this file's cards
                rows = [
                    {
                        "id": c.id,
                        "name": c.name,
                        "company": c.company,
                        "grade": c.f_kind if c.grade == "F" and c.f_kind else c.grade,
                    }
                    for c in Card.select(Card.id, Card.name, Card.company, Card.grade, Card.f_kind)
                    .where(Card.deleted == 0)
                    .order_by(Card.sort_name, Card.id)
                ]
    finally:
        session.close()
    if args.json:
        _print_json(rows)
        return 0
    for row in rows:
        line = f"{row['id']}  {row['grade']}  {row['name']}"
        if row["company"]:
            line += f"  {row['company']}"
        if args.deleted:
            line += f"  deleted {str(row['deleted_at'] or '')[:16]} on {row['deleted_on']}"
        print(line)
    return 0


def _credit_note(session: Any, args: argparse.Namespace, check: Any) -> str:
    """Issue 20: past the credit limit, the user must say --over-limit; the warning is
    then noted on the deal."""
    if check is None:
        return ""
    if not args.over_limit:
        raise CliError(
            f"{check.message()} Give --over-limit to save it anyway; the warning is noted on "
            "the deal."
        )
    print(f"salesdesk: {localize(check.message())}", file=sys.stderr)
    return str(check.note(session.today()))


def cmd_deal_add(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        from salesdesk.services.payments import cents_of

        cents_of(args.amount, allow_zero=True)  # a bad amount says so before any check
        note = _credit_note(session, args, session.credit_check(args.id, args.amount))
        result = session.add_deal(
            args.id,
            amount=args.amount,
            product=args.product,
            closed_on=args.on,
            note=args.note,
            credit_note=note,
        )
    finally:
        session.close()
    print(result.id)
    return 0


def cmd_case(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        if args.case_command == "open":
            result = session.open_case(
                args.id,
                kind=args.kind,
                content=args.content,
                at=args.at,
                cause=args.cause,
                responsible=args.responsible or "",
            )
        elif args.case_command == "cause":
            result = session.set_case_cause(
                args.id, cause=args.cause, responsible=args.responsible or ""
            )
        elif args.case_command == "rate":
            result = session.rate_case(args.id, satisfaction=args.satisfaction)
        elif args.case_command == "respond":
            result = session.respond_case(args.id, text=args.text or "", at=args.at)
        else:
            result = session.resolve_case(
                args.id, text=args.text or "", satisfaction=args.satisfaction, at=args.at
            )
    finally:
        session.close()
    if args.case_command == "open":
        print(result.id)
    return 0


def _plan_json(entry: Any) -> dict[str, Any]:
    """One deal's plan and payments as `payment list --json` prints them."""
    return {
        "deal_id": entry.deal_id,
        "card_id": entry.card_id,
        "product": entry.product,
        "closed_on": entry.closed_on.isoformat(),
        "amount": entry.deal_amount,
        "planned": entry.planned,
        "paid": entry.paid,
        "outstanding": entry.outstanding,
        "overdue": entry.overdue,
        "overpaid": entry.overpaid,
        "installments": [
            {
                "id": i.id,
                "number": i.number,
                "due_on": i.due_on.isoformat(),
                "amount": i.amount,
                "paid": i.paid,
                "paid_on": i.paid_on.isoformat() if i.paid_on else None,
                "status": i.status,
            }
            for i in entry.installments
        ],
        "payments": [
            {
                "id": r.id,
                "paid_on": r.paid_on.isoformat(),
                "amount": r.amount,
                "method": r.method,
                "note": r.note,
            }
            for r in entry.receipts
        ],
    }


def _print_plan(entry: Any) -> None:
    from salesdesk.services.payments import money

    print(
        localize(
            f"{entry.product} {entry.closed_on.isoformat()}: {money(entry.deal_amount)}, "
            f"paid {money(entry.paid)}, outstanding {money(entry.outstanding)}, "
            f"overdue {money(entry.overdue)}"
        )
    )
    for item in entry.installments:
        print(
            f"  {item.number}. {item.due_on.isoformat()}  {money(item.amount)}  "
            + localize(item.status)
            + (f"  {item.paid_on.isoformat()}" if item.paid_on else "")
            + (f"  ({money(item.paid)})" if 0 < item.paid < item.amount else "")
            + f"  [{item.id}]"
        )


def cmd_payment(args: argparse.Namespace) -> int:
    """Issue 20: a deal's payment plan, payments received, what is due and overdue."""
    from salesdesk.domain.dates import parse_date
    from salesdesk.services import payments

    if args.payment_command == "plan":
        session = _session(args)
        try:
            deal = payments.find_deal(args.deal, store=session.store)
            if args.installment:
                plan: list[tuple[Any, Any]] = []
                for text in args.installment:
                    due, sep, amount = text.partition(":")
                    if not sep:
                        raise CliError(f"'{text}': write an installment as YYYY-MM-DD:AMOUNT.")
                    plan.append((due, amount))
            else:
                first = args.first or deal.closed_on
                plan = list(
                    payments.split_plan(deal.amount, first, args.count, args.every, args.unit)
                )
            from salesdesk.services.payments import plan_balance

            check = session.credit_check(
                deal.card_id, plan_balance(deal.id, plan, store=session.store), deal_id=deal.id
            )
            session.set_payment_plan(deal.id, plan, credit_note=_credit_note(session, args, check))
            entry = payments.for_deal(deal.id, session.today(), store=session.store)
        finally:
            session.close()
        if args.json:
            _print_json(_plan_json(entry))
        else:
            _print_plan(entry)
        return 0
    if args.payment_command == "pay":
        session = _session(args)
        try:
            result = session.record_payment(
                args.ref, amount=args.amount, paid_on=args.on, method=args.method, note=args.note
            )
        finally:
            session.close()
        print(result.id)
        return 0
    day = parse_date(args.date) if args.date else None
    if args.days < 1:
        raise CliError("--days must be 1 or more.")
    session = _session(args, write=False)
    try:
        today = day or session.today()
        if args.card or args.deal:
            if args.deal:
                entries = [payments.for_deal(args.deal, today, store=session.store)]
            else:
                session.card(args.card)  # an unknown card is refused by name
                entries = payments.for_card(args.card, today, store=session.store)
            if args.json:
                _print_json([_plan_json(e) for e in entries])
            else:
                for entry in entries:
                    _print_plan(entry)
            return 0
        due = payments.due_payments(today, args.days, store=session.store)
    finally:
        session.close()
    if args.json:
        _print_json([p.to_json() for p in due])
        return 0
    for item in due:
        late = _days_overdue(item.days_overdue)
        print(
            f"{item.due_on.isoformat()}  {payments.money(item.remaining)}  {item.name}  "
            f"{item.phone}  {item.product} {item.number}/{item.of}  {late}".rstrip()
        )
    return 0


def write_handover_pack(store: Any, card_ids: list[str], folder: Path, to_owner: str, lang: str
                        ) -> dict[str, str]:  # fmt: skip
    """Issue 20: the successor's pack: a workbook of the cards (their visits, deals and
    payments, cases and contacts) and a sync file of just those cards and their history."""
    import re

    from salesdesk.io.xlsx import export_workbook
    from salesdesk.sync.pack import export_cards

    name = re.sub(r"[^\w.-]+", "_", to_owner, flags=re.UNICODE).strip("._") or "successor"
    workbook = folder / f"handover-{name}.xlsx"
    sync_file = folder / f"handover-{name}.salesdesk"
    export_workbook(workbook, lang=lang, card_ids=card_ids, owner=to_owner, store=store)
    export_cards(store, card_ids, sync_file)
    return {"workbook": str(workbook), "sync_file": str(sync_file)}


def _credit_changes(pairs: list[str]) -> dict[str, float | None]:
    """--set poor=0 normal=50000 good=none: each standing's new limit (None: no limit)."""
    from salesdesk.domain.errors import InvalidValue
    from salesdesk.services.payments import DEFAULT_CREDIT_LIMITS, cents_of

    out: dict[str, float | None] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name, value = name.strip().lower(), value.strip()
        if not sep:
            raise CliError(f"'{pair}': write STANDING=AMOUNT, e.g. normal=50000.")
        if name not in DEFAULT_CREDIT_LIMITS:
            raise CliError(f"'{name}' is not a credit standing: say good, normal or poor.")
        if value.lower() in ("", "none"):
            out[name] = None
            continue
        try:
            out[name] = cents_of(value, allow_zero=True) / 100
        except InvalidValue:
            raise CliError(
                f"'{value}' is not a credit limit for {name}: give an amount of 0 or more, "
                "or none for no limit."
            ) from None
    return out


def cmd_credit(args: argparse.Namespace) -> int:
    """Issue 20: the open balance each credit standing allows, shown or set."""
    from salesdesk.services import payments

    changes = _credit_changes(list(args.set or []))
    session = _session(args, write=bool(changes))
    try:
        if changes:
            limits = payments.credit_limits(store=session.store)
            limits.update(changes)
            session.set_credit_limits(limits)
        limits = payments.credit_limits(store=session.store)
    finally:
        session.close()
    if args.json:
        _print_json(limits)
        return 0
    lang = _lang(args)
    from salesdesk.domain.words import word

    print(localize("Credit limits (the open balance each credit standing allows):"))
    for standing in ("good", "normal", "poor"):
        limit = limits.get(standing)
        shown = localize("no limit") if limit is None else payments.money(limit)
        print(f"  {word(f'credit.{standing}', lang)} ({standing}): {shown}")
    return 0


def cmd_handover(args: argparse.Namespace) -> int:
    """Issue 20: hand cards over to a successor, and write the successor's pack."""
    from salesdesk.services import handover

    ids = handover.read_ids(Path(args.ids)) if args.ids else None
    folder = Path(args.pack) if args.pack else None
    if folder is not None:
        if folder.exists() and not folder.is_dir():
            raise CliError(f"{folder} is a file, not a folder for the pack.")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CliError(f"Cannot create {folder}: {error.strerror}.") from None
    session = _session(args)
    try:
        chosen = handover.select_cards(
            from_owner=args.from_owner,
            area=args.area,
            ids=ids,
            grades=args.grades,
            store=session.store,
        )
        result = session.hand_over(chosen, args.to_owner)
        pack = (
            write_handover_pack(session.store, chosen, folder, args.to_owner, _lang(args))
            if folder is not None
            else {}
        )
    finally:
        session.close()
    if args.json:
        _print_json({"handed_over": result.value, "cards": chosen, "to_owner": args.to_owner,
                     "pack": pack})  # fmt: skip
    else:
        count, to = result.value, args.to_owner
        print(
            localize(
                plural(
                    count,
                    f"{count} card handed over to {to}.",
                    f"{count} cards handed over to {to}.",
                )
            )
        )
        for path in pack.values():
            print(path)
    return 0


def cmd_contact_log(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        result = session.log_contact(
            args.id,
            channel=args.channel,
            summary=args.summary,
            outcome=args.outcome or "",
            at=args.at,
            grade=args.grade,
            reason=args.reason or "",
            f_kind=args.f_kind,
            recheck_on=args.recheck,
        )
    finally:
        session.close()
    print(result.id)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    session = _session(args, write=False)
    try:
        data = session.stats()
        if args.json:
            from salesdesk.services import analytics

            data["kpis"] = analytics.kpis(store=session.store)
    finally:
        session.close()
    if args.json:
        _print_json(data)
    else:
        cards, contacts = data["cards"], data["contacts"]
        print(
            localize(
                plural(
                    cards,
                    plural(
                        contacts,
                        f"{cards} card, {contacts} contact",
                        f"{cards} card, {contacts} contacts",
                    ),
                    plural(
                        contacts,
                        f"{cards} cards, {contacts} contact",
                        f"{cards} cards, {contacts} contacts",
                    ),
                )
            )
        )
        print("  " + "  ".join(f"{g}: {n}" for g, n in data["by_grade"].items()))
    return 0


def cmd_dump(args: argparse.Namespace) -> int:
    session = _session(args, write=False)
    try:
        data = session.dump()
    finally:
        session.close()
    json.dump(data, sys.stdout, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    sys.stdout.write("\n")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from salesdesk.models.store import check_file

    path = _db_path(args)
    if not path.exists():
        raise CliError(f"{path} does not exist.")
    check_file(path, encrypted_ok=True)
    session = _session(args, write=False)
    try:
        report = session.check()
    finally:
        session.close()
    if args.json:
        _print_json(report)
    elif report["ok"]:
        print(localize(f"{path}: ok (schema {report['schema_version']})"))
    if not report["ok"]:
        for problem in report["problems"]:
            print(f"salesdesk: {path}: {localize(problem)}", file=sys.stderr)
        return 1
    return 0


def cmd_agenda(args: argparse.Namespace) -> int:
    from salesdesk.domain.dates import parse_date

    day = parse_date(args.date) if args.date else None
    if args.days < 0:
        raise CliError("--days must be 0 or more.")
    if args.dismiss:
        if args.for_days < 1:
            raise CliError("--for-days must be 1 or more.")
        session = _session(args)
        try:
            session.dismiss_warning(args.dismiss, args.for_days, day)
        finally:
            session.close()
        return 0
    session = _session(args, write=False)
    try:
        agenda = session.agenda(day, args.days)
        warnings = session.early_warnings(day)
    finally:
        session.close()
    if args.json:
        data = agenda.to_json()
        data["warnings"] = [w.to_json() for w in warnings]
        data["counts"]["warnings"] = len(warnings)
        _print_json(data)
        return 0
    from salesdesk.domain.words import word

    lang = _lang(args)
    print(word("agenda.title", lang).format(agenda.date.isoformat()))
    for title, items in (
        (word("agenda.overdue", lang), agenda.overdue),
        (word("agenda.today", lang), agenda.today),
        (word("agenda.upcoming", lang).format(agenda.days), agenda.upcoming),
    ):
        print(f"\n{title} ({len(items)})")
        for area, group in agenda.by_area(items):
            print(f"  {area or word('agenda.no_area', lang)}")
            for item in group:
                idle = f"  {word('agenda.idle', lang)}" if item.idle else ""
                when = item.due + (f" {item.due_time}" if item.due_time else "")
                # English keeps the purpose's code, as scripts read it; Chinese gets words.
                purpose = word(f"purpose.{item.purpose}", lang) if lang != "en" else item.purpose
                print(f"    {when}  {item.grade}  {item.name}  {item.company}  {purpose}{idle}")
    if agenda.payments:  # issue 20: installments to collect, with the phone to call
        from salesdesk.services.payments import money

        print(f"\n{localize('Payments to collect')} ({len(agenda.payments)})")
        for due in agenda.payments:
            late = _days_overdue(due.days_overdue)
            print(
                f"    {due.due_on.isoformat()}  {money(due.remaining)}  {due.name}  {due.phone}  "
                f"{due.product} {due.number}/{due.of}  {late}".rstrip()
            )
    if warnings:
        print(f"\n{word('agenda.warnings', lang)} ({len(warnings)})")
        for warning in warnings:
            print(f"    {warning.grade}  {warning.name}  {warning.reason(lang)}  [{warning.key}]")
    return 0


# The plan in words, each line through the core's catalog (localize): Chinese or English.
_PURPOSE_TEXT = {
    "follow_up": "follow-up visit",
    "recheck": "re-check",
    "first_visit": "first visit",
    "after_sales": "after-sales visit",
    "case_follow_up": "follow-up of a service case",
}
_WEEKDAY_TEXT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_OCCASION_TEXT = {"birthday": "birthday", "anniversary": "anniversary as a customer"}


def _purpose_text(purpose: str) -> str:
    """A purpose code in words; a purpose typed by hand ("bring the contract") as it is."""
    english = _PURPOSE_TEXT.get(purpose)
    return localize(english) if english else purpose


def _why_text(why: str, due: str, latest: str) -> str:
    if why == "overdue":
        return localize(f"overdue since {latest}")
    if why == "recheck":
        return localize(f"re-check on {due}")
    if why == "after_sales":
        return localize(f"after-sales visit due {due}")
    if why == "first_visit":
        return localize("first visit")
    if why == "appointment":
        return localize("appointment")
    if why == "moved":
        return localize("put on this day by you")
    if why == "handed_over":
        return localize("handed over to you: first visit")
    return localize(f"due {due}")


def _overflow_text(reason: str, due: str, latest: str) -> str:
    if reason == "later":
        return localize(f"next week: the days are full; it can wait until {latest}")
    if reason == "after_plan":
        return localize(f"next week: due {due}, after the plan's last free day")
    return localize(f"next week, late: every day up to its last day {latest} is full")


def cmd_plan(args: argparse.Namespace) -> int:
    from datetime import date

    from salesdesk.domain.dates import parse_date
    from salesdesk.services import plan as week_plan

    start = date.today()
    if args.date_from:
        start = parse_date(args.date_from)  # type: ignore[assignment]
        if start is None:
            raise CliError(f"'{args.date_from}' is not a date: write it as YYYY-MM-DD.")
    if not 1 <= args.weeks <= week_plan.MAX_WEEKS:
        raise CliError(f"--weeks must be 1 to {week_plan.MAX_WEEKS}.")
    if args.per_day is not None and not 1 <= args.per_day <= 50:
        raise CliError("--per-day must be 1 to 50.")
    session = _session(args, write=args.apply)
    try:
        store = session.store
        me = args.owner if args.owner is not None else week_plan.owner(store=store)
        result = week_plan.make_plan(start, args.weeks, args.per_day, me=me or None, store=store)
        written = int(session.apply_plan(result).id or 0) if args.apply else None
    finally:
        session.close()
    if args.json:
        data = result.to_json()
        if written is not None:
            data["applied"] = written
        _print_json(data)
        return 0
    lang = _lang(args)
    start_text, per_day = result.start.isoformat(), result.per_day
    if result.owner:
        print(localize(f"Week plan for {result.owner} from {start_text}, at most {per_day} a day"))
    else:
        print(localize(f"Week plan from {start_text}, at most {per_day} a day"))
    for day in result.days:
        items = result.by_day.get(day.isoformat(), [])
        weekday = localize(_WEEKDAY_TEXT[day.weekday()])
        print(f"\n{day.isoformat()} {weekday} ({len(items)})")
        for item in items:
            why = _why_text(item.why, item.due, item.latest)
            when = f"{item.due_time} " if item.due_time else ""
            late = ""
            if item.late and item.why != "overdue":
                late = "  " + localize("(after its window)")
            print(
                f"  {when}{item.area or '-'}  {item.grade}  {item.name}  {item.company}  "
                f"{_purpose_text(item.purpose)}  {why}{late}  [{item.card_id}]"
            )
    print("\n" + localize(f"Not this time ({len(result.overflow)})"))
    for item in result.overflow:
        reason = _overflow_text(item.reason or "full", item.due, item.latest)
        print(f"  {item.area or '-'}  {item.grade}  {item.name}  {reason}  [{item.card_id}]")
    if result.dates:
        print("\n" + localize(f"Birthdays and anniversaries ({len(result.dates)})"))
        for occasion in result.dates:
            kind = _OCCASION_TEXT.get(occasion.kind)
            kind = localize(kind) if kind else occasion.kind
            print(f"  {occasion.day}  {kind}  {occasion.name}: {occasion.greeting}")
    for holiday in result.holidays:
        day_text, name, count = holiday.day.isoformat(), holiday.name(lang), holiday.recipients
        print(
            "\n"
            + localize(
                plural(
                    count,
                    f"{day_text} {name}: greet {count} customer "
                    "(salesdesk letter --template greeting.zh_CN --occasion …)",
                    f"{day_text} {name}: greet {count} customers "
                    "(salesdesk letter --template greeting.zh_CN --occasion …)",
                )
            )
        )
    if result.payments:  # issue 20: installments to collect in these weeks, with the phone
        from salesdesk.services.payments import money

        print(f"\n{localize('Payments to collect')} ({len(result.payments)})")
        for due in result.payments:
            late = _days_overdue(due.days_overdue)
            print(
                f"  {due.due_on.isoformat()}  {money(due.remaining)}  {due.name}  {due.phone}  "
                f"{due.product} {due.number}/{due.of}  {late}  [{due.card_id}]".rstrip()
            )
    if written is not None:
        said = localize(
            plural(
                written,
                f"Stored the plan on {written} visit.",
                f"Stored the plan on {written} visits.",
            )
        )
        print("\n" + said)
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from salesdesk.services import letters

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise CliError(f"Cannot write letters to '{out.name}': give a .pdf or .docx file.")
    if not out.parent.exists():
        raise CliError(f"The folder {out.parent} does not exist.")
    if args.ids and (args.grades or args.area):
        raise CliError("Give either --ids or --grades/--area, not both.")
    session = _session(args)
    try:
        store = session.store
        template = letters.template(args.template, store=store)
        ids = letters.select_cards(args.ids, args.grades, args.area, store=store)
        merged = letters.merge(template, ids, occasion=args.occasion or "", store=store)
        if suffix == ".docx":
            letters.write_docx(merged, out, store=store)
        else:
            from salesdesk.ui.letterpdf import ensure_gui, save_letters_pdf

            ensure_gui()
            save_letters_pdf(letters.docx_texts(merged, store=store), out)
        session.log_letters(merged)
    finally:
        session.close()
    count, name = len(merged.letters), template.name
    print(
        localize(
            plural(
                count,
                f"{out}: {count} letter ({name}), logged on its card",
                f"{out}: {count} letters ({name}), each logged on its card",
            )
        )
    )
    if merged.no_address:
        print(localize(f"No address, no letter ({len(merged.no_address)}):"))
        for card_id, name in merged.no_address:
            print(f"  {name}  [{card_id}]")
    return 0


def _lang(args: argparse.Namespace) -> str:
    """zh_CN or en for words printed or written: --lang, else the system's language."""
    if getattr(args, "lang", None) in ("zh_CN", "en"):
        return str(args.lang)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh_CN" if value.startswith("zh") else "en"
    return "en"


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in (".ics", ".xlsx"):
        raise CliError(f"Cannot export to '{out.name}': give a file ending in .xlsx or .ics.")
    if not out.parent.exists():
        raise CliError(f"The folder {out.parent} does not exist.")
    if suffix == ".xlsx":
        return _export_xlsx(args, out)
    if args.grades or args.date_from or args.date_to:
        raise CliError("--grades, --from and --to go with a workbook (.xlsx).")
    session = _session(args, write=False)
    try:
        from salesdesk.io.ics import export_ics

        count = export_ics(out, store=session.store)
    finally:
        session.close()
    print(
        localize(plural(count, f"{out}: {count} visit", f"{out}: {count} visits")), file=sys.stderr
    )
    return 0


def _export_xlsx(args: argparse.Namespace, out: Path) -> int:
    from salesdesk.domain.dates import parse_date
    from salesdesk.domain.grades import GRADES

    grades: set[str] | None = None
    if args.grades:
        grades = {g for g in args.grades.upper() if not g.isspace() and g not in ",;"}
        unknown = sorted(grades - set(GRADES))
        if unknown:
            raise CliError(f"--grades takes letters A to F, not {', '.join(unknown)}.")
    date_from = parse_date(args.date_from) if args.date_from else None
    date_to = parse_date(args.date_to) if args.date_to else None
    lang = _lang(args)
    session = _session(args, write=False)
    try:
        from salesdesk.io.xlsx import export_workbook

        rows = export_workbook(
            out, lang=lang, grades=grades, date_from=date_from, date_to=date_to, store=session.store
        )
    finally:
        session.close()
    sheets = ", ".join(f"{name} {n}" for name, n in list(rows.items())[1:])
    print(f"{out}: {sheets}", file=sys.stderr)
    return 0


def cmd_sync_export(args: argparse.Namespace) -> int:
    from salesdesk.sync.files import SUFFIX, export_sync_file

    out = Path(args.out)
    folder: Path | None = None
    target: Path | None = out
    if out.is_dir():
        folder, target = out, None
    elif out.suffix != SUFFIX:
        raise CliError(f"A sync file's name ends in {SUFFIX}: {out.name}")
    from salesdesk.sync.team import team_passphrase

    session = _session(args, write=False)
    try:
        team = None
        if args.encrypt:  # the passphrase given, else the one the database keeps, else asked
            team = _team_given(args) or team_passphrase(session.store)
            team = team or _team_passphrase(args, confirm=True)
        elif not args.plain:
            # An encrypted database that keeps the team passphrase writes its sync files
            # under it, as the window and the sync folder do: a plain file of every customer
            # only when asked for by name (--plain).
            team = team_passphrase(session.store)
        if args.reader or args.full:  # issue 23: a delta for a known laptop
            from salesdesk.sync.delta import export_for

            outcome = export_for(
                session.store, args.reader, target, folder, full=args.full, passphrase=team
            )
            written = outcome.path
        else:
            written = export_sync_file(session.store, target, folder=folder, passphrase=team)
    finally:
        session.close()
    print(written)
    if args.reader or args.full:
        size = max(1, round(outcome.size / 1024))
        if outcome.reason:
            print(localize(outcome.reason), file=sys.stderr)
        reader, changes, rows = outcome.reader, outcome.changes, outcome.rows
        print(
            localize(
                plural(
                    changes,
                    plural(
                        rows,
                        f"a delta for {reader}: {changes} change and {rows} row, {size} KB",
                        f"a delta for {reader}: {changes} change and {rows} rows, {size} KB",
                    ),
                    plural(
                        rows,
                        f"a delta for {reader}: {changes} changes and {rows} row, {size} KB",
                        f"a delta for {reader}: {changes} changes and {rows} rows, {size} KB",
                    ),
                )
            )
            if outcome.delta
            else localize(f"a full sync file, {size} KB"),
            file=sys.stderr,
        )
    return 0


def _team_given(args: argparse.Namespace) -> str | None:
    name = getattr(args, "team_passphrase_env", None)
    if not name:
        return None
    value = os.environ.get(name)
    if value is None:
        raise CliError(f"The environment variable {name} is not set.")
    return value


def cmd_sync_team(args: argparse.Namespace) -> int:
    from salesdesk.sync.team import set_team_passphrase

    value = None if args.clear else (_team_given(args) or _team_passphrase(args, confirm=True))
    session = _session(args)
    try:
        set_team_passphrase(session.store, value)
    finally:
        session.close()
    print(
        localize(
            "The team passphrase is forgotten." if value is None else "The team passphrase is kept."
        ),
        file=sys.stderr,
    )
    return 0


def _team_passphrase(args: argparse.Namespace, *, confirm: bool) -> str:
    """The team passphrase of encrypted sync files (issue 22): from the environment
    variable --team-passphrase-env names, or asked; never an argument."""
    from salesdesk.models.cipher import check_passphrase

    name = getattr(args, "team_passphrase_env", None)
    if name:
        value = os.environ.get(name)
        if value is None:
            raise CliError(f"The environment variable {name} is not set.")
        return value
    if not _interactive():
        raise CliError(
            "Give the team passphrase in an environment variable named with "
            "--team-passphrase-env NAME."
        )
    value = _ask_passphrase("Team passphrase: ")
    if confirm:
        check_passphrase(value)
        if _ask_passphrase("The team passphrase again: ") != value:
            raise CliError("The two passphrases differ; nothing was changed.")
    return value


def _days_overdue(days: int) -> str:
    """An installment's lateness ("1 day overdue", "42 days overdue"); "" when not late."""
    if not days:
        return ""
    return localize(plural(days, f"{days} day overdue", f"{days} days overdue"))


def _merge_counts(n: dict[str, int]) -> str:
    """What a merge did, as `sync merge` and `hub sync` say it."""
    new, updated, unchanged, deleted, conflicts = (
        n["new"],
        n["updated"],
        n["unchanged"],
        n["deleted"],
        n["conflicts"],
    )
    return localize(
        plural(
            conflicts,
            f"{new} new, {updated} updated, {unchanged} unchanged, {deleted} deleted, "
            f"{conflicts} conflict",
            f"{new} new, {updated} updated, {unchanged} unchanged, {deleted} deleted, "
            f"{conflicts} conflicts",
        )
    )


def _print_open_conflicts(listed: list[str]) -> None:
    count = len(listed)
    print(localize(plural(count, f"{count} open conflict:", f"{count} open conflicts:")))
    for line in listed:
        print(f"  {line}")


def _import_summary(dry_run: bool, deals: int, problems: int) -> str:
    """The English template of the import's one-line report, {0}-{7} to fill in."""
    return (
        plural(
            deals,
            plural(
                problems,
                "would import {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deal, {7} problem",
                "would import {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deal, {7} problems",
            ),
            plural(
                problems,
                "would import {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deals, {7} problem",
                "would import {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deals, {7} problems",
            ),
        )
        if dry_run
        else plural(
            deals,
            plural(
                problems,
                "imported {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deal, {7} problem",
                "imported {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deal, {7} problems",
            ),
            plural(
                problems,
                "imported {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deals, {7} problem",
                "imported {0}: {1} created ({2} of them likely duplicates), {3} updated "
                "({4} merged with an earlier row), {5} skipped, {6} deals, {7} problems",
            ),
        )
    )


def _duplicate_line(pair: dict[str, str]) -> str:
    """A likely duplicate a merge found: both cards by name and company, each with its id
    (what `card show`, `card edit` and the window's Conflicts and duplicates take)."""
    a = pair.get("a_name") or "?"
    b = pair.get("b_name") or "?"
    why = _DUPLICATE_REASONS.get(pair["reason"], pair["reason"])
    return localize(f"  likely duplicate ({why}): {a} ({pair['a']}) and {b} ({pair['b']})")


# services.duplicates' reasons, in words (the window's Conflicts and duplicates says the same).
_DUPLICATE_REASONS = {"phone": "same phone", "name": "same name and company"}


def cmd_sync_merge(args: argparse.Namespace) -> int:
    from salesdesk.sync.merge import MergeReport, merge_file

    session = _session(args)
    total = MergeReport(dry_run=args.dry_run)
    kinds: list[str] = []  # issue 23: each file full or a delta
    try:
        from salesdesk.models.cipher import looks_encrypted
        from salesdesk.sync.team import team_passphrase

        team = None
        if any(looks_encrypted(Path(name)) for name in args.files if Path(name).is_file()):
            team = _team_given(args) or team_passphrase(session.store)
            team = team or _team_passphrase(args, confirm=False)
        for name in args.files:
            report = merge_file(session.store, Path(name), dry_run=args.dry_run, passphrase=team)
            total.add(report)
            kinds.append("delta" if report.delta else "full")
            if not args.json:
                counts = _merge_counts(report.counts())
                device = report.device_name or localize("unknown device")
                print(
                    localize(f"would merge {name} ({device}): {counts}")
                    if args.dry_run
                    else localize(f"merged {name} ({device}): {counts}")
                )
                if report.delta:
                    print(
                        localize(
                            f"  a delta from {device}: only what it lacked of this laptop's changes"
                        )
                    )
                for warning in report.warnings:
                    print(localize(f"  note: {warning}"))
                for pair in report.duplicates:
                    print(_duplicate_line(pair))
        listed = [] if args.dry_run else _conflict_lines(session)
    finally:
        session.close()
    if args.json:
        _print_json(
            {
                **total.counts(),
                "duplicates": total.duplicates,
                "kinds": kinds,
                "dry_run": args.dry_run,
                "warnings": total.warnings,
                "open_conflicts": listed,
            }
        )
    elif listed:
        _print_open_conflicts(listed)
    return 0


# -- the team hub (issue 23) -----------------------------------------------------------
def _hub_password(args: argparse.Namespace, address: Any, *, keychain: bool = True) -> str:
    """From the variable --password-env names, the keychain, or asked at the terminal:
    never from the command line, where every user of the computer could read it."""
    from salesdesk.sync import hub

    if args.password_env:
        value = os.environ.get(args.password_env)
        if value is None:
            raise CliError(f"The variable {args.password_env} is not set.")
        return value
    if keychain:
        stored = hub.stored_password(address)
        if stored:
            return stored
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError(
            "Give the hub password in a variable named by --password-env "
            "(there is no terminal to ask it at)."
        )
    import getpass

    return getpass.getpass(localize(f"Password of {address.user} at {address.label}: "))


def cmd_hub_init(args: argparse.Namespace) -> int:
    from salesdesk.sync import hub

    address = hub.parse_url(args.url, args.user)
    hub_id = hub.init_hub(address, _hub_password(args, address, keychain=False))
    print(localize(f"{address.label} is ready (hub {hub_id[:8]})."))
    return 0


def cmd_hub_join(args: argparse.Namespace) -> int:
    from salesdesk.sync import hub

    address = hub.parse_url(args.url, args.user)
    password = _hub_password(args, address, keychain=False)
    session = _session(args)
    try:
        hub.join(session.store, address, password)
    finally:
        session.close()
    kept = not args.password_env and hub.store_password(address, password)
    print(localize(f"joined {address.label} as {address.user}."))
    if kept:
        print(localize("The password is kept in this computer's keychain."))
    return 0


def cmd_hub_sync(args: argparse.Namespace) -> int:
    from salesdesk.sync import hub
    from salesdesk.sync.service import SyncService

    session = _session(args)
    try:
        address = hub.remembered(session.store)
        if address is None:
            raise CliError(
                "This database has not joined a team hub: salesdesk hub join --url URL --user NAME."
            )
        password = _hub_password(args, address)
        result = session.run(lambda task: SyncService(session).hub_sync_op(password, task))
        outcome = result.value
        listed = _conflict_lines(session)
    finally:
        session.close()
    report = outcome.pulled
    if args.json:
        _print_json(
            {
                "hub": address.url,
                "pulled": report.counts(),
                "pushed_rows": outcome.pushed_rows,
                "pushed_changes": outcome.pushed_changes,
                "usn": outcome.usn,
                "kept": [card_id for card_id, _name in outcome.kept],
                "warnings": report.warnings,
                "duplicates": report.duplicates,
                "open_conflicts": listed,
            }
        )
        return 0
    counts = _merge_counts(report.counts())
    print(localize(f"synced with {address.label}: pulled {counts}"))
    rows, changes = outcome.pushed_rows, outcome.pushed_changes
    pushed = localize(
        plural(
            rows,
            plural(
                changes,
                f"  pushed {rows} row and {changes} change",
                f"  pushed {rows} row and {changes} changes",
            ),
            plural(
                changes,
                f"  pushed {rows} rows and {changes} change",
                f"  pushed {rows} rows and {changes} changes",
            ),
        )
    )
    print(pushed)
    if outcome.kept:
        print(localize(f"  note: {outcome.kept_message}"))
    for warning in report.warnings:
        print(localize(f"  note: {warning}"))
    for pair in report.duplicates:
        print(_duplicate_line(pair))
    if listed:
        _print_open_conflicts(listed)
    return 0


def cmd_hub_user(args: argparse.Namespace) -> int:
    """The hub's owner (a PostgreSQL user that may create roles) manages the team's users."""
    from salesdesk.sync import hub

    address = hub.parse_url(args.url, args.user)
    password = _hub_password(args, address, keychain=False)
    if args.user_command == "list":
        users = hub.list_users(address, password)
        if args.json:
            _print_json([{"user": u.role, "owner": u.owner, "role": u.kind} for u in users])
        for user in [] if args.json else users:
            print(f"{user.role}\t{user.kind}\t{user.owner}")
        return 0
    if args.user_command == "remove":
        hub.remove_user(address, password, args.name)
        print(localize(f"{args.name} can no longer reach {address.label}."))
        return 0
    if args.user_password_env:
        secret = os.environ.get(args.user_password_env)
        if secret is None:
            raise CliError(f"The variable {args.user_password_env} is not set.")
    elif sys.stdin and sys.stdin.isatty():
        import getpass

        secret = getpass.getpass(localize(f"New password of {args.name}: "))
    else:
        raise CliError(
            "Give the new user's password in a variable named by --user-password-env "
            "(there is no terminal to ask it at)."
        )
    user = hub.add_user(
        address, password, args.name, owner=args.owner or args.name, kind=args.role, secret=secret
    )
    print(
        localize(
            f"{user.role} is a {user.kind} on {address.label}, owning the cards of {user.owner}."
        )
    )
    return 0


def cmd_hub_team(args: argparse.Namespace) -> int:
    """The manager's team view from the hub: the team's (or one salesperson's) figures and a
    comparison of the salespeople; --out FILE.xlsx writes them as a workbook."""
    from salesdesk.sync import hub, teamview

    address = hub.parse_url(args.url, args.user)
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() != ".xlsx":
        raise CliError(f"Cannot write the team's workbook to '{out.name}': give a .xlsx file.")
    span = _hub_period(args)
    password = _hub_password(args, address)
    hub_db = teamview.open_team_hub(address, password)
    try:
        view = teamview.team_comparison(hub_db, span, owner=args.owner)
    finally:
        hub_db.close()
    if args.owner is not None and not view.people:
        raise CliError(f"{address.label} holds no cards of {args.owner}.")
    lang = _lang(args)
    if out is not None:
        from salesdesk.domain.words import word
        from salesdesk.io.xlsx import export_team_workbook

        who = args.owner if args.owner is not None else word("team.whole", lang)
        scope = (
            word("team.scope_owner", lang).format(teamview.owner_label(args.owner, lang))
            if args.owner is not None
            else word("team.whole", lang)
        )
        export_team_workbook(
            out,
            view.summary,
            teamview.table_headers(lang),
            teamview.table_rows(view.people, lang),
            teamview.table_kinds(),
            lang=lang,
            who=who,
            scope_text=scope,
        )
        people = len(view.people)
        said = localize(
            plural(people, f"{out}: {people} salesperson", f"{out}: {people} salespeople")
        )
        print(said, file=sys.stderr)
    if args.json:
        _print_json(view.to_json())
        return 0
    if out is not None:
        return 0
    headers = teamview.table_headers(lang)
    kinds = teamview.table_kinds()
    print("\t".join(headers))
    for row in teamview.table_rows(view.people, lang):
        print("\t".join(teamview.format_cell(v, k) for v, k in zip(row, kinds, strict=True)))
    return 0


def _hub_period(args: argparse.Namespace) -> Any:
    """The last 3 or 12 months, from/to, or (all) the last ten years: the hub's first day
    is not looked up in a laptop file."""
    from datetime import timedelta

    from salesdesk.domain.dates import parse_date
    from salesdesk.models import clock
    from salesdesk.services import analytics

    today = clock.now().date()
    if args.date_from or args.date_to:
        first = parse_date(args.date_from) or today - timedelta(days=3652)
        last = parse_date(args.date_to) or today
        if first > last:
            raise CliError(f"The period starts ({first}) after it ends ({last}).")
        return analytics.Period("custom", first, last)
    if args.period == "all":
        return analytics.Period("all", today - timedelta(days=3652), today)
    return analytics.period(args.period, today=today)


def cmd_hub_share(args: argparse.Namespace) -> int:
    """The card's owner or a manager shares a card with a colleague, or takes it back."""
    from salesdesk.sync import hub

    if args.url:
        address = hub.parse_url(args.url, args.user)
    else:
        if not args.db:
            raise CliError("Give the database with --db PATH (or the hub with --url URL).")
        session = _session(args, write=False)
        try:
            address = hub.remembered(session.store)
        finally:
            session.close()
        if address is None:
            raise CliError(
                "This database has not joined a team hub: salesdesk hub join --url URL --user NAME."
            )
    password = _hub_password(args, address)
    said = hub.share(address, password, args.card, args.colleague, on=args.hub_command == "share")
    print(localize(said))
    return 0


def _conflict_lines(session: Any) -> list[str]:
    from salesdesk.sync import conflicts

    return [view.describe() for view in conflicts.open_conflicts(session.store)]


def cmd_import(args: argparse.Namespace) -> int:
    from salesdesk.io import mapping, readers
    from salesdesk.services import importer

    path = Path(args.file)
    # The file is read whole before the database opens: a bad file changes nothing.
    table = readers.read_table(
        path, encoding=args.encoding, delimiter=args.delimiter, sheet=args.sheet, lazy=True
    )
    session = _session(args, write=not args.dry_run)
    try:
        targets = mapping.guess_mapping(table.headers, store=session.store)
        mapping.check_people(table, targets)
        notes = mapping.describe(table, targets, args.date_order)
        rows = mapping.iter_rows(table, targets, args.date_order, consume=True)
        if table.deals is None or args.no_deals:
            # One pass: each row planned and written as it comes (a long file in flat memory).
            if args.dry_run:
                result = importer.import_rows(session.store, rows, args.on_duplicate, dry_run=True)
            else:
                result, _ = session.import_rows(rows, on_duplicate=args.on_duplicate)
            result.notes = notes
        else:
            plan = importer.plan_import(rows, store=session.store)
            plan.notes = notes
            importer.plan_deals(plan, table.deals, table.deals_sheet or "", store=session.store)
            if args.dry_run:
                result = importer.preview(plan, args.on_duplicate)
            else:
                result, _ = session.import_file(plan, on_duplicate=args.on_duplicate)
    finally:
        session.close()
    if args.json:
        _print_json(result.to_json())
        return 0
    print(
        localize(_import_summary(args.dry_run, result.deals, len(result.problems))).format(
            path.name,
            result.created,
            result.flagged,
            result.updated,
            result.merged,
            result.skipped,
            result.deals,
            len(result.problems),
        )
    )
    for entry in result.rows:
        line = localize("  row {0} {1}: {2}").format(
            entry["row"], entry["name"] or localize("(no name)"), localize(entry["action"])
        )
        if entry["reason"]:
            line += " — " + localize(entry["reason"])
        elif entry["matched_name"]:
            line += " — " + entry["matched_name"]
        print(line)
        for problem in entry["problems"]:
            print("      " + localize(problem))
    if result.likely_groups:
        print(
            localize(
                plural(
                    len(result.likely_groups),
                    "likely duplicates, kept as separate cards ({0} group):",
                    "likely duplicates, kept as separate cards ({0} groups):",
                )
            ).format(len(result.likely_groups))
        )
        for group in result.likely_groups:
            rows_text = " / ".join(
                localize("row {0} {1}").format(r, n)
                for r, n in zip(group["rows"], group["names"], strict=True)
            )
            existing = len(group["existing_cards"])
            also = (
                localize(
                    plural(existing, " and {0} card already there", " and {0} cards already there")
                ).format(existing)
                if existing
                else ""
            )
            print(f"  {rows_text}{also}: {'; '.join(localize(x) for x in group['shared'])}")
    for note in result.notes:
        print(localize(note))
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    """Business card images to proposed cards; every image is read before the database opens."""
    from salesdesk.io import ocr

    readings = []
    failed = []
    try:
        cards = ocr.sources([Path(name) for name in args.images])
    except ocr.ScanError as error:
        raise CliError(f"{error} Nothing was written.") from None
    for source in cards:
        try:
            readings.append(ocr.read_card(source))
        except ocr.ScanError as error:
            failed.append(str(error))
    if failed:
        # One bad file among many: say which, and write nothing (run again without it).
        raise CliError(" ".join(failed) + " Nothing was written.")
    if args.two_sided:
        if len(readings) % 2:
            given = len(readings)
            raise CliError(
                plural(
                    given,
                    f"--two-sided reads the images in pairs (front, back), but {given} "
                    "card was given. Nothing was written.",
                    f"--two-sided reads the images in pairs (front, back), but {given} "
                    "cards were given. Nothing was written.",
                )
            )
        pairs = zip(readings[::2], readings[1::2], strict=True)
        readings = [_two_sides(front, back) for front, back in pairs]
    nameless = [r.name for r in readings if not r.proposal.name]
    if nameless and not args.dry_run:
        raise CliError(
            f"No name was found on {', '.join(nameless)}: scan it in the window to type the "
            "name in, or see what was read with --dry-run. Nothing was written."
        )
    session = _session(args, write=not args.dry_run)
    try:
        if args.dry_run:
            results = [_scan_one(session, reading, args) for reading in readings]
        else:
            # Every card of the batch in one transaction: all saved, or none.
            with session.store.write("Scan cards"):
                results = [_scan_one(session, reading, args) for reading in readings]
    finally:
        session.close()
    if args.json:
        _print_json(results)
        return 0
    for item in results:
        _print_scan(item)
    return 0


@dataclass
class _TwoSides:
    """The front and back of one card, read as one: what `_scan_one` takes for a reading."""

    front: Any
    back: Any
    fields: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.front.name} + {self.back.name}"

    @property
    def file(self) -> str:
        return str(self.front.file)

    @property
    def proposal(self) -> Any:
        return self.front.proposal if self.fields["name"] else self.back.proposal

    def __getattr__(self, key: str) -> Any:
        return getattr(self.front, key)  # the image, MIME and rotation: the front's


def _two_sides(front: Any, back: Any) -> _TwoSides:
    from salesdesk.domain.cardtext import combine_sides

    return _TwoSides(front, back, combine_sides(front.proposal.to_json(), back.proposal.to_json()))


def _scan_one(session: Any, reading: Any, args: argparse.Namespace) -> dict[str, Any]:
    """One reading: its duplicate check, then (without --dry-run) the card it makes or updates."""
    from salesdesk.domain.cardtext import card_fields
    from salesdesk.services import scan

    proposal = reading.proposal
    both = isinstance(reading, _TwoSides)
    shown = reading.fields if both else proposal.to_json()
    fields = card_fields(shown)
    match = scan.find_matching_card(
        name=fields["name"],
        company=fields["company"],
        phones=fields["phones"],
        email=fields["email"],
        store=session.store,
    )
    action = args.on_duplicate if match is not None else "create"
    card_id, kept = None, {}
    if not args.dry_run and action != "skip":
        saved = scan.save_scan(
            session.store,
            fields,
            reading.image,
            reading.mime,
            update_id=match.card_id if action == "update" and match else None,
            more_images=[(reading.back.image, reading.back.mime)] if both else (),
        )
        card_id, kept = saved.card_id, saved.kept
    return {
        "file": reading.file,
        "name": reading.name,
        **({"back": str(reading.back.file)} if both else {}),
        "fields": {key: value for key, value in shown.items() if key != "other_side"},
        "confidence": proposal.confidence,
        "rotation": reading.rotation,
        "match": None
        if match is None
        else {
            "card_id": match.card_id,
            "name": match.name,
            "company": match.company,
            "reason": match.reason,
        },
        "action": action,
        "card_id": card_id,
        "kept": {k: {"card": a, "scan": b} for k, (a, b) in kept.items()},
        "dry_run": args.dry_run,
    }


_MATCH_WORDS = {
    "mobile": "same mobile",
    "email": "same e-mail",
    "name_company": "same name and company",
}
_ACTION_WORDS = {"create": "create a card", "update": "update that card", "skip": "skip it"}


def _print_scan(item: dict[str, Any]) -> None:
    fields = item["fields"]
    head = " · ".join(p for p in (fields["name"], fields["company"], fields["title"]) if p)
    print(f"{item['name']}: {head or '(no name)'} (confidence {item['confidence']:.2f})")
    if fields["phones"]:
        print("  phones: " + ", ".join(f"{p['number']} ({p['label']})" for p in fields["phones"]))
    for key in ("department", "email", "address", "area", "wechat", "website"):
        if fields[key]:
            print(f"  {key}: {fields[key]}")
    match = item["match"]
    if match:
        why = _MATCH_WORDS[match["reason"]]
        print(f"  matches {match['name']} · {match['company']} ({why}, {match['card_id']})")
    action = item["action"]
    if item["dry_run"]:
        print(f"  → would {_ACTION_WORDS[action]}")
    elif action == "skip":
        print("  → skipped (--on-duplicate update or create to save it)")
    else:
        print(f"  → {'created' if action == 'create' else 'updated'} card {item['card_id']}")
    for key, kept in item["kept"].items():
        print(f"  kept the card's {key} {kept['card']!r} (the scan says {kept['scan']!r})")


def cmd_chart(args: argparse.Namespace) -> int:
    from salesdesk.services import analytics

    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        raise CliError(f"Cannot save a chart as '{out.name}': give a file ending in .png or .svg.")
    if not out.parent.exists():
        raise CliError(f"The folder {out.parent} does not exist.")
    if args.kind == "card-path" and not args.card:
        raise CliError("The card-path chart needs a card: give its id with --card ID.")
    path = _db_path(args)
    if not path.exists():
        raise CliError(f"{path} does not exist.")
    session = _session(args, write=False)
    try:
        span = analytics.period(args.period, args.start, args.end, store=session.store)
        from salesdesk.charts import figures

        figure = figures.chart(args.kind, span, _lang(args), card_id=args.card, store=session.store)
        figures.save(figure, out)
    finally:
        session.close()
    print(localize(f"{out}: {args.kind}, {span.start} to {span.end}"), file=sys.stderr)
    return 0


# -- issue 22: an encrypted database -------------------------------------------------------
def _new_passphrase(args: argparse.Namespace) -> str:
    from salesdesk.models.cipher import check_passphrase

    name = getattr(args, "new_passphrase_env", None)
    if name:
        value = os.environ.get(name)
        if value is None:
            raise CliError(f"The environment variable {name} is not set.")
        check_passphrase(value)
        return value
    if not _interactive():
        raise CliError(
            "Give the new passphrase in an environment variable named with "
            "--new-passphrase-env NAME."
        )
    first = _ask_passphrase("New passphrase (at least 8 characters): ")
    check_passphrase(first)
    if _ask_passphrase("The new passphrase again: ") != first:
        raise CliError("The two passphrases differ; nothing was changed.")
    return first


def _current_passphrase(args: argparse.Namespace, path: Path) -> str:
    from salesdesk.models.cipher import connect, verify_key

    def check(key: str | None) -> str:
        if key is None:
            raise CliError(f"{path} is not encrypted.")
        con = connect(path, key)
        try:
            verify_key(con, path)
        finally:
            con.close()
        return key

    return str(_open_encrypted(args, path, check))


def cmd_db(args: argparse.Namespace) -> int:
    from salesdesk.models.cipher import convert_database, looks_encrypted, remove_plain_backups

    path = _db_path(args)
    if not path.exists():
        raise CliError(f"{path} does not exist.")
    from salesdesk.models.store import check_file

    check_file(path, encrypted_ok=True)
    action = args.db_command
    if action == "encrypt":
        if looks_encrypted(path):
            raise CliError(f"{path} is encrypted already.")
        old, new = None, _new_passphrase(args)
    else:
        if not looks_encrypted(path):
            raise CliError(f"{path} is not encrypted.")
        old = _current_passphrase(args, path)
        new = _new_passphrase(args) if action == "rekey" else None
    plain = convert_database(path, old, new)
    done = {
        "encrypt": f"{path}: encrypted.",
        "decrypt": f"{path}: decrypted; it is a plain file again.",
        "rekey": f"{path}: the passphrase is changed.",
    }[action]
    print(localize(done), file=sys.stderr)
    if plain:
        remove = args.remove_plain_backups
        if remove is None and _interactive():
            question = (
                "Remove the plain copy (a backup) of it? [y/N] "
                if len(plain) == 1
                else f"Remove the {len(plain)} plain copies (backups) of it? [y/N] "
            )
            answer = input(localize(question))
            remove = answer.strip().lower() in ("y", "yes", "是", "好")
        if remove:
            removed = remove_plain_backups(path)
            print(localize(_plain_removed(len(removed))), file=sys.stderr)
        else:
            kept = (
                "One plain copy (a backup made before the encryption) is kept; "
                "remove it with: salesdesk db remove-plain-backups --db PATH"
                if len(plain) == 1
                else f"{len(plain)} plain copies (backups made before the encryption) are "
                "kept; remove them with: salesdesk db remove-plain-backups --db PATH"
            )
            print(localize(kept), file=sys.stderr)
            for item in plain:
                print(f"  {item}", file=sys.stderr)
    return 0


def cmd_db_remove_plain(args: argparse.Namespace) -> int:
    from salesdesk.models.cipher import looks_encrypted, remove_plain_backups

    path = _db_path(args)
    if not path.exists():
        raise CliError(f"{path} does not exist.")
    if not looks_encrypted(path):
        raise CliError(f"{path} is not encrypted: its backups are plain like it.")
    removed = remove_plain_backups(path)
    print(localize(_plain_removed(len(removed))), file=sys.stderr)
    return 0


def _plain_removed(count: int) -> str:
    return "One plain copy removed." if count == 1 else f"{count} plain copies removed."


def _add_db_commands(commands: Any) -> None:
    db = commands.add_parser("db", help="encrypt the database with a passphrase, or decrypt it")
    db_commands = db.add_subparsers(dest="db_command", parser_class=_Parser, required=True)
    for name, text in (
        ("encrypt", "encrypt the database (and its future backups) with a passphrase"),
        ("decrypt", "make an encrypted database a plain file again"),
        ("rekey", "change the passphrase"),
    ):
        sub = db_commands.add_parser(name, help=text)
        _add_db(sub, required=True)
        if name != "decrypt":
            sub.add_argument(
                "--new-passphrase-env",
                metavar="NAME",
                help="the environment variable holding the new passphrase (default: ask)",
            )
        if name == "encrypt":
            sub.add_argument(
                "--remove-plain-backups",
                action=argparse.BooleanOptionalAction,
                default=None,
                help="remove the plain original and plain backups once encrypted (default: ask)",
            )
        else:
            sub.set_defaults(remove_plain_backups=False)
        sub.set_defaults(handler=cmd_db)
    remove = db_commands.add_parser(
        "remove-plain-backups", help="remove the plain backups of an encrypted database"
    )
    _add_db(remove, required=True)
    remove.set_defaults(handler=cmd_db_remove_plain)


# -- issue 22: a person's data given and erased -------------------------------------------
def cmd_person_export(args: argparse.Namespace) -> int:
    from salesdesk.services.privacy import person_data

    session = _session(args, write=False)
    try:
        if args.out:
            written = session.export_person(args.id, Path(args.out)).value
        else:
            _print_json(person_data(session.store, args.id))
            written = None
    finally:
        session.close()
    if written is not None:
        print(written)
    return 0


def _confirm(question: str) -> bool:
    answer = input(localize(question))
    return answer.strip().lower() in ("y", "yes", "是", "好")


def cmd_person_erase(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        erased_before = session.store.db.execute_sql(
            "SELECT 1 FROM purge WHERE card_id = ?", (args.id,)
        ).fetchone()
        gone = (
            erased_before
            and not session.store.db.execute_sql(
                "SELECT 1 FROM card WHERE id = ?", (args.id,)
            ).fetchone()
        )
        card = None if gone else session.card(args.id, allow_deleted=True)
    except BaseException:
        session.close()
        raise
    if card is None:  # erased already: what is left to do is in the backups
        key = session.passphrase
        session.close()
        return _scrub_person_backups(args, key)
    try:
        if not args.yes:
            if not _interactive():
                raise CliError(
                    "Erasing a person cannot be undone: add --yes to confirm; nothing was changed."
                )
            question = (
                f"Erase {card.name} and everything about them, here and on every laptop that "
                "syncs with this one? This cannot be undone. [y/N] "
            )
            if not _confirm(question):
                raise CliError("Nothing was erased.")
        result = session.erase_person(args.id)
        key = session.passphrase
    finally:
        session.close()
    erased = result.value
    rows, changes, card = sum(erased.rows.values()), erased.changes, args.id
    said = localize(
        plural(
            rows,
            plural(
                changes,
                f"erased {card}: {rows} row, {changes} change",
                f"erased {card}: {rows} row, {changes} changes",
            ),
            plural(
                changes,
                f"erased {card}: {rows} rows, {changes} change",
                f"erased {card}: {rows} rows, {changes} changes",
            ),
        )
    )
    print(said, file=sys.stderr)
    return _scrub_person_backups(args, key)


def _scrub_person_backups(args: argparse.Namespace, key: str | None) -> int:
    from salesdesk.services.privacy import backups_holding, scrub_backups

    holding = backups_holding(_db_path(args), [args.id], key)
    if holding:
        scrub = args.scrub_backups
        if scrub is None and _interactive():
            held = len(holding)
            scrub = _confirm(
                plural(
                    held,
                    f"{held} backup still holds this person: rewrite it without? [y/N] ",
                    f"{held} backups still hold this person: rewrite them without? [y/N] ",
                )
            )
        if scrub:
            done = scrub_backups(_db_path(args), [args.id], key)
            count = len(done)
            said = localize(
                plural(
                    count,
                    f"{count} backup rewritten without this person.",
                    f"{count} backups rewritten without this person.",
                )
            )
            print(said, file=sys.stderr)
        else:
            print(
                localize(
                    plural(
                        len(holding),
                        f"{len(holding)} backup still holds this person; rewrite it with: "
                        "salesdesk person erase --db PATH ID --yes --scrub-backups",
                        f"{len(holding)} backups still hold this person; rewrite them with: "
                        "salesdesk person erase --db PATH ID --yes --scrub-backups",
                    )
                ),
                file=sys.stderr,
            )
    return 0


def _add_person_commands(commands: Any) -> None:
    person = commands.add_parser("person", help="a person's data: a copy on request, or erased")
    person_commands = person.add_subparsers(
        dest="person_command", parser_class=_Parser, required=True
    )
    export = person_commands.add_parser(
        "export", help="everything about one card as readable JSON (a copy on request)"
    )
    _add_db(export, required=True)
    export.add_argument("id", help="the card's id")
    export.add_argument("--out", metavar="FILE", help="FILE.json (default: print it)")
    export.set_defaults(handler=cmd_person_export)
    erase = person_commands.add_parser(
        "erase", help="erase a card and everything about it, on every laptop that syncs"
    )
    _add_db(erase, required=True)
    erase.add_argument("id", help="the card's id")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.add_argument(
        "--scrub-backups",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="rewrite the backups that hold the person without them (default: ask)",
    )
    erase.set_defaults(handler=cmd_person_erase)


def cmd_selftest(args: argparse.Namespace) -> int:
    from salesdesk.ui.selftest import run_selftest

    return run_selftest(Path(args.screenshots) if args.screenshots else None, lang=args.lang)


def _add_lang(parser: argparse.ArgumentParser) -> None:
    # SUPPRESS: `salesdesk --lang zh_CN export …` keeps the language given before the command.
    parser.add_argument(
        "--lang",
        choices=("zh_CN", "en"),
        default=argparse.SUPPRESS,
        help="zh_CN or en (default: the system's language)",
    )


# -- the parser ------------------------------------------------------------------------
def _add_db(parser: argparse.ArgumentParser, required: bool = False) -> None:
    parser.add_argument("--db", metavar="PATH", required=required, help="the database file")
    # Issue 22: the passphrase of an encrypted database, by the name of the variable holding
    # it (never the passphrase itself on the command line). SUPPRESS: one given before the
    # command stays.
    parser.add_argument(
        "--passphrase-env",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="the environment variable holding an encrypted database's passphrase",
    )


def _add_card_options(parser: argparse.ArgumentParser, *, name_required: bool) -> None:
    parser.add_argument("--name", required=name_required)
    parser.add_argument("--company")
    parser.add_argument("--title")
    parser.add_argument("--phone", help="one or more numbers, separated by commas")
    parser.add_argument("--email")
    parser.add_argument("--address")
    parser.add_argument("--area")
    parser.add_argument("--owner")
    parser.add_argument("--status", choices=("prospect", "customer", "inactive"))
    parser.add_argument("--birthday", metavar="YYYY-MM-DD")
    parser.add_argument("--tags", help="comma-separated")
    parser.add_argument("--notes")
    parser.add_argument("--key", action=argparse.BooleanOptionalAction, help="key customer")
    parser.add_argument("--grade", metavar="G", help="A, B, C, D, E or F")
    parser.add_argument("--reason", help="why the grade changes")
    parser.add_argument("--recheck", metavar="YYYY-MM-DD", help="re-check date for C and D")
    parser.add_argument("--f-kind", dest="f_kind", metavar="F1|F2")
    parser.add_argument("--credit", choices=("good", "normal", "poor"), help="credit standing")
    parser.add_argument(
        "--credit-limit",
        dest="credit_limit",
        metavar="N",
        help="this card's own credit limit (empty: the one of its credit standing)",
    )


def _add_hub_address(sub: argparse.ArgumentParser) -> None:
    """--url and --user: which team hub, as whom (every hub command that names it)."""
    sub.add_argument(
        "--url",
        required=True,
        metavar="URL",
        help="postgresql://host[:port]/database[?sslmode=require], without the password",
    )
    sub.add_argument("--user", metavar="NAME", help="the PostgreSQL user (or user@ in URL)")


def _add_hub_password(sub: argparse.ArgumentParser) -> None:
    """--password-env: never the password itself on the command line."""
    sub.add_argument(
        "--password-env",
        metavar="VAR",
        help="read the password from this environment variable (default: the keychain, or asked)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="salesdesk", description="Customer cards graded A to F.")
    parser.add_argument("--version", action="version", version=f"SalesDesk {__version__}")
    _add_db(parser)
    parser.add_argument(
        "--lang", choices=("zh_CN", "en", "pseudo"), help="language of the window and of words"
    )
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    demo = commands.add_parser("demo", help="fill a database with realistic demo data")
    _add_db(demo, required=True)
    demo.add_argument("--cards", type=int, default=300)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=cmd_demo)

    card = commands.add_parser("card", help="add, edit or delete a card")
    card_commands = card.add_subparsers(dest="card_command", parser_class=_Parser, required=True)
    add = card_commands.add_parser("add", help="add a card; prints its id")
    _add_db(add, required=True)
    _add_card_options(add, name_required=True)
    add.set_defaults(handler=cmd_card_add)
    edit = card_commands.add_parser("edit", help="edit a card's fields or grade")
    _add_db(edit, required=True)
    edit.add_argument("id")
    _add_card_options(edit, name_required=False)
    edit.add_argument("--blocker", help="what keeps a C or D card from buying")
    edit.set_defaults(handler=cmd_card_edit)
    delete = card_commands.add_parser(
        "delete", help="delete a card (card list --deleted shows it; card restore brings it back)"
    )
    _add_db(delete, required=True)
    delete.add_argument("id")
    delete.set_defaults(handler=cmd_card_delete)
    restore = card_commands.add_parser(
        "restore", help="bring a deleted card back, with its history"
    )
    _add_db(restore, required=True)
    restore.add_argument("id")
    restore.set_defaults(handler=cmd_card_restore)
    listing = card_commands.add_parser("list", help="list cards; --deleted: the deleted ones")
    _add_db(listing, required=True)
    listing.add_argument("--deleted", action="store_true", help="the deleted cards")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_card_list)

    contact = commands.add_parser("contact", help="log a contact")
    contact_commands = contact.add_subparsers(
        dest="contact_command", parser_class=_Parser, required=True
    )
    log = contact_commands.add_parser("log", help="log a visit, call, message …; prints its id")
    _add_db(log, required=True)
    log.add_argument("id", help="the card's id")
    log.add_argument(
        "--channel",
        required=True,
        choices=("visit", "phone", "message", "email", "letter", "other"),
    )
    log.add_argument("--summary", required=True)
    log.add_argument("--outcome")
    log.add_argument("--grade", metavar="G", help="regrade the card in the same step")
    log.add_argument("--reason")
    log.add_argument("--recheck", metavar="YYYY-MM-DD")
    log.add_argument("--f-kind", dest="f_kind", metavar="F1|F2")
    log.add_argument("--at", metavar="ISO", help="when, e.g. 2026-03-05T14:30 (default: now)")
    log.set_defaults(handler=cmd_contact_log)

    for name, handler, text in (
        ("stats", cmd_stats, "counts, grades and statuses"),
        ("check", cmd_check, "integrity and schema version"),
    ):
        sub = commands.add_parser(name, help=text)
        _add_db(sub, required=True)
        sub.add_argument("--json", action="store_true")
        sub.set_defaults(handler=handler)

    agenda = commands.add_parser("agenda", help="overdue, today's and upcoming visits")
    _add_db(agenda, required=True)
    agenda.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
    agenda.add_argument("--days", type=int, default=7, help="upcoming days to list (default 7)")
    agenda.add_argument("--json", action="store_true")
    agenda.add_argument("--dismiss", metavar="KEY", help="hide an early warning (its key)")
    agenda.add_argument(
        "--for-days", type=int, default=7, metavar="N", help="days to hide it (default 7)"
    )
    _add_lang(agenda)
    agenda.set_defaults(handler=cmd_agenda)

    plan = commands.add_parser("plan", help="plan the week: visits a day, by priority and area")
    _add_db(plan, required=True)
    plan.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="default: today")
    plan.add_argument("--weeks", type=int, default=1, help="weeks to plan (1-4, default 1)")
    plan.add_argument("--per-day", type=int, help="visits a day (default: Preferences, 8)")
    plan.add_argument("--owner", help="whose cards (default: Preferences' name; '' = all)")
    plan.add_argument("--json", action="store_true")
    plan.add_argument("--apply", action="store_true", help="store the plan on the visits")
    plan.set_defaults(handler=cmd_plan)

    letter = commands.add_parser("letter", help="merge a letter for cards into one PDF or .docx")
    _add_db(letter, required=True)
    letter.add_argument("--template", required=True, help="a template's key or name, or FILE.docx")
    letter.add_argument("--ids", nargs="+", metavar="ID", help="these cards")
    letter.add_argument("--grades", metavar="AB", help="every card of these grades")
    letter.add_argument("--area", help="every card of this area")
    letter.add_argument("--occasion", help="the occasion of a greeting (e.g. 春节)")
    letter.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.docx")
    letter.set_defaults(handler=cmd_letter)

    export = commands.add_parser(
        "export", help="the manager's workbook (.xlsx) or planned visits as a calendar (.ics)"
    )
    _add_db(export, required=True)
    export.add_argument("--out", required=True, metavar="FILE", help="FILE.xlsx or FILE.ics")
    export.add_argument("--grades", metavar="ABC", help="only cards of these grades (.xlsx)")
    export.add_argument("--from", dest="date_from", metavar="DATE", help="period start (.xlsx)")
    export.add_argument("--to", dest="date_to", metavar="DATE", help="period end (.xlsx)")
    _add_lang(export)
    export.set_defaults(handler=cmd_export)

    deal = commands.add_parser("deal", help="record a sale")
    deal_commands = deal.add_subparsers(dest="deal_command", parser_class=_Parser, required=True)
    deal_add = deal_commands.add_parser("add", help="add a deal to a card; prints its id")
    _add_db(deal_add, required=True)
    deal_add.add_argument("id", help="the card's id")
    deal_add.add_argument("--amount", required=True)
    deal_add.add_argument("--product", required=True)
    deal_add.add_argument("--on", metavar="YYYY-MM-DD", help="the day of the sale (default today)")
    deal_add.add_argument("--note", default="")
    deal_add.add_argument(
        "--over-limit",
        action="store_true",
        help="save it even when it takes the customer over the credit limit",
    )
    deal_add.set_defaults(handler=cmd_deal_add)

    case = commands.add_parser("case", help="service cases: complaints, requests …")
    case_commands = case.add_subparsers(dest="case_command", parser_class=_Parser, required=True)
    case_open = case_commands.add_parser("open", help="open a case on a card; prints its id")
    _add_db(case_open, required=True)
    case_open.add_argument("id", help="the card's id")
    case_open.add_argument(
        "--kind", required=True, choices=("complaint", "request", "suggestion", "praise")
    )
    case_open.add_argument("--content", required=True)
    case_open.add_argument("--at", metavar="ISO")
    causes = ("product", "delivery", "service", "price", "other")
    case_open.add_argument("--cause", choices=causes, help="what a complaint is about")
    case_open.add_argument("--responsible", metavar="NAME", help="who settles it")
    case_open.set_defaults(handler=cmd_case)
    case_cause = case_commands.add_parser("cause", help="a complaint's cause and who settles it")
    _add_db(case_cause, required=True)
    case_cause.add_argument("id", help="the case's id")
    case_cause.add_argument("--cause", required=True, choices=causes)
    case_cause.add_argument("--responsible", metavar="NAME")
    case_cause.set_defaults(handler=cmd_case)
    case_rate = case_commands.add_parser("rate", help="satisfaction asked at the follow-up")
    _add_db(case_rate, required=True)
    case_rate.add_argument("id", help="the case's id")
    case_rate.add_argument("--satisfaction", required=True, type=int, metavar="1-5")
    case_rate.set_defaults(handler=cmd_case)
    for name, text in (("respond", "first response"), ("resolve", "resolve a case")):
        sub = case_commands.add_parser(name, help=text)
        _add_db(sub, required=True)
        sub.add_argument("id", help="the case's id")
        sub.add_argument("--text")
        if name == "resolve":
            sub.add_argument("--satisfaction", type=int, metavar="1-5")
        sub.add_argument("--at", metavar="ISO")
        sub.set_defaults(handler=cmd_case)

    # Issue 20: payment plans and collections.
    payment = commands.add_parser("payment", help="a deal's payment plan, payments, what is due")
    payment_commands = payment.add_subparsers(
        dest="payment_command", parser_class=_Parser, required=True
    )
    pay_plan = payment_commands.add_parser(
        "plan", help="set a deal's installments (they add up to the deal)"
    )
    _add_db(pay_plan, required=True)
    pay_plan.add_argument("deal", help="the deal's id")
    pay_plan.add_argument(
        "--count",
        default="1",
        metavar="N",
        help="installments of equal amounts (default 1: at once)",
    )
    pay_plan.add_argument("--every", default="1", metavar="M", help="days or months between them")
    pay_plan.add_argument("--unit", default="months", choices=("days", "months"))
    pay_plan.add_argument(
        "--first", metavar="YYYY-MM-DD", help="the first due day (default the deal's day)"
    )
    pay_plan.add_argument(
        "--installment",
        action="append",
        metavar="YYYY-MM-DD:AMOUNT",
        help="one installment of your own plan (repeat it)",
    )
    pay_plan.add_argument(
        "--over-limit",
        action="store_true",
        help="save it even when it takes the customer over the credit limit",
    )
    pay_plan.add_argument("--json", action="store_true")
    _add_lang(pay_plan)
    pay_plan.set_defaults(handler=cmd_payment)
    pay_pay = payment_commands.add_parser("pay", help="record a payment received; prints its id")
    _add_db(pay_pay, required=True)
    pay_pay.add_argument("ref", help="the deal's id, or an installment's")
    pay_pay.add_argument(
        "--amount", help="the amount paid (default what is left of the next installment)"
    )
    pay_pay.add_argument("--on", metavar="YYYY-MM-DD", help="the day it was paid (default today)")
    pay_pay.add_argument(
        "--method", choices=("transfer", "cash", "wechat", "alipay", "card", "cheque", "other")
    )
    pay_pay.add_argument("--note", default="")
    _add_lang(pay_pay)
    pay_pay.set_defaults(handler=cmd_payment)
    pay_list = payment_commands.add_parser(
        "list", help="payments overdue and due soon, or a card's or deal's plans"
    )
    _add_db(pay_list, required=True)
    pay_list.add_argument("--card", metavar="ID", help="every deal of this card")
    pay_list.add_argument("--deal", metavar="ID", help="this deal")
    pay_list.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the day to count from (default today)"
    )
    pay_list.add_argument("--days", type=int, default=7, help="due within these days (default 7)")
    pay_list.add_argument("--json", action="store_true")
    _add_lang(pay_list)
    pay_list.set_defaults(handler=cmd_payment)

    # Issue 20: the credit limit of each credit standing (Preferences > Credit).
    credit = commands.add_parser("credit", help="credit limits by credit standing")
    credit_commands = credit.add_subparsers(
        dest="credit_command", parser_class=_Parser, required=True
    )
    limits = credit_commands.add_parser(
        "limits", help="show the open balance each credit standing allows, or set it"
    )
    _add_db(limits, required=True)
    limits.add_argument(
        "--set",
        nargs="+",
        metavar="STANDING=AMOUNT",
        help="e.g. poor=0 normal=50000 good=200000; none: no limit",
    )
    limits.add_argument("--json", action="store_true")
    _add_lang(limits)
    limits.set_defaults(handler=cmd_credit)

    # Issue 20: handing cards over to a successor.
    hand = commands.add_parser(
        "handover", help="give cards to another owner, with a pack for the successor"
    )
    _add_db(hand, required=True)
    chooser = hand.add_mutually_exclusive_group(required=True)
    chooser.add_argument(
        "--from-owner", dest="from_owner", metavar="NAME", help="this owner's cards"
    )
    chooser.add_argument("--area", metavar="A", help="the cards of this area")
    chooser.add_argument("--ids", metavar="FILE", help="a file of card ids, one a line")
    hand.add_argument("--grades", metavar="AB", help="only cards of these grades")
    hand.add_argument("--to-owner", dest="to_owner", metavar="NAME", required=True)
    hand.add_argument(
        "--pack", metavar="DIR", help="write a workbook and a sync file of the cards here"
    )
    hand.add_argument("--json", action="store_true")
    _add_lang(hand)
    hand.set_defaults(handler=cmd_handover)

    sync = commands.add_parser("sync", help="sync by copying files between laptops")
    sync_commands = sync.add_subparsers(dest="sync_command", parser_class=_Parser, required=True)
    sync_export = sync_commands.add_parser("export", help="write this database's sync file")
    _add_db(sync_export, required=True)
    sync_export.add_argument(
        "--out", required=True, metavar="FILE", help="FILE.salesdesk, or a folder (default name)"
    )
    sync_export.add_argument(  # issue 23: delta sync files
        "--for",
        dest="reader",
        metavar="PEER",
        help="write only what this laptop (a device name from the merge reports) lacks, "
        "known from the last file merged from it; a full file when nothing is known",
    )
    sync_export.add_argument(
        "--full", action="store_true", help="write a full sync file even for a known laptop"
    )
    # Issue 22: sync files encrypted with the team's passphrase.
    encryption = sync_export.add_mutually_exclusive_group()
    encryption.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt the file with the team passphrase (the default when the encrypted "
        "database keeps it)",
    )
    encryption.add_argument(
        "--plain",
        action="store_true",
        help="write a plain file even when the database keeps a team passphrase",
    )
    sync_export.add_argument(
        "--team-passphrase-env",
        metavar="NAME",
        help="the environment variable holding the team passphrase (default: ask)",
    )
    sync_export.set_defaults(handler=cmd_sync_export)
    sync_merge = sync_commands.add_parser("merge", help="merge sync files or SalesDesk databases")
    _add_db(sync_merge, required=True)
    sync_merge.add_argument("files", nargs="+", metavar="FILE")
    sync_merge.add_argument("--dry-run", action="store_true", help="show what would change")
    sync_merge.add_argument("--json", action="store_true")
    sync_merge.add_argument(
        "--team-passphrase-env",
        metavar="NAME",
        help="the environment variable holding the team passphrase (default: ask)",
    )
    sync_merge.set_defaults(handler=cmd_sync_merge)
    sync_team = sync_commands.add_parser(
        "team", help="keep the team passphrase in this (encrypted) database, or forget it"
    )
    _add_db(sync_team, required=True)
    sync_team.add_argument(
        "--team-passphrase-env",
        metavar="NAME",
        help="the environment variable holding the team passphrase (default: ask)",
    )
    sync_team.add_argument("--clear", action="store_true", help="forget the team passphrase")
    sync_team.set_defaults(handler=cmd_sync_team)

    hub_parser = commands.add_parser("hub", help="sync through a team hub on PostgreSQL")
    hub_commands = hub_parser.add_subparsers(
        dest="hub_command", parser_class=_Parser, required=True
    )
    hub_init = hub_commands.add_parser(
        "init", help="set up the team hub's tables in a PostgreSQL database"
    )
    hub_join = hub_commands.add_parser("join", help="make this database sync with a team hub")
    hub_sync = hub_commands.add_parser(
        "sync", help="pull what the team hub has, push what it lacks"
    )
    for sub in (hub_init, hub_join):
        _add_hub_address(sub)
    _add_db(hub_join, required=True)
    _add_db(hub_sync, required=True)
    hub_sync.add_argument("--json", action="store_true")
    for sub in (hub_init, hub_join, hub_sync):
        _add_hub_password(sub)
    hub_user = hub_commands.add_parser("user", help="the team's hub users (for the hub's owner)")
    user_commands = hub_user.add_subparsers(
        dest="user_command", parser_class=_Parser, required=True
    )
    user_add = user_commands.add_parser("add", help="add a salesperson or manager, or change one")
    user_add.add_argument("name", metavar="LOGIN", help="their PostgreSQL login name")
    user_add.add_argument(
        "--owner", metavar="NAME", help="the owner name on their cards (default: LOGIN)"
    )
    user_add.add_argument("--role", choices=("salesperson", "manager"), default="salesperson")
    user_add.add_argument(
        "--user-password-env",
        metavar="VAR",
        help="read the new user's password from this environment variable (default: asked)",
    )
    user_remove = user_commands.add_parser("remove", help="take a user off the hub")
    user_remove.add_argument("name", metavar="LOGIN")
    user_list = user_commands.add_parser("list", help="the hub's users and their roles")
    user_list.add_argument("--json", action="store_true")
    for sub in (user_add, user_remove, user_list):
        _add_hub_address(sub)
        _add_hub_password(sub)
        sub.set_defaults(handler=cmd_hub_user)
    hub_team = hub_commands.add_parser(
        "team", help="the manager's team view: figures by salesperson, read from the hub"
    )
    _add_hub_address(hub_team)
    _add_hub_password(hub_team)
    hub_team.add_argument("--owner", metavar="NAME", help="one salesperson (the cards' owner)")
    hub_team.add_argument("--period", choices=("3m", "12m", "all"), default="12m")
    hub_team.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    hub_team.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    hub_team.add_argument("--out", metavar="FILE.xlsx", help="write the team's workbook")
    hub_team.add_argument("--json", action="store_true")
    hub_team.set_defaults(handler=cmd_hub_team)
    hub_share = hub_commands.add_parser(
        "share", help="share a card with a colleague (for its owner or a manager)"
    )
    hub_unshare = hub_commands.add_parser("unshare", help="take back a card's share")
    for sub in (hub_share, hub_unshare):
        _add_db(sub)
        sub.add_argument("--card", required=True, metavar="ID", help="the card's id")
        sub.add_argument(
            "--with",
            dest="colleague",
            required=True,
            metavar="NAME",
            help="the colleague: their hub login or the owner name on their cards",
        )
        sub.add_argument(
            "--url", metavar="URL", help="the hub (default: the one the database joined)"
        )
        sub.add_argument("--user", metavar="NAME", help="the PostgreSQL user (with --url)")
        _add_hub_password(sub)
        sub.set_defaults(handler=cmd_hub_share)
    hub_init.set_defaults(handler=cmd_hub_init)
    hub_join.set_defaults(handler=cmd_hub_join)
    hub_sync.set_defaults(handler=cmd_hub_sync)

    imp = commands.add_parser("import", help="import cards from .xlsx, .csv or .vcf")
    _add_db(imp, required=True)
    imp.add_argument("file", metavar="FILE", help="the .xlsx, .csv or .vcf file")
    imp.add_argument("--dry-run", action="store_true", help="show what would be imported")
    imp.add_argument("--json", action="store_true")
    imp.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "create"),
        default="skip",
        help="rows that are a card already there (same e-mail, mobile, or name and company, "
        "and a name that agrees); default skip. A shared landline never updates a card",
    )
    imp.add_argument("--encoding", metavar="ENC", help="the CSV's encoding (default: detected)")
    imp.add_argument("--delimiter", metavar="D", help="the CSV's delimiter (default: detected)")
    imp.add_argument(
        "--date-order",
        choices=("ymd", "dmy", "mdy"),
        default=None,
        help="how to read dates such as 3/5/2025 when the column does not tell (mdy: March 5)",
    )
    imp.add_argument("--sheet", metavar="NAME", help="the workbook sheet of people to import")
    imp.add_argument(
        "--no-deals", action="store_true", help="do not import a workbook's sheet of deals"
    )
    imp.set_defaults(handler=cmd_import)

    scan_cmd = commands.add_parser(
        "scan", help="read business card images (offline OCR) into new cards"
    )
    _add_db(scan_cmd, required=True)
    scan_cmd.add_argument(
        "images",
        nargs="+",
        metavar="IMAGE",
        help="PNG, JPEG, HEIC, WebP … images, or PDFs of scanned cards (a card a page)",
    )
    scan_cmd.add_argument("--dry-run", action="store_true", help="show the fields, save nothing")
    scan_cmd.add_argument(
        "--two-sided",
        action="store_true",
        help="the images are pairs, front then back of one card: one card from each pair",
    )
    scan_cmd.add_argument("--json", action="store_true")
    scan_cmd.add_argument(
        "--on-duplicate",
        choices=("skip", "update", "create"),
        default="skip",
        help="a card with the same mobile or e-mail, or name and company: skip it (default), "
        "add the scan's new details to it, or make a new card anyway",
    )
    scan_cmd.set_defaults(handler=cmd_scan)

    chart = commands.add_parser("chart", help="save a chart of grades or visits as PNG or SVG")
    _add_db(chart, required=True)
    chart.add_argument(
        "--kind",
        required=True,
        choices=(
            "grades-over-time",
            "movement",
            "card-path",
            "time-to-a",
            "visits",
            "loyalty",
            "complaints",
        ),
    )
    chart.add_argument("--out", required=True, metavar="FILE", help="FILE.png or FILE.svg")
    chart.add_argument("--card", metavar="ID", help="the card of a card-path chart")
    chart.add_argument(
        "--period", choices=("3m", "12m", "all"), default="12m", help="default: last 12 months"
    )
    chart.add_argument("--from", dest="start", metavar="DATE", help="custom period start")
    chart.add_argument("--to", dest="end", metavar="DATE", help="custom period end")
    _add_lang(chart)
    chart.set_defaults(handler=cmd_chart)

    dump = commands.add_parser("dump", help="every synced row as canonical JSON")
    _add_db(dump, required=True)
    dump.set_defaults(handler=cmd_dump)

    _add_db_commands(commands)
    _add_person_commands(commands)

    selftest = commands.add_parser("selftest", help="open every main view offscreen")
    selftest.add_argument("--screenshots", metavar="DIR", help="save a PNG of each view here")
    selftest.add_argument(
        "--lang",
        choices=("zh_CN", "en", "pseudo"),
        default=argparse.SUPPRESS,
        help="the window's language; pseudo pads every string to find clipped layouts",
    )
    selftest.set_defaults(handler=cmd_selftest)
    return parser


def _ensure_streams() -> None:
    # A windowed build (PyInstaller on Windows, a macOS .app) starts with sys.stdout and
    # sys.stderr set to None: writing JSON or the `ready` line there would raise.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _lang_in(argv: Sequence[str]) -> str | None:
    """The --lang given, read before argparse so that its own messages follow it too."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    _ensure_streams()
    parser = build_parser()
    given = list(sys.argv[1:] if argv is None else argv)
    set_language(_lang(argparse.Namespace(lang=_lang_in(given))))
    args = parser.parse_args(argv)
    set_language(_lang(args))  # the command line's messages follow --lang or the locale
    handler: Handler | None = getattr(args, "handler", None)
    try:
        if handler is None:
            # No Qt: the keychain, the key and the card rows, on a thread beside Qt's
            # import and start (services.startahead).
            from salesdesk.ui import keychain

            path = _db_path(args)
            keychain.unlock_ahead(Path(path).expanduser())
            from salesdesk.ui.app import run_window

            return run_window(path, lang=args.lang)
        return handler(args)
    except UserError as error:
        print(f"salesdesk: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"salesdesk: {localize('interrupted')}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except Exception as error:
        # A damaged file (SQLite's own error, or peewee's wrapping of it) is bad input too.
        import sqlite3

        from peewee import DatabaseError as PeeweeDatabaseError

        from salesdesk.models.cipher import errors

        if not isinstance(error, (sqlite3.DatabaseError, PeeweeDatabaseError, *errors())):
            raise
        where = getattr(args, "db", None) or localize("the database")
        message = localize(f"{where} is damaged or not a SalesDesk database ({error}).")
        print(f"salesdesk: {message}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
