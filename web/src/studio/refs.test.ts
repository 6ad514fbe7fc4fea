// What a reference field offers: the deck's own names, the contact's own facts.

import assert from "node:assert/strict";
import { test } from "node:test";
import { keyTemplateVariables, suggestions } from "./refs";

const choices = {
  grids: [{ id: "cp_ffp", title: "CP FFP" }],
  scripts: [{ id: "prise_rdv", title: "Prise de rendez-vous" }],
  variables: [],
  channels: [],
  rules: [],
};
const doc = {
  principals: [{ id: "dr-martin", name: "Dr Martin", staff: [{ id: "sec", name: "Nadia" }], agenda: [{ start: "2026-03-12T14:00", end: "2026-03-12T14:30" }] }],
  crm: [{ id: "r1", last_name: "Roche", first_name: "Bernard" }],
  contacts: [{ id: "c1", principal: "dr-martin", facts: [{ id: "age", answer: "72 ans" }] }],
  scripts: [{ id: "mien", title: "Le mien" }],
};

test("references offer what the deck holds", () => {
  const values = (path: (string | number)[]) => suggestions(doc, path, choices).map((s) => s.value);
  assert.deepEqual(values(["contacts", 0, "principal"]), ["dr-martin"]);
  assert.deepEqual(values(["contacts", 0, "customer", "record"]), ["r1"]);
  assert.deepEqual(values(["contacts", 0, "key", "transfer_to"]), ["sec"]);
  assert.deepEqual(values(["contacts", 0, "key", "script"]), ["mien", "prise_rdv"]);
  assert.deepEqual(values(["contacts", 0, "facts", 0, "after"]), ["age"]);
  assert.deepEqual(values(["contacts", 0, "key", "crm", 0, "slot"]), ["2026-03-12T14:00"]);
  assert.deepEqual(values(["settings", "grids", 0]), ["cp_ffp"]); // a list's item: its list's name
  assert.deepEqual(values(["contacts", 0, "key", "expected_facts", 0]), ["age"]);
  assert.deepEqual(values(["settings", "grid"]), ["cp_ffp"]);
  assert.deepEqual(values(["contacts", 0, "opening"]), []);
});

test("a key's template variables are those its template's body uses", () => {
  const deck = {
    templates: [{ id: "attestation", title: "Attestation", body: "Bonjour {{ client.nom }}, l'article {{ objet }} ({{ objet }}) du {{date}}." }],
    contacts: [{ id: "c1", key: { template: "attestation" } }, { id: "c2", key: {} }],
  };
  const names = (i: number) => keyTemplateVariables(deck, ["contacts", i, "key"]).map((s) => s.value);
  assert.deepEqual(names(0), ["client.nom", "objet", "date"]);
  assert.deepEqual(names(1), []); // no template named: nothing to offer
});
