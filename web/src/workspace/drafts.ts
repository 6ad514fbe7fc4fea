// What an unsent draft is, said for a person: the desk saves each field it holds as a draft
// named by its field id (`reply:<contact>`, `agenda:<principal>:start`, `crm:<record>:phone`…);
// a trainer or a jury member reads « Brouillon de réponse — Mme Roche (Tchat) » instead.
// Pure: the names of contacts, principals and records come from the state and the dossier.

import type { Dossier } from "./model";
import { own, type WorkspaceState } from "./reducer";

type T = (key: string, params?: Record<string, string | number>) => string;

/** Who and where a draft belongs to, as the label needs them. */
export interface Names {
  readonly principals: Readonly<Record<string, string>>;
  readonly records: Readonly<Record<string, string>>;
}

// Per-contact fields of the composer and the softphone, by prefix.
const CONTACT_FIELDS: Readonly<Record<string, string>> = {
  reply: "draft.reply",
  subject: "draft.subject",
  why: "draft.why",
  via: "draft.via",
  template: "draft.template",
  hold: "draft.hold",
  transfer: "draft.transfer",
};

// Fields of the tools, by their whole name or their first part.
const TOOL_FIELDS: Readonly<Record<string, string>> = {
  "crm:q": "draft.crm_search",
  "kb:q": "draft.kb_search",
  "trace:reason": "draft.trace",
  "trace:outcome": "draft.trace",
  "follow:action": "draft.followup",
  "follow:due": "draft.followup",
  "call:to": "draft.call",
  "call:text": "draft.call",
};

/** Marks, not texts: shown where they belong (the urgent badge, the record tied to a contact:
 * ./active.ts), never as drafts. */
export function isMark(field: string): boolean {
  return field.startsWith("urgent:") || field.startsWith("record:");
}

/** The human label of a draft field, in the page's language; never the raw field id. */
export function draftLabel(field: string, state: WorkspaceState, names: Names, t: T): string {
  const [head = "", rest = ""] = splitOnce(field);
  const key = CONTACT_FIELDS[head];
  if (key !== undefined) {
    const contact = own(state.contacts, rest);
    if (contact === undefined) return t(key, { who: t("draft.unknown_contact"), channel: "—" });
    return t(key, { who: contact.customer || contact.sender, channel: t(`channel.${contact.channel}`) });
  }
  const tool = TOOL_FIELDS[field];
  if (tool !== undefined) return t(tool);
  if (head === "agenda") {
    const principal = splitOnce(rest)[0];
    return t("draft.agenda", { principal: own(names.principals, principal) ?? principal });
  }
  if (head === "msg") return t("draft.message");
  if (head === "report") return t("draft.report");
  if (head === "crm") {
    const [record = "", name = ""] = splitOnce(rest);
    if (record === "new") return t("draft.crm_new");
    return t("draft.crm_edit", { record: own(names.records, record) ?? record, field: name ? t(`dossier.${name}`) : "" });
  }
  return t("draft.other");
}

/** Principals' and CRM records' names, from the dossier and what the candidate wrote. */
export function namesOf(dossier: Pick<Dossier, "principals" | "crm">, state: WorkspaceState): Names {
  const principals: Record<string, string> = {};
  for (const p of dossier.principals) principals[p.id] = p.name;
  const records: Record<string, string> = {};
  for (const r of dossier.crm) records[r.id] = `${r.last_name} ${r.first_name}`.trim();
  for (const [id, fields] of Object.entries(state.records)) {
    const name = `${fields["last_name"] ?? ""} ${fields["first_name"] ?? ""}`.trim();
    if (name) records[id] = name;
  }
  return { principals, records };
}

function splitOnce(text: string): [string, string] {
  const i = text.indexOf(":");
  return i < 0 ? [text, ""] : [text.slice(0, i), text.slice(i + 1)];
}

// A search box keeps its text after the search ran: that text was used, not left unsent.
const SEARCHES: Readonly<Record<string, string>> = { "crm:q": "crm.searched", "kb:q": "knowledge.searched" };

/** The query of the last logged search of the box ``field`` (`crm:q`, `kb:q`), if any. */
export function lastSearch(state: WorkspaceState, field: string): string | undefined {
  const kind = SEARCHES[field];
  const last = kind === undefined ? undefined : [...state.operations].reverse().find((o) => o.kind === kind);
  const query = (last?.payload as { query?: unknown } | undefined)?.query;
  return typeof query === "string" ? query.trim() : undefined;
}

/** Whether ``text`` in search field ``field`` is the query of the last search of that kind. */
function searched(state: WorkspaceState, field: string, text: string): boolean {
  return lastSearch(state, field) === text.trim();
}

/** The drafts holding text, in the order they were last saved, marks and searches run left out. */
export function unsent(state: WorkspaceState): { field: string; text: string; seq: number; contact: string }[] {
  return Object.entries(state.drafts)
    .filter(([field, d]) => d.text.trim() !== "" && !isMark(field) && !searched(state, field, d.text))
    .map(([field, d]) => ({ field, text: d.text, seq: d.at.seq, contact: d.contact_id }))
    .sort((a, b) => a.seq - b.seq);
}
