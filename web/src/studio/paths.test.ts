// Places in a deck document and immutable edits at them; times and numbers as typed.

import assert from "node:assert/strict";
import { test } from "node:test";
import { clockOf, formatPath, freshId, getAt, idsOf, insertAt, moveAt, numberOf, parsePath, REMOVE, secondsOf, setAt } from "./paths";

test("a path reads as the server writes a problem's field", () => {
  const path = "contacts[3].key.traps[0].protected";
  assert.deepEqual(parsePath(path), ["contacts", 3, "key", "traps", 0, "protected"]);
  assert.equal(formatPath(parsePath(path)), path);
  assert.equal(formatPath([]), "");
});

test("an edit copies only what is on its way and can take a key out", () => {
  const doc = { settings: { title: "A" }, contacts: [{ id: "c1", customer: { name: "X" } }, { id: "c2" }] };
  const next = setAt(doc, ["contacts", 0, "customer", "name"], "Y") as typeof doc;
  assert.equal(getAt(next, ["contacts", 0, "customer", "name"]), "Y");
  assert.equal(getAt(doc, ["contacts", 0, "customer", "name"]), "X"); // untouched
  assert.equal(next.settings, doc.settings); // shared, not copied
  assert.equal(next.contacts[1], doc.contacts[1]);
  const without = setAt(next, ["settings", "title"], REMOVE) as typeof doc;
  assert.deepEqual(without.settings, {});
  const made = setAt({}, ["contacts", 0, "facts", 0, "id"], "f1");
  assert.deepEqual(made, { contacts: [{ facts: [{ id: "f1" }] }] });
  assert.deepEqual(setAt(doc, ["contacts", 0], REMOVE), { ...doc, contacts: [{ id: "c2" }] });
});

test("lists: insert, move, fresh ids", () => {
  const doc = { facts: [{ id: "fait-1" }, { id: "fait-2" }] };
  assert.deepEqual(idsOf((insertAt(doc, ["facts"], { id: "x" }, 0) as typeof doc).facts), ["x", "fait-1", "fait-2"]);
  assert.deepEqual(idsOf((moveAt(doc, ["facts"], 0, 1) as typeof doc).facts), ["fait-2", "fait-1"]);
  assert.equal(moveAt(doc, ["facts"], 0, 5), doc);
  assert.equal(freshId("fait", idsOf(doc.facts)), "fait-3");
});

test("times and numbers are read as a trainer types them", () => {
  assert.equal(secondsOf("25:00"), 1500);
  assert.equal(secondsOf("1:05:00"), 3900);
  assert.equal(secondsOf("90"), 90);
  assert.equal(secondsOf("25:6x"), null);
  assert.equal(clockOf(1500), "0:25:00");
  assert.equal(numberOf("12,5"), 12.5);
  assert.equal(numberOf("-0.3"), -0.3);
  assert.equal(numberOf("12,"), null); // still being typed: kept as text
});
