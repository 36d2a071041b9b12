"""The tables: the whole kamctl data model of SPEC §3–§8.

Every datetime is timezone-aware UTC (`UTCDateTime`); due dates, renewal dates, order dates
and period bounds are plain dates. Names that must be unique case-insensitively carry a
`name_key` (the casefolded name) with a unique index, which works the same on SQLite and
PostgreSQL and, unlike SQLite's NOCASE, also for non-ASCII names.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import ConfigDict
from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from kamctl.store.search_index import LOG_SEARCH_TABLE
from kamctl.store.types import UTCDateTime

# Constraints get predictable names, so that a later migration can address them (SQLite can only
# alter a table by copying it, and Alembic's batch mode needs the name of what it drops).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class TableModel(SQLModel):
    """The base of every table model. Pydantic builds a model's validator when it is first used
    instead of when the class is defined: rows are written and read through SQLAlchemy, so most
    commands never need one, and building all of them costs every command at start."""

    model_config = ConfigDict(defer_build=True)


def _partial_index(name: str, *columns: str, where: str) -> Index:
    """An index of the rows matching `where`. Naming `postgresql_where` here would load
    SQLAlchemy's PostgreSQL dialect in every SQLite command, a cost at start: PostgreSQL gets the
    condition from `use_postgresql_options` when an engine for it is made."""
    return Index(name, *columns, sqlite_where=text(where), info={"postgresql_where": where})


def use_postgresql_options() -> None:
    """Give the partial indexes their condition on PostgreSQL (see `_partial_index`)."""
    for table in SQLModel.metadata.tables.values():
        for index in table.indexes:
            where = index.info.get("postgresql_where")
            if where is not None:
                index.dialect_options["postgresql"]["where"] = text(where)


def _utc(nullable: bool = False) -> Column:
    return Column(UTCDateTime, nullable=nullable)


def _owner_fk(table: str, nullable: bool = False, index: bool = True) -> Column:
    """A foreign key whose rows disappear with their parent (`accounts rm` removes everything)."""
    return Column(Integer, ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=nullable, index=index)


class Account(TableModel, table=True):
    __tablename__ = "account"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)
    industry: str | None = None
    owner: str | None = Field(default=None, index=True)
    tier: str = "standard"
    status: str = "active"
    stage: int | None = None
    share_of_wallet: float | None = None
    revenue: float | None = None
    profit: float | None = None
    order_size: float | None = None
    order_frequency: float | None = None
    growth: int | None = None
    strategic_fit: int | None = None
    influence: int | None = None
    cadence_days: int | None = None
    preferred_channel: str | None = None
    renewal_date: date | None = None
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str | None = None
    archived: bool = False
    master_plan: str | None = None
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class AccountHistory(TableModel, table=True):
    """One changed field of an account; creation is recorded as field `created`."""

    __tablename__ = "account_history"
    __table_args__ = (Index("ix_account_history_account_when", "account_id", "changed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account", index=False))
    changed_at: datetime = Field(sa_column=_utc())
    who: str
    field: str
    old: str | None = None
    new: str | None = None


class TeamMember(TableModel, table=True):
    __tablename__ = "team_member"
    __table_args__ = (UniqueConstraint("account_id", "person", "role"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    person: str
    role: str


class Contact(TableModel, table=True):
    __tablename__ = "contact"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    name: str
    name_key: str = Field(index=True)
    title: str | None = None
    role: str | None = None
    influence: int | None = None
    stance: str | None = None
    reports_to_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    )
    our_contact: str | None = None
    email: str | None = None
    phone: str | None = None
    cadence_days: int | None = None
    notes: str | None = None
    left: bool = False
    reading: str | None = None
    """The phonetic name (furigana for a Japanese name): shown after the name, searched, kept in vCards."""
    vcard_uid: str | None = Field(default=None, index=True)
    """The UID of the vCard this contact came from; a contact made in kamctl has none and is
    exported with a UID made of the database id and its own id (see `database_id`)."""
    created_at: datetime = Field(sa_column=_utc())
    updated_at: datetime = Field(sa_column=_utc())


class LogEntry(TableModel, table=True):
    __tablename__ = "log_entry"
    __table_args__ = (
        # The due list asks "latest entry per account": this index answers it without a scan.
        Index("ix_log_entry_account_occurred", "account_id", "occurred_at"),
        # Strength and the report average CSAT over a window; few entries carry a score, so a
        # partial index finds them without reading a million rows.
        _partial_index("ix_log_entry_csat", "account_id", "occurred_at", "csat", where="csat IS NOT NULL"),
        _partial_index("ix_log_entry_nps", "account_id", "occurred_at", "nps", where="nps IS NOT NULL"),
        # The report counts interactions by channel and sentiment over a period: range counts
        # on this index instead of a pass over every entry.
        Index("ix_log_entry_sentiment_channel", "sentiment", "channel", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account", index=False))
    occurred_at: datetime = Field(sa_column=_utc())
    channel: str = "meeting"
    kind: str = "interaction"
    sentiment: str | None = None
    csat: int | None = None
    nps: int | None = None
    notes: str = ""
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    author: str | None = None
    created_at: datetime = Field(sa_column=_utc())


class LogContact(TableModel, table=True):
    """Which contacts took part in a log entry."""

    __tablename__ = "log_contact"
    __table_args__ = (Index("ix_log_contact_contact", "contact_id", "log_entry_id"),)

    log_entry_id: int = Field(
        sa_column=Column(Integer, ForeignKey("log_entry.id", ondelete="CASCADE"), primary_key=True)
    )
    contact_id: int = Field(
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True)
    )


class Order(TableModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_account_date", "account_id", "ordered_on"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account", index=False))
    ordered_on: date = Field(index=True)
    amount: float
    profit: float | None = None
    product: str | None = None


class Opportunity(TableModel, table=True):
    __tablename__ = "opportunity"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    title: str
    type: str
    value: float | None = None
    product: str | None = None
    probability: int | None = None
    """Chance of winning, 0–100; none stored means the default of its type (SPEC §3)."""
    status: str = "open"
    expected_close: date | None = None
    reason: str | None = None
    created_at: datetime = Field(sa_column=_utc())
    closed_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))


class Reminder(TableModel, table=True):
    """A stored reminder: a follow-up (one-off) or a recurring one (`rule` set)."""

    __tablename__ = "reminder"
    __table_args__ = (Index("ix_reminder_open_due", "done_at", "due"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    contact_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    )
    log_entry_id: int | None = Field(
        default=None,
        # Indexed: `log list` shows each entry's follow-up, and deleting log entries sets it NULL.
        sa_column=Column(Integer, ForeignKey("log_entry.id", ondelete="SET NULL"), nullable=True, index=True),
    )
    title: str
    due: date
    rule: str | None = None
    assignee: str | None = Field(default=None, index=True)
    """Who does it; none means the account's owner."""
    occurrences_done: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    """How many occurrences of a recurring reminder were done: a rule's COUNT ends it."""
    created_at: datetime = Field(sa_column=_utc())
    done_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))


