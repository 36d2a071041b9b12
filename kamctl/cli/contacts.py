"""`kamctl contacts`: the account map — who is who at each customer (SPEC §5)."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kamctl.cli.context import current
from kamctl.cli.options import (
    DryRunOption,
    EncodingOption,
    ExcelOption,
    FormatOption,
    FormerYesOption,
    OutputFormat,
    RawOption,
    YesOption,
)
from kamctl.completion import account_names, contact_names, one_of
from kamctl.domain.contacts import ROLES, STANCES
from kamctl.i18n import N_, _, ngettext
from kamctl.render.output import Format

app = typer.Typer(
    help="The account map: who decides, who influences, who is for or against us, who reports to whom.",
    no_args_is_help=True,
)


MapFormat = Format.choice("tree", "mermaid", "dot", "json")
ContactExportFormat = Format.choice("csv", "json", "vcard")


class VCardVersion(StrEnum):
    v3 = "3.0"
    v4 = "4.0"


AccountArg = Annotated[
    str, typer.Argument(metavar="ACCOUNT", help="Account name or id.", autocompletion=account_names)
]
ContactArg = Annotated[
    str, typer.Argument(metavar="ID|NAME", help="Contact id or name.", autocompletion=contact_names)
]
AccountOption = Annotated[
    str | None,
    typer.Option(
        "--account",
        "-a",
        metavar="ACCOUNT",
        help="The contact's account (for a name on several maps).",
        autocompletion=account_names,
    ),
]
Reading = Annotated[
    str | None,
    typer.Option(metavar="TEXT", help="How the name is read (furigana: やまだ たろう), shown after it."),
]
Title = Annotated[str | None, typer.Option(metavar="TEXT", help="Job title.")]
Role = Annotated[
    str | None,
    typer.Option(**one_of(ROLES, "Part in the buying decision.", name="ROLE")),
]
Influence = Annotated[str | None, typer.Option(metavar="1-5", help="Influence on the decision.")]
Stance = Annotated[str | None, typer.Option(**one_of(STANCES, "Towards us.", name="STANCE"))]
ReportsTo = Annotated[
    str | None,
    typer.Option(
        "--reports-to",
        metavar="NAME",
        help="Their manager: a contact of the same account.",
        autocompletion=contact_names,
    ),
]
OurContact = Annotated[
    str | None,
    typer.Option("--our-contact", metavar="PERSON", help="Who on our side owns this relationship."),
]
Email = Annotated[str | None, typer.Option(metavar="EMAIL", help="E-mail address.")]
Phone = Annotated[str | None, typer.Option(metavar="PHONE", help="Phone number.")]
Cadence = Annotated[
    str | None, typer.Option("--cadence", metavar="DAYS", help="Contact rhythm for this person, in days.")
]
Note = Annotated[str | None, typer.Option("--note", metavar="TEXT", help="Free-text notes.")]


RENAMED = {"cadence": "cadence_days", "note": "notes"}
"""Options named otherwise than the fields they set."""

FIELD_OPTIONS = (
    "name",
    "reading",
    "title",
    "role",
    "influence",
    "stance",
    "our_contact",
    "email",
    "phone",
    "cadence",
    "note",
)
"""The options of `add` and `edit` that set a person's fields, in the order they are checked."""


