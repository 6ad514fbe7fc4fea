// The agent workspace: folds the session's events into contacts and conversations.
"use strict";

(function () {
  const contacts = new Map(); // contact_id -> {id, channel, customer, subject, status, messages}
  let selected = null;
  let session = "waiting";
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

  function apply(event) {
    const p = event.payload;
    switch (event.type) {
      case "session.started": case "session.resumed": session = "running"; break;
      case "session.paused": session = "paused"; break;
      case "session.ended": session = "ended"; break;
      case "contact.offered":
        contacts.set(p.contact_id, { id: p.contact_id, channel: p.channel, customer: p.customer_name, subject: p.subject, status: "offered", messages: [] });
        if (selected === null) selected = p.contact_id;
        break;
      case "contact.picked_up": contacts.get(p.contact_id).status = "active"; break;
      case "contact.closed": contacts.get(p.contact_id).status = "closed"; break;
      case "message.sent":
        contacts.get(p.contact_id).messages.push({ actor: event.actor, text: p.text, sim: event.sim_time, seq: event.seq });
        break;
    }
    render();
  }

  function showStatus(text) { $("status").textContent = text; }
  function renderStatus() {
    const labels = { waiting: "candidate.waiting", paused: "candidate.paused", ended: "candidate.ended", running: "" };
    showStatus(labels[session] ? t(labels[session]) : "");
    $("start").hidden = session !== "waiting";
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
    if (contacts.size === 0) list.append(el("li", { class: "empty" }, t("candidate.empty")));
    for (const c of contacts.values()) {
      list.append(el("li", {
        class: `${c.status}${c.id === selected ? " selected" : ""}`,
        "data-contact": c.id,
        onclick: () => { selected = c.id; render(); },
      }, el("span", { class: "channel" }, t(`channel.${c.channel}`)), " ",
         el("span", { class: "state" }, t(`status.${c.status}`)), el("br"), c.customer,
         c.subject ? el("div", { class: "subject" }, c.subject) : ""));
    }
  }

  function renderConversation() {
    const pane = $("conversation");
    const c = contacts.get(selected);
    if (!c) { pane.replaceChildren(el("p", { class: "hint" }, t("candidate.select"))); return; }
    const messages = el("ul", { class: "messages" });
    for (const m of c.messages) {
      messages.append(el("li", { class: m.actor, "data-seq": String(m.seq) }, el("time", {}, clock(m.sim)), m.text));
    }
    const running = session === "running";
    const header = el("h2", {}, `${t(`channel.${c.channel}`)} — ${c.customer}`);
    const actions = el("div", { class: "actions" });
    if (c.status === "offered") actions.append(el("button", { id: "pickup", onclick: () => act("pickup", { contact_id: c.id }) }, t("candidate.pickup")));
    if (c.status === "active") actions.append(el("button", { id: "close", onclick: () => act("close", { contact_id: c.id }) }, t("candidate.close")));
    const input = el("input", { id: "reply", type: "text", placeholder: t("candidate.reply_placeholder"), "aria-label": t("candidate.reply_placeholder") });
    const form = el("form", { class: "reply", onsubmit: async (e) => {
      e.preventDefault();
      const text = input.value;
      const reply = await act("send", { contact_id: c.id, text });
      if (reply && reply.ok) input.value = "";
    } }, input, el("button", { id: "send", type: "submit" }, t("candidate.send")));
    if (c.status !== "active" || !running) { input.disabled = true; form.querySelector("button").disabled = true; }
    const typed = document.activeElement && document.activeElement.id === "reply" ? $("reply").value : "";
    pane.replaceChildren(header, messages, actions, form);
    if (typed) { input.value = typed; input.focus(); }
    messages.scrollTop = messages.scrollHeight;
  }

  function render() { renderStatus(); renderContacts(); renderConversation(); }

  $("start").addEventListener("click", () => act("start"));
  render();
})();
