// A problem's place and a part's item, said for a person.

import assert from "node:assert/strict";
import { test } from "node:test";
import { itemLabel, placeOf, valueLabel } from "./labels";
import { translator } from "./model";

const t = translator({
  "studio.section.contacts": "Contacts",
  "studio.f.customer": "client",
  "studio.f.name": "nom",
  "channel.phone": "Téléphone",
  "studio.reserve": "réserve",
  "studio.f.key": "corrigé",
  "studio.f.label": "ce qui s'est passé",
  "studio.f.answer_points": "ce que la réponse écrite doit donner",
  "studio.f.answer_points.label": "ce que la réponse donne",
});

test("an item by what it is, a problem by where it is", () => {
  const contact = { id: "urgence", at: 1500, channel: "phone", customer: { name: "Bernard Roche" }, subject: "Douleur" };
  assert.equal(itemLabel("contacts", contact, t), "0:25:00 · Téléphone · Bernard Roche — Douleur");
  assert.equal(itemLabel("contacts", { ...contact, extra: true }, t), "réserve · Téléphone · Bernard Roche — Douleur");
  assert.equal(itemLabel("crm", { id: "r1", last_name: "Roche", first_name: "Bernard" }, t), "Roche Bernard");
  assert.equal(itemLabel("crm", { id: "r2", last_name: "Morel", company: "Hôtel des Dunes" }, t), "Morel · Hôtel des Dunes");
  assert.equal(itemLabel("knowledge", { id: "a", body: "Intro\n# Garanties\n" }, t), "Garanties");
  const doc = { contacts: [contact] };
  assert.equal(placeOf(t, doc, "contacts[0].customer.name"), "Contacts › 0:25:00 · Téléphone · Bernard Roche — Douleur › client › nom");
  assert.equal(
    placeOf(t, doc, "contacts[0].key.answer_points[0].label"),
    "Contacts › 0:25:00 · Téléphone · Bernard Roche — Douleur › corrigé › ce que la réponse écrite doit donner › 1 › ce que la réponse donne",
  );
  assert.equal(placeOf(t, doc, "contacts[0].key.anomalies[0].label"), "Contacts › 0:25:00 · Téléphone · Bernard Roche — Douleur › corrigé › anomalies › 1 › ce qui s'est passé");
  assert.equal(valueLabel(t, "channel", "phone"), "Téléphone");
  assert.equal(valueLabel(t, "kind", "invoice"), "invoice");
});
