"""Accounts: the fields of SPEC §3, their allowed values, and turning raw input into checked values."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kamctl.domain.limits import check_amount_size, check_supported
from kamctl.domain.names import not_one_of
from kamctl.errors import InvalidValue

TIERS = ("key", "candidate", "standard")
STATUSES = ("prospect", "active", "at-risk", "lost")
CHANNELS = ("meeting", "visit", "call", "email", "chat", "social", "event", "other")
STAGES = {1: "exploratory", 2: "basic", 3: "cooperative", 4: "interdependent", 5: "integrated"}
RATINGS = ("growth", "strategic_fit", "influence")
AMOUNTS = ("revenue", "profit", "order_size", "order_frequency")

EDITABLE_FIELDS = (
    "name",
    "industry",
    "owner",
    "tier",
    "status",
    "stage",
    "share_of_wallet",
    "revenue",
    "profit",
    "order_size",
    "order_frequency",
    "growth",
    "strategic_fit",
    "influence",
    "cadence_days",
    "preferred_channel",
    "renewal_date",
    "tags",
    "notes",
)
"""Fields a user sets with `add`/`edit`/`import`, in the order of SPEC §3."""

IMPORT_FIELDS = (*EDITABLE_FIELDS, "archived")

HEADER_ALIASES = {
    # Common CRM export headers (Salesforce, HubSpot, Dynamics) → kamctl fields.
    "account_name": "name",
    "account": "name",
    "company": "name",
    "company_name": "name",
    "annual_revenue": "revenue",
    "account_owner": "owner",
    "owner_name": "owner",
    "description": "notes",
    "note": "notes",
    "renewal": "renewal_date",
    "contract_end_date": "renewal_date",
    "cadence": "cadence_days",
    "channel": "preferred_channel",
    "tag": "tags",
    "share_of_wallet_%": "share_of_wallet",
    "relationship_stage": "stage",
}


def field_for_header(header: str) -> str | None:
    """The kamctl field an import column means: field names and CRM headers, case-insensitive."""
    key = re.sub(r"[\s\-]+", "_", header.strip().casefold())
    if key in IMPORT_FIELDS:
        return key
    return HEADER_ALIASES.get(key)


@dataclass(frozen=True)
class Rule:
    kind: str  # text, choice, int, number, date, tags, bool
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    required: bool = False


RULES: dict[str, Rule] = {
    "name": Rule("text", required=True),
    "industry": Rule("text"),
    "owner": Rule("text"),
    "tier": Rule("choice", choices=TIERS, required=True),
    "status": Rule("choice", choices=STATUSES, required=True),
    "stage": Rule("int", 1, 5),
    "share_of_wallet": Rule("number", 0, 100),
    "revenue": Rule("number", 0),
    "profit": Rule("number"),
    "order_size": Rule("number", 0),
    "order_frequency": Rule("number", 0),
    "growth": Rule("int", 1, 5),
    "strategic_fit": Rule("int", 1, 5),
    "influence": Rule("int", 1, 5),
    "cadence_days": Rule("int", 1, 3650),
    "preferred_channel": Rule("choice", choices=CHANNELS),
    "renewal_date": Rule("date"),
    "tags": Rule("tags"),
    "notes": Rule("text"),
    "archived": Rule("bool", required=True),
}


def check_field(field: str, raw: Any, *, today: date) -> Any:
    """`raw` (typed, or text from a file) as the checked value of `field`; InvalidValue if it is not one.

    Empty text means "no value" for optional fields.
    """
    rule = RULES[field]
    label = field.replace("_", " ")
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raw = None
    if raw is None:
        if rule.required:
            raise InvalidValue(f"{label} must not be empty")
        return [] if rule.kind == "tags" else None
    if rule.kind == "text":
        return str(raw)
    if rule.kind == "choice":
        value = str(raw).casefold()
        if value not in rule.choices:
            raise InvalidValue(not_one_of(label, str(raw), rule.choices))
        return value
    if rule.kind in ("int", "number"):
        return check_number(label, raw, rule)
    if rule.kind == "date":
        if isinstance(raw, date):
            return check_supported(raw, label)
        from kamctl.domain.dates import parse_date

        return parse_date(str(raw), today=today)
    if rule.kind == "tags":
        return normalise_tags(raw)
    if rule.kind == "bool":
        return _check_bool(label, raw)
    raise AssertionError(rule.kind)


def check_number(label: str, raw: Any, rule: Rule) -> int | float:
    if isinstance(raw, bool):
        raise InvalidValue(f"{label} must be a number (got {raw!r})")
    if isinstance(raw, str):
        text = raw.replace(",", "").replace("_", "")
        try:
            number = float(text)
        except ValueError:
            raise InvalidValue(f"{label} must be a number (got {raw!r})") from None
    elif isinstance(raw, int | float):
        number = float(raw)
    else:
        raise InvalidValue(f"{label} must be a number (got {raw!r})")
    if not math.isfinite(number):
        raise InvalidValue(f"{label} must be a finite number (got {raw!r})")
    check_amount_size(label, number, raw)
    if rule.kind == "int":
        if not number.is_integer():
            raise InvalidValue(f"{label} must be a whole number (got {raw!r})")
        number = int(number)
    if (rule.low is not None and number < rule.low) or (rule.high is not None and number > rule.high):
        span = f"at least {rule.low:g}" if rule.high is None else f"between {rule.low:g} and {rule.high:g}"
        raise InvalidValue(f"{label} must be {span} (got {raw!r})")
    return number


def _check_bool(label: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).casefold()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise InvalidValue(f"{label} must be true or false (got {raw!r})")


def normalise_tags(raw: Any) -> list[str]:
    """Tags from a list or from text separated by `;` or `,`: trimmed, no blanks, no repeats."""
    items = raw if isinstance(raw, list | tuple) else re.split(r"[;,]", str(raw))
    tags: list[str] = []
    for item in items:
        tag = str(item).strip()
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def check_fields(values: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """Every given field checked; the first bad one raises InvalidValue."""
    return {field: check_field(field, raw, today=today) for field, raw in values.items()}


def history_text(value: Any) -> str | None:
    """How a field value is written into account history (text, so every field fits one column)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class PlannedRow:
    """One checked row of an account import: a new account, or changes to an existing one."""

    where: str
    values: dict[str, Any]
    existing_id: int | None = None


