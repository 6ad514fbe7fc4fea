// Drafts named in words for the staff pages: no raw field name reaches a trainer or a jury member.

import assert from "node:assert/strict";
import { test } from "node:test";
import { draftLabel } from "./drafts";

const texts: Record<string, string> = {
  "draft.reply": "Réponse à {who}",
  "draft.subject": "Objet du message à {who}",
  "draft.via": "Canal de réponse choisi ({who})",
  "draft.why": "Pourquoi ce canal ({who})",
  "draft.template": "Modèle choisi ({who})",
  "draft.urgent": "Marqué urgent ({who})",
  "draft.a_contact": "un contact",
  "draft.crm_search": "Recherche dans le CRM",
  "draft.crm_new": "Nouvelle fiche CRM : {field}",
  "draft.crm_record": "Fiche {record} : {field}",
  "draft.agenda_start": "Agenda : date et heure",
  "draft.agenda_reason": "Agenda : motif",
  "draft.other": "Autre champ",
  "draft.trace_reason": "Trace CRM : motif",
  "draft.report": "Rapport : {kind}",
  "draft.hold": "Annonce de mise en attente ({who})",
  "dossier.notes": "Notes",
  "dossier.phone": "Téléphone",
  "dossier.last_name": "Nom",
};
const t = (key: string, params: Record<string, string | number> = {}) =>
  (texts[key] ?? `MISSING ${key}`).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
const customers: Record<string, string> = { "deplacer-rdv": "Sophie Petit" };
const label = (name: string) => draftLabel(name, (id) => customers[id], t);

test("a composer's fields are named after the contact's customer", () => {
  assert.equal(label("reply:deplacer-rdv"), "Réponse à Sophie Petit");
  assert.equal(label("subject:deplacer-rdv"), "Objet du message à Sophie Petit");
  assert.equal(label("why:deplacer-rdv"), "Pourquoi ce canal (Sophie Petit)");
  assert.equal(label("reply:inconnu"), "Réponse à un contact");
});

test("CRM, agenda and message fields say what they are, never their field name", () => {
  assert.equal(label("crm:q"), "Recherche dans le CRM");
  assert.equal(label("crm:new:phone"), "Nouvelle fiche CRM : Téléphone");
  assert.equal(label("crm:r-petit:last_name"), "Fiche r-petit : Nom");
  assert.equal(label("agenda:dr-martin:start"), "Agenda : date et heure");
  assert.equal(label("agenda:dr-martin:reason"), "Agenda : motif");
  assert.equal(label("trace:reason"), "Trace CRM : motif");
  assert.equal(label("report:notes"), "Rapport : Notes");
  assert.equal(label("futur:champ"), "Autre champ");
  for (const name of ["crm:q", "crm:new:phone", "reply:deplacer-rdv", "futur:champ", "crm", "hold:x"]) {
    assert.ok(!/MISSING|:q|crm:|reply:|futur/.test(label(name)), name);
  }
});
