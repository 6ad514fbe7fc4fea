// The trainer's board: every candidate of an exam live on one screen, from one feed.
//
// One socket in the exam's board room receives every attempt's batches (and the exam
// stream's); each stream is folded by the shared reducer (../workspace/reducer.ts) with its own
// position (./feed.ts), and each card shows ./summary.ts of its candidate. Drilling into a
// candidate renders the same state read-only, with the trainer's controls: pause/resume that
// candidate, take over a customer and speak as them, hand back, inject a library contact.
// esbuild bundles this into web/static/app/board.js (window.OmniSimBoard).

import { type Signal, signal } from "@preact/signals";
import { render } from "preact";
import { useState } from "preact/hooks";
import type { StoredEvent } from "../generated/protocol";
import { draftLabel } from "../workspace/drafts";
import { type ContactView, initial, reduce, type WorkspaceState } from "../workspace/reducer";
import { type Batch, Feed } from "./feed";
import { MOOD_NAMES, type Summary, summarize } from "./summary";

interface Person {
  readonly id: string;
  readonly name: string;
  readonly number: string;
}

interface LibraryContact {
  readonly id: string;
  readonly customer: string;
  readonly channel: string;
  readonly subject: string;
}

interface Boot {
  readonly texts: Record<string, string>;
  readonly lang: string;
  readonly exam: string;
  readonly mode: string;
  readonly time_factor: number;
  readonly deadlines: Record<string, number>;
  readonly library: readonly LibraryContact[];
  readonly focus: string;
}

interface Candidate {
  readonly person: Person;
  readonly state: WorkspaceState;
  /** Server wall time of the last event folded, to tell the sim time "now" between events. */
  readonly wall: number;
  /** Wall time (client) when the last batch was received, for the latency bench. */
  readonly received: number;
}

interface Reply {
  readonly ok: boolean;
  readonly error?: { readonly field?: string; readonly reason?: string; readonly message?: string };
  readonly [key: string]: unknown;
}

interface Socket {
  on(name: string, handler: (...args: never[]) => void): void;
  emit(name: string, data: unknown, ack?: (reply: Reply) => void): void;
  readonly connected: boolean;
}

declare const io: (options: unknown) => Socket;

const boot = JSON.parse(document.getElementById("boot")!.textContent!) as Boot;
const t = (key: string, params: Record<string, string | number> = {}): string => {
  let text = boot.texts[key] ?? key;
  for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
  return text;
};

const examStream = boot.exam;
const people = signal<readonly Person[]>([]);
const cards = new Map<string, Signal<Candidate>>();
const presence = signal<Readonly<Record<string, boolean>>>({});
const examStatus = signal("ready");
const connected = signal(false);
const now = signal(Date.now() / 1000);
const drilled = signal(boot.focus);
const notice = signal<{ text: string; error: boolean } | null>(null);
let counter = 0;
const prefix = Math.random().toString(36).slice(2, 10);

const socket = io({ auth: { exam: boot.exam, board: true, lang: boot.lang }, transports: ["websocket"] });

const EXAM_STATUS: Record<string, string> = {
  "exam.started": "running",
  "exam.paused": "paused",
  "exam.resumed": "running",
  "exam.stopped": "stopped",
};

function candidateOf(stream: string): Signal<Candidate> | undefined {
  return cards.get(stream.slice(examStream.length + 1));
}

const feed = new Feed<StoredEvent>(
  (stream, events) => {
    if (stream === examStream) {
      for (const e of events as readonly { type: string }[]) {
        const status = EXAM_STATUS[e.type];
        if (status) examStatus.value = status;
      }
      return;
    }
    const card = candidateOf(stream);
    if (card === undefined) return;
    let state = card.value.state;
    let wall = card.value.wall;
    for (const event of events) {
      if (event.seq > state.last.seq) state = reduce(state, event);
      wall = event.wall_time;
    }
    card.value = { ...card.value, state, wall, received: Date.now() / 1000 };
  },
  (stream, pos) => {
    socket.emit("join", { stream, last_seq: pos }, (reply) => {
      if (!reply.ok) return say(reply);
      if (stream === examStream) learnRoster(reply);
      feed.receive(reply as unknown as Batch<StoredEvent>, true);
    });
  },
);

function learnRoster(reply: Reply): void {
  const roster = (reply["candidates"] ?? []) as Person[];
  for (const person of roster) {
    if (!cards.has(person.id)) {
      cards.set(person.id, signal({ person, state: initial(), wall: 0, received: 0 }));
      feed.rejoin(`${examStream}-${person.id}`);
    }
  }
  people.value = roster;
  presence.value = (reply["presence"] ?? {}) as Record<string, boolean>;
}

