// A candidate's workspace as a fold of the events the browser receives: the client's half of
// the one projection. It mirrors omnisim/projection/workspace.py (SessionView.apply) field for field,
// with the same names, so that omnisim.projection.workspace.to_json(view) and JSON.stringify(state) have
// one shape; tests/fast/test_client_reducer.py checks both on the demo deck's golden logs.
//
// Pure and deterministic: `reduce` never mutates its input state and returns a new one
// (sharing what did not change), so a signal holding the state changes exactly when the
// workspace did, and a panel can compare one contact with its previous self.
//
// What a candidate's browser never receives stays at its initial value there: time_factor and
// lang (session.created), moods (customer.mood), taken_over, and why a customer said a line
// (`reason`). A jury's or trainer's browser receives them all.

import {
  OPERATION_TYPES,
  type Actor,
  type AgentStatus,
  type OutboundCall,
  type Channel,
  type ContactEscalated,
  type ContactOffered,
  type CustomerMood,
  type EventType,
  type StoredEvent,
} from "../generated/protocol";
import { booked, freedOrMoved, type Booking, type Freed } from "./bookings";

export type { Booking, Freed } from "./bookings";

export interface Moment {
  readonly seq: number;
  readonly sim: number;
}

/** One message of a conversation, with who said it and why (a trainer's line is the customer's). */
export interface Line {
  readonly seq: number;
  readonly sim: number;
  readonly actor: Actor;
  readonly channel: Channel;
  readonly text: string;
  readonly reason: string;
  readonly justification: string;
  /** An e-mail's copies and the documents attached to it (by name). */
  readonly cc: readonly string[];
  readonly attachments: readonly string[];
  /** Sent over the desk's warning that template variables were left (MC ACVD C3): the jury's
   * replay marks it. False for a line of an older log (the desk then refused such a text). */
  readonly unfilled_ok: boolean;
  readonly subject: string; // an e-mail's object as written (empty on other channels)
}

/** An internal note on a contact: never sent to the customer. */
export interface Note {
  readonly seq: number;
  readonly sim: number;
  readonly text: string;
}

export interface Hold {
  readonly start: Moment;
  readonly announcement: string;
  readonly end: Moment | null;
}

export interface Mood {
  readonly at: Moment;
  readonly mood: number;
  readonly cause: CustomerMood["cause"];
}

export interface Escalation {
  readonly at: Moment;
  readonly level: ContactEscalated["level"];
}

export type ContactStatus = "offered" | "active" | "held" | "closed" | "transferred";

export interface ContactView {
  readonly id: string;
  readonly channel: Channel;
  readonly offered: Moment;
  readonly customer: string;
  readonly subject: string;
  readonly sender: string;
  readonly attachments: readonly string[];
  /** Whom it is for (a principal's id) and the number dialled or address written to. */
  readonly principal: string;
  readonly line: string;
  /** A call the candidate places (a call-back promised, a sales call): it waits, never rings. */
  readonly to_place: boolean;
  readonly status: ContactStatus;
  /** A trainer plays this customer (never known to a candidate). */
  readonly taken_over: boolean;
  readonly picked: Moment | null;
  readonly closed: Moment | null;
  readonly transferred_to: string;
  readonly transferred: Moment | null;
  readonly transfer_note: string;
  /** The wrap-up code it was closed with. */
  readonly wrap_up: string;
  readonly lines: readonly Line[];
  readonly notes: readonly Note[];
  readonly holds: readonly Hold[];
  readonly moods: readonly Mood[];
  readonly escalations: readonly Escalation[];
}

/** A CRM, agenda, message, report or outbound-call operation of the candidate. */
export interface Operation {
  readonly at: Moment;
  readonly kind: EventType;
  readonly payload: unknown;
}

/** An outbound call's line: whom it reached, the contact it is about, what was said on it. */
export interface CallView {
  readonly id: string;
  readonly to: string;
  readonly kind: OutboundCall["kind"];
  readonly placed: Moment;
  readonly contact_id: string;
  readonly text: string;
  readonly ended: Moment | null;
  readonly lines: readonly Line[];
}

export type AgentState = AgentStatus["status"];

/** What was typed in a composer or form and not sent (yet); an empty text is a cleared field. */
export interface Draft {
  readonly text: string;
  readonly at: Moment;
  readonly contact_id: string;
}

export type SessionStatus = "ready" | "running" | "paused" | "ended";

/** Maps keyed by ids that come from the deck or the candidate: read them with `own`. */
export type Table<T> = Readonly<Record<string, T>>;

