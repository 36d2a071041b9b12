"""Log entries (SPEC §6): the values `log` accepts, notes from the editor, and import rows checked
before anything is written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from kamctl.domain.accounts import normalise_tags
from kamctl.domain.dates import parse_datetime
from kamctl.domain.names import did_you_mean, not_one_of
from kamctl.errors import InvalidValue, KamctlError

CHANNELS = ("meeting", "visit", "call", "email", "chat", "social", "event", "other")
KINDS = ("interaction", "feedback", "win", "issue", "review")
SENTIMENTS = ("positive", "neutral", "negative")

IMPORT_FIELDS = (
    "account",
    "when",
    "channel",
    "kind",
    "notes",
    "contacts",
    "sentiment",
    "csat",
    "nps",
    "tags",
)
"""The keys of `log import` and `log export` (SPEC §6), in file order."""
LIST_SEPARATOR = ";"
"""Contacts and tags in one CSV cell: `Ito Ken;Mori Aya`."""

SCISSORS = "# ------------------------ >8 ------------------------"
EDITOR_TEMPLATE = """\

{scissors}
# Notes for {account} ({channel}, {when}).
# Write above the line; everything from the line down is ignored.
# Save an empty note to record nothing.
"""


def check_choice(label: str, raw: str, allowed: Sequence[str]) -> str:
    value = raw.strip().casefold()
    if value not in allowed:
        raise InvalidValue(not_one_of(label, raw, allowed))
    return value


def check_score(label: str, raw: Any, low: int, high: int) -> int | None:
    """CSAT 1–5, NPS 0–10: whole numbers; empty means none."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = float(str(raw).strip())
    except ValueError:
        raise InvalidValue(f"{label} must be a whole number from {low} to {high} (got {raw!r})") from None
    if not number.is_integer() or not low <= number <= high:
        raise InvalidValue(f"{label} must be a whole number from {low} to {high} (got {raw!r})")
    return int(number)


