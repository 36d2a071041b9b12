"""`kamctl report`: the KPIs of SPEC §8 on a portfolio built through the CLI and computed by hand,
and `report account | wins | team`, every format, every error.

The portfolio (JST; the same as tests/domain/test_kpis.py), reported for 2026-07-01 … 2026-09-30
(previous period 2026-03-31 … 2026-06-30):

- Alpha: key, cadence 3; contacts Aki (decision-maker), Ben (user), Cho (champion, left);
  status lost on 2026-10-05, after the period.
- Beta (owner sato): candidate → key on 2026-08-15; contact Dai (economic-buyer).
- Gamma: key, cadence 56; active → at-risk on 2026-08-01; contact Eri (user), and Fumi
  (decision-maker) added on 2026-10-10, after the period.
- Delta: standard; active → lost on 2026-09-10.  Epsilon: standard prospect.
- Zeta: created on 2026-08-01.  Eta: key, archived on 2026-09-01.

Log entries, orders and opportunities sit on both sides of each boundary of the period.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from helpers import portfolio_of

pytestmark = pytest.mark.postgres

PERIOD = ("--since", "2026-07-01", "--until", "2026-09-30")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Where the portfolio, once built on SQLite, is kept for the other tests of this module."""
    return tmp_path_factory.mktemp("portfolio") / "portfolio.db"


@pytest.fixture
def portfolio(run, db_url, monkeypatch, built: Path):
    """The portfolio above in this test's database (built once per module on SQLite, then copied)."""
    target = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite") else None
    if target is not None and built.exists():
        with sqlite3.connect(built) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
        return run
    build_portfolio(run, monkeypatch)
    if target is not None:
        with sqlite3.connect(target) as source, sqlite3.connect(built) as copy:
            source.backup(copy)
    return run


def build_portfolio(run, monkeypatch) -> None:
    def at(moment: str) -> None:
        monkeypatch.setenv("KAMCTL_NOW", f"{moment}+09:00")

    at("2025-12-01T10:00:00")
    run("accounts", "add", "Alpha", "--tier", "key", "--cadence", "3")
    run("accounts", "add", "Beta", "--tier", "candidate", "--owner", "sato")
    run("accounts", "add", "Gamma", "--tier", "key", "--cadence", "56")
    run("accounts", "add", "Delta")
    run("accounts", "add", "Epsilon", "--status", "prospect")
    run("accounts", "add", "Eta", "--tier", "key")
    run("contacts", "add", "Alpha", "Aki", "--role", "decision-maker")
    run("contacts", "add", "Alpha", "Ben", "--role", "user")
    run("contacts", "add", "Alpha", "Cho", "--role", "champion", "--stance", "champion")
    run("contacts", "left", "Cho")
    run("contacts", "add", "Beta", "Dai", "--role", "economic-buyer")
    run("contacts", "add", "Gamma", "Eri", "--role", "user")
    at("2026-06-01T10:00:00")
    for account, title, kind in (
        ("Alpha", "U1", "upsell"), ("Alpha", "X1", "cross-sell"), ("Beta", "R1", "renewal"), ("Beta", "N1", "new"),
        ("Gamma", "U2", "upsell"), ("Gamma", "U3", "upsell"), ("Delta", "U4", "upsell"),
    ):  # fmt: skip
        run("accounts", "opp", "add", account, title, "--type", kind)
    at("2026-06-30T23:59:00")
    run("accounts", "opp", "won", "6")  # U3: just before the period
    at("2026-07-15T10:00:00")
    run("accounts", "opp", "won", "1")  # U1
    at("2026-08-01T10:00:00")
    run("accounts", "opp", "won", "3")  # R1: a renewal, left out of the win rate
    run("accounts", "add", "Zeta")
    run("accounts", "edit", "Gamma", "--status", "at-risk")
    at("2026-08-02T10:00:00")
    run("accounts", "opp", "lost", "4")  # N1: new business, left out
    at("2026-08-15T10:00:00")
    run("accounts", "edit", "Beta", "--tier", "key")
    at("2026-08-20T10:00:00")
    run("accounts", "opp", "lost", "2", "--reason", "price")  # X1
    at("2026-09-01T10:00:00")
    run("accounts", "archive", "Eta")
    at("2026-09-10T10:00:00")
    run("accounts", "edit", "Delta", "--status", "lost")
    at("2026-10-01T00:00:00")
    run("accounts", "opp", "won", "5")  # U2: just after the period
    at("2026-10-05T10:00:00")
    run("accounts", "edit", "Alpha", "--status", "lost")
    at("2026-10-10T10:00:00")
    run("contacts", "add", "Gamma", "Fumi", "--role", "decision-maker")
    at("2026-11-20T09:00:00")
    for args in (
        ("Alpha", "q2 close", "--when", "2026-06-30 23:59", "--with", "Aki", "--sentiment", "negative",
         "--csat", "1", "--nps", "0"),
        ("Alpha", "kickoff", "--when", "2026-07-01 00:00", "--with", "Aki", "--channel", "visit",
         "--sentiment", "positive", "--csat", "5", "--nps", "10"),
        ("Alpha", "check-in", "--when", "2026-09-25 10:00", "--with", "Ben", "--channel", "call",
         "--sentiment", "neutral", "--csat", "4"),
        ("Beta", "late email", "--when", "2026-09-30 23:59", "--with", "Dai", "--channel", "email",
         "--sentiment", "negative", "--nps", "6"),
        ("Beta", "next quarter", "--when", "2026-10-01 00:00", "--channel", "email", "--sentiment", "positive",
         "--csat", "5"),
        ("Gamma", "escalation", "--when", "2026-08-01 10:00", "--with", "Eri", "--sentiment", "negative",
         "--csat", "2", "--nps", "8"),
        ("Gamma", "follow-up", "--when", "2026-08-05 10:00", "--sentiment", "negative"),
        ("Delta", "chat", "--when", "2026-07-15 10:00", "--channel", "chat"),
    ):  # fmt: skip
        run("log", *args)
    for args in (
        ("Alpha", "1000", "--date", "2026-06-30"),
        ("Alpha", "2000", "--date", "2026-07-01", "--profit", "500"),
        ("Beta", "3000", "--date", "2026-09-30"),
        ("Beta", "9999", "--date", "2026-10-01"),
        ("Delta", "5000", "--date", "2026-08-10", "--profit", "-1000"),
        ("Eta", "4000", "--date", "2026-07-20", "--profit", "1000"),
    ):
        run("accounts", "orders", "add", *args)


