"""Outgoing socket.io packets are JSON only: not walked for binary, encoded as before."""

from __future__ import annotations

import pytest
from socketio import packet

from omnisim.web.socket.guard import GuardedServer, PacketJson, TextPacket

BATCH = {
    "stream": "ex1a2b-c1",
    "after": 3,
    "upto": 5,
    "events": [
        {"seq": 4, "type": "message.sent", "payload": {"text": "Bonjour", "tags": ["a", {"b": 1}]}},
        {"seq": 5, "type": "customer.mood", "payload": {"mood": -0.25, "reason": "tone"}},
    ],
}


def test_the_server_sends_text_packets_with_its_own_json():
    server = GuardedServer(async_mode="aiohttp")
    assert server.packet_class is TextPacket
    assert TextPacket.json is PacketJson


def test_an_outgoing_packet_is_not_walked_for_binary(monkeypatch):
    def walked(cls, data):
        raise AssertionError("walked for binary")

    monkeypatch.setattr(TextPacket, "data_is_binary", classmethod(walked))
    pkt = TextPacket(packet.EVENT, namespace="/", data=["events", BATCH])
    assert pkt.packet_type == packet.EVENT


@pytest.mark.parametrize("kind", [packet.EVENT, packet.ACK])
def test_it_encodes_as_the_library_packet_does(kind):
    ours = TextPacket(kind, namespace="/", data=["events", BATCH], id=7).encode()
    theirs = packet.Packet(kind, namespace="/", data=["events", BATCH], id=7).encode()
    assert ours == theirs


def test_a_binary_packet_from_a_client_is_still_read_as_binary():
    pkt = TextPacket(encoded_packet='51-["upload",{"_placeholder":true,"num":0}]')
    assert pkt.packet_type == packet.BINARY_EVENT
