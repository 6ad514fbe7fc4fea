// The desk's pure helpers: counting, searching, near duplicates, templates, the clock.

import assert from "node:assert/strict";
import { test } from "node:test";
import {
  clockText,
  distance,
  emptyVariables,
  fillTemplate,
  fold,
  matches,
  nearDuplicates,
  scenarioDate,
  smsCount,
  withEnglishNames,
  wordCount,
} from "./text";

test("words per chat send, as a person counts them", () => {
  assert.equal(wordCount(""), 0);
  assert.equal(wordCount("  Bonjour  "), 1);
  assert.equal(wordCount("Je regarde l'agenda, un instant !"), 5);
  assert.equal(wordCount("C'est-à-dire : 14 h 30 ?"), 4);
});

test("SMS segments as the network counts them: GSM-7 160/153, Unicode 70/67", () => {
  assert.equal(smsCount("").segments, 0);
  assert.deepEqual(smsCount("x".repeat(160)), { length: 160, segments: 1, perSegment: 160, outside: [] });
  assert.equal(smsCount("x".repeat(161)).segments, 2); // concatenated: 153 each
  assert.equal(smsCount("x".repeat(306)).segments, 2);
  assert.equal(smsCount("x".repeat(307)).segments, 3); // issue 22: 307 characters are 3 SMS
  assert.equal(smsCount("€".repeat(80)).length, 160); // an extension character takes two
  assert.equal(smsCount("é à è ù").outside.length, 0); // in the GSM-7 alphabet
  const unicode = smsCount(`Votre rendez-vous est avancé à 10 h, êtes-vous là ?${"x".repeat(20)}`);
  assert.deepEqual(unicode.outside, ["ê"]);
  assert.equal(unicode.perSegment, 67); // over 70: 67 each
  assert.equal(smsCount("ê".repeat(70)).segments, 1);
  assert.equal(smsCount("ê".repeat(71)).segments, 2);
});

const roussel = {
  id: "r-roussel",
  fields: { last_name: "Roussel", first_name: "Claire", phone: "06 81 72 63 54", email: "claire.roussel@exemple.fr" },
  refs: ["DOS-2024-118"],
};

test("CRM search by name, phone, e-mail or file number, accents and case aside", () => {
  assert.equal(fold("  Élodie   GARNIER "), "elodie garnier");
  for (const q of ["ROUSSEL", "claire rous", "Roussel Claire", "0681726354", "06 81 72", "claire.roussel@", "r-roussel", "dos-2024-118"]) {
    assert.ok(matches(roussel, q), q);
  }
  for (const q of ["", "dupont", "99 99", "lefevre"]) assert.ok(!matches(roussel, q), q);
});

test("near duplicates: one letter off, same phone or same e-mail", () => {
  const dupont = { id: "r-dupont", fields: { last_name: "Dupont", first_name: "Jean", phone: "06 12 45 78 90" }, refs: [] };
  const petit = { id: "r-petit", fields: { last_name: "Petit", first_name: "Sophie" }, refs: [] };
  assert.equal(distance("dupont", "dupond"), 1);
  assert.deepEqual(nearDuplicates({ last_name: "Dupond", first_name: "jean" }, [dupont, petit]).map((r) => r.id), ["r-dupont"]);
  assert.deepEqual(nearDuplicates({ last_name: "Martin", phone: "0612457890" }, [dupont, petit]).map((r) => r.id), ["r-dupont"]);
  assert.deepEqual(nearDuplicates({ last_name: "Durand", first_name: "Paul" }, [dupont, petit]), []);
  assert.deepEqual(nearDuplicates({ last_name: "Dupont", first_name: "Marie" }, [dupont]), []);
});

test("templates: known variables filled, the others left to fill", () => {
  const body = "Bonjour {{ client.civilite }} {{client.nom}}, RDV le {{ rdv.date }}.";
  const filled = fillTemplate(body, { "client.nom": "Roussel", "client.civilite": "" });
  assert.equal(filled, "Bonjour {{ client.civilite }} Roussel, RDV le {{ rdv.date }}.");
  assert.deepEqual(emptyVariables(filled), ["client.civilite", "rdv.date"]);
});

test("an English deck's templates are filled with the same record values", () => {
  const values = withEnglishNames({ "client.prenom": "Emma", "client.nom": "Carter", "donneur.nom": "Green Home", "agent.nom": "Julie" });
  const body = "Dear {{ customer.name }}, {{ agent.name }}, {{ principal.name }} ({{ subject }})";
  assert.equal(fillTemplate(body, values), "Dear Emma Carter, Julie, Green Home ({{ subject }})");
  assert.equal(withEnglishNames({ "client.nom": "Carter" })["customer.name"], "Carter");
});

test("the scenario clock: the deck's day and start time plus sim seconds", () => {
  const date = scenarioDate("2026-03-12", "09:00", 41 * 60 + 56);
  assert.equal(clockText(date, "fr"), "09:41:56");
  assert.equal(date.getDate(), 12);
});


test("a variable of the template's own naming stays for the candidate to fill (fmt18)", () => {
  const body = "Bonjour {{ client.nom }}, séjour à l'{{ hotel }} annulé, frais : {{ frais }}.";
  const filled = fillTemplate(body, { "client.nom": "Marchal" });
  assert.equal(filled, "Bonjour Marchal, séjour à l'{{ hotel }} annulé, frais : {{ frais }}.");
  assert.deepEqual(emptyVariables(filled), ["hotel", "frais"]);
});
