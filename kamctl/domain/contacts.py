"""Contacts: the fields of SPEC §5, their allowed values, and checking an import before it is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any, NamedTuple

from kamctl.domain.accounts import Rule, check_number
from kamctl.domain.cells import CheckedCells
from kamctl.domain.names import as_id, did_you_mean, not_one_of
from kamctl.errors import InvalidValue
from kamctl.i18n import NP_, _, pgettext

ROLES = (
    "decision-maker",
    "economic-buyer",
    "influencer",
    "champion",
    "technical",
    "user",
    "gatekeeper",
    "other",
)
"""A contact's part in the buying decision."""

STANCES = ("champion", "supporter", "neutral", "skeptic", "blocker")
"""How a contact stands towards us, from best to worst."""

DECISION_ROLES = ("decision-maker", "economic-buyer")
"""The people who decide or sign: SPEC §5 wants at least one on every map, and not cold."""

FIELDS = (
    "name",
    "reading",
    "title",
    "role",
    "influence",
    "stance",
    "reports_to",
    "our_contact",
    "email",
    "phone",
    "cadence_days",
    "notes",
    "left",
)
"""Fields a user sets with `add`/`edit`/`import`, in the order of SPEC §5. `reports_to` names a
contact of the same account (by name or id); the store resolves it."""

RULES: dict[str, Rule] = {
    "name": Rule("text", required=True),
    "reading": Rule("text"),
    "title": Rule("text"),
    "role": Rule("choice", choices=ROLES),
    "influence": Rule("int", 1, 5),
    "stance": Rule("choice", choices=STANCES),
    "reports_to": Rule("text"),
    "our_contact": Rule("text"),
    "email": Rule("email"),
    "phone": Rule("text"),
    "cadence_days": Rule("int", 1, 3650),
    "notes": Rule("text"),
    "left": Rule("bool", required=True),
}

# local@domain.tld, with no spaces and one @: enough to catch a phone number or a name typed into
# the e-mail field, without refusing real (also internationalised) addresses.
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")

HEADER_ALIASES = {
    # Field names, and the headers of common address-book and CRM exports.
    "full_name": "name",
    "contact_name": "name",
    "contact": "name",
    "display_name": "name",
    "furigana": "reading",
    "phonetic_name": "reading",
    "name_reading": "reading",
    "yomi": "reading",
    "job_title": "title",
    "position": "title",
    "buying_role": "role",
    "manager": "reports_to",
    "reports_to_name": "reports_to",
    "owner": "our_contact",
    "contact_owner": "our_contact",
    "relationship_owner": "our_contact",
    "e_mail": "email",
    "email_address": "email",
    "e_mail_address": "email",
    "telephone": "phone",
    "phone_number": "phone",
    "mobile": "phone",
    "mobile_phone": "phone",
    "cadence": "cadence_days",
    "note": "notes",
    "description": "notes",
    "has_left": "left",
    "account_name": "account",
    "company": "account",
    "company_name": "account",
    "organization": "account",
    "organisation": "account",
    # The name in parts, as Salesforce, HubSpot and Japanese address books export it.
    "first_name": "given_name",
    "given_name": "given_name",
    "名": "given_name",
    "last_name": "family_name",
    "family_name": "family_name",
    "surname": "family_name",
    "姓": "family_name",
}
NAME_PARTS = ("family_name", "given_name")
"""Columns that make the name together when there is no `name` column (`First Name`, `Last Name`)."""


@cache
def field_for_header(header: str) -> str | None:
    """The contact field (or `account`) an import column means; None for columns kamctl ignores.
    (Cached: an import asks once per cell, of a handful of headers.)"""
    key = re.sub(r"[\s\-]+", "_", header.strip().casefold())
    if key in FIELDS or key == "account":
        return key
    return HEADER_ALIASES.get(key)


FIELD_WORDS = (
    NP_("contact field", "name"),
    NP_("contact field", "reading"),
    NP_("contact field", "title"),
    NP_("contact field", "role"),
    NP_("contact field", "influence"),
    NP_("contact field", "stance"),
    NP_("contact field", "reports to"),
    NP_("contact field", "our contact"),
    NP_("contact field", "email"),
    NP_("contact field", "phone"),
    NP_("contact field", "cadence days"),
    NP_("contact field", "notes"),
    NP_("contact field", "left"),
)
"""Contact fields as messages name them, marked for the catalog (`reports_to` reads `reports to`)."""


def field_label(field: str) -> str:
    """A contact field as messages name it: `cadence days` in English, 接触リズム(日) in Japanese."""
    return pgettext("contact field", field.replace("_", " "))


