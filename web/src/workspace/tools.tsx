// The tool tabs beside the conversation: CRM, agendas, message for a principal, knowledge
// base, principals' instructions, end-of-shift reports, briefing.

import { useState } from "preact/hooks";
import { Agendas } from "./agenda";
import { Crm, openContact } from "./crm";
import { type Tool, TOOLS, useDesk } from "./model";
import { Refused, useAction } from "./refusal";
import { fold, slotText } from "./text";
import { lastSearch } from "./drafts";

function Text({ field, label, area = false, type = "text" }: { field: string; label: string; area?: boolean; type?: "text" | "tel" }) {
  const desk = useDesk();
  const v = desk.drafts.get(field);
  return (
    <label>
      {label}
      {area ? (
        <textarea rows={3} value={v.value} onInput={(e) => desk.drafts.set(field, e.currentTarget.value)} />
      ) : (
        <input {...({ type } as { type: "text" })} value={v.value} onInput={(e) => desk.drafts.set(field, e.currentTarget.value)} />
      )}
    </label>
  );
}

/** A message for a principal (CQP C.1.8): who it is for, who called, how to reach them, what. */
function MessageForm() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [saved, setSaved] = useState("");
  const principal = desk.drafts.get("msg:principal");
  const forWhom = desk.drafts.get("msg:for");
  const urgent = desk.drafts.get("msg:urgent");
  const chosen = desk.dossier.principals.find((p) => p.id === principal.value) ?? desk.dossier.principals[0];
  const names = ["msg:caller", "msg:phone", "msg:text", "msg:for", "msg:urgent"];
  return (
    <form
      class="message-form"
      aria-label={t("dossier.messages")}
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved("");
        const ok = await run("take_message", {
          principal: chosen?.id ?? "",
          for_whom: forWhom.value || (chosen?.staff[0]?.id ?? ""),
          caller: desk.drafts.get("msg:caller").value,
          phone: desk.drafts.get("msg:phone").value,
          text: desk.drafts.get("msg:text").value,
          urgent: urgent.value === "1",
          contact_id: openContact(desk),
        });
        if (ok) {
          desk.drafts.clear(...names);
          setSaved(t("desk.message_saved"));
        }
      }}
    >
      <label>
        {t("dossier.principal")}
        <select value={chosen?.id ?? ""} onChange={(e) => desk.drafts.set("msg:principal", e.currentTarget.value)}>
          {desk.dossier.principals.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("dossier.for_whom")}
        <select value={forWhom.value} onChange={(e) => desk.drafts.set("msg:for", e.currentTarget.value)}>
          {(chosen?.staff ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.role})
            </option>
          ))}
        </select>
      </label>
      <Text field="msg:caller" label={t("dossier.caller")} />
      <Text field="msg:phone" label={t("desk.reach")} type="tel" />
      <Text field="msg:text" label={t("dossier.message")} area />
      <label class="check">
        <input type="checkbox" checked={urgent.value === "1"} onChange={(e) => desk.drafts.set("msg:urgent", e.currentTarget.checked ? "1" : "")} />
        {t("desk.msg_urgent")}
      </label>
      <button type="submit">{t("dossier.take_message")}</button>
      {saved ? (
        <p class="ok" role="status">
          {saved}
        </p>
      ) : null}
      <Refused refusal={refusal} />
    </form>
  );
}

function Knowledge() {
  const desk = useDesk();
  const { t } = desk;
  const q = desk.drafts.get("kb:q");
  const [open, setOpen] = useState<string | null>(null);
  const query = fold(q.value);
  const found = desk.dossier.knowledge.filter((a) => !query || fold(`${a.title} ${a.body}`).includes(query));
  const article = desk.dossier.knowledge.find((a) => a.id === open);
  return (
    <div class="knowledge">
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          if (desk.act !== null && q.value.trim()) void desk.act("knowledge_search", { query: q.value, contact_id: openContact(desk) });
        }}
      >
        <label>
          {t("desk.kb_search")}
          <input type="search" value={q.value} onInput={(e) => desk.drafts.set("kb:q", e.currentTarget.value)} />
        </label>
        <button type="submit">{t("desk.search")}</button>
      </form>
      <ul class="results">
        {found.map((a) => (
          <li key={a.id}>
            <button type="button" class="link" aria-current={a.id === open ? "true" : undefined} onClick={() => {
                // Results show as one types: opening one found by a query is a search made.
                if (desk.act !== null && q.value.trim() && lastSearch(desk.state.value, "kb:q") !== q.value.trim())
                  void desk.act("knowledge_search", { query: q.value, contact_id: openContact(desk) });
                setOpen(a.id);
              }}>
              {a.title}
            </button>
          </li>
        ))}
        {found.length === 0 ? <li class="empty">{t("desk.no_result")}</li> : null}
      </ul>
      {/* Rendered server-side by markdown-it with raw HTML disabled (omnisim/deck/markdown.py). */}
      {article ? <article class="md" dangerouslySetInnerHTML={{ __html: article.html }} /> : null}
    </div>
  );
}