def plan_import(
    rows: list, *, existing: Mapping[str, int], update: bool, today: date
) -> tuple[list[PlannedRow], list[str]]:
    """Check every row of an import (SPEC §3): the plan, and one problem per bad row.

    `rows` are `SourceRow`s; `existing` maps casefolded names to account ids. A name already in
    the database is an error unless `update`; a name twice in the file is always one.
    """
    planned: list[PlannedRow] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for row in rows:
        try:
            if row.problem:
                raise InvalidValue(row.problem)
            values = _row_fields(row.values, today=today)
            key = values["name"].casefold()
            if key in seen:
                raise InvalidValue(f"account {values['name']!r} is also on {seen[key]}")
            seen[key] = row.where
            existing_id = existing.get(key)
            if existing_id is not None and not update:
                raise InvalidValue(f"account {values['name']!r} already exists (--update changes it)")
            if existing_id is None:
                values.setdefault("tier", "standard")
                values.setdefault("status", "active")
            else:
                del values["name"]  # the name is the key here: "ACME" updates Acme, it does not rename it
            planned.append(PlannedRow(row.where, values, existing_id))
        except InvalidValue as exc:
            problems.append(f"{row.where}: {exc}")
    return planned, problems


def _row_fields(raw: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for header, cell in raw.items():
        field = field_for_header(str(header))
        if field is None or field in values:
            continue  # columns kamctl does not keep (ids, timestamps, CRM extras) are ignored
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue  # an empty cell leaves the field as it is (or at its default)
        values[field] = check_field(field, cell, today=today)
    if "name" not in values:
        raise InvalidValue("no account name (a column 'name' or 'Account Name')")
    return values


def account_record(account: Any, *, last_contact: Any = None, score: float | None = None) -> dict[str, Any]:
    """An account as the JSON/CSV contract of `accounts list` (SPEC §3)."""
    record: dict[str, Any] = {"id": account.id}
    for field in EDITABLE_FIELDS:
        record[field] = getattr(account, field)
    record["tags"] = list(account.tags or [])
    record.update(
        archived=account.archived,
        created_at=account.created_at,
        updated_at=account.updated_at,
        last_contact=last_contact,
        score=None if score is None else round(score, 2),
    )
    return record


def sort_records(records: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """Records sorted by one of their keys: blanks last, text case-insensitively, then by name."""
    key = field.strip().replace("-", "_")
    if records and key not in records[0]:
        raise InvalidValue(not_one_of("sort field", field, list(records[0])))

    def order(record: dict[str, Any]) -> tuple:
        value = record.get(key)
        if isinstance(value, str):
            value = value.casefold()
        elif isinstance(value, list):
            value = ",".join(value).casefold()
        return (value is None, value if value is not None else 0, record["name"].casefold())

    return sorted(records, key=order)
