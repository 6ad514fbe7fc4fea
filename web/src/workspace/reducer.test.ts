// Unit tests of the workspace reducer: `npm test` compiles them with esbuild into web/build-tests/
// and runs them with `node --test`. The same fold is checked against the Python projection on
// whole golden logs by tests/fast/test_client_reducer.py.

import assert from "node:assert/strict";
import { test } from "node:test";
import type {
  Actor,
  Channel,
  EventOf,
  EventType,
  Payloads,
  StoredEvent,
  Versions,
} from "../generated/protocol";
import { createWorkspace } from "./main";
import { initial, own, project, reduce, ringing, toCall, type WorkspaceState } from "./reducer";

function event<K extends EventType>(
  seq: number,
  type: K,
  payload: Payloads[K],
  actor: Actor = "candidate",
): EventOf<K> {
  const version = (type === "session.created" ? 2 : 1) as Versions[K];
  return {
    seq,
    wall_time: 1000 + seq,
    sim_time: 10 * seq,
    type,
    actor,
    actor_id: "",
    action_id: "",
    version,
    payload,
  };
}

function offer(seq: number, id: string, channel: Channel = "phone", to_place = false) {
  const payload = {
    contact_id: id,
    channel,
    customer_name: "Claire Roussel",
    subject: "Rendez-vous",
    sender: "+33 6 12 34 56 78",
    attachments: ["devis.pdf"],
    principal: "cabinet",
    line: "04 78 12 34 56",
    to_place,
  };
  return event(seq, "contact.offered", payload, "system");
}

function said(
  seq: number,
  id: string,
  text: string,
  actor: Actor,
  extra: Partial<Payloads["message.sent"]> = {},
) {
  const payload = { contact_id: id, channel: "phone" as const, text, subject: "", cc: [], attachments: [], unfilled_ok: false };
  return event(seq, "message.sent", { ...payload, justification: "", ...extra }, actor);
}

const pickup = (seq: number, id: string) => event(seq, "contact.picked_up", { contact_id: id });

/** Folds `events` from `start`, checking on the way that no state given to `reduce` changes. */
function fold(events: readonly StoredEvent[], start: WorkspaceState = initial()): WorkspaceState {
  let state = start;
  for (const e of events) {
    const before = JSON.stringify(state);
    const next = reduce(state, e);
    assert.equal(JSON.stringify(state), before, `reduce changed its input on ${e.type}`);
    state = next;
  }
  return state;
}

function contact(state: WorkspaceState, id: string) {
  const c = own(state.contacts, id);
  assert.ok(c, `no contact ${id}`);
  return c;
}

test("an offered contact appears with its customer, subject, sender and attachments", () => {
  const state = fold([offer(3, "c1", "email")]);
  const c = contact(state, "c1");
  assert.deepEqual(
    [c.channel, c.customer, c.subject, c.sender, c.attachments, c.status],
    ["email", "Claire Roussel", "Rendez-vous", "+33 6 12 34 56 78", ["devis.pdf"], "offered"],
  );
  assert.deepEqual(c.offered, { seq: 3, sim: 30 });
  assert.deepEqual(state.last, { seq: 3, sim: 30 });
  assert.equal(c.picked, null);
});

test("a call to place waits to be dialled and never rings; once connected it is an active call", () => {
  const waiting = contact(fold([offer(1, "c1", "phone", true), offer(2, "c2")]), "c1");
  assert.equal(waiting.to_place, true);
  assert.deepEqual([toCall(waiting), ringing(waiting)], [true, false]);
  const caller = contact(fold([offer(2, "c2")]), "c2");
  assert.deepEqual([toCall(caller), ringing(caller)], [false, true]);
  const connected = contact(fold([offer(1, "c1", "phone", true), pickup(2, "c1")]), "c1");
  assert.deepEqual([connected.status, toCall(connected), ringing(connected)], ["active", false, false]);
});

test("picking up makes a contact active and keeps the first pickup", () => {
  const state = fold([offer(1, "c1"), pickup(2, "c1"), pickup(3, "c1")]);
  assert.equal(contact(state, "c1").status, "active");
  assert.deepEqual(contact(state, "c1").picked, { seq: 2, sim: 20 });
});

test("hold then resume records the hold with its announcement", () => {
  const held = fold([
    offer(1, "c1"),
    pickup(2, "c1"),
    event(3, "contact.held", { contact_id: "c1", announcement: "Je vous mets en attente." }),
  ]);
  assert.equal(contact(held, "c1").status, "held");
  const resumed = fold([event(4, "contact.resumed", { contact_id: "c1" })], held);
  assert.equal(contact(resumed, "c1").status, "active");
  assert.deepEqual(contact(resumed, "c1").holds, [
    {
      start: { seq: 3, sim: 30 },
      announcement: "Je vous mets en attente.",
      end: { seq: 4, sim: 40 },
    },
  ]);
  // Resuming with no hold running changes nothing about the contact.
  const again = reduce(resumed, event(5, "contact.resumed", { contact_id: "c1" }));
  assert.equal(own(again.contacts, "c1"), own(resumed.contacts, "c1"));
});