def quadrants(run) -> dict[str, str]:
    """Each scored account's current quadrant, as `kamctl score` computes it."""
    return {line["account"]: line["quadrant"] for line in run("score", "-f", "json").json()}


def test_every_kpi_of_the_period_computed_by_hand(portfolio):
    """key accounts Alpha, Beta (key since 08-15), Gamma — Eta is archived; revenue 2000 + 3000 +
    5000 + 4000, profit 500 − 1000 + 1000, key revenue Alpha + Beta; retention 4 of Alpha, Beta,
    Gamma, Delta, Eta (Delta lost, Alpha only after the period); win rate U1 won, X1 lost (R1
    and N1 are other types, U2 and U3 closed outside); CSAT 5, 4, 2; NPS 10, 6, 8; cadence:
    Alpha overdue (09-25 + 3), Beta not, Gamma due on until (08-05 + 56); decision makers: only
    Beta's Dai in the 90 days (Aki was met on 07-01, 91 days before until); active contacts
    Aki + Ben, Dai, Eri (Cho left, Fumi added later); nrr and grr: Alpha 2000 after 1000 (the
    only revenue of the previous period), capped 1000; margin 500 / (2000 + 5000 + 4000); no
    opportunity has a value."""
    report = portfolio("report", *PERIOD, "-f", "json").json()
    assert report["period"] == {"since": "2026-07-01", "until": "2026-09-30"}
    assert report["kpis"] == {
        "key_accounts": 3,
        "revenue": 14000.0,
        "profit": 500.0,
        "key_revenue_share": 0.3571,
        "retention_rate": 0.8,
        "upsell_win_rate": 0.5,
        "csat_avg": 3.67,
        "nps": 0.0,
        "cadence_coverage": 0.6667,
        "decision_maker_coverage": 0.3333,
        "avg_contacts_per_key_account": 1.33,
        "nrr": 2.0,
        "grr": 1.0,
        "margin": 0.0455,
        "pipeline": 0.0,
        "pipeline_weighted": 0.0,
        "interactions": 6,
        "by_channel": {
            "meeting": 2,
            "visit": 1,
            "call": 1,
            "email": 1,
            "chat": 1,
            "social": 0,
            "event": 0,
            "other": 0,
        },
        "sentiment": {"positive": 1, "neutral": 1, "negative": 3},
        "renewals_lapsed": 0,
        "open_risks": {"low": 0, "medium": 0, "high": 0},
    }


