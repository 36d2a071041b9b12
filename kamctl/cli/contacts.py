"""`kamctl contacts`: the account map — who is who at each customer (SPEC §5)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kamctl.cli.context import current
from kamctl.cli.options import (
    DryRunOption,
    FormatOption,
    FormerYesOption,
    OutputFormat,
    RawOption,
    YesOption,
)

app = typer.Typer(
    help="The account map: who decides, who influences, who is for or against us, who reports to whom.",
    no_args_is_help=True,
)


class MapFormat(StrEnum):
    tree = "tree"
    mermaid = "mermaid"
    dot = "dot"
    json = "json"


class ContactExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    vcard = "vcard"


class VCardVersion(StrEnum):
    v3 = "3.0"
    v4 = "4.0"


AccountArg = Annotated[str, typer.Argument(metavar="ACCOUNT", help="Account name or id.")]
ContactArg = Annotated[str, typer.Argument(metavar="ID|NAME", help="Contact id or name.")]
AccountOption = Annotated[
    str | None,
    typer.Option(
        "--account", "-a", metavar="ACCOUNT", help="The contact's account (for a name on several maps)."
    ),
]
Title = Annotated[str | None, typer.Option(help="Job title.")]
Role = Annotated[
    str | None,
    typer.Option(
        help="Part in the buying decision: decision-maker, economic-buyer, influencer, champion, "
        "technical, user, gatekeeper or other."
    ),
]
Influence = Annotated[str | None, typer.Option(metavar="1-5", help="Influence on the decision.")]
Stance = Annotated[
    str | None, typer.Option(help="Towards us: champion, supporter, neutral, skeptic or blocker.")
]
ReportsTo = Annotated[
    str | None,
    typer.Option("--reports-to", metavar="NAME", help="Their manager: a contact of the same account."),
]
OurContact = Annotated[
    str | None,
    typer.Option("--our-contact", metavar="PERSON", help="Who on our side owns this relationship."),
]
Email = Annotated[str | None, typer.Option(help="E-mail address.")]
Phone = Annotated[str | None, typer.Option(help="Phone number.")]
Cadence = Annotated[
    str | None, typer.Option("--cadence", metavar="DAYS", help="Contact rhythm for this person, in days.")
]
Note = Annotated[str | None, typer.Option("--note", help="Free-text notes.")]


def _given(**options: Any) -> dict[str, Any]:
    renamed = {"cadence": "cadence_days", "note": "notes"}
    return {renamed.get(key, key): value for key, value in options.items() if value is not None}


def _contact_in(ref: str, account_ref: str | None, *, session):
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import find_contact

    account = find_account(account_ref, session=session) if account_ref else None
    return find_contact(ref, session=session, account=account)


def _record(row) -> dict[str, Any]:
    from kamctl.domain.contacts import contact_record

    return contact_record(
        row.contact, account=row.account, reports_to=row.reports_to, last_contact=row.last_contact
    )


@app.command("add")
def add(
    account: AccountArg,
    name: Annotated[
        str, typer.Argument(help="The person's name (unique on the account's map, any language).")
    ],
    title: Title = None,
    role: Role = None,
    influence: Influence = None,
    stance: Stance = None,
    reports_to: ReportsTo = None,
    our_contact: OurContact = None,
    email: Email = None,
    phone: Phone = None,
    cadence: Cadence = None,
    note: Note = None,
) -> None:
    """Add a person to an account's map."""
    from kamctl import clock
    from kamctl.domain.contacts import check_contact_fields
    from kamctl.render import messages
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import add_contact

    values = check_contact_fields(
        _given(
            name=name,
            title=title,
            role=role,
            influence=influence,
            stance=stance,
            our_contact=our_contact,
            email=email,
            phone=phone,
            cadence=cadence,
            note=note,
        )
    )
    with current().store().transaction() as session:
        found = find_account(account, session=session)
        contact = add_contact(found, values, reports_to=reports_to, now=clock.utcnow(), session=session)
        messages.info(f"Added contact {contact.id}: {contact.name} ({found.name})")


@app.command("list")
def list_(
    account: Annotated[
        str | None, typer.Argument(metavar="[ACCOUNT]", help="Only this account's contacts.")
    ] = None,
    role: Role = None,
    stance: Stance = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
) -> None:
    """List contacts (every account's, or one account's), left ones included."""
    from kamctl.domain.contacts import check_contact_field
    from kamctl.render import console
    from kamctl.render.account_map import contact_columns, table_rows
    from kamctl.render.output import emit
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import list_contacts

    role = check_contact_field("role", role) if role else None
    stance = check_contact_field("stance", stance) if stance else None
    with current().store().transaction(write=False) as session:
        found = find_account(account, session=session) if account else None
        records = [
            _record(row) for row in list_contacts(session=session, account=found, role=role, stance=stance)
        ]
        title = found.name if found else None
    columns = contact_columns(console.out().width, with_account=title is None)
    shown = table_rows(records) if fmt is OutputFormat.table else records
    emit(shown, columns, fmt.value, raw=raw, title=title, empty="No contacts match.")


