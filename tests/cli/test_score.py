"""`kamctl score` and its sub-commands through the real CLI against a real database (SPEC §4).

The portfolio is the worked example of tests/domain/test_scoring.py, built here from dated
orders (boundary days of the 365-day window included) and CSAT log entries.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from helpers import portfolio_of, run_installed

pytestmark = pytest.mark.postgres

JST = timezone(timedelta(hours=9))


def add_csat(db_url: str, account_id: int, *entries: tuple[datetime, int | None]) -> None:
    """Feedback entries with a CSAT, written through the store (these tests do not depend on `kamctl log`)."""
    from kamctl.store.engine import open_store
    from kamctl.store.models import LogEntry

    store = open_store(db_url)
    try:
        with store.transaction() as session:
            for when, csat in entries:
                session.add(
                    LogEntry(
                        account_id=account_id,
                        occurred_at=when,
                        kind="feedback",
                        csat=csat,
                        notes="survey",
                        created_at=when,
                    )
                )
    finally:
        store.dispose()


ACCOUNTS_CSV = """name,owner,tier,status,archived,stage,share_of_wallet,revenue,order_frequency,growth,strategic_fit,influence
Alpha,tester,candidate,active,false,4,50,,,4,3,
Bravo,tester,standard,active,false,,,400,,2,5,1
Charlie,tester,standard,active,false,2,,,12,5,,5
Delta,tester,key,active,false,5,80,1000,,3,3,3
echo,tester,key,active,false,,30,,,3,4,
Foxtrot,lee,standard,active,false,,,,,3,4,
Lost Co,tester,standard,lost,false,,,5000,,5,,
Old Co,tester,standard,active,true,,,2000,,,,
"""
# Not scored: Lost Co (lost) and Old Co (archived) would otherwise move everyone's percentiles.

ORDERS_CSV = """account,date,amount,profit
Alpha,2026-11-20,300,30
Alpha,2025-11-21,100,
Alpha,2025-11-20,1000,500
Alpha,2026-11-21,999,
Charlie,2026-06-01,100,-20
Delta,2026-01-15,50,10
"""
# Alpha: today (in), the window's first day (in), the day before it (out), tomorrow (not yet).


@pytest.fixture
def portfolio(run, db_url, tmp_path):
    """The worked example; today is 2026-11-20 (Tokyo), the window 2025-11-21 … 2026-11-20."""
    (tmp_path / "accounts.csv").write_text(ACCOUNTS_CSV, encoding="utf-8")
    (tmp_path / "orders.csv").write_text(ORDERS_CSV, encoding="utf-8")
    run("accounts", "import", str(tmp_path / "accounts.csv"))
    run("accounts", "orders", "import", str(tmp_path / "orders.csv"))
    add_csat(
        db_url,
        1,
        (datetime(2025, 11, 21, 0, 0, tzinfo=JST), 5),  # first moment of the window
        (datetime(2026, 11, 20, 8, 0, tzinfo=JST), 4),
        (datetime(2026, 11, 20, 8, 30, tzinfo=JST), None),  # no CSAT: not counted
        (datetime(2025, 11, 20, 23, 59, tzinfo=JST), 1),  # a minute before the window
        (datetime(2026, 11, 21, 0, 0, tzinfo=JST), 1),  # tomorrow
    )
    add_csat(db_url, 4, (datetime(2026, 3, 1, 10, 0, tzinfo=JST), 2))
    return run


def test_the_portfolio_built_one_by_one_scores_the_same(portfolio, run, monkeypatch, tmp_path):
    """The same example through `accounts add` and `accounts orders add` (in a second database)."""
    expected = portfolio("score", "-f", "json").stdout
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "second.db"))
    run(
        "accounts",
        "add",
        "Alpha",
        "--growth",
        "4",
        "--strategic-fit",
        "3",
        "--stage",
        "4",
        "--share-of-wallet",
        "50",
        "--tier",
        "candidate",
    )
    run("accounts", "orders", "add", "Alpha", "300", "--date", "2026-11-20", "--profit", "30")
    run("accounts", "orders", "add", "Alpha", "100", "--date", "2025-11-21")
    run("accounts", "orders", "add", "Alpha", "1000", "--date", "2025-11-20", "--profit", "500")
    run("accounts", "orders", "add", "Alpha", "999", "--date", "tomorrow")
    run(
        "accounts",
        "add",
        "Bravo",
        "--revenue",
        "400",
        "--growth",
        "2",
        "--strategic-fit",
        "5",
        "--influence",
        "1",
    )
    run(
        "accounts",
        "add",
        "Charlie",
        "--order-frequency",
        "12",
        "--growth",
        "5",
        "--influence",
        "5",
        "--stage",
        "2",
    )
    run("accounts", "orders", "add", "Charlie", "100", "--date", "2026-06-01", "--profit", "-20")
    run(
        "accounts",
        "add",
        "Delta",
        "--revenue",
        "1000",
        "--growth",
        "3",
        "--strategic-fit",
        "3",
        "--influence",
        "3",
        "--stage",
        "5",
        "--share-of-wallet",
        "80",
        "--tier",
        "key",
    )
    run("accounts", "orders", "add", "Delta", "50", "--date", "2026-01-15", "--profit", "10")
    run(
        "accounts",
        "add",
        "echo",
        "--growth",
        "3",
        "--strategic-fit",
        "4",
        "--share-of-wallet",
        "30",
        "--tier",
        "key",
    )
    run("--user", "lee", "accounts", "add", "Foxtrot", "--growth", "3", "--strategic-fit", "4")
    add_csat(
        f"sqlite:///{tmp_path / 'second.db'}",
        1,
        (datetime(2025, 11, 21, 0, 0, tzinfo=JST), 5),
        (datetime(2026, 11, 20, 8, 0, tzinfo=JST), 4),
    )
    add_csat(f"sqlite:///{tmp_path / 'second.db'}", 4, (datetime(2026, 3, 1, 10, 0, tzinfo=JST), 2))
    assert run("score", "-f", "json").stdout == expected


def test_worked_example_ranking_as_json(portfolio):
    ranking = portfolio("score", "-f", "json").json()
    assert ranking == [
        {"rank": 1, "account": "Alpha", "id": 1, "tier": "candidate", "score": 63.75, "strength": 70.83,
         "quadrant": "strategic", "recommendation": "key", "incomplete": ["influence"],
         "contributions": {"revenue": 12.5, "profit": 20.0, "order_size": 10.0, "order_frequency": 5.0,
                           "growth": 11.25, "strategic_fit": 5.0, "influence": 0.0},
         "values": {"revenue": 400.0, "profit": 30.0, "order_size": 200.0, "order_frequency": 2,
                    "growth": 4, "strategic_fit": 3, "influence": None}},
        {"rank": 2, "account": "Delta", "id": 4, "tier": "key", "score": 52.5, "strength": 68.33,
         "quadrant": "strategic", "recommendation": "key", "incomplete": [],
         "contributions": {"revenue": 25.0, "profit": 10.0, "order_size": 0.0, "order_frequency": 0.0,
                           "growth": 7.5, "strategic_fit": 5.0, "influence": 5.0},
         "values": {"revenue": 1000.0, "profit": 10.0, "order_size": 50.0, "order_frequency": 1,
                    "growth": 3, "strategic_fit": 3, "influence": 3}},
        {"rank": 3, "account": "Charlie", "id": 3, "tier": "standard", "score": 40.0, "strength": 25.0,
         "quadrant": "streamline", "recommendation": "streamline", "incomplete": ["strategic_fit"],
         "contributions": {"revenue": 0.0, "profit": 0.0, "order_size": 5.0, "order_frequency": 10.0,
                           "growth": 15.0, "strategic_fit": 0.0, "influence": 10.0},
         "values": {"revenue": 100.0, "profit": -20.0, "order_size": 100.0, "order_frequency": 12.0,
                    "growth": 5, "strategic_fit": None, "influence": 5}},
        {"rank": 4, "account": "Bravo", "id": 2, "tier": "standard", "score": 26.25, "strength": None,
         "quadrant": "unrated", "recommendation": "assess",
         "incomplete": ["profit", "order_size", "order_frequency"],
         "contributions": {"revenue": 12.5, "profit": 0.0, "order_size": 0.0, "order_frequency": 0.0,
                           "growth": 3.75, "strategic_fit": 10.0, "influence": 0.0},
         "values": {"revenue": 400.0, "profit": None, "order_size": None, "order_frequency": None,
                    "growth": 2, "strategic_fit": 5, "influence": 1}},
        {"rank": 5, "account": "echo", "id": 5, "tier": "key", "score": 15.0, "strength": 30.0,
         "quadrant": "streamline", "recommendation": "streamline",
         "incomplete": ["revenue", "profit", "order_size", "order_frequency", "influence"],
         "contributions": {"revenue": 0.0, "profit": 0.0, "order_size": 0.0, "order_frequency": 0.0,
                           "growth": 7.5, "strategic_fit": 7.5, "influence": 0.0},
         "values": {"revenue": None, "profit": None, "order_size": None, "order_frequency": None,
                    "growth": 3, "strategic_fit": 4, "influence": None}},
        {"rank": 6, "account": "Foxtrot", "id": 6, "tier": "standard", "score": 15.0, "strength": None,
         "quadrant": "unrated", "recommendation": "assess",
         "incomplete": ["revenue", "profit", "order_size", "order_frequency", "influence"],
         "contributions": {"revenue": 0.0, "profit": 0.0, "order_size": 0.0, "order_frequency": 0.0,
                           "growth": 7.5, "strategic_fit": 7.5, "influence": 0.0},
         "values": {"revenue": None, "profit": None, "order_size": None, "order_frequency": None,
                    "growth": 3, "strategic_fit": 4, "influence": None}},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "scores"),
    [
        # Hand-computed in tests/domain/test_scoring.py (EXPECTED).
        ("rank", [63.75, 52.5, 40.0, 26.25, 15.0, 15.0]),
        ("minmax", [55.49, 54.5, 38.33, 22.08, 15.0, 15.0]),
        ("log", [63.45, 59.3, 39.98, 28.78, 15.0, 15.0]),
    ],
)
def test_worked_example_for_every_normalisation(portfolio, method, scores):
    ranking = portfolio("score", "--normalize", method, "-f", "json").json()
    assert [(r["account"], r["score"]) for r in ranking] == list(
        zip(["Alpha", "Delta", "Charlie", "Bravo", "echo", "Foxtrot"], scores, strict=True)
    )
    for record in ranking:
        # Shown points add up to the shown score, to the hundredth.
        assert sum(record["contributions"].values()) == pytest.approx(record["score"], abs=1e-9)


def test_the_window_moves_with_the_clock(portfolio, monkeypatch):
    # A day later the order of 2025-11-21 and the CSAT 5 of that day have left the window,
    # and the order dated 2026-11-21 has entered it: 300 + 999, three orders → two.
    monkeypatch.setenv("KAMCTL_NOW", "2026-11-21T09:00:00+09:00")
    alpha = portfolio("score", "explain", "Alpha", "-f", "json").json()
    values = {line["criterion"]: line["value"] for line in alpha["criteria"]}
    assert (values["revenue"], values["order_frequency"], values["order_size"]) == (1299.0, 2, 649.5)
    # CSAT: the entry at 2026-11-21 00:00 (csat 1) is in now, the 5 of 2025-11-21 is out: (4 + 1) / 2
    assert alpha["strength_components"] == {"stage": 75.0, "share_of_wallet": 50.0, "csat": 37.5}


def test_explain_traces_every_point(portfolio):
    explained = portfolio("score", "explain", "alpha", "-f", "json").json()
    assert explained == {
        "account": "Alpha", "score": 63.75, "strength": 70.83, "quadrant": "strategic",
        "criteria": [
            {"criterion": "revenue", "value": 400.0, "source": "orders", "x": 0.5, "weight": 25, "points": 12.5},
            {"criterion": "profit", "value": 30.0, "source": "orders", "x": 1.0, "weight": 20, "points": 20.0},
            {"criterion": "order_size", "value": 200.0, "source": "orders", "x": 1.0, "weight": 10, "points": 10.0},
            {"criterion": "order_frequency", "value": 2, "source": "orders", "x": 0.5, "weight": 10,
             "points": 5.0},
            {"criterion": "growth", "value": 4, "source": "rating", "x": 0.75, "weight": 15, "points": 11.25},
            {"criterion": "strategic_fit", "value": 3, "source": "rating", "x": 0.5, "weight": 10, "points": 5.0},
            {"criterion": "influence", "value": None, "source": "missing", "x": None, "weight": 10,
             "points": 0.0},
        ],
        "strength_components": {"stage": 75.0, "share_of_wallet": 50.0, "csat": 87.5},
    }  # fmt: skip
    sources = {line["criterion"]: line["source"] for line in
               portfolio("score", "explain", "4", "-f", "json").json()["criteria"]}  # fmt: skip
    assert sources["revenue"] == "manual"  # Delta's manual revenue wins over its orders


def test_explain_table_and_csv(portfolio):
    table = portfolio("score", "explain", "Charlie").stdout
    assert "Score 40.00 · rank 3 · strength 25.0 · streamline → streamline" in table
    assert "Missing (0 points, not filled in): strategic_fit" in table
    [line] = [" ".join(line.split()) for line in table.splitlines() if "Order frequency" in line]
    assert "│ Order frequency │ 12 │ manual │ 1.000 │ 10 (10%) │ 10.00 │" in line
    csv = portfolio("score", "explain", "Charlie", "-f", "csv").stdout.splitlines()
    assert csv[0] == "account,criterion,value,source,x,weight,points"
    assert csv[4] == "Charlie,order_frequency,12,manual,1,10,10"


def test_explain_refuses_unknown_archived_and_lost_accounts(portfolio):
    assert portfolio("score", "explain", "Alpah", exit=1).stderr == (
        "Error: no account 'Alpah'; did you mean 'Alpha'?\n"
    )
    assert portfolio("score", "explain", "Old Co", exit=1).stderr == (
        "Error: Old Co is archived, so it is not scored (kamctl accounts unarchive brings it back)\n"
    )
    assert portfolio("score", "explain", "lost co", exit=1).stderr == (
        "Error: Lost Co is lost, so it is not scored (kamctl accounts edit --status brings it back)\n"
    )


def test_table_shows_bar_biggest_contributions_and_missing(portfolio):
    out = portfolio("score").stdout
    lines = [line for line in out.splitlines() if "│" in line]
    alpha = lines[0]
    assert " 63.75 █████▏ " in alpha  # 63.75 % of 8 cells = 5.1: five full cells and an eighth
    assert "profit 20 · revenue 12.5 · growth 11.2" in alpha
    assert "strategic" in alpha and " key " in alpha and "influence" in alpha
    assert "revenue +4" in lines[4]  # echo misses five criteria: the first and a count
    assert "missing criteria earn 0 points" in out


def test_filters_choose_the_scored_set(portfolio):
    names = lambda *args: [r["account"] for r in portfolio("score", *args, "-f", "json").json()]  # noqa: E731
    assert names("--tier", "key") == ["Delta", "echo"]
    assert names("--owner", "LEE") == ["Foxtrot"]
    assert names("--mine") == ["Alpha", "Delta", "Charlie", "Bravo", "echo"]
    assert names("--top", "2") == ["Alpha", "Delta"]
    # Within the key tier only Delta and echo are compared: Delta has every value at x = 1.
    [delta, _] = portfolio("score", "--tier", "key", "-f", "json").json()
    assert delta["contributions"]["revenue"] == 25.0 and delta["score"] == 82.5  # 25 + 20 + 10 + 10 + 17.5


def test_weights_option_is_for_this_run_only(portfolio):
    [first, *_] = portfolio("score", "--weights", "revenue=0,growth=0", "-f", "json").json()
    # Σ w = 60: Alpha 100 × (20 × 1 + 10 × 1 + 10 × 0.5 + 10 × 0.5) / 60 = 66.67
    assert (first["account"], first["score"], first["contributions"]["revenue"]) == ("Alpha", 66.67, 0.0)
    assert portfolio("score", "-f", "json").json()[0]["score"] == 63.75
    assert portfolio("score", "weights", "-f", "json").json()[0]["weight"] == 25


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weights", "revnue=30"], "criterion must be one of revenue, profit, order_size, order_frequency, "
                                     "growth, strategic_fit, influence (got 'revnue'); did you mean 'revenue'?"),
        (["--weights", "revenue=-5"], "weight of revenue must be between 0 and 1000 (got '-5')"),
        (["--weights", "profit=nan"], "weight of profit must be a finite number (got 'nan')"),
        (["--weights", "revenue=0,profit=0,order_size=0,order_frequency=0,growth=0,strategic_fit=0,influence=0"],
         "every weight is 0, so nothing can be scored: give at least one criterion a weight above 0 "
         "(kamctl score weights --set revenue=25)"),
        (["--normalize", "minmx"], "normalisation must be one of rank, minmax, log (got 'minmx'); "
                                   "did you mean 'minmax'?"),
        (["--tier", "gold"], "tier must be one of key, candidate, standard (got 'gold')"),
        (["explain", "Nobody"], "no account 'Nobody'"),
        (["sensitivity", "--runs", "0"], "runs must be from 1 to 100,000 (got 0)"),
        (["sensitivity", "--runs", "100001"], "runs must be from 1 to 100,000 (got 100001)"),
        (["sensitivity", "--spread", "1"], "spread must be at least 0 and below 1, e.g. 0.25 for ±25 % (got 1)"),
        (["sensitivity", "--spread", "-0.5"],
         "spread must be at least 0 and below 1, e.g. 0.25 for ±25 % (got -0.5)"),
        (["sensitivity", "--top", "0"], "top must be from 1 to 1,000,000 (got 0)"),
        (["sensitivity", "--top", "9223372036854775808"],
         "top must be from 1 to 1,000,000 (got 9223372036854775808)"),
        (["weights", "--set", "influance=3"], "criterion must be one of revenue, profit, order_size, "
         "order_frequency, growth, strategic_fit, influence (got 'influance'); did you mean 'influence'?"),
        (["weights", "--set", "growth=-1"], "weight of growth must be between 0 and 1000 (got '-1')"),
        (["trend", "Nobody"], "no account 'Nobody'"),
    ],
)  # fmt: skip
def test_bad_input_is_one_error_line(run, args, message):
    run("accounts", "add", "Acme", "--growth", "3")
    outcome = run("score", *args, exit=1)
    assert outcome.stderr == f"Error: {message}\n"
    assert outcome.stdout == ""


@pytest.mark.parametrize(
    "args",
    [["--top", "0"], ["--top", "x"], ["sensitivity", "--runs", "many"], ["sensitivity", "--spread", "x"]],
)
def test_wrong_types_are_usage_errors(run, args):
    assert "Invalid value" in run("score", *args, exit=2).stderr


def test_weights_show_set_and_reset_are_shared(run):
    run("accounts", "add", "Acme", "--growth", "3", "--revenue", "10")
    outcome = run("score", "weights", "--set", "revenue=30", "--set", "profit=0,growth=12.5", "-f", "json")
    assert outcome.stderr == "Weights changed: revenue 25 → 30, profit 20 → 0, growth 15 → 12.5\n"
    assert outcome.json() == [
        {"criterion": "revenue", "weight": 30, "share": 0.3636, "default": 25},
        {"criterion": "profit", "weight": 0, "share": 0.0, "default": 20},
        {"criterion": "order_size", "weight": 10, "share": 0.1212, "default": 10},
        {"criterion": "order_frequency", "weight": 10, "share": 0.1212, "default": 10},
        {"criterion": "growth", "weight": 12.5, "share": 0.1515, "default": 15},
        {"criterion": "strategic_fit", "weight": 10, "share": 0.1212, "default": 10},
        {"criterion": "influence", "weight": 10, "share": 0.1212, "default": 10},
    ]  # Σ = 30 + 0 + 10 + 10 + 12.5 + 10 + 10 = 82.5; 30 / 82.5 = 0.3636, 10 / 82.5 = 0.1212
    assert run("settings", "get", "weights.revenue").stdout == "30\n"
    # Everyone's score now uses them: 100 × (30 × 1 + 12.5 × 0.5) / 82.5 = 3625 / 82.5 = 43.94
    assert run("score", "-f", "json").json()[0]["score"] == 43.94
    outcome = run("score", "weights", "--reset", "-f", "csv")
    assert outcome.stdout.splitlines()[1] == "revenue,25,0.25,25"
    assert run("settings", "get", "weights.revenue").stdout == "25\n"


def test_weights_that_would_all_be_zero_change_nothing(run):
    zero = ",".join(f"{c}=0" for c in ("revenue", "profit", "order_size", "order_frequency", "growth",
                                       "strategic_fit"))  # fmt: skip
    run("score", "weights", "--set", zero)
    outcome = run("score", "weights", "--set", "influence=0", exit=1)
    assert outcome.stderr.startswith("Error: every weight is 0")
    assert run("settings", "get", "weights.influence").stdout == "10\n"


def test_all_zero_shared_weights_leave_accounts_list_without_scores(run):
    run("accounts", "add", "Acme", "--growth", "3")
    for criterion in (
        "revenue",
        "profit",
        "order_size",
        "order_frequency",
        "growth",
        "strategic_fit",
        "influence",
    ):
        run("settings", "set", f"weights.{criterion}", "0")
    assert run("accounts", "list", "-f", "json").json()[0]["score"] is None
    assert run("score", exit=1).stderr.startswith("Error: every weight is 0")


def test_accounts_list_shows_the_current_score_of_live_accounts(portfolio):
    scores = {a["name"]: a["score"] for a in portfolio("accounts", "list", "-f", "json").json()}
    assert scores == {"Alpha": 63.75, "Bravo": 26.25, "Charlie": 40.0, "Delta": 52.5, "echo": 15.0,
                      "Foxtrot": 15.0, "Lost Co": None}  # fmt: skip
    # Scores do not depend on the list's filters: the whole portfolio is compared.
    [delta] = portfolio("accounts", "list", "--tier", "key", "--sort", "score", "-f", "json").json()[:1]
    assert (delta["name"], delta["score"]) == ("Delta", 52.5)  # the highest score first
    assert [a["score"] for a in portfolio("accounts", "list", "--archived", "-f", "json").json()] == [None]


def test_matrix_places_every_account(portfolio):
    matrix = portfolio("score", "matrix", "-f", "json").json()
    assert matrix["thresholds"] == {"attractiveness": 50.0, "strength": 50.0}
    assert [(p["account"], p["score"], p["strength"], p["quadrant"]) for p in matrix["points"]] == [
        ("Alpha", 63.75, 70.83, "strategic"),
        ("Delta", 52.5, 68.33, "strategic"),
        ("Charlie", 40.0, 25.0, "streamline"),
        ("Bravo", 26.25, None, "unrated"),
        ("echo", 15.0, 30.0, "streamline"),
        ("Foxtrot", 15.0, None, "unrated"),
    ]
    drawing = portfolio("score", "matrix").stdout
    assert "STRATEGIC" in drawing and "STAR" in drawing and "STATUS" in drawing and "STREAMLINE" in drawing
    assert "Relative strength" in drawing and "Attractiveness" in drawing
    assert "Unrated (no stage, share of wallet or CSAT): 4 Bravo, 6 Foxtrot" in drawing
    rows = drawing.splitlines()
    top, line, bottom = rows[1], next(r for r in rows if r.startswith("  50 ├")), rows[21]
    assert top.startswith(" 100 ┌") and bottom.startswith("   0 └")
    # Alpha (rank 1) and Delta (2) sit above the 50 line on the strong (left) side; Charlie (3)
    # and echo (5) below it on the weak (right) side.
    grid = rows[2:21]
    middle = line.index("┼")
    above = grid[: grid.index(line)]
    below = grid[grid.index(line) + 1 :]
    assert any(" 1 " in r[:middle] for r in above) and any(" 2 " in r[:middle] for r in above)
    assert any(" 3 " in r[middle:] for r in below) and any(" 5 " in r[middle:] for r in below)
    assert "1  Alpha" in drawing and "5  echo" in drawing


def test_matrix_csv(portfolio):
    rows = portfolio("score", "matrix", "-f", "csv").stdout.splitlines()
    assert rows[:2] == ["rank,account,id,score,strength,quadrant", "1,Alpha,1,63.75,70.83,strategic"]


def test_sensitivity_with_spread_zero_reproduces_the_ranking(portfolio):
    spreads = portfolio("score", "sensitivity", "--spread", "0", "--runs", "20", "--top", "2", "--seed", "1",
                        "-f", "json").json()  # fmt: skip
    assert spreads == [
        {"account": "Alpha", "rank": 1, "rank_p5": 1, "rank_p95": 1, "top_share": 1.0},
        {"account": "Delta", "rank": 2, "rank_p5": 2, "rank_p95": 2, "top_share": 1.0},
        {"account": "Charlie", "rank": 3, "rank_p5": 3, "rank_p95": 3, "top_share": 0.0},
        {"account": "Bravo", "rank": 4, "rank_p5": 4, "rank_p95": 4, "top_share": 0.0},
        {"account": "echo", "rank": 5, "rank_p5": 5, "rank_p95": 5, "top_share": 0.0},
        {"account": "Foxtrot", "rank": 6, "rank_p5": 6, "rank_p95": 6, "top_share": 0.0},
    ]


def test_sensitivity_is_reproducible_with_a_seed(portfolio):
    args = ("score", "sensitivity", "--spread", "0.9", "--runs", "300", "--seed", "42", "--top", "2")
    first = portfolio(*args, "-f", "json")
    assert first.stderr == ""  # a given seed is not announced
    assert portfolio(*args, "-f", "json").stdout == first.stdout
    spreads = first.json()
    assert [s["account"] for s in spreads] == ["Alpha", "Delta", "Charlie", "Bravo", "echo", "Foxtrot"]
    assert spreads[0]["rank_p5"] == 1 and spreads[0]["top_share"] > 0.5
    assert spreads[1]["rank_p95"] > 2  # Delta is overtaken by Charlie in some runs
    assert portfolio(*args[:-4], "--seed", "43", "--top", "2", "-f", "json").stdout != first.stdout


def test_sensitivity_without_seed_says_which_seed_it_used(portfolio):
    outcome = portfolio("score", "sensitivity", "--runs", "5", "-f", "json")
    assert outcome.stderr.startswith("Seed ") and "(--seed " in outcome.stderr


def test_sensitivity_table(portfolio):
    out = portfolio("score", "sensitivity", "--seed", "3", "--runs", "200", "--top", "2").stdout
    assert "In top 2" in out and "Alpha" in out
    assert "200 runs, every weight × uniform [0.75, 1.25], seed 3" in out
    # Default top N: the number of key accounts (Delta, echo), but at least 5.
    assert "In top 5" in portfolio("score", "sensitivity", "--seed", "3", "--runs", "10").stdout


def test_apply_sets_tiers_from_the_recommendations_and_records_history(portfolio):
    # echo, key without a single contact, is at risk (high map findings): --demote keeps it.
    assert portfolio("score", "apply", "--demote", "--dry-run").stderr == (
        "Alpha: candidate → key (score 63.75, strategic, advice key)\n"
        "kept: echo — at risk (no active contacts on the map; no active decision-maker or economic-buyer on "
        "the map)\n"
        "Would change 1 tier (dry run)\n"
    )
    portfolio("contacts", "add", "echo", "Eiko", "--role", "decision-maker", "--stance", "champion")
    portfolio("contacts", "add", "echo", "Emi", "--role", "user")
    # Without --demote, key accounts keep their tier (SPEC §4); apply says how many it left.
    assert portfolio("score", "apply", "--dry-run").stderr == (
        "Alpha: candidate → key (score 63.75, strategic, advice key)\n"
        "1 key account is no longer recommended key: --demote makes them candidates "
        "(except those at risk or in the star quadrant)\n"
        "Would change 1 tier (dry run)\n"
    )
    dry = portfolio("score", "apply", "--demote", "--dry-run")
    assert dry.stderr == (
        "Alpha: candidate → key (score 63.75, strategic, advice key)\n"
        "echo: key → candidate (score 15.00, streamline, advice streamline)\n"
        "Would change 2 tiers (dry run)\n"
    )
    refused = portfolio("score", "apply", "--demote", exit=1)
    assert refused.stderr.endswith(
        "Error: Change the tier of 2 accounts: not confirmed; add --yes to do it without asking\n"
    )

    def tiers() -> dict[str, str]:
        return {a["name"]: a["tier"] for a in portfolio("accounts", "list", "-f", "json").json()}

    assert tiers()["Alpha"] == "candidate"
    assert portfolio("score", "apply", "--demote", "--yes").stderr.endswith("Changed 2 tiers\n")
    assert (tiers()["Alpha"], tiers()["echo"], tiers()["Delta"]) == ("key", "candidate", "key")
    history = portfolio("accounts", "history", "echo", "-f", "json").json()
    assert history[-1] == {"when": "2026-11-20T09:00:00+09:00", "who": "tester", "field": "tier",
                           "old": "key", "new": "candidate"}  # fmt: skip
    assert (
        portfolio("score", "apply", "--demote").stderr
        == "Tiers already follow the scores: nothing to change\n"
    )


def test_save_replaces_todays_snapshot_and_trend_shows_the_history(portfolio, monkeypatch):
    assert portfolio("score", "save").stderr == "Saved the scores of 6 accounts for 2026-11-20\n"
    portfolio("accounts", "edit", "Alpha", "--influence", "5")  # + 10 points
    assert portfolio("score", "save").stderr == (
        "Saved the scores of 6 accounts for 2026-11-20 (replacing the 6 saved earlier that day)\n"
    )
    monkeypatch.setenv("KAMCTL_NOW", "2026-12-20T09:00:00+09:00")
    portfolio("accounts", "edit", "Alpha", "--growth", "1")  # − 11.25 points
    portfolio("score", "save")
    trend = portfolio("score", "trend", "Alpha", "-f", "json").json()
    # 2026-11-20: 63.75 + influence 10 × 1 = 73.75.
    # 2026-12-20: the window is 2025-12-21 … 2026-12-20: Alpha's orders are 300 and 999, so its
    # revenue 1299 is the highest (25), profit 30 still the highest (20), order size 649.5 the
    # highest (10), 2 orders the middle (5); growth 1 → 0, fit 5, influence 10: 75.
    # Strength: stage 75, share 50, CSAT (4 + 1) / 2 = 2.5 → 37.5: (75 + 50 + 37.5) / 3 = 54.17.
    assert trend == [
        {"date": "2026-11-20", "score": 73.75, "strength": 70.83, "quadrant": "strategic"},
        {"date": "2026-12-20", "score": 75.0, "strength": 54.17, "quadrant": "strategic"},
    ]
    table = portfolio("score", "trend", "Alpha").stdout
    assert table.startswith("Alpha  ▁█  73.75 → 75.00 (+1.25) · low 73.75 · high 75.00\n")
    assert "2026-11-20" in table and "2026-12-20" in table
    csv = portfolio("score", "trend", "Alpha", "-f", "csv").stdout.splitlines()
    assert csv[0] == "date,score,strength,quadrant"


def test_trend_without_snapshots(portfolio):
    outcome = portfolio("score", "trend", "Bravo")
    assert outcome.stdout == ""
    assert outcome.stderr == "No saved scores for Bravo yet: kamctl score save keeps today's\n"
    assert portfolio("score", "trend", "Bravo", "-f", "json").json() == []


def test_csv_is_flat_and_guarded(run):
    run("accounts", "add", "=HYPERLINK(1)", "--growth", "3")
    rows = run("score", "-f", "csv").stdout.splitlines()
    assert rows[0].startswith("rank,account,id,tier,score,strength,quadrant,recommendation,incomplete,"
                              "revenue_points,")  # fmt: skip
    assert rows[1].startswith("1,'=HYPERLINK(1),1,standard,7.5,,unrated,assess,"
                              "revenue;profit;order_size;order_frequency;strategic_fit;influence,0,")  # fmt: skip
    assert run("score", "-f", "csv", "--raw").stdout.splitlines()[1].startswith("1,=HYPERLINK(1),")


def test_markup_and_control_characters_in_names_print_literally(run):
    run("accounts", "add", "[bold red]Evil[/] \x1b[31mCo", "--growth", "3", "--stage", "2")
    for args in (["score"], ["score", "explain", "1"], ["score", "matrix"]):
        out = run(*args).stdout
        assert "[bold red]Evil[/]" in out
        assert "\x1b" not in out and "\\x1b[31mCo" in out


def test_empty_portfolio(run):
    assert run("score").stderr == (
        "No accounts to score (archived and lost ones are left out) — add one with "
        "`kamctl accounts add NAME`, or try `kamctl --demo score` on sample data.\n"
    )
    assert run("score", "-f", "json").json() == []
    assert run("score", "-f", "csv").stdout.startswith("rank,account,id,")
    assert run("score", "matrix", "-f", "json").json()["points"] == []
    assert run("score", "sensitivity", "--seed", "1", "-f", "json").json() == []
    assert run("score", "save").stderr == "Saved the scores of 0 accounts for 2026-11-20\n"


def test_large_portfolio_table_shows_the_first_fifty(run, db_url):
    from kamctl.store.engine import open_store
    from kamctl.store.queries.accounts import add_account

    store = open_store(db_url)
    with store.transaction() as session:
        for i in range(60):
            add_account({"name": f"Account {i:02d}", "growth": 1 + i % 5}, who="t",
                        now=datetime(2026, 1, 1, tzinfo=JST), session=session)  # fmt: skip
    store.dispose()
    outcome = run("score")
    assert outcome.stderr == "Showing the first 50 of 60: --top N shows more, -f json or csv all.\n"
    assert "50 of 60 accounts" in outcome.stdout
    assert len(run("score", "-f", "json").json()) == 60
    assert "60 of 60 accounts" in run("score", "--top", "60").stdout


def test_help_lists_the_sub_commands(run):
    out = run("score", "--help").stdout
    for command in ("explain", "weights", "matrix", "sensitivity", "apply", "save", "trend"):
        assert command in out
    assert "--normalize" in out and "--weights" in out


def test_installed_command_ranks_and_explains(db_url):
    run_installed("accounts", "add", "Sakura Foods", "--revenue", "900", "--growth", "5", "--stage", "4")
    run_installed("accounts", "add", "Kappa Motors", "--revenue", "100", "--growth", "2")
    ranking = run_installed("score", "-f", "json").json()
    assert [(r["account"], r["score"], r["quadrant"]) for r in ranking] == [
        ("Sakura Foods", 40.0, "status"),  # revenue x 1 → 25, growth 5 → 15; strength (4 − 1)/4 = 75
        ("Kappa Motors", 3.75, "unrated"),  # revenue x 0, growth 2 → 3.75
    ]
    failed = run_installed("score", "--weights", "growth=x", exit=1)
    assert failed.stderr == "Error: weight of growth must be a number (got 'x')\n"
    assert run_installed("score", "explain", "kappa motors").stdout.count("Kappa Motors") == 1


# ---------------------------------------------------------------------------------------------
# The use cases under the commands, called as a Python program or the MCP server calls them


@pytest.mark.parametrize(
    ("options", "arguments"),
    [
        ({}, ()),
        ({"top": 2}, ("--top", "2")),
        ({"tier": "standard"}, ("--tier", "standard")),
        ({"mine": True}, ("--mine",)),
        ({"owner": "LEE"}, ("--owner", "LEE")),
        ({"normalize": "log", "weights": "revenue=30"}, ("--normalize", "log", "--weights", "revenue=30")),
    ],
)
def test_rank_accounts_is_what_score_json_prints(portfolio, db_url, options, arguments):
    from kamctl.actions.scoring import rank_accounts
    from kamctl.render.score import ranking_json

    with portfolio_of(db_url) as book:
        ranking = rank_accounts(book, **options)
        scored = rank_accounts(book, **{**options, "top": None})
    assert ranking_json(ranking) == portfolio("score", "-f", "json", *arguments).json()
    assert ranking.total == len(scored.accounts)


def test_rank_accounts_checks_what_it_is_given(run, db_url):
    from kamctl.actions.scoring import rank_accounts
    from kamctl.errors import InvalidValue

    with portfolio_of(db_url) as book:
        with pytest.raises(InvalidValue, match=r"^--top must be from 1 to 1,000,000 \(got 0\)$"):
            rank_accounts(book, top=0)
        with pytest.raises(InvalidValue) as refused:
            rank_accounts(book, weights="growth=x")
    assert str(refused.value) == "weight of growth must be a number (got 'x')"
    assert run("score", "--weights", "growth=x", exit=1).stderr == f"Error: {refused.value}\n"


def test_tier_plan_is_applied_only_as_shown(portfolio, db_url):
    from kamctl.actions.scoring import apply_tier_changes, plan_tier_changes
    from kamctl.errors import Conflict

    portfolio("contacts", "add", "echo", "Eiko", "--role", "decision-maker", "--stance", "champion")
    portfolio("contacts", "add", "echo", "Emi", "--role", "user")
    with portfolio_of(db_url) as book:
        plan = plan_tier_changes(book, demote=True)
        assert [(change.account.name, change.account.tier, change.tier) for change in plan.changes] == [
            ("Alpha", "candidate", "key"),
            ("echo", "key", "candidate"),
        ]
        shortened = replace(plan, plan=replace(plan.plan, changes=plan.changes[:1]))
        with pytest.raises(Conflict, match="the scores changed while you were deciding"):
            apply_tier_changes(book, shortened)
        assert apply_tier_changes(book, plan) == 2
    tiers = {line["account"]: line["tier"] for line in portfolio("score", "-f", "json").json()}
    assert (tiers["Alpha"], tiers["echo"]) == ("key", "candidate")
