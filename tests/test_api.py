"""The Python API (SPEC §11): open_portfolio resolves like the CLI; use cases without Typer or Rich."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import FIXED_NOW

from kamctl.api import InvalidValue, open_portfolio, record_interaction

README = Path(__file__).parent.parent / "README.md"

LOADED_UI_MODULES = (
    "import sys\nprint(sorted({m.split('.')[0] for m in sys.modules} & {'typer', 'click', 'rich', 'mcp'}))\n"
)


def test_open_portfolio_takes_kamctl_db_and_kamctl_user(tmp_path, monkeypatch):
    portfolio = open_portfolio()
    assert (portfolio.sqlite_file, portfolio.user) == (tmp_path / "kamctl.db", "tester")
    assert portfolio.now == datetime.fromisoformat(FIXED_NOW)


def test_arguments_win_over_the_environment(tmp_path):
    other = tmp_path / "other.db"
    naive = datetime.fromisoformat("2027-01-04T09:30")
    portfolio = open_portfolio(str(other), user="sato", now=naive)
    assert (portfolio.sqlite_file, portfolio.user) == (other, "sato")
    assert portfolio.now == naive.astimezone()  # a naive moment is local time
    assert portfolio.now.tzinfo is not None


def test_without_either_the_config_file_then_the_default(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMCTL_DB")
    monkeypatch.delenv("KAMCTL_USER")
    assert open_portfolio().sqlite_file == tmp_path / "xdg_data_home" / "kamctl" / "kamctl.db"
    config = tmp_path / "xdg_config_home" / "kamctl" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'user = "kenji"\ndb = "{tmp_path / "team.db"}"\n', encoding="utf-8")
    portfolio = open_portfolio()
    assert (portfolio.sqlite_file, portfolio.user) == (tmp_path / "team.db", "kenji")


def test_a_database_in_a_missing_folder_is_refused_with_the_cli_message(tmp_path):
    missing = tmp_path / "nowhere" / "crm.db"
    with pytest.raises(InvalidValue) as refused:
        open_portfolio(str(missing))
    assert str(refused.value) == (
        f"no folder {missing.parent} for the database {missing} (given by open_portfolio(db=…)); "
        "create the folder first or correct open_portfolio(db=…)"
    )


def test_what_the_api_records_is_what_the_cli_shows(run):
    run("accounts", "add", "Acme")
    from kamctl.render.log import recorded_json

    recorded = record_interaction(open_portfolio(user="aiko"), "acme", "Kick-off", channel="call")
    assert recorded_json(recorded) == run("log", "show", str(recorded.entry["id"]), "-f", "json").json()
    assert (recorded.account, recorded.entry["author"], recorded.entry["channel"]) == ("Acme", "aiko", "call")


def test_the_use_cases_load_neither_typer_nor_rich(run):
    run("db", "demo")
    code = (
        "from kamctl import api\n"
        "portfolio = api.open_portfolio()\n"
        "api.find_accounts(portfolio, 'kappa'); api.account_dossier(portfolio, 'Kappa Motors')\n"
        "api.rank_accounts(portfolio, top=3); api.due_list(portfolio); api.search_log(portfolio, 'renewal')\n"
        "api.portfolio_report(portfolio); api.record_interaction(portfolio, 'Kappa Motors', 'Call')\n"
        "api.complete_reminder(portfolio, '14')\n" + LOADED_UI_MODULES
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "[]\n"


def readme_python_api_example() -> str:
    """The first Python block of the README's "Python API" section."""
    text = README.read_text(encoding="utf-8")
    section = re.search(r"^## Python API\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert section, "README.md has no '## Python API' section"
    block = re.search(r"^```python\n(.*?)^```", section.group(1), flags=re.M | re.S)
    assert block, "the README's Python API section has no ```python block"
    return block.group(1)


def test_readme_python_api_example_runs_as_written(tmp_path):
    example = tmp_path / "example.py"
    example.write_text(readme_python_api_example(), encoding="utf-8")
    code = f"import runpy\nrunpy.run_path({str(example)!r})\n" + LOADED_UI_MODULES
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == (
        "1 Kappa Motors 97.3 key\n"
        "2 北斗精機株式会社 86.1 key\n"
        "3 東邦電力株式会社 85.8 key\n"
        "2026-08-10 株式会社みなと物流 Renewal lapsed\n"
        "2026-09-11 株式会社みなと物流 Get in touch with 松本 浩二 (every 60 days; last contact 2026-07-13)\n"
        "2026-09-21 Northwind Retail Group Renewal on 2026-12-20\n"
        "logged 1017 by sato follow-up on 2026-12-04\n"  # the sample has 1,016 entries
        "Error: no account 'Kappa Motor'; did you mean 'Kappa Motors'?\n"
        "[]\n"
    )