function Instructions() {
  const desk = useDesk();
  const { t, lang } = desk;
  return (
    <div class="instructions">
      {desk.dossier.principals.map((p) => (
        <section key={p.id}>
          <h3>
            {p.name} <small>{p.sector}</small>
          </h3>
          <p class="greeting">
            {t("desk.greeting")} « {p.greeting} » · {p.phone}
          </p>
          <ul>
            {p.instructions.map((i, n) => (
              <li key={n} class={i.valid_from ? "temporary" : "permanent"}>
                {i.valid_from ? (
                  <b>
                    {t("desk.temporary")} {slotText(i.valid_from, lang)} → {slotText(i.valid_until, lang)} :{" "}
                  </b>
                ) : null}
                {i.text}
              </li>
            ))}
          </ul>
          <p class="staff">
            {t("dossier.staff")} : {p.staff.map((s) => `${s.name} (${s.role})`).join(", ")}
          </p>
        </section>
      ))}
    </div>
  );
}

/** Read-only desk: the messages the candidate took for the principals, as written. */
function TakenMessages() {
  const desk = useDesk();
  const { t } = desk;
  const taken = desk.state.value.operations.filter((op) => op.kind === "message.taken");
  if (!taken.length) return <p class="empty">—</p>;
  return (
    <ul class="history" aria-label={t("dossier.messages")}>
      {taken.map((op) => {
        const p = op.payload as { principal: string; caller: string; phone: string; text: string; urgent?: boolean };
        const principal = desk.dossier.principals.find((x) => x.id === p.principal)?.name ?? p.principal;
        return (
          <li key={op.at.seq} data-seq={op.at.seq}>
            <b>{principal}</b> · {p.caller} {p.phone}
            {p.urgent ? <span class="badge urgent">{t("desk.urgent")}</span> : null} · <span class="msg-text">{p.text}</span>
          </li>
        );
      })}
    </ul>
  );
}

function Reports() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [saved, setSaved] = useState("");
  const kinds = ["incident", "handover"] as const;
  const written = desk.state.value.operations.filter((op) => op.kind === "report.written");
  return (
    <div class="reports">
      {(desk.act === null ? [] : kinds).map((kind) => (
        <form
          key={kind}
          onSubmit={async (e) => {
            e.preventDefault();
            setSaved("");
            if (await run("report", { kind, text: desk.drafts.get(`report:${kind}`).value })) {
              desk.drafts.clear(`report:${kind}`);
              setSaved(t("desk.report_saved"));
            }
          }}
        >
          <Text field={`report:${kind}`} label={t(`dossier.${kind}`)} area />
          <button type="submit">{t("dossier.write")}</button>
        </form>
      ))}
      {saved ? (
        <p class="ok" role="status">
          {saved}
        </p>
      ) : null}
      <Refused refusal={refusal} />
      {written.length ? (
        <ul class="history">
          {written.map((op) => {
            const p = op.payload as { kind: string; text: string };
            return (
              <li key={op.at.seq} data-seq={op.at.seq}>
                <b>{t(`dossier.${p.kind}`)}</b> · <span class="msg-text">{p.text}</span>
              </li>
            );
          })}
        </ul>
      ) : desk.act === null ? (
        <p class="empty">—</p>
      ) : null}
    </div>
  );
}

export function ToolPanel() {
  const desk = useDesk();
  const { t } = desk;
  const tool = desk.tool.value;
  const panels: Record<Tool, () => preact.JSX.Element> = {
    crm: () => <Crm />,
    agenda: () => <Agendas />,
    message: () => (desk.act !== null ? <MessageForm /> : <TakenMessages />),
    knowledge: () => <Knowledge />,
    instructions: () => <Instructions />,
    report: () => <Reports />,
    // Rendered server-side by markdown-it with raw HTML disabled (omnisim/deck/markdown.py).
    briefing: () => (
      <>
        {desk.dossier.preparation_minutes > 0 && (
          <p class="preparation">{t("desk.preparation", { minutes: desk.dossier.preparation_minutes })}</p>
        )}
        <article class="md" dangerouslySetInnerHTML={{ __html: desk.dossier.briefing_html }} />
      </>
    ),
  };
  return (
    <section class="tools" aria-label={t("desk.tools")}>
      <div role="tablist" class="tabs" aria-label={t("desk.tools")}>
        {TOOLS.map((name) => (
          <button
            key={name}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tool === name}
            aria-controls="tool-panel"
            tabIndex={tool === name ? 0 : -1}
            onClick={() => (desk.tool.value = name)}
            onKeyDown={(e) => {
              const i = TOOLS.indexOf(name);
              const step = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
              if (!step) return;
              const next = TOOLS[(i + step + TOOLS.length) % TOOLS.length] ?? name;
              desk.tool.value = next;
              document.getElementById(`tab-${next}`)?.focus();
            }}
          >
            {t(`desk.tool.${name}`)}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="tool-panel" class="tool-panel" aria-labelledby={`tab-${tool}`} tabIndex={0}>
        {panels[tool]()}
      </div>
    </section>
  );
}
