// The replay of an attempt: its log, folded up to any position by the same reducer as the
// candidate's live page (web/src/workspace/reducer.ts, itself checked against the server's
// omnisim/projection/workspace.py). Pure, no DOM.
//
// Seeking is cheap on a 90-minute log: a snapshot of the state is kept every CHECKPOINT
// events (the reducer never mutates, so a snapshot is just a reference), and a seek folds at
// most CHECKPOINT events from the nearest one.

import type { StoredEvent } from "../generated/protocol";
import { initial, reduce, type WorkspaceState } from "../workspace/reducer";

export const CHECKPOINT = 200;

export interface Mark {
  readonly seq: number;
  readonly sim: number;
  readonly kind: string;
  /** A message sent over the desk's unfilled-variables warning (MC ACVD C3): marked apart. */
  readonly unfilled: boolean;
}

export interface Lane {
  readonly contact: string;
  readonly customer: string;
  readonly channel: string;
  readonly start: number;
  readonly end: number;
  readonly marks: readonly Mark[];
}

export class Replay {
  readonly events: StoredEvent[] = [];
  private readonly checkpoints: WorkspaceState[] = [initial()]; // state after k*CHECKPOINT events

  constructor(events: readonly StoredEvent[] = []) {
    this.append(events);
  }

  /** Add events that follow the log (a live batch); one already known is skipped. */
  append(events: readonly StoredEvent[]): number {
    let added = 0;
    for (const event of events) {
      if (event.seq <= this.lastSeq) continue;
      this.events.push(event);
      added += 1;
      if (this.events.length % CHECKPOINT === 0) {
        const base = this.checkpoints[this.checkpoints.length - 1] as WorkspaceState;
        let state = base;
        for (const e of this.events.slice(this.events.length - CHECKPOINT)) state = reduce(state, e);
        this.checkpoints.push(state);
      }
    }
    return added;
  }

  get lastSeq(): number {
    const last = this.events[this.events.length - 1];
    return last ? last.seq : 0;
  }

  get lastSim(): number {
    const last = this.events[this.events.length - 1];
    return last ? last.sim_time : 0;
  }

  /** How many events have seq <= `seq` (binary search: seqs grow). */
  countUpTo(seq: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid] as StoredEvent).seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The workspace once every event up to `seq` (inclusive) has been folded. */
  stateAt(seq: number): WorkspaceState {
    const count = this.countUpTo(seq);
    const k = Math.min(Math.floor(count / CHECKPOINT), this.checkpoints.length - 1);
    let state = this.checkpoints[k] as WorkspaceState;
    for (let i = k * CHECKPOINT; i < count; i += 1) state = reduce(state, this.events[i] as StoredEvent);
    return state;
  }

  /** The last seq whose simulated time is <= `sim` (0 before the first event). */
  seqAtSim(sim: number): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.events[mid] as StoredEvent).sim_time <= sim) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (this.events[lo - 1] as StoredEvent).seq;
  }

  event(seq: number): StoredEvent | undefined {
    const i = this.countUpTo(seq) - 1;
    const found = this.events[i];
    return found && found.seq === seq ? found : undefined;
  }

  /** One lane per contact, in order of arrival: from offered to closed, with its events. */
  lanes(): Lane[] {
    const lanes = new Map<string, { customer: string; channel: string; start: number; end: number | null; marks: Mark[] }>();
    for (const e of this.events) {
      const payload = e.payload as { contact_id?: string; customer_name?: string; channel?: string; unfilled_ok?: boolean };
      const id = payload.contact_id;
      if (!id) continue;
      if (e.type === "contact.offered") {
        lanes.set(id, { customer: payload.customer_name ?? id, channel: payload.channel ?? "", start: e.sim_time, end: null, marks: [] });
      }
      const lane = lanes.get(id);
      if (!lane) continue;
      const unfilled = e.type === "message.sent" && payload.unfilled_ok === true;
      lane.marks.push({ seq: e.seq, sim: e.sim_time, kind: e.type, unfilled });
      if (e.type === "contact.closed" || e.type === "contact.transferred") lane.end = e.sim_time;
    }
    const end = this.lastSim;
    return [...lanes.entries()].map(([contact, l]) => ({
      contact,
      customer: l.customer,
      channel: l.channel,
      start: l.start,
      end: l.end ?? end,
      marks: l.marks,
    }));
  }
}

/** The scenario's clock at `sim`: "09:41" (the deck's start time plus the simulated seconds). */
export function clock(startClock: number, sim: number, seconds = false): string {
  const total = Math.floor(startClock + sim) % 86400;
  const pad = (n: number) => String(n).padStart(2, "0");
  const hm = `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}`;
  return seconds ? `${hm}:${pad(total % 60)}` : hm;
}
