"""`report account NAME`: the review's risks and renewal (SPEC §8), in JSON, Markdown, HTML and on
the terminal. Today is 2026-11-20; the period is the default 365 days (since 2025-11-21)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from helpers import portfolio_of

pytestmark = pytest.mark.postgres


def add_rows(db_url: str, *rows) -> None:
    with portfolio_of(db_url) as portfolio, portfolio.store().transaction() as session:
        for row in rows:
            session.add(row)


@pytest.fixture
def acme(run, db_url):
    from kamctl.store.models import Renewal, Risk

    run("accounts", "add", "Acme", "--renewal", "2027-03-31")
    created = datetime(2026, 10, 1, tzinfo=UTC)
    add_rows(
        db_url,
        Risk(account_id=1, text="Price war", severity="medium", assignee="suzuki", due=date(2026, 12, 15),
             created_at=created),
        Risk(account_id=1, text="Champion leaves", severity="high", mitigation="Meet the new CFO",
             created_at=created),
        Risk(account_id=1, text="Old worry", severity="low", status="closed", created_at=created,
             closed_at=datetime(2026, 11, 1, tzinfo=UTC)),
        # Closed before the period: not part of this review.
        Risk(account_id=1, text="Ancient worry", severity="high", status="closed", created_at=created,
             closed_at=datetime(2025, 1, 1, tzinfo=UTC)),
        Renewal(account_id=1, renewed_at=datetime(2026, 3, 30, 1, tzinfo=UTC), who="tester",
                previous=date(2026, 3, 31), until=date(2027, 3, 31), value=1200000.0),
    )  # fmt: skip
    return run


def test_the_review_json_has_risks_and_the_renewal(acme):
    review = acme("report", "account", "Acme", "-f", "json").json()
    assert review["risks"] == [
        {"id": 2, "text": "Champion leaves", "severity": "high", "owner": None, "due": None,
         "mitigation": "Meet the new CFO", "status": "open", "created_at": "2026-10-01T09:00:00+09:00",
         "closed_at": None},
        {"id": 1, "text": "Price war", "severity": "medium", "owner": "suzuki", "due": "2026-12-15",
         "mitigation": None, "status": "open", "created_at": "2026-10-01T09:00:00+09:00", "closed_at": None},
        {"id": 3, "text": "Old worry", "severity": "low", "owner": None, "due": None, "mitigation": None,
         "status": "closed", "created_at": "2026-10-01T09:00:00+09:00",
         "closed_at": "2026-11-01T09:00:00+09:00"},
    ]  # fmt: skip
    assert review["renewal"] == {
        "date": "2027-03-31",
        "lapsed": False,
        "days_left": 131,
        "renewals": [{"renewed_at": "2026-03-30T10:00:00+09:00", "who": "tester", "previous": "2026-03-31",
                      "until": "2027-03-31", "value": 1200000.0}],
    }  # fmt: skip


def test_the_review_shows_risks_and_the_renewal_in_every_format(acme):
    markdown = acme("report", "account", "Acme", "-f", "md").stdout
    assert (
        "## Risks (3)\n\n"
        "- high: Champion leaves · mitigation: Meet the new CFO\n"
        "- medium: Price war · owner suzuki · due 2026-12-15\n"
        "- low: Old worry · closed 2026-11-01\n\n"
        "## Renewal\n\n"
        "2027-03-31 \\(in 131 d\\) · last renewed 2026-03-30 until 2027-03-31\n"
    ) in markdown
    page = acme("report", "account", "Acme", "-f", "html").stdout
    assert "<h2>Risks (3)</h2>" in page and "high: Champion leaves · mitigation: Meet the new CFO" in page
    assert "2027-03-31 (in 131 d) · last renewed 2026-03-30 until 2027-03-31" in page
    terminal = acme("report", "account", "Acme").stdout
    assert "medium: Price war · owner suzuki · due 2026-12-15" in terminal
    assert "2027-03-31 (in 131 d)" in terminal


def test_a_lapsed_renewal_and_no_risks(run):
    """A renewal date in the past with no renewal recorded has lapsed (SPEC §3, `is_lapsed`)."""
    run("accounts", "add", "Kappa", "--renewal", "2026-08-10")
    review = run("report", "account", "Kappa", "-f", "json").json()
    assert (review["risks"], review["renewal"]) == (
        [],
        {"date": "2026-08-10", "lapsed": True, "days_left": -102, "renewals": []},
    )
    assert "2026-08-10: lapsed 102 d ago, no renewal recorded" in run("report", "account", "Kappa").stdout
    markdown = run("report", "account", "Kappa", "-f", "md").stdout
    assert "## Risks (0)\n\n- none\n" in markdown


def test_no_renewal_date(run):
    run("accounts", "add", "Beta")
    review = run("report", "account", "Beta", "-f", "json").json()
    assert review["renewal"] == {"date": None, "lapsed": False, "days_left": None, "renewals": []}
    assert "no renewal date" in run("report", "account", "Beta").stdout
