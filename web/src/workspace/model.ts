// What the desk's panels share: the dossier the page was given, the folded workspace, the
// page's own state (selected contact, open tool, muted sound) and a way to act.
//
// A read-only desk (the jury's replay) has no `act`: every composer and button that would
// act is left out, and drafts are shown as unsent text.

import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { computed, type ReadonlySignal, signal, type Signal } from "@preact/signals";
import type { ActionData, ActionType } from "../generated/protocol";
import type { Reply } from "../net/connection";
import type { Formats } from "./formats";
import { own, type ContactView, type WorkspaceState } from "./reducer";

export interface Slot {
  readonly start: string;
  readonly end: string;
  readonly free: boolean;
  readonly with_whom: string;
  /** The practitioner the slot belongs to (a staff handle), where the principal has several. */
  readonly staff?: string;
}
export interface Staff {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly reachable: boolean;
}
export interface Instruction {
  readonly text: string;
  readonly valid_from: string;
  readonly valid_until: string;
  /** The principal is away between the bounds: a booking then is warned. */
  readonly absent: boolean;
  /** With `absent`: only this member of the staff (a handle) is away, on their own slots. */
  readonly staff?: string;
}
/** When a principal receives appointments on the days named ("mon"…"sun"). */
export interface Hours {
  readonly start: string;
  readonly end: string;
  readonly days: readonly string[];
}
export interface Principal {
  readonly id: string;
  readonly name: string;
  readonly sector: string;
  readonly address: string;
  readonly phone: string;
  readonly email: string;
  readonly greeting: string;
  readonly instructions: readonly Instruction[];
  readonly agenda: readonly Slot[];
  readonly hours: readonly Hours[];
  readonly staff: readonly Staff[];
}
export interface HistoryItem {
  readonly date: string;
  readonly kind: string;
  readonly summary: string;
  readonly ref: string;
}
export interface CrmRecord {
  readonly id: string;
  readonly last_name: string;
  readonly first_name: string;
  /** As the measures read it: the field, else the notes' « Civilité : Madame. ». */
  readonly civility: string;
  /** The company or body they act for (a hotel's buyer, a works council's secretary). */
  readonly company: string;
  readonly principal: string;
  readonly phone: string;
  readonly email: string;
  readonly address: string;
  readonly notes: string;
  readonly history: readonly HistoryItem[];
}
export interface Article {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly html: string;
}
export interface Template {
  readonly id: string;
  readonly title: string;
  readonly channel: string;
  readonly body: string;
  readonly variables: readonly string[];
}
/** A document of the case file: a customer's attachment, or (`shared`) the centre's own. */
export interface CaseDocument {
  readonly name: string;
  readonly title: string;
  readonly html: string;
  readonly shared: boolean;
}
/** A code to close a contact with; an empty label is a default code the catalog names. */
export interface WrapUpCode {
  readonly id: string;
  readonly label: string;
}
export interface ChannelRule {
  readonly pickup_seconds: number | null;
  readonly reply_deadline_minutes: number | null;
  readonly max_words_per_send: number | null;
  readonly max_characters: number | null;
  readonly max_lines_on_hold: number | null;
}

/** The dossier école as the candidate may see it (omnisim/protocol/views.py candidate_workspace). */
export interface Dossier {
  readonly title: string;
  readonly today: string;
  readonly start_time: string;
  readonly duration_minutes: number;
  readonly preparation_minutes: number;
  readonly channels: Readonly<Record<string, ChannelRule>>;
  readonly briefing: string;
  readonly briefing_html: string;
  readonly phone_lines: number;
  readonly reply_by: Readonly<Record<string, string>>;
  readonly principals: readonly Principal[];
  readonly crm: readonly CrmRecord[];
  readonly knowledge: readonly Article[];
  readonly templates: readonly Template[];
  readonly documents: readonly CaseDocument[];
  readonly wrap_up_codes: readonly WrapUpCode[];
  /** The desk's one date and time format, from Babel (./formats.ts). */
  readonly formats: Formats;
}

export type Tool = "crm" | "agenda" | "message" | "knowledge" | "instructions" | "report" | "briefing";
export const TOOLS: readonly Tool[] = [
  "crm",
  "agenda",
  "message",
  "knowledge",
  "instructions",
  "report",
  "briefing",
];

/** An action of the generated protocol, with the data its type takes. */
export type Act = <K extends ActionType>(type: K, data: ActionData<K>) => Promise<Reply>;

