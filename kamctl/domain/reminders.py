"""The reminder engine (SPEC §7): which items are due when, their stable ids, snoozes, grouping, order.

Pure functions over plain values: the store reads `DueFacts`, `due_list` turns them into
`DueItem`s for one day, and the CLI renders them. The six kinds and their due dates:

| kind | due date |
|---|---|
| follow-up | its own due date (from `log --next`, `remind add`, or a snooze) |
| recurring | the current occurrence of its rule (moved on by `remind done`) |
| cadence | local day of (latest log entry, else created_at) + cadence_days; per account (its own |
|          | cadence_days, else the setting cadence.<tier>) and per active contact with cadence_days |
| renewal | renewal_date − renewal.lead_days |
| review | local day of (latest review, else created_at) + review.interval_months; key accounts only |
| objective | the due date of an open plan objective |
| risk | the due date of an open risk |

Every item belongs to someone (SPEC §3 "Work that belongs to someone"): a stored reminder, an
objective or a risk to its assignee, a contact's cadence to our person who owns that relationship
(`our_contact`), and all of them, like the account-level items (cadence, renewal, review), to
the account's owner when nobody is named. Lost accounts get no cadence items: nobody is asked
to keep in touch with a customer who left.

A snooze hides an item (any kind, by its id) while `--on` is before the snooze's date; the
item then comes back with its own due date. Stored one-off follow-ups are snoozed by moving
their due date instead (the CLI does that), as SPEC says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from dateutil.relativedelta import relativedelta

from kamctl.domain.names import as_id, not_one_of
from kamctl.domain.renewals import is_lapsed
from kamctl.errors import InvalidValue
from kamctl.i18n import N_, _, day, ngettext, value_of

KINDS = ("follow-up", "recurring", "cadence", "renewal", "review", "objective", "risk")
TIERS = ("key", "candidate", "standard")
GROUPS = ("overdue", "today", "upcoming")
GROUP_TITLES = {"overdue": N_("Overdue"), "today": N_("Today"), "upcoming": N_("Upcoming")}
"""Group headings, marked for the catalog (shown through `_`)."""


# ---------------------------------------------------------------------------------------------
# What the engine reads


@dataclass(frozen=True)
class DueAccount:
    """A non-archived account with what its computed reminders depend on."""

    id: int
    name: str
    tier: str
    owner: str | None
    created_at: datetime
    cadence_days: int | None = None
    """The account's own rhythm; None means the tier's default (setting cadence.<tier>)."""
    renewal_date: date | None = None
    last_contact: datetime | None = None
    """The latest log entry with the account (any kind), or None."""
    last_review: datetime | None = None
    status: str = "active"


@dataclass(frozen=True)
class DueContact:
    """An active contact (not left) with its own cadence_days, of a non-archived account."""

    id: int
    account_id: int
    name: str
    cadence_days: int
    created_at: datetime
    last_contact: datetime | None = None
    """The latest log entry that names this contact, or None."""
    our_contact: str | None = None
    """Our person who owns the relationship; None means the account's owner."""


@dataclass(frozen=True)
class StoredReminder:
    """An open stored reminder: a follow-up, or a recurring one when `rule` is set."""

    id: int
    account_id: int
    title: str
    due: date
    rule: str | None = None
    contact: str | None = None
    assignee: str | None = None


@dataclass(frozen=True)
class OpenObjective:
    """An open plan objective with a due date; whose it is (None: the account owner's)."""

    id: int
    account_id: int
    text: str
    due: date
    assignee: str | None = None


@dataclass(frozen=True)
class OpenRisk(OpenObjective):
    """An open risk with a due date (its mitigation is due then): the same facts as an objective."""


@dataclass(frozen=True)
class DueRules:
    """The settings the due dates depend on (SPEC §2 Settings)."""

    cadence_by_tier: Mapping[str, int | None] = field(
        default_factory=lambda: {"key": 14, "candidate": 30, "standard": None}
    )
    renewal_lead_days: int = 90
    review_interval_months: int = 3
    upcoming_days: int = 7

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> DueRules:
        return cls(
            cadence_by_tier={tier: settings.get(f"cadence.{tier}") for tier in TIERS},
            renewal_lead_days=int(settings["renewal.lead_days"]),
            review_interval_months=int(settings["review.interval_months"]),
            upcoming_days=int(settings["upcoming_days"]),
        )

    def cadence_of(self, account: DueAccount) -> int | None:
        return self.cadence_for(account.cadence_days, account.tier)

    def cadence_for(self, cadence_days: int | None, tier: str) -> int | None:
        """An account's rhythm in days: its own cadence_days, else its tier's default (None: no rhythm)."""
        return cadence_days if cadence_days is not None else self.cadence_by_tier.get(tier)