test("closing or transferring a held contact ends its hold", () => {
  const start = fold([
    offer(1, "c1"),
    offer(2, "c2"),
    event(3, "contact.held", { contact_id: "c1", announcement: "" }),
    event(4, "contact.held", { contact_id: "c2", announcement: "" }),
  ]);
  const state = fold(
    [
      event(5, "contact.closed", { contact_id: "c1", wrap_up: "" }),
      event(6, "contact.transferred", { contact_id: "c2", to: "Maître Dupont", note: "" }),
    ],
    start,
  );
  const c1 = contact(state, "c1");
  const c2 = contact(state, "c2");
  assert.deepEqual(
    [c1.status, c1.closed, c1.holds[0]?.end],
    ["closed", { seq: 5, sim: 50 }, { seq: 5, sim: 50 }],
  );
  assert.deepEqual(
    [c2.status, c2.transferred_to, c2.transferred, c2.holds[0]?.end],
    ["transferred", "Maître Dupont", { seq: 6, sim: 60 }, { seq: 6, sim: 60 }],
  );
});

test("a customer who switches channel moves the contact to it", () => {
  const state = fold([
    offer(1, "c1", "chat"),
    event(2, "contact.switched", { contact_id: "c1", channel: "phone" }),
  ]);
  assert.equal(contact(state, "c1").channel, "phone");
});

test("a trainer takes a customer over and hands it back; their lines are the customer's", () => {
  const state = fold([
    offer(1, "c1"),
    event(2, "contact.taken_over", { contact_id: "c1" }, "trainer"),
    said(3, "c1", "Je suis très mécontent.", "trainer"),
  ]);
  assert.equal(contact(state, "c1").taken_over, true);
  assert.equal(contact(state, "c1").lines[0]?.actor, "customer");
  const back = fold([event(4, "contact.handed_back", { contact_id: "c1" }, "trainer")], state);
  assert.equal(contact(back, "c1").taken_over, false);
});

test("lines keep channel, justification and reason; a candidate's view has no reason", () => {
  const state = fold([
    offer(1, "c1", "chat"),
    said(2, "c1", "Bonjour", "customer", { reason: "fact:name" }),
    said(3, "c1", "Par SMS.", "candidate", { channel: "sms", justification: "Trace écrite." }),
  ]);
  const lines = contact(state, "c1").lines;
  assert.deepEqual(
    lines.map((l) => [l.seq, l.actor, l.channel, l.text, l.reason, l.justification]),
    [
      [2, "customer", "phone", "Bonjour", "fact:name", ""],
      [3, "candidate", "sms", "Par SMS.", "", "Trace écrite."],
    ],
  );
});

test("a letter sent over the unfilled-variables warning keeps it on its line; older events read false", () => {
  const letter = "Bonjour {{ client.civilite }} Roussel,\nÀ bientôt.";
  const v2 = { ...said(4, "c1", "Sans variable.", "candidate", { channel: "email" }), version: 2 };
  delete (v2.payload as { unfilled_ok?: boolean }).unfilled_ok; // as a v2 event was written
  const state = fold([
    offer(1, "c1", "email"),
    said(2, "c1", letter, "candidate", { channel: "email", subject: "RE: Documents", unfilled_ok: true }),
    said(3, "c1", "Merci.", "customer"),
    v2 as StoredEvent,
  ]);
  assert.deepEqual(
    contact(state, "c1").lines.map((l) => [l.seq, l.text, l.unfilled_ok]),
    [
      [2, letter, true],
      [3, "Merci.", false],
      [4, "Sans variable.", false],
    ],
  );
});

test("moods and escalations are kept in order", () => {
  const state = fold([
    offer(1, "c1"),
    event(
      2,
      "customer.mood",
      { contact_id: "c1", mood: -0.4, cause: "waiting", sentiment: null, analyser: "" },
      "system",
    ),
    event(3, "contact.escalated", { contact_id: "c1", level: "supervisor" }, "customer"),
  ]);
  const c1 = contact(state, "c1");
  assert.deepEqual(c1.moods, [{ at: { seq: 2, sim: 20 }, mood: -0.4, cause: "waiting" }]);
  assert.deepEqual(c1.escalations, [{ at: { seq: 3, sim: 30 }, level: "supervisor" }]);
});

test("a CRM record created then updated merges its fields; both are operations", () => {
  const created = { last_name: "Roussel", phone: "06" };
  const updated = { phone: "07", email: "c@r.fr" };
  const state = fold([
    event(1, "crm.record_created", { record_id: "r1", fields: created, contact_id: "c1" }),
    event(2, "crm.record_updated", { record_id: "r1", fields: updated, contact_id: "" }),
  ]);
  const merged = { last_name: "Roussel", phone: "07", email: "c@r.fr" };
  assert.deepEqual(own(state.records, "r1"), merged);
  assert.deepEqual(
    state.operations.map((o) => [o.at.seq, o.kind]),
    [[1, "crm.record_created"], [2, "crm.record_updated"]],
  );
});