def check_contact_field(field: str, raw: Any) -> Any:
    """`raw` (typed, or text from a file) as the checked value of contact `field`.

    Empty text means "no value" for optional fields (`--title ""` clears the title).
    """
    rule = RULES[field]
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raw = None
    if raw is None:
        if field == "left":
            return False
        if rule.required:
            raise InvalidValue(_("{field} must not be empty").format(field=field_label(field)))
        return None
    if rule.kind == "text":
        return str(raw)
    if rule.kind == "choice":
        # "Decision maker" and "economic_buyer" are how people and spreadsheets write the choices.
        from kamctl.i18n import label

        value = re.sub(r"[\s_]+", "-", _choice_named(str(raw).strip(), rule.choices).casefold())
        if value not in rule.choices:
            choices = [label(choice) for choice in rule.choices]
            raise InvalidValue(not_one_of(field_label(field), str(raw), choices))
        return value
    if rule.kind == "int":
        return check_number(field_label(field), raw, rule)
    if rule.kind == "email":
        text = str(raw)
        if text.casefold().startswith("mailto:"):
            text = text[len("mailto:") :]
        if not _EMAIL.fullmatch(text):
            message = _("email must look like name@example.com (got {value})")
            raise InvalidValue(message.format(value=repr(str(raw))))
        return text
    if rule.kind == "bool":
        return _check_bool(field, raw)
    raise AssertionError(rule.kind)


@lru_cache(maxsize=256)
def _choice_named(raw: str, choices: tuple[str, ...]) -> str:
    """The value a Japanese label (意思決定者) names, in either language; `raw` otherwise. (Cached:
    an import reads the same few labels in every row, and a label is looked up in the catalog.)"""
    from kamctl.i18n import value_of

    return value_of(raw, choices)