def test_accounts_of_the_report_with_their_period_figures(portfolio):
    """Accounts not archived at until, highest revenue first, then by name; tier at until;
    the quadrant is today's (null for accounts not scored: Alpha and Delta are lost now)."""
    quadrant = quadrants(portfolio)
    report = portfolio("report", *PERIOD, "-f", "json").json()
    assert report["accounts"] == [
        {"account": "Delta", "tier": "standard", "revenue": 5000.0, "profit": -1000.0, "csat_avg": None,
         "interactions": 1, "last_contact": "2026-07-15T10:00:00+09:00", "quadrant": None},
        {"account": "Beta", "tier": "key", "revenue": 3000.0, "profit": None, "csat_avg": None,
         "interactions": 1, "last_contact": "2026-09-30T23:59:00+09:00", "quadrant": quadrant["Beta"]},
        {"account": "Alpha", "tier": "key", "revenue": 2000.0, "profit": 500.0, "csat_avg": 4.5,
         "interactions": 2, "last_contact": "2026-09-25T10:00:00+09:00", "quadrant": None},
        {"account": "Epsilon", "tier": "standard", "revenue": 0.0, "profit": None, "csat_avg": None,
         "interactions": 0, "last_contact": None, "quadrant": quadrant["Epsilon"]},
        {"account": "Gamma", "tier": "key", "revenue": 0.0, "profit": None, "csat_avg": 2.0,
         "interactions": 2, "last_contact": "2026-08-05T10:00:00+09:00", "quadrant": quadrant["Gamma"]},
        {"account": "Zeta", "tier": "standard", "revenue": 0.0, "profit": None, "csat_avg": None,
         "interactions": 0, "last_contact": None, "quadrant": quadrant["Zeta"]},
    ]  # fmt: skip
    assert {"Beta", "Epsilon", "Gamma", "Zeta"} <= set(quadrant)


def test_at_risk_with_reasons_and_health(portfolio):
    """Gamma: status at-risk, its last two sentiments negative, one active contact and no decision
    maker (Fumi came later). Beta: one active contact. Health, by hand (kamctl.domain.health; one
    NPS answer each, too few to count): Gamma (30 × 100 + 20 × 0 + 20 × 25 + 20 × 20) / 90 = 43;
    Beta, with revenue only in this period, (30 × 100 + 20 × 0 + 20 × 50 + 15 × 100) / 85 = 65.
    Alpha (a cold decision maker, no champion: medium findings only) is not at risk."""
    report = portfolio("report", *PERIOD, "-f", "json").json()
    assert report["at_risk"] == [
        {
            "account": "Gamma",
            "tier": "key",
            "owner": "tester",
            "status": "at-risk",
            "health": 43,
            "reasons": [
                {"code": "status", "message": "status is at-risk"},
                {
                    "code": "negative-sentiment",
                    "message": "the last two log entries with a sentiment were negative",
                },
                {"code": "single-threaded", "message": "Eri is the only active contact"},
                {
                    "code": "no-decision-maker",
                    "message": "no active decision-maker or economic-buyer on the map",
                },
            ],
        },
        {
            "account": "Beta",
            "tier": "key",
            "owner": "sato",
            "status": "active",
            "health": 65,
            "reasons": [{"code": "single-threaded", "message": "Dai is the only active contact"}],
        },
    ]


