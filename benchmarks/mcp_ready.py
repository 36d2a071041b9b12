"""`kamctl mcp` as an assistant starts it: spawned, asked `initialize`, its answer awaited.

    python benchmarks/mcp_ready.py [--call TOOL ARGUMENTS_JSON] [KAMCTL GLOBAL OPTIONS]

Starts `<this interpreter> <installed kamctl> [options] mcp` with pipes, writes the MCP
`initialize` request and returns as soon as the answer arrives (the server is then ready for
its first request); with `--call`, also sends one `tools/call` and waits for its answer. The
server is then killed, so the time `run.py` measures for this process is spawn → answer, plus
this script's own start (about F0: it imports nothing but the standard library it needs).
Exits 1 when an answer is missing or is an error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROTOCOL_VERSION = "2025-06-18"


def request(number: int, method: str, params: dict) -> bytes:
    return (json.dumps({"jsonrpc": "2.0", "id": number, "method": method, "params": params}) + "\n").encode()


def answer(server: subprocess.Popen, number: int) -> dict:
    assert server.stdout is not None
    for line in server.stdout:
        message = json.loads(line)
        if message.get("id") == number:
            return message
    raise SystemExit(f"kamctl mcp closed its output before answering request {number}")


def main(args: list[str]) -> int:
    call = None
    if args[:1] == ["--call"]:
        call, args = (args[1], json.loads(args[2])), args[3:]
    kamctl = Path(sys.executable).parent / "kamctl"
    server = subprocess.Popen(
        [sys.executable, str(kamctl), *args, "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert server.stdin is not None
    try:
        client = {"name": "kamctl-benchmark", "version": "1"}
        hello = {"protocolVersion": PROTOCOL_VERSION, "capabilities": {}, "clientInfo": client}
        server.stdin.write(request(1, "initialize", hello))
        server.stdin.flush()
        if "result" not in answer(server, 1):
            return 1
        if call is not None:
            initialized = {"jsonrpc": "2.0", "method": "notifications/initialized"}
            server.stdin.write((json.dumps(initialized) + "\n").encode())
            server.stdin.write(request(2, "tools/call", {"name": call[0], "arguments": call[1]}))
            server.stdin.flush()
            reply = answer(server, 2)
            if "result" not in reply or reply["result"].get("isError"):
                sys.stderr.write(f"{call[0]} failed: {json.dumps(reply)[:300]}\n")
                return 1
        return 0
    finally:
        server.kill()
        server.wait()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