export interface WorkspaceState {
  readonly time_factor: number;
  readonly lang: string;
  readonly status: SessionStatus;
  readonly end: Moment | null;
  /** The last event folded, whatever its type. */
  readonly last: Moment;
  readonly contacts: Table<ContactView>;
  readonly operations: readonly Operation[];
  /** CRM records the candidate created or edited: every field as last set. */
  readonly records: Table<Table<string>>;
  /** In booking order; booking a slot again replaces it in place, cancelling removes it. */
  readonly bookings: readonly Booking[];
  /** The deck's appointments moved or cancelled, in that order. */
  readonly freed: readonly Freed[];
  /** Outbound calls by call id. */
  readonly calls: Table<CallView>;
  readonly agent_status: AgentState;
  readonly agent_since: Moment | null;
  /** By field name (`reply:<contact>`, `crm:new`…): the last one saved. */
  readonly drafts: Table<Draft>;
}

export function initial(): WorkspaceState {
  return {
    time_factor: 1,
    lang: "fr",
    status: "ready",
    end: null,
    last: { seq: 0, sim: 0 },
    contacts: {},
    operations: [],
    records: {},
    bookings: [],
    freed: [],
    calls: {},
    agent_status: "available",
    agent_since: null,
    drafts: {},
  };
}

/**
 * The value under `key` if the table holds it itself: an id such as "constructor" or
 * "__proto__" must not reach Object.prototype.
 */
