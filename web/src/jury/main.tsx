// The jury's page: live observation (read only), replay of the attempt from its log with one
// lane per contact, evidence that moves the replay to its moment and highlights the event,
// two-handed grading, reconciliation, signatures, interview questions.
//
// esbuild bundles it into web/static/app/jury.js (see package.json "build").

import { batch, computed, effect, signal } from "@preact/signals";
import { render } from "preact";
import { useEffect, useMemo, useRef } from "preact/hooks";
import type { StoredEvent } from "../generated/protocol";
import { Feed, type Batch as FeedBatch } from "../board/feed";
import { type Desk as DeskModel, type Dossier, isOpen } from "../workspace/model";
import { mountMirror, readOnlyDesk } from "../workspace/readonly";
import type { WorkspaceState } from "../workspace/reducer";
import { Api, type CriterionRow, type Evidence, type Grading, type Measure, type Refusal } from "./api";
import { Replay, clock } from "./replay";

interface Boot {
  readonly texts: Record<string, string>;
  readonly lang: string;
  readonly token: string;
  readonly candidate: string;
  readonly me: string;
  readonly my_name: string;
  readonly candidates: readonly { id: string; name: string; number: string }[];
  readonly start_clock: number;
  readonly duration: number;
  readonly time_zone: string;
  readonly exam: string;
  /** The dossier école as the candidate's desk has it: the replay renders that desk. */
  readonly workspace: Dossier;
}

interface Socket {
  on(name: string, handler: (...args: never[]) => void): void;
  emit(name: string, data: unknown, ack?: (reply: { ok: boolean; after?: number; upto?: number; events?: StoredEvent[] }) => void): void;
}
declare const io: (options: unknown) => Socket;

const boot = JSON.parse((document.getElementById("boot") as HTMLElement).textContent ?? "{}") as Boot;
const api = new Api(boot.token, boot.lang);