def _check_bool(field: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().casefold()
    if text in ("1", "true", "yes", "y", "left"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    message = _("{field} must be true or false (got {value})")
    raise InvalidValue(message.format(field=field_label(field), value=repr(raw)))


def check_contact_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Every given field checked; the first bad one raises InvalidValue."""
    return {name: check_contact_field(name, raw) for name, raw in values.items()}


def contact_record(
    contact: Any, *, account: str, reports_to: str | None, last_contact: Any = None
) -> dict[str, Any]:
    """A contact as the JSON/CSV contract of `contacts list` and `contacts export` (SPEC §5).

    `reports_to` is the manager's name (names are unique within an account), so an export imports
    into another account or database unchanged.
    """
    record: dict[str, Any] = {"id": contact.id, "account": account}
    for name in FIELDS:
        record[name] = reports_to if name == "reports_to" else getattr(contact, name)
    record["last_contact"] = last_contact
    return record


# ---------------------------------------------------------------------------------------------
# Imports: every row checked, every name resolved, before a single contact is written.


@dataclass(frozen=True)
class AccountRef:
    id: int
    name: str


@dataclass(frozen=True)
class ExistingContact:
    id: int
    name: str
    reports_to: int | None


@dataclass(slots=True)
class PlannedContact:
    """One checked row of a contact import (slots: an import holds 100,000 of them)."""

    where: str
    account: AccountRef
    values: dict[str, Any]
    """Checked fields, without `reports_to`."""
    manager_existing: int | None = None
    """The manager, when it is a contact already in the database."""
    manager_row: int | None = None
    """The manager, when it is another row of this import (its index in the plan)."""
    problems: list[str] | None = None
    """What is wrong with the row besides its own fields (None: nothing; most rows)."""
    uid: str | None = None
    """The vCard's UID, kept so that the next import of the same card finds this contact."""
    revised: datetime | None = None
    """The vCard's REV: when the contact last changed, kept as its `updated_at`."""
    existing_id: int | None = None
    """The contact already in the database that the row names (by UID or name): updated or skipped."""
    skip: bool = False
    """The row names a contact already there and `--skip-existing` leaves that one alone."""

    def refuse(self, problem: str) -> None:
        if self.problems is None:
            self.problems = []
        self.problems.append(problem)


class OnExisting(StrEnum):
    """What an import does with a row that names a contact already on the map."""

    refuse = "refuse"
    """The whole import fails (the default: a name twice on a map says nobody knows who is meant)."""
    update = "update"
    skip = "skip"


def contact_uid(database_id: str, contact_id: int) -> str:
    """The vCard UID of a contact made in kamctl: the same in every export of this database,
    different in any other (RFC 4122 name-based, from the database's own id)."""
    import uuid

    return f"urn:uuid:{uuid.uuid5(uuid.UUID(database_id), f'contact:{contact_id}')}"


class UnknownAccount(InvalidValue):
    """A row names an account that does not exist (`name`: as the row wrote it)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class ContactPlan(NamedTuple):
    """A checked contact import: the rows, every problem with its line, and the accounts rows
    named that do not exist (the one fix for many rows: add them, or give --account)."""

    planned: list[PlannedContact]
    problems: list[str]
    missing_accounts: list[str]


def plan_contact_import(
    rows: Iterable[Any],
    *,
    target: AccountRef | None,
    accounts: Mapping[str, AccountRef],
    existing: Mapping[int, Sequence[ExistingContact]],
    on_existing: OnExisting = OnExisting.refuse,
    uids: Mapping[str, tuple[int, int]] | None = None,
) -> ContactPlan:
    """Check every row of a contact import (SPEC §5): the plan, and every problem with its line.

    `rows` are `SourceRow`s (CSV, JSON or vCard), read once. With `target` (--account) every row
    goes to that account, whatever its own `account` column says; otherwise each row names its account
    (`accounts` maps casefolded names and ids as text to accounts). `existing` holds the contacts
    already on those accounts' maps. A name already on the account's map is a problem unless
    `on_existing` updates or skips that contact; a name twice in the file is a problem, and so is a
    manager (`reports_to`) that is neither on the map nor in the file, and reporting lines that
    would form a cycle. A vCard whose UID is in `uids` (UID → account id, contact id) names that
    contact, on its own account: it is updated (skipped with `skip`), never added twice.
    """
    planned: list[PlannedContact] = []
    problems: list[str] = []
    managers_named: list[str | None] = []
    missing_accounts: list[str] = []
    uids = uids or {}
    by_id = {ref.id: ref for ref in accounts.values()}
    check = CheckedCells(check_contact_field, unique=("name", "reading", "email", "notes"))
    for row in rows:
        uid = row.values.get("vcard_uid") if not row.problem else None
        known = uids.get(uid) if uid else None
        if known and target and known[0] != target.id:
            # A copy into another account (--account): a new person, and the UID stays the original's.
            known = uid = None
        try:
            if row.problem:
                raise InvalidValue(row.problem)
            values, account_ref, manager = _row_fields(
                row.values, target=by_id[known[0]] if known else target, accounts=accounts, check=check
            )
        except InvalidValue as exc:
            problems.append(f"{row.where}: {exc}")
            if isinstance(exc, UnknownAccount) and exc.name not in missing_accounts:
                missing_accounts.append(exc.name)
            continue
        one = PlannedContact(row.where, account_ref, values, uid=uid, revised=row.values.get("rev"))
        if known:
            one.existing_id, one.skip = known[1], on_existing is OnExisting.skip
        planned.append(one)
        managers_named.append(manager)

    # Names within each account: unique on the map and in the file.
    in_file: dict[tuple[int, str], int] = {}
    on_map = {
        (account_id, contact.name.casefold()): contact
        for account_id, contacts in existing.items()
        for contact in contacts
    }
    for index, row in enumerate(planned):
        key = (row.account.id, row.values["name"].casefold())
        named = on_map.get(key)
        if named is not None and row.existing_id is None and on_existing is not OnExisting.refuse:
            row.existing_id, row.skip = named.id, on_existing is OnExisting.skip
        if named is not None and named.id != row.existing_id:
            message = (
                _("{account} already has a contact named {name} (id {id})")
                if row.existing_id
                else _(
                    "{account} already has a contact named {name} (id {id}); "
                    "--update changes it, --skip-existing leaves it"
                )
            )
            row.refuse(message.format(account=row.account.name, name=repr(named.name), id=named.id))
        elif key in in_file:
            message = _("{name} is also on {where}")
            row.refuse(message.format(name=repr(row.values["name"]), where=planned[in_file[key]].where))
        else:
            in_file[key] = index

    names_in_file: dict[int, list[str]] | None = None  # for suggestions, made at the first unknown manager
    for row, manager in zip(planned, managers_named, strict=True):
        if manager is None:
            continue
        contacts = existing.get(row.account.id, ())
        key = manager.casefold()
        if (row.account.id, key) in in_file:
            row.manager_row = in_file[(row.account.id, key)]
        elif (row.account.id, key) in on_map:
            row.manager_existing = on_map[(row.account.id, key)].id
        elif (number := as_id(key)) is not None and any(contact.id == number for contact in contacts):
            row.manager_existing = number
        else:
            if names_in_file is None:
                names_in_file = {}
                for other in planned:
                    names_in_file.setdefault(other.account.id, []).append(other.values["name"])
            names = [contact.name for contact in contacts] + names_in_file[row.account.id]
            message = _("reports to {manager}: no such contact in {account}").format(
                manager=repr(manager), account=row.account.name
            )
            row.refuse(message + did_you_mean(manager, names))

    _refuse_cycles(planned, existing)

    for row in planned:
        if row.problems:
            problems.extend(f"{row.where}: {problem}" for problem in row.problems)
    return ContactPlan(planned, _in_file_order(problems), missing_accounts)


def _refuse_cycles(
    planned: Sequence[PlannedContact], existing: Mapping[int, Sequence[ExistingContact]]
) -> None:
    """Refuse the rows whose reporting lines would close a loop: among new rows, or (rows that
    update people on the map) through the managers the map already has."""
    updates = any(row.existing_id is not None for row in planned)
    # A node is a contact on the map (its id) or a new row of the file (its index, negative).
    node = [
        row.existing_id if row.existing_id is not None else -1 - index for index, row in enumerate(planned)
    ]
    managers: dict[Hashable, Hashable | None] = {}
    if updates:  # without updates, people on the map keep their managers: only new rows can loop
        managers = {contact.id: contact.reports_to for contacts in existing.values() for contact in contacts}
    for index, row in enumerate(planned):
        if row.skip:
            continue
        if row.manager_row is not None:
            managers[node[index]] = node[row.manager_row]
        elif row.manager_existing is not None and updates:
            managers[node[index]] = row.manager_existing
    first_row = {number: index for index, number in reversed(list(enumerate(node)))}
    names = (
        {contact.id: contact.name for contacts in existing.values() for contact in contacts}
        if updates
        else {}
    )
    for cycle in find_cycles(managers):
        rows = [
            first_row[person]
            for person in cycle
            if person in first_row and not planned[first_row[person]].skip
        ]
        if not rows:
            continue  # a loop already stored is not this import's
        chain = " → ".join(
            planned[first_row[person]].values["name"] if person in first_row else names[person]  # type: ignore[index]
            for person in [*cycle, cycle[0]]
        )
        planned[rows[0]].refuse(_("reporting lines would form a cycle: {chain}").format(chain=chain))


def find_cycles(managers: Mapping[Hashable, Hashable | None]) -> list[list[Hashable]]:
    """Every cycle in `managers` (person → manager), each as the people in reporting order."""
    cycles: list[list[Hashable]] = []
    done: set[Hashable] = set()
    for start in managers:
        path: list[Hashable] = []
        on_path: set[Hashable] = set()
        person: Hashable | None = start
        while person is not None and person not in done and person not in on_path:
            path.append(person)
            on_path.add(person)
            person = managers.get(person)
        if person is not None and person in on_path:
            cycles.append(path[path.index(person) :])
        done |= on_path
    return cycles


def reporting_cycle(
    managers: Mapping[int, int | None], person: int, new_manager: int | None
) -> list[int] | None:
    """The cycle `person` → `new_manager` → … → `person` that the change would make, else None."""
    chain = [person]
    current = new_manager
    while current is not None:
        chain.append(current)
        if current == person:
            return chain
        if len(chain) > len(managers) + 1:
            return None  # a cycle elsewhere in stored data, not through `person`
        current = managers.get(current)
    return None


def _in_file_order(problems: list[str]) -> list[str]:
    # `line 12: …` in English, `12 行目: …` in Japanese: the kind of place, then its number.
    place = re.compile(r"([^\d:]*?) ?(\d+) ?([^\d:]*):")

    def position(problem: str) -> tuple[str, int]:
        found = place.match(problem)
        if found is None:
            return (problem.partition(" ")[0], 0)
        return (found[1] + found[3], int(found[2]))

    return sorted(problems, key=position)


def _row_fields(
    raw: Mapping[str, Any],
    *,
    target: AccountRef | None,
    accounts: Mapping[str, AccountRef],
    check: Callable[[str, Any], Any] = check_contact_field,
) -> tuple[dict[str, Any], AccountRef, str | None]:
    values: dict[str, Any] = {}
    account_text: str | None = None
    parts: dict[str, str] = {}
    for header, cell in raw.items():
        name = field_for_header(str(header))
        if name is None or name in values:
            continue  # ids, last_contact, a vCard's UID and REV and unknown columns are not fields
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if name == "account":
            account_text = account_text or str(cell).strip()
            continue
        if name in NAME_PARTS:
            parts.setdefault(name, str(cell).strip())
            continue
        values[name] = check(name, cell)
    if "name" not in values and parts:
        from kamctl.io.vcard import name_from_parts

        # Family name first for Japanese text (`山田 太郎`), "First Last" otherwise.
        values["name"] = check("name", name_from_parts([parts.get(part, "") for part in NAME_PARTS]))
    if "name" not in values:
        raise InvalidValue(_("no contact name (a column 'name')"))
    if target is not None:
        account = target
    elif account_text is None:
        raise InvalidValue(_("no account (a column 'account', or --account for the whole file)"))
    else:
        found = accounts.get(account_text.casefold())
        if found is None:
            names = sorted({ref.name for ref in accounts.values()})
            message = _("no account {name}").format(name=repr(account_text))
            message += did_you_mean(account_text, names)
            raise UnknownAccount(account_text, message)
        account = found
    manager = values.pop("reports_to", None)
    return values, account, manager
