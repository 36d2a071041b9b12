"""The tools' answers in-process: each call works at the moment it is made."""

from __future__ import annotations

import json

from helpers import invoke

from kamctl.invocation import Invocation
from kamctl.mcp.server import _answer
from kamctl.mcp.tools import TOOLS


def test_each_call_works_at_the_clock_of_that_call(run, monkeypatch):
    """A server runs for days: `today` is the day of the call, not of the start (SPEC §11)."""
    run("accounts", "add", "Acme")
    started = Invocation.from_environment().portfolio()
    at_start = invoke("report", "-f", "json").json()
    monkeypatch.setenv("KAMCTL_NOW", "2027-01-15T09:00:00+09:00")
    tool = next(tool for tool in TOOLS if tool.name == "portfolio_kpis")
    answered = json.loads(_answer(tool, started, {}))
    assert answered == invoke("report", "-f", "json").json()
    assert answered["period"] != at_start["period"]
