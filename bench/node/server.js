// The Node peer for bench/load.py: a minimal socket.io 4 server speaking OmniSim's event
// shapes (positioned "events" batches, join answers, {"ok", "seq"} acknowledgements).
// Each action is answered and pushed back as the candidate's event plus one customer line;
// "start" and "close" offer the next contact (every fifth an e-mail), "pickup" takes it, so
// that the generator writes the same lines and e-mails as it does to OmniSim.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const port = Number(process.argv[2] || 9100);
const httpServer = http.createServer((req, res) => { res.end("ok"); });
const io = new Server(httpServer, { perMessageDeflate: false, transports: ["websocket"] });
const logs = new Map(); // stream -> events
const offered = new Map(); // stream -> contacts offered so far

function event(stream, seq, type, actor, payload) {
  return { session_id: stream, seq, wall_time: Date.now() / 1000, sim_time: seq, type, actor, payload };
}

io.on("connection", (socket) => {
  const token = String((socket.handshake.auth || {}).token || "");
  const stream = `ex0-${token}`;
  if (!logs.has(stream)) logs.set(stream, [event(stream, 1, "session.created", "system", {})]);
  const log = logs.get(stream);
  socket.join(stream);
  socket.on("join", (data, ack) => {
    const after = Math.max(0, Number((data || {}).last_seq || 0));
    const events = log.slice(after);
    ack({ ok: true, stream, after, upto: log.length, events, more: false });
  });
  socket.onAny((kind, data, ack) => {
    if (kind === "join" || typeof ack !== "function") return;
    const after = log.length;
    const contact = String((data || {}).contact_id || "");
    const mine = kind === "pickup"
      ? event(stream, after + 1, "contact.picked_up", "candidate", { contact_id: contact })
      : kind === "close"
        ? event(stream, after + 1, "contact.closed", "candidate", { contact_id: contact })
        : event(stream, after + 1, "message.sent", "candidate", { text: (data || {}).text || "" });
    const offers = (offered.get(stream) || 0) + 1;
    const reply = kind === "start" || kind === "close"
      ? event(stream, after + 2, "contact.offered", "system", {
          contact_id: `k${offers}`, channel: offers % 5 === 0 ? "email" : "chat", customer_name: "Client",
        })
      : event(stream, after + 2, "message.sent", "customer", { text: "Merci, je note." });
    if (kind === "start" || kind === "close") offered.set(stream, offers);
    log.push(mine, reply);
    ack({ ok: true, seq: [after + 1, after + 2] });
    io.to(stream).emit("events", { stream, after, upto: after + 2, events: [mine, reply] });
  });
});
httpServer.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
