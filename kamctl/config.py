"""The optional personal config file ($XDG_CONFIG_HOME/kamctl/config.toml): `user`, `db`."""

from __future__ import annotations

import os
import stat
import tomllib
from typing import Any

from kamctl.errors import InvalidValue
from kamctl.i18n import _
from kamctl.paths import config_file, without_password


def load_config() -> dict[str, Any]:
    """The config file's settings; refused when it holds a password that others may read."""
    path = config_file()
    try:
        with path.open("rb") as handle:
            config = tomllib.load(handle)
            mode = stat.S_IMODE(os.fstat(handle.fileno()).st_mode)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(_("cannot read {path}: {problem}").format(path=path, problem=exc)) from None
    except OSError as exc:
        raise InvalidValue(
            _("cannot read {path}: {problem}").format(path=path, problem=exc.strerror)
        ) from None
    holds_password = any(
        isinstance(value, str) and without_password(value) != value for value in config.values()
    )
    if holds_password and mode & 0o077:
        raise InvalidValue(
            _(
                "{path} holds a database password and others may read it (mode {mode}); make it "
                "private: chmod 600 {path}"
            ).format(path=path, mode=f"{mode:o}")
        )
    return config