@dataclass(frozen=True)
class DueFacts:
    accounts: Sequence[DueAccount] = ()
    contacts: Sequence[DueContact] = ()
    reminders: Sequence[StoredReminder] = ()
    objectives: Sequence[OpenObjective] = ()
    snoozes: Mapping[str, date] = field(default_factory=dict)
    """Item id (`cadence:12`, `7`, …) → the day it shows again."""
    risks: Sequence[OpenRisk] = ()


# ---------------------------------------------------------------------------------------------
# What the engine gives


@dataclass(frozen=True)
class DueItem:
    id: int | str
    """Stored reminders: their number. Computed items: `cadence:<account id>`,
    `cadence:contact:<contact id>`, `renewal:<account id>`, `review:<account id>`,
    `objective:<objective id>`, `risk:<risk id>`."""
    kind: str
    account_id: int
    account: str
    title: str
    due: date
    tier: str
    contact: str | None = None
    rule: str | None = None
    owner: str | None = None
    """The account's owner."""
    assignee: str | None = None
    """Who the item belongs to: its assignee, else the account's owner (None when neither is known)."""
    wording: tuple[str, tuple[tuple[str, Any], ...]] | None = field(default=None, compare=False)
    """A computed title's English template (marked for the catalog) and its values: `title` is
    that template filled in English (JSON and iCalendar keep it); `shown_title` words it in the
    language in use. None for a title typed by a person."""

    def shown_title(self) -> str:
        """The title as people read it: a computed one in the language in use, dates as `day`."""
        if self.wording is None:
            return self.title
        return worded(self.wording)

    def days_overdue(self, on: date) -> int:
        """SPEC §7: `--on` − due in days; negative while still ahead."""
        return (on - self.due).days

    def group(self, on: date) -> str:
        if self.due < on:
            return "overdue"
        return "today" if self.due == on else "upcoming"

    def record(self, on: date) -> dict[str, Any]:
        """The JSON shape of SPEC §7."""
        return {
            "id": self.id,
            "kind": self.kind,
            "account": self.account,
            "contact": self.contact,
            "title": self.title,
            "due": self.due,
            "days_overdue": self.days_overdue(on),
            "tier": self.tier,
            "assignee": self.assignee,
        }


