// Trainer console: start, pause and resume the session; watch its log grow.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  let count = 0;
  const client = window.SessionClient((event) => {
    count += 1;
    $("count").textContent = String(count);
    const item = document.createElement("li");
    item.value = event.seq;
    const detail = event.payload.text ? ` — ${event.payload.text}` : "";
    item.textContent = `${event.type} (${event.actor})${detail}`;
    $("log").append(item);
    const labels = { "session.paused": "candidate.paused", "session.ended": "candidate.ended" };
    $("status").textContent = labels[event.type] ? client.t(labels[event.type]) : "";
  }, () => {});

  for (const action of ["start", "pause", "resume"]) {
    $(action).addEventListener("click", async () => {
      const reply = await client.act(action);
      $("error").hidden = reply && reply.ok;
      if (reply && !reply.ok) $("error").textContent = `${reply.error.field} : ${reply.error.reason}`;
    });
  }
})();