socket.on("connect", () => {
  connected.value = true;
  feed.rejoin(examStream);
  for (const id of cards.keys()) feed.rejoin(`${examStream}-${id}`);
});
socket.on("disconnect", () => {
  connected.value = false;
});
socket.on("connect_error", (error: never) => {
  tell((error as { message: string }).message, true);
});
socket.on("events", (batch: never) => {
  feed.receive(batch as Batch<StoredEvent>);
});
socket.on("presence", (message: never) => {
  const { candidate, online } = message as { candidate: string; online: boolean };
  presence.value = { ...presence.value, [candidate]: online };
});
setInterval(() => {
  now.value = Date.now() / 1000;
}, 1000);

let fading: ReturnType<typeof setTimeout> | undefined;

/** A success is said for a few seconds; a refusal stays until the next action. */
function tell(text: string, error: boolean): void {
  clearTimeout(fading);
  notice.value = { text, error };
  if (!error) fading = setTimeout(() => (notice.value = null), 6000);
}

function say(reply: Reply | undefined, done = ""): void {
  if (reply === undefined) return;
  if (reply.ok) {
    if (done) tell(done, false);
    else notice.value = null;
    return;
  }
  const e = reply.error ?? {};
  tell(`${e.field ? `${e.field} : ` : ""}${e.reason ?? e.message ?? ""}`, true);
}

function act(type: string, data: Record<string, unknown> = {}): Promise<Reply> {
  counter += 1;
  const payload = { action_id: `${prefix}-${counter}`, ...data };
  return new Promise((resolve) => socket.emit(type, payload, resolve));
}

/** The attempt's sim time now: the last event's, plus the wall time since while it runs. */
function nowSim(c: Candidate): number {
  const s = c.state;
  if (s.status !== "running" || c.wall === 0) return s.last.sim;
  return s.last.sim + Math.max(0, now.value - c.wall) * (s.time_factor || 1);
}

function summaryOf(c: Candidate): Summary {
  return summarize(c.state, boot.deadlines, nowSim(c), presence.value[c.person.id] ?? false);
}

function ago(c: Candidate, summary: Summary): string {
  if (summary.last_activity === null) return t("board.never");
  const seconds = Math.max(0, (nowSim(c) - summary.last_activity.sim) / (c.state.time_factor || 1));
  return seconds < 60
    ? t("board.ago_s", { n: Math.round(seconds) })
    : t("board.ago_min", { n: Math.floor(seconds / 60) });
}

function nameOf(person: string): string {
  return people.value.find((p) => p.id === person)?.name ?? person;
}

function customerName(c: Candidate, contactId: string): string {
  return c.state.contacts[contactId]?.customer ?? contactId;
}

// -- the cards ----------------------------------------------------------------------------

function MoodChip({ mood, label }: { mood: number; label: string }) {
  const name = MOOD_NAMES[mood] ?? "neutral";
  return (
    <span class={`mood mood-${mood}`} title={label}>
      <span class="scale" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((n) => (
          <i class={n <= mood ? "on" : ""} />
        ))}
      </span>
      {t(`mood.${name}`)}
    </span>
  );
}

