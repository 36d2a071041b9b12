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
