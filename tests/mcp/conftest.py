"""`kamctl mcp` driven as a real process through the SDK's stdio client."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from conftest import FIXED_NOW
from helpers import as_acting_login
from mcp import ClientSession, StdioServerParameters, stdio_client


@dataclass
class Reply:
    """A tool call's result: its one text and whether it is a tool error."""

    text: str
    is_error: bool

    def json(self) -> Any:
        assert not self.is_error, self.text
        return json.loads(self.text)


class Server:
    """A running `kamctl … mcp`, answering through an initialized client session."""

    def __init__(self, portal: BlockingPortal, session: ClientSession) -> None:
        self._portal = portal
        self._session = session

    def tools(self) -> list[Any]:
        return self._portal.call(self._session.list_tools).tools

    def call(self, tool: str, **arguments: Any) -> Reply:
        result = self._portal.call(self._session.call_tool, tool, arguments)
        assert [block.type for block in result.content] == ["text"]
        return Reply(result.content[0].text, bool(result.is_error))


@asynccontextmanager
async def _session(args: list[str], env: dict[str, str], errlog: Any) -> AsyncIterator[ClientSession]:
    executable = shutil.which("kamctl") or pytest.fail("the kamctl console script is not installed")
    parameters = StdioServerParameters(command=executable, args=args, env=env)
    async with (
        stdio_client(parameters, errlog=errlog) as (read, write),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


@contextmanager
def serving(*args: str, env: dict[str, str] | None = None) -> Iterator[Server]:
    """`kamctl *args` (ending in `mcp …`) as a process; the environment is the test's own (on
    PostgreSQL logged in as the user it acts as, as `helpers.invoke`)."""
    with (
        tempfile.TemporaryFile("w+") as errlog,
        start_blocking_portal() as portal,
        portal.wrap_async_context_manager(
            _session(list(args), as_acting_login(args, {**os.environ, **(env or {})}), errlog)
        ) as session,
    ):
        yield Server(portal, session)


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the sample portfolio as of FIXED_NOW, shared by the tests that only read."""
    folder = tmp_path_factory.mktemp("sample")
    path = folder / "sample.db"
    env = {**os.environ, "KAMCTL_NOW": FIXED_NOW, "TZ": "Asia/Tokyo", "XDG_CONFIG_HOME": str(folder)}
    subprocess.run(
        [shutil.which("kamctl") or "kamctl", "--db", str(path), "db", "demo"], env=env, check=True,
        capture_output=True,
    )  # fmt: skip
    return path


@pytest.fixture(scope="session")
def serve():
    """`with serve("--db", FILE, "mcp") as server:` a running server for this test."""
    return serving
