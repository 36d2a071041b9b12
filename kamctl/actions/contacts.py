"""Contacts: the account map — who is who at each customer, their reporting lines (SPEC §5)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kamctl.actions.imports import CheckedImport
from kamctl.domain.contacts import OnExisting, PlannedContact
from kamctl.i18n import _

if TYPE_CHECKING:
    from datetime import datetime

    from sqlmodel import Session

    from kamctl.actions.imports import RowWatcher
    from kamctl.actions.portfolio import Portfolio
    from kamctl.domain.account_map import AccountMap, Finding
    from kamctl.store.models import Contact


@dataclass(frozen=True)
class ContactList:
    """The contacts of `contacts list`; `account` is the one account asked for, if any."""

    account: str | None
    records: list[dict[str, Any]]


@dataclass(frozen=True)
class ContactCard:
    """One person: their record, who reports to them and the latest interactions with them."""

    record: dict[str, Any]
    direct_reports: list[str]
    recent_log: list[dict[str, Any]]


@dataclass(frozen=True)
class ContactChange:
    """What a change to one person did: who, on which account's map, and which fields changed
    (`orphans`: how many lost their manager when the person was removed)."""

    id: int
    name: str
    account: str
    fields: list[str]
    orphans: int = 0


@dataclass(frozen=True)
class MappedAccount:
    """An account's map and its coverage findings, as of one moment."""

    account_map: AccountMap
    findings: list[Finding]


@dataclass(frozen=True)
class ContactImport(CheckedImport[PlannedContact]):
    """A contact import, which fills the maps of one or more accounts; `skipped_cards` notes the
    cards of a vCard file that were not people."""

    skipped_cards: tuple[str, ...] = ()
    missing_accounts: list[str] = field(default_factory=list)
    """Accounts that rows (a vCard's ORG) name and that do not exist."""

    @property
    def accounts(self) -> list[str]:
        """The accounts whose maps the import fills, by name."""
        return sorted({row.account.name for row in self.checked}, key=str.casefold)

    @property
    def added(self) -> list[PlannedContact]:
        return [row for row in self.checked if row.existing_id is None]

    @property
    def updated(self) -> list[PlannedContact]:
        return [row for row in self.checked if row.existing_id is not None and not row.skip]

    @property
    def skipped(self) -> list[PlannedContact]:
        return [row for row in self.checked if row.skip]


def _contact_in(ref: str, account: str | None, *, session: Session) -> Contact:
    """A contact by id or name, on one account's map when `account` is given."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact

    found = find_account(account, session=session) if account else None
    return find_contact(ref, session=session, account=found)


def _record(row: Any) -> dict[str, Any]:
    from kamctl.domain.contacts import contact_record

    return contact_record(
        row.contact, account=row.account, reports_to=row.reports_to, last_contact=row.last_contact
    )


def add_contact(
    portfolio: Portfolio, account: str, fields: Mapping[str, Any], *, reports_to: str | None = None
) -> dict[str, Any]:
    """A new person on an account's map (`reports_to`: their manager, a contact of that account).
    Returns their record."""
    from kamctl.domain.contacts import check_contact_fields
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import add_contact as insert_contact
    from kamctl.store.queries.contacts import list_contacts

    values = check_contact_fields(fields)
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        contact = insert_contact(found, values, reports_to=reports_to, now=portfolio.utcnow, session=session)
        [row] = list_contacts(session=session, ids=[contact.id])
        return _record(row)


def list_contacts(
    portfolio: Portfolio, account: str | None = None, *, role: str | None = None, stance: str | None = None
) -> ContactList:
    """Every account's contacts (or one account's), left ones included, by account then name."""
    from kamctl.domain.contacts import check_contact_field
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import list_contacts as read_contacts

    role = check_contact_field("role", role) if role else None
    stance = check_contact_field("stance", stance) if stance else None
    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session) if account else None
        rows = read_contacts(session=session, account=found, role=role, stance=stance)
        return ContactList(found.name if found else None, [_record(row) for row in rows])


def contact_card(portfolio: Portfolio, contact: str, *, account: str | None = None) -> ContactCard:
    """One person: their place on the map and the latest interactions with them."""
    from kamctl.store.queries.contacts import contact_log, direct_reports, list_contacts

    with portfolio.store().transaction(write=False) as session:
        found = _contact_in(contact, account, session=session)
        [row] = list_contacts(session=session, ids=[found.id])
        return ContactCard(
            _record(row),
            [person.name for person in direct_reports(found, session=session)],
            [
                {"id": e.id, "when": e.occurred_at, "channel": e.channel, "kind": e.kind, "notes": e.notes}
                for e in contact_log(found, session=session)
            ],
        )


def change_contact(
    portfolio: Portfolio,
    contact: str,
    fields: Mapping[str, Any],
    *,
    account: str | None = None,
    reports_to: str | None = None,
) -> ContactChange:
    """Change a person's fields; `reports_to` names their new manager ("" for none, None: as it is)."""
    from kamctl.domain.contacts import check_contact_fields
    from kamctl.store.queries.contacts import UNCHANGED, account_name
    from kamctl.store.queries.contacts import change_contact as write_changes

    changes = check_contact_fields(fields)
    manager: Any = UNCHANGED if reports_to is None else (reports_to.strip() or None)
    with portfolio.store().transaction() as session:
        found = _contact_in(contact, account, session=session)
        changed = write_changes(found, changes, reports_to=manager, now=portfolio.utcnow, session=session)
        return ContactChange(found.id, found.name, account_name(found, session=session), changed)


