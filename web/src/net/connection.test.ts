// The connection (./connection.ts) over a scripted transport: what it asks the server and
// what it applies, for a desk (its own attempt), a jury page (the attempt and the grading
// stream) and a board (the whole exam by catch-up, then per-stream joins), without a browser.
// The transport stands in for the socket only; the server's side of docs/protocol.md is
// played by each test, answer by answer.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { StoredEvent } from "../generated/protocol";
import { Connection, type ConnectionOptions, OWN, type Transport, type TransportEvents } from "./connection";
import type { Batch } from "./messages";

interface Asked {
  readonly name: string;
  readonly data: Record<string, unknown>;
  answer(reply: unknown): Promise<void>;
}

/** A transport whose server is the test: every emit waits in `asked` until answered. */
class Scripted implements Transport {
  connected = false;
  asked: Asked[] = [];
  closed = false;
  reconnects = 0;
  private on: TransportEvents | null = null;

  listen(on: TransportEvents): void {
    this.on = on;
  }

  ask(name: string, data: object, _ms: number): Promise<unknown> {
    return new Promise((resolve) => {
      this.asked.push({
        name,
        data: data as Record<string, unknown>,
        answer: async (reply) => {
          resolve(reply);
          await settle();
        },
      });
    });
  }

  connect(): void {
    this.reconnects += 1;
  }

  drop(): void {
    this.down();
  }

  refuse(message: string, retryAfter?: number): void {
    this.on?.connectError(message, retryAfter);
  }

  close(): void {
    this.closed = true;
  }

  up(): void {
    this.connected = true;
    this.on?.connect();
  }

  down(): void {
    this.connected = false;
    this.on?.disconnect();
  }

  /** The server cuts the socket for good: its reason, then the disconnection. */
  cut(reason: string): void {
    this.on?.closed(reason);
    this.down();
  }

  push(batch: Batch): void {
    this.on?.events(batch);
  }