def _fields(options: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a command's options give (`options`: its parameters), under their field names."""
    from kamctl.domain.fields import given

    return given({key: options[key] for key in FIELD_OPTIONS}, renamed=RENAMED)


@app.command("add")
def add(
    account: AccountArg,
    name: Annotated[
        str,
        typer.Argument(metavar="NAME", help="The person's name (unique on the account's map, any language)."),
    ],
    reading: Reading = None,
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
    from kamctl.actions.contacts import add_contact
    from kamctl.render import messages

    fields = _fields(locals())
    contact = add_contact(current().portfolio(), account, fields, reports_to=reports_to)
    message = _("Added contact {id}: {name} ({account})")
    messages.info(message.format(id=contact["id"], name=contact["name"], account=contact["account"]))


@app.command("list")
def list_(
    account: Annotated[
        str | None,
        typer.Argument(
            metavar="[ACCOUNT]", help="Only this account's contacts.", autocompletion=account_names
        ),
    ] = None,
    role: Role = None,
    stance: Stance = None,
    fmt: FormatOption = OutputFormat.table,
    raw: RawOption = False,
    excel: ExcelOption = False,
) -> None:
    """List contacts (every account's, or one account's), left ones included."""
    from kamctl.actions.contacts import list_contacts
    from kamctl.render.account_map import contact_columns, table_rows
    from kamctl.render.output import View, empty_list, present

    found = list_contacts(current().portfolio(), account, role=role, stance=stance)
    columns = contact_columns(with_account=found.account is None)
    view = View(
        rows=table_rows(found.records) if fmt == "table" else found.records,
        columns=columns,
        title=found.account,
        empty=empty_list(
            N_("contacts"),
            filtered=any((role, stance)),
            first=_("add one with `kamctl contacts add {account} NAME`").format(
                account="ACCOUNT" if account is None else account
            ),
        ),
    )
    present(view, fmt, raw=raw, excel=excel)


@app.command("show")
def show(contact: ContactArg, account: AccountOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one person: their place on the map and the latest interactions with them."""
    from functools import partial

    from kamctl.actions.contacts import contact_card
    from kamctl.render.account_map import card_json, draw_contact
    from kamctl.render.output import View, present

    card = contact_card(current().portfolio(), contact, account=account)
    view = View(rows=[card.record], data=card_json(card), draw=partial(draw_contact, card))
    present(view, fmt)


@app.command("edit")
def edit(
    contact: ContactArg,
    account: AccountOption = None,
    rename: Annotated[
        str | None, typer.Option("--rename", metavar="NEW", help="Give the person a new name.")
    ] = None,
    reading: Reading = None,
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
    from kamctl.actions.contacts import change_contact
    from kamctl.domain.contacts import field_label
    from kamctl.errors import InvalidValue
    from kamctl.render import messages

    fields = _fields({**locals(), "name": rename})
    if not fields and reports_to is None:
        raise InvalidValue(_("nothing to change: give at least one option (see kamctl contacts edit --help)"))
    change = change_contact(current().portfolio(), contact, fields, account=account, reports_to=reports_to)
    if change.fields:
        fields = ", ".join(field_label(field) for field in change.fields)
        messages.info(_("Changed {name}: {fields}").format(name=change.name, fields=fields))
    else:
        messages.info(_("{name}: nothing changed").format(name=change.name))


@app.command("rm")
def rm(contact: ContactArg, account: AccountOption = None, yes: YesOption = False) -> None:
    """Remove a person from the map (log entries stay, without them). To keep them greyed out: `left`."""
    from kamctl.actions.contacts import remove_contact
    from kamctl.cli.confirm import confirm_or_refuse
    from kamctl.render import messages

    def confirm(name: str, where: str) -> None:
        question = _("Remove {name} from the map of {account}?").format(name=repr(name), account=where)
        confirm_or_refuse(question, yes=yes)

    removed = remove_contact(current().portfolio(), contact, account=account, confirm=confirm)
    message = _("Removed contact {id}: {name} ({account})")
    messages.info(message.format(id=removed.id, name=removed.name, account=removed.account))
    if removed.orphans:
        orphans = ngettext(
            "{count} person who reported to them has no manager on the map now",
            "{count} people who reported to them have no manager on the map now",
            removed.orphans,
        )
        messages.info(orphans.format(count=removed.orphans))


@app.command("left")
def left(
    contact: ContactArg,
    account: AccountOption = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="They did not leave after all: make them active again.")
    ] = False,
) -> None:
    """Mark a person as having left the company: kept on the map greyed out, not counted as active."""
    from kamctl.actions.contacts import mark_left
    from kamctl.render import messages

    change = mark_left(current().portfolio(), contact, account=account, left=not undo)
    if undo:
        message = _("{name} ({account}) is active again") if change.fields else _("{name} had not left")
    else:
        message = (
            _("Marked {name} ({account}) as left; kept on the map greyed out")
            if change.fields
            else _("{name} was already marked as left")
        )
    messages.info(message.format(name=change.name, account=change.account))


@app.command("map")
def map_(
    account: AccountArg,
    fmt: Annotated[
        MapFormat, typer.Option("--format", "-f", help="tree for people; mermaid or dot for slides; json.")
    ] = MapFormat.tree,
) -> None:
    """The account's org chart (stance, influence, last contact, our owner) and its coverage findings."""
    from functools import partial

    from kamctl.actions.contacts import account_map
    from kamctl.render import account_map as draw
    from kamctl.render.output import View, present

    portfolio = current().portfolio()
    mapped = account_map(portfolio, account)
    the_map, findings, now = mapped.account_map, mapped.findings, portfolio.now
    view = View(
        data=draw.map_json(the_map, findings),
        draw=partial(draw.draw_map, the_map, findings, now=now),
        texts={
            "mermaid": partial(draw.mermaid, the_map, findings, now=now),
            "dot": partial(draw.dot, the_map, findings, now=now),
        },
    )
    present(view, fmt)


@app.command("import")
def import_(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="CSV or JSON with the field names, or a vCard file (.vcf).")
    ],
    account: Annotated[
        str | None,
        typer.Option(
            "--account",
            "-a",
            metavar="ACCOUNT",
            help="Put every person into this account (else each row's `account` column, or a vCard's ORG).",
        ),
    ] = None,
    update: Annotated[
        bool,
        typer.Option("--update", help="A person already on the map (same name or card UID) is updated."),
    ] = False,
    skip_existing: Annotated[
        bool, typer.Option("--skip-existing", help="A person already on the map is left as they are.")
    ] = False,
    dry_run: DryRunOption = False,
    encoding: EncodingOption = None,
) -> None:
    """Import people from CSV, JSON or vCard 2.1/3.0/4.0: every row checked first, all rows or none.

    A name already on the account's map fails the import unless --update or --skip-existing is
    given; a card kamctl (or the address book) already knows by its UID always updates its person.
    """
    from kamctl.actions.contacts import import_contacts
    from kamctl.cli.imports import tell_contact_import, without_cycle_collection
    from kamctl.domain.contacts import OnExisting
    from kamctl.render.progress import progress_if_watched

    if update and skip_existing:
        raise typer.BadParameter(_("give --update or --skip-existing, not both"), param_hint="'--update'")
    on_existing = OnExisting.update if update else OnExisting.skip if skip_existing else OnExisting.refuse
    with without_cycle_collection():
        done = import_contacts(
            current().portfolio(),
            file,
            account=account,
            on_existing=on_existing,
            dry_run=dry_run,
            watch=progress_if_watched,
            encoding=encoding,
        )
    tell_contact_import(done, dry_run=dry_run, on_existing=on_existing)


@app.command("export")
def export(
    account: Annotated[
        str | None,
        typer.Argument(
            metavar="[ACCOUNT]", help="Only this account's contacts.", autocompletion=account_names
        ),
    ] = None,
    fmt: Annotated[
        ContactExportFormat, typer.Option("--format", "-f", help="csv, json or vcard.")
    ] = ContactExportFormat.csv,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write to this file instead of stdout."),
    ] = None,
    vcard_version: Annotated[
        VCardVersion, typer.Option("--vcard-version", help="vCard version to write (3.0 is read everywhere).")
    ] = VCardVersion.v3,
    raw: RawOption = False,
    excel: ExcelOption = False,
    yes: FormerYesOption = False,
) -> None:
    """Export contacts in the shape `contacts import` reads (CSV, JSON) or as vCards for address books."""
    from functools import partial

    from kamctl.actions.contacts import export_contacts
    from kamctl.domain.contacts import FIELDS
    from kamctl.io.vcard import write_vcards
    from kamctl.render.output import View, present

    exported = export_contacts(current().portfolio(), account)
    records = exported.records
    view = View(
        rows=records,
        fields=["id", "account", *FIELDS, "last_contact"],
        texts={"vcard": partial(write_vcards, records, version=vcard_version.value, cards=exported.cards)},
        what=ngettext("{count} contact", "{count} contacts", len(records)).format(count=len(records)),
        verb=N_("Exported"),
    )
    present(view, fmt, output=output, raw=raw, excel=excel)