def test_previous_period_and_changes_in_markdown(portfolio):
    """Previous period by hand: key accounts Alpha, Gamma, Eta; revenue 1000 (Alpha 06-30), no
    profit; retention 5 of 5; win rate U3 won; CSAT 1; NPS −100; cadence: Alpha only;
    decision makers: Alpha's Aki on 06-30; contacts (2 + 1 + 0) / 3; one interaction."""
    text = portfolio("report", *PERIOD, "-f", "md").stdout
    for line in (
        "| Key accounts | 3 | 3 | no change |",
        "| Revenue | ¥14k | ¥1,000 | ▲ +¥13k (+1300 %) |",
        "| Profit | ¥500 | – | no comparison |",
        "| Key-account share of revenue | 35.7 % | 100.0 % | ▼ -64.3 pp |",
        "| Retention | 80.0 % | 100.0 % | ▼ -20.0 pp |",
        "| Upsell/cross-sell win rate | 50.0 % | 100.0 % | ▼ -50.0 pp |",
        "| CSAT | 3.67 | 1.00 | ▲ +2.67 |",
        "| NPS | 0 | -100 | ▲ +100 |",
        "| Cadence coverage | 66.7 % | 33.3 % | ▲ +33.4 pp |",  # the difference of the values shown
        "| Decision-maker coverage | 33.3 % | 33.3 % | no change |",
        "| Contacts per key account | 1.3 | 1.0 | ▲ +0.3 |",
        "| Interactions | 6 | 1 | ▲ +5 (+500 %) |",
    ):
        assert line in text, line
    assert "**Period:** 2026-07-01 – 2026-09-30 (92 days) · compared with 2026-03-31 – 2026-06-30" in text
    assert (
        "| 2026-07 | ¥6,000 |" in text and "| 2026-08 | ¥5,000 |" in text and "| 2026-09 | ¥3,000 |" in text
    )
    assert "| 2026-08 | 0 | 0 | 2 | 0 % |" in text  # Gamma's two negative entries
    # Alpha's health at until: freshness 100 × (6 − 5) / 3, sentiment (100 + 50 + 0) / 3,
    # satisfaction (10/3 − 1) × 25 (two NPS answers: too few), coverage 100 − 3 × 10, revenue
    # 2000 ≥ 1000 → 100: 6066.7 / 105 = 57.8 → 58, yellow; Beta 65 yellow; Gamma 43 red.
    assert "0 green (≥ 75) · 2 yellow (50–74) · 1 red (< 50)" in text


def test_owner_and_mine_narrow_the_portfolio(portfolio):
    sato = portfolio("report", *PERIOD, "--owner", "SATO", "-f", "json").json()
    assert [a["account"] for a in sato["accounts"]] == ["Beta"]
    assert (sato["kpis"]["key_accounts"], sato["kpis"]["revenue"], sato["kpis"]["interactions"]) == (
        1,
        3000.0,
        1,
    )
    assert sato["kpis"]["by_channel"]["email"] == 1
    mine = portfolio("report", *PERIOD, "--mine", "-f", "json").json()
    assert "Beta" not in [a["account"] for a in mine["accounts"]]
    assert mine["kpis"]["revenue"] == 11000.0
    assert mine["kpis"]["interactions"] == 5


def test_the_activity_index_gives_the_same_report(portfolio, db_url):
    """With an index of log_entry on (sentiment, channel, occurred_at) the activity is read as index
    range counts; the figures are the same as from the scan."""
    if not db_url.startswith("sqlite"):
        pytest.skip("the index path is SQLite's")
    before = portfolio("report", *PERIOD, "-f", "json").json()
    before_md = portfolio("report", *PERIOD, "-f", "md").stdout
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as connection:
        connection.execute("CREATE INDEX ix_test_activity ON log_entry (sentiment, channel, occurred_at)")
    assert portfolio("report", *PERIOD, "-f", "json").json() == before
    assert portfolio("report", *PERIOD, "-f", "md").stdout == before_md


def test_default_period_is_the_365_days_ending_today(portfolio):
    report = portfolio("report", "-f", "json").json()
    assert report["period"] == {"since": "2025-11-21", "until": "2026-11-20"}
    # Alpha and Delta are lost now, Eta archived: out of at_risk; Beta's last two entries differ now.
    assert report["kpis"]["interactions"] == 8
    # SPEC §8: non-archived accounts with tier key — Alpha is lost now but still a key account.
    assert report["kpis"]["key_accounts"] == 3
    assert [item["account"] for item in report["at_risk"]] == ["Gamma", "Beta"]
    # The default period is the score's window: the report scores from what it read, and agrees.
    quadrant = quadrants(portfolio)
    assert {a["account"]: a["quadrant"] for a in report["accounts"] if a["quadrant"]} == quadrant


def test_table_dashboard(portfolio):
    out = portfolio("report", *PERIOD).stdout
    for text in ("Portfolio report", "2026-07-01 – 2026-09-30 (92 days)", "Retention", "80.0 %",
                 "▼ -20.0 pp", "Revenue by month", "Interactions by channel", "Sentiment by month",
                 "Health of key accounts", "At risk (2)", "Dai is the only active contact",
                 "Accounts by revenue (6)"):  # fmt: skip
        assert text in out, text
    assert "\x1b" not in out