def mark_left(
    portfolio: Portfolio, contact: str, *, account: str | None = None, left: bool = True
) -> ContactChange:
    """Mark a person as having left the company (kept on the map, greyed out), or as back."""
    from kamctl.store.queries.contacts import account_name
    from kamctl.store.queries.contacts import change_contact as write_changes

    with portfolio.store().transaction() as session:
        found = _contact_in(contact, account, session=session)
        changed = write_changes(found, {"left": left}, now=portfolio.utcnow, session=session)
        return ContactChange(found.id, found.name, account_name(found, session=session), changed)


def remove_contact(
    portfolio: Portfolio, contact: str, *, account: str | None = None, confirm: Callable[[str, str], None]
) -> ContactChange:
    """Remove a person from the map (log entries stay, without them); `confirm(name, account)`
    raises to refuse."""
    from kamctl.store.queries.contacts import account_name
    from kamctl.store.queries.contacts import remove_contact as delete_contact

    with portfolio.store().transaction() as session:
        found = _contact_in(contact, account, session=session)
        where = account_name(found, session=session)
        confirm(found.name, where)
        removed = (found.id, found.name)
        orphans = delete_contact(found, session=session)
    return ContactChange(*removed, where, [], orphans)


def account_map(portfolio: Portfolio, account: str) -> MappedAccount:
    """The account's org chart and its coverage findings, as of `portfolio.now`."""
    from kamctl.domain.account_map import find_coverage_gaps
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import load_account_map

    now = portfolio.now
    with portfolio.store().transaction(write=False) as session:
        the_map = load_account_map(find_account(account, session=session), session=session, now=now)
    return MappedAccount(the_map, find_coverage_gaps(the_map.contacts, the_map.interactions, now=now))


def import_contacts(
    portfolio: Portfolio,
    file: Path,
    *,
    account: str | None = None,
    on_existing: OnExisting = OnExisting.refuse,
    dry_run: bool = False,
    watch: RowWatcher | None = None,
    encoding: str | None = None,
) -> ContactImport:
    """Import people from CSV, JSON or vCard 2.1/3.0/4.0 into `account`'s map, or each row's
    `account` (a vCard's ORG): every row checked first, all rows or none. A row naming a contact
    already on the map is refused, updated or skipped (`on_existing`); a card whose UID is known
    always names its contact (updated, or skipped with `skip`)."""
    import contextlib

    from kamctl.domain.contacts import AccountRef, field_for_header, plan_contact_import
    from kamctl.errors import InvalidValue
    from kamctl.io.rows import CountedRows, RowFile, source_rows
    from kamctl.io.vcard import is_vcard_file, read_address_book
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import (
        account_refs,
        contact_uids,
        ensure_maps_unchanged,
        existing_contacts,
        insert_planned,
    )

    is_vcard = is_vcard_file(file)
    store = portfolio.store()
    skipped_cards: list[str] = []
    # Every row is read and checked before the write lock is taken: other commands wait for the
    # writing only. A CSV or JSON file is checked as it is read, never held whole.
    with store.transaction(write=False) as session, contextlib.ExitStack() as stack:
        target = None
        if account:
            found = find_account(account, session=session)
            target = AccountRef(found.id, found.name)  # type: ignore[arg-type]
        refs = account_refs(session=session)
        uids = None
        read: dict[str, Any] = {"encoding": "vCard"}
        if is_vcard:
            book = read_address_book(file.read_bytes())
            skipped_cards = book.skipped
            counted = CountedRows(book.rows)
            uids = contact_uids(session=session)
        else:
            source = stack.enter_context(RowFile(file, encoding=encoding))
            checking = _("Checking contacts")
            counted = CountedRows(source_rows(watch(source, checking) if watch else source))
        # A known card may live on another account than --account names: its map is checked too.
        maps = [target.id] if target and not uids else None
        existing = existing_contacts(maps, session=session)
        planned, problems, missing = plan_contact_import(
            counted, target=target, accounts=refs, existing=existing, on_existing=on_existing, uids=uids
        )
        if not is_vcard:
            read = {"encoding": source.shown_encoding, "ignored": source.ignored(field_for_header)}
    if not counted.count and not skipped_cards:
        raise InvalidValue(_("{file} holds no contacts").format(file=file))
    cards = tuple(skipped_cards)
    done = ContactImport(
        planned, problems, counted.count, False, skipped_cards=cards, missing_accounts=missing, **read
    )
    if problems or dry_run or not planned:
        return done
    involved = {row.account.id: existing.get(row.account.id, []) for row in planned}
    with store.connection(write=True) as connection:
        ensure_maps_unchanged(involved, connection=connection)
        insert_planned(planned, now=portfolio.utcnow, connection=connection)
    return ContactImport(planned, problems, counted.count, True, skipped_cards=cards, **read)


@dataclass(frozen=True)
class ContactExport:
    """The contacts of an export, and each one's vCard UID and last change by contact id."""

    records: list[dict[str, Any]]
    cards: dict[int, tuple[str, datetime]]


def export_contacts(portfolio: Portfolio, account: str | None = None) -> ContactExport:
    """Every contact (or one account's), in the shape `import_contacts` reads."""
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import list_contacts as read_contacts
    from kamctl.store.queries.contacts import vcard_identities

    with portfolio.store().transaction(write=False) as session:
        found = find_account(account, session=session) if account else None
        records = [_record(row) for row in read_contacts(session=session, account=found)]
        return ContactExport(records, vcard_identities([record["id"] for record in records], session=session))
