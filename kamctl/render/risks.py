"""How risks look: the columns of `accounts risk list` and the words of its messages."""

from __future__ import annotations

from typing import Any

from kamctl import i18n
from kamctl.i18n import N_
from kamctl.render.output import Column

SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": ""}
RISK_STATUS_STYLES = {"open": "cyan", "closed": "dim"}


def _severity(value: Any):
    from rich.text import Text

    return Text(i18n.label(value) if value else "", style=SEVERITY_STYLES.get(value or "", ""))


def _status(value: Any):
    """A risk's status: `open` is 対応中 here, not the opportunity's 商談中 (`label("open")`)."""
    from rich.text import Text

    shown = {"open": i18n.pgettext("risk", "open"), "closed": i18n.pgettext("risk", "closed")}.get(
        value, value or ""
    )
    return Text(shown, style=RISK_STATUS_STYLES.get(value or "", ""))


def _closed_day(moment: Any) -> str:
    """A datetime as the local calendar day: enough in a list, where the hour is noise."""
    return i18n.day(moment.astimezone().date()) if moment else ""


RISK_COLUMNS = (
    Column("id", N_("ID"), justify="right", no_wrap=True),
    Column("account", N_("Account"), style="bold", min_width=16),
    Column("text", N_("Risk"), ratio=3, min_width=16),
    Column("severity", N_("Severity"), show=_severity, no_wrap=True),
    Column("owner", N_("Owner"), no_wrap=True, minor=1),  # a risk register is read for who mitigates
    Column("due", N_("Due"), no_wrap=True),
    Column("mitigation", N_("Mitigation"), ratio=2, min_width=12, minor=3),
    Column("status", N_("Status"), show=_status, no_wrap=True, minor=2),
    Column("closed_at", N_("Closed"), show=_closed_day, no_wrap=True, minor=4),
)