def check_entry_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check the given fields of a log entry (any subset of channel, kind, sentiment, csat, nps, tags)."""
    checked: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "channel":
            checked[key] = check_choice("channel", value, CHANNELS)
        elif key == "kind":
            checked[key] = check_choice("kind", value, KINDS)
        elif key == "sentiment":
            checked[key] = check_choice("sentiment", value, SENTIMENTS) if str(value).strip() else None
        elif key == "csat":
            checked[key] = check_score("csat", value, 1, 5)
        elif key == "nps":
            checked[key] = check_score("nps", value, 0, 10)
        elif key == "tags":
            checked[key] = normalise_tags(value)
        else:
            checked[key] = value
    return checked


def parse_when(text: str, *, now: datetime) -> datetime:
    """A moment as `--when` reads it; ISO datetimes (the form exports write) take a fast path."""
    stripped = text.strip()
    if len(stripped) > 10 and stripped[10] in "T ":
        try:
            moment = datetime.fromisoformat(stripped)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo is not None else moment.replace(tzinfo=now.tzinfo)
    return parse_datetime(stripped, now=now)


def notes_from_editor(text: str) -> str:
    """What the user wrote above the scissors line, without surrounding blank lines."""
    kept = text.split(SCISSORS, 1)[0]
    return kept.strip("\n").rstrip()


def clean_notes(text: str) -> str:
    """Notes as stored: trailing whitespace and surrounding blank lines removed; inner text as written."""
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).strip("\n")


def split_list(raw: Any) -> list[str]:
    """A list cell (`a;b`) or a JSON list, as clean strings without empties."""
    if raw is None:
        return []
    items = raw if isinstance(raw, list) else str(raw).split(LIST_SEPARATOR)
    return [str(item).strip() for item in items if str(item).strip()]


# ---------------------------------------------------------------------------------------------
# Import: every row checked first, all of them or none


@dataclass
class PlannedEntry:
    account_id: int
    occurred_at: datetime
    channel: str = "meeting"
    kind: str = "interaction"
    sentiment: str | None = None
    csat: int | None = None
    nps: int | None = None
    notes: str = ""
    tags: list[str] = field(default_factory=list)
    contact_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class ImportLookups:
    """What rows are checked against, fetched once: names → ids."""

    accounts: Mapping[str, int]
    """Casefolded account name → id."""
    account_names: Sequence[str]
    contacts: Mapping[tuple[int, str], int]
    """(account id, casefolded contact name) → contact id."""
    contact_names: Mapping[int, Sequence[str]]


def plan_log_import(
    rows: Sequence[Any], lookups: ImportLookups, *, now: datetime
) -> tuple[list[PlannedEntry], list[str], list[str]]:
    """(entries to insert, problems `line 7: …`, unknown column names). Rows are `io.rows.SourceRow`."""
    planned: list[PlannedEntry] = []
    problems: list[str] = []
    unknown: set[str] = set()
    known = {name: name for name in IMPORT_FIELDS}
    known.update(
        {"id": "", "follow_up_id": "", "date": "when", "occurred_at": "when", "account_name": "account"}
    )
    headers: dict[str, str] = {}
    for row in rows:
        if row.problem:
            problems.append(f"{row.where}: {row.problem}")
            continue
        values: dict[str, Any] = {}
        for header, value in row.values.items():
            if header not in headers:
                name = known.get(re.sub(r"[\s-]+", "_", str(header).strip().casefold()))
                headers[header] = "?" if name is None else name
                if name is None:
                    unknown.add(str(header))
            target = headers[header]
            if target and target != "?":
                values[target] = _unguarded(value) if row.where.startswith("line") else value
        try:
            planned.append(_plan_row(values, lookups, now=now))
        except KamctlError as exc:
            problems.append(f"{row.where}: {exc}")
    return planned, problems, sorted(unknown)


def _unguarded(value: Any) -> Any:
    """A CSV cell as written before `log export` guarded it against formula injection (`'=x` → `=x`),
    so that export → import gives back the same text."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def _plan_row(values: Mapping[str, Any], lookups: ImportLookups, *, now: datetime) -> PlannedEntry:
    account_text = str(values.get("account") or "").strip()
    if not account_text:
        raise InvalidValue("the account is missing")
    account_id = lookups.accounts.get(account_text.casefold())
    if account_id is None:
        raise InvalidValue(f"no account {account_text!r}{did_you_mean(account_text, lookups.account_names)}")
    when = values.get("when")
    occurred_at = parse_when(str(when), now=now) if when not in (None, "") else now
    fields = check_entry_fields(
        {
            key: values[key]
            for key in ("channel", "kind", "sentiment", "csat", "nps")
            if values.get(key) not in (None, "")
        }
    )
    contact_ids = []
    for name in split_list(values.get("contacts")):
        contact_id = lookups.contacts.get((account_id, name.casefold()))
        if contact_id is None:
            known = lookups.contact_names.get(account_id, ())
            raise InvalidValue(f"no contact {name!r} at {account_text}{did_you_mean(name, known)}")
        if contact_id not in contact_ids:
            contact_ids.append(contact_id)
    notes = values.get("notes")
    return PlannedEntry(
        account_id=account_id,
        occurred_at=occurred_at,
        notes=clean_notes(str(notes)) if notes is not None else "",
        tags=normalise_tags(split_list(values.get("tags"))),
        contact_ids=contact_ids,
        **fields,
    )


def export_record(entry: Mapping[str, Any]) -> dict[str, Any]:
    """A `log list` record in the shape `log import` reads."""
    return {
        "account": entry["account"],
        "when": entry["when"],
        "channel": entry["channel"],
        "kind": entry["kind"],
        "notes": entry["notes"],
        "contacts": list(entry["contacts"]),
        "sentiment": entry["sentiment"],
        "csat": entry["csat"],
        "nps": entry["nps"],
        "tags": list(entry["tags"]),
    }