function t(key: string, params: Record<string, string | number> = {}): string {
  const text = boot.texts[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

const SPEEDS = [1, 4, 16] as const;

// -- state ---------------------------------------------------------------------------------
const replay = new Replay();
const version = signal(0); // bumped when the log grows
const pos = signal(0); // the replayed seq
const sim = signal(0); // the replay's simulated time
const following = signal(true); // live: the position follows the last event
const playing = signal(false);
const speed = signal<number>(1);
const highlighted = signal(0);
const measures = signal<Measure[]>([]);
const grading = signal<Grading | null>(null);
const tab = signal<"grid" | "measures" | "interview">("grid");
const online = signal(false);
const notice = signal("");

const view = computed<WorkspaceState>(() => {
  void version.value;
  return replay.stateAt(pos.value);
});
const lanes = computed(() => {
  void version.value;
  return replay.lanes();
});
const timeFactor = computed(() => {
  void version.value;
  return replay.stateAt(replay.lastSeq).time_factor || 1;
});

function moveTo(seq: number, highlight = false): void {
  const event = replay.event(seq);
  batch(() => {
    following.value = false;
    playing.value = false;
    pos.value = seq;
    sim.value = event ? event.sim_time : sim.value;
    if (highlight) highlighted.value = seq;
  });
  if (highlight) reveal(seq);
}

function atSim(value: number): void {
  batch(() => {
    following.value = false;
    sim.value = Math.max(0, Math.min(value, replay.lastSim));
    pos.value = replay.seqAtSim(sim.value);
  });
}

function follow(): void {
  batch(() => {
    following.value = true;
    playing.value = false;
    pos.value = replay.lastSeq;
    sim.value = replay.lastSim;
  });
}

let measuresDue = 0;
function grow(events: readonly StoredEvent[]): void {
  if (!replay.append(events)) return;
  batch(() => {
    version.value += 1;
    if (following.value) {
      pos.value = replay.lastSeq;
      sim.value = replay.lastSim;
    }
  });
  // Measures update live, at most every 1.5 s however fast events come (a throttle: a
  // debounce would never fire while the clock ticks).
  if (!measuresDue) {
    measuresDue = window.setTimeout(() => {
      measuresDue = 0;
      void refreshMeasures();
    }, 1500);
  }
}

async function refreshMeasures(): Promise<void> {
  measures.value = await api.measures(boot.candidate);
}

async function refreshGrading(): Promise<void> {
  grading.value = await api.grading(boot.candidate);
}

// Playing: the simulated clock runs at ×1 as the candidate lived it (the deck's pace), ×4, ×16.
let lastTick = 0;
function tick(now: number): void {
  if (playing.value) {
    const dt = lastTick ? (now - lastTick) / 1000 : 0;
    const next = sim.value + dt * speed.value * timeFactor.value;
    if (next >= replay.lastSim) {
      batch(() => {
        sim.value = replay.lastSim;
        pos.value = replay.lastSeq;
        playing.value = false;
      });
    } else {
      batch(() => {
        sim.value = next;
        pos.value = replay.seqAtSim(next);
      });
    }
  }
  lastTick = now;
  window.requestAnimationFrame(tick);
}

// Live: the jury follows two streams over one socket.io connection, by the shared
// {after, upto} contract (../board/feed.ts keeps a position per stream): the attempt (the
// replay grows) and the exam's grading stream, which the server sends each jury member
// through the blind rule (omnisim/jury/blind.py, docs/protocol.md). No polling: the grading view is
// read again only when a push says another member did something about this candidate.
function connect(): void {
  const socket = io({ auth: { token: boot.token, lang: boot.lang, candidate: boot.candidate }, transports: ["websocket"] });
  const attempt = `${boot.exam}-${boot.candidate}`;
  const grading = `${boot.exam}-grading`;
  let gradingKnown = false; // the view is read once the grading stream is joined, then on pushes
  const feed = new Feed<StoredEvent>(
    (stream, events) => {
      if (stream === attempt) grow(events);
      else if (stream === grading && gradingKnown && events.some(concernsMe)) void refreshGrading();
    },
    (stream, from) => {
      const data = stream === grading ? { stream, last_seq: from } : { last_seq: from };
      socket.emit("join", data, (reply) => {
        if (!reply || !reply.ok || reply.upto === undefined) return;
        feed.receive({ ...(reply as unknown as FeedBatch<StoredEvent>), stream }, true);
        if ((reply as { more?: boolean }).more === true) feed.rejoin(stream); // a long log comes in pages
        if (stream === grading && !gradingKnown) {
          gradingKnown = true;
          void refreshGrading();
        }
      });
    },
  );
  socket.on("connect", () => {
    online.value = true;
    feed.rejoin(attempt, replay.lastSeq);
    feed.rejoin(grading);
  });
  socket.on("disconnect", () => {
    online.value = false;
  });
  socket.on("events", (data: FeedBatch<StoredEvent>) => {
    feed.receive({ ...data, stream: data.stream ?? attempt });
  });
}

/** A grading event this page's view depends on: about its candidate, by someone else. */
function concernsMe(e: StoredEvent): boolean {
  const p = e.payload as { candidate_id?: string };
  return (p.candidate_id === undefined || p.candidate_id === boot.candidate) && e.actor_id !== boot.me;
}

// -- rendering -----------------------------------------------------------------------------
function Moment({ e, label }: { e: Evidence; label?: string }) {
  return (
    <button type="button" class="moment" onClick={() => { moveTo(e.seq, true); document.getElementById("replay")?.scrollIntoView({ block: "start" }); }}
      title={t("jr.go_to", { clock: e.clock })}>
      {label ?? `${e.clock} — ${e.note}`}
    </button>
  );
}

function Controls() {
  const last = replay.lastSim;
  return (
    <div class="controls" role="group" aria-label={t("jr.controls")}>
      <button type="button" onClick={() => { if (sim.value >= replay.lastSim) atSim(0); following.value = false; playing.value = !playing.value; }}>
        {playing.value ? t("jr.pause") : t("jr.play")}
      </button>
      {SPEEDS.map((s) => (
        <button type="button" aria-pressed={speed.value === s} onClick={() => { speed.value = s; }}>×{s}</button>
      ))}
      <input type="range" min={0} max={Math.max(1, Math.ceil(last))} step={1} value={Math.round(sim.value)}
        aria-label={t("jr.position")} onInput={(e) => atSim(Number((e.target as HTMLInputElement).value))} />
      <span class="clock" aria-live="off">{clock(boot.start_clock, sim.value, true)} · n° {pos.value}</span>
      <button type="button" aria-pressed={following.value} onClick={follow}>{t("jr.live")}</button>
      <span class={online.value ? "online" : "offline"}>{online.value ? t("jr.online") : t("jr.offline")}</span>
    </div>
  );
}

function Lanes() {
  // Drawn again only when the log grows or the highlight moves, never as the replay plays.
  const total = Math.max(replay.lastSim, 1);
  const pct = (v: number) => `${(100 * v) / total}%`;
  const mark = highlighted.value;
  return useMemo(
    () => (
      <>
        {lanes.value.map((lane) => (
          <div class="lane" key={lane.contact} onClick={(e) => {
            const box = (e.currentTarget as HTMLElement).querySelector(".track")?.getBoundingClientRect();
            if (box && e.clientX >= box.left) atSim(((e.clientX - box.left) / box.width) * total);
          }}>
            <span class="lane-name">{lane.customer} <small>{t(`channel.${lane.channel}`)}</small></span>
            <span class="track">
              <span class="bar" style={{ left: pct(lane.start), width: pct(Math.max(lane.end - lane.start, total / 200)) }} />
              {lane.marks.map((m) => (
                <span class={`mark ${m.kind.replace(".", "-")}${m.seq === mark ? " hl" : ""}`} key={m.seq} style={{ left: pct(m.sim) }} title={`n° ${m.seq} · ${clock(boot.start_clock, m.sim)} · ${m.kind}`} />
              ))}
            </span>
          </div>
        ))}
      </>
    ),
    [lanes.value, mark],
  );
}

function Playhead() {
  const frac = sim.value / Math.max(replay.lastSim, 1);
  return <span class="playhead" style={{ left: `calc(11.3rem + (100% - 11.6rem) * ${frac})` }} />;
}

function Timeline() {
  return (
    <div class="timeline" aria-label={t("jr.timeline")}>
      <Lanes />
      <Playhead />
    </div>
  );
}

const hl = (seq: number | undefined) => (seq !== undefined && seq === highlighted.value ? " hl" : "");

// The candidate's desk at the replayed moment: the very Desk of the candidate's page, read-only
// (../workspace/readonly.tsx), over the state the replay folds with the same reducer.
const selected = signal<string | null>(null);
let mirrorDesk: DeskModel | null = null;
const mirrorShown = signal(false);

// A contact stays shown while it exists at the moment replayed; else the first open one.
effect(() => {
  const contacts = view.value.contacts;
  const current = selected.peek();
  if (current !== null && Object.prototype.hasOwnProperty.call(contacts, current)) return;
  const all = Object.values(contacts);
  const first = all.find(isOpen) ?? all[all.length - 1];
  selected.value = first ? first.id : null;
});

/** Show where an event happened: its contact in the conversation, its tool for an operation. */
function reveal(seq: number): void {
  const event = replay.event(seq);
  if (!event) return;
  const p = event.payload as { contact_id?: string; record_id?: string };
  if (p.contact_id && Object.prototype.hasOwnProperty.call(view.value.contacts, p.contact_id)) selected.value = p.contact_id;
  if (mirrorDesk === null) return;
  if (event.type.startsWith("crm.")) {
    mirrorDesk.tool.value = "crm";
    if (p.record_id) mirrorDesk.record.value = p.record_id;
  } else if (event.type.startsWith("agenda.")) mirrorDesk.tool.value = "agenda";
  else if (event.type === "report.written") mirrorDesk.tool.value = "report";
  else if (event.type === "message.taken") mirrorDesk.tool.value = "message";
  else if (event.type === "knowledge.searched") mirrorDesk.tool.value = "knowledge";
}

function ReplayDesk() {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (host.current === null) return;
    const desk = readOnlyDesk({ dossier: boot.workspace, state: view, texts: boot.texts, lang: boot.lang, sim, selected });
    mirrorDesk = desk;
    const mounted = mountMirror(host.current, desk, highlighted);
    const stop = effect(() => {
      mirrorShown.value = mounted.shown.value;
    });
    return () => {
      stop();
      mounted.unmount();
      mirrorDesk = null;
    };
  }, []);
  return <div class="replay-desk" role="region" ref={host} aria-label={t("jr.workspace")} />;
}

