"""Logs written by the first Redis backend (one LIST per stream, before Redis Streams) are
copied by ``omnisim store migrate`` with the same seqs, read back through today's store;
``omnisim serve`` refuses to start until they are.

The old writes are rebuilt here from git history (omnisim/store/redis_store.py before
commit 1e23263, events encoded as that version's ``Event.to_dict``), not with today's code.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from typing import Any

import pytest
import redis as redis_sync

from omnisim.store.base import EventStore
from omnisim.store.redis_store import RedisBackend
from tests.conftest import ROOT, free_port
from tests.server.test_faults_redis import Redis

pytestmark = [pytest.mark.server, pytest.mark.redis]

# The old append script, as it was (compare-and-set on LLEN, RPUSH, index of streams).
OLD_APPEND = """
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) then
  return -1
end
for i = 3, #ARGV do
  redis.call('RPUSH', KEYS[1], ARGV[i])
end
if tonumber(ARGV[1]) == 0 then
  redis.call('RPUSH', KEYS[2], ARGV[2])
end
return redis.call('LLEN', KEYS[1])
"""


def old_event(stream: str, seq: int, kind: str, payload: dict[str, Any], **more: Any) -> str:
    """An event as that version's ``json.dumps(event.to_dict(), ensure_ascii=False)`` wrote it."""
    event = {
        "session_id": stream,
        "seq": seq,
        "wall_time": 1_760_000_000.0 + seq,
        "sim_time": float(seq),
        "type": kind,
        "actor": more.get("actor", "candidate"),
        "actor_id": more.get("actor_id", "c1"),
        "action_id": more.get("action_id", ""),
        "version": more.get("version", 1),
        "payload": payload,
    }
    return json.dumps(event, ensure_ascii=False)


def old_logs() -> dict[str, list[str]]:
    attempt, grading = "exa1b2c3d4e5-c1", "exa1b2c3d4e5-grading"
    created = {
        "deck_id": "mini",
        "deck_title": "Mini : un tchat de livraison",
        "seed": 7,
        "time_factor": 10.0,
        "lang": "fr",
        "exam_id": "exa1b2c3d4e5",
        "candidate_id": "c1",
        "deck_hash": "ab" * 32,
    }
    logs = {attempt: [old_event(attempt, 1, "session.created", created, version=2, actor="system")]}
    logs[attempt].append(old_event(attempt, 2, "session.started", {}, actor="trainer"))
    for n in range(3, 1203):  # a long attempt: more than one chunk of the copy
        draft = {
            "field": "reply:tchat-livraison",
            "text": f"Bonjour madame, é{n}",
            "contact_id": "",
        }
        logs[attempt].append(old_event(attempt, n, "draft.saved", draft, action_id=f"a{n}"))
    logs[attempt].append(old_event(attempt, 1203, "session.paused", {"reason": "trainer"}))
    signed = {"candidate_id": "c1", "sheet_hash": "cd" * 32}  # sheet.signed v1: upcast on read
    logs[grading] = [
        old_event(grading, 1, "grade.commented", {"candidate_id": "c1", "text": "Très « clair »."}),
        old_event(grading, 2, "sheet.signed", signed, actor="jury", actor_id="j1"),
    ]
    return logs


def write_old(url: str, prefix: str, logs: dict[str, list[str]]) -> None:
    """Append as the old RedisBackend did: batches through its script, keys prefix:log:<stream>."""
    client = redis_sync.Redis.from_url(url, decode_responses=True)
    append = client.register_script(OLD_APPEND)
    for stream, bodies in logs.items():
        for start in range(0, len(bodies), 100):
            batch = bodies[start : start + 100]
            keys = [f"{prefix}:log:{stream}", f"{prefix}:sessions"]
            assert append(keys=keys, args=[start, stream, *batch]) == start + len(batch)
    client.close()


def migrate_cli(url: str, *more: str, prefix: str = "omnisim") -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "omnisim", "store", "migrate", "--redis", url, "--prefix", prefix]
    return subprocess.run(
        [*cmd, *more],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {"OMNISIM_LANG": "fr"},
        timeout=60,
    )


async def read_back(url: str, prefix: str, streams: list[str]) -> dict[str, list[Any]]:
    store = EventStore(RedisBackend(url, prefix=prefix))
    try:
        return {s: await store.read(s) for s in streams} | {"": await store.session_ids()}
    finally:
        await store.close()