export interface Desk {
  readonly dossier: Dossier;
  readonly state: ReadonlySignal<WorkspaceState>;
  readonly t: (key: string, params?: Record<string, string | number>) => string;
  readonly lang: string;
  readonly mode: "exam" | "training";
  readonly agent: string;
  /** Absent on a read-only desk. */
  readonly act: Act | null;
  /** Read by a jury member or a trainer (the replay, the board's mirror): what is shown for
   * grading shows (a letter sent over the unfilled-variables warning). False on the candidate's
   * own desk and on their debrief: nothing of it reaches a candidate. */
  readonly staff: boolean;
  readonly selected: Signal<string | null>;
  readonly tool: Signal<Tool>;
  /** A CRM record opened deliberately (« fiche consultée »), or null: the CRM then shows the
   * active contact's record (./active.ts). Changing contact closes it. */
  readonly record: Signal<string | null>;
  /** Simulated seconds per real second (the pace: ×6 is 1 real minute = 6 simulated). */
  readonly factor: ReadonlySignal<number>;
  /** The sim time now, ticking (the replay sets it to its moment). */
  readonly sim: ReadonlySignal<number>;
  readonly link: ReadonlySignal<string>;
  readonly queued: ReadonlySignal<number>;
  /** The server's « serveur saturé, réessayez dans N s » while it sheds the desk's requests. */
  readonly busy: ReadonlySignal<string>;
  readonly muted: Signal<boolean>;
  readonly help: Signal<boolean>;
  readonly otherLangUrl: string;
  /** Drafts: what is typed in each field, kept across renders, reloads and languages. */
  readonly drafts: Drafts;
}

export interface Drafts {
  get(field: string): Signal<string>;
  set(field: string, text: string, contactId?: string): void;
  clear(...fields: string[]): void;
}

export const DeskContext = createContext<Desk | null>(null);

export function useDesk(): Desk {
  const desk = useContext(DeskContext);
  if (desk === null) throw new Error("a desk panel outside its Desk");
  return desk;
}

/** The selected contact as it stands now. */
export function selectedContact(desk: Desk): ReadonlySignal<ContactView | undefined> {
  return computed(() => {
    const id = desk.selected.value;
    return id === null ? undefined : own(desk.state.value.contacts, id);
  });
}

export function isOpen(c: ContactView): boolean {
  return c.status === "offered" || c.status === "active" || c.status === "held";
}

/** The catalog key of a contact's state: « À appeler » for a call to place not yet dialled. */
export function statusKey(c: ContactView): string {
  return c.to_place && c.status === "offered" ? "desk.to_call" : `status.${c.status}`;
}

/** Drafts held in memory and mirrored in sessionStorage; `save` sends them (debounced). */
export function makeDrafts(
  key: string,
  save: ((field: string, text: string, contactId: string) => void) | null,
): Drafts & { hydrate(server: Readonly<Record<string, { text: string }>>): void } {
  const fields = new Map<string, Signal<string>>();
  const timers = new Map<string, number>();
  let stored: Record<string, string> = {};
  try {
    stored = JSON.parse(sessionStorage.getItem(key) ?? "{}") as Record<string, string>;
  } catch {
    stored = {};
  }
  const persist = () => {
    try {
      sessionStorage.setItem(key, JSON.stringify(stored));
    } catch {
      // the server keeps the drafts anyway
    }
  };
  const get = (field: string): Signal<string> => {
    let s = fields.get(field);
    if (s === undefined) {
      s = signal(Object.prototype.hasOwnProperty.call(stored, field) ? (stored[field] ?? "") : "");
      fields.set(field, s);
    }
    return s;
  };
  const waiting = new Map<string, () => void>(); // debounced saves not sent yet
  const set = (field: string, text: string, contactId = "") => {
    get(field).value = text;
    stored[field] = text;
    persist();
    if (save === null) return;
    window.clearTimeout(timers.get(field));
    const send = () => {
      waiting.delete(field);
      save(field, text, contactId);
    };
    waiting.set(field, send);
    timers.set(field, window.setTimeout(send, 600));
  };
  // Leaving the page (reload, language switch) sends what the debounce still holds: it goes
  // to the outbox, which the next page load sends if this one could not.
  if (save !== null && typeof window !== "undefined") {
    window.addEventListener("pagehide", () => {
      for (const [field, send] of [...waiting]) {
        window.clearTimeout(timers.get(field));
        send();
      }
    });
  }
  return {
    get,
    set,
    clear(...names) {
      for (const name of names) {
        window.clearTimeout(timers.get(name));
        waiting.delete(name); // else leaving the page would save the cleared text again
        get(name).value = "";
        stored[name] = "";
        save?.(name, "", "");
      }
      persist();
    },
    hydrate(server) {
      // The server's drafts fill what this tab has not typed (another tab, another browser);
      // what this tab typed and the server lacks (a save lost with the page) is sent again.
      for (const [name, draft] of Object.entries(server)) {
        if (!Object.prototype.hasOwnProperty.call(stored, name) && draft.text) {
          get(name).value = draft.text;
          stored[name] = draft.text;
        }
      }
      for (const [name, text] of Object.entries(stored)) {
        const known = Object.prototype.hasOwnProperty.call(server, name) ? server[name]?.text : "";
        if (text !== (known ?? "") && !waiting.has(name)) save?.(name, text, "");
      }
      persist();
    },
  };
}
