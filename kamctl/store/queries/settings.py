"""Settings in the database: one row per key that differs from its default, value as JSON."""

from __future__ import annotations

import json
from typing import Any

from sqlmodel import Session, select

from kamctl.domain.settings import effective_settings, rule_for
from kamctl.store.engine import check_manages, lock_for_change
from kamctl.store.models import Setting


def stored_settings(*, session: Session) -> dict[str, Any]:
    """The stored values; in a write transaction no other process changes any until it ends (a
    setting may be a row still to insert, so the lock is on all of them)."""
    lock_for_change("settings", session=session)
    return {row.key: json.loads(row.value) for row in session.exec(select(Setting)).all()}


def load_settings(*, session: Session) -> dict[str, Any]:
    """Every setting in force: stored values over defaults."""
    return effective_settings(stored_settings(session=session))


def save_setting(key: str, value: Any, *, session: Session) -> None:
    """Store `value` for `key`; the default value removes the row, so defaults can still move."""
    check_manages(session, "change settings", "they are the whole team's weights, cadences and targets")
    lock_for_change("settings", session=session)
    row = session.get(Setting, key)
    if value == rule_for(key).default:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Setting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)
        session.add(row)
    session.flush()
