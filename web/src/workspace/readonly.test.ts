// The read-only desk (board mirror, jury replay): it cannot act, and what it shows of drafts is
// named for a person in French and English, from the real catalogs.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { signal } from "@preact/signals";
import type { EventOf, EventType, Payloads } from "../generated/protocol";
import { draftLabel, namesOf, unsent } from "./drafts";
import type { Desk, Dossier } from "./model";
import { memoryDrafts, mountMirror, readOnlyDesk, translator } from "./readonly";
import { project } from "./reducer";

/** The flat `key: value` lines of the app's catalogs (web/i18n/<lang>*.yaml) this test needs. */
function catalog(lang: string): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const part of ["", ".mirror", ".desk"]) {
    for (const line of readFileSync(`web/i18n/${lang}${part}.yaml`, "utf8").split("\n")) {
      const m = /^([\w.]+):\s*(.*)$/.exec(line);
      if (m && m[1] && m[2] !== undefined) texts[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
    }
  }
  return texts;
}

function event<K extends EventType>(seq: number, type: K, payload: Payloads[K]): EventOf<K> {
  return { seq, wall_time: seq, sim_time: seq, type, actor: "candidate", actor_id: "", action_id: "", version: 1, payload } as EventOf<K>;
}

const DOSSIER = {
  principals: [{ id: "cabinet", name: "Cabinet Durand" }],
  crm: [{ id: "r1", last_name: "Roche", first_name: "Paul" }],
} as unknown as Dossier;

const state = project([
  event(1, "contact.offered", { contact_id: "tchat-1", channel: "chat", customer_name: "Mme Leroy", subject: "", sender: "", attachments: [], principal: "cabinet", line: "", to_place: false }),
  event(2, "draft.saved", { field: "reply:tchat-1", text: "Je reviens vers vous", contact_id: "tchat-1" }),
  event(3, "draft.saved", { field: "urgent:tchat-1", text: "1", contact_id: "tchat-1" }),
  event(4, "draft.saved", { field: "agenda:cabinet:reason", text: "Détartrage", contact_id: "" }),
  event(5, "draft.saved", { field: "crm:r1:phone", text: "06 12", contact_id: "" }),
  event(6, "draft.saved", { field: "msg:text", text: "Rappeler M. Roche", contact_id: "" }),
  event(7, "draft.saved", { field: "trace:reason", text: "", contact_id: "" }),
  event(8, "draft.saved", { field: "mystery:42", text: "?", contact_id: "" }),
]);

test("drafts are named for a person, in French and in English, never by their field id", () => {
  const names = namesOf(DOSSIER, state);
  const fr = translator(catalog("fr"));
  const en = translator(catalog("en"));
  assert.equal(draftLabel("reply:tchat-1", state, names, fr), "Brouillon de réponse — Mme Leroy (Tchat)");
  assert.equal(draftLabel("reply:tchat-1", state, names, en), "Reply draft — Mme Leroy (Chat)");
  assert.equal(draftLabel("agenda:cabinet:reason", state, names, fr), "Rendez-vous en préparation — Cabinet Durand");
  assert.match(draftLabel("crm:r1:phone", state, names, fr), /Roche Paul \(Téléphone\)/);
  assert.equal(draftLabel("msg:text", state, names, en), "Message for the principal being written");
  for (const { field } of unsent(state)) {
    for (const t of [fr, en]) {
      const label = draftLabel(field, state, names, t);
      assert.ok(!label.includes(field) && !/\b(draft|desk|mirror)\.\w/.test(label), `${field}: ${label}`);
    }
  }
});

test("unsent drafts: texts only, in the order saved; marks and emptied fields left out", () => {
  assert.deepEqual(
    unsent(state).map((d) => d.field),
    ["reply:tchat-1", "agenda:cabinet:reason", "crm:r1:phone", "msg:text", "mystery:42"],
  );
});

test("a search box's text is not unsent once that search ran; a newer text is", () => {
  const log = [
    event(1, "draft.saved", { field: "crm:q", text: "petit", contact_id: "" }),
    event(2, "crm.searched", { query: "petit", contact_id: "" }),
    event(3, "draft.saved", { field: "kb:q", text: "garantie", contact_id: "" }),
  ];
  assert.deepEqual(unsent(project(log)).map((d) => d.field), ["kb:q"]);
  const retyped = project([...log, event(4, "draft.saved", { field: "crm:q", text: "roche", contact_id: "" })]);
  assert.deepEqual(unsent(retyped).map((d) => d.field), ["kb:q", "crm:q"]);
});

test("a read-only desk has no way to act: no act, drafts in memory only, no storage", () => {
  const written: string[] = [];
  const storage = { getItem: () => null, setItem: (k: string) => written.push(k), removeItem: (k: string) => written.push(k) };
  Object.assign(globalThis, { sessionStorage: storage, localStorage: storage });
  try {
    const desk = readOnlyDesk({ dossier: DOSSIER, state: signal(state), texts: {}, lang: "fr" });
    assert.equal(desk.act, null);
    // It shows the candidate's drafts, marks included…
    assert.equal(desk.drafts.get("reply:tchat-1").value, "Je reviens vers vous");
    assert.equal(desk.drafts.get("urgent:tchat-1").value, "1");
    // …and whatever is typed or cleared in it stays in this page's memory.
    desk.drafts.set("crm:q", "Roche", "tchat-1");
    desk.drafts.clear("reply:tchat-1");
    assert.equal(desk.drafts.get("crm:q").value, "Roche");
    assert.deepEqual(written, []);
    const drafts = memoryDrafts();
    drafts.set("reply:x", "texte");
    assert.equal(drafts.get("reply:x").value, "texte");
    assert.deepEqual(written, []);
  } finally {
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
    delete (globalThis as { localStorage?: unknown }).localStorage;
  }
});

test("a mirror refuses a desk that can act", () => {
  const desk = readOnlyDesk({ dossier: DOSSIER, state: signal(state), texts: {}, lang: "fr" });
  const live: Desk = { ...desk, act: async () => ({ ok: true }) as never };
  assert.throws(() => mountMirror({} as HTMLElement, live), /read-only/);
});
