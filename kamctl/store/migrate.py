"""Schema migrations with Alembic: imported only when a database is behind (or by `db migrate`).

The steps run inside the one transaction that `engine.upgrade` opens after copying the file.

New revision (developers): `python -m kamctl.store.migrate revision "add cadence to contacts"`
writes `versions/NNNN_add_cadence_to_contacts.py` from the difference between the models and
a database at head; keep one small change per revision and add its id to schema_version.KNOWN_VERSIONS.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection

from kamctl.errors import DatabaseProblem
from kamctl.i18n import _

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code (kamctl ships no alembic.ini)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def revisions() -> list[str]:
    """Every revision id in the migrations folder, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [step.revision for step in reversed(list(script.walk_revisions()))]


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise DatabaseProblem(
            _("kamctl's migrations have {n} heads; this is a packaging bug").format(n=len(heads))
        )
    return heads[0]


def upgrade_on(connection: Connection) -> None:
    """Run the migration steps up to the last one on `connection`, in the transaction it is in."""
    command.upgrade(alembic_config(connection), "head")


def new_revision(message: str) -> Path:
    """Write the next revision file from the difference between the models and a database at head.

    The database at head is built by replaying every revision on a blank SQLite file (not by
    creating the models' tables, which would already contain the change).
    """
    existing = revisions()
    rev_id = f"{int(existing[-1]) + 1:04d}" if existing else "0001"
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'head.db'}")
        try:
            with engine.connect() as connection, connection.begin():
                config = alembic_config(connection)
                command.upgrade(config, "head")
                script = command.revision(config, message=message, autogenerate=True, rev_id=rev_id)
        finally:
            engine.dispose()
    return Path(script.path)  # type: ignore[union-attr]


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "revision":
        sys.exit('usage: python -m kamctl.store.migrate revision "what changes"')
    print(new_revision(sys.argv[2]))
