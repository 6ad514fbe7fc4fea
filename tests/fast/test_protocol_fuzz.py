"""The socket protocol under attack: every packet gets a refusal with a reason, nothing crashes.

Raw engine.io/socket.io frames over a real websocket (what an attacker's script sends, not
what python-socketio's client would), then hypothesis-generated packets: binary packets,
reserved event names, deep nesting, junk.
"""

from __future__ import annotations

import asyncio
import json
import resource
from typing import Any

import aiohttp
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omnisim.protocol.actions import MAX_TEXT
from omnisim.web.keys import GATEWAY
from omnisim.web.limits import READ_BURST
from tests.conftest import CONNECT_WAIT
from tests.fast.conftest import of_type


class Raw:
    """A raw socket.io connection: frames in, frames out, acks matched by id."""

    def __init__(self, http: aiohttp.ClientSession, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.http, self.ws = http, ws
        self.pushed: list[Any] = []  # every EVENT the server sent, decoded
        self.next_id = 0

    @classmethod
    async def open(cls, url: str, token: str, **headers: str) -> Raw:
        http = aiohttp.ClientSession()
        ws = await http.ws_connect(
            f"{url}/socket.io/?EIO=4&transport=websocket", headers=headers, autoping=True
        )
        raw = cls(http, ws)
        assert (await ws.receive_str()).startswith("0")  # engine.io open
        await ws.send_str("40" + json.dumps({"token": token, "lang": "en"}))
        assert (await raw.frame()).startswith("40")  # socket.io connected
        return raw

    async def frame(self, timeout: float = 5.0) -> str:
        """The next frame that is not a push, within ``timeout`` seconds in all: the session's
        pushes keep coming, and a fresh wait per push would wait for ever."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            left = max(deadline - asyncio.get_running_loop().time(), 0.0)
            message = await asyncio.wait_for(self.ws.receive(), left)
            if message.type != aiohttp.WSMsgType.TEXT:
                raise AssertionError(f"unexpected frame {message!r}")
            if message.data == "2":  # engine.io ping
                await self.ws.send_str("3")
                continue
            if message.data.startswith("42"):
                self.pushed.append(json.loads(message.data[2:]))
                if self.pushed[-1][0] != "refused":
                    continue
            return str(message.data)

    async def call(self, body: str, prefix: str = "42", within: float = 10.0) -> Any:
        """Send one packet with an ack id; the acknowledgement's argument. Pushes keep coming
        while the session runs, so the answer is awaited ``within`` seconds in all, not per
        frame: a packet left unanswered fails, naming itself, instead of waiting forever."""
        self.next_id += 1
        ack = self.next_id
        await self.ws.send_str(f"{prefix}{ack}{body}")
        deadline = asyncio.get_running_loop().time() + within
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise AssertionError(f"no answer to {prefix}{ack}{body[:200]!r}")
            try:
                message = await self.frame(timeout=left)
            except TimeoutError:
                raise AssertionError(f"no answer to {prefix}{ack}{body[:200]!r}") from None
            if message.startswith(f"43{ack}["):
                return json.loads(message[len(f"43{ack}") :])[0]
            if message.startswith('42["refused"'):  # a packet whose id could not be read
                return json.loads(message[2:])[1]

    async def refused(self) -> dict[str, Any]:
        """The next ``refused`` event (for packets that carry no ack id)."""
        while True:
            message = await self.frame()
            if message.startswith('42["refused"'):
                answer: dict[str, Any] = json.loads(message[2:])[1]
                return answer

    async def close(self) -> None:
        await self.ws.close()
        await self.http.close()


def is_refusal(reply: Any) -> bool:
    return (
        isinstance(reply, dict)
        and reply.get("ok") is False
        and isinstance(reply["error"].get("reason"), str)
        and bool(reply["error"]["reason"])
        and isinstance(reply["error"].get("field"), str)
    )


async def started(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate, lang="en")
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    return tokens, candidate


async def test_binary_packets_are_refused_and_never_buffered(live):
    tokens, candidate = await started(live)
    raw = await Raw.open(live.url, tokens.candidate)
    server = live.app[GATEWAY].sio
    try:
        # A BINARY_EVENT announcing a million attachments: refused at once, nothing kept.
        body = '["send",{"contact_id":"c1","file":{"_placeholder":true,"num":0}}]'
        reply = await raw.call(body, prefix="451000000-")
        assert is_refusal(reply) and "Binary" in reply["error"]["reason"]
        for _ in range(20):  # the attachments arrive anyway, 60 kB each
            await raw.ws.send_bytes(b"\x00" * 60_000)
        for _ in range(20):
            refused = await raw.refused()
            assert is_refusal(refused) and "Binary" in refused["error"]["reason"]
        assert server._binary_packet == {}
        assert server.refusals["\u0000binary"] >= 2
        # The connection still works.
        ok = await raw.call('["pickup",{"contact_id":"c1"}]')
        assert ok["ok"] is True, ok
    finally:
        await raw.close()


async def test_a_message_beyond_the_transport_limit_closes_only_that_connection(live):
    tokens, candidate = await started(live)
    raw = await Raw.open(live.url, tokens.candidate)
    await raw.ws.send_str('42["send",{"text":"' + "x" * 200_000 + '"}]')
    closed = await asyncio.wait_for(raw.ws.receive(), 5)
    assert closed.type in (
        aiohttp.WSMsgType.CLOSE,
        aiohttp.WSMsgType.CLOSED,
        aiohttp.WSMsgType.ERROR,
    )
    await raw.close()
    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]


async def test_reserved_event_names_never_reach_their_handlers(live):
    tokens, candidate = await started(live)
    raw = await Raw.open(live.url, tokens.candidate)
    try:
        for name in ("connect", "disconnect", "connect_error", "disconnecting"):
            reply = await raw.call(json.dumps([name, {"token": tokens.trainer}]))
            assert is_refusal(reply) and "reserved" in reply["error"]["reason"], (name, reply)
        # Connecting again on the live socket (a trainer's token) is refused too.
        await raw.ws.send_str("40" + json.dumps({"token": tokens.trainer}))
        refused = await raw.refused()
        assert is_refusal(refused)
        still = await raw.call('["pause",{}]')  # still a candidate: may not pause
        assert is_refusal(still) and "candidate" in still["error"]["reason"]
    finally:
        await raw.close()


@pytest.mark.settings(rate_limit=5.0)
async def test_a_disconnect_event_does_not_refill_the_rate_limit(live):
    tokens, candidate = await started(live)
    raw = await Raw.open(live.url, tokens.candidate)
    try:
        accepted = 0
        for n in range(40):
            await raw.call('["disconnect",{}]')
            reply = await raw.call(json.dumps(["draft", {"field": "reply:x", "text": f"v{n}"}]))
            accepted += reply["ok"] is True
        # Burst of 10 (5/s × 2 s) plus what refills during the run, far from 40.
        assert accepted < 25, accepted
    finally:
        await raw.close()


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        (
            "send",
            {"contact_id": "mail-x", "text": "Bonjour", "subject": "s" * (MAX_TEXT + 1)},
            "subject",
        ),
        ("crm_create", {"fields": {"nom": "n" * (MAX_TEXT + 1)}}, "fields.nom"),
        ("crm_create", {"fields": {"k" * (MAX_TEXT + 1): "v"}}, "fields"),
    ],
)
async def test_every_text_field_is_capped(live, kind, data, field):
    tokens, candidate = await started(live)
    refused = await candidate.act(kind, data)
    assert refused["ok"] is False and refused["error"]["field"] == field, refused


async def test_origin_must_be_the_public_url(live):
    tokens = await live.session()
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await Raw.open(live.url, tokens.candidate, Origin="http://evil.example")
    ok = await Raw.open(live.url, tokens.candidate, Origin=live.url)
    await ok.close()


@pytest.mark.settings(sockets_per_token=2, sockets_per_address=4)
async def test_sockets_are_capped_per_link_and_per_address(live):
    import socketio

    tokens = await live.session()
    first = await live.connect(tokens.candidate, last_seq=None)
    await live.connect(tokens.candidate, last_seq=None)
    third = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await third.connect(
            live.url,
            auth={"token": tokens.candidate},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
    await first.sio.disconnect()
    await asyncio.sleep(0.1)
    again = await live.connect(tokens.candidate, last_seq=None)  # a place was freed
    await live.connect(tokens.jury, last_seq=None)
    await live.connect(tokens.jury, last_seq=None)
    with pytest.raises(socketio.exceptions.ConnectionError):  # 4 from this address already
        await third.connect(
            live.url,
            auth={"token": tokens.trainer},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
    assert again.sio.connected


async def test_join_is_rate_limited(live):
    tokens = await live.session()
    client = await live.connect(tokens.candidate, last_seq=None)
    replies = [await client.act("join", {"last_seq": 0}) for _ in range(int(READ_BURST) + 10)]
    assert replies[0]["ok"] is True and replies[0]["after"] == 0
    # The page, the connection and the joins fit the burst of reads; the rest wait, and say so.
    refused = [r for r in replies if is_refusal(r)]
    assert refused and "réessayez dans" in refused[0]["error"]["reason"], refused[:1]


async def test_frames_are_not_compressed(live):
    await live.session()
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{live.url}/socket.io/?EIO=4&transport=websocket", compress=15)
        assert ws.compress == 0  # the server declined permessage-deflate
        await ws.close()


# -- hypothesis: whatever arrives, an answer with a reason, and the server holds -----------

NAMES = st.one_of(
    st.sampled_from(
        ["connect", "disconnect", "connect_error", "join", "send", "pickup", "crm_create", "draft"]
    ),
    st.text(max_size=20),
    st.integers(),
    st.none(),
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=30,
)


def deep(levels: int) -> str:
    """JSON text nested ``levels`` deep (built as text: beyond json.dumps's recursion limit)."""
    return '{"d":' * levels + '"x"' + "}" * levels


def readable(body: str) -> bool:
    """A body that cannot be taken for the packet's id, namespace or attachment count."""
    return not body[:1].isdigit() and body[:1] not in "/-"


PACKETS = st.one_of(
    st.tuples(NAMES, JSON).map(lambda p: ("42", json.dumps(list(p)))),
    st.tuples(NAMES, st.integers(1, 5000)).map(
        lambda p: ("42", "[" + json.dumps(p[0]) + "," + deep(p[1]) + "]")
    ),
    st.tuples(st.integers(0, 10**9), NAMES, JSON).map(
        lambda p: (f"45{p[0]}-", json.dumps([p[1], p[2]]))
    ),
    JSON.map(json.dumps).filter(readable).map(lambda d: ("42", d)),  # not [name, …]
    st.text(max_size=40).filter(readable).map(lambda t: ("42", t)),  # not JSON
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(packets=st.lists(PACKETS, min_size=1, max_size=5))
async def test_fuzzed_packets_all_get_an_answer_and_the_server_holds(live, packets):
    if not hasattr(live, "fuzz"):
        tokens, candidate = await started(live)
        live.fuzz = (tokens, candidate, await Raw.open(live.url, tokens.candidate))
        live.rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tokens, candidate, raw = live.fuzz
    for prefix, body in packets:
        reply = await raw.call(body, prefix=prefix)
        assert isinstance(reply, dict) and isinstance(reply.get("ok"), bool), (body[:80], reply)
        if not reply["ok"]:
            assert is_refusal(reply), (body[:80], reply)
    # The server still serves, and its memory stays bounded (kB on Linux).
    alive = await candidate.act("draft", {"field": "reply:x", "text": "encore là"})
    assert alive["ok"] or "too many" in alive["error"]["reason"].lower(), alive
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - live.rss
    assert grown < 200_000, f"RSS grew by {grown} kB"
