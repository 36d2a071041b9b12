"""Reading and changing contacts: lookup by id or name, reporting lines, and the account map."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Connection
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from kamctl.domain.account_map import RECENT_DAYS, AccountMap, Interaction, MapContact
from kamctl.domain.contacts import AccountRef, ExistingContact, PlannedContact, reporting_cycle
from kamctl.domain.names import as_id, did_you_mean
from kamctl.errors import Conflict, InvalidValue, NotFound
from kamctl.i18n import _
from kamctl.store.bulk import BULK_CHUNK, chunks, insert_rows, reserve_ids
from kamctl.store.engine import all_for_change, get_for_change
from kamctl.store.models import Account, Contact, LogContact, LogEntry


def _latest_contact():
    """The moment of the latest log entry that names the contact (a correlated MAX per contact).

    It walks the (contact_id, log_entry_id) index of log_contact: cheap per contact, however
    long the log.
    """
    return (
        select(func.max(LogEntry.occurred_at))
        .join(LogContact, col(LogContact.log_entry_id) == LogEntry.id)
        .where(LogContact.contact_id == Contact.id)
        .correlate(Contact)
        .scalar_subquery()
    )


def find_contact(
    ref: str, *, session: Session, account: Account | None = None, attach: bool = False
) -> Contact:
    """A contact by numeric id, by name (case-insensitive, exact) or else by its reading (`やまだ
    たろう` finds 山田 太郎), optionally within `account`. Read for change in a write transaction
    unless the change only `attach`es a row to it (see `find_account`).

    A name on more than one account's map needs the account; an unknown one gets suggestions.
    """
    text = ref.strip()
    if (number := as_id(text)) is not None:
        contact = session.get(Contact, number) if attach else get_for_change(Contact, number, session=session)
        if contact is not None and (account is None or contact.account_id == account.id):
            return contact
    query = select(Contact, Account.name).join(Account, col(Account.id) == Contact.account_id)
    if account is not None:
        query = query.where(Contact.account_id == account.id)
    query = query.order_by(Account.name_key, Contact.id)

    def read(matching: Any) -> list[Any]:
        return (
            list(session.exec(matching).all())
            if attach
            else all_for_change(matching, session=session, of=Contact)
        )

    found = read(query.where(Contact.name_key == text.casefold()))
    if not found:
        # Readings are few and not indexed: looked at only when no name matches.
        found = read(query.where(func.lower(Contact.reading) == text.lower()))
    if len(found) == 1:
        return found[0][0]
    if len(found) > 1:
        place = _("{account} (id {id})")
        places = ", ".join(place.format(account=name, id=contact.id) for contact, name in found)
        message = _("{count} contacts are named {name}: {places}; add --account ACCOUNT")
        raise InvalidValue(message.format(count=len(found), name=repr(ref), places=places))
    names_query = select(Contact.name)
    message = _("no contact {name}").format(name=repr(ref))
    if account is not None:
        names_query = names_query.where(Contact.account_id == account.id)
        message = _("no contact {name} in {account}").format(name=repr(ref), account=account.name)
    names = session.exec(names_query).all()
    raise NotFound(message + did_you_mean(text, names))


def account_name(contact: Contact, *, session: Session) -> str:
    return session.exec(select(Account.name).where(Account.id == contact.account_id)).one()


def ensure_contact_name_free(
    account: Account, name: str, *, session: Session, ignore_id: int | None = None
) -> None:
    """Names are unique within one account's map, case-insensitively: a name must say who is meant."""
    query = select(Contact).where(Contact.account_id == account.id, Contact.name_key == name.casefold())
    for existing in session.exec(query).all():
        if existing.id != ignore_id:
            message = _("{account} already has a contact named {name} (id {id})")
            raise Conflict(message.format(account=account.name, name=repr(existing.name), id=existing.id))


def find_manager(ref: str, account: Account, *, session: Session) -> Contact:
    """The contact `ref` names as a manager: it must be on the same account's map (SPEC §5)."""
    text = ref.strip()
    if (number := as_id(text)) is not None:
        other = session.get(Contact, number)
        if other is not None and other.account_id != account.id:
            elsewhere = account_name(other, session=session)
            message = _(
                "{name} (id {id}) is a contact of {elsewhere}, not of {account}: "
                "reporting lines stay within one account"
            )
            raise Conflict(
                message.format(name=other.name, id=other.id, elsewhere=elsewhere, account=account.name)
            )
    try:
        return find_contact(ref, session=session, account=account)
    except NotFound as exc:
        others = session.exec(
            select(Account.name)
            .join(Contact, col(Contact.account_id) == Account.id)
            .where(Contact.name_key == text.casefold(), Account.id != account.id)
        ).all()
        if others:
            message = _(
                "{name} is a contact of {elsewhere}, not of {account}: "
                "reporting lines stay within one account"
            )
            elsewhere = ", ".join(sorted(set(others)))
            shown = message.format(name=repr(ref), elsewhere=elsewhere, account=account.name)
            raise Conflict(shown) from None
        raise exc from None


