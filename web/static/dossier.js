// The candidate's dossier: instructions and agenda of each principal, the CRM, messages and
// end-of-shift reports. Everything typed here is an action of the session, hence logged.
"use strict";

(function () {
  const W = window.Workspace;
  const { t, el } = W;
  const ws = W.client.workspace || {};
  const records = (ws.crm || []).map((r) => ({ id: r.id, label: `${r.last_name} ${r.first_name}`.trim(), phone: r.phone || "" }));

  function field(id, key, type = "text") {
    return el("label", {}, t(key), " ", type === "textarea"
      ? el("textarea", { id, rows: "3", "aria-label": t(key) })
      : el("input", { id, type, "aria-label": t(key) }));
  }
  const value = (id) => document.getElementById(id).value;
  const clear = (...ids) => ids.forEach((id) => { document.getElementById(id).value = ""; });
  async function submit(event, type, data, ...ids) {
    event.preventDefault();
    const reply = await W.act(type, data);
    if (reply && reply.ok) clear(...ids);
  }
  function recordSelect(id) {
    return el("select", { id, "aria-label": t("dossier.record") }, el("option", { value: "" }, "—"),
      ...records.map((r) => el("option", { value: r.id }, `${r.label} ${r.phone}`)));
  }
  function principalSelect(id) {
    return el("select", { id, "aria-label": t("dossier.principal") },
      ...(ws.principals || []).map((p) => el("option", { value: p.id }, p.name)));
  }

  function instructions() {
    const box = el("details", { open: "" }, el("summary", {}, t("candidate.briefing")));
    if (ws.briefing) box.append(el("pre", { class: "briefing" }, ws.briefing));
    for (const p of ws.principals || []) {
      const list = el("ul");
      for (const i of p.instructions) {
        const when = i.valid_from ? ` (${i.valid_from.replace("T", " ")} → ${i.valid_until.replace("T", " ")})` : "";
        list.append(el("li", {}, i.text + when));
      }
      const agenda = el("ul", { class: "agenda" });
      for (const s of p.agenda) {
        agenda.append(el("li", { class: s.free ? "free" : "busy" }, `${s.start.replace("T", " ")} – ${s.end.slice(11)} : ${s.free ? t("dossier.free") : (s.with_whom || t("dossier.busy"))}`));
      }
      const staff = p.staff.map((s) => `${s.name} (${s.role})`).join(", ");
      box.append(el("h3", {}, `${p.name} — ${p.sector}`), list, el("p", {}, `${t("dossier.staff")} : ${staff}`), agenda);
    }
    return box;
  }

  function crm() {
    const trace = el("form", { id: "crm-trace", onsubmit: (e) => submit(e, "crm_trace", {
      contact_id: W.selected() || "", record_id: value("trace-record"), summary: value("trace-summary") }, "trace-summary") },
      el("h3", {}, t("dossier.trace")), recordSelect("trace-record"), field("trace-summary", "dossier.summary"),
      el("button", { type: "submit" }, t("dossier.trace")));
    const create = el("form", { id: "crm-create", onsubmit: (e) => submit(e, "crm_create", {
      contact_id: W.selected() || "", fields: { last_name: value("new-last"), first_name: value("new-first"), phone: value("new-phone"), email: value("new-email") } },
      "new-last", "new-first", "new-phone", "new-email") },
      el("h3", {}, t("dossier.new_record")), field("new-last", "dossier.last_name"), field("new-first", "dossier.first_name"),
      field("new-phone", "dossier.phone"), field("new-email", "dossier.email"), el("button", { type: "submit" }, t("dossier.create")));
    const followup = el("form", { id: "crm-followup", onsubmit: (e) => submit(e, "crm_followup", {
      contact_id: W.selected() || "", record_id: value("followup-record"), action: value("followup-action"), due: value("followup-due") }, "followup-action", "followup-due") },
      el("h3", {}, t("dossier.followup")), recordSelect("followup-record"), field("followup-action", "dossier.action"),
      field("followup-due", "dossier.due"), el("button", { type: "submit" }, t("dossier.followup")));
    return el("details", {}, el("summary", {}, t("dossier.crm")), trace, create, followup);
  }

  function agenda() {
    const slot = el("select", { id: "book-slot", "aria-label": t("dossier.slot") });
    const principal = principalSelect("book-principal");
    const fill = () => {
      const p = (ws.principals || []).find((x) => x.id === principal.value);
      slot.replaceChildren(...(p ? p.agenda : []).map((s) => el("option", { value: s.start }, s.start.replace("T", " "))));
    };
    principal.addEventListener("change", fill);
    fill();
    const form = el("form", { id: "agenda-book", onsubmit: (e) => submit(e, "agenda_book", {
      principal: principal.value, start: slot.value, contact_id: W.selected() || "", record_id: value("book-record") }) },
      principal, slot, recordSelect("book-record"), el("button", { type: "submit" }, t("dossier.book")));
    return el("details", {}, el("summary", {}, t("dossier.agenda")), form);
  }

  function messages() {
    const form = el("form", { id: "take-message", onsubmit: (e) => submit(e, "take_message", {
      principal: value("msg-principal"), for_whom: value("msg-for"), caller: value("msg-caller"), phone: value("msg-phone"),
      text: value("msg-text"), contact_id: W.selected() || "" }, "msg-for", "msg-caller", "msg-phone", "msg-text") },
      principalSelect("msg-principal"), field("msg-for", "dossier.for_whom"), field("msg-caller", "dossier.caller"),
      field("msg-phone", "dossier.phone"), field("msg-text", "dossier.message", "textarea"), el("button", { type: "submit" }, t("dossier.take_message")));
    return el("details", {}, el("summary", {}, t("dossier.messages")), form);
  }

  function reports() {
    const kind = el("select", { id: "report-kind", "aria-label": t("dossier.report_kind") },
      el("option", { value: "handover" }, t("dossier.handover")), el("option", { value: "incident" }, t("dossier.incident")));
    const form = el("form", { id: "report", onsubmit: (e) => submit(e, "report", { kind: kind.value, text: value("report-text") }, "report-text") },
      kind, field("report-text", "dossier.report_text", "textarea"), el("button", { type: "submit" }, t("dossier.write")));
    return el("details", {}, el("summary", {}, t("dossier.reports")), form);
  }

  W.listeners.push((event) => {
    if (event.type === "crm.record_created") {
      const f = event.payload.fields;
      records.push({ id: event.payload.record_id, label: `${f.last_name || ""} ${f.first_name || ""}`.trim(), phone: f.phone || "" });
      for (const id of ["trace-record", "followup-record", "book-record"]) {
        document.getElementById(id).append(el("option", { value: event.payload.record_id }, `${records.at(-1).label} ${records.at(-1).phone}`));
      }
    }
  });

  document.getElementById("dossier").append(instructions(), crm(), agenda(), messages(), reports());
})();
