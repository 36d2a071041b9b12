"""The optional personal config file ($XDG_CONFIG_HOME/kamctl/config.toml): `user`, `db`."""

from __future__ import annotations

import tomllib
from typing import Any

from kamctl.errors import InvalidValue
from kamctl.paths import config_file


def load_config() -> dict[str, Any]:
    path = config_file()
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InvalidValue(f"cannot read {path}: {exc}") from None
    except OSError as exc:
        raise InvalidValue(f"cannot read {path}: {exc.strerror}") from None
