"""Log entries (SPEC §6): the values `log` accepts, notes from the editor, and import rows checked
before anything is written."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any, NamedTuple, Protocol

from kamctl.domain.accounts import normalise_tags
from kamctl.domain.dates import parse_datetime
from kamctl.domain.limits import check_supported
from kamctl.domain.names import did_you_mean, not_one_of
from kamctl.errors import InvalidValue, KamctlError
from kamctl.i18n import N_, _, label, value_of

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
EDITOR_TEMPLATE = N_("""\

{scissors}
# Notes for {account} ({channel}, {when}).
# Write above the line; everything from the line down is ignored.
# Save an empty note to record nothing.
""")
"""What $EDITOR opens on (translated where it is filled in); the scissors line is never translated."""

FIELD_NAMES = {
    "channel": N_("channel"),
    "kind": N_("kind"),
    "sentiment": N_("sentiment"),
    "csat": N_("csat"),
    "nps": N_("nps"),
    "notes": N_("notes"),
    "when": N_("when"),
    "tags": N_("tags"),
    "contacts": N_("contacts"),
}
"""An entry's fields as messages name them (`csat must be …`, `Changed log entry 12: notes, when`)."""


def field_name(key: str) -> str:
    """How a message names the field `key`, in the language in use."""
    return _(FIELD_NAMES[key]) if key in FIELD_NAMES else key


def check_choice(field: str, raw: str, allowed: Sequence[str]) -> str:
    """One of `allowed` as typed: the value (any case) or its label (`--channel 訪問` is visit)."""
    value = value_of(raw.strip(), allowed).casefold()
    if value not in allowed:
        raise InvalidValue(not_one_of(field_name(field), raw, [label(choice) for choice in allowed]))
    return value


