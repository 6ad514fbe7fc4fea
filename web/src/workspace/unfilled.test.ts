// A line sent over the unfilled-variables warning, as a staff reader's desk shows it
// (./unfilled.tsx): the variables left, named as the warning named them, in French and English
// from the real catalogs; the text split so that only the `{{ … }}` are highlighted.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { signal } from "@preact/signals";
import type { VNode } from "preact";
import type { Dossier } from "./model";
import { readOnlyDesk, translator } from "./readonly";
import { initial, type Line } from "./reducer";
import { unfilledIn, unfilledNote, withVariables } from "./unfilled";

function catalog(lang: string): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const line of readFileSync(`web/i18n/${lang}.mirror.yaml`, "utf8").split("\n")) {
    const m = /^([\w.]+):\s*(.*)$/.exec(line);
    if (m && m[1] && m[2] !== undefined) texts[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
  }
  return texts;
}

const LETTER = "Bonjour {{ client.civilite }} Roussel,\nVotre adresse : {{client.adresse}}.\n{{ client.civilite }}, {{ }}";

function line(text: string, unfilled_ok: boolean): Line {
  return { seq: 7, sim: 70, actor: "candidate", channel: "email", text, reason: "", justification: "", cc: [], attachments: [], unfilled_ok, subject: "RE: Documents" };
}

test("the variables left are named once each, in order, as the desk's warning named them", () => {
  assert.deepEqual(unfilledIn(LETTER), ["{{ client.civilite }}", "{{ client.adresse }}", "{{ … }}"]);
  assert.deepEqual(unfilledIn("Tout est rempli."), []);
});

test("a line sent anyway is marked in French and in English; any other line is not", () => {
  const fr = translator(catalog("fr"));
  const en = translator(catalog("en"));
  const sent = line("Bonjour {{ client.civilite }}, vos pièces à {{ client.adresse }}.", true);
  assert.equal(
    unfilledNote(sent, fr),
    "Envoyé malgré l'avertissement : variables non remplies ({{ client.civilite }}, {{ client.adresse }})",
  );
  assert.equal(
    unfilledNote(sent, en),
    "Sent despite the warning: variables not filled in ({{ client.civilite }}, {{ client.adresse }})",
  );
  // The warning counted the subject too: a text without any says where they were.
  assert.equal(unfilledNote(line("Bonjour Madame.", true), fr), "Envoyé malgré l'avertissement : variables non remplies dans l'objet");
  assert.equal(unfilledNote(line("Bonjour {{ x }}", false), fr), "");
});

test("the text is kept whole; only the variables are in a <mark>", () => {
  const parts = withVariables(LETTER);
  const shown = parts.map((p) => (typeof p === "string" ? p : `[${String((p as VNode<{ children: string }>).props.children)}]`));
  assert.deepEqual(shown, [
    "Bonjour ",
    "[{{ client.civilite }}]",
    " Roussel,\nVotre adresse : ",
    "[{{client.adresse}}]",
    ".\n",
    "[{{ client.civilite }}]",
    ", ",
    "[{{ }}]",
  ]);
  for (const p of parts) if (typeof p !== "string") assert.equal((p as VNode).type, "mark");
  assert.deepEqual(withVariables("Rien à surligner."), ["Rien à surligner."]);
});

test("a read-only desk is a candidate's unless a jury's or trainer's page says it is staff", () => {
  const o = { dossier: {} as Dossier, state: signal(initial()), texts: {}, lang: "fr" };
  assert.equal(readOnlyDesk(o).staff, false); // the candidate's debrief
  assert.equal(readOnlyDesk({ ...o, staff: true }).staff, true); // the jury's replay, the board
});
