"""Random text, numbers and dates fed to the commands: a clear answer every time, never a traceback."""

from __future__ import annotations

import pytest
from helpers import invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Any Unicode a person could paste, control characters and markup-looking text included; no NUL,
# which no shell argument can carry.
any_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=40)
numberish = st.one_of(
    any_text,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)

FIELD_OPTIONS = ["--stage", "--growth", "--share-of-wallet", "--revenue", "--cadence", "--renewal", "--tier"]

pytestmark = pytest.mark.usefixtures("db_url")
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(name=any_text)
def test_any_name_is_stored_exactly_or_refused_with_one_line(name):
    outcome = invoke("accounts", "add", name, exit=None)
    if outcome.exit_code == 0:
        shown = invoke("accounts", "show", name, "-f", "json").json()["account"]["name"]
        assert shown == name.strip()  # surrounding whitespace is trimmed, everything else kept
        invoke("accounts", "rm", name, "--yes")
    else:
        assert outcome.exit_code in (1, 2)
        assert "Traceback" not in outcome.stderr
        if outcome.exit_code == 1:
            assert outcome.stderr.startswith("Error: ") and outcome.stderr.count("\n") == 1


@SETTINGS
@given(option=st.sampled_from(FIELD_OPTIONS), value=numberish)
def test_any_field_value_is_accepted_or_refused_cleanly(option, value):
    outcome = invoke("accounts", "add", "Acme", option, value, exit=None)
    assert "Traceback" not in outcome.stderr
    if outcome.exit_code == 0:
        invoke("accounts", "rm", "Acme", "--yes")
    else:
        assert outcome.exit_code in (1, 2)
        assert invoke("accounts", "list", "-f", "json").json() == []


@SETTINGS
@given(key=st.sampled_from(["cadence.key", "weights.growth", "currency", "upcoming_days"]), value=numberish)
def test_any_setting_value_is_accepted_or_refused_cleanly(key, value):
    outcome = invoke("settings", "set", "--", key, value, exit=None)
    assert outcome.exit_code in (0, 1, 2)
    assert "Traceback" not in outcome.stderr
