"""Running kamctl from tests: in-process through Typer's CliRunner, or as the installed command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from kamctl.io.rows import SourceRow


@dataclass
class Outcome:
    """What one kamctl invocation did."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


def invoke(*args: str, exit: int | None = 0, input: str | None = None) -> Outcome:
    """Run kamctl in-process (Typer's CliRunner) and assert its exit code, showing stderr if it differs."""
    from typer.testing import CliRunner

    from kamctl.cli import app

    result = CliRunner().invoke(app, list(args), input=input, prog_name="kamctl")
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    outcome = Outcome(result.exit_code, result.stdout, result.stderr)
    assert exit is None or outcome.exit_code == exit, (
        f"exit {outcome.exit_code} != {exit}\nstderr: {outcome.stderr}\nstdout: {outcome.stdout}"
    )
    return outcome


def run_installed(
    *args: str, exit: int = 0, input: str | None = None, env: dict[str, str] | None = None
) -> Outcome:
    """Run the installed `kamctl` console script as a real process."""
    executable = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
    done = subprocess.run(
        [executable, *args],
        input=input,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )
    outcome = Outcome(done.returncode, done.stdout, done.stderr)
    assert outcome.exit_code == exit, f"exit {outcome.exit_code} != {exit}\nstderr: {outcome.stderr}"
    return outcome


def read_rows(path: Path) -> list[SourceRow]:
    """Every row of a `.json` file (a list of objects) or of a CSV file with a header line, as the
    imports read them (`kamctl.io.rows.SourceRow`)."""
    from kamctl.io.rows import RowFile, source_rows

    with RowFile(path) as rows:
        return list(source_rows(rows))