def check_score(field: str, raw: Any, low: int, high: int) -> int | None:
    """CSAT 1–5, NPS 0–10: whole numbers; empty means none."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        number = float(str(raw).strip())
    except ValueError:
        raise InvalidValue(_not_a_score(field, raw, low, high)) from None
    if not number.is_integer() or not low <= number <= high:
        raise InvalidValue(_not_a_score(field, raw, low, high))
    return int(number)


def _not_a_score(field: str, raw: Any, low: int, high: int) -> str:
    return _("{field} must be a whole number from {low} to {high} (got {value})").format(
        field=field_name(field), low=low, high=high, value=repr(raw)
    )


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


def entry_fields(**options: Any) -> dict[str, Any]:
    """`check_entry_fields` of the fields given (None: not given)."""
    from kamctl.domain.fields import given

    return check_entry_fields(given(options))


def merged_tags(tags: Sequence[str], *, add: Iterable[str] = (), remove: Iterable[str] = ()) -> list[str]:
    """`tags` without those in `remove` (case-insensitive), with those in `add`, checked."""
    removed = {tag.casefold() for tag in remove}
    kept = [tag for tag in tags if tag.casefold() not in removed]
    return check_entry_fields({"tags": kept + list(add)})["tags"]


def parse_when(text: str, *, now: datetime) -> datetime:
    """A moment as `--when` reads it; ISO datetimes (the form exports write) take a fast path."""
    stripped = text.strip()
    if len(stripped) > 10 and stripped[10] in "T ":
        try:
            moment = datetime.fromisoformat(stripped)
        except ValueError:
            pass
        else:
            check_supported(moment.date(), f"date {stripped!r}")
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
# Import: every row checked, all of them or none


class PlannedEntry(NamedTuple):
    """A checked import row, ready to insert (a plain tuple: an import makes 100,000 of them)."""

    account_id: int
    occurred_at: datetime
    channel: str
    kind: str
    sentiment: str | None
    csat: int | None
    nps: int | None
    notes: str
    tags: tuple[str, ...]
    contact_ids: tuple[int, ...]


@dataclass(frozen=True)
class ImportLookups:
    """What rows are checked against, fetched once: names → ids."""

    accounts: Mapping[str, int]
    """Casefolded account name → id."""
    account_names: Sequence[str]
    contacts: Mapping[tuple[int, str], int]
    """(account id, casefolded contact name) → contact id."""
    contact_names: Mapping[int, Sequence[str]]


class ImportRow(Protocol):
    """A row as `kamctl.io.rows.RowFile` reads it."""

    unit: str
    number: int
    header: tuple[str, ...]
    cells: Sequence[Any]
    problem: str | None

    @property
    def where(self) -> str: ...


COLUMN_FIELDS = {name: name for name in IMPORT_FIELDS} | {
    "id": "",
    "follow_up_id": "",
    "date": "when",
    "occurred_at": "when",
    "account_name": "account",
}
"""Normalised column name → the field it fills; '' marks a column of `log export` that import ignores."""


class LogImport:
    """Checks the rows of a `log import` file one at a time against names fetched once (SPEC §6).

    `entries(rows)` yields the entry of each good row and keeps `line 7: …` for each bad one in
    `problems`. After the first bad row nothing will be imported, so later rows are only checked:
    every problem is reported. The file can be streamed: nothing here grows with the rows but
    the problems and the memory of cells already checked — cells repeat (the same account,
    channel, contacts and tags), and one dict lookup is what keeps 100,000 rows fast.
    """

    def __init__(self, lookups: ImportLookups, *, now: datetime) -> None:
        self.lookups = lookups
        self.now = now
        self.rows = 0
        """Rows read so far, bad ones included."""
        self.problems: list[str] = []
        self._unknown: set[str] = set()
        self._pickers: dict[tuple[tuple[str, ...], int], tuple[Callable[[Sequence[Any]], tuple], bool]] = {}
        # Cell as written → checked value; a miss is checked (and raises) the slow way.
        self._account_ids: dict[str, int] = {}
        self._unknown_accounts: dict[str, str] = {}
        self._channels: dict[str, str] = {name: name for name in CHANNELS}
        self._kinds: dict[str, str] = {name: name for name in KINDS}
        self._sentiments: dict[str, str] = {name: name for name in SENTIMENTS}
        self._scores: dict[tuple[str, str], int | None] = {}
        self._contact_ids: dict[tuple[str, str], tuple[int, ...]] = {}
        self._tags: dict[str, tuple[str, ...]] = {}

    @property
    def unknown_columns(self) -> list[str]:
        """Columns no field is read from (the command warns that they were ignored)."""
        return sorted(self._unknown)

    def entries(self, rows: Iterable[ImportRow]) -> Iterator[PlannedEntry]:
        now, problems = self.now, self.problems
        account_ids, channels, kinds, sentiments = (
            self._account_ids, self._channels, self._kinds, self._sentiments
        )  # fmt: skip
        contact_ids_of, tags_of = self._contact_ids, self._tags
        new_entry = tuple.__new__  # PlannedEntry(...) without its keyword-handling __new__
        header: tuple[str, ...] | None = None
        width = -1
        pick: Callable[[Sequence[Any]], tuple] = tuple
        padded = False
        for row in rows:
            self.rows += 1
            unit, _, row_header, cells, problem = row
            if problem is not None:
                problems.append(f"{row.where}: {problem}")
                continue
            if row_header is not header or len(cells) != width:
                header, width = row_header, len(cells)
                pick, padded = self._picker(header, width)
            values = pick([*cells, None]) if padded else pick(cells)
            if unit != "line":
                values = _as_text(values)
            account, when, channel, kind, notes, contacts, sentiment, csat, nps, tags = values
            try:
                account_id = account_ids.get(account) or self._account_id(account)  # type: ignore[arg-type]
                occurred_at = parse_when(when, now=now) if when else now
                if occurred_at.year in (1, 9999):
                    _check_storable(occurred_at, when)
                channel = (
                    (channels.get(channel) or self._choice("channel", channel)) if channel else "meeting"
                )
                kind = (kinds.get(kind) or self._choice("kind", kind)) if kind else "interaction"
                if sentiment:
                    sentiment = sentiments.get(sentiment) or self._choice("sentiment", sentiment)
                else:
                    sentiment = None
                csat = None if csat is None or csat == "" else self._score("csat", csat, 1, 5)
                nps = None if nps is None or nps == "" else self._score("nps", nps, 0, 10)
                if contacts is None or contacts == "":
                    contact_ids: tuple[int, ...] = ()
                elif type(contacts) is str:
                    contact_ids = contact_ids_of.get((account, contacts)) or self._contacts(
                        account, account_id, contacts
                    )
                else:
                    contact_ids = self._contacts(account, account_id, contacts)
            except KamctlError as exc:
                problems.append(f"{row.where}: {exc}")
                continue
            if problems:
                continue
            if notes is None:
                notes = ""
            elif notes.isprintable():  # no line breaks: what clean_notes does, quicker
                notes = notes.rstrip()
            else:
                notes = clean_notes(notes)
            if tags is None or tags == "":
                tags = ()
            elif type(tags) is str:
                tags = tags_of.get(tags) or self._tag_tuple(tags)
            else:
                tags = tuple(normalise_tags(split_list(tags)))
            yield new_entry(  # type: ignore[call-overload]
                PlannedEntry,
                (account_id, occurred_at, channel, kind, sentiment, csat, nps, notes, tags, contact_ids),
            )

    def _picker(self, header: tuple[str, ...], width: int) -> tuple[Callable[[Sequence[Any]], tuple], bool]:
        """What takes the IMPORT_FIELDS values out of a row of `width` cells under `header`, and
        whether the row needs a None appended for the fields it lacks.

        Exactly as a dict of the row would give them: a repeated column name counts once, with
        its last cell; of two names for one field (`when`, `date`) the later column wins.
        """
        key = (header, width)
        if key not in self._pickers:
            positions: dict[str, int] = {}
            for name, position in dict(zip(header, range(width), strict=False)).items():
                field_name = COLUMN_FIELDS.get(re.sub(r"[\s-]+", "_", str(name).strip().casefold()))
                if field_name is None:
                    self._unknown.add(str(name))
                elif field_name:
                    positions[field_name] = position
            indexes = [positions.get(name, width) for name in IMPORT_FIELDS]
            self._pickers[key] = (itemgetter(*indexes), width in indexes)
        return self._pickers[key]

    def _account_id(self, cell: str | None) -> int:
        text = (cell or "").strip()
        if not text:
            raise InvalidValue(_("the account is missing"))
        account_id = self.lookups.accounts.get(text.casefold())
        if account_id is None:
            if text not in self._unknown_accounts:
                close = did_you_mean(text, self.lookups.account_names)
                unknown = _("no account {name}{hint}").format(name=repr(text), hint=close)
                self._unknown_accounts[text] = unknown
            raise InvalidValue(self._unknown_accounts[text])
        self._account_ids[cell] = account_id  # type: ignore[index]
        return account_id

    def _choice(self, label: str, cell: str) -> str | None:
        """channel, kind or sentiment as written in a cell (a blank sentiment means none)."""
        if label == "sentiment" and not cell.strip():
            return None
        allowed, known = {
            "channel": (CHANNELS, self._channels),
            "kind": (KINDS, self._kinds),
            "sentiment": (SENTIMENTS, self._sentiments),
        }[label]
        value = known[cell] = check_choice(label, cell, allowed)
        return value

    def _score(self, label: str, raw: Any, low: int, high: int) -> int | None:
        if type(raw) is not str:
            return check_score(label, raw, low, high)
        key = (label, raw)
        if key not in self._scores:
            self._scores[key] = check_score(label, raw, low, high)
        return self._scores[key]

    def _contacts(self, account_cell: str, account_id: int, raw: Any) -> tuple[int, ...]:
        ids: list[int] = []
        for name in split_list(raw):
            contact_id = self.lookups.contacts.get((account_id, name.casefold()))
            if contact_id is None:
                known = self.lookups.contact_names.get(account_id, ())
                account_text = account_cell.strip()
                raise InvalidValue(
                    _("no contact {name} at {account}{hint}").format(
                        name=repr(name), account=account_text, hint=did_you_mean(name, known)
                    )
                )
            if contact_id not in ids:
                ids.append(contact_id)
        if type(raw) is str:
            self._contact_ids[(account_cell, raw)] = tuple(ids)
        return tuple(ids)

    def _tag_tuple(self, cell: str) -> tuple[str, ...]:
        tags = self._tags[cell] = tuple(normalise_tags(split_list(cell)))
        return tags


def _check_storable(moment: datetime, text: str | None) -> None:
    """Moments are stored in UTC: the first and last hours of the calendar may not fit."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise InvalidValue(
            _("cannot store {value}: in UTC it falls outside the years 1 to 9999").format(value=repr(text))
        ) from None


def _as_text(values: tuple) -> tuple:
    """JSON values where a text is expected, as text (numbers and lists are kept for the scores,
    contacts and tags, which read them as such)."""
    account, when, channel, kind, notes, contacts, sentiment, csat, nps, tags = values
    return (
        account if type(account) is str else str(account or ""),
        *(None if value is None else str(value) for value in (when, channel, kind, notes)),
        contacts,
        None if sentiment is None else str(sentiment),
        csat,
        nps,
        tags,
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
