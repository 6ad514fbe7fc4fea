// Shared by every page that follows a session live: connects with the page's token,
// asks for what it has not seen yet (last_seq), and hands each event to the page once.
"use strict";

window.SessionClient = function SessionClient(onEvent, onStatus) {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const texts = boot.texts;
  let lastSeq = 0;
  const auth = { token: boot.token || "", lang: boot.lang };
  if (boot.exam) auth.exam = boot.exam;
  if (boot.candidate) auth.candidate = boot.candidate;
  const socket = io({ auth, transports: ["websocket"] });
  let counter = 0;
  const prefix = Math.random().toString(36).slice(2, 10);

  // Positions (BRIEF_PROTOCOL): a batch is applied only when it continues lastSeq; a gap
  // is held until a join answer covers it, and a duplicate is dropped.
  let joining = false;
  let held = [];
  function apply(batch) {
    if (batch.upto <= lastSeq) return true;
    if (batch.after !== lastSeq) return false;
    for (const event of batch.events) onEvent(event);
    lastSeq = batch.upto;
    return true;
  }
  function release() {
    let progressed = true;
    while (progressed) {
      progressed = false;
      held.sort((a, b) => a.after - b.after);
      const rest = [];
      for (const batch of held) {
        if (batch.upto <= lastSeq) continue;
        if (batch.after === lastSeq) { apply(batch); progressed = true; } else rest.push(batch);
      }
      held = rest;
    }
  }
  function join() {
    joining = true;
    socket.emit("join", { last_seq: lastSeq }, (reply) => {
      joining = false;
      if (!reply || !reply.ok) { onStatus("error", reply && reply.error); return; }
      apply(reply);
      release();
      if (reply.more || held.length) join();
    });
  }
  socket.on("connect", () => { onStatus("online"); join(); });
  socket.on("disconnect", () => onStatus("offline"));
  socket.on("connect_error", (err) => onStatus("error", { reason: err.message }));
  socket.on("events", (batch) => {
    if (apply(batch)) { release(); return; }
    held.push(batch);
    if (!joining) join();
  });

  return {
    texts,
    workspace: boot.workspace,
    contacts: boot.contacts,
    t: (key) => texts[key] || key,
    mode: boot.mode,
    act(type, data) {
      // Each action carries an id: a resend after a reconnection is answered, not redone.
      counter += 1;
      const payload = Object.assign({ action_id: `${prefix}-${counter}` }, data || {});
      return new Promise((resolve) => socket.emit(type, payload, resolve));
    },
  };
};
