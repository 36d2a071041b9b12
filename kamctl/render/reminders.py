"""How the due list looks: grouped tables for people, one plain line per item for mail and
notifications, JSON for scripts. Each renderer returns text, so `remind` can also keep it in
its cache (kamctl.cache) and print it again without computing anything."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from kamctl.domain.reminders import GROUP_TITLES, DueItem, grouped
from kamctl.render import console
from kamctl.render.output import Column, View
from kamctl.render.safe import literal, one_line

if TYPE_CHECKING:
    from kamctl.actions.reminders import Completion, Due


def relative_day(item: DueItem, on: date) -> str:
    """`3 days overdue`, `today`, `in 2 days` (counted from `--on`)."""
    late = item.days_overdue(on)
    if late == 0:
        return "today"
    plural = "s" if abs(late) != 1 else ""
    return f"{late} day{plural} overdue" if late > 0 else f"in {-late} day{plural}"


def plain_text(items: Sequence[DueItem], on: date) -> str:
    """SPEC §7 `plain`: one line per item, no colour, no box characters."""
    lines = []
    for item in items:
        who = f" ({one_line(item.contact)})" if item.contact else ""
        lines.append(
            f"{item.due.isoformat()}  {relative_day(item, on)}: {one_line(item.account)}{who}: "
            f"{one_line(item.title)}  [{item.kind} {item.id}]"
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


def due_view(due: Due, fmt: str) -> View:
    """The due list in `fmt`: grouped tables, plain lines or JSON; empty text when nothing is due."""
    return View(
        data=due_json(due) if fmt == "json" else None,
        texts={
            "table": lambda: table_text(due.items, due.on),
            "plain": lambda: plain_text(due.items, due.on),
        },
    )


DUE_COLUMNS = (
    Column("id", "ID", no_wrap=True),
    Column("kind", "Kind", no_wrap=True),
    Column("account", "Account", ratio=2, min_width=8),
    Column("contact", "Contact", ratio=1),
    Column("title", "What", ratio=4, min_width=16),
    Column("due", "Due", no_wrap=True),
    Column("when", "When", no_wrap=True),
)

REMINDER_COLUMNS = (
    Column("id", "ID", justify="right", no_wrap=True),
    Column("account", "Account", ratio=2),
    Column("contact", "Contact", ratio=1),
    Column("title", "What", ratio=4),
    Column("due", "Due", no_wrap=True),
    Column("rule", "Repeats", ratio=1),
    Column("done_at", "Done", no_wrap=True),
)
"""The table of `remind list`: stored reminders."""

_GROUP_STYLES = {"overdue": "bold red", "today": "bold yellow", "upcoming": "bold"}


TABLE_ROWS_PER_GROUP = 50
"""A table shows at most this many items per group and says how many more there are: a person
reads the top of each group, and Rich needs seconds to lay out thousands of rows (a team's
shared database can have that many). `-f plain` and `-f json` always list everything."""


def table_text(items: Sequence[DueItem], on: date) -> str:
    """One table per group (Overdue, Today, Upcoming), rendered as the terminal would show it."""
    from kamctl.render.output import render_table

    out = console.out()
    with out.capture() as captured:
        for number, (group, members) in enumerate(grouped(items, on)):
            shown = members[:TABLE_ROWS_PER_GROUP]
            rows = [
                {
                    "id": str(item.id),
                    "kind": item.kind,
                    "account": item.account,
                    "contact": item.contact,
                    "title": one_line(item.title),
                    "due": item.due,
                    "when": relative_day(item, on),
                }
                for item in shown
            ]
            if number:
                out.print()
            title = literal(f"{GROUP_TITLES[group]} ({len(members)})", _GROUP_STYLES[group])
            table = render_table(rows, DUE_COLUMNS, title=title)
            out.print(table)
            if len(members) > len(shown):
                more = len(members) - len(shown)
                out.print(
                    f"… and {more:,} more {GROUP_TITLES[group].lower()}: "
                    "kamctl remind -f plain lists them all; --mine, --account or --kind narrow the list",
                    markup=False,
                )
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
            lines.append(f"Reminder {done.item_id} done; next on {done.next_due.isoformat()}: {done.title}")
        else:
            lines.append(f"Reminder {done.item_id} done: {done.title}")
    elif done.kind == "objective":
        lines.append(f"Objective {done.item_id.removeprefix('objective:')} done: {done.title}")
    if done.log_entry_id is not None:
        lines.append(f"Logged {done.log_entry_id}")
    return lines


def nothing_due(on: date, last: date) -> str:
    span = "today" if last == on else f"up to {last.isoformat()}"
    return f"Nothing due {span}.\n"
