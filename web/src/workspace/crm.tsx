// The customer context: the active contact's customer's record first (./active.ts), CRM
// search (name, phone, e-mail or file number, accents and case aside), a record consulted
// deliberately (« fiche consultée », with the way back to the contact's customer, or tied to
// the contact), update, creation with a near-duplicate warning, and logging the interaction
// (reason, outcome, follow-up with a date), each refusal shown at its field.
// CP FFP: "trace l'entretien dans la base et paramètre les actions de suivi"; CQP C.1.8: no
// duplicate records.

import { effect } from "@preact/signals";
import { useState } from "preact/hooks";
import { own } from "./reducer";
import { lastSearch } from "./drafts";
import { allRecords, linkField, openContact, recordOf, selectedView, shownRecord } from "./active";
import { Field } from "./fields";
import { whenText } from "./formats";
import { type Desk, useDesk } from "./model";
import { Refused, useAction } from "./refusal";
import { matches, nearDuplicates, type Searchable } from "./text";

const EDITABLE = ["last_name", "first_name", "civility", "company", "phone", "email", "address", "notes"] as const;
const KINDS: Readonly<Record<string, "tel" | "email">> = { phone: "tel", email: "email" };

/** A customer's file as a list shows it: name, company, phone or e-mail, address (homonyms
 * apart: two Martin, one at a hotel); never its handle, which means nothing to a candidate. */
function said(r: { fields: Record<string, string | undefined> }): string {
  const name = `${r.fields["last_name"] ?? ""} ${r.fields["first_name"] ?? ""}`.trim();
  const f = r.fields;
  return [name, f["company"], f["phone"] || f["email"], f["address"]].filter(Boolean).join(" · ");
}

function nameOf(r: Searchable | undefined): string {
  return r ? `${r.fields["last_name"] ?? ""} ${r.fields["first_name"] ?? ""}`.trim() : "";
}

function Record({ record }: { record: Searchable }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [editing, setEditing] = useState(false);
  const deck = desk.dossier.crm.find((r) => r.id === record.id);
  const ops = desk.state.value.operations.filter(
    (op) => (op.payload as { record_id?: string }).record_id === record.id,
  );
  const f = record.fields;
  const p = `crm:${record.id}`;
  return (
    <article class="record" aria-label={t("desk.record")}>
      <h3>
        {f["last_name"]} {f["first_name"]}
      </h3>
      {!editing ? (
        <dl class="fields">
          {EDITABLE.filter((k) => f[k]).map((k) => (
            <div key={k}>
              <dt>{t(`dossier.${k}`)}</dt>
              <dd>{f[k]}</dd>
            </div>
          ))}
        </dl>
      ) : (
        <form
          noValidate
          class="grid2"
          onSubmit={async (e) => {
            e.preventDefault();
            const fields: Record<string, string> = {};
            for (const k of EDITABLE) {
              const v = desk.drafts.get(`${p}:${k}`).value;
              if (v !== (f[k] ?? "")) fields[k] = v;
            }
            if (await run("crm_update", { record_id: record.id, fields, contact_id: openContact(desk) })) {
              setEditing(false);
              desk.drafts.clear(...EDITABLE.map((k) => `${p}:${k}`));
            }
          }}
        >
          {EDITABLE.map((k) => (
            <Field key={k} field={`${p}:${k}`} label={t(`dossier.${k}`)} type={KINDS[k]} name={`fields.${k}`} refusal={refusal} />
          ))}
          <button type="submit">{t("desk.save")}</button>
        </form>
      )}
      {desk.act !== null && !editing ? (
        <button
          type="button"
          onClick={() => {
            for (const k of EDITABLE) desk.drafts.set(`${p}:${k}`, f[k] ?? "");
            setEditing(true);
          }}
        >
          {t("desk.edit")}
        </button>
      ) : null}
      <h4>{t("desk.history")}</h4>
      <ul class="history">
        {(deck?.history ?? []).map((h, i) => (
          <li key={`d${i}`}>
            {whenText(h.date, desk.dossier.formats)} · {t(`desk.hist.${h.kind}`)} · {h.summary}
            {h.ref ? ` (${h.ref})` : ""}
          </li>
        ))}
        {ops.map((op) => (
          <li key={`o${op.at.seq}`} class="mine">
            {t(`desk.op.${op.kind}`)} · {describe(op.payload)}
          </li>
        ))}
      </ul>
      {desk.act !== null ? <Trace record={record.id} /> : null}
      <Refused refusal={refusal} shown={EDITABLE.map((k) => `fields.${k}`)} />
    </article>
  );
}

