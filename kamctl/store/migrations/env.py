"""Alembic environment: runs migrations on the connection of an open kamctl store."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import kamctl.store.models  # noqa: F401 - registers the tables on SQLModel.metadata

store = context.config.attributes.get("store")
if store is None:
    raise RuntimeError("kamctl migrations run through kamctl.store.migrate, not the alembic CLI")

with store.engine.connect() as connection:
    connection.info["kamctl_write"] = True
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,  # SQLite can only change a table by copying it
        transaction_per_migration=False,
    )
    with connection.begin():
        context.run_migrations()
