"""python-socketio's Redis relay, without decoding the messages this worker sent itself.

Redis pub/sub hands a worker its own messages back, and python-socketio's listener decodes
every one (a relayed push carries a whole batch) only to drop those with its own
``host_id``. A message python-socketio writes for this worker to drop ends with that
``host_id`` (an emit, a disconnect, a room change; a callback, which it keeps, names its
target before other keys), so it is recognised from its last bytes, spelt by the server's
JSON encoder, and never decoded. Anything else goes through as before.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import socketio


class Relay(socketio.AsyncRedisManager):
    """The Redis client manager, skipping its own echoes before they are decoded."""

    echoes = 0  # own messages skipped (tests)

    async def _listen(self) -> AsyncIterator[Any]:
        mine = self.json.dumps({"host_id": self.host_id})[1:].encode()  # its separators
        async for message in super()._listen():  # the Redis client's bytes
            if isinstance(message, bytes) and message.endswith(mine):
                self.echoes += 1
                continue
            yield message
