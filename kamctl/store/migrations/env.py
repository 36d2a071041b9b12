"""Alembic environment: runs the migrations on the connection kamctl.store.migrate hands over.

That connection is already inside the one transaction of the whole upgrade (holding SQLite's
write lock or PostgreSQL's advisory lock), so Alembic commits nothing itself: every step
commits or rolls back together.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

import kamctl.store.models  # registers the tables on SQLModel.metadata
from kamctl.store.types import UTCDateTime

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "kamctl migrations run through kamctl.store.migrate (kamctl db migrate), not the alembic CLI"
    )


def render_frozen_type(kind: str, value: object, _context: object) -> str | bool:
    """New revisions spell column types in plain SQLAlchemy, so they never change with kamctl's code."""
    if kind == "type" and isinstance(value, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if kind == "type" and isinstance(value, AutoString):
        return "sa.String()"
    return False


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """The full-text index and its shadow tables are created by SQL, not by the models."""
    return not (type_ == "table" and name is not None and kamctl.store.models.is_outside_models(name))


context.configure(
    connection=connection,
    include_name=include_name,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,  # SQLite can only change a table by copying it
    transaction_per_migration=False,
    compare_type=True,
    render_item=render_frozen_type,
)
with context.begin_transaction():  # a no-op: the caller's transaction is already open
    context.run_migrations()
