// What a reference field may name, offered as the trainer types (a datalist): the deck's
// principals, CRM records, staff, templates, the contact's own facts, a principal's agenda
// slots, the grids and the scripts. Free text stays possible: a wrong name is kept and the
// check says why, beside the field. Pure: tested by refs.test.ts.

import { type Doc, getAt, idsOf, type Seg } from "./paths";
import type { Choices } from "./model";

export interface Suggestion {
  readonly value: string;
  readonly label: string;
}

function items(doc: Doc, name: string): readonly Record<string, unknown>[] {
  const list = doc[name];
  return Array.isArray(list) ? (list.filter((x) => x && typeof x === "object") as Record<string, unknown>[]) : [];
}

function named(list: readonly Record<string, unknown>[], label: (item: Record<string, unknown>) => string): Suggestion[] {
  return list
    .filter((item) => typeof item.id === "string" && item.id)
    .map((item) => ({ value: item.id as string, label: label(item) }));
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** The variables a template body uses ({{ client.nom }}), in order, once each. */
export function variablesOf(body: string): string[] {
  return [...new Set([...body.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1] ?? ""))];
}

/** The variables of the template the key at `keyPath` (a contact's `key`) names: what its
 * `variables` may say the values of (MC ACVD C3.3 « Les variables correctes »). */
export function keyTemplateVariables(doc: Doc, keyPath: readonly Seg[]): Suggestion[] {
  const id = text(getAt(doc, [...keyPath, "template"]));
  const template = items(doc, "templates").find((t) => t.id === id);
  return template ? variablesOf(text(template.body)).map((v) => ({ value: v, label: v })) : [];
}

/** The suggestions for the field at `path` (its last name decides), or none. */
export function suggestions(doc: Doc, path: readonly Seg[], choices: Choices): Suggestion[] {
  const names = path.filter((s): s is string => typeof s === "string");
  const name = names[names.length - 1] ?? "";
  const parent = names[names.length - 2] ?? "";
  const contact = path[0] === "contacts" && typeof path[1] === "number" ? (getAt(doc, path.slice(0, 2)) as Record<string, unknown> | undefined) : undefined;
  const facts = () => named(Array.isArray(contact?.facts) ? (contact.facts as Record<string, unknown>[]) : [], (f) => text(f.answer));
  switch (name) {
    case "principal":
      return named(items(doc, "principals"), (p) => text(p.name));
    case "record":
      return named(items(doc, "crm"), (r) => `${text(r.last_name)} ${text(r.first_name)}`.trim());
    case "transfer_to":
      return items(doc, "principals").flatMap((p) =>
        named(Array.isArray(p.staff) ? (p.staff as Record<string, unknown>[]) : [], (s) => `${text(s.name)} (${text(p.name)})`),
      );
    case "template":
      return named(items(doc, "templates"), (t) => text(t.title));
    case "script":
      return [
        ...named(items(doc, "scripts"), (s) => text(s.title)),
        ...choices.scripts.filter((s) => !idsOf(doc.scripts).includes(s.id)).map((s) => ({ value: s.id, label: s.title })),
      ];
    case "after":
    case "fact":
      return parent === "facts" || parent === "traps" ? facts() : [];
    case "expected_facts":
      return facts();
    case "grid":
    case "grids":
      return choices.grids.map((g) => ({ value: g.id, label: g.title }));
    case "goto": {
      const script = path[0] === "scripts" && typeof path[1] === "number" ? (getAt(doc, path.slice(0, 2)) as Record<string, unknown> | undefined) : undefined;
      return named(Array.isArray(script?.steps) ? (script.steps as Record<string, unknown>[]) : [], (s) => text(s.question));
    }
    case "slot": {
      const principal = items(doc, "principals").find((p) => p.id === contact?.principal);
      const agenda = Array.isArray(principal?.agenda) ? (principal.agenda as Record<string, unknown>[]) : [];
      return agenda.map((slot) => ({ value: text(slot.start), label: `${text(slot.start)} → ${text(slot.end)}` }));
    }
    default:
      return [];
  }
}
