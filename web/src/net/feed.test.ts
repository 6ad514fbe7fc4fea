// Per-stream positions (./feed.ts) against the push contract of docs/protocol.md.

import assert from "node:assert/strict";
import { test } from "node:test";
import { Feed, type Run } from "./feed";

interface Ev {
  readonly seq: number;
}

function setup() {
  const applied: [string, number[]][] = [];
  const joins: [string, number][] = [];
  const feed = new Feed<Ev>(
    (stream, events) => applied.push([stream, events.map((e) => e.seq)]),
    (stream, pos) => joins.push([stream, pos]),
  );
  return { feed, applied, joins };
}

/** A batch of `stream` after `after` up to `upto`, holding the events of the seqs given. */
const batch = (stream: string, after: number, upto: number, seqs: number[]): Run<Ev> => ({
  stream,
  after,
  upto,
  events: seqs.map((seq) => ({ seq })),
});

test("each stream keeps its own position; duplicates are dropped", () => {
  const { feed, applied } = setup();
  assert.equal(feed.receive(batch("a", 0, 2, [1, 2])), "applied");
  assert.equal(feed.receive(batch("b", 0, 1, [1])), "applied");
  assert.equal(feed.receive(batch("a", 0, 2, [1, 2])), "duplicate");
  assert.equal(feed.receive(batch("a", 2, 3, [])), "applied"); // events the role may not see
  assert.equal(feed.position("a"), 3);
  assert.equal(feed.position("b"), 1);
  assert.deepEqual(applied, [["a", [1, 2]], ["b", [1]]]);
});

test("a gap asks for a join from the position, and the answer fills it", () => {
  const { feed, applied, joins } = setup();
  feed.receive(batch("a", 0, 1, [1]));
  assert.equal(feed.receive(batch("a", 3, 4, [4])), "gap");
  assert.deepEqual(joins, [["a", 1]]);
  assert.equal(feed.receive(batch("a", 4, 5, [5])), "waiting"); // pushed while joining
  assert.equal(feed.receive(batch("a", 1, 4, [2, 3, 4]), true), "applied");
  assert.equal(feed.position("a"), 5);
  assert.deepEqual(applied.map(([, e]) => e), [[1], [2, 3, 4], [5]]);
});

test("an overlapping batch applies only the events past the position", () => {
  const { feed, applied, joins } = setup();
  feed.receive(batch("a", 0, 3, [1, 2, 3]));
  assert.equal(feed.receive(batch("a", 1, 5, [2, 3, 5])), "applied");
  assert.equal(feed.position("a"), 5);
  assert.deepEqual(applied, [["a", [1, 2, 3]], ["a", [5]]]);
  assert.deepEqual(joins, []);
});

test("batches pushed before the join's answer are not applied twice", () => {
  const { feed, applied } = setup();
  feed.rejoin("a");
  assert.equal(feed.receive(batch("a", 2, 3, [3])), "waiting");
  feed.receive(batch("a", 0, 3, [1, 2, 3]), true);
  assert.equal(feed.position("a"), 3);
  assert.deepEqual(applied, [["a", [1, 2, 3]]]);
});

test("a batch still past the position after the join's answer asks again", () => {
  const { feed, joins } = setup();
  feed.rejoin("a");
  feed.receive(batch("a", 6, 7, [7]));
  assert.equal(feed.receive(batch("a", 0, 4, [1, 2, 3, 4]), true), "gap");
  assert.deepEqual(joins, [["a", 0], ["a", 4]]);
});

test("a catch-up applies every stream's batch, pushes waiting until its last page", () => {
  const { feed, applied, joins } = setup();
  feed.beginCatchUp();
  assert.equal(feed.receive(batch("a", 2, 3, [3])), "waiting"); // pushed during the read
  feed.catchUp([batch("a", 0, 1, [1]), batch("b", 0, 2, [1, 2])], 3, false);
  assert.equal(feed.global, 3);
  feed.catchUp([batch("a", 1, 2, [2])], 4, true); // the next page continues stream a
  assert.equal(feed.position("a"), 3);
  assert.equal(feed.position("b"), 2);
  assert.deepEqual(applied, [["a", [1]], ["b", [1, 2]], ["a", [2]], ["a", [3]]]);
  assert.deepEqual(joins, []);
  assert.equal(feed.receive(batch("b", 2, 3, [3])), "applied"); // live again
});

test("a catch-up after a reconnection leaves out what was pushed before, applies the rest", () => {
  const { feed, applied, joins } = setup();
  feed.beginCatchUp();
  feed.catchUp([batch("a", 0, 2, [1, 2])], 2, true);
  feed.receive(batch("a", 2, 4, [3, 4])); // pushed live; then the connection drops
  feed.reset();
  feed.beginCatchUp();
  feed.catchUp([batch("a", 2, 5, [3, 4, 5]), batch("b", 0, 1, [1])], 7, true);
  assert.equal(feed.position("a"), 5);
  assert.deepEqual(applied, [["a", [1, 2]], ["a", [3, 4]], ["a", [5]], ["b", [1]]]);
  assert.deepEqual(joins, []);
  assert.equal(feed.global, 7);
  assert.deepEqual(feed.positions(), { a: 5, b: 1 });
});

test("a catch-up batch beyond a stream's position is a gap: that stream joins", () => {
  const { feed, applied, joins } = setup();
  feed.beginCatchUp();
  feed.catchUp([batch("a", 3, 4, [4])], 9, true);
  assert.deepEqual(joins, [["a", 0]]);
  assert.deepEqual(applied, []);
});

test("a dropped line forgets joins under way: what waited is read again, not kept", () => {
  const { feed, applied, joins } = setup();
  feed.rejoin("a");
  feed.receive(batch("a", 0, 2, [1, 2])); // waits for the join's answer, which never comes
  feed.reset();
  assert.equal(feed.receive(batch("a", 3, 4, [4])), "gap"); // no longer joining: a gap
  assert.deepEqual(joins, [["a", 0], ["a", 0]]);
  feed.receive(batch("a", 0, 4, [1, 2, 4]), true);
  assert.deepEqual(applied, [["a", [1, 2, 4]]]);
});

test("a stream joined from a position the page already holds (a loaded log) starts there", () => {
  const { feed, applied, joins } = setup();
  feed.rejoin("a", 40);
  assert.deepEqual(joins, [["a", 40]]);
  assert.equal(feed.receive(batch("a", 41, 42, [42])), "waiting"); // pushed during the join
  assert.equal(feed.receive(batch("a", 40, 41, [41]), true), "applied");
  assert.deepEqual(applied, [["a", [41]], ["a", [42]]]);
  assert.equal(feed.position("a"), 42);
  feed.rejoin("a", 10); // never backwards
  assert.deepEqual(joins[joins.length - 1], ["a", 42]);
});
