// Shared by every page that follows a session live: connects with the page's token,
// asks for what it has not seen yet (last_seq), and hands each event to the page once.
"use strict";

window.SessionClient = function SessionClient(onEvent, onStatus) {
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const texts = boot.texts;
  let lastSeq = 0;
  const socket = io({ auth: { token: boot.token }, transports: ["websocket"] });

  function join() {
    socket.emit("join", { last_seq: lastSeq }, (reply) => {
      if (!reply || !reply.ok) onStatus("error", reply && reply.error);
    });
  }
  socket.on("connect", () => { onStatus("online"); join(); });
  socket.on("disconnect", () => onStatus("offline"));
  socket.on("connect_error", (err) => onStatus("error", { reason: err.message }));
  socket.on("events", (events) => {
    for (const event of events) {
      if (event.seq <= lastSeq) continue; // already seen before a reconnection
      lastSeq = event.seq;
      onEvent(event);
    }
  });

  return {
    texts,
    workspace: boot.workspace,
    contacts: boot.contacts,
    t: (key) => texts[key] || key,
    act(type, data) {
      return new Promise((resolve) => socket.emit(type, data || {}, resolve));
    },
  };
};
