"""Where kamctl keeps things by default (XDG base directories)."""

from __future__ import annotations

import os
from pathlib import Path


def _xdg(variable: str, fallback: str) -> Path:
    value = os.environ.get(variable)
    return Path(value) if value and os.path.isabs(value) else Path.home() / fallback


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", ".local/share") / "kamctl"


def config_file() -> Path:
    return _xdg("XDG_CONFIG_HOME", ".config") / "kamctl" / "config.toml"


def cache_dir() -> Path:
    return _xdg("XDG_CACHE_HOME", ".cache") / "kamctl"


def default_db_path() -> Path:
    return data_dir() / "kamctl.db"


def check_database_folder(file: Path, *, named: str, given_by: str | None = None) -> None:
    """Refuse a database file whose folder does not exist, unless it is the default one (SPEC §2).

    A typo in `--db`, KAMCTL_DB or the config file's `db` must not create folders and a new,
    empty database: a `remind --quiet` in a shell rc file would then stay silent for good. Only
    the default location is created on first use. `given_by` names where the path came from.
    """
    if file.parent.is_dir() or file == default_db_path():
        return
    from kamctl.errors import InvalidValue

    where = given_by or "--db, KAMCTL_DB or `db` in the config file"
    from kamctl.i18n import _

    raise InvalidValue(
        _(
            "no folder {folder} for the database {named} (given by {where}); "
            "create the folder first or correct {where}"
        ).format(folder=file.parent, named=named, where=where)
    )


def without_password(db: str) -> str:
    """`--db`/KAMCTL_DB/config `db` as it may be shown: a URL's password as *** (as SQLAlchemy shows
    one), found without parsing, so also in a URL that SQLAlchemy cannot read: whatever lies
    between the user's `:` and the last `@` before the query."""
    import re  # not at the top: this module is on the cached `remind`'s path

    return re.sub(r"^([^/]*//[^/:@]*:)[^?]*@", r"\1***@", db)
