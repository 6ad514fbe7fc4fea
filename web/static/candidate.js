// The agent workspace. Its state is the one projection of the attempt's log, folded in the
// browser by the bundled reducer (web/src/workspace/reducer.ts, checked against the server's
// omnisim/workspace.py on golden logs); this file only renders it and sends actions.
"use strict";

(function () {
  const W = window.OmniSimWorkspace;
  let state = W.initial();
  let selected = null;
  const $ = (id) => document.getElementById(id);

  const client = window.SessionClient(apply, (state, error) => {
    if (state === "offline") showStatus(client.t("candidate.offline"));
    if (state === "online") renderStatus();
    if (error) showError(error);
  });
  const t = client.t;

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function clock(sim) {
    const s = Math.floor(sim);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
  }

  const session = () => (state.status === "ready" ? "waiting" : state.status);
  const contactOf = (id) => (id === null ? undefined : W.own(state.contacts, id));

  function apply(event) {
    state = W.reduce(state, event);
    if (event.type === "contact.offered" && selected === null) selected = event.payload.contact_id;
    for (const listener of (window.Workspace ? window.Workspace.listeners : [])) listener(event);
    render();
  }

  function showStatus(text) { $("status").textContent = text; }
  function renderStatus() {
    const labels = { waiting: "candidate.waiting", paused: "candidate.paused", ended: "candidate.ended", running: "" };
    showStatus(labels[session()] ? t(labels[session()]) : "");
    $("start").hidden = session() !== "waiting" || client.mode === "exam";
  }
  function showError(error) {
    $("error").hidden = false;
    $("error").textContent = `${t("candidate.refused")} — ${error.field || ""} : ${error.reason || ""}`;
  }

  async function act(type, data) {
    const reply = await client.act(type, data);
    if (reply && reply.ok) $("error").hidden = true; else showError((reply && reply.error) || {});
    return reply;
  }

  function renderContacts() {
    const list = $("contacts");
    list.replaceChildren();
    const contacts = Object.values(state.contacts);
    if (contacts.length === 0) list.append(el("li", { class: "empty" }, t("candidate.empty")));
    for (const c of contacts) {
      list.append(el("li", {
        class: `${c.status}${c.id === selected ? " selected" : ""}`,
        "data-contact": c.id,
        onclick: () => { selected = c.id; render(); },
      }, el("span", { class: "channel" }, t(`channel.${c.channel}`)), " ",
         el("span", { class: "state" }, t(`status.${c.status}`)), el("br"), c.customer,
         c.subject ? el("div", { class: "subject" }, c.subject) : ""));
    }
  }

  const workspace = client.workspace || {};
  const staff = (workspace.principals || []).flatMap((p) => p.staff.map((s) => ({ ...s, principal: p.name })));

  const drafts = new Map(); // contact_id -> what the candidate is typing, kept across re-renders
  const replyBy = (channel) => (workspace.reply_by || {})[channel] || channel;

  function draftOf(c) {
    if (!drafts.has(c.id)) {
      drafts.set(c.id, { text: "", channel: replyBy(c.channel), why: "", subject: "", announce: "", transferTo: staff.length ? staff[0].id : "" });
    }
    return drafts.get(c.id);
  }

  function conversationActions(c) {
    const draft = draftOf(c);
    const actions = el("div", { class: "actions" });
    const button = (id, key, handler) => actions.append(el("button", { id, type: "button", onclick: handler }, t(key)));
    if (c.status === "offered") button("pickup", "candidate.pickup", () => act("pickup", { contact_id: c.id }));
    if (c.status === "active" && c.channel === "phone") {
      const announce = el("input", { id: "announcement", type: "text", placeholder: t("candidate.hold_announcement"), "aria-label": t("candidate.hold_announcement") });
      announce.value = draft.announce;
      announce.addEventListener("input", () => { draft.announce = announce.value; });
      actions.append(announce);
      button("hold", "candidate.hold", () => act("hold", { contact_id: c.id, announcement: announce.value }));
    }
    if (c.status === "held") button("unhold", "candidate.unhold", () => act("unhold", { contact_id: c.id }));
    if ((c.status === "active" || c.status === "held") && staff.length) {
      const select = el("select", { id: "transfer-to", "aria-label": t("candidate.transfer_to") },
        ...staff.map((s) => el("option", { value: s.id }, `${s.name} (${s.role}, ${s.principal})`)));
      select.value = draft.transferTo;
      select.addEventListener("change", () => { draft.transferTo = select.value; });
      actions.append(select);
      button("transfer", "candidate.transfer", () => act("transfer", { contact_id: c.id, to: select.value }));
    }
    if (c.status === "active" || c.status === "held") button("close", "candidate.close", () => act("close", { contact_id: c.id }));
    return actions;
  }

  function replyForm(c) {
    const draft = draftOf(c);
    const input = el("textarea", { id: "reply", rows: "2", placeholder: t("candidate.reply_placeholder"), "aria-label": t("candidate.reply_placeholder") });
    const channel = el("select", { id: "reply-channel", "aria-label": t("candidate.channel") },
      ...["chat", "email", "sms", "phone"].map((ch) => el("option", { value: ch }, t(`channel.${ch}`))));
    const why = el("input", { id: "justification", type: "text", placeholder: t("candidate.justification"), "aria-label": t("candidate.justification") });
    const subject = el("input", { id: "subject", type: "text", placeholder: t("candidate.subject"), "aria-label": t("candidate.subject") });
    const counter = el("span", { class: "counter" });
    channel.value = draft.channel;
    input.value = draft.text;
    why.value = draft.why;
    subject.value = draft.subject;
    const sync = () => {
      Object.assign(draft, { text: input.value, channel: channel.value, why: why.value, subject: subject.value });
      why.hidden = channel.value === c.channel || channel.value === replyBy(c.channel);
      subject.hidden = channel.value !== "email";
      counter.textContent = channel.value === "sms" ? `${input.value.length} ${t("candidate.chars")}` : "";
    };
    channel.addEventListener("change", sync);
    for (const field of [input, why, subject]) field.addEventListener("input", sync);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); } });
    const form = el("form", { class: "reply", onsubmit: async (e) => {
      e.preventDefault();
      const data = { contact_id: c.id, text: input.value };
      if (channel.value !== replyBy(c.channel)) data.channel = channel.value;
      if (!why.hidden) data.justification = why.value;
      if (channel.value === "email" && subject.value) data.subject = subject.value;
      const reply = await act("send", data);
      // The form may have been re-rendered while waiting for the ack: clear the draft, not the element.
      if (reply && reply.ok) { Object.assign(draft, { text: "", why: "", subject: "" }); render(); }
    } }, el("div", { class: "options" }, channel, subject, why, counter), input, el("button", { id: "send", type: "submit" }, t("candidate.send")));
    sync();
    if (c.status !== "active" || session() !== "running") {
      for (const field of form.querySelectorAll("textarea, input, select, button")) field.disabled = true;
    }
    return form;
  }

  function renderConversation() {
    const pane = $("conversation");
    const c = contactOf(selected);
    if (!c) { pane.replaceChildren(el("p", { class: "hint" }, t("candidate.select"))); return; }
    const messages = el("ul", { class: "messages" });
    for (const m of c.lines) {
      const label = m.channel !== c.channel ? ` · ${t(`channel.${m.channel}`)}` : "";
      messages.append(el("li", { class: m.actor, "data-seq": String(m.seq) }, el("time", {}, clock(m.sim) + label), m.text));
    }
    const header = el("h2", {}, `${t(`channel.${c.channel}`)} — ${c.customer}`);
    const escalation = c.escalations.length ? c.escalations[c.escalations.length - 1].level : "";
    if (escalation) header.append(" ", el("span", { class: `badge ${escalation}` }, t(`escalation.${escalation}`)));
    const meta = el("p", { class: "meta" });
    if (c.sender) meta.append(`${t("candidate.from")} ${c.sender}`);
    if (c.subject) meta.append(el("br"), `${t("candidate.subject")} : ${c.subject}`);
    if (c.attachments.length) meta.append(el("br"), `${t("candidate.attachments")} : ${c.attachments.join(", ")}`);
    const focusedId = document.activeElement && pane.contains(document.activeElement) ? document.activeElement.id : "";
    pane.replaceChildren(header, meta, messages, conversationActions(c), replyForm(c));
    if (focusedId && $(focusedId)) $(focusedId).focus();
    messages.scrollTop = messages.scrollHeight;
  }

  function render() { renderStatus(); renderContacts(); renderConversation(); }

  $("start").addEventListener("click", () => act("start"));
  render();
  // The dossier panel (dossier.js) acts on the selected contact and follows CRM events.
  window.Workspace = { act, t, el, client, selected: () => selected, state: () => state, listeners: [] };
})();