function Desk() {
  const state = view.value;
  const target = highlighted.value;
  useEffect(() => {
    if (!target) return;
    document.querySelector(`#desk .ops [data-seq="${target}"]`)?.scrollIntoView({ block: "nearest" });
  }, [target, pos.value]);
  const inJournal = state.operations.some((op) => op.at.seq === target);
  const event = target ? replay.event(target) : undefined;
  return (
    <div id="desk" class="desk">
      {event && !mirrorShown.value && !inJournal ? (
        <p class="hl event-note">n° {event.seq} · {clock(boot.start_clock, event.sim_time, true)} · {eventName(event.type)}</p>
      ) : null}
      <ReplayDesk />
      <section class="backoffice" aria-label={t("jr.backoffice")}>
        <h3>{t("jr.operations")}</h3>
        {state.operations.length ? (
          <ul class="ops">{state.operations.map((op) => (
            <li key={op.at.seq} data-seq={op.at.seq} class={hl(op.at.seq)}>{clock(boot.start_clock, op.at.sim, true)} · {t(`jr.op.${op.kind}`)} {summary(op.payload)}</li>
          ))}</ul>
        ) : <p class="empty">—</p>}
      </section>
    </div>
  );
}

/** An event's name for the jury: the operations' and the attempt's, never a raw type. */
function eventName(type: string): string {
  return boot.texts[`jr.event.${type}`] ?? boot.texts[`jr.op.${type}`] ?? type;
}

