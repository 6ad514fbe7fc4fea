// Timers in the time they mean (issue 22). A person's reaction counts in real seconds: picking
// up within 15 s (CQP C.1.2), a caller's or a chatter's wait, a hold, a call's length; they
// are simulated seconds over the pace (×6: 90 simulated seconds are 15 real ones; a pause adds
// nothing), as the measures count them (omnisim/measures/timing.py). A service level counts in
// simulated time: an e-mail answered within 4 h, an SMS within 1 h, a chat within 2 min of the
// fictional day (reply_time_sla). Each timer says which it is.

import { type ContactView, toCall } from "./reducer";
import { type Desk, isOpen, useDesk } from "./model";
import { duration } from "./text";

export type Clock = "real" | "sim";

/** Channels where the customer is there, waiting live: their wait is a person's. */
const LIVE: ReadonlySet<string> = new Set(["phone", "chat"]);

/** A stretch of simulated time as a person lives it. */
export function realSeconds(desk: Desk, simSeconds: number): number {
  return simSeconds / (desk.factor.value || 1);
}

export interface Deadline {
  readonly kind: "pickup" | "reply";
  /** What is left (negative: overdue), in the deadline's own clock. */
  readonly left: number;
  readonly span: number;
  readonly clock: Clock;
}

/** The contact's next deadline: picking up (real seconds), then the first reply (simulated). */
export function deadline(desk: Desk, c: ContactView): Deadline | null {
  const rule = desk.dossier.channels[c.channel];
  if (!rule || !isOpen(c)) return null;
  const now = desk.sim.value;
  if (c.status === "offered" && rule.pickup_seconds && !c.to_place) {
    const span = rule.pickup_seconds;
    return { kind: "pickup", left: span - realSeconds(desk, now - c.offered.sim), span, clock: "real" };
  }
  const answered = c.lines.some((l) => l.actor === "candidate");
  if (!answered && rule.reply_deadline_minutes) {
    const span = rule.reply_deadline_minutes * 60;
    return { kind: "reply", left: span - (now - c.offered.sim), span, clock: "sim" };
  }
  return null;
}

/** Since when the customer waits for the candidate (sim seconds), or null. */
export function waitingSince(c: ContactView): number | null {
  if (!isOpen(c) || toCall(c)) return null; // a call to place: nobody is on a line yet
  if (c.status === "offered") return c.offered.sim;
  const last = c.lines[c.lines.length - 1];
  if (c.status === "held") return c.holds[c.holds.length - 1]?.start.sim ?? null;
  return last && last.actor === "customer" ? last.sim : null;
}

/** How long the customer has waited, in the clock their wait is felt in. */
export function waited(desk: Desk, c: ContactView): { seconds: number; clock: Clock } | null {
  const since = waitingSince(c);
  if (since === null) return null;
  const sim = Math.max(0, desk.sim.value - since);
  return LIVE.has(c.channel) || c.status === "held" ? { seconds: realSeconds(desk, sim), clock: "real" } : { seconds: sim, clock: "sim" };
}

/** A duration with the clock it counts in: « 0:12 réel », « 3:59:40 simulé ». */
export function Timer({ seconds, clock, label = "", class: cls = "" }: { seconds: number; clock: Clock; label?: string; class?: string }) {
  const { t } = useDesk();
  return (
    <span class={`timer ${cls}`} data-clock={clock} title={t(`desk.clock_title.${clock}`)}>
      {label ? `${label} ` : ""}
      <time>{duration(seconds)}</time> <small class="clock-kind">{t(`desk.clock.${clock}`)}</small>
    </span>
  );
}
