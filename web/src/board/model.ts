// What the board's components share, made once by ./main.tsx: the boot data the page was
// given, the room as the feed tells it (roster, presence, each candidate's folded attempt, the
// exam's status), the trainer's view (who is drilled into, the notice) and a way to act.
//
// The room is written by ./live.ts from the exam's feed; the components only read it, and act
// through `act` (the page's one connection, ../net/connection.ts).

import type { ReadonlySignal, Signal } from "@preact/signals";
import { signal } from "@preact/signals";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { ActionData, ActionType } from "../generated/protocol";
import type { LinkState, Reply } from "../net/connection";
import type { Candidate as Rostered } from "../net/messages";
import type { Desk as DeskModel, Dossier } from "../workspace/model";
import { translator } from "../workspace/readonly";
import { initial, type WorkspaceState } from "../workspace/reducer";
import { type Summary, summarize } from "./summary";

export type Person = Rostered;

export interface LibraryContact {
  readonly id: string;
  readonly customer: string;
  readonly channel: string;
  readonly subject: string;
}

/** The page's boot data (omnisim/web/pages/board.py). */
export interface Boot {
  readonly texts: Record<string, string>;
  readonly lang: string;
  readonly exam: string;
  readonly mode: string;
  readonly time_factor: number;
  readonly deadlines: Record<string, number>;
  readonly library: readonly LibraryContact[];
  /** The console: one candidate, alone (no cards). */
  readonly focus: string;
  /** The dossier école as the candidate's desk has it: the mirror renders that desk. */
  readonly workspace: Dossier;
}

export interface Candidate {
  readonly person: Person;
  readonly state: WorkspaceState;
  /** Server wall time of the last event folded, to tell the sim time "now" between events. */
  readonly wall: number;
  /** Wall time (client) when the last batch was received, for the latency bench. */
  readonly received: number;
}

export interface Notice {
  readonly text: string;
  readonly error: boolean;
}

/** The exam as its feed tells it, with the page's notice. */
export interface Room {
  readonly boot: Boot;
  readonly t: (key: string, params?: Record<string, string | number>) => string;
  readonly people: Signal<readonly Person[]>;
  /** One card per candidate of the roster, by person id. */
  readonly cards: Map<string, Signal<Candidate>>;
  readonly presence: Signal<Readonly<Record<string, boolean>>>;
  readonly examStatus: Signal<string>;
  readonly notice: Signal<Notice | null>;
  /** A success is said for a few seconds; a refusal stays until the next action. */
  tell(text: string, error: boolean): void;
}

export interface Board extends Room {
  readonly link: ReadonlySignal<LinkState>;
  /** Wall time now (seconds), ticking: the cards' clocks run between events. */
  readonly now: ReadonlySignal<number>;
  readonly drilled: Signal<string>;
  /** One read-only desk per candidate drilled into, kept while the page lives (its selection
   * and open tool survive going back and forth between cards). */
  readonly mirrors: Map<string, DeskModel>;
  /** An action on one candidate, on every one (`"all"`, an injection), or on the exam (null). */
  act<K extends ActionType>(candidate: string | null, type: K, data: ActionData<K>): Promise<Reply>;
}

export function createRoom(boot: Boot): Room {
  const notice = signal<Notice | null>(null);
  let fading: ReturnType<typeof setTimeout> | undefined;
  return {
    boot,
    t: translator(boot.texts),
    people: signal<readonly Person[]>([]),
    cards: new Map(),
    presence: signal({}),
    examStatus: signal("ready"),
    notice,
    tell(text, error) {
      clearTimeout(fading);
      notice.value = { text, error };
      if (!error) fading = setTimeout(() => (notice.value = null), 6000);
    },
  };
}

/** The roster and presence an opening answer carries; a card for each new candidate. */
export function learnRoster(
  room: Room,
  answer: { readonly candidates?: readonly Person[]; readonly presence?: Readonly<Record<string, boolean>> },
): void {
  const roster = answer.candidates ?? [];
  for (const person of roster) {
    if (!room.cards.has(person.id)) {
      room.cards.set(person.id, signal({ person, state: initial(), wall: 0, received: 0 }));
    }
  }
  room.people.value = roster;
  room.presence.value = answer.presence ?? {};
}

/** The server's answer to an action said in the notice: `done` on success (else cleared). */
export function say(room: Room, reply: Reply, done = ""): void {
  if (reply.ok) {
    if (done) room.tell(done, false);
    else room.notice.value = null;
    return;
  }
  const e = reply.error;
  room.tell(`${e.field ? `${e.field} : ` : ""}${e.reason}`, true);
}

/** The attempt's sim time now: the last event's, plus the wall time since while it runs. */
export function nowSim(board: Board, c: Candidate): number {
  const s = c.state;
  if (s.status !== "running" || c.wall === 0) return s.last.sim;
  return s.last.sim + Math.max(0, board.now.value - c.wall) * (s.time_factor || 1);
}

export function summaryOf(board: Board, c: Candidate): Summary {
  return summarize(c.state, board.boot.deadlines, nowSim(board, c), board.presence.value[c.person.id] ?? false);
}

export const BoardContext = createContext<Board | null>(null);

export function useBoard(): Board {
  const board = useContext(BoardContext);
  if (board === null) throw new Error("a board panel outside its Board");
  return board;
}