def _managers(account_id: int, *, session: Session) -> dict[int, int | None]:
    rows = session.exec(select(Contact.id, Contact.reports_to_id).where(Contact.account_id == account_id))
    return dict(rows.all())


def _names(account_id: int, *, session: Session) -> dict[int, str]:
    return dict(session.exec(select(Contact.id, Contact.name).where(Contact.account_id == account_id)).all())


def check_reporting_line(contact: Contact, manager: Contact | None, *, session: Session) -> None:
    """Refuse a manager that would close a loop of reporting lines (SPEC §5: no cycles)."""
    if manager is None:
        return
    managers = _managers(contact.account_id, session=session)
    cycle = reporting_cycle(managers, contact.id, manager.id)  # type: ignore[arg-type]
    if cycle:
        names = _names(contact.account_id, session=session)
        chain = " → ".join(names[person] for person in cycle)
        message = _("{name} cannot report to {manager}: that would form a cycle {chain}")
        raise Conflict(message.format(name=contact.name, manager=manager.name, chain=chain))


def add_contact(
    account: Account, values: Mapping[str, Any], *, reports_to: str | None, now: datetime, session: Session
) -> Contact:
    """A new contact on `account`'s map from checked values; `reports_to` names its manager."""
    ensure_contact_name_free(account, values["name"], session=session)
    manager = find_manager(reports_to, account, session=session) if reports_to else None
    contact = Contact(
        **dict(values),
        account_id=account.id,
        name_key=values["name"].casefold(),
        reports_to_id=manager.id if manager else None,
        created_at=now,
        updated_at=now,
    )
    session.add(contact)
    session.flush()
    return contact


UNCHANGED = object()
"""`reports_to` of `change_contact` when the manager stays as it is."""


def change_contact(
    contact: Contact,
    changes: Mapping[str, Any],
    *,
    reports_to: Any = UNCHANGED,
    now: datetime,
    session: Session,
) -> list[str]:
    """Apply checked `changes` (and a new manager: a name, or None for none); the fields that changed."""
    account = session.get(Account, contact.account_id)
    if "name" in changes and changes["name"] != contact.name:
        ensure_contact_name_free(account, changes["name"], session=session, ignore_id=contact.id)  # type: ignore[arg-type]
    changed = []
    for name, value in changes.items():
        if getattr(contact, name) != value:
            setattr(contact, name, value)
            changed.append(name)
    if "name" in changed:
        contact.name_key = contact.name.casefold()
    if reports_to is not UNCHANGED:
        manager = find_manager(reports_to, account, session=session) if reports_to else None  # type: ignore[arg-type]
        check_reporting_line(contact, manager, session=session)
        new_id = manager.id if manager else None
        if new_id != contact.reports_to_id:
            contact.reports_to_id = new_id
            changed.append("reports_to")
    if changed:
        contact.updated_at = now
        session.add(contact)
        session.flush()
    return changed


def remove_contact(contact: Contact, *, session: Session) -> int:
    """Removes the contact; its reports lose their manager (ON DELETE SET NULL). Returns how many did."""
    reports = session.exec(select(func.count()).where(Contact.reports_to_id == contact.id)).one()
    session.delete(contact)
    session.flush()
    return reports


@dataclass(frozen=True)
class ContactRow:
    contact: Contact
    account: str
    reports_to: str | None
    last_contact: datetime | None


def list_contacts(
    *,
    session: Session,
    account: Account | None = None,
    role: str | None = None,
    stance: str | None = None,
    ids: Sequence[int] | None = None,
) -> list[ContactRow]:
    """Contacts with their account, manager's name and latest log entry, by account then name."""
    manager = aliased(Contact)
    query = (
        select(Contact, Account.name, manager.name, _latest_contact())
        .join(Account, col(Account.id) == Contact.account_id)
        .outerjoin(manager, col(manager.id) == Contact.reports_to_id)
    )
    if account is not None:
        query = query.where(Contact.account_id == account.id)
    if role:
        query = query.where(Contact.role == role)
    if stance:
        query = query.where(Contact.stance == stance)
    if ids is not None:
        query = query.where(col(Contact.id).in_(list(ids)))
    query = query.order_by(Account.name_key, Contact.left, Contact.name_key, Contact.id)
    return [ContactRow(contact, name, boss, last) for contact, name, boss, last in session.exec(query).all()]


