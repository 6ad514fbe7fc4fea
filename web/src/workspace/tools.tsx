// The tool tabs beside the conversation: CRM, agendas, message for a principal, knowledge
// base, principals' instructions, end-of-shift reports, briefing.

import { useState } from "preact/hooks";
import { Agendas } from "./agenda";
import { openContact } from "./active";
import { Crm } from "./crm";
import { whenText } from "./formats";
import { MessageForm } from "./message";
import { type Tool, TOOLS, useDesk } from "./model";
import { Field } from "./fields";
import { Refused, useAction } from "./refusal";
import { fold } from "./text";
import { lastSearch } from "./drafts";

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
        noValidate
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
  const { t } = desk;
  const formats = desk.dossier.formats;
  return (
    <div class="instructions">
      {desk.dossier.principals.map((p) => (
        <section key={p.id}>
          <h3>
            {p.name} <small>{p.sector}</small>
          </h3>
          <p class="greeting">
            {t("desk.greeting")} « {p.greeting} »{p.phone ? ` · ${p.phone}` : ""}
            {p.email ? ` · ${p.email}` : ""}
          </p>
          <ul>
            {p.instructions.map((i, n) => (
              <li key={n} class={i.valid_from ? "temporary" : "permanent"}>
                {i.valid_from ? (
                  <b>
                    {t("desk.temporary")} {whenText(i.valid_from, formats)} → {whenText(i.valid_until, formats)} :{" "}
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
        const p = op.payload as { principal: string; caller: string; phone: string; text: string; urgent?: boolean; no_number?: boolean };
        const principal = desk.dossier.principals.find((x) => x.id === p.principal)?.name ?? p.principal;
        return (
          <li key={op.at.seq} data-seq={op.at.seq}>
            <b>{principal}</b> · {p.caller} {p.no_number ? `(${t("desk.no_number")})` : p.phone}
            {p.urgent ? <span class="badge urgent">{t("desk.urgent")}</span> : null} · <span class="msg-text">{p.text}</span>
          </li>
        );
      })}
    </ul>
  );
}

/** One end-of-shift report: its text is required, said at the field. */
function ReportForm({ kind }: { kind: "incident" | "handover" }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [saved, setSaved] = useState("");
  return (
    <form
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved("");
        if (await run("report", { kind, text: desk.drafts.get(`report:${kind}`).value })) {
          desk.drafts.clear(`report:${kind}`);
          setSaved(t("desk.report_saved"));
        }
      }}
    >
      <Field field={`report:${kind}`} label={t(`dossier.${kind}`)} area name="text" refusal={refusal} />
      <button type="submit">{t("dossier.write")}</button>
      {saved ? (
        <p class="ok" role="status">
          {saved}
        </p>
      ) : null}
      <Refused refusal={refusal} shown={["text"]} />
    </form>
  );
}

function Reports() {
  const desk = useDesk();
  const { t } = desk;
  const written = desk.state.value.operations.filter((op) => op.kind === "report.written");
  return (
    <div class="reports">
      {desk.act === null ? null : (
        <>
          <ReportForm kind="incident" />
          <ReportForm kind="handover" />
        </>
      )}
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
        <p class="pace-note">{t(desk.factor.value === 1 ? "desk.pace_note_one" : "desk.pace_note", { n: desk.factor.value })}</p>
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
