"""The hardening figures of issue 21, against a real server on loopback, on demand.

    .venv/bin/python bench/abuse.py [--root CHECKOUT] [--seconds 20] [--opens 3000]

Starts ``omnisim serve`` from ``--root`` (default: this checkout; another checkout, such as
the one before the fixes, gives the "before" figures) on a free loopback port with a fresh
SQLite store, a trainer and the mini deck, then runs each attack and prints what got
through beside the limit it should respect:

- reconnect and burst: connect the candidate's link, send 25 actions, disconnect, again,
  for ``--seconds``: actions acknowledged per second (limit 10);
- a jury link reconnecting in a loop and joining its attempt from 0: pages read, bytes;
- ``--opens`` engine.io websockets that never authenticate, from one address and from as
  many addresses (``X-Forwarded-For``, the server trusting loopback as its proxy): sockets
  the server holds right after, and once the deadline has passed, with its memory;
- wrong passwords at ``/signin`` and at ``/api/tokens`` for ``--seconds`` each: passwords
  the server checked per second, and answers 429.

Only 127.0.0.1 is contacted; every loop is bounded in time or count.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp
import socketio

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "mot-de-passe-du-banc"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """``omnisim serve`` from a checkout, with a trainer, the mini deck and its links."""

    def __init__(self, root: Path, store: Path, env: dict[str, str]) -> None:
        self.root, self.store = root, store
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.links: dict[str, str] = {}
        self.proc: subprocess.Popen[str] | None = None
        own = root / ".venv" / "bin" / "python"  # the checkout's own environment, if it has one
        self.python = str(own) if own.exists() else sys.executable

    def cli(self, *args: str, stdin: str = "") -> str:
        done = subprocess.run(
            [self.python, "-m", "omnisim", *args, "--store", str(self.store)],
            input=stdin,
            text=True,
            check=True,
            cwd=self.root,
            capture_output=True,
        )
        return done.stdout.strip()

    def start(self) -> Server:
        add = ["trainer", "add", "--login", "formateur", "--name", "Formateur", "--password-stdin"]
        self.cli(*add, stdin=PASSWORD + "\n")
        cmd = [self.python, "-m", "omnisim", "serve", "--port", str(self.port)]
        cmd += ["--store", str(self.store), "--deck", str(self.root / "decks" / "mini")]
        self.proc = subprocess.Popen(
            cmd,
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=self.env | {"OMNISIM_LANG": "fr"},
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server stopped")
            for role, label in (("candidate", "Candidat"), ("jury", "Jury")):
                if line.strip().startswith(f"{label} :"):
                    self.links[role] = line.split(" : ", 1)[1].strip()
            if "Running on" in line:
                return self
        raise TimeoutError("the server did not start")

    def token(self, role: str) -> str:
        return self.links[role].split("token=", 1)[1]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)


async def _connected(server: Server, token: str) -> socketio.AsyncClient | None:
    """A socket on ``token``, or None (turned away: a short pause before the next try)."""
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(server.url, auth={"token": token}, transports=["websocket"])
    except socketio.exceptions.ConnectionError:
        await asyncio.sleep(0.02)
        return None
    return client


async def reconnect_and_burst(server: Server, seconds: float) -> None:
    token = server.token("candidate")
    acknowledged = refused = turned_away = connections = 0
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    while time.monotonic() < deadline:
        client = await _connected(server, token)
        if client is None:
            turned_away += 1
            continue
        connections += 1
        calls = [
            client.call("draft", {"field": "reply:x", "text": f"v{connections}-{i}"}, timeout=10)
            for i in range(25)
        ]
        for reply in await asyncio.gather(*calls, return_exceptions=True):
            ok = isinstance(reply, dict) and reply.get("ok") is True
            acknowledged += ok
            refused += not ok
        await client.disconnect()
    took = time.monotonic() - started
    print(
        f"reconnect and burst, {took:.0f} s: {acknowledged / took:.1f} actions/s acknowledged"
        f" (limit 10/s, bursts of 20), {refused} refused, {connections} connections,"
        f" {turned_away} connections turned away"
    )


async def jury_pulls(server: Server, seconds: float) -> None:
    token = server.token("jury")
    pages = nbytes = refused = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        client = await _connected(server, token)
        if client is None:
            refused += 1
            continue
        reply = await client.call("join", {"last_seq": 0}, timeout=10)
        if reply.get("ok"):
            pages += 1
            nbytes += len(str(reply))
        else:
            refused += 1
        await client.disconnect()
    print(
        f"jury link reconnecting and joining from 0, {seconds:.0f} s: {pages} pages read"
        f" ({nbytes / 1024:.0f} KiB), {refused} refused (reads: 1/s, bursts of 60)"
    )


async def unauthenticated(server: Server, opens: int, spread: bool) -> None:
    assert server.proc is not None
    before = rss_mib(server.proc.pid)
    held: list[aiohttp.ClientWebSocketResponse] = []
    readers: list[asyncio.Task[None]] = []
    turned_away = 0
    connector = aiohttp.TCPConnector(limit=0)

    async def keep_alive(ws: aiohttp.ClientWebSocketResponse) -> None:
        """Answer engine.io's pings, as a live client does, and never authenticate."""
        async for message in ws:
            if message.type == aiohttp.WSMsgType.TEXT and message.data == "2":
                await ws.send_str("3")

    async with aiohttp.ClientSession(connector=connector) as http:

        async def open_one(n: int) -> None:
            nonlocal turned_away
            address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" if spread else "10.0.0.1"
            try:
                ws = await http.ws_connect(
                    f"{server.url}/socket.io/?EIO=4&transport=websocket",
                    headers={"X-Forwarded-For": address},
                    autoping=True,
                )
                await ws.receive_str()  # engine.io open; nothing more is ever sent
                held.append(ws)
                readers.append(asyncio.get_running_loop().create_task(keep_alive(ws)))
            except (aiohttp.WSServerHandshakeError, aiohttp.ClientError):
                turned_away += 1

        for start in range(0, opens, 200):
            await asyncio.gather(*(open_one(n) for n in range(start, min(opens, start + 200))))
        await asyncio.sleep(1.0)
        after = rss_mib(server.proc.pid)
        open_now = sum(not ws.closed for ws in held)
        await asyncio.sleep(11.0)  # past the 10 s deadline
        still = sum(not ws.closed for ws in held)
        later = rss_mib(server.proc.pid)
        for task in readers:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for ws in held:
            await ws.close()
    kind = f"from {opens} addresses" if spread else "from one address"
    print(
        f"{opens} unauthenticated websockets {kind}: {len(held)} accepted, {turned_away} refused,"
        f" {open_now} held after 1 s, {still} held after 12 s (deadline 10 s);"
        f" server memory {before:.0f} → {after:.0f} → {later:.0f} MiB"
    )


