"""`kamctl report`: revenue retention, margin, pipeline (SPEC §8 `nrr`, `grr`, `margin`,
`pipeline`, `pipeline_weighted`) on a small portfolio computed by hand.

Period 2026-07-01 … 2026-09-30 (92 days); previous 2026-03-31 … 2026-06-30; the one before
2025-12-29 … 2026-03-30. JST.

- A: 1000 on 2026-03-31 (previous period's first day) + 500 on 06-30 (its last day); 2000 on
  07-01 (the period's first day, profit 300).
- B: 1000 on 05-01; 400 on 09-30 (the period's last day, profit 100); lost on 08-01, mid-period.
- C: 600 on 04-10; nothing in the period (lost on 08-01).
- D: new in the period: 5000 on 08-01, no profit — outside the retention base.
- E: 700 on 2026-03-30 (the period before the previous one), 999 on 10-01 (after the period).

nrr = (2000 + 400 + 0) / (1500 + 1000 + 600) = 2400 / 3100; grr = (1500 + 400 + 0) / 3100;
margin = (300 + 100) / (2000 + 400). The previous period's nrr and grr: E's 700 → 0.

Opportunities, all but two created 2026-06-01 (pipeline at the period's end, 2026-10-01 00:00):
A upsell 1000 open (× 40 %), B renewal 2000 at 50 % open, C new 3000 lost 09-30 23:59 (closed
before the end), A new without a value, A upsell 700 won 10-01 00:00 (still open at the end),
D cross-sell 500 created 09-30 23:59 (× 30 %), E cross-sell 800 created 10-01 00:00 (after).
pipeline = 1000 + 2000 + 700 + 500 = 4200; weighted = 400 + 1000 + 280 + 150 = 1830.
The previous period's end (07-01 00:00): 1000 + 2000 + 3000 + 700; weighted 400 + 1000 + 600 + 280.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres

PERIOD = ("--since", "2026-07-01", "--until", "2026-09-30")
GROWTH = ("nrr", "grr", "margin", "pipeline", "pipeline_weighted")


@pytest.fixture
def growth(run, monkeypatch):
    def at(moment: str) -> None:
        monkeypatch.setenv("KAMCTL_NOW", f"{moment}+09:00")

    at("2025-12-01T10:00:00")
    for name in ("A", "B", "C", "D", "E"):
        run("accounts", "add", name)
    for args in (
        ("A", "1000", "--date", "2026-03-31"),
        ("A", "500", "--date", "2026-06-30"),
        ("A", "2000", "--date", "2026-07-01", "--profit", "300"),
        ("B", "1000", "--date", "2026-05-01"),
        ("B", "400", "--date", "2026-09-30", "--profit", "100"),
        ("C", "600", "--date", "2026-04-10"),
        ("D", "5000", "--date", "2026-08-01"),
        ("E", "700", "--date", "2026-03-30"),
        ("E", "999", "--date", "2026-10-01"),
    ):
        run("accounts", "orders", "add", *args)
    at("2026-06-01T10:00:00")
    for args in (
        ("A", "U1", "--type", "upsell", "--value", "1000"),
        ("B", "R1", "--type", "renewal", "--value", "2000", "--probability", "50"),
        ("C", "N1", "--type", "new", "--value", "3000"),
        ("A", "N2", "--type", "new"),
        ("A", "U2", "--type", "upsell", "--value", "700"),
    ):
        run("accounts", "opp", "add", *args)
    at("2026-08-01T10:00:00")
    run("accounts", "edit", "B", "--status", "lost")
    run("accounts", "edit", "C", "--status", "lost")
    at("2026-09-30T23:59:00")
    run("accounts", "opp", "lost", "3")
    run("accounts", "opp", "add", "D", "X1", "--type", "cross-sell", "--value", "500")
    at("2026-10-01T00:00:00")
    run("accounts", "opp", "won", "5")
    run("accounts", "opp", "add", "E", "X2", "--type", "cross-sell", "--value", "800")
    at("2026-11-20T09:00:00")
    return run


def test_retention_margin_and_pipeline_computed_by_hand(growth):
    kpis = growth("report", *PERIOD, "-f", "json").json()["kpis"]
    assert kpis["revenue"] == 7400.0
    assert {key: kpis[key] for key in GROWTH} == {
        "nrr": round(2400 / 3100, 4),
        "grr": round(1900 / 3100, 4),
        "margin": round(400 / 2400, 4),
        "pipeline": 4200.0,
        "pipeline_weighted": 1830.0,
    }
    assert (round(2400 / 3100, 4), round(1900 / 3100, 4), round(400 / 2400, 4)) == (0.7742, 0.6129, 0.1667)


def test_previous_period_figures_in_markdown(growth):
    markdown = growth("report", *PERIOD, "-f", "md").stdout
    assert "| Net revenue retention | 77.4 % | 0.0 % | ▲ +77.4 pp |" in markdown
    assert "| Gross revenue retention | 61.3 % | 0.0 % | ▲ +61.3 pp |" in markdown
    assert "| Margin | 16.7 % | – | no comparison |" in markdown
    assert "| Pipeline | ¥4,200 | ¥6,700 | ▼ -¥2,500 (-37 %) |" in markdown
    assert "| Weighted pipeline | ¥1,830 | ¥2,280 | ▼ -¥450 (-20 %) |" in markdown


def test_no_previous_revenue_means_null_retention(growth):
    """The period before 2026-03-31 has E's 700 only and one before it nothing."""
    kpis = growth("report", "--since", "2025-12-29", "--until", "2026-03-30", "-f", "json").json()["kpis"]
    assert (kpis["nrr"], kpis["grr"], kpis["margin"]) == (None, None, None)
    assert (kpis["pipeline"], kpis["pipeline_weighted"]) == (0.0, 0.0)


