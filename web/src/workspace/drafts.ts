// What an unsent draft is, in words. The desk saves each field it keeps under a name
// (`reply:<contact>`, `crm:q`, `crm:new:phone`, `agenda:<principal>:start`…); the trainer's
// mirror and the jury's replay list the drafts, and must not show those names raw.

type Translate = (key: string, params?: Record<string, string | number>) => string;

/** Fields kept once for the whole desk. */
const SINGLE: Record<string, string> = {
  "crm:q": "draft.crm_search",
  "kb:q": "draft.kb_search",
  "trace:reason": "draft.trace_reason",
  "trace:outcome": "draft.trace_outcome",
  "follow:action": "draft.follow_action",
  "follow:due": "draft.follow_due",
  "call:to": "draft.call_to",
  "call:text": "draft.call_text",
  "msg:principal": "draft.msg_principal",
  "msg:for": "draft.msg_for",
  "msg:urgent": "draft.msg_urgent",
  "msg:caller": "draft.msg_caller",
  "msg:phone": "draft.msg_phone",
  "msg:text": "draft.msg_text",
};
/** Fields kept per contact (`<prefix>:<contact id>`), named after the contact's customer. */
const PER_CONTACT: Record<string, string> = {
  reply: "draft.reply",
  subject: "draft.subject",
  via: "draft.via",
  why: "draft.why",
  template: "draft.template",
  urgent: "draft.urgent",
  hold: "draft.hold",
  transfer: "draft.transfer",
};
const AGENDA: Record<string, string> = { start: "draft.agenda_start", reason: "draft.agenda_reason" };

/** The words for draft field ``name``; ``customer`` names a contact's customer when known. */
export function draftLabel(name: string, customer: (contactId: string) => string | undefined, t: Translate): string {
  const single = SINGLE[name];
  if (single) return t(single);
  const parts = name.split(":");
  const head = parts[0] ?? "";
  const rest = parts.slice(1);
  const last = rest[rest.length - 1] ?? "";
  const perContact = PER_CONTACT[head];
  if (perContact && rest.length) return t(perContact, { who: customer(rest.join(":")) ?? t("draft.a_contact") });
  if (head === "crm" && rest.length >= 2) {
    const record = rest.slice(0, -1).join(":");
    const field = t(`dossier.${last}`);
    return record === "new" ? t("draft.crm_new", { field }) : t("draft.crm_record", { record, field });
  }
  if (head === "report" && rest.length) return t("draft.report", { kind: t(`dossier.${last}`) });
  const agenda = head === "agenda" ? AGENDA[last] : undefined;
  return agenda ? t(agenda) : t("draft.other");
}