def contact_log(contact: Contact, *, session: Session, limit: int = 5) -> list[LogEntry]:
    """The latest log entries that name the contact, newest first."""
    query = (
        select(LogEntry)
        .join(LogContact, col(LogContact.log_entry_id) == LogEntry.id)
        .where(LogContact.contact_id == contact.id)
        .order_by(col(LogEntry.occurred_at).desc(), col(LogEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def direct_reports(contact: Contact, *, session: Session) -> list[Contact]:
    query = select(Contact).where(Contact.reports_to_id == contact.id).order_by(Contact.name_key)
    return list(session.exec(query).all())


# ---------------------------------------------------------------------------------------------
# The account map.


def load_account_map(account: Account, *, session: Session, now: datetime) -> AccountMap:
    """The account's contacts with their latest contact, and the log entries of the findings' window.

    Two indexed queries whatever the size of the log: the contacts of one account, and the
    account's entries of the last 180 days that name contacts.
    """
    rows = session.exec(
        select(Contact, _latest_contact()).where(Contact.account_id == account.id).order_by(Contact.id)
    ).all()
    contacts = [
        MapContact(
            id=contact.id,  # type: ignore[arg-type]
            name=contact.name,
            title=contact.title,
            role=contact.role,
            influence=contact.influence,
            stance=contact.stance,
            reports_to=contact.reports_to_id,
            our_contact=contact.our_contact,
            last_contact=last,
            left=contact.left,
            reading=contact.reading,
        )
        for contact, last in rows
    ]
    # One day more than the window: the domain decides the boundary in local calendar days.
    since = now - timedelta(days=RECENT_DAYS + 1)
    entries = session.exec(
        select(LogEntry.id, LogEntry.occurred_at, LogContact.contact_id)
        .join(LogContact, col(LogContact.log_entry_id) == LogEntry.id)
        .where(LogEntry.account_id == account.id, col(LogEntry.occurred_at) >= since)
    ).all()
    moments: dict[int, datetime] = {}
    people: dict[int, set[int]] = {}
    for entry_id, when, contact_id in entries:
        moments[entry_id] = when
        people.setdefault(entry_id, set()).add(contact_id)
    interactions = [Interaction(moments[entry], frozenset(people[entry])) for entry in moments]
    return AccountMap(account.id, account.name, contacts, interactions)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Imports.


def account_refs(*, session: Session | Connection) -> dict[str, AccountRef]:
    """Every account by casefolded name and by id (as text), for resolving an import's `account` column."""
    refs: dict[str, AccountRef] = {}
    for account_id, name in session.execute(select(Account.id, Account.name)).all():
        ref = AccountRef(account_id, name)
        refs[name.casefold()] = ref
        refs[str(account_id)] = ref
    return refs


def existing_contacts(
    account_ids: Sequence[int] | None, *, session: Session | Connection
) -> dict[int, list[ExistingContact]]:
    """The contacts on the maps of `account_ids` (None: of every account), by account."""
    found: dict[int, list[ExistingContact]] = {account_id: [] for account_id in account_ids or ()}
    query = select(Contact.account_id, Contact.id, Contact.name, Contact.reports_to_id).order_by(Contact.id)
    if account_ids is not None:
        if not account_ids:
            return found
        query = query.where(col(Contact.account_id).in_(list(account_ids)))
    for account_id, contact_id, name, manager in session.execute(query).all():
        found.setdefault(account_id, []).append(ExistingContact(contact_id, name, manager))
    return found


def ensure_maps_unchanged(
    checked: Mapping[int, Sequence[ExistingContact]], *, connection: Connection
) -> None:
    """Inside the write transaction: the maps an import was checked against are still as they were
    (no account removed, no contact added, renamed or moved meanwhile); Conflict otherwise."""
    now = existing_contacts(sorted(checked), session=connection)
    # The accounts are locked as `contacts add` locks its account: no map changes until the end.
    locked = select(Account.id).where(col(Account.id).in_(list(checked))).with_for_update()
    present = set(connection.execute(locked).scalars())
    for account_id, contacts in checked.items():
        if account_id not in present or list(contacts) != now.get(account_id, []):
            raise Conflict(
                _(
                    "contacts changed while the file was being checked; nothing was imported "
                    "(run the import again)"
                )
            )


def contact_uids(*, session: Session | Connection) -> dict[str, tuple[int, int]]:
    """Every contact's vCard UID (the card's it came from, else the one kamctl exports it with)
    → (account id, contact id): a card imported again finds its contact."""
    from kamctl.domain.contacts import contact_uid
    from kamctl.store.engine import database_id

    connection = session.connection() if isinstance(session, Session) else session
    this_database = database_id(connection)
    rows = connection.execute(select(Contact.id, Contact.account_id, Contact.vcard_uid)).all()
    return {uid or contact_uid(this_database, contact_id): (account_id, contact_id)
            for contact_id, account_id, uid in rows}  # fmt: skip


def vcard_identities(ids: Sequence[int], *, session: Session) -> dict[int, tuple[str, datetime]]:
    """The UID and last change (REV) of each contact in `ids`, for its vCard."""
    from kamctl.domain.contacts import contact_uid
    from kamctl.store.engine import database_id

    this_database = database_id(session.connection())
    found: dict[int, tuple[str, datetime]] = {}
    for part in chunks(list(ids), BULK_CHUNK):
        query = select(Contact.id, Contact.vcard_uid, Contact.updated_at).where(col(Contact.id).in_(part))
        for contact_id, uid, updated in session.exec(query).all():
            found[contact_id] = (uid or contact_uid(this_database, contact_id), updated)
    return found


_IMPORTED = (
    "id", "account_id", "name", "name_key", "reading", "title", "role", "influence", "stance",
    "reports_to_id", "our_contact", "email", "phone", "cadence_days", "notes", "left", "vcard_uid",
    "created_at", "updated_at",
)  # fmt: skip
"""The columns `insert_planned` writes."""


def insert_planned(planned: Sequence[PlannedContact], *, now: datetime, connection: Connection) -> int:
    """Write a checked import plan set-based, inside the caller's write transaction; returns how
    many contacts were added or updated.

    Ids of new contacts are given up front, so a contact reporting to an earlier row of the file
    (or to one on the map) goes in with its manager set; one reporting to a later row gets it by
    an update once that row exists (the foreign key is checked as each row goes in). Rows that
    name a contact already there update it (only the fields the row gives), or leave it alone
    when skipped.
    """
    from sqlalchemy import bindparam, update

    contacts = Contact.__table__  # type: ignore[attr-defined]
    added = [index for index, row in enumerate(planned) if row.existing_id is None]
    ids = [row.existing_id for row in planned]
    for index, contact_id in zip(added, reserve_ids(connection, contacts, len(added)), strict=True):
        ids[index] = contact_id
    later: list[dict[str, int]] = []

    def manager_of(index: int, row: PlannedContact) -> int | None:
        if row.manager_row is None:
            return row.manager_existing
        manager = ids[row.manager_row]
        if planned[row.manager_row].existing_id is None and row.manager_row >= index:
            later.append({"_id": ids[index], "_manager": manager})  # type: ignore[dict-item]
            return None
        return manager

    def rows() -> Iterator[tuple[Any, ...]]:
        for index in added:
            row = planned[index]
            values = row.values
            name = values["name"]
            yield (
                ids[index], row.account.id, name, name.casefold(), values.get("reading"), values.get("title"),
                values.get("role"), values.get("influence"), values.get("stance"), manager_of(index, row),
                values.get("our_contact"), values.get("email"), values.get("phone"),
                values.get("cadence_days"), values.get("notes"), values.get("left", False), row.uid, now,
                row.revised or now,
            )  # fmt: skip

    insert_rows(connection, contacts, _IMPORTED, rows())
    # Updates set the fields each row gives: rows that give the same fields go as one executemany.
    by_fields: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for index, row in enumerate(planned):
        if row.existing_id is None or row.skip:
            continue
        values = {**row.values, "name_key": row.values["name"].casefold(), "updated_at": now}
        if row.uid:
            values["vcard_uid"] = row.uid
        if row.manager_row is not None or row.manager_existing is not None:
            values["reports_to_id"] = manager_of(index, row)
        by_fields.setdefault(tuple(sorted(values)), []).append({"_id": row.existing_id, **values})
    for fields, changes in by_fields.items():
        statement = (
            update(contacts)
            .where(contacts.c.id == bindparam("_id"))
            .values({name: bindparam(name) for name in fields})
        )
        for part in chunks(changes, BULK_CHUNK):
            connection.execute(statement, part)
    changed = sum(len(changes) for changes in by_fields.values())
    if later:
        statement = (
            update(contacts)
            .where(contacts.c.id == bindparam("_id"))
            .values(reports_to_id=bindparam("_manager"))
        )
        for part in chunks(later, BULK_CHUNK):
            connection.execute(statement, part)
    return len(added) + changed
