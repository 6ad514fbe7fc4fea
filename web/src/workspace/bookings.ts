// The principals' agendas in the workspace fold (./reducer.ts): bookings made during the
// attempt and the deck's appointments freed, as omnisim/projection/workspace.py keeps them.
// Booking a slot again replaces it in place; cancelling a booking removes it; moving one
// books the new slot and frees the old; a deck appointment moved or cancelled is `Freed`.

import type { AgendaBooked, AgendaCancelled, AgendaMoved } from "../generated/protocol";
import type { Moment } from "./reducer";

/** A slot of a principal's agenda as the candidate left it; (principal, start) is its key.
 * `moved_from`: the appointment was moved here from that start; `override`: why it was booked
 * over the principal's announced absence or outside their hours. */
export interface Booking {
  readonly principal: string;
  readonly start: string;
  readonly at: Moment;
  readonly record_id: string;
  readonly contact_id: string;
  readonly reason: string;
  readonly override: string;
  readonly moved_from: string;
}

/** One of the deck's appointments the candidate cancelled, or moved to `moved_to`. */
export interface Freed {
  readonly principal: string;
  readonly start: string;
  readonly at: Moment;
  readonly contact_id: string;
  readonly moved_to: string;
}

export interface Agendas {
  readonly bookings: readonly Booking[];
  readonly freed: readonly Freed[];
}

/** A slot of an agenda: a booking's key. */
type Slot = Pick<Booking, "principal" | "start">;

function sameSlot(a: Slot, b: Slot): boolean {
  return a.principal === b.principal && a.start === b.start;
}

/** `item` in place of the one at its slot, or last. */
function placed<T extends Slot>(items: readonly T[], item: T): readonly T[] {
  const i = items.findIndex((x) => sameSlot(x, item));
  return i < 0 ? [...items, item] : items.map((x, j) => (j === i ? item : x));
}

export function booked(a: Agendas, p: AgendaBooked, at: Moment): Agendas {
  const { principal, start, record_id, contact_id, reason, override } = p;
  const booking: Booking = { principal, start, at, record_id, contact_id, reason, override, moved_from: "" };
  return { ...a, bookings: placed(a.bookings, booking) };
}

/** An appointment cancelled, or moved when `moved` is given. */
export function freedOrMoved(a: Agendas, p: AgendaCancelled | AgendaMoved, at: Moment, moved?: AgendaMoved): Agendas {
  const old = a.bookings.find((b) => sameSlot(b, p));
  let next: Agendas = a;
  if (old !== undefined) {
    next = { ...next, bookings: next.bookings.filter((b) => b !== old) };
  } else {
    // One of the deck's appointments: freed (a second time replaces it in place).
    const freed: Freed = { principal: p.principal, start: p.start, at, contact_id: p.contact_id, moved_to: moved?.to ?? "" };
    next = { ...next, freed: placed(next.freed, freed) };
  }
  if (moved !== undefined) {
    const { principal, record_id, contact_id, override } = moved;
    const booking: Booking = { principal, start: moved.to, at, record_id, contact_id, reason: old?.reason ?? "", override, moved_from: moved.start };
    next = { ...next, bookings: placed(next.bookings, booking) };
  }
  return next;
}