def test_csv_lists_the_accounts(portfolio):
    lines = portfolio("report", *PERIOD, "-f", "csv").stdout.splitlines()
    assert lines[0] == "account,tier,revenue,profit,csat_avg,interactions,last_contact,quadrant"
    assert lines[1] == "Delta,standard,5000,-1000,,1,2026-07-15T10:00:00+09:00,"
    assert len(lines) == 7


def test_output_file(portfolio, tmp_path: Path):
    target = tmp_path / "report.html"
    outcome = portfolio("report", *PERIOD, "-f", "html", "-o", str(target))
    assert outcome.stdout == ""
    assert outcome.stderr == f"Wrote the report to {target}\n"
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert 'data-kpi="retention_rate"' in page and "80.0 %" in page
    plain = tmp_path / "report.txt"
    portfolio("report", *PERIOD, "-o", str(plain))
    text = plain.read_text(encoding="utf-8")
    assert "Portfolio report" in text and "\x1b" not in text


def test_html_is_self_contained(portfolio):
    page = portfolio("report", *PERIOD, "-f", "html").stdout
    assert "<style>" in page and "<svg" in page and "@media print" in page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "http://" not in page and "https://" not in page
    assert "<script" not in page.lower()
    assert "<link" not in page.lower()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2026-10-01", "--until", "2026-09-30"),
         "--since 2026-10-01 is after --until 2026-09-30: the period would be empty"),
        (("--until", "someday"), None),
    ],
)  # fmt: skip
def test_period_errors(portfolio, args, message):
    stderr = portfolio("report", *args, exit=1).stderr
    if message:
        assert stderr == f"Error: {message}\n"
    else:
        assert stderr.startswith("Error: cannot read date 'someday'")


def test_unknown_format_is_a_usage_error(run):
    assert "'pdf' is not one of" in run("report", "-f", "pdf", exit=2).stderr


def test_empty_database(run):
    report = run("report", "-f", "json").json()
    assert report["accounts"] == [] and report["at_risk"] == []
    assert report["kpis"]["key_accounts"] == 0 and report["kpis"]["retention_rate"] is None
    assert "Portfolio report" in run("report").stdout
    assert run("report", "-f", "html").stdout.startswith("<!doctype html>")
    assert run("report", "-f", "md").stdout.startswith("# Portfolio report")


def test_one_day_period(portfolio):
    report = portfolio("report", "--since", "2026-09-30", "--until", "2026-09-30", "-f", "json").json()
    assert report["kpis"]["interactions"] == 1  # Beta's 23:59 email
    assert "2026-09" in portfolio("report", "--since", "2026-09-30", "--until", "2026-09-30").stdout


# ---------------------------------------------------------------------------------------------
# User text is shown literally everywhere


NASTY = "<script>alert(1)</script> [bold]x[/] | *y* _z_ \x1b[31m"


