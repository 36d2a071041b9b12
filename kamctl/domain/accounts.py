"""Accounts: the fields of SPEC §3, their allowed values, and turning raw input into checked values."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache, partial
from typing import Any

from kamctl.domain.amounts import number_text
from kamctl.domain.cells import CheckedCells
from kamctl.domain.limits import check_amount_size, check_supported
from kamctl.domain.names import as_id, not_one_of
from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _
from kamctl.i18n import value_of as _value_of

TIERS = ("key", "candidate", "standard")
TEAM_ROLES = ("owner", "sales", "marketing", "support", "executive-sponsor", "other")
"""Our side of the map: the roles of the people who work on an account (SPEC §3 `accounts team`)."""
STATUSES = ("prospect", "active", "at-risk", "lost")
CHANNELS = ("meeting", "visit", "call", "email", "chat", "social", "event", "other")
STAGES = {
    1: N_("exploratory"),
    2: N_("basic"),
    3: N_("cooperative"),
    4: N_("interdependent"),
    5: N_("integrated"),
}
"""The relationship stages, shown as `_(STAGES[n])`."""

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
    "company_owner": "owner",
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


@cache
def field_for_header(header: str) -> str | None:
    """The kamctl field an import column means: field names and CRM headers, case-insensitive.
    (Cached: an import asks once per cell, of a handful of headers.)"""
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
    currency: bool = False
    """An amount of money: a currency symbol may come with it (`¥300,000,000`)."""


RULES: dict[str, Rule] = {
    "name": Rule("text", required=True),
    "industry": Rule("text"),
    "owner": Rule("text"),
    "tier": Rule("choice", choices=TIERS, required=True),
    "status": Rule("choice", choices=STATUSES, required=True),
    "stage": Rule("int", 1, 5),
    "share_of_wallet": Rule("number", 0, 100),
    "revenue": Rule("number", 0, currency=True),
    "profit": Rule("number", currency=True),
    "order_size": Rule("number", 0, currency=True),
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
    if type(raw) is str:  # an import asks this of every cell: the common case comes first
        raw = raw.strip()
        if raw == "":
            raw = None
    kind = rule.kind
    if raw is None:
        if rule.required:
            raise InvalidValue(_("{field} must not be empty").format(field=_label(field)))
        return [] if kind == "tags" else None
    if kind == "text":
        return raw if type(raw) is str else str(raw)
    if kind == "choice":
        value = _value_of(str(raw), rule.choices).casefold()
        if value not in rule.choices:
            raise InvalidValue(not_one_of(_label(field), str(raw), rule.choices))
        return value
    if kind in ("int", "number"):
        return check_number(_label(field), raw, rule)
    if kind == "date":
        if isinstance(raw, date):
            return check_supported(raw, _label(field))
        from kamctl.domain.dates import parse_date

        return parse_date(str(raw), today=today)
    if kind == "tags":
        return normalise_tags(raw)
    if kind == "bool":
        return _check_bool(_label(field), raw)
    raise AssertionError(kind)


FIELD_LABELS = {
    "name": N_("name"),
    "industry": N_("industry"),
    "owner": N_("owner"),
    "tier": N_("tier"),
    "status": N_("status"),
    "stage": N_("stage"),
    "share_of_wallet": N_("share of wallet"),
    "revenue": N_("revenue"),
    "profit": N_("profit"),
    "order_size": N_("order size"),
    "order_frequency": N_("order frequency"),
    "growth": N_("growth"),
    "strategic_fit": N_("strategic fit"),
    "influence": N_("influence"),
    "cadence_days": N_("cadence days"),
    "preferred_channel": N_("preferred channel"),
    "renewal_date": N_("renewal date"),
    "tags": N_("tags"),
    "notes": N_("notes"),
    "archived": N_("archived"),
    "created": N_("created"),
}
"""How a field is named in messages (`share of wallet must be between 0 and 100`)."""


def field_label(field: str) -> str:
    """A field's name as a message shows it, in the language in use."""
    label = FIELD_LABELS.get(field)
    return _(label) if label is not None else field.replace("_", " ")


def field_name(field: str) -> str:
    """A field as a confirmation or the history table names it: the field itself in English
    (`share_of_wallet`, as scripts and `--sort` know it), its label in Japanese (ウォレットシェア)."""
    from kamctl.i18n import japanese

    return field_label(field) if japanese() and field in FIELD_LABELS else field


_label = field_label


