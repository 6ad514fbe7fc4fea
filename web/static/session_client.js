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

  // Pushes and join answers are batches {stream, after, upto, events} (BRIEF_PROTOCOL):
  // a batch continuing our position is applied, an old one dropped, a gap asks again.
  function take(batch) {
    if (!batch || batch.upto <= lastSeq) return;
    if (batch.after > lastSeq) { join(); return; }
    for (const event of batch.events) {
      if (event.seq > lastSeq) onEvent(event);
    }
    lastSeq = batch.upto;
  }
  function join() {
    socket.emit("join", { last_seq: lastSeq }, (reply) => {
      if (!reply || !reply.ok) onStatus("error", reply && reply.error);
      else take(reply);
    });
  }
  socket.on("connect", () => { onStatus("online"); join(); });
  socket.on("disconnect", () => onStatus("offline"));
  socket.on("connect_error", (err) => onStatus("error", { reason: err.message }));
  socket.on("events", take);

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
