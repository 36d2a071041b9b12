"""Risks, renewals, products, assignees, readings and the database's own id.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    identity = op.create_table(
        "database_identity",
        sa.Column("id", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_database_identity")),
    )
    op.bulk_insert(identity, [{"id": uuid.uuid4().hex}])
    op.create_table(
        "renewal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("renewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("who", sa.String(), nullable=False),
        sa.Column("previous", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_renewal_account_id_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_renewal")),
    )
    op.create_index(op.f("ix_renewal_account_id"), "renewal", ["account_id"])
    op.create_table(
        "risk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("severity", sa.String(), nullable=False),
        sa.Column("assignee", sa.String(), nullable=True),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("mitigation", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("close_note", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["account.id"], name=op.f("fk_risk_account_id_account"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk")),
    )
    op.create_index(op.f("ix_risk_account_id"), "risk", ["account_id"])

    # Plain ADD COLUMNs on both databases; only the new foreign key makes SQLite copy `objective`.
    op.add_column("contact", sa.Column("reading", sa.String(), nullable=True))
    op.add_column("contact", sa.Column("vcard_uid", sa.String(), nullable=True))
    op.create_index(op.f("ix_contact_vcard_uid"), "contact", ["vcard_uid"])
    op.add_column("opportunity", sa.Column("product", sa.String(), nullable=True))
    op.add_column("opportunity", sa.Column("probability", sa.Integer(), nullable=True))
    op.add_column("orders", sa.Column("product", sa.String(), nullable=True))
    op.add_column("reminder", sa.Column("assignee", sa.String(), nullable=True))
    op.add_column("reminder", sa.Column("occurrences_done", sa.Integer(), server_default="0", nullable=False))
    op.create_index(op.f("ix_reminder_assignee"), "reminder", ["assignee"])
    with op.batch_alter_table("objective") as batch_op:
        batch_op.add_column(sa.Column("assignee", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("target", sa.String(), nullable=True))
        batch_op.add_column(sa.Column("customer_owner_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_objective_customer_owner_id_contact"),
            "contact",
            ["customer_owner_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("objective") as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_objective_customer_owner_id_contact"), type_="foreignkey")
        batch_op.drop_column("customer_owner_id")
        batch_op.drop_column("target")
        batch_op.drop_column("assignee")
    op.drop_index(op.f("ix_reminder_assignee"), "reminder")
    op.drop_index(op.f("ix_contact_vcard_uid"), "contact")
    for table, column in (
        ("reminder", "occurrences_done"),
        ("reminder", "assignee"),
        ("orders", "product"),
        ("opportunity", "probability"),
        ("opportunity", "product"),
        ("contact", "vcard_uid"),
        ("contact", "reading"),
    ):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
    op.drop_table("risk")
    op.drop_table("renewal")
    op.drop_table("database_identity")
