// Load generator for bench/load.py: N simulated candidates over socket.io-client 4.
//   node generator.js <url> <tokens.json> <seconds> <ramp seconds>
// Each candidate connects (websocket), joins, starts, then sends one action a second:
// picks up an offered contact, writes on the contact it holds, or saves a draft. It applies
// pushed batches by their positions (counting gaps and duplicates), and at the end joins
// once more to learn what it missed. Prints one JSON line of figures.
// A token may be given as {"url", "token", "worker"} to send that candidate to another
// worker than <url>; the figures are then also given per worker ("workers").
"use strict";
const { io } = require("socket.io-client");
const fs = require("fs");

const [url, tokensFile, secondsArg, rampArg] = process.argv.slice(2);
const tokens = JSON.parse(fs.readFileSync(tokensFile, "utf8"));
const seconds = Number(secondsArg || 20);
const ramp = Number(rampArg || 5);
const acks = [];
const injects = [];
const drifts = [];
let delivered = 0, missed = 0, gaps = 0, dups = 0, refused = 0, errors = 0, connected = 0;
const refusals = {};
const clients = [];
const perWorker = {}; // worker label -> its own acks, injects and counts

function bucket(label) {
  if (!perWorker[label]) {
    perWorker[label] = { candidates: 0, acks: [], injects: [], delivered: 0, missed: 0, gaps: 0, dups: 0, refused: 0, connected: 0, errors: 0 };
  }
  return perWorker[label];
}

function candidate(entry, index) {
  const token = typeof entry === "string" ? entry : entry.token;
  const where = typeof entry === "string" ? url : entry.url;
  const w = bucket(typeof entry === "string" ? "0" : String(entry.worker));
  w.candidates += 1;
  const state = { pos: 0, offered: new Set(), active: null, started: null, n: 0, held: [], w };
  const socket = io(where, { auth: { token }, transports: ["websocket"], reconnection: false });
  function apply(batch) {
    for (const e of batch.events) {
      delivered += 1;
      w.delivered += 1;
      const late = Date.now() / 1000 - e.wall_time;
      injects.push(late);
      w.injects.push(late);
      if (e.type === "session.started") state.started = e;
      if (e.type === "contact.offered") {
        state.offered.add(e.payload.contact_id);
        if (state.started && state.started.sim_time !== undefined) {
          // Drift of the simulated clock: when the step came, against when the deck said.
          drifts.push(Math.abs((e.wall_time - state.started.wall_time)
            - (e.sim_time - state.started.sim_time) / state.factor));
        }
      }
      if (e.type === "contact.picked_up") { state.offered.delete(e.payload.contact_id); state.active = e.payload.contact_id; }
      if (["contact.closed", "contact.escalated", "contact.transferred"].includes(e.type)) {
        state.offered.delete(e.payload.contact_id);
        if (state.active === e.payload.contact_id) state.active = null;
      }
    }
    state.pos = batch.upto;
  }
  socket.on("events", (batch) => {
    if (batch.upto <= state.pos) { dups += 1; w.dups += 1; return; }
    if (batch.after !== state.pos) { gaps += 1; w.gaps += 1; state.held.push(batch); return; }
    apply(batch);
    state.held.sort((a, b) => a.after - b.after);
    for (const b of state.held.splice(0)) {
      if (b.upto <= state.pos) continue;
      if (b.after === state.pos) apply(b); else state.held.push(b);
    }
  });
  socket.on("connect", () => {
    connected += 1;
    w.connected += 1;
    socket.emit("join", { last_seq: state.pos }, (reply) => {
      if (reply && reply.ok) { for (const e of reply.events) if (e.type === "session.created") state.factor = e.payload.time_factor; apply(reply); }
      act("start", {});
      state.timer = setInterval(tick, 1000);
    });
  });
  socket.on("connect_error", () => { errors += 1; w.errors += 1; });
  state.factor = 60;
  function act(kind, data) {
    state.n += 1;
    const sent = process.hrtime.bigint();
    socket.emit(kind, Object.assign({ action_id: `b${index}-${state.n}` }, data), (reply) => {
      const took = Number(process.hrtime.bigint() - sent) / 1e9;
      acks.push(took);
      w.acks.push(took);
      if (!reply || !reply.ok) {
        w.refused += 1;
        if (kind === "pickup") state.offered.delete(data.contact_id); // gone meanwhile
        if (kind === "send") state.active = null;
        refused += 1;
        const why = reply && reply.error ? reply.error.reason : "none";
        refusals[why] = (refusals[why] || 0) + 1;
      }
    });
  }
  function tick() {
    const offered = [...state.offered][0];
    if (!state.active && offered) act("pickup", { contact_id: offered });
    else if (state.active) act("send", { contact_id: state.active, text: `Bien reçu, je regarde votre dossier (${state.n}).` });
    else act("draft", { field: "note", text: `note ${state.n}` });
  }
  state.socket = socket;
  return state;
}

function pct(values, p) {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main() {
  for (let i = 0; i < tokens.length; i++) {
    clients.push(candidate(tokens[i], i));
    await new Promise((r) => setTimeout(r, (ramp * 1000) / tokens.length));
  }
  const began = Date.now();
  const deliveredAtStart = delivered;
  acks.length = 0; injects.length = 0; // measure the steady state only
  for (const b of Object.values(perWorker)) { b.acks.length = 0; b.injects.length = 0; b.atStart = b.delivered; }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (Date.now() - began) / 1000;
  const steady = delivered - deliveredAtStart;
  for (const b of Object.values(perWorker)) b.steady = b.delivered - b.atStart;
  for (const c of clients) clearInterval(c.timer);
  await new Promise((r) => setTimeout(r, 1500)); // answers in flight
  await Promise.all(clients.map((c) => new Promise((resolve) => {
    if (!c.socket.connected) return resolve();
    c.socket.timeout(10000).emit("join", { last_seq: c.pos }, (err, reply) => {
      if (!err && reply && reply.ok) { missed += reply.events.length; c.w.missed += reply.events.length; }
      resolve();
    });
  })));
  for (const c of clients) c.socket.disconnect();
  console.log(JSON.stringify({
    candidates: tokens.length, connected, errors,
    ack_p50: pct(acks, 0.5), ack_p99: pct(acks, 0.99), acks: acks.length,
    inject_p50: pct(injects, 0.5), inject_p99: pct(injects, 0.99),
    events_per_s: steady / elapsed, delivered, missed, gaps, dups, refused,
    drift_max: drifts.length ? Math.max(...drifts) : null,
    refusals: Object.fromEntries(Object.entries(refusals).sort((a, b) => b[1] - a[1]).slice(0, 3)),
    workers: Object.fromEntries(Object.entries(perWorker).map(([label, b]) => [label, {
      candidates: b.candidates, connected: b.connected, errors: b.errors,
      ack_p50: pct(b.acks, 0.5), ack_p99: pct(b.acks, 0.99), acks: b.acks.length,
      inject_p50: pct(b.injects, 0.5), inject_p99: pct(b.injects, 0.99),
      events_per_s: b.steady / elapsed, delivered: b.delivered, missed: b.missed, gaps: b.gaps, dups: b.dups, refused: b.refused,
    }])),
  }));
  process.exit(0);
}
main();
