"""Output files (SPEC §2 Files): every `-o FILE` and the FILE of `db export`/`db backup` replaces a
regular file atomically (0600 for data), writes through a symlink, writes a device or FIFO in
place, refuses a folder, and keeps the old file when the write fails. And the `--db` folder rule."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from helpers import invoke, run_installed

SAMPLE = "Kappa Motors"

TEXT_WRITERS = {
    "db export": ("db", "export", "{}"),
    "accounts export": ("accounts", "export", "-o", "{}"),
    "accounts export json": ("accounts", "export", "-f", "json", "-o", "{}"),
    "contacts export": ("contacts", "export", "-o", "{}"),
    "contacts export vcard": ("contacts", "export", "-f", "vcard", "-o", "{}"),
    "log export": ("log", "export", "-o", "{}"),
    "report json": ("report", "-f", "json", "-o", "{}"),
    "report account md": ("report", "account", SAMPLE, "-f", "md", "-o", "{}"),
    "report wins csv": ("report", "wins", "-f", "csv", "-o", "{}"),
    "remind export": ("remind", "export", "-o", "{}"),
}
"""Commands whose output to FILE is exactly what they print with `-` (stdout)."""

PUBLIC = {"remind export"}
"""Outputs that are not private data files: a calendar is made to be subscribed to."""

ALL_WRITERS = {
    **TEXT_WRITERS,
    "db backup": ("db", "backup", "{}"),
    "accounts handover": ("accounts", "handover", SAMPLE, "--to", "lee", "-o", "{}"),
}


def _args(template: tuple[str, ...], target: Path | str) -> list[str]:
    return [str(target) if part == "{}" else part for part in template]


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def _check_written(name: str, file: Path) -> None:
    """`file` holds what the command `name` writes (SQLite for a backup, the brief for a handover)."""
    if name == "db backup":
        assert file.read_bytes()[:16] == b"SQLite format 3\x00"
        with sqlite3.connect(file) as copy:
            assert (SAMPLE,) in copy.execute("SELECT name FROM account").fetchall()
        copy.close()
    elif name == "accounts handover":
        assert file.read_text(encoding="utf-8").startswith(f"# Handover brief: {SAMPLE}\n")
    else:
        assert file.read_text(encoding="utf-8") == invoke(*_to_stdout(TEXT_WRITERS[name])).stdout


def _to_stdout(template: tuple[str, ...]) -> list[str]:
    """The command printing what it writes to FILE: without `-o FILE`, or `db export -`."""
    if template[:2] == ("db", "export"):
        return ["db", "export", "-"]
    return [part for part in template if part not in ("-o", "{}")]


@pytest.fixture
def sample(sample_portfolio, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return sample_portfolio


@pytest.mark.parametrize("name", ALL_WRITERS)
def test_a_new_file_holds_the_output_and_data_files_are_private(sample, tmp_path, name):
    target = tmp_path / "out" / "new.file"
    target.parent.mkdir()
    sample(*_args(ALL_WRITERS[name], target))
    _check_written(name, target)
    mode = 0o666 & ~_umask() if name in PUBLIC else 0o600
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert os.listdir(target.parent) == ["new.file"]  # no temporary file left beside it


@pytest.mark.parametrize("name", ALL_WRITERS)
def test_an_existing_file_is_replaced_whole_and_private(sample, tmp_path, name):
    target = tmp_path / "out" / "old.file"
    target.parent.mkdir()
    target.write_text("an older export\n" * 10_000, encoding="utf-8")
    target.chmod(0o644)
    sample(*_args(ALL_WRITERS[name], target))
    _check_written(name, target)
    assert stat.S_IMODE(target.stat().st_mode) == (0o644 if name in PUBLIC else 0o600)
    assert os.listdir(target.parent) == ["old.file"]


@pytest.mark.parametrize("name", TEXT_WRITERS)
def test_dash_is_stdout_and_creates_no_file(sample, tmp_path, name):
    outcome = sample(*_args(TEXT_WRITERS[name], "-"))
    assert outcome.stdout == sample(*_to_stdout(TEXT_WRITERS[name])).stdout
    assert outcome.stderr == ""
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("name", ALL_WRITERS)
def test_a_symlink_is_written_through_and_stays_a_symlink(sample, tmp_path, name):
    real = tmp_path / "real.file"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.file"
    link.symlink_to(real)
    sample(*_args(ALL_WRITERS[name], link))
    assert link.is_symlink() and os.readlink(link) == str(real)
    _check_written(name, real)
    assert stat.S_IMODE(real.stat().st_mode) == (0o666 & ~_umask() if name in PUBLIC else 0o600)


def test_a_dangling_symlink_creates_its_target(sample, tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    sample("db", "export", str(link))
    assert link.is_symlink() and (tmp_path / "target.json").is_file()
    _check_written("db export", tmp_path / "target.json")


@pytest.mark.parametrize("name", ALL_WRITERS)
def test_a_fifo_is_written_in_place(sample, tmp_path, name):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    copy = tmp_path / "received"
    with copy.open("wb") as received:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=received)
        try:
            sample(*_args(ALL_WRITERS[name], fifo))
            reader.wait(timeout=60)  # a replaced FIFO would leave `cat` waiting for a writer
        finally:
            reader.kill()
            reader.wait()
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    _check_written(name, copy)


@pytest.mark.parametrize("name", ["db export", "db backup", "accounts export", "accounts handover"])
def test_dev_null_stays_a_device(sample, tmp_path, name):
    """Through a symlink in tmp_path first: a writer that replaced the target would replace the
    link, not /dev/null. Only when that is proven safe is /dev/null itself named, in a real
    process, and /dev/null is put back should it ever be replaced."""
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    link = tmp_path / "null"
    link.symlink_to("/dev/null")
    run_installed(*_args(ALL_WRITERS[name], link))
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    # A handover to the account's current owner is refused: the second one goes to someone else.
    again = tuple("ito" if word == "lee" else word for word in ALL_WRITERS[name])
    try:
        run_installed(*_args(again, "/dev/null"))
    finally:
        after = os.lstat("/dev/null")
        if not stat.S_ISCHR(after.st_mode):  # never leave the machine without /dev/null
            os.unlink("/dev/null")
            os.mknod("/dev/null", stat.S_IFCHR | 0o666, before.st_rdev)
            os.chmod("/dev/null", 0o666)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_dev_stdout_appends_to_the_file_the_shell_redirected_to(sample, tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("first line\n", encoding="utf-8")
    with log.open("ab") as appending:
        subprocess.run(["kamctl", "accounts", "export", "-o", "/dev/stdout"], stdout=appending, check=True)
    assert log.read_text(encoding="utf-8") == "first line\n" + invoke("accounts", "export").stdout


@pytest.mark.parametrize("name", ALL_WRITERS)
def test_a_folder_is_refused(sample, tmp_path, name):
    folder = tmp_path / "folder"
    folder.mkdir()
    outcome = sample(*_args(ALL_WRITERS[name], folder), exit=1)
    assert outcome.stderr == f"Error: {folder} is a folder: give the name of the file to write\n"
    assert os.listdir(folder) == []


@pytest.mark.parametrize("name", ALL_WRITERS)
def test_a_missing_folder_is_refused(sample, tmp_path, name):
    target = tmp_path / "missing" / "out.file"
    outcome = sample(*_args(ALL_WRITERS[name], target), exit=1)
    assert outcome.stderr == (
        f"Error: no folder {target.parent} to write {target} in; create the folder first or give another file\n"
    )
    assert not target.parent.exists()


def test_a_failed_handover_brief_changes_no_owner(sample, tmp_path):
    sample("accounts", "handover", SAMPLE, "--to", "lee", "-o", str(tmp_path), exit=1)
    assert sample("accounts", "show", SAMPLE, "-f", "json").json()["account"]["owner"] == "tanaka"


FULL_DISK_WRITERS = [
    "db export", "db backup", "accounts export", "contacts export", "log export", "report json",
    "remind export", "accounts handover",
]  # fmt: skip

LIMIT = 4096
"""The file size a process may write in the full-disk tests: less than any of these outputs."""


def _small_disk() -> None:
    """In the child: files stop growing at LIMIT bytes, and writing past it fails with EFBIG
    instead of killing the process (SIGXFSZ), as a full disk fails with ENOSPC."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize("name", FULL_DISK_WRITERS)
