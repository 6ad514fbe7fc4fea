// The replay folds any prefix of the log exactly as the reducer folds it from the start.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { StoredEvent } from "../generated/protocol";
import { project } from "../workspace/reducer";
import { CHECKPOINT, Replay, clock } from "./replay";

function log(n: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let seq = 0;
  const push = (type: string, payload: unknown, actor = "candidate") => {
    seq += 1;
    events.push({ seq, wall_time: seq, sim_time: seq * 3, type, actor, actor_id: "", action_id: "", version: 1, payload } as unknown as StoredEvent);
  };
  push("session.started", {}, "system");
  for (let i = 0; events.length < n; i += 1) {
    const id = `c${i}`;
    push("contact.offered", { contact_id: id, channel: "chat", customer_name: `Client ${i}`, subject: "", sender: "", attachments: [] }, "system");
    push("contact.picked_up", { contact_id: id });
    push("message.sent", { contact_id: id, channel: "chat", text: `bonjour ${i}`, subject: "", justification: "", cc: [], attachments: [] });
    push("draft.saved", { field: `reply:${id}`, text: `brouillon ${i}`, contact_id: id });
    push("contact.closed", { contact_id: id, wrap_up: "" });
  }
  return events;
}

test("the state at any seq is the reducer's fold of the prefix, across checkpoints", () => {
  const events = log(3 * CHECKPOINT + 17);
  const replay = new Replay(events);
  for (const seq of [0, 1, 5, CHECKPOINT - 1, CHECKPOINT, CHECKPOINT + 1, 2 * CHECKPOINT + 3, events.length]) {
    assert.deepEqual(replay.stateAt(seq), project(events.slice(0, seq)), `seq ${seq}`);
  }
});

test("live batches append, duplicates are skipped, and seeking still matches", () => {
  const events = log(CHECKPOINT + 40);
  const replay = new Replay(events.slice(0, 150));
  assert.equal(replay.append(events.slice(100, 230)), 80);
  assert.equal(replay.append(events.slice(0, 10)), 0);
  replay.append(events.slice(230));
  assert.equal(replay.lastSeq, events.length);
  assert.deepEqual(replay.stateAt(events.length), project(events));
});

test("positions by simulated time, lanes per contact, and unsent drafts kept", () => {
  const events = log(12);
  const replay = new Replay(events);
  assert.equal(replay.seqAtSim(0), 0);
  assert.equal(replay.seqAtSim(10), 3);
  const lanes = replay.lanes();
  assert.deepEqual(lanes.map((l) => l.contact), ["c0", "c1", "c2"]);
  assert.equal(lanes[0]?.customer, "Client 0");
  assert.equal(lanes[0]?.end, 6 * 3);
  assert.equal(replay.stateAt(5).drafts["reply:c0"]?.text, "brouillon 0");
  assert.equal(clock(9 * 3600, 92 * 60), "10:32");
});

test("a letter sent over the unfilled-variables warning is marked apart on its lane", () => {
  const events = log(6);
  const letter = { contact_id: "c0", channel: "email", text: "Bonjour {{ client.nom }}", subject: "", justification: "", cc: [], attachments: [], unfilled_ok: true };
  events.push({ seq: 7, wall_time: 7, sim_time: 21, type: "message.sent", actor: "candidate", actor_id: "", action_id: "", version: 3, payload: letter } as unknown as StoredEvent);
  const marks = new Replay(events).lanes()[0]?.marks ?? [];
  assert.deepEqual(marks.filter((m) => m.unfilled).map((m) => m.seq), [7]);
  assert.equal(marks.filter((m) => m.kind === "message.sent").length, 2);
});
