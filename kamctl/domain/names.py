"""Naming things: "did you mean" suggestions for names typed on the command line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from kamctl.i18n import _, label


def closest(name: str, candidates: Iterable[str], *, limit: int = 3) -> list[str]:
    """The candidates that look most like `name` (case-insensitive), best first."""
    by_key: dict[str, str] = {}
    for candidate in candidates:
        by_key.setdefault(candidate.casefold(), candidate)
    key = name.casefold()
    scored = sorted(
        ((difflib.SequenceMatcher(None, key, k).ratio(), k) for k in by_key), key=lambda pair: -pair[0]
    )
    best = scored[0][0] if scored else 0.0
    # Only the near-best: "cadence.kye" means cadence.key, not also cadence.candidate.
    found = [k for ratio, k in scored if ratio >= 0.6 and ratio >= best - 0.15][:limit]
    # Prefix and substring matches catch what edit distance misses ("kappa" → "Kappa Motors").
    extra = [k for k in by_key if k not in found and key and (k.startswith(key) or key in k)]
    return [by_key[k] for k in (found + sorted(extra))[:limit]]


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """`; did you mean 'A' or 'B'?` — or nothing when nothing is close."""
    matches = closest(name, candidates)
    if not matches:
        return ""
    quoted = [repr(match) for match in matches]
    if len(quoted) == 1:
        return _("; did you mean {name}?").format(name=quoted[0])
    return _("; did you mean {names} or {last}?").format(names=_(", ").join(quoted[:-1]), last=quoted[-1])


def not_one_of(kind: str, value: str, allowed: Iterable[str]) -> str:
    """The message for a value outside a fixed set: names the set and the closest choice."""
    allowed = list(allowed)
    shown = _(", ").join(label(choice) for choice in allowed)
    return _("{kind} must be one of {choices} (got {value}){did_you_mean}").format(
        kind=kind, choices=shown, value=repr(value), did_you_mean=did_you_mean(value, allowed)
    )


MAX_ID = 2**31 - 1
"""The largest id a row can have: PostgreSQL's INTEGER, the narrower of the two databases (SQLite
counts ids up from 1, and `db import` holds a dump's integers to the same bound). A larger
number names no row, and must not reach a query, where it would overflow."""


def as_id(ref: str) -> int | None:
    """The numeric id that `ref` names (`12`), or None for a name.

    Only ASCII digits that fit a database integer count: '³' is a digit to Python but a name to
    a person, and a 30-digit number can only be a name.
    """
    text = ref.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID))):
        return None
    number = int(text)
    return number if number <= MAX_ID else None


def person_name(text: str, option: str) -> str:
    """One of our people named on the command line (`--assignee`, `--to`): trimmed, not empty."""
    from kamctl.errors import InvalidValue

    name = " ".join(text.split())
    if not name:
        raise InvalidValue(_("{option} needs a person's name (e.g. {option} suzuki)").format(option=option))
    return name
