"""An action through the gateway (omnisim/web/socket/gateway.py) reads the socket's session
once and is parsed once on the exam's owner (the gateway's parse is the one carried out,
omnisim/live/commands.py ``run``), and the worker's queue depth (omnisim/web/socket/
overload.py) counts it while it is answered: back to nothing after an answer and after a
refusal alike."""

from __future__ import annotations

import asyncio
from typing import Any

from omnisim.live import commands
from omnisim.protocol import actions
from omnisim.web.keys import GATEWAY
from omnisim.web.socket import gateway as gateway_module
from omnisim.web.socket.guard import GuardedServer
from tests.fast.conftest import of_type


async def test_an_action_reads_its_session_once_and_is_parsed_once(live, monkeypatch):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    gateway = live.app[GATEWAY]
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("message.sent"), timeout=3)

    reads: list[str] = []
    real_session = GuardedServer.get_session

    async def get_session(self: Any, sid: str, namespace: Any = None) -> Any:
        reads.append(sid)
        return await real_session(self, sid, namespace)

    parsed: list[str] = []
    real_parse = actions.parse_action

    def parse_action(kind: str, data: Any, role: str) -> Any:
        parsed.append(kind)
        return real_parse(kind, data, role)

    depths: list[int] = []
    real_run = commands.run

    async def run(exam: Any, command: Any, action: Any = None) -> Any:
        depths.append(gateway.overload.depth)  # counted while it is carried out
        return await real_run(exam, command, action)

    monkeypatch.setattr(GuardedServer, "get_session", get_session)
    monkeypatch.setattr(gateway_module, "parse_action", parse_action)
    monkeypatch.setattr(commands, "parse_action", parse_action)
    monkeypatch.setattr(commands, "run", run)
    monkeypatch.setattr(gateway_module.commands, "run", run)

    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]
    assert len(reads) == 1 and parsed == ["pickup"] and depths == [1]
    assert gateway.overload.depth == 0

    refused = await candidate.act("pickup", {"contact_id": "c9"})  # no such contact
    assert not refused["ok"] and refused["error"]["field"]
    assert len(reads) == 2 and parsed == ["pickup", "pickup"]
    assert gateway.overload.depth == 0

    malformed = await candidate.act("send", {"contact_id": "c1"})  # refused by the parse
    assert not malformed["ok"] and malformed["error"]["field"] == "text"
    assert len(depths) == 2 and gateway.overload.depth == 0
    await asyncio.sleep(0)


async def test_a_forwarded_act_is_parsed_by_its_owner():
    """Without the gateway's parse (a command from another worker), the owner parses it."""
    seen: list[Any] = []

    class Runtime:
        def answered(self, by: str, action_id: str) -> None:
            return None

        async def act(self, role: str, action: Any, by: str, action_id: str) -> list[Any]:
            seen.append(action)
            return []

    class Exam:
        created = type("Created", (), {"mode": "training"})()

        async def attempt(self, candidate: str) -> Runtime:
            return Runtime()

    command = commands.Act("t1", "trainer", "p1", "pause", {})
    assert await commands._act(Exam(), command) == {"seq": []}  # type: ignore[arg-type]
    assert seen == [actions.Pause()]