  /** The requests not answered yet, named `name`, oldest first; they are taken out. */
  take(name: string): Asked[] {
    const found = this.asked.filter((a) => a.name === name);
    this.asked = this.asked.filter((a) => a.name !== name);
    return found;
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const ev = (seq: number, type = "draft.saved"): StoredEvent => ({ seq, type }) as unknown as StoredEvent;

const batch = (stream: string, after: number, upto: number, seqs: number[]): Batch => ({
  stream,
  after,
  upto,
  events: seqs.map((seq) => ev(seq)),
});

function open(options: Omit<ConnectionOptions, "onEvents">) {
  const transport = new Scripted();
  const applied: [string, number[]][] = [];
  const connection = new Connection(transport, {
    ...options,
    onEvents: (stream, events) => applied.push([stream, events.map((e) => e.seq)]),
  });
  return { transport, connection, applied };
}

test("a desk joins its own attempt, keeps pushes of the join aside, fills a gap by joining", async () => {
  const joined: string[] = [];
  const { transport, connection, applied } = open({ follow: [{ stream: OWN }], onJoined: (s) => joined.push(s) });
  assert.equal(connection.state.value, "connecting");
  transport.up();
  assert.equal(connection.state.value, "online");
  const [first] = transport.take("join");
  assert.deepEqual(first?.data, { last_seq: 0 }); // its own stream: not named
  transport.push(batch("ex1-c1", 3, 4, [4])); // logged while the join reads the backlog
  await first?.answer({ ok: true, ...batch("ex1-c1", 0, 3, [1, 2, 3]), more: false });
  assert.deepEqual(applied, [["", [1, 2, 3]], ["", [4]]]);
  assert.deepEqual(joined, [OWN]);
  transport.push(batch("ex1-c1", 6, 7, [7])); // 5 and 6 never came: a gap
  const [gap] = transport.take("join");
  assert.deepEqual(gap?.data, { last_seq: 4 });
  await gap?.answer({ ok: true, ...batch("ex1-c1", 4, 7, [5, 7]), more: false });
  assert.deepEqual(applied.slice(2), [["", [5, 7]]]);
  assert.equal(connection.position(), 7);
  connection.close();
  assert.ok(transport.closed);
});

test("a long log comes in pages: the desk joins again until `more` is false", async () => {
  const joined: string[] = [];
  const { transport, connection, applied } = open({ follow: [{ stream: OWN }], onJoined: (s) => joined.push(s) });
  transport.up();
  await transport.take("join")[0]?.answer({ ok: true, ...batch("ex1-c1", 0, 2, [1, 2]), more: true });
  assert.deepEqual(joined, []); // not caught up yet
  const [next] = transport.take("join");
  assert.deepEqual(next?.data, { last_seq: 2 });
  await next?.answer({ ok: true, ...batch("ex1-c1", 2, 3, [3]), more: false });
  assert.deepEqual(applied, [["", [1, 2]], ["", [3]]]);
  assert.deepEqual(joined, [OWN]);
  connection.close();
});

test("a jury page follows the attempt from its loaded log and the grading stream by name", async () => {
  const { transport, connection, applied } = open({
    follow: [{ stream: OWN, from: 40 }, { stream: "ex1-grading" }],
  });
  transport.up();
  const [attempt, grading] = transport.take("join");
  assert.deepEqual(attempt?.data, { last_seq: 40 });
  assert.deepEqual(grading?.data, { stream: "ex1-grading", last_seq: 0 });
  await grading?.answer({ ok: true, ...batch("ex1-grading", 0, 2, [1, 2]), more: false });
  await attempt?.answer({ ok: true, ...batch("ex1-c1", 40, 41, [41]), more: false });
  transport.push(batch("ex1-c1", 41, 42, [42]));
  transport.push(batch("ex1-grading", 2, 3, [])); // another member's decision, blind: nothing
  transport.push(batch("ex1-grading", 3, 4, [4]));
  assert.deepEqual(applied, [
    ["ex1-grading", [1, 2]],
    ["", [41]],
    ["", [42]],
    ["ex1-grading", [4]],
  ]);
  assert.equal(connection.position("ex1-grading"), 4);
  assert.equal(connection.position(), 42);
  // A gap in the grading stream joins that stream only, by name.
  transport.push(batch("ex1-grading", 6, 7, [7]));
  const joins = transport.take("join");
  assert.deepEqual(joins.map((j) => j.data), [{ stream: "ex1-grading", last_seq: 4 }]);
  connection.close();
});

test("a board opens by catch-up pages, learns the roster first, joins one stream on a gap", async () => {
  const rosters: number[] = [];
  const { transport, connection, applied } = open({
    follow: "exam",
    onCatchUp: (page) => rosters.push(page.candidates.length),
  });
  transport.up();
  const [first] = transport.take("join");
  assert.deepEqual(first?.data, { all: true, after: 0 });
  transport.push(batch("ex1-c2", 1, 2, [2])); // pushed during the read: waits for its end
  const roster = { candidates: [{ id: "c1", name: "Claire", number: "1" }], presence: { c1: true } };
  const page = (after: number, position: number, more: boolean, batches: Batch[]) => ({
    ok: true,
    all: true,
    after,
    position,
    more,
    batches,
    ...roster,
  });
  await first?.answer(page(0, 10, true, [batch("ex1", 0, 1, [1]), batch("ex1-c1", 0, 3, [1, 2, 3])]));
  const [second] = transport.take("join");
  assert.deepEqual(second?.data, { all: true, after: 10, positions: { ex1: 1, "ex1-c1": 3 } });
  await second?.answer(page(10, 12, false, [batch("ex1-c2", 0, 1, [1])]));
  assert.deepEqual(rosters, [1, 1]);
  assert.deepEqual(applied, [
    ["ex1", [1]],
    ["ex1-c1", [1, 2, 3]],
    ["ex1-c2", [1]],
    ["ex1-c2", [2]],
  ]);
  transport.push(batch("ex1-c1", 5, 6, [6])); // a gap in one attempt: that stream joins
  const [join] = transport.take("join");
  assert.deepEqual(join?.data, { stream: "ex1-c1", last_seq: 3 });
  transport.push(batch("ex1-c2", 2, 3, [3])); // another stream goes on meanwhile
  await join?.answer({ ok: true, ...batch("ex1-c1", 3, 6, [4, 6]) });
  assert.deepEqual(applied.slice(4), [["ex1-c2", [3]], ["ex1-c1", [4, 6]]]);
  connection.close();
});

test("a board reconnecting catches up from its global position with its positions", async () => {
  const { transport, connection, applied } = open({ follow: "exam" });
  transport.up();
  const empty = { candidates: [], presence: {} };
  await transport.take("join")[0]?.answer({ ok: true, all: true, after: 0, position: 5, more: false, ...empty, batches: [batch("ex1-c1", 0, 2, [1, 2])] });
  transport.push(batch("ex1-c1", 2, 3, [3]));
  transport.push(batch("ex1-c1", 4, 5, [5])); // a gap: its join is under way when the line drops
  const [lost] = transport.take("join");
  transport.down();
  assert.equal(connection.state.value, "offline");
  transport.up();
  const [again] = transport.take("join");
  assert.deepEqual(again?.data, { all: true, after: 5, positions: { "ex1-c1": 3 } });
  await lost?.answer({ ok: true, ...batch("ex1-c1", 3, 5, [4, 5]) }); // of the old connection: ignored
  assert.equal(connection.position("ex1-c1"), 3);
  await again?.answer({ ok: true, all: true, after: 5, position: 9, more: false, ...empty, batches: [batch("ex1-c1", 3, 6, [4, 5, 6])] });
  assert.deepEqual(applied, [["ex1-c1", [1, 2]], ["ex1-c1", [3]], ["ex1-c1", [4, 5, 6]]]);
  connection.close();
});

test("a refused join is told and asked again", async () => {
  const refusals: string[] = [];
  const { transport, connection } = open({ follow: [{ stream: OWN }], onRefusal: (r) => refusals.push(r.reason) });
  transport.up();
  await transport.take("join")[0]?.answer({ ok: false, error: { field: "type", reason: "trop de demandes" } });
  assert.deepEqual(refusals, ["trop de demandes"]);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  assert.deepEqual(transport.take("join").map((j) => j.data), [{ last_seq: 0 }]);
  connection.close();
});

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BUSY = { field: "server", reason: "Serveur saturé, réessayez dans 2 s." };

test("a saturated server's refused join is said and asked again when its hint says", async () => {
  const refusals: string[] = [];
  const { transport, connection } = open({ follow: [{ stream: OWN }], onRefusal: (r) => refusals.push(r.reason) });
  transport.up();
  await transport.take("join")[0]?.answer({ ok: false, error: BUSY, retry_after: 2 });
  assert.equal(connection.busy.value, BUSY.reason);
  assert.deepEqual(refusals, []); // not an error of the page's: a wait
  await wait(1100);
  assert.deepEqual(transport.take("join"), []); // not before the hint
  await wait(1000);
  const [again] = transport.take("join");
  assert.deepEqual(again?.data, { last_seq: 0 });
  await again?.answer({ ok: true, ...batch("ex1-c1", 0, 0, []), more: false });
  assert.equal(connection.busy.value, "");
  connection.close();
});

test("an action a saturated server refused stays queued and goes again, same id, after the hint", async () => {
  const { transport, connection } = open({ follow: [{ stream: OWN }] });
  transport.up();
  await transport.take("join")[0]?.answer({ ok: true, ...batch("ex1-c1", 0, 0, []), more: false });
  const answer = connection.act("send", { contact_id: "k1", text: "Bonjour" });
  const [sent] = transport.take("send");
  await sent?.answer({ ok: false, error: { ...BUSY, reason: "Serveur saturé, réessayez dans 1 s." }, retry_after: 1 });
  assert.equal(connection.queued.value, 1); // not answered: nothing was done
  assert.match(connection.busy.value, /^Serveur saturé/);
  void connection.act("draft", { field: "note", text: "x" });
  assert.deepEqual(transport.take("draft"), []); // the page waits too
  await wait(1100);
  const [resent] = transport.take("send");
  assert.equal(resent?.data["action_id"], sent?.data["action_id"]);
  await resent?.answer({ ok: true, seq: [3] });
  assert.deepEqual(await answer, { ok: true, seq: [3] });
  assert.equal(connection.busy.value, "");
  assert.equal(transport.take("draft").length, 1);
  connection.close();
});

test("a connection a saturated server refused is tried again when its hint says", async () => {
  const errors: string[] = [];
  const { transport, connection } = open({ follow: [{ stream: OWN }], onConnectError: (m) => errors.push(m) });
  transport.refuse("Serveur saturé, réessayez dans 1 s.", 1);
  assert.equal(connection.busy.value, "Serveur saturé, réessayez dans 1 s.");
  assert.equal(transport.reconnects, 0);
  await wait(1100);
  assert.equal(transport.reconnects, 1);
  transport.refuse("jeton inconnu"); // any other refusal: no retry of the connection's own
  await wait(1100);
  assert.equal(transport.reconnects, 1);
  assert.deepEqual(errors, ["Serveur saturé, réessayez dans 1 s.", "jeton inconnu"]);
  connection.close();
});

test("actions wait for the opening, carry an id, and a resend after a drop keeps it", async () => {
  const { transport, connection } = open({ follow: [{ stream: OWN }] });
  const answer = connection.act("pickup", { contact_id: "k1" });
  assert.equal(connection.queued.value, 1);
  transport.up();
  assert.deepEqual(transport.take("pickup"), []); // not before the join's answer
  await transport.take("join")[0]?.answer({ ok: true, ...batch("ex1-c1", 0, 0, []), more: false });
  const [sent] = transport.take("pickup");
  const id = sent?.data["action_id"];
  assert.equal(typeof id, "string");
  assert.equal(sent?.data["contact_id"], "k1");
  transport.down(); // no answer came: it is sent again, with the same id
  transport.up();
  await transport.take("join")[0]?.answer({ ok: true, ...batch("ex1-c1", 0, 0, []), more: false });
  const [resent] = transport.take("pickup");
  assert.equal(resent?.data["action_id"], id);
  await resent?.answer({ ok: true, seq: [1] });
  assert.deepEqual(await answer, { ok: true, seq: [1] });
  assert.equal(connection.queued.value, 0);
  connection.close();
});

test("a newer draft of a field replaces one still queued; a trainer's action names its candidate", async () => {
  const { transport, connection } = open({ follow: "exam" });
  const older = connection.act("draft", { field: "reply:k1", text: "Bonj" });
  void connection.act("draft", { field: "reply:k1", text: "Bonjour" });
  void connection.actOn("c2", "pause", {});
  assert.deepEqual(await older, { ok: true, seq: [] });
  transport.up();
  await transport.take("join")[0]?.answer({ ok: true, all: true, after: 0, position: 0, more: false, batches: [], candidates: [], presence: {} });
  const sent = transport.asked.map((a) => [a.name, { ...a.data, action_id: undefined }]);
  assert.deepEqual(sent, [
    ["draft", { field: "reply:k1", text: "Bonjour", action_id: undefined }],
    ["pause", { candidate: "c2", action_id: undefined }],
  ]);
  connection.close();
});

test("a socket the server closes for good says why and stays closed", () => {
  const told: string[] = [];
  const { transport, connection } = open({ follow: [{ stream: OWN }], onConnectError: (m) => told.push(m) });
  transport.up();
  assert.equal(connection.state.value, "online");
  transport.cut("Ce lien ne fonctionne plus");
  assert.equal(connection.state.value, "closed");
  assert.equal(connection.closedReason.value, "Ce lien ne fonctionne plus");
  assert.deepEqual(told, ["Ce lien ne fonctionne plus"]);
  connection.close();
});
