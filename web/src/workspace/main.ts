// The agent workspace's entry point. esbuild bundles it into web/static/app/workspace.js, an
// IIFE whose exports become `window.OmniSimWorkspace` (a classic script, allowed by the
// pages' CSP). On the candidate's page (a `#desk` element and a `#boot` JSON) it mounts the
// live desk; other pages use its exports (the reducer, the read-only Desk for replays).

import { effect, type ReadonlySignal, signal } from "@preact/signals";
import { h, render } from "preact";
import type { StoredEvent } from "../generated/protocol";
import { Connection, OWN } from "../net/connection";
import { socketTransport } from "../net/socket";
import { Desk } from "./desk";
import { type Desk as DeskModel, type Dossier, makeDrafts, type Tool, TOOLS } from "./model";
import { mountMirror, mountReadOnly, readOnlyDesk, translator } from "./readonly";
import { initial, own, project, reduce, type WorkspaceState } from "./reducer";
import { chime, unlockSound } from "./sound";

export { Desk, initial, mountMirror, mountReadOnly, own, project, readOnlyDesk, reduce, translator };
export type { ReadOnlyOptions } from "./readonly";

export interface Workspace {
  readonly state: ReadonlySignal<WorkspaceState>;
  /** Folds what arrives; an event already folded (a resend after a reconnection) is skipped. */
  apply(events: readonly StoredEvent[]): void;
}

export function createWorkspace(start: WorkspaceState = initial()): Workspace {
  const state = signal(start);
  return {
    state,
    apply(events) {
      let next = state.value;
      for (const event of events) {
        if (event.seq > next.last.seq) next = reduce(next, event);
      }
      state.value = next; // one notification per batch; none when nothing changed
    },
  };
}

type Texts = Readonly<Record<string, string>>;

interface Boot {
  readonly texts: Texts;
  readonly lang: string;
  readonly mode: "exam" | "training";
  readonly token: string;
  readonly workspace: Dossier;
  readonly time_factor: number;
  readonly server_now: number;
  readonly agent: string;
  readonly other_lang_url: string;
}

/** The sim clock as the log anchors it: started/resumed run it, paused/ended stop it. */
function simClock(factor: number, bootOffset: number) {
  const anchor = { sim: 0, wall: 0, running: false };
  // Server time = local time + offset. Every estimate (the page's render time, each event's
  // wall time) is a lower bound, as it is read after the fact: the largest is the best.
  let offset = bootOffset;
  const sim = signal(0);
  const tick = () => {
    const now = Date.now() / 1000 + offset;
    sim.value = anchor.running ? anchor.sim + Math.max(0, now - anchor.wall) * factor : anchor.sim;
  };
  window.setInterval(tick, 250);
  return {
    sim,
    see(events: readonly StoredEvent[]) {
      for (const e of events) {
        offset = Math.max(offset, e.wall_time - Date.now() / 1000);
        if (e.type === "session.started" || e.type === "session.resumed") Object.assign(anchor, { sim: e.sim_time, wall: e.wall_time, running: true });
        else if (e.type === "session.paused" || e.type === "session.ended") Object.assign(anchor, { sim: e.sim_time, wall: e.wall_time, running: false });
        else if (!anchor.running) anchor.sim = Math.max(anchor.sim, e.sim_time);
      }
      tick();
    },
  };
}

function mountCandidate(root: HTMLElement, boot: Boot): void {
  const key = `omnisim:${boot.token.slice(0, 16)}`;
  const workspace = createWorkspace();
  const clock = simClock(boot.time_factor || 1, boot.server_now - Date.now() / 1000);
  const muted = signal(localStorage.getItem("omnisim:muted") === "1");
  effect(() => localStorage.setItem("omnisim:muted", muted.value ? "1" : ""));
  let joined = false;
  const connection: Connection = new Connection(socketTransport({ token: boot.token, lang: boot.lang }), {
    follow: [{ stream: OWN }],
    outbox: `${key}:outbox`,
    onEvents(_stream, events) {
      workspace.apply(events);
      // A training attempt is over: the page turns into the debrief. An exam's desk stays as
      // it ended (its result comes with the jury's signature; the link then opens it).
      if (joined && boot.mode === "training" && events.some((e) => e.type === "session.ended")) {
        window.setTimeout(() => location.reload(), 1500);
      }
      clock.see(events);
      if (joined && !muted.value) {
        const fresh = events.filter((e) => e.type === "contact.offered");
        // A caller rings; a call to place arrives with the soft chime of any new contact.
        if (fresh.length) chime(fresh.some((e) => e.type === "contact.offered" && e.payload.channel === "phone" && !e.payload.to_place));
      }
      if (desk.selected.value === null) {
        const first = Object.values(workspace.state.value.contacts).find((c) => c.status !== "closed" && c.status !== "transferred");
        if (first) desk.selected.value = first.id;
      }
    },
    onJoined() {
      joined = true;
      drafts.hydrate(workspace.state.value.drafts);
    },
  });
  const drafts = makeDrafts(`${key}:drafts`, (field, text, contactId) => {
    void connection.act("draft", { field, text, contact_id: contactId });
  });
  // The page's own state survives a reload and the language switch (same tab).
  const ui = JSON.parse(sessionStorage.getItem(`${key}:ui`) ?? "{}") as { selected?: string; tool?: Tool; record?: string };
  const desk: DeskModel = {
    dossier: boot.workspace,
    state: workspace.state,
    t: translator(boot.texts),
    lang: boot.lang,
    mode: boot.mode,
    agent: boot.agent,
    act: (type, data) => connection.act(type, data),
    staff: false,
    selected: signal(ui.selected ?? null),
    tool: signal<Tool>(ui.tool && TOOLS.includes(ui.tool) ? ui.tool : "crm"),
    record: signal(ui.record ?? null),
    factor: signal(boot.time_factor || 1),
    sim: clock.sim,
    link: connection.state,
    queued: connection.queued,
    busy: connection.busy,
    muted,
    help: signal(false),
    otherLangUrl: boot.other_lang_url,
    drafts,
  };
  effect(() => {
    const saved = { selected: desk.selected.value, tool: desk.tool.value, record: desk.record.value };
    sessionStorage.setItem(`${key}:ui`, JSON.stringify(saved));
  });
  document.addEventListener("pointerdown", unlockSound, { once: true });
  document.addEventListener("keydown", unlockSound, { once: true });
  // Candidates never start an exam: only a training session offers the button.
  const onStart = boot.mode === "training" ? () => void connection.act("start", {}) : null;
  render(h(Desk, { desk, onStart }), root);
}

const root = typeof document !== "undefined" ? document.getElementById("desk") : null;
const bootEl = typeof document !== "undefined" ? document.getElementById("boot") : null;
if (root !== null && bootEl !== null) {
  mountCandidate(root, JSON.parse(bootEl.textContent ?? "{}") as Boot);
}