class Snooze(TableModel, table=True):
    """Hides a computed reminder (`cadence:12`, `renewal:3`, …) until a date."""

    __tablename__ = "snooze"

    item_id: str = Field(primary_key=True)
    until: date


class Goal(TableModel, table=True):
    """A business goal of the customer (account plan)."""

    __tablename__ = "goal"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    text: str
    created_at: datetime = Field(sa_column=_utc())


class Objective(TableModel, table=True):
    """One of our dated objectives for an account (account plan); due ones appear in `remind`."""

    __tablename__ = "objective"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    text: str
    due: date | None = None
    assignee: str | None = None
    """Who on our side works on it; none means the account's owner."""
    target: str | None = None
    """The measurable result agreed with the customer (the mutual success plan of a QBR)."""
    customer_owner_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("contact.id", ondelete="SET NULL"), nullable=True),
    )
    """The contact on the customer's side who owns the objective with us."""
    created_at: datetime = Field(sa_column=_utc())
    done_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))


class Risk(TableModel, table=True):
    """A risk to the account (SPEC §3 risks): what, how bad, who mitigates it and by when."""

    __tablename__ = "risk"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    text: str
    severity: str = "medium"
    assignee: str | None = None
    """The risk's owner on our side (`--owner`); none means the account's owner."""
    due: date | None = None
    mitigation: str | None = None
    status: str = "open"
    created_at: datetime = Field(sa_column=_utc())
    closed_at: datetime | None = Field(default=None, sa_column=_utc(nullable=True))
    close_note: str | None = None


class Renewal(TableModel, table=True):
    """A recorded contract renewal (`accounts renew`): the renewal date moved from `previous` to `until`."""

    __tablename__ = "renewal"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    renewed_at: datetime = Field(sa_column=_utc())
    who: str
    previous: date | None = None
    until: date
    value: float | None = None


class Review(TableModel, table=True):
    """A periodic account review that happened."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account"))
    reviewed_at: datetime = Field(sa_column=_utc())
    who: str
    note: str | None = None


class Setting(TableModel, table=True):
    """A team-wide setting (weights, cadences, lead times); the value is JSON text."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


class ScoreSnapshot(TableModel, table=True):
    __tablename__ = "score_snapshot"
    __table_args__ = (UniqueConstraint("account_id", "taken_on"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=_owner_fk("account", index=False))
    taken_on: date
    score: float
    strength: float | None = None
    quadrant: str


ALL_TABLES = (
    Account,
    AccountHistory,
    TeamMember,
    Contact,
    LogEntry,
    LogContact,
    Order,
    Opportunity,
    Reminder,
    Snooze,
    Goal,
    Objective,
    Risk,
    Renewal,
    Review,
    Setting,
    ScoreSnapshot,
)
"""In dependency order: parents before children (the order of `db export`/`db import`)."""


class DatabaseIdentity(TableModel, table=True):
    """The one row naming this database: a random id made when the database is created.

    Exported calendar and address-book UIDs carry it, so that two people's exports never collide
    in one calendar. It is not data: `db export` leaves it out, and `db import` keeps the id of
    the database imported into.
    """

    __tablename__ = "database_identity"

    id: str = Field(primary_key=True)


SCHEMA_TABLES = (*ALL_TABLES, DatabaseIdentity)
"""Every table kamctl creates (the full-text index aside)."""


def new_database_id() -> str:
    import uuid

    return uuid.uuid4().hex


def is_outside_models(table_name: str) -> bool:
    """Tables the models do not describe: the FTS index and the shadow tables SQLite keeps for it.

    Schema comparisons (Alembic autogenerate, the schema tests) leave them out.
    """
    return table_name == LOG_SEARCH_TABLE or table_name.startswith(f"{LOG_SEARCH_TABLE}_")