def test_user_text_is_escaped_in_every_format(run):
    run("accounts", "add", NASTY, "--tier", "key", "--status", "at-risk")
    run("log", NASTY, "**hello** <b>", "--kind", "win")
    table = run("report").stdout
    assert "[bold]x[/]" in table and "\x1b" not in table and "\\x1b[31m" in table
    page = run("report", "-f", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = run("report", "-f", "md").stdout
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert r"\| \*y\* \_z\_" in text
    wins = run("report", "wins", "-f", "html").stdout
    assert "<b>" not in wins and "&lt;b&gt;" in wins
    assert r"\*\*hello\*\* &lt;b&gt;" in run("report", "wins", "-f", "md").stdout
    review = run("report", "account", "1", "-f", "html").stdout
    assert "<script>" not in review


# ---------------------------------------------------------------------------------------------
# report account


def test_account_review_json(portfolio):
    review = portfolio("report", "account", "alpha", *PERIOD, "-f", "json").json()
    assert review["account"]["name"] == "Alpha"
    assert review["period"] == {"since": "2026-07-01", "until": "2026-09-30"}
    assert review["previous_period"] == {"since": "2026-03-31", "until": "2026-06-30"}
    assert review["kpis"] == [
        {"kpi": "revenue", "current": 2000.0, "previous": 1000.0},
        {"kpi": "profit", "current": 500.0, "previous": None},
        {"kpi": "orders", "current": 1, "previous": 1},
        {"kpi": "interactions", "current": 2, "previous": 1},
        {"kpi": "csat_avg", "current": 4.5, "previous": 1.0},
        {"kpi": "nps", "current": 100.0, "previous": -100.0},
        {"kpi": "upsell_win_rate", "current": 0.5, "previous": None},
    ]
    assert [entry["notes"] for entry in review["timeline"]] == ["check-in", "kickoff"]
    assert [entry["notes"] for entry in review["feedback"]["positive"]] == ["kickoff"]
    assert review["feedback"]["negative"] == []
    assert review["score"] is None  # Alpha is lost now: not scored
    assert review["health"]["band"] in ("green", "yellow", "red")
    assert [component["component"] for component in review["health"]["components"]] == [
        "freshness", "sentiment", "satisfaction", "coverage", "plan", "revenue", "renewal", "risks",
    ]  # fmt: skip
    assert {f["code"] for f in review["findings"]} >= {"no-champion"}
    assert review["plan"] == {"goals": [], "objectives": [], "last_review": None}
    assert [o["title"] for o in review["open_opportunities"]] == []


def test_account_review_in_every_format(portfolio, tmp_path: Path):
    table = portfolio("report", "account", "Gamma", *PERIOD).stdout
    for text in ("Gamma", "periodic review 2026-07-01 – 2026-09-30", "Health", "freshness",
                 "This period against the previous one", "Interactions in the period (2)", "escalation"):  # fmt: skip
        assert text in table, text
    assert portfolio("report", "account", "Gamma", *PERIOD, "-f", "md").stdout.startswith(
        "# Gamma: account review"
    )
    assert "<h1>Gamma</h1>" in portfolio("report", "account", "Gamma", *PERIOD, "-f", "html").stdout
    assert portfolio("report", "account", "Gamma", *PERIOD, "-f", "csv").stdout.splitlines()[:2] == [
        "kpi,current,previous",
        "revenue,0,0",
    ]
    target = tmp_path / "gamma.md"
    assert portfolio("report", "account", "Gamma", "-f", "md", "-o", str(target)).stderr == (
        f"Wrote the review to {target}\n"
    )
    assert target.read_text(encoding="utf-8").startswith("# Gamma")


def test_account_review_of_an_unknown_account(portfolio):
    assert (
        portfolio("report", "account", "Gama", exit=1).stderr
        == "Error: no account 'Gama'; did you mean 'Gamma'?\n"
    )


# ---------------------------------------------------------------------------------------------
# report wins, report team


def test_wins_of_the_period(run, monkeypatch):
    run("accounts", "add", "Acme", "--owner", "sato")
    run("accounts", "add", "北斗精機")
    run("contacts", "add", "Acme", "Aki")
    run("log", "Acme", "Signed Line 3", "--kind", "win", "--when", "2026-10-01 10:00", "--with", "Aki",
        "--tag", "deal")  # fmt: skip
    run("log", "北斗精機", "追加受注", "--kind", "win", "--when", "2026-11-01 10:00")
    run("log", "Acme", "Old win", "--kind", "win", "--when", "2025-01-01 10:00")
    run("log", "Acme", "Not a win", "--when", "2026-10-02 10:00")
    assert run("report", "wins", "-f", "json").json() == [
        {"id": 2, "account": "北斗精機", "when": "2026-11-01T10:00:00+09:00", "contacts": [], "notes": "追加受注",
         "tags": []},
        {"id": 1, "account": "Acme", "when": "2026-10-01T10:00:00+09:00", "contacts": ["Aki"],
         "notes": "Signed Line 3", "tags": ["deal"]},
    ]  # fmt: skip
    assert [w["id"] for w in run("report", "wins", "--since", "2024-12-01", "--owner", "sato", "-f", "json").json()] == [
        1, 3,
    ]  # fmt: skip
    table = run("report", "wins").stdout
    assert (
        "Signed Line 3" in table
        and "with Aki" in table
        and "Wins 2025-11-21 – 2026-11-20 (365 days): 2" in table
    )
    assert run("report", "wins", "-f", "csv").stdout.splitlines()[0] == "id,account,when,contacts,notes,tags"
    assert "## Acme · 2026-10-01" in run("report", "wins", "-f", "md").stdout
    assert "Signed Line 3" in run("report", "wins", "-f", "html").stdout
    assert "No wins logged" in run("report", "wins", "--until", "2024-01-01").stdout


def test_team_per_owner(portfolio):
    rows = portfolio("report", "team", *PERIOD, "-f", "json").json()
    # tester: Alpha, Gamma, Delta, Epsilon, Zeta (Eta archived); key at until: Alpha, Gamma.
    # Entries in the period: Alpha 2, Gamma 2, Delta 1. Overdue today: whatever remind says.
    overdue = portfolio("remind", "-f", "json", "--days", "0").json()
    by_owner = {"tester": 0, "sato": 0}
    accounts_of = {"Beta": "sato"}
    for item in overdue:
        if item["days_overdue"] > 0:
            by_owner[accounts_of.get(item["account"], "tester")] += 1
    assert rows == [
        {"owner": "sato", "accounts": 1, "key_accounts": 1, "interactions": 1,
         "overdue_reminders": by_owner["sato"]},
        {"owner": "tester", "accounts": 5, "key_accounts": 2, "interactions": 5,
         "overdue_reminders": by_owner["tester"]},
    ]  # fmt: skip
    table = portfolio("report", "team", *PERIOD).stdout
    assert "sato" in table and "Overdue reminders" in table
    assert portfolio("report", "team", "-f", "csv").stdout.splitlines()[0] == (
        "owner,accounts,key_accounts,interactions,overdue_reminders"
    )
    assert "| sato |" in portfolio("report", "team", "-f", "md").stdout
    assert "<td>sato</td>" in portfolio("report", "team", "-f", "html").stdout


# ---------------------------------------------------------------------------------------------
# accounts show: health with its breakdown


def test_accounts_show_has_health_with_its_breakdown(portfolio):
    dossier = portfolio("accounts", "show", "Gamma", "-f", "json").json()
    health = dossier["health"]
    assert set(health) == {"score", "band", "components"}
    assert [c["component"] for c in health["components"]] == [
        "freshness", "sentiment", "satisfaction", "coverage", "plan", "revenue", "renewal", "risks",
    ]  # fmt: skip
    table = portfolio("accounts", "show", "Gamma").stdout
    assert f"Health {health['score']} {health['band']}" in table
    assert "freshness" in table and "coverage" in table


def test_help_of_every_report_command(run):
    for args in (("report",), ("report", "account"), ("report", "wins"), ("report", "team"),
                 ("accounts", "opp"), ("accounts", "opp", "add")):  # fmt: skip
        assert run(*args, "--help").stdout.startswith("Usage: kamctl")


def test_output_into_a_missing_folder_is_one_error_line(run, tmp_path: Path):
    target = tmp_path / "nowhere" / "report.md"
    stderr = run("report", "-f", "md", "-o", str(target), exit=1).stderr
    assert stderr == (
        f"Error: no folder {target.parent} to write {target} in; create the folder first or give another file\n"
    )


# ---------------------------------------------------------------------------------------------
# The use case under `report`, called as a Python program or the MCP server calls it


@pytest.mark.parametrize(
    ("options", "arguments"),
    [
        ({"since": "2026-07-01", "until": "2026-09-30"}, PERIOD),
        ({}, ()),  # the default period: scored from what the report read
        ({"until": "2026-09-30", "owner": "Sato"}, ("--until", "2026-09-30", "--owner", "Sato")),
        ({"since": "2026-01-01", "mine": True}, ("--since", "2026-01-01", "--mine")),
    ],
)
def test_portfolio_report_is_what_report_json_prints(portfolio, db_url, options, arguments):
    from kamctl.actions.report import portfolio_report
    from kamctl.render.report import portfolio_json

    with portfolio_of(db_url) as book:
        found = portfolio_json(portfolio_report(book, **options))
    printed = portfolio("report", *arguments, "-f", "json").json()
    assert found == printed
    assert any(account["quadrant"] for account in found["accounts"])


def test_portfolio_report_refuses_a_bad_period_as_the_command_does(portfolio, db_url):
    from kamctl.actions.report import portfolio_report
    from kamctl.errors import InvalidValue

    with portfolio_of(db_url) as book, pytest.raises(InvalidValue) as refused:
        portfolio_report(book, since="2026-10-01", until="2026-09-30")
    assert str(refused.value) == "--since 2026-10-01 is after --until 2026-09-30: the period would be empty"
    failed = portfolio("report", "--since", "2026-10-01", "--until", "2026-09-30", exit=1)
    assert failed.stderr == f"Error: {refused.value}\n"
