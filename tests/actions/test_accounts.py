"""The account use cases called directly with a Portfolio, on a real database file: what they
return is what the commands show."""

from __future__ import annotations

from datetime import datetime
from functools import cache

import pytest
from conftest import FIXED_NOW

from kamctl.actions.accounts import account_dossier, find_accounts, list_accounts
from kamctl.actions.portfolio import Portfolio
from kamctl.errors import InvalidValue, NotFound
from kamctl.render.accounts import accounts_json, dossier_json
from kamctl.render.output import json_data


@pytest.fixture
def portfolio(db_url: str):
    from kamctl.store.engine import open_store

    opened = cache(lambda: open_store(db_url))
    yield Portfolio(now=datetime.fromisoformat(FIXED_NOW), user="tester", open_store=opened)
    if opened.cache_info().currsize:
        opened().dispose()


@pytest.fixture
def accounts(run):
    run("accounts", "add", "Kappa Motors", "--tier", "key", "--tag", "Big", "--renewal", "2027-03-31")
    run("accounts", "add", "Lambda Foods", "--owner", "lee", "--tag", "small")
    run("accounts", "add", "Kappa Parts", "--tier", "candidate")
    run("log", "Kappa Motors", "Quarterly review", "--when", "2026-11-18 10:00", "--next", "2026-12-01")


def test_find_accounts_is_the_list_json_of_the_matching_names(run, accounts, portfolio):
    everything = run("accounts", "list", "-f", "json").json()
    found = accounts_json(find_accounts(portfolio, "kappa"))
    assert found == [row for row in everything if "kappa" in row["name"].casefold()]
    assert [row["name"] for row in found] == ["Kappa Motors", "Kappa Parts"]
    assert found[0]["last_contact"] == "2026-11-18T10:00:00+09:00"


def test_find_accounts_by_id_and_nothing_found(run, accounts, portfolio):
    assert [row["name"] for row in find_accounts(portfolio, "2")] == ["Lambda Foods"]
    assert find_accounts(portfolio, "Omega") == []


def test_list_accounts_filters_by_tag_in_any_case(accounts, portfolio):
    assert [row["name"] for row in list_accounts(portfolio, tag="BIG")] == ["Kappa Motors"]
    assert [row["name"] for row in list_accounts(portfolio, mine=True)] == ["Kappa Motors", "Kappa Parts"]
    with pytest.raises(InvalidValue):
        list_accounts(portfolio, tier="gold")


def test_account_dossier_is_the_show_json(run, accounts, portfolio):
    shown = run("accounts", "show", "kappa motors", "-f", "json").json()
    dossier = dossier_json(account_dossier(portfolio, "kappa motors"))
    assert dossier == shown
    assert dossier["account"]["name"] == "Kappa Motors"
    assert [r["title"] for r in dossier["open_reminders"]] == ["Follow up"]


def test_account_dossier_of_an_unknown_account_says_so(accounts, portfolio):
    with pytest.raises(NotFound, match=r"no account 'Kapa Motors'; did you mean 'Kappa Motors'\?"):
        account_dossier(portfolio, "Kapa Motors")


def test_contacts_plans_orders_and_opportunities_called_directly(run, accounts, portfolio):
    from kamctl.actions import contacts, opportunities, orders, plans

    boss = contacts.add_contact(portfolio, "Kappa Motors", {"name": "Sato", "role": "decision-maker"})
    contacts.add_contact(portfolio, "kappa motors", {"name": "Ito"}, reports_to="Sato")
    listed = contacts.list_contacts(portfolio, "1")
    assert listed.account == "Kappa Motors"
    assert json_data(listed.records) == run("contacts", "list", "Kappa Motors", "-f", "json").json()
    assert contacts.contact_card(portfolio, "Sato").direct_reports == ["Ito"]
    mapped = contacts.account_map(portfolio, "1")
    assert [contact.name for contact in mapped.account_map.contacts] == ["Sato", "Ito"]
    change = plans.change_plan(portfolio, "Kappa Motors", goals=["Grow"], objective="Pilot", due="2027-01-31")
    assert [(step.what, step.text) for step in change.steps] == [
        ("goal-added", "Grow"),
        ("objective-added", "Pilot"),
    ]
    assert plans.account_plan(portfolio, "Kappa Motors")["objectives"][0]["text"] == "Pilot"
    added = orders.add_order(portfolio, "Kappa Motors", "1,200", when="2026-11-01")
    assert (added.account, added.order.amount) == ("Kappa Motors", 1200.0)
    opportunity = opportunities.add_opportunity(portfolio, "1", "Line 2", type_="upsell", value="5000")
    closed = opportunities.close_opportunity(portfolio, str(opportunity.id), "won")
    assert (closed.account, closed.title) == ("Kappa Motors", "Line 2")
    handed = plans.hand_over(portfolio, "Kappa Motors", "lee")
    assert (handed.previous, handed.new_owner) == ("tester", "lee")
    assert run("accounts", "show", "1", "-f", "json").json()["account"]["owner"] == "lee"
    assert boss["account"] == "Kappa Motors"


def test_import_accounts_writes_nothing_when_a_row_is_bad(tmp_path, portfolio):
    from kamctl.actions.accounts import import_accounts

    bad = tmp_path / "bad.csv"
    bad.write_text("name,tier\nAcme,key\nBeta,gold\n", encoding="utf-8")
    refused = import_accounts(portfolio, bad)
    assert (refused.changed, refused.plan.rows) == (None, 2)
    assert len(refused.plan.problems) == 1 and "gold" in refused.plan.problems[0]
    assert list_accounts(portfolio) == []
    good = tmp_path / "good.csv"
    good.write_text("name,tier\nAcme,key\n", encoding="utf-8")
    assert import_accounts(portfolio, good, dry_run=True).changed is None
    assert import_accounts(portfolio, good).changed == 0
    assert [(row["name"], row["tier"]) for row in list_accounts(portfolio)] == [("Acme", "key")]


def test_account_dossier_scores_the_account_among_the_scored_set(run, accounts, portfolio):
    from kamctl.actions.scoring import rank_accounts

    run("accounts", "edit", "Kappa Motors", "--growth", "5")
    run("accounts", "edit", "Kappa Parts", "--growth", "3")
    ranking = rank_accounts(portfolio)
    dossier = account_dossier(portfolio, "Kappa Parts")
    assert dossier["scored"] == next(a for a in ranking.accounts if a.name == "Kappa Parts")
    assert (dossier["scored_accounts"], dossier["not_scored"]) == (3, None)
    assert (dossier["scored"].rank, dossier["account"]["score"]) == (2, 7.5)
    run("accounts", "archive", "Kappa Parts")
    archived = account_dossier(portfolio, "Kappa Parts")
    assert (archived["scored"], archived["scored_accounts"], archived["account"]["score"]) == (
        None,
        None,
        None,
    )
    assert archived["not_scored"].startswith("Kappa Parts is archived, so it is not scored")
