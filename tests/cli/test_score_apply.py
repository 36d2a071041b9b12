"""`score apply --demote` and its guard, `score.key_capacity` (SPEC §4), on the sample portfolio."""

from __future__ import annotations

import pytest

MINATO = "株式会社みなと物流"


def test_demote_keeps_an_at_risk_star_key_account_with_the_reason(sample_portfolio):
    """みなと物流 is key, at risk and in the star quadrant: --demote keeps it and says why."""
    ranked = {line["account"]: line for line in sample_portfolio("score", "-f", "json").json()}
    assert (ranked[MINATO]["tier"], ranked[MINATO]["quadrant"], ranked[MINATO]["recommendation"]) == (
        "key",
        "star",
        "develop",
    )
    at_risk = {item["account"] for item in sample_portfolio("report", "-f", "json").json()["at_risk"]}
    assert MINATO in at_risk

    dry = sample_portfolio("score", "apply", "--demote", "--dry-run").stderr.splitlines()
    [kept] = [line for line in dry if line.startswith(f"kept: {MINATO} — ")]
    assert kept.startswith(f"kept: {MINATO} — at risk (status is at-risk")
    assert kept.endswith("), star: attractive, still weak")
    demoted = [line.split(":")[0] for line in dry if ": key → candidate (" in line]
    assert MINATO not in demoted
    # Every key account no longer advised key is either demoted or kept, none forgotten.
    no_longer = {
        name for name, line in ranked.items() if line["tier"] == "key" and line["recommendation"] != "key"
    }
    kept_names = {line.removeprefix("kept: ").split(" — ")[0] for line in dry if line.startswith("kept: ")}
    assert set(demoted) | kept_names == no_longer and not set(demoted) & kept_names

    done = sample_portfolio("score", "apply", "--demote", "--yes").stderr
    assert done.endswith(f"Changed {len(dry) - 1 - len(kept_names)} tiers\n")
    tiers = {line["name"]: line["tier"] for line in sample_portfolio("accounts", "list", "-f", "json").json()}
    assert tiers[MINATO] == "key"
    for name in demoted:
        assert tiers[name] == "candidate"
        last = sample_portfolio("accounts", "history", name, "-f", "json").json()[-1]
        assert (last["field"], last["old"], last["new"], last["who"]) == (
            "tier",
            "key",
            "candidate",
            "tester",
        )


def test_without_demote_no_key_account_is_demoted(sample_portfolio):
    dry = sample_portfolio("score", "apply", "--dry-run").stderr
    assert ": key → candidate (" not in dry
    assert "kept:" not in dry
    assert "no longer recommended key: --demote makes them candidates" in dry


@pytest.mark.parametrize("capacity", [1, 3, 5])
def test_key_capacity_caps_the_key_recommendation(sample_portfolio, capacity):
    """SPEC §4: the N highest-scoring strategic accounts are advised key, the rest `develop`."""
    before = sample_portfolio("score", "-f", "json").json()
    strategic = [line["account"] for line in before if line["quadrant"] == "strategic"]
    assert len(strategic) > capacity
    sample_portfolio("settings", "set", "score.key_capacity", str(capacity))
    after = sample_portfolio("score", "-f", "json").json()
    advice = {line["account"]: line["recommendation"] for line in after}
    assert [name for name in strategic if advice[name] == "key"] == strategic[:capacity]
    assert {advice[name] for name in strategic[capacity:]} == {"develop"}
    # Only strategic accounts' advice changes.
    assert {
        line["account"]: line["recommendation"] for line in before if line["quadrant"] != "strategic"
    } == {name: rec for name, rec in advice.items() if name not in strategic}
    table = sample_portfolio("score").stdout
    assert f"key capacity {capacity}: strategic accounts past it are advised develop" in " ".join(
        table.split()
    )
    explained = sample_portfolio("score", "explain", strategic[capacity]).stdout
    assert f"Strategic, but past the key capacity of {capacity} (score.key_capacity)" in " ".join(
        explained.split()
    )
    assert "past the key capacity" not in sample_portfolio("score", "explain", strategic[0]).stdout


def test_key_capacity_setting_values(run):
    assert run("settings", "get", "score.key_capacity").stdout == "none\n"
    failed = run("settings", "set", "score.key_capacity", "0", exit=1)
    assert failed.stderr == "Error: score.key_capacity must be between 1 and 100000 (got '0')\n"
    run("settings", "set", "score.key_capacity", "8")
    assert run("settings", "get", "score.key_capacity").stdout == "8\n"
    run("settings", "set", "score.key_capacity", "none")
    assert run("settings", "get", "score.key_capacity").stdout == "none\n"