def test_a_write_that_fails_midway_leaves_the_old_file_intact(sample, tmp_path, name):
    target = tmp_path / "good.file"
    good = b"a good older export\n" * 100
    target.write_bytes(good)
    # A reader keeps the WAL index open, so the limited process need not create it (32 KiB).
    holder = sqlite3.connect(tmp_path / "kamctl.db")
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM account").fetchall()
        done = subprocess.run(
            ["kamctl", *_args(ALL_WRITERS[name], target)],
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=_small_disk,
        )
    finally:
        holder.close()
    assert done.returncode == 1, done.stderr
    reason = "disk I/O error" if name == "db backup" else "file too large"  # SQLite's words for EFBIG
    assert done.stderr == f"Error: cannot write {target}: {reason}; the old file is unchanged\n"
    assert target.read_bytes() == good
    assert not [entry for entry in os.listdir(tmp_path) if entry.startswith(".good.file")]
    if name == "accounts handover":
        assert sample("accounts", "show", SAMPLE, "-f", "json").json()["account"]["owner"] == "tanaka"


# ---------------------------------------------------------------------------------------------
# The --db folder rule


def _no_folder(folder: Path, named: str, given_by: str) -> str:
    return (
        f"Error: no folder {folder} for the database {named} (given by {given_by}); "
        f"create the folder first or correct {given_by}\n"
    )