export function own<T>(table: Table<T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** A copy of `table` with `key` set; a computed key defines an own property, even "__proto__". */
function put<T>(table: Table<T>, key: string, value: T): Table<T> {
  return { ...table, [key]: value };
}

const OPERATIONS: ReadonlySet<string> = new Set(OPERATION_TYPES);

/** The workspace after `event`; `state` is left as it was. An unknown type changes only `last`. */
export function reduce(state: WorkspaceState, event: StoredEvent): WorkspaceState {
  const at: Moment = { seq: event.seq, sim: event.sim_time };
  let next: WorkspaceState = { ...state, last: at };
  switch (event.type) {
    case "session.created":
      next = { ...next, time_factor: event.payload.time_factor, lang: event.payload.lang };
      break;
    case "session.started":
    case "session.resumed":
      next = { ...next, status: "running" };
      break;
    case "session.paused":
      next = { ...next, status: "paused" };
      break;
    case "session.ended":
      next = { ...next, end: at, status: "ended" };
      break;
    case "contact.offered": {
      const p = event.payload;
      next = { ...next, contacts: put(next.contacts, p.contact_id, offered(p, at)) };
      break;
    }
    case "draft.saved": {
      const p = event.payload;
      const draft: Draft = { text: p.text, at, contact_id: p.contact_id };
      next = { ...next, drafts: put(next.drafts, p.field, draft) };
      break;
    }
    case "agent.status":
      next = { ...next, agent_status: event.payload.status, agent_since: at };
      break;
    case "call.said":
    case "call.ended": {
      const call = own(next.calls, event.payload.call_id);
      if (call === undefined) break;
      const changed =
        event.type === "call.ended"
          ? { ...call, ended: at }
          : { ...call, lines: [...call.lines, { seq: at.seq, sim: at.sim, actor: event.actor, channel: "phone" as const, text: event.payload.text, reason: "", justification: "", cc: [], attachments: [], unfilled_ok: false, subject: "" }] };
      next = { ...next, calls: put(next.calls, call.id, changed) };
      break;
    }
    default:
      if (OPERATIONS.has(event.type)) {
        const done: Operation = { at, kind: event.type, payload: event.payload };
        next = operation({ ...next, operations: [...next.operations, done] }, event, at);
      }
  }
  const id = contactId(event.payload);
  const contact = id === undefined ? undefined : own(next.contacts, id);
  if (id !== undefined && contact !== undefined) {
    const changed = applyContact(contact, event, at);
    if (changed !== contact) next = { ...next, contacts: put(next.contacts, id, changed) };
  }
  return next;
}

/** A call ringing on the desk: a caller waiting to be picked up (not a call to place). */
export function ringing(c: ContactView): boolean {
  return c.channel === "phone" && c.status === "offered" && !c.to_place;
}

/** A call to place still waiting for the candidate to dial it (« À appeler »). */
export function toCall(c: ContactView): boolean {
  return c.to_place && c.status === "offered";
}

function offered(p: ContactOffered, at: Moment): ContactView {
  return {
    id: p.contact_id,
    channel: p.channel,
    offered: at,
    customer: p.customer_name,
    subject: p.subject,
    sender: p.sender,
    attachments: [...p.attachments],
    principal: p.principal,
    line: p.line,
    to_place: p.to_place,
    status: "offered",
    taken_over: false,
    picked: null,
    closed: null,
    transferred_to: "",
    transferred: null,
    transfer_note: "",
    wrap_up: "",
    lines: [],
    notes: [],
    holds: [],
    moods: [],
    escalations: [],
  };
}

/** The contact an event is about, if its payload names one (read defensively: any type). */
function contactId(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const id: unknown = (payload as { contact_id?: unknown }).contact_id;
  return typeof id === "string" ? id : undefined;
}

/** The back-office state an operation leaves: CRM fields, agenda slots. */
function operation(state: WorkspaceState, event: StoredEvent, at: Moment): WorkspaceState {
  switch (event.type) {
    case "crm.record_created":
    case "crm.record_updated": {
      const p = event.payload;
      const fields = { ...(own(state.records, p.record_id) ?? {}), ...p.fields };
      return { ...state, records: put(state.records, p.record_id, fields) };
    }
    case "agenda.booked":
      return { ...state, ...booked(state, event.payload, at) };
    case "agenda.cancelled":
      return { ...state, ...freedOrMoved(state, event.payload, at) };
    case "agenda.moved":
      return { ...state, ...freedOrMoved(state, event.payload, at, event.payload) };
    case "call.outbound": {
      const p = event.payload;
      if (!p.call_id) return state;
      const call: CallView = { id: p.call_id, to: p.to, kind: p.kind, placed: at, contact_id: p.contact_id, text: p.text, ended: null, lines: [] };
      return { ...state, calls: put(state.calls, p.call_id, call) };
    }
    default:
      return state;
  }
}

/** The hold still running ends at `at` (hanging up or transferring ends it too). */
function endHold(holds: readonly Hold[], at: Moment): readonly Hold[] {
  const last = holds[holds.length - 1];
  if (last === undefined || last.end !== null) return holds;
  return [...holds.slice(0, -1), { ...last, end: at }];
}

function applyContact(c: ContactView, event: StoredEvent, at: Moment): ContactView {
  switch (event.type) {
    case "contact.picked_up":
      return { ...c, picked: c.picked ?? at, status: "active" };
    case "message.sent": {
      const p = event.payload;
      const actor: Actor = event.actor === "trainer" ? "customer" : event.actor;
      const line: Line = {
        seq: at.seq,
        sim: at.sim,
        actor,
        channel: p.channel,
        text: p.text,
        reason: p.reason ?? "",
        justification: p.justification,
        cc: [...p.cc],
        attachments: [...p.attachments],
        unfilled_ok: p.unfilled_ok === true,
        subject: p.subject,
      };
      return { ...c, lines: [...c.lines, line] };
    }
    case "contact.noted": {
      const note: Note = { seq: at.seq, sim: at.sim, text: event.payload.text };
      return { ...c, notes: [...c.notes, note] };
    }
    case "contact.closed":
      return { ...c, closed: at, status: "closed", wrap_up: event.payload.wrap_up, holds: endHold(c.holds, at) };
    case "contact.transferred":
      return {
        ...c,
        transferred: at,
        transferred_to: event.payload.to,
        transfer_note: event.payload.note,
        status: "transferred",
        holds: endHold(c.holds, at),
      };
    case "contact.held": {
      const hold: Hold = { start: at, announcement: event.payload.announcement, end: null };
      return { ...c, holds: [...c.holds, hold], status: "held" };
    }
    case "contact.resumed": {
      const holds = endHold(c.holds, at);
      return holds === c.holds ? c : { ...c, holds, status: "active" };
    }
    case "contact.switched":
      return { ...c, channel: event.payload.channel };
    case "contact.taken_over":
      return { ...c, taken_over: true };
    case "contact.handed_back":
      return { ...c, taken_over: false };
    case "customer.mood": {
      const p = event.payload;
      return { ...c, moods: [...c.moods, { at, mood: p.mood, cause: p.cause }] };
    }
    case "contact.escalated":
      return { ...c, escalations: [...c.escalations, { at, level: event.payload.level }] };
    default:
      return c;
  }
}

/** Every event folded in order, from the initial workspace (the replay, or a page's reload). */
export function project(events: readonly StoredEvent[]): WorkspaceState {
  return events.reduce(reduce, initial());
}