def check_number(label: str, raw: Any, rule: Rule) -> int | float:
    if isinstance(raw, bool):
        raise InvalidValue(_("{field} must be a number (got {value})").format(field=label, value=repr(raw)))
    if isinstance(raw, str):
        number = number_text(label, raw, currency=rule.currency)
    elif isinstance(raw, int | float):
        number = float(raw)
    else:
        raise InvalidValue(_("{field} must be a number (got {value})").format(field=label, value=repr(raw)))
    if not math.isfinite(number):
        raise InvalidValue(
            _("{field} must be a finite number (got {value})").format(field=label, value=repr(raw))
        )
    check_amount_size(label, number, raw)
    if rule.kind == "int":
        if not number.is_integer():
            raise InvalidValue(
                _("{field} must be a whole number (got {value})").format(field=label, value=repr(raw))
            )
        number = int(number)
    if (rule.low is not None and number < rule.low) or (rule.high is not None and number > rule.high):
        if rule.high is None:
            wrong = _("{field} must be at least {low} (got {value})")
        else:
            wrong = _("{field} must be between {low} and {high} (got {value})")
        raise InvalidValue(
            wrong.format(
                field=label,
                low=f"{rule.low:g}",
                high="" if rule.high is None else f"{rule.high:g}",
                value=repr(raw),
            )
        )
    return number


def _check_bool(label: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).casefold()
    if text in ("1", "true", "yes", "y"):
        return True
    if text in ("0", "false", "no", "n"):
        return False
    raise InvalidValue(_("{field} must be true or false (got {value})").format(field=label, value=repr(raw)))


def normalise_tags(raw: Any) -> list[str]:
    """Tags from a list or from text separated by `;` or `,`: trimmed, no blanks, no repeats.

    An item of a list is split too (`--tag 'a,b'` is two tags): `;` and `,` separate tags in
    every CSV cell, so a tag holding one could not come back from an export (SPEC §2)."""
    items = raw if isinstance(raw, list | tuple) else [raw]
    tags: list[str] = []
    for item in items:
        for part in _TAG_SEPARATORS.split(str(item)):
            tag = part.strip()
            if tag and tag not in tags:
                tags.append(tag)
    return tags


_TAG_SEPARATORS = re.compile(r"[;,]")


def has_tag(tags: Iterable[str], tag: str) -> bool:
    """Whether `tags` hold `tag`, whatever the case (`--tag big` finds "Big")."""
    wanted = tag.casefold()
    return any(item.casefold() == wanted for item in tags)


def merge_tags(tags: Sequence[str], *, add: Sequence[str] = (), remove: Sequence[str] = ()) -> list[str]:
    """`tags` without those in `remove` (whatever the case), then those in `add`, normalised."""
    removed = {tag.casefold() for tag in remove}
    return normalise_tags([tag for tag in tags if tag.casefold() not in removed] + list(add))


def matches_account(record: Mapping[str, Any], query: str) -> bool:
    """Whether an account record is the one `query` names by id, or has it in its name (any case)."""
    number = as_id(query)
    return record["id"] == number or query.strip().casefold() in record["name"].casefold()


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


@dataclass
class ImportPlan:
    """An account import, every row checked (SPEC §3): what to write, or why not.

    New accounts are kept as tuples in IMPORT_FIELDS order rather than dicts: a 100,000-row
    file then costs tens of MB, not hundreds, while it waits for the write transaction.
    """

    new: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)
    """New accounts: IMPORT_FIELDS values, defaults filled in."""
    changes: list[tuple[int, str, dict[str, Any]]] = dataclasses.field(default_factory=list)
    """Existing accounts (with --update): id, casefolded name, and the fields the file sets."""
    problems: list[str] = dataclasses.field(default_factory=list)
    rows: int = 0

    @property
    def count(self) -> int:
        return len(self.new) + len(self.changes)


_NEW_ACCOUNT_DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(IMPORT_FIELDS),
    "tier": "standard",
    "status": "active",
    "tags": [],
    "archived": False,
}
"""What a field of a new account is when its cell is empty or missing (the model's defaults), in
IMPORT_FIELDS order."""


ROW_UNITS = {"line": N_("line"), "item": N_("item")}
"""How an import names where a row is (`io.rows`), in messages."""