@pytest.mark.parametrize(
    "command",
    [("remind", "--quiet"), ("remind",), ("accounts", "list"), ("log", "import", "log.csv"), ("db", "path")],
)
def test_db_in_a_missing_folder_is_an_error_and_creates_nothing(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    Path("log.csv").write_text("account,when,channel,notes\nAcme,2026-11-19,email,hello\n", encoding="utf-8")
    outcome = invoke("--db", "typo/dir/x.db", *command, exit=1)
    assert outcome.stderr == _no_folder(tmp_path / "typo" / "dir", "typo/dir/x.db", "--db")
    assert outcome.stdout == ""
    assert not (tmp_path / "typo").exists()


def test_kamctl_db_in_a_missing_folder_breaks_the_silence_of_remind_quiet(tmp_path, monkeypatch):
    """The `.bashrc` case, through the installed command and its cache path."""
    monkeypatch.setenv("KAMCTL_DB", str(tmp_path / "typo" / "x.db"))
    for _ in range(2):
        outcome = run_installed("remind", "--quiet", exit=1)
        assert outcome.stderr == _no_folder(tmp_path / "typo", str(tmp_path / "typo" / "x.db"), "KAMCTL_DB")
    url = f"sqlite:///{tmp_path / 'typo' / 'x.db'}"
    outcome = run_installed("--db", url, "remind", "--quiet", exit=1)
    assert outcome.stderr == _no_folder(tmp_path / "typo", url, "--db")
    assert not (tmp_path / "typo").exists()


def test_config_db_in_a_missing_folder_names_the_config_file(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMCTL_DB")
    config = tmp_path / "xdg_config_home" / "kamctl" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(f'db = "{tmp_path / "typo" / "team.db"}"\n')
    outcome = run_installed("remind", "--quiet", exit=1)
    assert outcome.stderr == _no_folder(
        tmp_path / "typo", str(tmp_path / "typo" / "team.db"), f"`db` in {config}"
    )
    assert not (tmp_path / "typo").exists()


def test_the_default_database_is_still_created_with_its_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("KAMCTL_DB")
    run_installed("remind", "--quiet")
    db = tmp_path / "xdg_data_home" / "kamctl" / "kamctl.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700
