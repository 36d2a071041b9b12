"""The fields a person gave on the command line: an option left out is no change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def given(options: Mapping[str, Any], *, renamed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The options that hold a value, under their field names (`renamed` maps an option's name
    to its field's where they differ: `cadence` → `cadence_days`)."""
    names = renamed or {}
    return {names.get(key, key): value for key, value in options.items() if value is not None}