def plan_import(rows: Iterable, *, existing: Mapping[str, int], update: bool, today: date) -> ImportPlan:
    """Check every row of an import (SPEC §3), reading `rows` once: the plan, and one problem per
    bad row.

    `rows` are `RawRow`s (io.rows: each row's cells under its header, as the file holds them);
    `existing` maps casefolded names to account ids. A name already in the database is an error
    unless `update`; a name twice in the file is always one.
    """
    plan = ImportPlan()
    seen: dict[str, int] = {}
    check = CheckedCells(partial(check_field, today=today), unique=("name", "notes"))
    for row in rows:
        plan.rows += 1
        try:
            if row.problem:
                raise InvalidValue(row.problem)
            values = _row_fields(row.header, row.cells, check=check)
            key = values["name"].casefold()
            if key in seen:
                raise InvalidValue(
                    _("account {name} is also on {unit} {number}").format(
                        name=repr(values["name"]), unit=_(ROW_UNITS.get(row.unit, row.unit)), number=seen[key]
                    )
                )
            seen[key] = row.number
            existing_id = existing.get(key)
            if existing_id is not None and not update:
                raise InvalidValue(
                    _("account {name} already exists (--update changes it)").format(name=repr(values["name"]))
                )
            if existing_id is None:
                plan.new.append(tuple(map(values.get, IMPORT_FIELDS, _NEW_ACCOUNT_DEFAULTS.values())))
            else:
                del values["name"]  # the name is the key here: "ACME" updates Acme, it does not rename it
                plan.changes.append((existing_id, key, values))
        except InvalidValue as exc:
            plan.problems.append(f"{row.where}: {exc}")
    return plan


def _row_fields(header: Sequence[str], cells: Sequence[Any], *, check: CheckedCells) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if type(header) is tuple and _distinct(header):
        # The usual file: its columns are read through a plan worked out once per header.
        check.fill(values, _columns_of_fields(header), cells)
    else:
        _fields_of_pairs(header, cells, check=check, values=values)
    if "name" not in values:
        raise InvalidValue(_("no account name (a column 'name' or 'Account Name')"))
    return values


def _fields_of_pairs(
    header: Sequence[str], cells: Sequence[Any], *, check: Callable[[str, Any], Any], values: dict[str, Any]
) -> None:
    # A short row lacks its last columns. A name twice in the header means its last cell, as in
    # a dict of the row (rare: a dict then).
    pairs = zip(header, cells, strict=False)
    if not _distinct(tuple(header)):
        pairs = iter(dict(pairs).items())
    for name, cell in pairs:
        field = field_for_header(name if type(name) is str else str(name))
        if field is None or field in values:
            continue  # columns kamctl does not keep (ids, timestamps, CRM extras) are ignored
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue  # an empty cell leaves the field as it is (or at its default)
        values[field] = check(field, cell)


@lru_cache(maxsize=64)
def _columns_of_fields(header: tuple[str, ...]) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """For each field a header names, its columns in file order: the first with a value wins, as
    `_fields_of_pairs` reads them. Columns kamctl does not keep (ids, CRM extras) are left out."""
    columns: dict[str, list[int]] = {}
    for position, name in enumerate(header):
        field = field_for_header(name if type(name) is str else str(name))
        if field is not None:
            columns.setdefault(field, []).append(position)
    return tuple((field, tuple(positions)) for field, positions in columns.items())


@lru_cache(maxsize=64)
def _distinct(header: Sequence[str]) -> bool:
    """Whether no column name repeats (asked once per CSV file: its rows share one header)."""
    return len(set(header)) == len(header)


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


HIGH_FIRST = (
    "score", "revenue", "profit", "order_size", "order_frequency", "share_of_wallet", "stage", "growth",
    "strategic_fit", "influence",
)  # fmt: skip
"""Sort keys whose best accounts have the highest values: `accounts list --sort` puts them first."""


def sort_records(records: list[dict[str, Any]], field: str) -> list[dict[str, Any]]:
    """Records sorted by one of their keys: blanks last, text case-insensitively, scores, amounts
    and ratings highest first (HIGH_FIRST), then by name."""
    key = field.strip().replace("-", "_")
    if records and key not in records[0]:
        raise InvalidValue(not_one_of(_("sort field"), field, list(records[0])))
    sign = -1 if key in HIGH_FIRST else 1

    def order(record: dict[str, Any]) -> tuple:
        value = record.get(key)
        if isinstance(value, str):
            value = value.casefold()
        elif isinstance(value, list):
            value = ",".join(value).casefold()
        elif value is not None and key in HIGH_FIRST:
            value = sign * value
        return (value is None, value if value is not None else 0, record["name"].casefold())

    return sorted(records, key=order)
