"""How the due list looks: grouped tables for people, one plain line per item for mail and
notifications, JSON for scripts. Each renderer returns text, so `remind` can also keep it in
its cache (kamctl.cache) and print it again without computing anything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kamctl.domain.reminders import GROUP_TITLES, DueItem, grouped
from kamctl.i18n import N_, NP_, _, day, label, ngettext
from kamctl.render import console
from kamctl.render.output import Column, View, display_value
from kamctl.render.safe import literal, one_line

if TYPE_CHECKING:
    from rich.text import Text

    from kamctl.actions.reminders import Completion, Due


def relative_day(item: DueItem, on: date) -> str:
    """`3 days overdue`, `today`, `in 2 days` (counted from `--on`)."""
    late = item.days_overdue(on)
    if late == 0:
        return _("today")
    if late > 0:
        return ngettext("{n} day overdue", "{n} days overdue", late).format(n=late)
    return ngettext("in {n} day", "in {n} days", -late).format(n=-late)


def plain_text(items: Sequence[DueItem], on: date) -> str:
    """SPEC §7 `plain`: one line per item, no colour, no box characters."""
    lines = []
    for item in items:
        who = f" ({one_line(item.contact)})" if item.contact else ""
        lines.append(
            f"{day(item.due)}  {relative_day(item, on)}: {one_line(item.account)}{who}: "
            f"{one_line(item.shown_title())}  [{label(item.kind)} {item.id}]"
        )
    return "".join(line + "\n" for line in lines)


def due_json(due: Due) -> list[dict[str, Any]]:
    """The due list as `kamctl remind -f json` prints it (SPEC §7), as a JSON value."""
    records = []
    for item in due.items:
        record = item.record(due.on)
        record["due"] = item.due.isoformat()
        records.append(record)
    return records


def due_view(due: Due, fmt: str, *, compact: bool | None = None, fold: bool = True) -> View:
    """The due list in `fmt`: grouped tables (the one-line-per-item view when `compact`, by default
    below COMPACT_BELOW columns), plain lines or JSON; empty text when nothing is due. `fold`
    summarises the overdue cadence items (off when the user asked for kinds)."""

    def table() -> str:
        width = console.out().width
        if compact if compact is not None else width < COMPACT_BELOW:
            return compact_text(due.items, due.on, width=width, fold=fold)
        return table_text(due.items, due.on, width=width)

    return View(
        data=due_json(due) if fmt == "json" else None,
        texts={"table": table, "plain": lambda: plain_text(due.items, due.on)},
    )


def summary_line(items: Sequence[DueItem], on: date) -> str:
    """`--summary`: `kamctl: 3 overdue, 2 today, 5 upcoming — kamctl remind` for a shell rc file;
    empty when nothing is due (groups with nothing in them are left out)."""
    counts = [
        _("{count} {group}").format(count=f"{len(members):,}", group=label(group))
        for group, members in grouped(items, on)
    ]
    if not counts:
        return ""
    return _("kamctl: {counts} — kamctl remind").format(counts=_(", ").join(counts)) + "\n"


def _folding(value: Any) -> Text:
    """A cell that wraps, and folds a word longer than its column (a Japanese name has no spaces)
    by character instead of ending it in `…` (SPEC §2 Terminal layout)."""
    from rich.text import Text

    return Text(display_value(value), overflow="fold")


DUE_COLUMNS = (
    Column("id", N_("ID"), no_wrap=True),
    Column("kind", N_("Kind"), no_wrap=True, minor=3),
    Column("account", N_("Account"), show=_folding, ratio=2, min_width=8),
    Column("contact", N_("Contact"), show=_folding, ratio=1, min_width=7, minor=2),
    Column("title", N_("What"), show=_folding, ratio=4, min_width=16),
    Column("due", N_("Due"), no_wrap=True, minor=1),
    Column("when", NP_("relative", "When"), context="relative", no_wrap=True, minor=4),
)
"""The full table of `remind`. When the screen is too narrow the minor columns give way, `When`
first (it repeats `Due`), then `Kind` (the id names it), `Contact` and `Due`; the id, the account
and the title always stay."""

COMPACT_BELOW = 100
"""Below this many columns `remind` shows the compact view by default (SPEC §2)."""

FOLD_AT = 3
"""This many overdue cadence items or more are summarised in one line of the compact view: a
rhythm missed by weeks is one piece of news ("get in touch"), not one line per account."""

REMINDER_COLUMNS = (
    Column("id", N_("ID"), justify="right", no_wrap=True),
    Column("account", N_("Account"), ratio=2),
    Column("contact", N_("Contact"), ratio=1),
    Column("title", N_("What"), ratio=4),
    Column("due", N_("Due"), no_wrap=True),
    Column("rule", N_("Repeats"), ratio=1),
    Column("done_at", N_("Done"), no_wrap=True),
)
"""The table of `remind list`: stored reminders."""

_GROUP_STYLES = {"overdue": "bold red", "today": "bold yellow", "upcoming": "bold"}


TABLE_ROWS_PER_GROUP = 50
"""A table shows at most this many items per group and says how many more there are: a person
reads the top of each group, and Rich needs seconds to lay out thousands of rows (a team's
shared database can have that many). `-f plain` and `-f json` always list everything."""


def table_text(items: Sequence[DueItem], on: date, *, width: int) -> str:
    """One table per group (Overdue, Today, Upcoming), `width` columns wide at most: the minor
    columns that do not fit are left out, and a dim footnote names them."""
    from rich.text import Text

    from kamctl.render.output import FittedTables, render_table

    parts: list[Any] = []
    for number, (group, members, shown) in enumerate(_groups(items, on)):
        if number:
            parts.append(Text(""))
        rows = [_row(item, on) for item in shown]
        parts.append(render_table(rows, DUE_COLUMNS, title=_heading(group, members)))
        parts.extend(_more(group, members, shown))
    out = console.out()
    with out.capture() as captured:
        out.print(FittedTables(parts), width=width)
    return captured.get()


def _row(item: DueItem, on: date) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "kind": label(item.kind),
        "account": item.account,
        "contact": item.contact,
        "title": one_line(item.shown_title()),
        "due": item.due,
        "when": relative_day(item, on),
    }


def _groups(items: Sequence[DueItem], on: date) -> list[tuple[str, list[DueItem], list[DueItem]]]:
    """(group, its items, the ones shown) — a view shows at most TABLE_ROWS_PER_GROUP a group."""
    return [(group, members, members[:TABLE_ROWS_PER_GROUP]) for group, members in grouped(items, on)]


def _heading(group: str, members: Sequence[DueItem]) -> Text:
    return literal(f"{_(GROUP_TITLES[group])} ({len(members)})", _GROUP_STYLES[group])


def _more(group: str, members: Sequence[DueItem], shown: Sequence[DueItem]) -> list[Text]:
    """The line under a group cut at TABLE_ROWS_PER_GROUP: how many more, and where they are."""
    from rich.text import Text

    if len(members) <= len(shown):
        return []
    more = len(members) - len(shown)
    return [
        Text(
            _(
                "… and {count} more {group}: "
                "kamctl remind -f plain lists them all; --mine, --account or --kind narrow the list"
            ).format(count=f"{more:,}", group=label(group))
        )
    ]


def compact_text(items: Sequence[DueItem], on: date, *, width: int, fold: bool = True) -> str:
    """The compact view (SPEC §2, like taskwarrior's `task next`): one line per item — due date,
    account, title, id — where the account and the title wrap rather than being cut. With `fold`,
    FOLD_AT or more overdue cadence items are summarised in one line that says how to see them."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    groups = []
    for group, members, shown in _groups(items, on):
        noise = [item for item in shown if item.kind == "cadence"] if fold and group == "overdue" else []
        if len(noise) < FOLD_AT:
            noise = []
        rows = [
            (item.due, _folding(item.account), _folding(item.shown_title()), str(item.id)) for item in shown
        ]
        if noise:
            rows = [row for row, item in zip(rows, shown, strict=True) if item not in noise]
            accounts = len({item.account_id for item in noise})
            hidden = ngettext(
                "Get in touch: {n} overdue cadence item, not listed: add --kind cadence",
                "Get in touch: {n} overdue cadence items, not listed: add --kind cadence",
                len(noise),
            ).format(n=len(noise))
            rows.append((
                min(item.due for item in noise),
                Text(ngettext("{n} account", "{n} accounts", accounts).format(n=accounts), style="italic"),
                Text(hidden, style="italic", overflow="fold"),
                "",
            ))  # fmt: skip
        groups.append((group, members, shown, rows))
    # One set of column widths for every group, so that the titles line up down the screen; the
    # account gets at most a quarter of the line: the title is what the line is for.
    every = [row for *_, rows in groups for row in rows]
    account_width = min(max((cell_len(row[1].plain) for row in every), default=1), max(12, width // 4))
    id_width = max((cell_len(row[3]) for row in every), default=1)
    out = console.out()
    with out.capture() as captured:
        for number, (group, members, shown, rows) in enumerate(groups):
            if number:
                out.print()
            out.print(_heading(group, members))
            lines = Table.grid(padding=(0, 1), expand=True)
            lines.add_column(no_wrap=True)
            lines.add_column(width=account_width)
            lines.add_column(ratio=1)
            lines.add_column(width=id_width, no_wrap=True, style="dim")
            for due_on, account, title, item_id in rows:
                lines.add_row(day(due_on), account, title, item_id)
            out.print(lines, width=width)
            for line in _more(group, members, shown):
                out.print(line)
    return captured.get()


def completion_json(done: Completion) -> dict[str, Any]:
    """What `remind done` did, as a JSON value: the item, whether it is closed, a recurring one's
    next occurrence, and the log entry recorded with it."""
    return {
        "id": done.item_id,
        "kind": done.kind,
        "title": done.title,
        "closed": done.next_due is None,
        "next_due": done.next_due.isoformat() if done.next_due else None,
        "log_entry_id": done.log_entry_id,
    }


def completion_lines(done: Completion) -> list[str]:
    """What `remind done` says about it, one message a line."""
    lines = []
    if done.kind == "reminder":
        if done.next_due is not None:
            lines.append(
                _("Reminder {id} done; next on {date}: {title}").format(
                    id=done.item_id, date=day(done.next_due), title=done.title
                )
            )
        else:
            lines.append(_("Reminder {id} done: {title}").format(id=done.item_id, title=done.title))
    elif done.kind == "objective":
        lines.append(
            _("Objective {id} done: {title}").format(
                id=done.item_id.removeprefix("objective:"), title=done.title
            )
        )
    if done.log_entry_id is not None:
        lines.append(_("Logged {id}").format(id=done.log_entry_id))
    return lines


def nothing_due(on: date, last: date) -> str:
    if last == on:
        return _("Nothing due today.") + "\n"
    return _("Nothing due up to {date}.").format(date=day(last)) + "\n"