test("a booking is listed until cancelled; booking its slot again replaces it in place", () => {
  const book = (seq: number, principal: string, start: string, reason = "") =>
    event(seq, "agenda.booked", { principal, start, record_id: "", contact_id: "c1", reason, override: "" });
  const nine = "2025-03-03T09:00";
  const booked = fold([
    book(1, "dupont", nine),
    book(2, "martin", "2025-03-03T10:00"),
    book(3, "dupont", nine, "urgent"),
  ]);
  assert.deepEqual(
    booked.bookings.map((b) => [b.principal, b.at.seq, b.reason]),
    [["dupont", 3, "urgent"], ["martin", 2, ""]],
  );
  const cancel = { principal: "dupont", start: nine, record_id: "", contact_id: "" };
  const cancelled = fold([event(4, "agenda.cancelled", cancel)], booked);
  assert.deepEqual(cancelled.bookings.map((b) => b.principal), ["martin"]);
  assert.equal(cancelled.operations.length, 4);
});

test("drafts: the last one saved wins, and an empty one is a cleared field", () => {
  const draft = (seq: number, field: string, text: string) =>
    event(seq, "draft.saved", { field, text, contact_id: "c1" });
  const state = fold([
    draft(1, "reply:c1", "Bonj"),
    draft(2, "crm:new", "Rou"),
    draft(3, "reply:c1", "Bonjour M"),
  ]);
  assert.deepEqual(own(state.drafts, "reply:c1"), {
    text: "Bonjour M",
    at: { seq: 3, sim: 30 },
    contact_id: "c1",
  });
  const cleared = fold([draft(4, "reply:c1", "")], state);
  assert.equal(own(cleared.drafts, "reply:c1")?.text, "");
  assert.equal(own(cleared.drafts, "crm:new")?.text, "Rou");
  assert.equal(cleared.operations.length, 0);
});

test("the session's status: ready, running, paused, running, ended", () => {
  const statuses: string[] = [];
  const created = {
    deck_id: "demo",
    deck_title: "Demo",
    seed: 1,
    time_factor: 4,
    lang: "en",
    exam_id: "",
    candidate_id: "",
    deck_hash: "",
    mode: "training" as const,
    legacy_deck_path: "",
  };
  let state = fold([event(1, "session.created", created, "system")]);
  statuses.push(state.status);
  for (const e of [
    event(2, "session.started", {}, "trainer"),
    event(3, "session.paused", { reason: "trainer" }, "trainer"),
    event(4, "session.resumed", {}, "trainer"),
    event(5, "session.ended", { reason: "duration_elapsed" }, "system"),
  ]) {
    state = reduce(state, e);
    statuses.push(state.status);
  }
  assert.deepEqual(statuses, ["ready", "running", "paused", "running", "ended"]);
  assert.deepEqual([state.time_factor, state.lang, state.end], [4, "en", { seq: 5, sim: 50 }]);
});

test("an unknown event type, or one about an unknown contact, changes nothing but `last`", () => {
  const start = fold([offer(1, "c1")]);
  const strange = [
    { ...event(2, "contact.closed", { contact_id: "c1", wrap_up: "" }), type: "contact.teleported" },
    { ...event(3, "contact.closed", { contact_id: "c1", wrap_up: "" }), type: "future.thing", payload: null },
  ] as unknown as StoredEvent[];
  const state = fold([...strange, event(4, "contact.closed", { contact_id: "nobody", wrap_up: "" })], start);
  assert.deepEqual({ ...state, last: start.last }, start);
  assert.deepEqual(state.last, { seq: 4, sim: 40 });
});

test("ids such as __proto__ or constructor stay plain keys, never the object's prototype", () => {
  const state = fold([
    pickup(1, "constructor"),
    offer(2, "__proto__"),
    event(3, "crm.record_updated", { record_id: "toString", fields: { a: "1" }, contact_id: "" }),
  ]);
  assert.equal(own(state.contacts, "constructor"), undefined);
  assert.equal(contact(state, "__proto__").customer, "Claire Roussel");
  assert.equal(Object.getPrototypeOf(state.contacts), Object.prototype);
  assert.deepEqual(own(state.records, "toString"), { a: "1" });
});

test("the same events give the same state, folded at once or one by one", () => {
  const events: StoredEvent[] = [
    offer(1, "c1"),
    pickup(2, "c1"),
    said(3, "c1", "Bonjour", "candidate"),
  ];
  assert.deepEqual(project(events), fold(events));
  assert.deepEqual(project(events), project(events));
});

test("the workspace signal folds batches and skips events already folded", () => {
  const workspace = createWorkspace();
  const seen: number[] = [];
  const stop = workspace.state.subscribe((s) => seen.push(s.last.seq));
  workspace.apply([offer(1, "c1"), pickup(2, "c1")]);
  workspace.apply([pickup(2, "c1")]); // resent after a reconnection
  workspace.apply([event(3, "contact.closed", { contact_id: "c1", wrap_up: "" })]);
  stop();
  assert.deepEqual(seen, [0, 2, 3]);
  assert.equal(contact(workspace.state.value, "c1").status, "closed");
});
