// Trainer console: run the session, watch its log grow, and play any customer.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let count = 0;
  const client = window.SessionClient((event) => {
    count += 1;
    $("count").textContent = String(count);
    const item = document.createElement("li");
    item.value = event.seq;
    const p = event.payload;
    const detail = p.text ? ` — ${p.contact_id}: ${p.text}` : (p.mood !== undefined ? ` — ${p.contact_id}: ${p.mood}` : "");
    item.textContent = `${event.type} (${event.actor})${detail}`;
    $("log").append(item);
    const labels = { "session.paused": "candidate.paused", "session.ended": "candidate.ended" };
    $("status").textContent = labels[event.type] ? client.t(labels[event.type]) : "";
  }, () => {});

  function show(reply) {
    $("error").hidden = Boolean(reply && reply.ok);
    if (reply && !reply.ok) $("error").textContent = `${reply.error.field} : ${reply.error.reason}`;
  }

  for (const c of client.contacts || []) {
    const option = document.createElement("option");
    option.value = c.id;
    option.textContent = `${c.id} — ${c.customer} (${client.t(`channel.${c.channel}`)})`;
    $("play-contact").append(option);
  }
  for (const action of ["start", "pause", "resume", "stop"]) {
    $(action).addEventListener("click", async () => show(await client.act(action)));
  }
  for (const action of ["take_over", "hand_back"]) {
    $(action).addEventListener("click", async () => show(await client.act(action, { contact_id: $("play-contact").value })));
  }
  $("play").addEventListener("submit", async (e) => {
    e.preventDefault();
    const reply = await client.act("say", { contact_id: $("play-contact").value, text: $("say-text").value });
    show(reply);
    if (reply && reply.ok) $("say-text").value = "";
  });
})();
