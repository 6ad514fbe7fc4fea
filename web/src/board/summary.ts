// One candidate as the trainer's board shows it: the TypeScript half of omnisim/projection/summary.py,
// computed from the shared reducer's state (web/src/workspace/reducer.ts). Same fields,
// same names; tests/fast/test_board_summary.py compares both on the same logs.

import { type Moment, ringing, type WorkspaceState } from "../workspace/reducer";

export const RING_ALERT = 15; // real seconds a call may ring before the board warns
const MOOD_STEPS = [-0.6, -0.2, 0.2, 0.6];
export const MOOD_NAMES = ["furious", "upset", "neutral", "satisfied", "delighted"] as const;
const OPEN = new Set(["offered", "active", "held"]);

export function moodStep(mood: number): number {
  return MOOD_STEPS.filter((bound) => mood > bound).length;
}

export interface Customer {
  readonly contact_id: string;
  readonly name: string;
  readonly channel: string;
  readonly status: string;
  readonly mood: number;
  readonly taken_over: boolean;
  readonly escalated: string;
}

export interface Alert {
  readonly kind: "offline" | "escalated" | "ringing";
  readonly contact_id: string;
}

export interface Summary {
  readonly status: string;
  readonly online: boolean;
  readonly open_contacts: number;
  readonly handled: number;
  readonly sla_breaches: readonly string[];
  readonly customers: readonly Customer[];
  readonly last_activity: Moment | null;
  readonly alerts: readonly Alert[];
  readonly agent_status: string;
  readonly agent_since: Moment | null;
}

export function lastActivity(state: WorkspaceState): Moment | null {
  const moments: Moment[] = state.operations.map((op) => op.at);
  for (const d of Object.values(state.drafts)) moments.push(d.at);
  for (const c of Object.values(state.contacts)) {
    for (const line of c.lines) if (line.actor === "candidate") moments.push({ seq: line.seq, sim: line.sim });
    for (const m of [c.picked, c.closed, c.transferred]) if (m !== null) moments.push(m);
    for (const h of c.holds) {
      moments.push(h.start);
      if (h.end !== null) moments.push(h.end);
    }
    for (const n of c.notes) moments.push({ seq: n.seq, sim: n.sim });
  }
  for (const call of Object.values(state.calls)) {
    for (const line of call.lines) if (line.actor === "candidate") moments.push({ seq: line.seq, sim: line.sim });
  }
  if (state.agent_since !== null) moments.push(state.agent_since);
  let best: Moment | null = null;
  for (const m of moments) if (best === null || m.seq > best.seq) best = m;
  return best;
}

export function summarize(
  state: WorkspaceState,
  deadlines: Readonly<Record<string, number>>,
  nowSim: number,
  online: boolean,
): Summary {
  const factor = state.time_factor || 1;
  const live = state.status === "ready" || state.status === "running" || state.status === "paused";
  const customers: Customer[] = [];
  const breaches: string[] = [];
  const alerts: Alert[] = online || !live ? [] : [{ kind: "offline", contact_id: "" }];
  let handled = 0;
  for (const c of Object.values(state.contacts)) {
    if (c.picked !== null) handled += 1;
    const limit = Object.prototype.hasOwnProperty.call(deadlines, c.id) ? deadlines[c.id] : undefined;
    if (limit !== undefined && c.channel !== "phone") {
      const first = c.lines.find((line) => line.actor === "candidate");
      const repliedAt = first !== undefined ? first.sim : OPEN.has(c.status) ? nowSim : null;
      if (repliedAt !== null && repliedAt - c.offered.sim > limit) breaches.push(c.id);
    }
    if (!OPEN.has(c.status)) continue;
    const mood = c.moods.length > 0 ? c.moods[c.moods.length - 1]!.mood : 0;
    const level = c.escalations.length > 0 ? c.escalations[c.escalations.length - 1]!.level : "";
    customers.push({
      contact_id: c.id,
      name: c.customer,
      channel: c.channel,
      status: c.status,
      mood: moodStep(mood),
      taken_over: c.taken_over,
      escalated: level,
    });
    if (level) alerts.push({ kind: "escalated", contact_id: c.id });
    if (ringing(c) && (nowSim - c.offered.sim) / factor > RING_ALERT) alerts.push({ kind: "ringing", contact_id: c.id });
  }
  return {
    status: state.status,
    online,
    open_contacts: customers.length,
    handled,
    sla_breaches: breaches,
    customers,
    last_activity: lastActivity(state),
    alerts,
    agent_status: state.agent_status,
    agent_since: state.agent_since,
  };
}