@app.command("show")
def show(contact: ContactArg, account: AccountOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one person: their place on the map and the latest interactions with them."""
    from kamctl.render.account_map import render_contact
    from kamctl.render.output import write_csv, write_json
    from kamctl.store.queries.contacts import contact_log, direct_reports, list_contacts

    with current().store().transaction(write=False) as session:
        found = _contact_in(contact, account, session=session)
        [row] = list_contacts(session=session, ids=[found.id])
        record = _record(row)
        reports = [person.name for person in direct_reports(found, session=session)]
        recent = [
            {"id": e.id, "when": e.occurred_at, "channel": e.channel, "kind": e.kind, "notes": e.notes}
            for e in contact_log(found, session=session)
        ]
    if fmt is OutputFormat.json:
        write_json({**record, "direct_reports": reports, "recent_log": recent})
    elif fmt is OutputFormat.csv:
        write_csv([record], list(record))
    else:
        render_contact(record, reports=reports, recent=recent)


@app.command("edit")
def edit(
    contact: ContactArg,
    account: AccountOption = None,
    rename: Annotated[
        str | None, typer.Option("--rename", metavar="NEW", help="Give the person a new name.")
    ] = None,
    title: Title = None,
    role: Role = None,
    influence: Influence = None,
    stance: Stance = None,
    reports_to: ReportsTo = None,
    our_contact: OurContact = None,
    email: Email = None,
    phone: Phone = None,
    cadence: Cadence = None,
    note: Note = None,
) -> None:
    """Change a person's fields. An empty value clears a field: --reports-to "" makes them a root."""
    from kamctl import clock
    from kamctl.domain.contacts import check_contact_fields
    from kamctl.errors import InvalidValue
    from kamctl.render import messages
    from kamctl.store.queries.contacts import UNCHANGED, change_contact

    raw = _given(
        name=rename,
        title=title,
        role=role,
        influence=influence,
        stance=stance,
        our_contact=our_contact,
        email=email,
        phone=phone,
        cadence=cadence,
        note=note,
    )
    if not raw and reports_to is None:
        raise InvalidValue("nothing to change: give at least one option (see kamctl contacts edit --help)")
    changes = check_contact_fields(raw)
    manager: Any = UNCHANGED if reports_to is None else (reports_to.strip() or None)
    with current().store().transaction() as session:
        found = _contact_in(contact, account, session=session)
        changed = change_contact(found, changes, reports_to=manager, now=clock.utcnow(), session=session)
        if changed:
            messages.info(f"Changed {found.name}: {', '.join(field.replace('_', ' ') for field in changed)}")
        else:
            messages.info(f"{found.name}: nothing changed")


@app.command("rm")
def rm(contact: ContactArg, account: AccountOption = None, yes: YesOption = False) -> None:
    """Remove a person from the map (log entries stay, without them). To keep them greyed out: `left`."""
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.render import messages
    from kamctl.store.queries.contacts import account_name, remove_contact

    with current().store().transaction() as session:
        found = _contact_in(contact, account, session=session)
        where = account_name(found, session=session)
        confirm_or_refuse(f"Remove {found.name!r} from the map of {where}?", yes=yes)
        label = f"{found.id}: {found.name} ({where})"
        orphans = remove_contact(found, session=session)
    messages.info(f"Removed contact {label}")
    if orphans:
        people = "person who reported to them has" if orphans == 1 else "people who reported to them have"
        messages.info(f"{orphans} {people} no manager on the map now")


@app.command("left")
def left(
    contact: ContactArg,
    account: AccountOption = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="They did not leave after all: make them active again.")
    ] = False,
) -> None:
    """Mark a person as having left the company: kept on the map greyed out, not counted as active."""
    from kamctl import clock
    from kamctl.render import messages
    from kamctl.store.queries.contacts import account_name, change_contact

    with current().store().transaction() as session:
        found = _contact_in(contact, account, session=session)
        changed = change_contact(found, {"left": not undo}, now=clock.utcnow(), session=session)
        where = account_name(found, session=session)
    if undo:
        messages.info(f"{found.name} ({where}) is active again" if changed else f"{found.name} had not left")
    else:
        messages.info(
            f"Marked {found.name} ({where}) as left; kept on the map greyed out"
            if changed
            else f"{found.name} was already marked as left"
        )


