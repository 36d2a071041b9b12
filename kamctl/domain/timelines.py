"""Accounts through time: an account's tier, status and archived flag at any moment, from history.

"At a moment" is the latest recorded change before the moment, else the `old` value of the
first change after it, else the current value. An account created after the moment did not
exist. "At `until`" means at the end of that day; "at the period start" at the start of `since`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

MAPPED_TIERS = ("key",)
"""The tiers whose account maps the portfolio report reads: coverage findings (an at-risk reason)
and health are about the key accounts, the ones a team maps and plans (SPEC §1). Any other
account's map is still checked by `contacts map`, and `accounts show` shows its health."""


@dataclass(frozen=True)
class Change:
    """One recorded change of a field that KPIs read through time (status, tier, archived)."""

    when: datetime
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AccountState:
    tier: str
    status: str
    archived: bool


@dataclass(frozen=True)
class AccountTimeline:
    """An account as it is now, with the recorded changes (oldest first) that say how it was."""

    id: int
    name: str
    created_at: datetime
    tier: str
    status: str
    archived: bool = False
    owner: str | None = None
    cadence_days: int | None = None
    changes: tuple[Change, ...] = ()
    renewal_date: date | None = None
    _states: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    """state_at's answers by moment: a report asks about the same few moments many times."""

    def value_at(self, name: str, moment: datetime) -> str | None:
        """A field's value just before `moment`, from history (see the module docstring)."""
        current = getattr(self, name)
        current_text = ("true" if current else "false") if isinstance(current, bool) else current
        relevant = [change for change in self.changes if change.field == name]
        before = [change for change in relevant if change.when < moment]
        if before:
            return before[-1].new
        if relevant:
            return relevant[0].old
        return current_text

    def renewal_date_at(self, moment: datetime) -> date | None:
        """The renewal date just before `moment`, from history (`accounts renew` moves it)."""
        value = self.value_at("renewal_date", moment)
        return date.fromisoformat(value) if isinstance(value, str) else value

    def state_at(self, moment: datetime) -> AccountState | None:
        """Tier, status and archived just before `moment`; None when not created yet."""
        if self.created_at >= moment:
            return None
        state = self._states.get(moment if self.changes else None)
        if state is None and not self.changes:
            # Most accounts never changed tier, status or archived: they were as they are.
            state = self._states[None] = AccountState(self.tier, self.status, self.archived)
        elif state is None:
            state = self._states[moment] = AccountState(
                tier=self.value_at("tier", moment) or self.tier,
                status=self.value_at("status", moment) or self.status,
                archived=self.value_at("archived", moment) == "true",
            )
        return state


def key_account_ids(accounts: Iterable[AccountTimeline], moment: datetime) -> set[int]:
    """Accounts that existed, were not archived and were key accounts just before `moment`."""
    ids = set()
    for account in accounts:
        state = account.state_at(moment)
        if state is not None and not state.archived and state.tier == "key":
            ids.add(account.id)
    return ids


def mapped_account_ids(accounts: Iterable[AccountTimeline], moment: datetime) -> set[int]:
    """Accounts not archived whose tier was one of MAPPED_TIERS just before `moment`."""
    ids = set()
    for account in accounts:
        state = account.state_at(moment)
        if state is not None and not state.archived and state.tier in MAPPED_TIERS:
            ids.add(account.id)
    return ids
