// Where the replay stands and how it moves: to an event (evidence), to a simulated time (the
// slider, a lane), back to live, as the log grows, and while playing at ×1, ×4 or ×16 of the
// pace the candidate lived (the deck's time factor).

import { batch, type ReadonlySignal, type Signal } from "@preact/signals";
import type { StoredEvent } from "../generated/protocol";
import type { Desk as DeskModel } from "../workspace/model";
import type { WorkspaceState } from "../workspace/reducer";
import type { Replay } from "./replay";

/** What moves a replay: the jury's page (./model.ts) and the candidate's debrief (../debrief/). */
export interface Player {
  readonly replay: Replay;
  /** Bumped when the log grows. */
  readonly version: Signal<number>;
  /** The replayed seq, and the replay's simulated time. */
  readonly pos: Signal<number>;
  readonly sim: Signal<number>;
  /** Live: the position follows the last event. */
  readonly following: Signal<boolean>;
  readonly playing: Signal<boolean>;
  readonly speed: Signal<number>;
  readonly highlighted: Signal<number>;
  /** The candidate's workspace at the replayed position. */
  readonly view: ReadonlySignal<WorkspaceState>;
  readonly timeFactor: ReadonlySignal<number>;
  /** The contact the replay's desk shows. */
  readonly selected: Signal<string | null>;
  /** The replay's desk while mounted, so evidence can open its tool. */
  readonly mirror: Signal<DeskModel | null>;
}

/** Show where an event happened: its contact in the conversation, its tool for an operation. */
function reveal(jury: Player, seq: number): void {
  const event = jury.replay.event(seq);
  if (!event) return;
  const p = event.payload as { contact_id?: string; record_id?: string };
  if (p.contact_id && Object.prototype.hasOwnProperty.call(jury.view.value.contacts, p.contact_id)) {
    jury.selected.value = p.contact_id;
  }
  const desk = jury.mirror.value;
  if (desk === null) return;
  if (event.type.startsWith("crm.")) {
    desk.tool.value = "crm";
    if (p.record_id) desk.record.value = p.record_id;
  } else if (event.type.startsWith("agenda.")) desk.tool.value = "agenda";
  else if (event.type === "report.written") desk.tool.value = "report";
  else if (event.type === "message.taken") desk.tool.value = "message";
  else if (event.type === "knowledge.searched") desk.tool.value = "knowledge";
}

export function moveTo(jury: Player, seq: number, highlight = false): void {
  const event = jury.replay.event(seq);
  batch(() => {
    jury.following.value = false;
    jury.playing.value = false;
    jury.pos.value = seq;
    jury.sim.value = event ? event.sim_time : jury.sim.value;
    if (highlight) jury.highlighted.value = seq;
  });
  if (highlight) reveal(jury, seq);
}

export function atSim(jury: Player, value: number): void {
  const { replay } = jury;
  batch(() => {
    jury.following.value = false;
    jury.sim.value = Math.max(0, Math.min(value, replay.lastSim));
    jury.pos.value = replay.seqAtSim(jury.sim.value);
  });
}

export function follow(jury: Player): void {
  batch(() => {
    jury.following.value = true;
    jury.playing.value = false;
    jury.pos.value = jury.replay.lastSeq;
    jury.sim.value = jury.replay.lastSim;
  });
}

/** Events that follow the log; live, the position follows them. False when none was new. */
export function grow(jury: Player, events: readonly StoredEvent[]): boolean {
  if (!jury.replay.append(events)) return false;
  batch(() => {
    jury.version.value += 1;
    if (jury.following.value) {
      jury.pos.value = jury.replay.lastSeq;
      jury.sim.value = jury.replay.lastSim;
    }
  });
  return true;
}

/** Runs the replay's clock while `playing`, one step per animation frame. */
export function play(jury: Player): void {
  const { replay } = jury;
  let lastTick = 0;
  const tick = (now: number) => {
    if (jury.playing.value) {
      const dt = lastTick ? (now - lastTick) / 1000 : 0;
      const next = jury.sim.value + dt * jury.speed.value * jury.timeFactor.value;
      batch(() => {
        if (next >= replay.lastSim) {
          jury.sim.value = replay.lastSim;
          jury.pos.value = replay.lastSeq;
          jury.playing.value = false;
        } else {
          jury.sim.value = next;
          jury.pos.value = replay.seqAtSim(next);
        }
      });
    }
    lastTick = now;
    window.requestAnimationFrame(tick);
  };
  window.requestAnimationFrame(tick);
}