@app.command("map")
def map_(
    account: AccountArg,
    fmt: Annotated[
        MapFormat, typer.Option("--format", "-f", help="tree for people; mermaid or dot for slides; json.")
    ] = MapFormat.tree,
) -> None:
    """The account's org chart (stance, influence, last contact, our owner) and its coverage findings."""
    import sys

    from kamctl import clock
    from kamctl.domain.account_map import find_coverage_gaps
    from kamctl.render import account_map as draw
    from kamctl.render.output import write_json
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import load_account_map

    now = clock.now()
    with current().store().transaction(write=False) as session:
        the_map = load_account_map(find_account(account, session=session), session=session, now=now)
    findings = find_coverage_gaps(the_map.contacts, the_map.interactions, now=now)
    if fmt is MapFormat.json:
        write_json(draw.map_json(the_map, findings))
    elif fmt is MapFormat.mermaid:
        sys.stdout.write(draw.mermaid(the_map, findings, now=now))
    elif fmt is MapFormat.dot:
        sys.stdout.write(draw.dot(the_map, findings, now=now))
    else:
        draw.render_map(the_map, findings, now=now)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV or JSON with the field names, or a vCard file (.vcf).")],
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            "-a",
            metavar="ACCOUNT",
            help="Put every person into this account (else each row's `account` column, or a vCard's ORG).",
        ),
    ] = None,
    dry_run: DryRunOption = False,
) -> None:
    """Import people from CSV, JSON or vCard 2.1/3.0/4.0: every row checked first, all rows or none."""
    import contextlib

    from kamctl import clock
    from kamctl.cli.imports import without_cycle_collection
    from kamctl.domain.contacts import AccountRef, plan_contact_import
    from kamctl.errors import InvalidValue
    from kamctl.io.rows import CountedRows, RowFile, check_file, source_rows
    from kamctl.io.vcard import looks_like_vcard, read_vcards
    from kamctl.render import messages
    from kamctl.render.progress import progress_if_watched
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import (
        account_refs,
        ensure_maps_unchanged,
        existing_contacts,
        insert_planned,
    )

    check_file(file)  # before reading all of it: a device such as /dev/zero never ends
    try:
        with file.open("rb") as start:
            head = start.read(VCARD_SNIFF)
    except FileNotFoundError:
        raise InvalidValue(f"no file {str(file)!r}") from None
    except IsADirectoryError:
        raise InvalidValue(f"{file} is a folder, not a file") from None
    is_vcard = file.suffix.casefold() in (".vcf", ".vcard") or looks_like_vcard(head)
    store = current().store()
    # Every row is read and checked before the write lock is taken: other commands wait for the
    # writing only. A CSV or JSON file is checked as it is read, never held whole.
    with (
        store.transaction(write=False) as session,
        contextlib.ExitStack() as stack,
        without_cycle_collection(),
    ):
        target = None
        if account:
            found = find_account(account, session=session)
            target = AccountRef(found.id, found.name)  # type: ignore[arg-type]
        refs = account_refs(session=session)
        existing = existing_contacts([target.id] if target else None, session=session)
        if is_vcard:
            counted = CountedRows(read_vcards(file.read_bytes()))
        else:
            source = stack.enter_context(RowFile(file))
            counted = CountedRows(source_rows(progress_if_watched(source, "Checking contacts")))
        planned, problems = plan_contact_import(counted, target=target, accounts=refs, existing=existing)
    if not counted.count:
        raise InvalidValue(f"{file} holds no contacts")
    if problems:
        for problem in problems:
            messages.info(problem)
        bad = len({problem.split(":", 1)[0] for problem in problems})
        raise InvalidValue(f"{bad} of {counted.count} rows are invalid; nothing was imported")
    accounts = sorted({row.account.name for row in planned}, key=str.casefold)
    where = accounts[0] if len(accounts) == 1 else f"{len(accounts)} accounts"
    if dry_run:
        messages.info(f"Would import {len(planned)} contacts into {where} (dry run)")
        return
    involved = {row.account.id: existing.get(row.account.id, []) for row in planned}
    with store.connection(write=True) as connection, without_cycle_collection():
        ensure_maps_unchanged(involved, connection=connection)
        insert_planned(planned, now=clock.utcnow(), connection=connection)
    messages.info(f"Imported {len(planned)} contacts into {where}")


VCARD_SNIFF = 4096
"""Bytes read to tell a vCard file from CSV or JSON."""


@app.command("export")
def export(
    account: Annotated[
        str | None, typer.Argument(metavar="[ACCOUNT]", help="Only this account's contacts.")
    ] = None,
    fmt: Annotated[
        ContactExportFormat, typer.Option("--format", "-f", help="csv, json or vcard.")
    ] = ContactExportFormat.csv,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    vcard_version: Annotated[
        VCardVersion, typer.Option("--vcard-version", help="vCard version to write (3.0 is read everywhere).")
    ] = VCardVersion.v3,
    raw: RawOption = False,
    yes: FormerYesOption = False,
) -> None:
    """Export contacts in the shape `contacts import` reads (CSV, JSON) or as vCards for address books."""
    from kamctl.domain.contacts import FIELDS
    from kamctl.io.files import named_file, output_file
    from kamctl.render import messages
    from kamctl.render.output import to_json, write_csv
    from kamctl.store.queries.accounts import find_account
    from kamctl.store.queries.contacts import list_contacts

    with current().store().transaction(write=False) as session:
        found = find_account(account, session=session) if account else None
        records = [_record(row) for row in list_contacts(session=session, account=found)]
    with output_file(output, private=True) as stream:
        if fmt is ContactExportFormat.json:
            stream.write(to_json(records) + "\n")
        elif fmt is ContactExportFormat.vcard:
            from kamctl.io.vcard import write_vcards

            stream.write(write_vcards(records, version=vcard_version.value))
        else:
            write_csv(records, ["id", "account", *FIELDS, "last_contact"], raw=raw, stream=stream)
    if named_file(output) is not None:
        messages.info(f"Exported {len(records)} contacts to {output}")
