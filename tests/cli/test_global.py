"""Global options, environment, exit codes and start-up cost (SPEC §2)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest
from helpers import invoke, run_installed

from kamctl import __version__


def test_version_without_touching_any_database(tmp_path, monkeypatch):
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "never" / "created.db"))
    assert run_installed("--version").stdout == f"kamctl {__version__}\n"
    assert invoke("--version").stdout == f"kamctl {__version__}\n"
    assert not (tmp_path / "never").exists()


def test_python_dash_m_behaves_like_the_console_script(db_url):
    done = subprocess.run([sys.executable, "-m", "kamctl", "accounts", "add", "Acme"], capture_output=True,
                          text=True, check=False)
    assert (done.returncode, done.stderr) == (0, "Added account 1: Acme\n")
    assert run_installed("accounts", "add", "Acme", exit=1).stderr.startswith("Error: an account named")


def loaded_by(args: list[str], modules: tuple[str, ...]) -> tuple[subprocess.CompletedProcess, str]:
    """Run kamctl with `args` in a fresh interpreter: its outcome, and which of `modules` it
    imported (comma-separated, on stderr's last line)."""
    code = (
        "import sys\nfrom kamctl.__main__ import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {modules!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done, done.stderr.splitlines()[-1]


def test_help_does_not_import_the_database_stack():
    done, heavy = loaded_by(["--help"], ("sqlalchemy", "sqlmodel", "alembic", "pydantic"))
    assert "Commands" in done.stdout
    assert (heavy, done.stderr) == ("", "\n")


def test_a_command_builds_only_itself_and_imports_neither_click_nor_a_toml_reader(db_url):
    """`kamctl accounts list` builds the accounts group with its one command (building them all is
    a share of a short command's start), and the group's help and suggestions still see them all."""
    assert loaded_by(["accounts", "list"], ("click", "tomllib"))[1] == ""

    from kamctl.cli import _build_group

    assert set(_build_group("accounts", only="list").commands) == {"list"}
    assert set(_build_group("accounts", only="orders").commands["orders"].commands) == {"add", "import", "list"}
    assert _build_group("accounts", only="lst") is None
    assert invoke("accounts", "lst", exit=2).stderr.endswith("Error: No such command 'lst'. Did you mean 'list'?\n")
    assert invoke("accounts", "orders", "list").stderr.startswith("No orders yet")
    assert "unarchive" in invoke("accounts", "--help").stdout


def test_every_group_has_help_that_names_its_commands():
    out = invoke("--help").stdout
    for group in ("accounts", "settings", "db"):
        assert group in out
        assert "Usage: kamctl " + group in invoke(group, "--help").stdout


def test_usage_errors_exit_2():
    assert invoke("accounts", "nope", exit=2).stderr.count("Usage:") == 1
    assert invoke("--bogus", exit=2).exit_code == 2


def test_default_database_follows_xdg_with_private_modes(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMCTL_DB")
    data = tmp_path / "xdg_data_home"
    run_installed("accounts", "add", "Acme")
    db = data / "kamctl" / "kamctl.db"
    assert db.exists()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
    assert run_installed("db", "path").stdout == f"{db}\n"


def test_config_file_gives_user_and_database(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMCTL_DB")
    monkeypatch.delenv("KAMCTL_USER")
    config = tmp_path / "xdg_config_home" / "kamctl" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'user = "sato"\ndb = "{tmp_path / "team.db"}"\n')
    invoke("accounts", "add", "Acme")
    assert (tmp_path / "team.db").exists()
    assert invoke("accounts", "list", "-f", "json").json()[0]["owner"] == "sato"
    assert invoke("--user", "lee", "accounts", "list", "--mine", "-f", "json").json() == []


def test_broken_config_file_is_one_error_line(tmp_path, monkeypatch):
    config = tmp_path / "xdg_config_home" / "kamctl" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text("user = \n")
    monkeypatch.delenv("KAMCTL_USER")
    outcome = invoke("accounts", "add", "Acme", exit=1)
    assert outcome.stderr.startswith(f"Error: cannot read {config}")


def test_bad_kamctl_now_is_an_error_not_a_traceback(db_url, monkeypatch):
    monkeypatch.setenv("KAMCTL_NOW", "tomorrow-ish")
    outcome = run_installed("accounts", "add", "Acme", exit=1)
    assert outcome.stderr.startswith("Error: KAMCTL_NOW='tomorrow-ish' is not an ISO 8601 date")


def test_kamctl_debug_shows_the_traceback(db_url):
    run_installed("accounts", "add", "Acme")
    quiet = run_installed("accounts", "add", "Acme", exit=1)
    assert "Traceback" not in quiet.stderr
    loud = run_installed("accounts", "add", "Acme", exit=1, env={"KAMCTL_DEBUG": "1"})
    assert "Traceback" in loud.stderr and "Conflict" in loud.stderr


def test_unreadable_database_is_one_error_line(tmp_path, monkeypatch):
    bogus = tmp_path / "not-a-db.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    monkeypatch.setenv("KAMCTL_DB", str(bogus))
    outcome = run_installed("accounts", "list", exit=1)
    assert outcome.stderr.startswith("Error: ")
    assert outcome.stderr.count("\n") == 1


def test_colour_only_on_request_of_a_terminal(db_url):
    invoke("accounts", "add", "Acme", "--tier", "key")
    # Not a terminal (CliRunner, pipes): never colour codes, whatever NO_COLOR says.
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    done = subprocess.run(["kamctl", "accounts", "list"], capture_output=True, text=True, env=env, check=True)
    assert "\x1b[" not in done.stdout
    assert "Acme" in done.stdout


@pytest.mark.parametrize("command", [("report",), ("log", "list", "--limit", "0"), ("score",)])
def test_a_reader_that_went_away_is_no_error(command):
    """`kamctl report | head -1`: a closed pipe ends the command quietly with exit 0."""
    executable = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
    process = subprocess.Popen(
        [executable, "--demo", *command], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ)
    )
    assert process.stdout is not None
    process.stdout.close()  # before the demo database is even made: every write meets a closed pipe
    _, errors = process.communicate(timeout=120)
    assert (process.returncode, errors) == (0, b"")