function describe(payload: unknown): string {
  const p = payload as Record<string, unknown>;
  const parts = ["summary", "action", "due", "start", "text"].map((k) => p[k]).filter((v) => typeof v === "string" && v);
  if (p["fields"] && typeof p["fields"] === "object") parts.push(Object.values(p["fields"] as object).join(", "));
  return parts.join(" · ");
}

/** The interaction log: a reason and an outcome are both required (an empty log is none). */
function Trace({ record }: { record: string }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [done, setDone] = useState("");
  const reason = desk.drafts.get("trace:reason");
  const outcome = desk.drafts.get("trace:outcome");
  const action = desk.drafts.get("follow:action");
  const due = desk.drafts.get("follow:due");
  return (
    <form
      noValidate
      class="trace"
      aria-label={t("dossier.trace")}
      onSubmit={async (e) => {
        e.preventDefault();
        setDone("");
        const missing = !reason.value.trim() ? "reason" : !outcome.value.trim() ? "outcome" : "";
        if (missing) return run.refuse(missing, t("err.field_required"));
        const contact = openContact(desk) || desk.selected.value || "";
        const summary = `${t("desk.reason")} : ${reason.value.trim()} — ${t("desk.outcome")} : ${outcome.value.trim()}`;
        const traced = await run("crm_trace", { contact_id: contact, record_id: record, summary });
        if (!traced) return;
        desk.drafts.clear("trace:reason", "trace:outcome");
        if (action.value.trim() || due.value) {
          const ok = await run("crm_followup", { contact_id: contact, record_id: record, action: action.value, due: due.value });
          if (!ok) return;
          desk.drafts.clear("follow:action", "follow:due");
        }
        setDone(t("desk.traced"));
      }}
    >
      <h4>{t("dossier.trace")}</h4>
      <Field field="trace:reason" label={t("desk.reason")} name="reason" refusal={refusal} />
      <Field field="trace:outcome" label={t("desk.outcome")} name="outcome" refusal={refusal} />
      <Field field="follow:action" label={t("desk.followup_action")} name="action" refusal={refusal} />
      <Field field="follow:due" label={t("dossier.due")} type="date" name="due" refusal={refusal} />
      <button type="submit">{t("dossier.trace")}</button>
      {done ? <p role="status" class="ok">{done}</p> : null}
      <Refused refusal={refusal} shown={["reason", "outcome", "action", "due"]} />
    </form>
  );
}

function Create() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [dupes, setDupes] = useState<Searchable[] | null>(null);
  const names = ["last_name", "first_name", "civility", "company", "phone", "email"] as const;
  const fields = () => Object.fromEntries(names.map((k) => [k, desk.drafts.get(`crm:new:${k}`).value]));
  const create = async () => {
    const ok = await run("crm_create", { fields: fields(), contact_id: openContact(desk) });
    if (ok) {
      desk.drafts.clear(...names.map((k) => `crm:new:${k}`));
      setDupes(null);
      // It opens as soon as its event is folded (the server names it): as the contact's
      // customer's when it is theirs (./active.ts), else as a record consulted.
      const seqs = run.seqs;
      const open = () => {
        const made = desk.state.value.operations.find((op) => op.kind === "crm.record_created" && seqs.includes(op.at.seq));
        if (made) desk.record.value = (made.payload as { record_id: string }).record_id;
        return made !== undefined;
      };
      if (!open()) {
        const stop = effect(() => {
          if (open()) window.setTimeout(() => stop(), 0);
        });
        window.setTimeout(() => stop(), 5000);
      }
    }
  };
  return (
    <details class="create">
      <summary>{t("dossier.new_record")}</summary>
      <form
        noValidate
        class="grid2"
        onSubmit={(e) => {
          e.preventDefault();
          const found = nearDuplicates(fields(), allRecords(desk));
          if (found.length && dupes === null) setDupes(found);
          else void create();
        }}
      >
        {names.map((k) => (
          <Field key={k} field={`crm:new:${k}`} label={t(`dossier.${k}`)} type={KINDS[k]} name={`fields.${k}`} refusal={refusal} />
        ))}
        {dupes && dupes.length ? (
          <div class="warning" role="alert">
            <p>{t("desk.duplicate_warning")}</p>
            <ul>
              {dupes.map((r) => (
                <li key={r.id}>
                  <button type="button" class="link" onClick={() => (desk.record.value = r.id)}>
                    {said(r)}
                  </button>
                </li>
              ))}
            </ul>
            <button type="button" onClick={() => void create()}>
              {t("desk.create_anyway")}
            </button>
          </div>
        ) : null}
        <button type="submit">{t("dossier.create")}</button>
        <Refused refusal={refusal} shown={names.map((k) => `fields.${k}`)} />
      </form>
    </details>
  );
}