function Card({ card }: { card: Signal<Candidate> }) {
  const c = card.value;
  const s = summaryOf(c);
  const shown = s.customers.slice(0, 3);
  return (
    <article
      class={`card status-${s.status}${s.online ? "" : " offline"}${s.alerts.length ? " alerting" : ""}${
        drilled.value === c.person.id ? " drilled" : ""
      }`}
      data-candidate={c.person.id}
    >
      <header>
        <button type="button" class="name" onClick={() => (drilled.value = c.person.id)}>
          {c.person.name}
        </button>
        <span class={`presence ${s.online ? "on" : "off"}`}>{t(s.online ? "board.online" : "board.offline")}</span>
      </header>
      <p class="facts">
        <span class="status">{t(`status.attempt.${s.status}`)}</span>
        <span class="open">{t("board.open", { n: s.open_contacts })}</span>
      </p>
      <p class={`sla${s.sla_breaches.length ? " bad" : ""}`}>
        {s.sla_breaches.length ? t("board.sla", { n: s.sla_breaches.length }) : t("board.sla_ok")}
      </p>
      <ul class="customers">
        {shown.map((cu) => (
          <li data-contact={cu.contact_id} class={cu.taken_over ? "taken" : ""}>
            <span class="who">{cu.name}</span>
            <MoodChip mood={cu.mood} label={`${cu.name} : ${t(`mood.${MOOD_NAMES[cu.mood]}`)}`} />
            {cu.taken_over ? <span class="badge">{t("board.taken_short")}</span> : null}
          </li>
        ))}
        {s.customers.length > shown.length ? <li class="more">+{s.customers.length - shown.length}</li> : null}
      </ul>
      <p class="last">{t("board.last", { when: ago(c, s) })}</p>
      {s.alerts.length ? (
        <ul class="alerts" role="alert">
          {s.alerts.map((a) => (
            <li class={`alert-${a.kind}`}>
              {t(`board.alert.${a.kind}`, { customer: a.contact_id ? customerName(c, a.contact_id) : "" })}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

// -- the controls -------------------------------------------------------------------------

function LibraryPicker({ id, onPick, label }: { id: string; onPick: (contact: string) => void; label: string }) {
  const [chosen, setChosen] = useState(boot.library[0]?.id ?? "");
  if (boot.library.length === 0) return <span class="hint">{t("board.library_empty")}</span>;
  return (
    <span class="inject">
      <select id={id} aria-label={t("board.library")} value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
        {boot.library.map((x) => (
          <option value={x.id}>
            {x.customer} — {t(`channel.${x.channel}`)}{x.subject ? ` — ${x.subject}` : ""}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => onPick(chosen)}>
        {label}
      </button>
    </span>
  );
}

function Controls() {
  const exam = async (kind: string) => {
    if (kind === "stop" && !window.confirm(t("board.confirm_stop"))) return; // ends every attempt
    say(await act(kind), t(`board.done.${kind}`));
  };
  const injectAll = async (contact: string) => {
    const reply = await act("inject", { contact_id: contact, candidate: "all" });
    if (!reply.ok) return say(reply);
    const refused = Object.entries((reply["refused"] ?? {}) as Record<string, string>);
    const injected = (reply["injected"] ?? []) as string[];
    const text = [t("board.injected", { n: injected.length }), ...refused.map(([who, why]) => `${nameOf(who)} : ${why}`)];
    tell(text.join(" · "), refused.length > 0);
  };
  return (
    <div class="board-controls">
      <span class="exam-status" data-status={examStatus.value}>
        {t(`board.exam.${examStatus.value}`)}
      </span>
      <span>{t("board.mode", { mode: t(`mode.${boot.mode}`) })}</span>
      <span>{t("board.pace", { factor: boot.time_factor })}</span>
      <button type="button" onClick={() => exam("start")}>{t("board.start_all")}</button>
      <button type="button" onClick={() => exam("pause")}>{t("board.pause_all")}</button>
      <button type="button" onClick={() => exam("resume")}>{t("board.resume_all")}</button>
      <button type="button" onClick={() => exam("stop")}>{t("board.stop_all")}</button>
      <LibraryPicker id="inject-all-contact" onPick={injectAll} label={t("board.inject_all")} />
      <span class={`link ${connected.value ? "on" : "off"}`}>{t(connected.value ? "board.live" : "board.reconnecting")}</span>
    </div>
  );
}

// -- one candidate, read-only, with the trainer's hands on it -------------------------------

function ContactPanel({ who, contact }: { who: string; contact: ContactView }) {
  const [text, setText] = useState("");
  const target = { candidate: who, contact_id: contact.id };
  const mood = contact.moods.length ? contact.moods[contact.moods.length - 1]!.mood : 0;
  const open = contact.status === "offered" || contact.status === "active" || contact.status === "held";
  const moodStepValue = Math.max(0, Math.min(4, [-0.6, -0.2, 0.2, 0.6].filter((b) => mood > b).length));
  return (
    <section class={`contact${contact.taken_over ? " taken" : ""}`} data-contact={contact.id}>
      <header>
        <strong>{contact.customer}</strong> · {t(`channel.${contact.channel}`)} · {t(`board.contact.${contact.status}`)}
        {contact.subject ? ` · ${contact.subject}` : ""}
        <MoodChip mood={moodStepValue} label={t(`mood.${MOOD_NAMES[moodStepValue]}`)} />
        {contact.taken_over ? <span class="badge taken-over">{t("board.taken_over")}</span> : null}
        {contact.escalations.length ? <span class="badge bad">{t(`board.escalation.${contact.escalations[contact.escalations.length - 1]!.level}`)}</span> : null}
      </header>
      <ol class="lines">
        {contact.lines.map((line) => (
          <li class={line.actor}>
            <span class="actor">{t(`actor.${line.actor}`)}</span> {line.text}
          </li>
        ))}
      </ol>
      {open ? (
        <div class="hands">
          {contact.taken_over ? (
            <form
              onSubmit={async (e) => {
                e.preventDefault();
                const reply = await act("say", { ...target, text });
                say(reply);
                if (reply.ok) setText("");
              }}
            >
              <input
                type="text"
                value={text}
                aria-label={t("board.say_as", { customer: contact.customer })}
                placeholder={t("board.say_as", { customer: contact.customer })}
                onInput={(e) => setText((e.target as HTMLInputElement).value)}
              />
              <button type="submit">{t("trainer.say")}</button>
              <button type="button" onClick={async () => say(await act("hand_back", target))}>
                {t("trainer.hand_back")}
              </button>
            </form>
          ) : (
            <button type="button" onClick={async () => say(await act("take_over", target))}>
              {t("board.take_over", { customer: contact.customer })}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** An operation's payload in one line: its texts and fields, ids left out. */
function detail(payload: unknown): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries((payload ?? {}) as Record<string, unknown>)) {
    if (key.endsWith("_id") || value === "" || value === null) continue;
    if (typeof value === "string") parts.push(value);
    else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) parts.push(`${k} : ${String(v)}`);
    }
  }
  const text = parts.join(" · ");
  return text.length > 180 ? `${text.slice(0, 179)}…` : text;
}

function clock(sim: number): string {
  const total = Math.floor(sim);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${Math.floor(total / 3600)}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

function BackOffice({ state }: { state: WorkspaceState }) {
  const drafts = Object.entries(state.drafts).filter(([, d]) => d.text);
  if (state.operations.length === 0 && drafts.length === 0) return null;
  return (
    <section class="backoffice">
      <h3>{t("board.backoffice")}</h3>
      <ol class="operations">
        {state.operations.map((op) => (
          <li>
            <time>{clock(op.at.sim)}</time> <strong>{t(`board.op.${op.kind}`)}</strong> {detail(op.payload)}
          </li>
        ))}
      </ol>
      {drafts.length ? (
        <>
          <h3>{t("board.drafts")}</h3>
          <ul class="drafts">
            {drafts.map(([name, d]) => (
              <li>
                <span class="field">{draftLabel(name, (id) => state.contacts[id]?.customer, t)}</span> : {d.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Drill({ card }: { card: Signal<Candidate> }) {
  const c = card.value;
  const s = summaryOf(c);
  const who = c.person.id;
  const contacts = Object.values(c.state.contacts);
  const one = async (kind: string) => say(await act(kind, { candidate: who }), t(`board.done.${kind}`));
  const inject = async (contact: string) =>
    say(await act("inject", { candidate: who, contact_id: contact }), t("board.injected", { n: 1 }));
  return (
    <aside class="drill" aria-label={t("board.drill", { name: c.person.name })}>
      <header>
        <h2>
          {c.person.name} <small>n° {c.person.number}</small>
        </h2>
        <span class={`presence ${s.online ? "on" : "off"}`}>{t(s.online ? "board.online" : "board.offline")}</span>
        <span class="status">{t(`status.attempt.${s.status}`)}</span>
        {boot.focus ? null : (
          <button type="button" class="close" onClick={() => (drilled.value = "")}>
            {t("board.close")}
          </button>
        )}
      </header>
      {!s.online && s.status !== "ended" ? <p class="warning" role="alert">{t("board.offline_warning")}</p> : null}
      <div class="drill-controls">
        <button type="button" onClick={() => one("pause")}>{t("board.pause_one")}</button>
        <button type="button" onClick={() => one("resume")}>{t("board.resume_one")}</button>
        <LibraryPicker id={`inject-${who}`} onPick={inject} label={t("board.inject_one")} />
      </div>
      <p class="hint">{t("board.mirror")}</p>
      {contacts.length === 0 ? <p class="hint">{t("board.no_contacts")}</p> : null}
      {contacts.map((contact) => (
        <ContactPanel who={who} contact={contact} />
      ))}
      <BackOffice state={c.state} />
    </aside>
  );
}

function Board() {
  const roster = people.value; // the cards exist once the roster is known
  const focus = drilled.value && roster.length ? cards.get(drilled.value) : undefined;
  return (
    <div class={`board${focus ? " drilling" : ""}${boot.focus ? " focus" : ""}`}>
      <Controls />
      {notice.value ? (
        <p id="notice" class={notice.value.error ? "error" : "ok"} role={notice.value.error ? "alert" : "status"}>
          {notice.value.text}
        </p>
      ) : null}
      {boot.focus ? null : (
        <div class="cards" data-count={roster.length}>
          {roster.map((p) => {
            const card = cards.get(p.id);
            return card ? <Card card={card} /> : null;
          })}
        </div>
      )}
      {focus ? <Drill card={focus} /> : null}
    </div>
  );
}

const root = document.getElementById("board")!;
root.textContent = ""; // the "loading" hint the server rendered
render(<Board />, root);

/** For tests and the latency bench: each candidate's state and when it last changed here. */
export function snapshot(): Record<string, { seq: number; received: number; summary: Summary }> {
  const out: Record<string, { seq: number; received: number; summary: Summary }> = {};
  for (const [id, card] of cards) out[id] = { seq: card.value.state.last.seq, received: card.value.received, summary: summaryOf(card.value) };
  return out;
}
