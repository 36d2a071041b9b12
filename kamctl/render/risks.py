"""How risks look: the columns of `accounts risk list` and the words of its messages."""

from __future__ import annotations

from kamctl.render.accounts import local_day, styled
from kamctl.render.output import Column

SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": ""}
RISK_STATUS_STYLES = {"open": "cyan", "closed": "dim"}

RISK_COLUMNS = (
    Column("id", "ID", justify="right", no_wrap=True),
    Column("account", "Account", style="bold", min_width=16),
    Column("text", "Risk", ratio=3, min_width=16),
    Column("severity", "Severity", show=lambda v: styled(v, SEVERITY_STYLES), no_wrap=True),
    Column("owner", "Owner", no_wrap=True, minor=1),  # a risk register is read for who mitigates
    Column("due", "Due", no_wrap=True),
    Column("mitigation", "Mitigation", ratio=2, min_width=12, minor=3),
    Column("status", "Status", show=lambda v: styled(v, RISK_STATUS_STYLES), no_wrap=True, minor=2),
    Column("closed_at", "Closed", show=local_day, no_wrap=True, minor=4),
)
