// The customer context: CRM search (name, phone, e-mail or file number, accents and case
// aside), the record with its history, update, creation with a near-duplicate warning, and
// logging the interaction (reason, outcome, follow-up with a date).
// CP FFP: "trace l'entretien dans la base et paramètre les actions de suivi"; CQP C.1.8: no
// duplicate records.

import { effect } from "@preact/signals";
import { useState } from "preact/hooks";
import { own } from "./reducer";
import { lastSearch } from "./drafts";
import { type Desk, isOpen, useDesk } from "./model";
import { Refused, useAction } from "./refusal";
import { isoDateText, matches, nearDuplicates, type Searchable } from "./text";

const EDITABLE = ["last_name", "first_name", "phone", "email", "address", "notes"] as const;

/** Every record the candidate can reach: the deck's, as they updated them, and their own. */
export function allRecords(desk: Desk): Searchable[] {
  const state = desk.state.value;
  const list: Searchable[] = desk.dossier.crm.map((r) => ({
    id: r.id,
    fields: {
      last_name: r.last_name,
      first_name: r.first_name,
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

/** The contact actions attach to: the selected one, if it is still open. */
export function openContact(desk: Desk): string {
  const id = desk.selected.value;
  const c = id === null ? undefined : own(desk.state.value.contacts, id);
  return c !== undefined && isOpen(c) ? c.id : "";
}

function Field({ field, label, type = "text" }: { field: string; label: string; type?: "text" | "date" | "email" | "tel" }) {
  const desk = useDesk();
  const value = desk.drafts.get(field);
  // The cast picks one member of preact's per-type input props: the union is not one of them.
  const kind = { type } as { type: "text" };
  return (
    <label>
      {label}
      <input {...kind} value={value.value} onInput={(e) => desk.drafts.set(field, e.currentTarget.value)} />
    </label>
  );
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
        {f["last_name"]} {f["first_name"]} <small>{record.id}</small>
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
            <Field key={k} field={`${p}:${k}`} label={t(`dossier.${k}`)} />
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
            {isoDateText(h.date, desk.lang)} · {t(`desk.hist.${h.kind}`)} · {h.summary}
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
      <Refused refusal={refusal} />
    </article>
  );
}

function describe(payload: unknown): string {
  const p = payload as Record<string, unknown>;
  const parts = ["summary", "action", "due", "start", "text"].map((k) => p[k]).filter((v) => typeof v === "string" && v);
  if (p["fields"] && typeof p["fields"] === "object") parts.push(Object.values(p["fields"] as object).join(", "));
  return parts.join(" · ");
}

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
      class="trace"
      aria-label={t("dossier.trace")}
      onSubmit={async (e) => {
        e.preventDefault();
        const contact = openContact(desk) || desk.selected.value || "";
        const summary = `${t("desk.reason")} : ${reason.value} — ${t("desk.outcome")} : ${outcome.value}`;
        const traced = await run("crm_trace", { contact_id: contact, record_id: record, summary });
        if (!traced) return;
        desk.drafts.clear("trace:reason", "trace:outcome");
        if (action.value.trim()) {
          const ok = await run("crm_followup", { contact_id: contact, record_id: record, action: action.value, due: due.value });
          if (!ok) return;
          desk.drafts.clear("follow:action", "follow:due");
        }
        setDone(t("desk.traced"));
      }}
    >
      <h4>{t("dossier.trace")}</h4>
      <Field field="trace:reason" label={t("desk.reason")} />
      <Field field="trace:outcome" label={t("desk.outcome")} />
      <Field field="follow:action" label={t("desk.followup_action")} />
      <Field field="follow:due" label={t("dossier.due")} type="date" />
      <button type="submit">{t("dossier.trace")}</button>
      {done ? <p role="status" class="ok">{done}</p> : null}
      <Refused refusal={refusal} />
    </form>
  );
}

function Create() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [dupes, setDupes] = useState<Searchable[] | null>(null);
  const names = ["last_name", "first_name", "phone", "email"] as const;
  const fields = () => Object.fromEntries(names.map((k) => [k, desk.drafts.get(`crm:new:${k}`).value]));
  const create = async () => {
    const ok = await run("crm_create", { fields: fields(), contact_id: openContact(desk) });
    if (ok) {
      desk.drafts.clear(...names.map((k) => `crm:new:${k}`));
      setDupes(null);
      // The new record opens as soon as its event is folded (the server names it).
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
        class="grid2"
        onSubmit={(e) => {
          e.preventDefault();
          const found = nearDuplicates(fields(), allRecords(desk));
          if (found.length && dupes === null) setDupes(found);
          else void create();
        }}
      >
        {names.map((k) => (
          <Field key={k} field={`crm:new:${k}`} label={t(`dossier.${k}`)} type={k === "email" ? "email" : k === "phone" ? "tel" : "text"} />
        ))}
        {dupes && dupes.length ? (
          <div class="warning" role="alert">
            <p>{t("desk.duplicate_warning")}</p>
            <ul>
              {dupes.map((r) => (
                <li key={r.id}>
                  <button type="button" class="link" onClick={() => (desk.record.value = r.id)}>
                    {r.fields["last_name"]} {r.fields["first_name"]} · {r.fields["phone"] || r.fields["email"] || r.id}
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
        <Refused refusal={refusal} />
      </form>
    </details>
  );
}

export function Crm() {
  const desk = useDesk();
  const { t } = desk;
  const query = desk.drafts.get("crm:q");
  const records = allRecords(desk);
  const found = query.value.trim() ? records.filter((r) => matches(r, query.value)) : [];
  const open = desk.record.value === null ? undefined : records.find((r) => r.id === desk.record.value);
  const contact = desk.selected.value === null ? undefined : own(desk.state.value.contacts, desk.selected.value);
  const search = (q: string) => {
    if (desk.act !== null && q.trim()) void desk.act("crm_search", { query: q, contact_id: openContact(desk) });
  };
  return (
    <div class="crm">
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
              <button type="button" class="link" aria-current={r.id === desk.record.value ? "true" : undefined} onClick={() => {
                  // Results show as one types: opening one is a search made, logged once per query.
                  if (lastSearch(desk.state.value, "crm:q") !== query.value.trim()) search(query.value);
                  desk.record.value = r.id;
                }}>
                {r.fields["last_name"]} {r.fields["first_name"]} · {r.fields["phone"] || r.fields["email"] || ""} · {r.id}
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
