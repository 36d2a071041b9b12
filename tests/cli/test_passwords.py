"""A database password never shows (SPEC §10): not in `db path`, not in an error, not in a repr;
and a config file that holds one is private or refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import run_installed

from kamctl.invocation import Invocation

SECRET_URL = "postgresql+psycopg://ann:s3cret@127.0.0.1:1/kam"
SHOWN_URL = "postgresql+psycopg://ann:***@127.0.0.1:1/kam"


def test_db_path_hides_the_password(run) -> None:
    assert run("--db", SECRET_URL, "db", "path").stdout == f"{SHOWN_URL}\n"


def test_an_unreachable_server_is_named_without_the_password(run) -> None:
    done = run("--db", SECRET_URL, "accounts", "list", exit=1)
    assert done.stderr.startswith(f"Error: cannot open database {SHOWN_URL}: ")
    assert "s3cret" not in done.stderr + done.stdout


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://ann:s3cret@db:port/kam", "postgresql+psycopg://ann:***@db:port/kam"),
        ("post gres://ann:s3cret@db/kam", "post gres://ann:***@db/kam"),
    ],
)
def test_an_unreadable_url_is_one_error_line_without_the_password(url: str, shown: str) -> None:
    done = run_installed("--db", url, "accounts", "list", exit=1)
    assert (done.stdout, done.stderr) == (
        "",
        f"Error: cannot read database URL {shown!r}; give an SQLAlchemy URL such as "
        "postgresql+psycopg://USER@HOST:5432/DATABASE\n",
    )


def test_an_invocation_and_a_store_show_no_password() -> None:
    from kamctl.store.engine import Store, create_store_engine

    assert "s3cret" not in repr(Invocation(SECRET_URL))
    engine = create_store_engine(SECRET_URL)  # connects only when used
    assert "s3cret" not in repr(Store(url=SECRET_URL, engine=engine))


def config_holding(text: str, mode: int) -> Path:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "kamctl" / "config.toml"
    config.parent.mkdir()
    config.write_text(text)
    config.chmod(mode)
    return config


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604])
def test_a_config_file_holding_a_password_others_may_read_is_refused(run, monkeypatch, mode: int) -> None:
    monkeypatch.delenv("KAMCTL_DB")
    config = config_holding(f'db = "{SECRET_URL}"\n', mode)
    done = run("db", "path", exit=1)
    assert (done.stdout, done.stderr) == (
        "",
        f"Error: {config} holds a database password and others may read it (mode {mode:o}); make it "
        f"private: chmod 600 {config}\n",
    )


def test_a_private_config_file_may_hold_a_password(run, monkeypatch) -> None:
    monkeypatch.delenv("KAMCTL_DB")
    config_holding(f'db = "{SECRET_URL}"\n', 0o600)
    assert run("db", "path").stdout == f"{SHOWN_URL}\n"


def test_a_config_file_without_a_password_may_be_readable(run, monkeypatch) -> None:
    monkeypatch.delenv("KAMCTL_DB")
    config_holding('db = "postgresql+psycopg://ann@127.0.0.1:1/kam"\nuser = "ann"\n', 0o644)
    assert run("db", "path").stdout == "postgresql+psycopg://ann@127.0.0.1:1/kam\n"


def test_a_url_that_is_not_utf8_is_refused_without_its_password(run) -> None:
    done = run("--db", "postgresql+psycopg://ann:s3cr\udcffet@127.0.0.1:1/kam", "db", "path", exit=1)
    assert (done.stdout, done.stderr) == (
        "",
        "Error: an argument is not valid UTF-8 text: 'postgresql+psycopg://ann:***@127.0.0.1:1…' "
        "(check the encoding of the terminal or script)\n",
    )
