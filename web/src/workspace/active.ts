// One active contact drives the desk (issue 22): its customer's record, its principal, its
// templates and its bookings follow it. The record is the one the candidate tied to the
// contact (« Rattacher au contact »), else the one whose phone or e-mail is the caller's (the
// caller ID a real desk matches), else the one created during it; opening another record
// is a deliberate act the CRM shows as « fiche consultée », and changing contact closes it.
// Pure reads of the desk: contact ids come from the events, never from the deck.

import { calendar, dateText, timeText, whenText } from "./formats";
import { type Desk, isOpen, type Principal } from "./model";
import { type ContactView, own } from "./reducer";
import { digits, fold, type Searchable, withEnglishNames } from "./text";

/** Every record the candidate can reach: the deck's, as they updated them, and their own. */
export function allRecords(desk: Desk): Searchable[] {
  const state = desk.state.value;
  const list: Searchable[] = desk.dossier.crm.map((r) => ({
    id: r.id,
    fields: {
      last_name: r.last_name,
      first_name: r.first_name,
      civility: r.civility ?? "",
      company: r.company ?? "",
      principal: r.principal,
      phone: r.phone,
      email: r.email,
      address: r.address,
      notes: r.notes,
      ...(own(state.records, r.id) ?? {}),
    },
    refs: r.history.map((h) => h.ref).filter(Boolean),
  }));
  for (const [id, fields] of Object.entries(state.records)) {
    if (!desk.dossier.crm.some((r) => r.id === id)) list.push({ id, fields, refs: [] });
  }
  return list;
}

export function selectedView(desk: Desk): ContactView | undefined {
  const id = desk.selected.value;
  return id === null ? undefined : own(desk.state.value.contacts, id);
}

/** The contact being handled: the one in the conversation, while it is open. */
export function activeContact(desk: Desk): ContactView | undefined {
  const c = selectedView(desk);
  return c !== undefined && isOpen(c) ? c : undefined;
}

/** The id actions attach to: the active contact's, or "" when none is open. */
export function openContact(desk: Desk): string {
  return activeContact(desk)?.id ?? "";
}

/** The field a contact's tie to a record is kept in (a draft: it survives reloads). */
export const linkField = (contactId: string) => `record:${contactId}`;

export type Identified = "linked" | "created" | "caller_id";

/** The customer's record of contact `c`, and how it was found; null: not identified yet.
 * Tied on purpose first; then recognised by the caller's number or address (a record created
 * during the call for someone else does not displace it); then created during the contact. */
export function recordOf(desk: Desk, c: ContactView): { id: string; how: Identified } | null {
  const linked = desk.drafts.get(linkField(c.id)).value;
  if (linked) return { id: linked, how: "linked" };
  const from = c.sender.trim();
  const number = digits(from);
  const same = !from
    ? []
    : allRecords(desk).filter((r) =>
        from.includes("@") ? fold(r.fields["email"] ?? "") === fold(from) : number.length >= 6 && digits(r.fields["phone"] ?? "") === number,
      );
  if (same.length === 1 && same[0]) return { id: same[0].id, how: "caller_id" };
  const made = desk.state.value.operations.find(
    (op) => op.kind === "crm.record_created" && (op.payload as { contact_id?: string }).contact_id === c.id,
  );
  return made ? { id: (made.payload as { record_id: string }).record_id, how: "created" } : null;
}

export function principalOf(desk: Desk, c: ContactView): Principal | undefined {
  return desk.dossier.principals.find((p) => p.id === c.principal);
}

/** The record the CRM shows: the one consulted, else the selected contact's customer's. */
export function shownRecord(desk: Desk): { id: string; consulted: boolean } | null {
  const c = selectedView(desk);
  const mine = c === undefined ? null : recordOf(desk, c);
  const consulted = desk.record.value;
  if (consulted !== null && consulted !== mine?.id) return { id: consulted, consulted: true };
  return mine === null ? null : { id: mine.id, consulted: false };
}

/** Whom a booking is for: the active contact's customer, else (no contact, or a customer not
 * identified) the record consulted; "" when neither. */
export function bookingRecord(desk: Desk): string {
  const c = activeContact(desk);
  return (c === undefined ? null : recordOf(desk, c))?.id ?? desk.record.value ?? "";
}

function fieldsOf(desk: Desk, id: string): Readonly<Record<string, string>> {
  return allRecords(desk).find((r) => r.id === id)?.fields ?? {};
}

/** A customer not identified yet: what the contact itself says (name, number or address). */
function fromContact(c: ContactView): Record<string, string> {
  const words = c.customer.trim().split(/\s+/);
  const written = c.channel === "email" || c.channel === "complaint";
  return {
    last_name: words.length > 1 ? (words[words.length - 1] ?? "") : c.customer,
    first_name: words.slice(0, -1).join(" "),
    phone: written ? "" : c.sender,
    email: written ? c.sender : "",
  };
}

/** The file number the contact is about: a reference of the record's history that its subject
 * or its conversation names (the complaint about F-2204); "" when none is named. */
function referenceOf(desk: Desk, c: ContactView, id: string | undefined): string {
  const refs = desk.dossier.crm.find((r) => r.id === id)?.history.map((h) => h.ref).filter(Boolean) ?? [];
  const said = fold([c.subject, ...c.lines.map((l) => l.text)].join(" "));
  return refs.find((ref) => said.includes(fold(ref))) ?? "";
}

/** Every template variable's value for contact `c`, from its customer, principal and booking. */
export function templateValues(desk: Desk, c: ContactView): Record<string, string> {
  const rec = recordOf(desk, c);
  const fields = rec === null ? fromContact(c) : fieldsOf(desk, rec.id);
  const principal = principalOf(desk, c) ?? desk.dossier.principals.find((p) => p.id === fields["principal"]);
  const booking = [...desk.state.value.bookings]
    .reverse()
    .find((b) => b.contact_id === c.id || (rec !== null && b.record_id === rec.id));
  const f = desk.dossier.formats;
  const at = booking === undefined ? null : calendar(booking.start);
  return withEnglishNames({
    "client.nom": fields["last_name"] ?? "",
    "client.prenom": fields["first_name"] ?? "",
    "client.civilite": fields["civility"] ?? fields["civilite"] ?? "",
    "client.email": fields["email"] ?? "",
    "client.telephone": fields["phone"] ?? "",
    "client.adresse": fields["address"] ?? "",
    "donneur.nom": principal?.name ?? "",
    "donneur.adresse": principal?.address ?? "",
    "donneur.telephone": principal?.phone ?? "",
    "agent.nom": desk.agent,
    date: whenText(desk.dossier.today, f),
    objet: c.subject,
    reference: referenceOf(desk, c, rec?.id),
    "rdv.date": at === null ? "" : dateText(at.when, f),
    "rdv.heure": at?.timed ? timeText(at.when, f) : "",
  });
}