# ---------------------------------------------------------------------------------------------
# Due dates


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The calendar day of an aware moment in `tz` (default: the machine's local time zone)."""
    try:
        return moment.astimezone(tz).date()
    except OverflowError:
        return moment.date()  # its zone would carry it past year 9999: see `_moved`


def cadence_due(
    last_contact: datetime | None, created_at: datetime, cadence_days: int, tz: tzinfo | None = None
) -> date:
    """(latest contact, or creation) + cadence_days, as a local calendar day."""
    day = local_day(last_contact or created_at, tz)
    return _moved(day, timedelta(days=cadence_days), beyond=date.max)


def review_due(
    last_review: datetime | None, created_at: datetime, interval_months: int, tz: tzinfo | None = None
) -> date:
    """(latest review, or creation) + review.interval_months; the 31st lands on a shorter month's end."""
    day = local_day(last_review or created_at, tz)
    return _moved(day, relativedelta(months=interval_months), beyond=date.max)


def _moved(day: date, step: timedelta | relativedelta, *, beyond: date) -> date:
    """`day + step`, or `beyond` (date.min or date.max) when that lies outside years 1–9999. Only
    a date stored before dates were checked on entry (an earlier kamctl took `--renewal
    0001-01-01` and `log --when 9999-12-31`) lies that near either end, and it must not stop
    `remind` from listing everything else."""
    try:
        return day + step
    except (OverflowError, ValueError):
        return beyond


def renewal_due(renewal_date: date, lead_days: int) -> date:
    return _moved(renewal_date, -timedelta(days=lead_days), beyond=date.min)


def all_items(
    facts: DueFacts,
    rules: DueRules,
    *,
    tz: tzinfo | None = None,
    last: date | None = None,
    on: date | None = None,
    assignee: str | None = None,
) -> list[DueItem]:
    """Every item of every kind due on or before `last` (None: whenever), snoozes not yet applied,
    in no particular order. Items beyond `last`, or belonging to someone other than `assignee`
    (when given; case-insensitive), are skipped before their titles are written. A renewal date
    before `on` (default: never) is a lapsed renewal."""
    beyond = date.max if last is None else last
    wanted = assignee.casefold() if assignee is not None else None
    accounts = {account.id: account for account in facts.accounts}
    items: list[DueItem] = []

    def listed(due: date, who: str | None) -> bool:
        return due <= beyond and (wanted is None or (who is not None and who.casefold() == wanted))

    def add(account: DueAccount, due: date, who: str | None, **values: Any) -> None:
        items.append(
            DueItem(account_id=account.id, account=account.name, tier=account.tier, owner=account.owner,
                    assignee=who, due=due, **values)
        )  # fmt: skip

    for reminder in facts.reminders:
        account = accounts.get(reminder.account_id)
        if account is None:  # archived (or filtered out)
            continue
        who = reminder.assignee or account.owner
        if listed(reminder.due, who):
            kind = "recurring" if reminder.rule else "follow-up"
            add(
                account,
                reminder.due,
                who,
                id=reminder.id,
                kind=kind,
                title=reminder.title,
                contact=reminder.contact,
                rule=reminder.rule,
            )
    for account in facts.accounts:
        cadence = rules.cadence_of(account) if account.status != "lost" else None
        if cadence is not None:
            due = cadence_due(account.last_contact, account.created_at, cadence, tz)
            if listed(due, account.owner):
                wording = _cadence_title(account.last_contact, cadence, tz)
                add(account, due, account.owner, id=f"cadence:{account.id}", kind="cadence",
                    title=english(wording), wording=wording)  # fmt: skip
        if account.renewal_date is not None:
            due = renewal_due(account.renewal_date, rules.renewal_lead_days)
            if listed(due, account.owner):
                if on is not None and is_lapsed(account.renewal_date, on):
                    wording = _wording(N_("Renewal lapsed"))
                else:
                    wording = _wording(N_("Renewal on {date}"), date=account.renewal_date)
                add(account, due, account.owner, id=f"renewal:{account.id}", kind="renewal",
                    title=english(wording), wording=wording)  # fmt: skip
        if account.tier == "key":
            months = rules.review_interval_months
            due = review_due(account.last_review, account.created_at, months, tz)
            if listed(due, account.owner):
                latest = account.last_review
                if latest:
                    wording = _wording(
                        N_("Periodic review (every {months} months; last {date})"),
                        months=months, date=local_day(latest, tz),
                    )  # fmt: skip
                else:
                    wording = _wording(N_("Periodic review (every {months} months; none yet)"), months=months)
                add(account, due, account.owner, id=f"review:{account.id}", kind="review",
                    title=english(wording), wording=wording)  # fmt: skip
    for contact in facts.contacts:
        account = accounts.get(contact.account_id)
        if account is None or account.status == "lost":
            continue
        due = cadence_due(contact.last_contact, contact.created_at, contact.cadence_days, tz)
        who = contact.our_contact or account.owner
        if listed(due, who):
            wording = _cadence_title(contact.last_contact, contact.cadence_days, tz, who=contact.name)
            add(
                account,
                due,
                who,
                id=f"cadence:contact:{contact.id}",
                kind="cadence",
                contact=contact.name,
                title=english(wording),
                wording=wording,
            )
    dated_work = [("objective", work) for work in facts.objectives] + [("risk", work) for work in facts.risks]
    for kind, work in dated_work:
        account = accounts.get(work.account_id)
        if account is None:
            continue
        who = work.assignee or account.owner
        if listed(work.due, who):
            add(account, work.due, who, id=f"{kind}:{work.id}", kind=kind, title=work.text)
    return items


Wording = tuple[str, tuple[tuple[str, Any], ...]]


def _wording(template: str, **values: Any) -> Wording:
    return template, tuple(values.items())


def english(wording: Wording) -> str:
    """A computed title in English, dates in ISO 8601: how JSON and iCalendar give it."""
    template, values = wording
    return template.format(**{name: _iso(value) for name, value in values})


def worded(wording: Wording) -> str:
    """A computed title in the language in use, dates as people read them (`i18n.day`)."""
    template, values = wording
    return _(template).format(
        **{name: day(value) if isinstance(value, date) else value for name, value in values}
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _cadence_title(last: datetime | None, days: int, tz: tzinfo | None, who: str | None = None) -> Wording:
    if who and last:
        return _wording(
            N_("Get in touch with {who} (every {days} days; last contact {date})"),
            who=who, days=days, date=local_day(last, tz),
        )  # fmt: skip
    if who:
        return _wording(
            N_("Get in touch with {who} (every {days} days; no contact logged yet)"), who=who, days=days
        )
    if last:
        return _wording(
            N_("Get in touch (every {days} days; last contact {date})"), days=days, date=local_day(last, tz)
        )
    return _wording(N_("Get in touch (every {days} days; no contact logged yet)"), days=days)


def is_snoozed(item: DueItem, snoozes: Mapping[str, date], on: date) -> bool:
    """Hidden while `on` is before the snooze's day (it shows again on that day)."""
    until = snoozes.get(str(item.id))
    return until is not None and on < until


# ---------------------------------------------------------------------------------------------
# The list for one day


def window_end(on: date, days: int) -> date:
    """The last day shown: `--on` + `--days`."""
    return on + timedelta(days=days)


def due_list(
    facts: DueFacts,
    rules: DueRules,
    *,
    on: date,
    days: int | None = None,
    kinds: Iterable[str] | None = None,
    scores: Mapping[int, float] | None = None,
    tz: tzinfo | None = None,
    assignee: str | None = None,
) -> list[DueItem]:
    """Everything due on or before `on` + `days` (default: setting upcoming_days), not snoozed,
    of the given kinds (and belonging to `assignee` when given), in SPEC §7's order: Overdue,
    Today, Upcoming; within a group by due date, then tier (key first), then score (highest
    first; unscored last)."""
    last = window_end(on, rules.upcoming_days if days is None else days)
    wanted = set(kinds) if kinds else set(KINDS)
    chosen = [
        item
        for item in all_items(facts, rules, tz=tz, last=last, on=on, assignee=assignee)
        if item.kind in wanted and not is_snoozed(item, facts.snoozes, on)
    ]
    return sort_items(chosen, scores=scores)


def sort_items(items: Iterable[DueItem], *, scores: Mapping[int, float] | None = None) -> list[DueItem]:
    scores = scores or {}

    def key(item: DueItem) -> tuple:
        score = scores.get(item.account_id)
        return (
            item.due,
            _tier_rank(item.tier),
            score is None,
            -(score or 0.0),
            item.account.casefold(),
            KINDS.index(item.kind),
            str(item.id),
        )

    return sorted(items, key=key)


def needs_scores(items: Sequence[DueItem]) -> bool:
    """Whether the score can change the order: two items share a due date and a tier, for
    different accounts (computing scores costs a pass over the orders, so skip it when not)."""
    seen: dict[tuple[date, str], int] = {}
    for item in items:
        key = (item.due, item.tier)
        if seen.setdefault(key, item.account_id) != item.account_id:
            return True
    return False


def _tier_rank(tier: str) -> int:
    return TIERS.index(tier) if tier in TIERS else len(TIERS)


def grouped(items: Sequence[DueItem], on: date) -> list[tuple[str, list[DueItem]]]:
    """The non-empty groups in order, each with its items (already sorted by `due_list`)."""
    groups: dict[str, list[DueItem]] = {name: [] for name in GROUPS}
    for item in items:
        groups[item.group(on)].append(item)
    return [(name, members) for name, members in groups.items() if members]


def anything_due_now(items: Iterable[DueItem], on: date) -> bool:
    """`--check`: something is overdue or due today."""
    return any(item.due <= on for item in items)


# ---------------------------------------------------------------------------------------------
# Ids and options typed by users


@dataclass(frozen=True)
class ItemRef:
    """A reminder id as typed: a stored reminder's number, or a computed item's id."""

    kind: str
    """`stored`, `cadence`, `cadence-contact`, `renewal`, `review`, `objective` or `risk`."""
    number: int

    @property
    def item_id(self) -> str:
        prefix = {"stored": "", "cadence-contact": "cadence:contact:"}.get(self.kind, f"{self.kind}:")
        return f"{prefix}{self.number}"


def parse_item_ref(text: str) -> ItemRef:
    """`12`, `cadence:3`, `cadence:contact:5`, `renewal:3`, `review:3`, `objective:8`, `risk:4`."""
    raw = text.strip().casefold()
    parts = raw.split(":")
    number = as_id(parts[-1])
    if number is not None:
        if len(parts) == 1:
            return ItemRef("stored", number)
        if len(parts) == 2 and parts[0] in ("cadence", "renewal", "review", "objective", "risk"):
            return ItemRef(parts[0], number)
        if len(parts) == 3 and parts[:2] == ["cadence", "contact"]:
            return ItemRef("cadence-contact", number)
    raise InvalidValue(
        _(
            "{text} is not a reminder id: use a reminder number (12) or a computed id "
            "(cadence:3, cadence:contact:5, renewal:3, review:3, objective:8, risk:4)"
        ).format(text=repr(text.strip()))
    )


def not_done_by_hand(item: ItemRef) -> str:
    """Why `remind done` does not clear a computed item, and what does."""
    shown = item.item_id
    if item.kind == "cadence":
        return _(
            '{id} is cleared by logging a contact with the account: kamctl log ACCOUNT "…", or '
            'kamctl remind done {id} --log "…"; to hide it for now: '
            "kamctl remind snooze {id} --until DATE"
        ).format(id=shown)
    if item.kind == "cadence-contact":
        return _(
            "{id} is cleared by logging a contact with that person: "
            'kamctl log ACCOUNT "…" --with NAME, or '
            'kamctl remind done {id} --log "…"; to hide it for now: '
            "kamctl remind snooze {id} --until DATE"
        ).format(id=shown)
    if item.kind == "review":
        return _(
            "{id} is cleared by recording the review: kamctl accounts review ACCOUNT [--note TEXT]"
        ).format(id=shown)
    if item.kind == "risk":
        return _(
            "{id} is cleared by closing the risk: "
            "kamctl accounts risk close {number} [--note TEXT]; "
            "to hide it for now: kamctl remind snooze {id} --until DATE"
        ).format(id=shown, number=item.number)
    return _(
        "{id} is due until the renewal date moves: kamctl accounts edit ACCOUNT --renewal DATE; "
        "to hide it for now: kamctl remind snooze {id} --until DATE"
    ).format(id=shown)


def cleared_by_contact(account_id: int, contact_ids: Iterable[int]) -> list[str]:
    """The cadence items a log entry with the account (and these contacts) answers."""
    return [f"cadence:{account_id}", *(f"cadence:contact:{contact_id}" for contact_id in contact_ids)]


def check_kinds(kinds: Iterable[str]) -> list[str]:
    checked = []
    for raw in kinds:
        kind = value_of(raw.strip(), KINDS).casefold().replace("_", "-").replace("followup", "follow-up")
        if kind not in KINDS:
            raise InvalidValue(not_one_of("--kind", raw, KINDS))
        checked.append(kind)
    return checked


def check_days(raw: int | str) -> int:
    try:
        days = int(str(raw).strip())
    except ValueError:
        raise InvalidValue(
            _("--days must be a whole number of days (got {value})").format(value=repr(raw))
        ) from None
    if not 0 <= days <= 3650:
        raise InvalidValue(_("--days must be between 0 and 3650 (got {days})").format(days=days))
    return days


def next_due_line(account: str, *, cadence_days: int | None, due: date | None, today: date) -> str:
    """The one line `log` prints after recording: when the account is due next (cadence)."""
    if cadence_days is None or due is None:
        return _(
            "{account} has no contact rhythm (set one with: kamctl accounts edit {quoted} --cadence DAYS)"
        ).format(account=account, quoted=repr(account))
    gap = (due - today).days
    if gap == 0:
        when = _("today")
    elif gap > 0:
        when = ngettext("in {n} day", "in {n} days", gap).format(n=gap)
    else:
        when = ngettext("overdue by {n} day", "overdue by {n} days", -gap).format(n=-gap)
    return _("Next contact with {account} due {date} ({when}; every {days} days)").format(
        account=account, date=day(due), when=when, days=cadence_days
    )
