"""The schema revisions kamctl knows: the one place the schema version is written.

It imports nothing, so the paths that must not load SQLAlchemy (`kamctl.store.direct`) read it
for free. A new migration adds its revision id here (a test checks these are exactly the
revisions in migrations/versions, in order).
"""

KNOWN_VERSIONS = ("0001", "0002", "0003", "0004")
"""Every schema revision ever released, oldest first."""

SCHEMA_VERSION = KNOWN_VERSIONS[-1]
"""The revision this kamctl's models describe; a database at it needs no migration."""
