// Load generator for bench/load.py: N simulated candidates over socket.io-client 4.
//   node generator.js <url> <tokens.json> <seconds> <ramp seconds>
// Each candidate connects (websocket), joins, starts, then sends one action a second:
// picks up an offered contact, writes on the contact it holds, or saves a draft. Its lines
// are a candidate's: greetings, questions, recaps, apologies, statements and goodbyes of
// 10 to 20 words in turn, and on an e-mail or complaint contact a reply of 100 to 200 words. It applies
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
const connectRefusals = {}; // connections refused, by reason (a saturated worker's among them)
let dropped = 0; // connected candidates disconnected (by the server, or a ping that never came)
const drops = {}; // their reasons (socket.io-client's)
const clients = [];
const perWorker = {}; // worker label -> its own acks, injects and counts
const lines = { chat: 0, email: 0 }; // lines sent, by kind

function bucket(label) {
  if (!perWorker[label]) {
    perWorker[label] = { candidates: 0, acks: [], injects: [], delivered: 0, missed: 0, gaps: 0, dups: 0, refused: 0, connected: 0, errors: 0 };
  }
  return perWorker[label];
}

// A candidate's lines, by kind, 10-20 words each (a number of its own keeps every line new).
const LINES = [
  (n) => `Bonjour madame, Julie du Cabinet Martin à votre écoute, que puis-je faire pour vous (${n}) ?`,
  (n) => `Pouvez-vous me rappeler votre numéro de dossier et la date de votre rendez-vous, s'il vous plaît (${n}) ?`,
  (n) => `Je récapitule : votre rendez-vous du vendredi 13 mars à 9 h 30 passe au lundi 16 mars à 10 h 30 (${n}).`,
  (n) => `Je suis vraiment désolée pour l'attente, je vous prie de bien vouloir nous excuser pour ce contretemps (${n}).`,
  (n) => `Le docteur consulte jusqu'à 18 h aujourd'hui, je peux vous proposer un créneau demain matin (${n}).`,
  (n) => `Très bien, je note votre demande et je la transmets au service concerné dès maintenant (${n}).`,
  (n) => `Merci de votre appel madame, je vous souhaite une très bonne journée, au revoir (${n}).`,
];
const EMAIL_SENTENCES = [
  "Madame, nous accusons bonne réception de votre message et nous vous remercions de nous avoir contactés.",
  "Nous comprenons votre mécontentement et nous vous prions de bien vouloir nous excuser pour la gêne occasionnée.",
  "Après vérification de votre dossier, votre rendez-vous du vendredi 13 mars à 9 h 30 est déplacé au lundi 16 mars à 10 h 30.",
  "Le docteur Martin vous recevra au cabinet, au 12 rue des Lilas, et vous pourrez lui remettre les documents demandés.",
  "Si cet horaire ne vous convenait pas, vous pouvez nous joindre du lundi au vendredi de 9 h à 18 h au standard.",
  "Nous avons également transmis votre remarque au responsable du cabinet afin qu'une telle situation ne se reproduise pas.",
  "Nous restons à votre disposition pour tout renseignement complémentaire et vous remercions de votre confiance.",
  "Nous vous prions d'agréer, Madame, l'expression de nos salutations distinguées. Julie, Cabinet Martin.",
];
/** A reply of 100 to 200 words, varied by `n`. */
function email(n) {
  const words = 100 + (n * 37) % 101;
  const out = [];
  let count = 0;
  for (let i = n; count < words; i++) {
    const sentence = EMAIL_SENTENCES[i % EMAIL_SENTENCES.length].split(" ");
    const take = sentence.slice(0, words - count);
    out.push(take.join(" "));
    count += take.length;
  }
  return `${out.join(" ")} (${n})`;
}
const WRITTEN = new Set(["email", "complaint"]);
const LINES_PER_CONTACT = { chat: 6, phone: 6, sms: 2, email: 1, complaint: 1 }; // then closed

function candidate(entry, index) {
  const token = typeof entry === "string" ? entry : entry.token;
  const where = typeof entry === "string" ? url : entry.url;
  const w = bucket(typeof entry === "string" ? "0" : String(entry.worker));
  w.candidates += 1;
  const state = { pos: 0, offered: new Map(), active: null, channel: "", started: null, n: 0, held: [], w };
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
        state.offered.set(e.payload.contact_id, e.payload.channel);
        if (state.started && state.started.sim_time !== undefined) {
          // Drift of the simulated clock: when the step came, against when the deck said.
          drifts.push(Math.abs((e.wall_time - state.started.wall_time)
            - (e.sim_time - state.started.sim_time) / state.factor));
        }
      }
      if (e.type === "contact.picked_up") {
        state.channel = state.offered.get(e.payload.contact_id) || "";
        state.said = 0;
        state.offered.delete(e.payload.contact_id);
        state.active = e.payload.contact_id;
      }
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
  socket.on("connect_error", (err) => {
    errors += 1;
    w.errors += 1;
    const why = `connect: ${String(err && err.message).replace(/\d+ s\.$/, "N s.")}`;
    connectRefusals[why] = (connectRefusals[why] || 0) + 1;
  });
  socket.on("disconnect", (reason) => {
    if (reason !== "io client disconnect") {
      dropped += 1;
      w.dropped = (w.dropped || 0) + 1;
      drops[reason] = (drops[reason] || 0) + 1;
    }
  });
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
    const offered = [...state.offered.keys()][0];
    if (!state.active && offered) act("pickup", { contact_id: offered });
    else if (state.active && state.said >= (LINES_PER_CONTACT[state.channel] || 6)) {
      act("close", { contact_id: state.active }); // done with it: the next contact comes
      state.active = null;
    } else if (state.active && WRITTEN.has(state.channel)) {
      state.said += 1;
      act("send", { contact_id: state.active, text: email(index + state.n), subject: "Votre rendez-vous" });
      lines.email += 1;
    } else if (state.active) {
      state.said += 1;
      act("send", { contact_id: state.active, text: LINES[(index + state.n) % LINES.length](state.n) });
      lines.chat += 1;
    }
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
    candidates: tokens.length, connected, errors, lines, dropped, drops, connect_refusals: connectRefusals,
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