def test_empty_portfolio(run):
    kpis = run("report", "-f", "json").json()["kpis"]
    assert {key: kpis[key] for key in GROWTH} == {
        "nrr": None,
        "grr": None,
        "margin": None,
        "pipeline": 0.0,
        "pipeline_weighted": 0.0,
    }


def test_owner_scope_narrows_retention(growth):
    """Only A in scope: 2000 / 1500, capped 1500 / 1500."""
    growth("accounts", "edit", "A", "--owner", "sato")
    kpis = growth("report", *PERIOD, "--owner", "sato", "-f", "json").json()["kpis"]
    assert (kpis["nrr"], kpis["grr"], kpis["margin"]) == (1.3333, 1.0, 0.15)
    assert (kpis["pipeline"], kpis["pipeline_weighted"]) == (1700.0, 680.0)


def test_targets_beside_their_kpis_in_every_format(growth):
    """SPEC §8: `settings set target.<kpi> VALUE`; JSON `targets: {kpi: {target, actual, met}}`;
    met is actual ≥ target, and null when the KPI has no value."""
    for key, value in (("target.nrr", "0.75"), ("target.grr", "0.7"), ("target.csat_avg", "4.2"),
                       ("target.pipeline", "4,200")):  # fmt: skip
        growth("settings", "set", key, value.replace(",", ""))
    report = growth("report", *PERIOD, "-f", "json").json()
    assert list(report) == ["period", "kpis", "targets", "accounts", "at_risk"]
    assert report["targets"] == {
        "csat_avg": {"target": 4.2, "actual": None, "met": None},
        "nrr": {"target": 0.75, "actual": 0.7742, "met": True},
        "grr": {"target": 0.7, "actual": 0.6129, "met": False},
        "pipeline": {"target": 4200, "actual": 4200.0, "met": True},
    }
    markdown = growth("report", *PERIOD, "-f", "md").stdout
    assert "| KPI | This period | Previous period | Change | Target |" in markdown
    assert "| Net revenue retention | 77.4 % | 0.0 % | ▲ +77.4 pp | target 75.0 % ✓ met |" in markdown
    assert "| Gross revenue retention | 61.3 % | 0.0 % | ▲ +61.3 pp | target 70.0 % ✗ missed |" in markdown
    assert "| CSAT | – | – | no comparison | target 4.20: no value |" in markdown
    assert "| Revenue | ¥7,400 | ¥3,100 | ▲ +¥4,300 (+139 %) |  |" in markdown
    html = growth("report", *PERIOD, "-f", "html").stdout
    assert '<div class="target missed">target 70.0 % ✗ missed</div>' in html
    dashboard = growth("report", *PERIOD).stdout
    assert "target ¥4,200 ✓ met" in dashboard and "target 70.0 % ✗ missed" in dashboard


def test_without_targets_the_report_reads_as_before(growth):
    assert growth("report", *PERIOD, "-f", "json").json()["targets"] == {}
    assert (
        "| KPI | This period | Previous period | Change |\n" in growth("report", *PERIOD, "-f", "md").stdout
    )


def test_target_settings(run):
    assert run("settings", "get", "target.nrr").stdout == "none\n"
    run("settings", "set", "target.nrr", "1.05")
    assert run("settings", "get", "target.nrr").stdout == "1.05\n"
    listed = run("settings", "list", "-f", "json").json()
    assert listed[-1] == {
        "key": "target.nrr",
        "value": 1.05,
        "default": None,
        "description": "target of the report's nrr (none: no target)",
    }
    run("settings", "set", "target.nrr", "none")
    assert [
        s["key"] for s in run("settings", "list", "-f", "json").json() if s["key"].startswith("target.")
    ] == []


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("target.retention_rate", "95", "target.retention_rate must be between 0 and 1 (got '95')"),
        ("target.csat_avg", "6", "target.csat_avg must be between 1 and 5 (got '6')"),
        ("target.by_channel", "3", "no KPI 'by_channel' to set a target for"),
        ("target.nrx", "1", "no KPI 'nrx' to set a target for; did you mean 'nrr'?"),
    ],
)
def test_target_errors(run, key, value, message):
    failed = run("settings", "set", key, value, exit=1)
    assert failed.stderr.startswith(f"Error: {message}")
    assert failed.stderr.count("\n") == 1
    assert run("settings", "get", "target.nrr").stdout == "none\n"