async def test_old_lists_are_copied_with_their_seqs_once_and_read_back(redis_url):
    prefix = f"mig{free_port()}"
    logs = old_logs()
    await asyncio.to_thread(write_old, redis_url, prefix, logs)
    backend = RedisBackend(redis_url, prefix=prefix)
    from omnisim.store.migrate import unmigrated

    assert await unmigrated(backend) == sorted(logs)  # detected: the server would refuse
    first = await asyncio.to_thread(migrate_cli, redis_url, prefix=prefix)
    assert first.returncode == 0, first.stderr
    assert "2 flux" in first.stdout and "1\u202f205 événements" in first.stdout, first.stdout
    assert await unmigrated(backend) == []
    again = await asyncio.to_thread(migrate_cli, redis_url, prefix=prefix)  # idempotent
    assert again.returncode == 0 and "0 copiés" in again.stdout, again.stdout
    read = await read_back(redis_url, prefix, list(logs))
    for stream, bodies in logs.items():
        events = read[stream]
        assert [e.seq for e in events] == list(range(1, len(bodies) + 1))  # same seqs, once
        assert [e.to_dict()["payload"] for e in events][-1]  # decoded, today's shapes
        assert [e.type for e in events] == [json.loads(b)["type"] for b in bodies]
    assert read["exa1b2c3d4e5-c1"][5].payload.text == "Bonjour madame, é6"  # seq 6
    assert read["exa1b2c3d4e5-grading"][1].payload.log_hash == ""  # v1 upcast on read
    assert read[""] == list(logs)  # each stream named once, in the old order
    client = backend.client
    assert await client.exists(*(f"{prefix}:log:{s}" for s in logs)) == 2  # kept
    dropped = await asyncio.to_thread(migrate_cli, redis_url, "--drop-old", prefix=prefix)
    assert dropped.returncode == 0 and "2 anciennes listes supprimées" in dropped.stdout
    assert await client.exists(*(f"{prefix}:log:{s}" for s in logs)) == 0
    assert (await read_back(redis_url, prefix, list(logs)))["exa1b2c3d4e5-c1"] == read[
        "exa1b2c3d4e5-c1"
    ]
    await backend.close()


async def test_a_partial_copy_is_completed_and_a_conflict_refused_before_any_write(redis_url):
    prefix = f"mig{free_port()}"
    logs = old_logs()
    await asyncio.to_thread(write_old, redis_url, prefix, logs)
    backend = RedisBackend(redis_url, prefix=prefix)
    attempt = logs["exa1b2c3d4e5-c1"]
    await backend.append("exa1b2c3d4e5-c1", 1, attempt[:10])  # a copy cut short
    other = old_event(
        "exa1b2c3d4e5-grading", 1, "grade.commented", {"candidate_id": "c1", "text": "autre"}
    )
    await backend.append("exa1b2c3d4e5-grading", 1, [other])  # written anew since: a conflict
    refused = await asyncio.to_thread(migrate_cli, redis_url, prefix=prefix)
    assert refused.returncode == 2 and "exa1b2c3d4e5-grading (seq 1)" in refused.stderr
    assert "rien n'a été copié" in refused.stderr, refused.stderr
    assert await backend.last_seq("exa1b2c3d4e5-c1") == 10  # nothing written
    await backend.client.delete(f"{prefix}:log:exa1b2c3d4e5-grading")  # a person decided
    done = await asyncio.to_thread(migrate_cli, redis_url, prefix=prefix)
    assert done.returncode == 0 and "1\u202f193 événements" in done.stdout, done.stdout
    assert await backend.read("exa1b2c3d4e5-c1", 0) == attempt
    await backend.close()


async def test_serve_refuses_to_start_over_old_lists_naming_the_command(tmp_path):
    redis = Redis(tmp_path)
    await redis.start()
    try:
        await asyncio.to_thread(write_old, redis.url, "omnisim", old_logs())
        cmd = [sys.executable, "-m", "omnisim", "serve", "--port", str(free_port())]
        run = await asyncio.to_thread(
            subprocess.run,
            [*cmd, "--store", redis.url],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=os.environ | {"OMNISIM_LANG": "fr"},
            timeout=60,
        )
        assert run.returncode == 2, run.stdout + run.stderr
        assert "Démarrage refusé" in run.stderr, run.stderr
        assert f"omnisim store migrate --redis {redis.url}" in run.stderr
        assert "Traceback" not in run.stderr
        assert (await asyncio.to_thread(migrate_cli, redis.url)).returncode == 0
    finally:
        await redis.stop()
