"""Contract renewals (SPEC §3): record that an account's contract was renewed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kamctl.actions.portfolio import Portfolio


@dataclass(frozen=True)
class RenewalNote:
    """A renewal as a message names it, with the renewal opportunity it won, if any."""

    account: str
    until: date
    previous: date | None
    value: float | None
    won_opportunity: tuple[int, str] | None
    """(number, title) of the open renewal opportunity closed as won."""


def renew_account(
    portfolio: Portfolio, account: str, *, until: str | date, value: str | float | None = None
) -> RenewalNote:
    """Record the renewal (who, the old and new dates, its value), move the account's renewal date
    (account history records it) and close its open renewal opportunity as won."""
    from kamctl.domain.dates import parse_date
    from kamctl.domain.renewals import check_renewal_until
    from kamctl.domain.scoring import check_amount
    from kamctl.store.queries.accounts import change_account, find_account
    from kamctl.store.queries.opportunities import close_opportunity
    from kamctl.store.queries.renewals import add_renewal, open_renewal_opportunity

    new_date = until if isinstance(until, date) else parse_date(until, today=portfolio.today)
    amount = check_amount("--value", value, minimum=0) if value is not None and str(value).strip() else None
    with portfolio.store().transaction() as session:
        found = find_account(account, session=session)
        previous = found.renewal_date
        check_renewal_until(new_date, current=previous, today=portfolio.today)
        add_renewal(
            found, until=new_date, value=amount, who=portfolio.user, now=portfolio.utcnow, session=session
        )
        change_account(
            found, {"renewal_date": new_date}, who=portfolio.user, now=portfolio.utcnow, session=session
        )
        opportunity = open_renewal_opportunity(found, session=session)
        if opportunity is not None:
            close_opportunity(opportunity, "won", now=portfolio.utcnow, session=session)
        return RenewalNote(
            found.name,
            new_date,
            previous,
            amount,
            (opportunity.id, opportunity.title) if opportunity is not None else None,  # type: ignore[arg-type]
        )
