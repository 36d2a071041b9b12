"""The KPIs of SPEC §8 on a small portfolio computed by hand (kamctl.domain.kpis).

The portfolio, period 2026-07-01 … 2026-09-30 (92 days; previous 2026-03-31 … 2026-06-30), JST:

| account | history | at the start | at the end (until) |
|---|---|---|---|
| Alpha | key, active; lost 2026-10-05 (after the period) | active | key, active |
| Beta | candidate → key 2026-08-15 | active | key, active |
| Gamma | key; active → at-risk 2026-08-01 | active | key, at-risk |
| Delta | standard; active → lost 2026-09-10 | active | lost |
| Epsilon | standard, prospect | prospect | prospect |
| Zeta | created 2026-08-01 | (none) | active |
| Eta | key; archived 2026-09-01 | active | key but archived |
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from kamctl.domain.kpis import (
    AccountFigures,
    Activity,
    ClosedOpportunity,
    Feedback,
    KeyAccountFacts,
    KpiChange,
    OrderSums,
    PeriodFacts,
    cadence_overdue,
    compute_kpis,
    net_promoter_score,
    retention_rate,
    upsell_win_rate,
)
from kamctl.domain.opportunities import check_opportunity_type
from kamctl.domain.periods import Period, month_starts, report_period
from kamctl.domain.portfolio_report import Threads, interactions_for_findings, reuses_scoring_window
from kamctl.domain.reviews import objective_status, team_rows
from kamctl.domain.risk import RiskSignals, find_at_risk
from kamctl.domain.timelines import AccountTimeline, Change, key_account_ids
from kamctl.errors import InvalidValue

JST = timezone(timedelta(hours=9))
PERIOD = Period(date(2026, 7, 1), date(2026, 9, 30))
CADENCES = {"key": 14, "candidate": 30, "standard": None}


def at(text: str) -> datetime:
    """A JST moment: `at("2026-07-01 00:00")`."""
    return datetime.fromisoformat(text).replace(tzinfo=JST)


CREATED = at("2025-12-01 10:00")


def account(id_: int, name: str, tier: str, status: str, *changes: Change, **fields) -> AccountTimeline:
    return AccountTimeline(
        id=id_, name=name, created_at=fields.pop("created_at", CREATED), tier=tier, status=status,
        changes=tuple(changes), **fields,
    )  # fmt: skip


ALPHA = account(
    1, "Alpha", "key", "lost", Change(at("2026-10-05 10:00"), "status", "active", "lost"), cadence_days=3
)
BETA = account(
    2, "Beta", "key", "active", Change(at("2026-08-15 10:00"), "tier", "candidate", "key"), owner="sato"
)
GAMMA = account(3, "Gamma", "key", "at-risk", Change(at("2026-08-01 10:00"), "status", "active", "at-risk"),
                cadence_days=56)  # fmt: skip
DELTA = account(4, "Delta", "standard", "lost", Change(at("2026-09-10 10:00"), "status", "active", "lost"))
EPSILON = account(5, "Epsilon", "standard", "prospect")
ZETA = account(6, "Zeta", "standard", "active", created_at=at("2026-08-01 10:00"))
ETA = account(
    7, "Eta", "key", "active", Change(at("2026-09-01 10:00"), "archived", "false", "true"), archived=True
)
PORTFOLIO = (ALPHA, BETA, GAMMA, DELTA, EPSILON, ZETA, ETA)

START, END = PERIOD.starts_at(JST), PERIOD.ends_before(JST)


# ---------------------------------------------------------------------------------------------
# The period


def test_default_period_is_the_365_days_ending_today_and_the_previous_one_is_as_long():
    period = report_period(since=None, until=None, today=date(2026, 11, 20))
    assert period == Period(date(2025, 11, 21), date(2026, 11, 20))
    assert period.days == 365
    assert period.previous() == Period(date(2024, 11, 21), date(2025, 11, 20))


def test_period_bounds_are_local_midnights_with_until_included():
    assert at("2026-07-01 00:00") == START
    assert at("2026-10-01 00:00") == END
    assert PERIOD.days == 92
    assert PERIOD.previous() == Period(date(2026, 3, 31), date(2026, 6, 30))


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (date(2026, 1, 1), None, Period(date(2026, 1, 1), date(2026, 11, 20))),
        (None, date(2026, 6, 30), Period(date(2025, 7, 1), date(2026, 6, 30))),
        (date(2026, 3, 3), date(2026, 3, 3), Period(date(2026, 3, 3), date(2026, 3, 3))),
    ],
)
def test_since_or_until_alone(since, until, expected):
    assert report_period(since=since, until=until, today=date(2026, 11, 20)) == expected


def test_since_after_until_is_refused():
    with pytest.raises(InvalidValue, match="--since 2026-05-02 is after --until 2026-05-01"):
        report_period(since=date(2026, 5, 2), until=date(2026, 5, 1), today=date(2026, 11, 20))


def test_months_of_a_period_start_with_the_partial_first_month():
    assert month_starts(PERIOD) == [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]
    odd = Period(date(2026, 1, 15), date(2026, 3, 2))
    assert month_starts(odd) == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]


# ---------------------------------------------------------------------------------------------
# Accounts through time


def test_state_at_reads_history_before_and_after_a_change():
    assert GAMMA.state_at(START).status == "active"
    assert GAMMA.state_at(END).status == "at-risk"
    assert ALPHA.state_at(END).status == "active"  # lost after the period
    assert BETA.state_at(START).tier == "candidate"
    assert BETA.state_at(END).tier == "key"
    assert ETA.state_at(START).archived is False
    assert ETA.state_at(END).archived is True
    assert ZETA.state_at(START) is None  # not created yet
    assert ZETA.state_at(END).status == "active"


def test_a_change_at_the_very_moment_counts_after_it():
    change = account(9, "X", "key", "lost", Change(START, "status", "active", "lost"))
    assert change.state_at(START).status == "active"
    assert change.state_at(START + timedelta(microseconds=1)).status == "lost"


def test_key_accounts_at_until_use_tier_and_archived_history():
    """SPEC §8 key_accounts: non-archived accounts with tier key at `until`: Alpha, Beta (key since
    08-15), Gamma; not Eta (archived 09-01). At the end of the previous period: Alpha, Gamma, Eta."""
    assert key_account_ids(PORTFOLIO, END) == {1, 2, 3}
    assert key_account_ids(PORTFOLIO, PERIOD.previous().ends_before(JST)) == {1, 3, 7}


def test_retention_counts_status_changes_during_the_period():
    """Active or at-risk at the start: Alpha, Beta, Gamma, Delta, Eta (Epsilon is a prospect,
    Zeta did not exist). Not lost at the end: all but Delta (lost 09-10); Alpha is lost only
    after the period. 4 / 5."""
    assert retention_rate(PORTFOLIO, start=START, end=END) == 0.8


def test_retention_is_null_without_a_base():
    assert retention_rate([EPSILON, ZETA], start=START, end=END) is None


OPPORTUNITIES = (
    ClosedOpportunity(1, "upsell", "won", at("2026-07-15 10:00")),
    ClosedOpportunity(1, "cross-sell", "lost", at("2026-08-20 10:00")),
    ClosedOpportunity(2, "renewal", "won", at("2026-08-01 10:00")),  # type left out
    ClosedOpportunity(2, "new", "lost", at("2026-08-02 10:00")),  # type left out
    ClosedOpportunity(3, "upsell", "won", at("2026-10-01 00:00")),  # just after the period
    ClosedOpportunity(3, "upsell", "won", at("2026-06-30 23:59")),  # just before it
)


def test_upsell_win_rate_counts_upsell_and_cross_sell_closed_in_the_period():
    assert upsell_win_rate(OPPORTUNITIES, start=START, end=END) == 0.5
    previous = PERIOD.previous()
    assert upsell_win_rate(OPPORTUNITIES, start=previous.starts_at(JST), end=previous.ends_before(JST)) == 1.0
    assert upsell_win_rate(OPPORTUNITIES[2:4], start=START, end=END) is None


@pytest.mark.parametrize(
    ("promoters", "passives", "detractors", "nps"),
    [(1, 1, 1, 0.0), (3, 0, 1, 50.0), (0, 0, 2, -100.0), (1, 2, 0, 100 / 3), (0, 0, 0, None)],
)
def test_nps_is_percent_promoters_minus_percent_detractors(promoters, passives, detractors, nps):
    assert net_promoter_score(Feedback(0, 0, promoters, passives, detractors)) == nps


@pytest.mark.parametrize(
    ("last_contact", "cadence_days", "tier", "overdue"),
    [
        (at("2026-09-25 10:00"), 3, "key", True),  # due 09-28
        (at("2026-08-05 10:00"), 56, "key", False),  # due 09-30 = until: due today, not overdue
        (at("2026-08-05 10:00"), 55, "key", True),
        (at("2026-09-17 08:00"), None, "key", False),  # key default 14: due 10-01
        (at("2026-09-15 08:00"), None, "key", True),  # due 09-29
        (None, None, "key", True),  # created 2025-12-01 + 14
        (None, None, "standard", False),  # no rhythm: never overdue
    ],
)
def test_cadence_overdue_at_until(last_contact, cadence_days, tier, overdue):
    subject = account(1, "A", tier, "active", cadence_days=cadence_days)
    got = cadence_overdue(
        subject, tier=tier, last_contact=last_contact, on=PERIOD.until, tz=JST, cadence_by_tier=CADENCES
    )
    assert got is overdue


# ---------------------------------------------------------------------------------------------
# Every KPI of one period


def facts_of_the_period() -> PeriodFacts:
    return PeriodFacts(
        period=PERIOD,
        tz=JST,
        accounts=PORTFOLIO,
        orders={
            1: OrderSums(2000.0, 500.0, 1, amount_with_profit=2000.0),
            2: OrderSums(3000.0, None, 1),
            4: OrderSums(5000.0, -1000.0, 1, amount_with_profit=5000.0),
            7: OrderSums(4000.0, 1000.0, 1, amount_with_profit=4000.0),
        },
        opportunities=OPPORTUNITIES,
        activity=Activity(
            interactions=6,
            by_channel={"meeting": 2, "visit": 1, "call": 1, "email": 1, "chat": 1},
            sentiment={"positive": 1, "neutral": 1, "negative": 3},
            feedback=Feedback(csat_sum=11, csat_count=3, promoters=1, passives=1, detractors=1),
        ),
        coverage={
            1: KeyAccountFacts(at("2026-09-25 10:00"), decision_maker_contacted=False, active_contacts=2),
            2: KeyAccountFacts(at("2026-09-30 23:59"), decision_maker_contacted=True, active_contacts=1),
            3: KeyAccountFacts(at("2026-08-05 10:00"), decision_maker_contacted=False, active_contacts=1),
            7: KeyAccountFacts(None, decision_maker_contacted=True, active_contacts=9),  # archived: ignored
        },
        cadence_by_tier=CADENCES,
        previous_revenue={1: 1000.0, 3: 0.0},
    )


def test_every_kpi_of_the_period_by_hand():
    """revenue 2000 + 3000 + 5000 + 4000; profit 500 − 1000 + 1000; key revenue Alpha + Beta =
    5000 / 14000; cadence: Alpha overdue (09-25 + 3), Beta and Gamma (due 09-30) not: 2 / 3;
    decision makers: Beta only; contacts (2 + 1 + 1) / 3; CSAT 11 / 3; NPS (1 − 1) / 3; nrr
    Alpha's 2000 / 1000 (Gamma's 0 before is no base), grr capped at 1000; margin 500 / 11000;
    no open opportunities."""
    assert compute_kpis(facts_of_the_period()).record() == {
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


def test_an_empty_portfolio_has_nulls_where_a_kpi_is_undefined():
    empty = PeriodFacts(
        period=PERIOD, tz=JST, accounts=(), orders={}, opportunities=(), activity=Activity(), coverage={},
        cadence_by_tier=CADENCES,
    )  # fmt: skip
    record = compute_kpis(empty).record()
    assert record["key_accounts"] == 0
    assert record["revenue"] == 0.0
    assert [record[key] for key in ("profit", "key_revenue_share", "retention_rate", "upsell_win_rate",
            "csat_avg", "nps", "cadence_coverage", "decision_maker_coverage",
            "avg_contacts_per_key_account")] == [None] * 9  # fmt: skip
    assert record["interactions"] == 0


@pytest.mark.parametrize(
    ("key", "current", "previous", "delta", "relative"),
    [
        ("revenue", 150.0, 100.0, 50.0, 0.5),
        ("retention_rate", 0.8, 1.0, pytest.approx(-0.2), pytest.approx(-0.2)),
        ("nps", 0.0, -100.0, 100.0, 1.0),
        ("csat_avg", 3.5, None, None, None),
        ("interactions", 5, 0, 5, None),
    ],
)
def test_change_against_the_previous_period(key, current, previous, delta, relative):
    change = KpiChange(key, current, previous)
    assert change.delta == delta
    assert change.relative == relative


# ---------------------------------------------------------------------------------------------
# At risk


def figures(account_: AccountTimeline, status: str, tier: str, health=None) -> AccountFigures:
    return AccountFigures(
        id=account_.id, name=account_.name, tier=tier, status=status, owner=account_.owner,
        orders=OrderSums(), feedback=Feedback(), interactions=0, last_contact=None, quadrant=None, health=health,
    )  # fmt: skip


class _Finding:
    def __init__(self, code: str, message: str) -> None:
        self.code, self.message, self.severity = code, message, "high"


def test_at_risk_reasons_and_order():
    """Status at-risk; both latest sentiments negative; high findings. Lost accounts are left out;
    key accounts first, then the most reasons."""
    at_risk = find_at_risk(
        [
            figures(BETA, "active", "key"),
            figures(GAMMA, "at-risk", "key"),
            figures(DELTA, "lost", "standard"),
            figures(EPSILON, "prospect", "standard"),
            figures(ZETA, "at-risk", "standard"),
        ],
        {
            2: RiskSignals(high_findings=[_Finding("single-threaded", "Dai is the only active contact")]),
            3: RiskSignals(last_two_negative=True),
            4: RiskSignals(last_two_negative=True),
        },
    )
    assert [(item.account.name, [reason.code for reason in item.reasons]) for item in at_risk] == [
        ("Gamma", ["status", "negative-sentiment"]),
        ("Beta", ["single-threaded"]),
        ("Zeta", ["status"]),
    ]
    assert at_risk[1].record() == {
        "account": "Beta",
        "tier": "key",
        "owner": "sato",
        "status": "active",
        "health": None,
        "reasons": [{"code": "single-threaded", "message": "Dai is the only active contact"}],
    }


def test_interactions_for_the_single_threaded_finding_keep_the_entry_count():
    from kamctl.domain.account_map import MapContact, find_coverage_gaps

    when = at("2026-09-30 12:00")
    people = [MapContact(1, "Aki", role="decision-maker"), MapContact(2, "Ben")]
    one = find_coverage_gaps(people, interactions_for_findings(Threads(1, None, 7), when), now=when)
    assert one[0].message == "every interaction of the last 180 days was with Aki (7 entries)"
    two = find_coverage_gaps(people, interactions_for_findings(Threads(1, 2, 0), when), now=when)
    assert "single-threaded" not in [finding.code for finding in two]
    assert interactions_for_findings(Threads(), when) == []


# ---------------------------------------------------------------------------------------------
# Smaller pieces


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("upsell", "upsell"), ("Cross-Sell", "cross-sell"), ("cross_sell", "cross-sell"), ("cross sell", "cross-sell"),
     ("crosssell", "cross-sell"), (" RENEWAL ", "renewal"), ("new", "new")],
)  # fmt: skip
def test_opportunity_types_as_typed(raw, expected):
    assert check_opportunity_type(raw) == expected


def test_unknown_opportunity_type_names_the_choices():
    with pytest.raises(
        InvalidValue, match=r"--type must be one of upsell, cross-sell, renewal, new \(got 'upsel'\)"
    ):
        check_opportunity_type("upsel")


@pytest.mark.parametrize(
    ("objective", "status"),
    [
        ({"done": True, "due": date(2026, 1, 1)}, "done"),
        ({"done": False, "due": date(2026, 9, 29)}, "overdue"),
        ({"done": False, "due": date(2026, 9, 30)}, "open"),
        ({"done": False, "due": None}, "open"),
    ],
)
def test_objective_status(objective, status):
    assert objective_status(objective, date(2026, 9, 30)) == status


def test_team_rows_group_owners_case_insensitively():
    rows = team_rows(
        [
            account(1, "A", "key", "active", owner="Sato"),
            account(2, "B", "standard", "active", owner="sato "),
            account(3, "C", "key", "active", owner=None),
            account(
                4,
                "D",
                "key",
                "active",
                Change(at("2026-09-01 10:00"), "archived", "false", "true"),
                owner="lee",
                archived=True,
            ),
        ],
        {1: 3, 2: 1, 4: 2},
        overdue_owners=["sato", "Sato", None],
        period=PERIOD,
        tz=JST,
    )
    assert rows == [
        {"owner": "lee", "accounts": 0, "key_accounts": 0, "interactions": 2, "overdue_reminders": 0},
        {"owner": "Sato", "accounts": 2, "key_accounts": 1, "interactions": 4, "overdue_reminders": 2},
        {"owner": None, "accounts": 1, "key_accounts": 1, "interactions": 0, "overdue_reminders": 1},
    ]


def test_the_default_period_over_everyone_is_the_scoring_window():
    today = date(2026, 11, 20)
    assert reuses_scoring_window(report_period(since=None, until=None, today=today), today, None)
    assert not reuses_scoring_window(report_period(since=None, until=None, today=today), today, "sato")
    assert not reuses_scoring_window(PERIOD, today, None)