/** Whose record this is: the contact's customer (and how the desk knows), or one consulted. */
function Whose({ desk, records }: { desk: Desk; records: readonly Searchable[] }) {
  const { t } = desk;
  const c = selectedView(desk);
  const shown = shownRecord(desk);
  const mine = c === undefined ? null : recordOf(desk, c);
  const byId = (id: string | undefined) => records.find((r) => r.id === id);
  if (shown?.consulted) {
    const who = c ? c.customer || c.sender : "";
    return (
      <div class="consulted" role="status">
        <p>
          <b>{t("desk.consulted", { name: nameOf(byId(shown.id)) || shown.id })}</b>
          {c ? ` — ${t("desk.consulted_not", { who })}` : ""}
        </p>
        {c !== undefined ? (
          <p class="consulted-actions">
            {mine !== null ? (
              <button type="button" onClick={() => (desk.record.value = null)}>
                {t("desk.back_to_customer", { name: nameOf(byId(mine.id)) || mine.id })}
              </button>
            ) : null}
            {desk.act !== null ? (
              <button
                type="button"
                onClick={() => {
                  desk.drafts.set(linkField(c.id), shown.id, c.id);
                  desk.record.value = null;
                }}
              >
                {t("desk.link_record", { who })}
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
    );
  }
  if (c === undefined) return null;
  if (mine === null) return <p class="customer unknown">{t("desk.customer_unknown", { who: c.customer || c.sender })}</p>;
  return (
    <p class="customer">
      {t("desk.customer_of_contact", { name: nameOf(byId(mine.id)) || mine.id })} <small>({t(`desk.identified.${mine.how}`)})</small>
    </p>
  );
}

export function Crm() {
  const desk = useDesk();
  const { t } = desk;
  const query = desk.drafts.get("crm:q");
  const records = allRecords(desk);
  const found = query.value.trim() ? records.filter((r) => matches(r, query.value)) : [];
  const shown = shownRecord(desk);
  const open = shown === null ? undefined : records.find((r) => r.id === shown.id);
  const contact = desk.selected.value === null ? undefined : own(desk.state.value.contacts, desk.selected.value);
  const mine = contact === undefined ? null : recordOf(desk, contact);
  const search = (q: string) => {
    if (desk.act !== null && q.trim()) void desk.act("crm_search", { query: q, contact_id: openContact(desk) });
  };
  return (
    <div class="crm">
      <Whose desk={desk} records={records} />
      {contact && (contact.customer || contact.sender) && desk.act !== null ? (
        <button
          type="button"
          class="link"
          onClick={() => {
            // The caller's name, or the number or address they come from: one click searches it.
            const q = contact.customer || contact.sender;
            desk.drafts.set("crm:q", q);
            search(q);
          }}
        >
          {t("desk.search_contact", { who: contact.customer || contact.sender })}
        </button>
      ) : null}
      <form
        noValidate
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          search(query.value);
        }}
      >
        <label>
          {t("desk.crm_search")}
          <input type="search" value={query.value} onInput={(e) => desk.drafts.set("crm:q", e.currentTarget.value)} />
        </label>
        <button type="submit">{t("desk.search")}</button>
      </form>
      {query.value.trim() ? (
        <ul class="results" aria-label={t("desk.results")}>
          {found.length === 0 ? <li class="empty">{t("desk.no_result")}</li> : null}
          {found.map((r) => (
            <li key={r.id}>
              <button type="button" class="link" aria-current={r.id === shown?.id ? "true" : undefined} onClick={() => {
                  // Results show as one types: opening one is a search made, logged once per query.
                  if (lastSearch(desk.state.value, "crm:q") !== query.value.trim()) search(query.value);
                  // The contact's own customer is no consultation: the desk follows the contact.
                  desk.record.value = r.id === mine?.id ? null : r.id;
                }}>
                {said(r)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {open ? <Record key={open.id} record={open} /> : null}
      {desk.act !== null ? <Create /> : null}
    </div>
  );
}