async def guesses(server: Server, seconds: float) -> None:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        async with http.get(f"{server.url}/signin") as resp:
            found = re.search(r'name="csrf_token" value="([^"]+)"', await resp.text())
            token = found.group(1) if found else ""
        for door in ("/signin", "/api/tokens"):
            statuses: dict[int, int] = {}
            started = time.monotonic()
            n = 0
            while time.monotonic() - started < seconds:
                n += 1
                login = "formateur" if door == "/signin" else "formateur-api"
                if door == "/signin":
                    form = {"login": login, "password": f"faux-{n}", "csrf_token": token}
                    call = http.post(
                        server.url + door,
                        data=form,
                        headers={"Origin": server.url},
                        allow_redirects=False,
                    )
                else:
                    body: Any = {"login": login, "password": f"faux-{n}"}
                    call = http.post(server.url + door, json=body)
                async with call as resp:
                    statuses[resp.status] = statuses.get(resp.status, 0) + 1
            took = time.monotonic() - started
            checked = statuses.get(401, 0)
            print(
                f"wrong passwords at {door}, {took:.0f} s: {checked / took:.2f} checked per second"
                f" ({checked} in all), {statuses.get(429, 0)} answered 429, answers {statuses}"
            )


async def main() -> None:
    logging.getLogger("engineio.client").setLevel(logging.CRITICAL)  # "packet queue is empty"
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--opens", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ) | {"OMNISIM_TRUSTED_PROXIES": "127.0.0.1"}
        server = Server(args.root.resolve(), Path(tmp) / "events.db", env).start()
        try:
            print(f"server from {server.root}, on {server.url}")
            await reconnect_and_burst(server, args.seconds)
            await jury_pulls(server, args.seconds)
            await unauthenticated(server, args.opens, spread=False)
            await unauthenticated(server, args.opens, spread=True)
            await guesses(server, args.seconds)
        finally:
            server.stop()


if __name__ == "__main__":
    asyncio.run(main())