function summary(payload: unknown): string {
  const p = payload as Record<string, unknown>;
  const text = p.summary ?? p.text ?? p.action ?? p.start ?? "";
  return typeof text === "string" && text ? `— ${text}` : "";
}

function Measures() {
  return (
    <table class="measures">
      <thead><tr><th>{t("jury.measure")}</th><th>{t("jury.value")}</th><th>{t("jury.verdict")}</th><th>{t("jury.evidence")}</th></tr></thead>
      <tbody>{measures.value.map((m) => (
        <tr key={m.id} id={`measure-${m.id}`}>
          <td>{m.label}</td>
          <td>{m.value}{m.detail ? <small> ({m.detail})</small> : null}</td>
          <td class={m.passed === null ? "undecided" : m.passed ? "passed" : "failed"}>{t(m.passed === null ? "jury.undecided" : m.passed ? "jury.passed" : "jury.failed")}</td>
          <td>{m.evidence.map((e) => <Moment e={e} key={e.seq} />)}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

const errors = signal<Record<string, string>>({});
async function send(key: string, command: string, body: Record<string, string>): Promise<void> {
  const refusal: Refusal | null = await api.send(command, { candidate_id: boot.candidate, ...body });
  errors.value = { ...errors.value, [key]: refusal ? refusal.reason : "" };
  await refreshGrading();
}

const verdict = (d: string | null | undefined) => (d ? t(`verdict.${d}`) : "—");

function DecisionRadios({ name, value, onPick, label }: { name: string; value: string | undefined; onPick: (d: string) => void; label: string }) {
  return (
    <span role="radiogroup" aria-label={label}>
      {(["acquis", "non_acquis"] as const).map((d) => (
        <label key={d}><input type="radio" name={name} checked={value === d} onChange={() => onPick(d)} /> {t(`verdict.${d}`)}</label>
      ))}
    </span>
  );
}

// A decision picked shows at once; the server's answer (saved, or refused with its reason) follows.
const picked = signal<Record<string, string>>({});

function OwnRow({ row, frozen }: { row: CriterionRow; frozen: boolean }) {
  const key = `decide:${row.id}`;
  const area = () => document.getElementById(`comment-${row.id}`) as HTMLTextAreaElement | null;
  const chosen = picked.value[row.id] ?? row.mine?.decision;
  const decide = (d: string) => {
    picked.value = { ...picked.value, [row.id]: d };
    void send(key, "decide", { criterion_id: row.id, decision: d, comment: area()?.value ?? "" });
  };
  return (
    <tr id={`criterion-${row.id}`}>
      <td>{row.reference}</td>
      <td>{row.label}</td>
      <td class={`verdict ${row.proposal}`}>{t(`verdict.${row.proposal}`)}<div>{row.evidence.slice(0, 4).map((e) => <Moment e={e} key={e.seq} label={e.clock} />)}</div></td>
      <td>
        {frozen ? verdict(row.mine?.decision) : <DecisionRadios name={`d-${row.id}`} value={chosen} onPick={decide} label={t("jr.decision_of", { ref: row.reference, id: row.id })} />}
      </td>
      <td>
        {frozen ? row.mine?.comment : (
          <textarea id={`comment-${row.id}`} rows={2} aria-label={t("jr.comment_of", { ref: row.reference, id: row.id })}
            onChange={(e) => { if (chosen) void send(key, "decide", { criterion_id: row.id, decision: chosen, comment: (e.target as HTMLTextAreaElement).value }); }}>{row.mine?.comment ?? ""}</textarea>
        )}
        {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
      </td>
    </tr>
  );
}

function Reveal({ g }: { g: Grading }) {
  const other = g.jury.find((j) => j.id !== g.me);
  const open = g.phase === "reconciling" || g.phase === "signing";
  const editable = open && g.signatures.length === 0;
  return (
    <table class="side-by-side">
      <thead><tr><th>{t("jury.reference")}</th><th>{t("jury.criterion")}</th><th>{t("jury.proposal")}</th>
        <th>{t("jr.you")}</th><th>{other ? other.name : "—"}</th><th>{t("jr.final")}</th></tr></thead>
      <tbody>{g.criteria.map((row) => {
        const theirs = row.others?.[0];
        const key = `rec:${row.id}`;
        return (
          <tr key={row.id} id={`criterion-${row.id}`} class={row.disagreement ? "split" : ""}>
            <td>{row.reference}{row.disagreement ? <strong class="tag">{t("jr.disagreement")}</strong> : null}</td>
            <td>{row.label}</td>
            <td class={`verdict ${row.proposal}`}>{t(`verdict.${row.proposal}`)}<div>{row.evidence.slice(0, 3).map((e) => <Moment e={e} key={e.seq} label={e.clock} />)}</div></td>
            <td><span class={`verdict ${row.mine?.decision ?? ""}`}>{verdict(row.mine?.decision)}</span><small>{row.mine?.comment}</small></td>
            <td><span class={`verdict ${theirs?.decision ?? ""}`}>{verdict(theirs?.decision)}</span><small>{theirs?.comment}</small></td>
            <td>
              <span class={`verdict ${row.final?.decision ?? "open"}`}>{row.final?.decision ? verdict(row.final.decision) : t("jr.to_reconcile")}</span>
              {row.final?.how === "reconciled" ? <small>{t("jr.reconciled")} : {row.final.comment}</small> : null}
              {editable && row.disagreement ? (
                <form class="reconcile" onSubmit={(e) => {
                  e.preventDefault();
                  const form = e.currentTarget as HTMLFormElement;
                  const picked = form.querySelector<HTMLInputElement>("input[type=radio]:checked");
                  const comment = form.querySelector("textarea")?.value ?? "";
                  void send(`reconcile:${row.id}`, "reconcile", { criterion_id: row.id, decision: picked ? (picked.value) : "", comment });
                }}>
                  <span role="radiogroup" aria-label={t("jr.agreed_of", { ref: row.reference, id: row.id })}>
                    {(["acquis", "non_acquis"] as const).map((d) => <label key={d}><input type="radio" name={`r-${row.id}`} value={d} /> {t(`verdict.${d}`)}</label>)}
                  </span>
                  <textarea rows={2} aria-label={t("jr.reconcile_comment_of", { ref: row.reference, id: row.id })} />
                  <button type="submit">{t("jr.reconcile")}</button>
                  {errors.value[`reconcile:${row.id}`] ? <p class="error" role="alert">{errors.value[`reconcile:${row.id}`]}</p> : null}
                </form>
              ) : null}
              {row.final?.decision === "non_acquis" ? (
                editable ? (
                  <form class="recommend" onSubmit={(e) => {
                    e.preventDefault();
                    const text = (e.currentTarget as HTMLFormElement).querySelector("textarea")?.value ?? "";
                    void send(key, "recommend", { criterion_id: row.id, text });
                  }}>
                    <textarea rows={2} aria-label={t("jr.recommendation_of", { ref: row.reference, id: row.id })}>{row.recommendation ?? ""}</textarea>
                    <button type="submit">{t("jr.recommend")}</button>
                    {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
                  </form>
                ) : <p><strong>{t("jr.recommendation")}</strong> {row.recommendation}</p>
              ) : null}
            </td>
          </tr>
        );
      })}</tbody>
    </table>
  );
}

function Outcome({ g }: { g: Grading }) {
  const o = g.outcome;
  if (!o) return null;
  const state = o.passed === null ? "pending" : o.passed ? "passed" : "failed";
  return (
    <section class={`outcome ${state}`} aria-label={t("doc.result")}>
      <p><strong>{t(`doc.${state}`)}</strong> — {o.reason}</p>
      <p><small>{t("doc.rule")} : {o.rule} ({t(`passrule.source.${o.source}`)}) — « {g.pass_rule_text} »</small></p>
      {o.retake.length ? <p>{t("doc.retake")} : {o.competences.filter((c) => o.retake.includes(c.id)).map((c) => c.label).join(" ; ")}</p> : null}
    </section>
  );
}

function Sign({ g }: { g: Grading }) {
  const mine = g.signatures.find((s) => s.jury_id === g.me);
  const docs = new URLSearchParams({ token: boot.token, candidate: boot.candidate, lang: boot.lang }).toString();
  return (
    <section class="sign" aria-label={t("doc.signatures")}>
      <h3>{t("doc.signatures")}</h3>
      <ul>{g.signatures.map((s) => (
        <li key={s.jury_id}>{s.name} — {new Date(s.at * 1000).toLocaleString(boot.lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: boot.time_zone })} <small class="hash">{t("doc.log_hash")} : {s.log_hash}</small></li>
      ))}</ul>
      {g.phase === "signing" && !mine ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          const name = (e.currentTarget as HTMLFormElement).querySelector("input")?.value ?? "";
          void send("sign", "sign", { sheet_hash: g.sheet_hash, name });
        }}>
          <label>{t("jr.typed_name")} <input type="text" autoComplete="name" /></label>
          <button type="submit">{t("jr.sign")}</button>
        </form>
      ) : null}
      {errors.value.sign ? <p class="error" role="alert">{errors.value.sign}</p> : null}
      {g.phase === "locked" ? <p class="locked" role="status">{t("jr.locked")}</p> : null}
      {g.revealed ? (
        <p class="docs">
          <a href={`/jury/sheet?${docs}`}>{t("doc.sheet.title")}</a> · <a href={`/jury/sheet?${docs}&format=pdf`}>PDF</a> ·{" "}
          <a href={`/jury/record?${docs}`}>{t("doc.record.title")}</a> · <a href={`/jury/grading.csv?${docs}`}>CSV</a>
        </p>
      ) : null}
    </section>
  );
}

function GradingPanel() {
  const g = grading.value;
  if (!g) return <p>…</p>;
  if (!g.criteria.length) return <p>{t("err.jury.no_grid")}</p>;
  const me = g.jury.find((j) => j.id === g.me);
  const submitted = Boolean(me?.submitted);
  const others = g.jury.filter((j) => j.id !== g.me);
  return (
    <div class="grading">
      <p class="phase" role="status">{t(`jr.phase.${g.phase}`)} {others.map((o) => <span key={o.id}> · {o.name} : {t(o.submitted ? "jr.handed_in" : "jr.not_handed_in")}</span>)}</p>
      {!g.revealed ? (
        <>
          <table class="criteria">
            <thead><tr><th>{t("jury.reference")}</th><th>{t("jury.criterion")}</th><th>{t("jury.proposal")}</th><th>{t("jr.my_decision")}</th><th>{t("jr.comment")}</th></tr></thead>
            <tbody>{g.criteria.map((row) => <OwnRow row={row} frozen={submitted} key={row.id} />)}</tbody>
          </table>
          {!submitted ? <button type="button" onClick={() => void send("submit", "submit", {})}>{t("jr.submit")}</button> : <p>{t("jr.waiting_other")}</p>}
          {errors.value.submit ? <p class="error" role="alert">{errors.value.submit}</p> : null}
        </>
      ) : (
        <>
          <Outcome g={g} />
          <Reveal g={g} />
          <Sign g={g} />
        </>
      )}
    </div>
  );
}

function Interview() {
  const g = grading.value;
  if (!g) return null;
  return (
    <ol class="questions">{g.questions.map((q, n) => (
      <li key={n}>{q.text} {q.seq ? <Moment e={{ seq: q.seq, sim: 0, clock: q.clock, note: "" }} label={t("jr.see_moment")} /> : null}</li>
    ))}</ol>
  );
}

function App() {
  return (
    <div class="jury">
      <section id="replay" class="replay" aria-label={t("jr.replay")}>
        <nav class="pick">
          <label>{t("role.candidate")}{" "}
            <select onChange={(e) => { const url = new URL(location.href); url.searchParams.set("candidate", (e.target as HTMLSelectElement).value); location.href = url.toString(); }}>
              {boot.candidates.map((c) => <option value={c.id} selected={c.id === boot.candidate}>{c.name} · n° {c.number}</option>)}
            </select>
          </label>
        </nav>
        <Controls />
        <Timeline />
        <Desk />
      </section>
      <section class="review">
        <div role="tablist" aria-label={t("jr.review")}>
          {(["grid", "measures", "interview"] as const).map((k) => (
            <button type="button" role="tab" id={`jr-tab-${k}`} aria-controls="jr-panel" aria-selected={tab.value === k} onClick={() => { tab.value = k; }}>{t(`jr.tab.${k}`)}</button>
          ))}
        </div>
        {notice.value ? <p role="status">{notice.value}</p> : null}
        <div role="tabpanel" id="jr-panel" aria-labelledby={`jr-tab-${tab.value}`}>
          {tab.value === "grid" ? <GradingPanel /> : tab.value === "measures" ? <Measures /> : <Interview />}
        </div>
      </section>
    </div>
  );
}

async function start(): Promise<void> {
  const events = await api.log(boot.candidate);
  grow(events);
  follow();
  const root = document.getElementById("jury-app") as HTMLElement;
  root.textContent = ""; // the "loading" line
  render(<App />, root);
  performance.mark("jury-replay-ready"); // read by bench/replay.py
  connect();
  window.requestAnimationFrame(tick);
  // The grading view is read once the grading stream is joined (connect), then again only
  // when a push brings another member's hand-in, reconciliation or signature.
  await refreshMeasures();
}

effect(() => {
  document.body.dataset.replaySeq = String(pos.value);
});

void start();
