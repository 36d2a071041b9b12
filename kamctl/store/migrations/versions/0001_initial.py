"""The initial schema: accounts and their history, team, contacts, log, orders, opportunities,
reminders, snoozes, account plans, reviews, settings and score snapshots.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the column types at this revision: a migration must not change meaning when
# the models change later. UTCDateTime stores as DateTime(timezone=True); SQLModel's AutoString
# is a plain VARCHAR.
UTC = sa.DateTime(timezone=True)
TEXT = sa.String()


def _account_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["account_id"], ["account.id"], name=op.f(f"fk_{table}_account_id_account"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("name_key", TEXT, nullable=False),
        sa.Column("industry", TEXT, nullable=True),
        sa.Column("owner", TEXT, nullable=True),
        sa.Column("tier", TEXT, nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("stage", sa.Integer(), nullable=True),
        sa.Column("share_of_wallet", sa.Float(), nullable=True),
        sa.Column("revenue", sa.Float(), nullable=True),
        sa.Column("profit", sa.Float(), nullable=True),
        sa.Column("order_size", sa.Float(), nullable=True),
        sa.Column("order_frequency", sa.Float(), nullable=True),
        sa.Column("growth", sa.Integer(), nullable=True),
        sa.Column("strategic_fit", sa.Integer(), nullable=True),
        sa.Column("influence", sa.Integer(), nullable=True),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("preferred_channel", TEXT, nullable=True),
        sa.Column("renewal_date", sa.Date(), nullable=True),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("notes", TEXT, nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("master_plan", TEXT, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account")),
        sa.UniqueConstraint("name_key", name=op.f("uq_account_name_key")),
    )
    op.create_index(op.f("ix_account_owner"), "account", ["owner"])

    op.create_table(
        "account_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTC, nullable=False),
        sa.Column("who", TEXT, nullable=False),
        sa.Column("field", TEXT, nullable=False),
        sa.Column("old", TEXT, nullable=True),
        sa.Column("new", TEXT, nullable=True),
        _account_fk("account_history"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_history")),
    )
    op.create_index("ix_account_history_account_when", "account_history", ["account_id", "changed_at"])

    op.create_table(
        "team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("person", TEXT, nullable=False),
        sa.Column("role", TEXT, nullable=False),
        _account_fk("team_member"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_member")),
        sa.UniqueConstraint(
            "account_id", "person", "role", name=op.f("uq_team_member_account_id_person_role")
        ),
    )
    op.create_index(op.f("ix_team_member_account_id"), "team_member", ["account_id"])

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", TEXT, nullable=False),
        sa.Column("name_key", TEXT, nullable=False),
        sa.Column("title", TEXT, nullable=True),
        sa.Column("role", TEXT, nullable=True),
        sa.Column("influence", sa.Integer(), nullable=True),
        sa.Column("stance", TEXT, nullable=True),
        sa.Column("reports_to_id", sa.Integer(), nullable=True),
        sa.Column("our_contact", TEXT, nullable=True),
        sa.Column("email", TEXT, nullable=True),
        sa.Column("phone", TEXT, nullable=True),
        sa.Column("cadence_days", sa.Integer(), nullable=True),
        sa.Column("notes", TEXT, nullable=True),
        sa.Column("left", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        _account_fk("contact"),
        sa.ForeignKeyConstraint(
            ["reports_to_id"], ["contact.id"], name=op.f("fk_contact_reports_to_id_contact"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    op.create_index(op.f("ix_contact_account_id"), "contact", ["account_id"])
    op.create_index(op.f("ix_contact_name_key"), "contact", ["name_key"])

    op.create_table(
        "log_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", UTC, nullable=False),
        sa.Column("channel", TEXT, nullable=False),
        sa.Column("kind", TEXT, nullable=False),
        sa.Column("sentiment", TEXT, nullable=True),
        sa.Column("csat", sa.Integer(), nullable=True),
        sa.Column("nps", sa.Integer(), nullable=True),
        sa.Column("notes", TEXT, nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("author", TEXT, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        _account_fk("log_entry"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_entry")),
    )
    op.create_index("ix_log_entry_account_occurred", "log_entry", ["account_id", "occurred_at"])

    op.create_table(
        "log_contact",
        sa.Column("log_entry_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["log_entry_id"], ["log_entry.id"], name=op.f("fk_log_contact_log_entry_id_log_entry"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_log_contact_contact_id_contact"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("log_entry_id", "contact_id", name=op.f("pk_log_contact")),
    )
    op.create_index("ix_log_contact_contact", "log_contact", ["contact_id", "log_entry_id"])

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("profit", sa.Float(), nullable=True),
        _account_fk("orders"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    op.create_index("ix_orders_account_date", "orders", ["account_id", "ordered_on"])
    op.create_index(op.f("ix_orders_ordered_on"), "orders", ["ordered_on"])

    op.create_table(
        "opportunity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("title", TEXT, nullable=False),
        sa.Column("type", TEXT, nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("expected_close", sa.Date(), nullable=True),
        sa.Column("reason", TEXT, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("closed_at", UTC, nullable=True),
        _account_fk("opportunity"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opportunity")),
    )
    op.create_index(op.f("ix_opportunity_account_id"), "opportunity", ["account_id"])

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("log_entry_id", sa.Integer(), nullable=True),
        sa.Column("title", TEXT, nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("rule", TEXT, nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("done_at", UTC, nullable=True),
        _account_fk("reminder"),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contact.id"], name=op.f("fk_reminder_contact_id_contact"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["log_entry_id"], ["log_entry.id"], name=op.f("fk_reminder_log_entry_id_log_entry"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
    )
    op.create_index(op.f("ix_reminder_account_id"), "reminder", ["account_id"])
    op.create_index("ix_reminder_open_due", "reminder", ["done_at", "due"])

    op.create_table(
        "snooze",
        sa.Column("item_id", TEXT, nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", name=op.f("pk_snooze")),
    )

    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        _account_fk("goal"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
    )
    op.create_index(op.f("ix_goal_account_id"), "goal", ["account_id"])

    op.create_table(
        "objective",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("text", TEXT, nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("done_at", UTC, nullable=True),
        _account_fk("objective"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objective")),
    )
    op.create_index(op.f("ix_objective_account_id"), "objective", ["account_id"])

    op.create_table(
        "review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", UTC, nullable=False),
        sa.Column("who", TEXT, nullable=False),
        sa.Column("note", TEXT, nullable=True),
        _account_fk("review"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
    )
    op.create_index(op.f("ix_review_account_id"), "review", ["account_id"])

    op.create_table(
        "setting",
        sa.Column("key", TEXT, nullable=False),
        sa.Column("value", TEXT, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )

    op.create_table(
        "score_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("strength", sa.Float(), nullable=True),
        sa.Column("quadrant", TEXT, nullable=False),
        _account_fk("score_snapshot"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_snapshot")),
        sa.UniqueConstraint("account_id", "taken_on", name=op.f("uq_score_snapshot_account_id_taken_on")),
    )


def downgrade() -> None:
    for table in (
        "score_snapshot", "setting", "review", "objective", "goal", "snooze", "reminder", "opportunity",
        "orders", "log_contact", "log_entry", "contact", "team_member", "account_history", "account",
    ):
        op.drop_table(table)
