// What the jury page's components share, made once by ./main.tsx: the boot data, the replay
// of the attempt and where it stands (./player.ts moves it), the measures and the grading view
// as last read, the page's own state (tab, decisions picked, refusals) and the read-only desk
// of the replay once mounted.

import { computed, type ReadonlySignal, type Signal, signal } from "@preact/signals";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { Connection } from "../net/connection";
import type { Dossier } from "../workspace/model";
import { translator } from "../workspace/readonly";
import type { Decision, GradingActions, GradingCommand } from "../generated/protocol";
import { Api, type Grading, type Measure, type Sent } from "./api";
import type { Player } from "./player";
import { type Lane, Replay } from "./replay";

/** The page's boot data (omnisim/web/pages/jury.py). */
export interface Boot {
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

export type Tab = "grid" | "measures" | "interview";

/** The replay's state and moves are the Player's (./player.ts), shared with the debrief. */
export interface Jury extends Player {
  readonly boot: Boot;
  readonly t: (key: string, params?: Record<string, string | number>) => string;
  readonly api: Api;
  readonly lanes: ReadonlySignal<Lane[]>;
  readonly measures: Signal<Measure[]>;
  readonly grading: Signal<Grading | null>;
  readonly tab: Signal<Tab>;
  /** The page's connection, once the loaded log is followed live (./live.ts). */
  readonly connection: Signal<Connection | null>;
  /** A refusal per form (`decide:<criterion>`, `reconcile:<criterion>`, `sign`…), "" once done. */
  readonly errors: Signal<Record<string, string>>;
  /** A decision picked shows at once; the server's answer (saved, or refused) follows. */
  readonly picked: Signal<Record<string, Decision>>;
  /** Whether the highlighted event is on screen in that desk. */
  readonly mirrorShown: Signal<boolean>;
}

export function createJury(boot: Boot): Jury {
  const replay = new Replay();
  const version = signal(0);
  const pos = signal(0);
  return {
    boot,
    t: translator(boot.texts),
    api: new Api(boot.token, boot.lang),
    replay,
    version,
    pos,
    sim: signal(0),
    following: signal(true),
    playing: signal(false),
    speed: signal(1),
    highlighted: signal(0),
    view: computed(() => {
      void version.value;
      return replay.stateAt(pos.value);
    }),
    lanes: computed(() => {
      void version.value;
      return replay.lanes();
    }),
    timeFactor: computed(() => {
      void version.value;
      return replay.stateAt(replay.lastSeq).time_factor || 1;
    }),
    measures: signal([]),
    grading: signal(null),
    tab: signal("grid"),
    connection: signal(null),
    errors: signal({}),
    picked: signal({}),
    selected: signal(null),
    mirror: signal(null),
    mirrorShown: signal(false),
  };
}

export const JuryContext = createContext<Jury | null>(null);

export function useJury(): Jury {
  const jury = useContext(JuryContext);
  if (jury === null) throw new Error("a jury panel outside its page");
  return jury;
}

/** A read that failed is said on the page (`read`), never left silent; "" once one succeeds. */
async function reading(jury: Jury, read: () => Promise<void>): Promise<void> {
  try {
    await read();
    if (jury.errors.value.read) jury.errors.value = { ...jury.errors.value, read: "" };
  } catch (error) {
    jury.errors.value = { ...jury.errors.value, read: error instanceof Error ? error.message : String(error) };
  }
}

export async function refreshMeasures(jury: Jury): Promise<void> {
  await reading(jury, async () => {
    jury.measures.value = await jury.api.measures(jury.boot.candidate);
  });
}

export async function refreshGrading(jury: Jury): Promise<void> {
  await reading(jury, async () => {
    jury.grading.value = await jury.api.grading(jury.boot.candidate);
  });
}

/** A grading command's body but the candidate, which `send` adds (this page's). */
type About<C extends GradingCommand> = Omit<GradingActions[C], "candidate_id">;

/** A grading command about this page's candidate; its refusal is kept under `key`. */
export async function send<C extends Exclude<GradingCommand, "countersign" | "erratum">>(
  jury: Jury,
  key: string,
  command: C,
  body: About<C>,
): Promise<boolean> {
  return settle(jury, key, await jury.api.send(command, { candidate_id: jury.boot.candidate, ...body } as GradingActions[C]));
}

/** A command about the record as a whole (an erratum): sent as it is. */
export async function sendRecord<C extends "countersign" | "erratum">(jury: Jury, key: string, command: C, body: GradingActions[C]): Promise<boolean> {
  return settle(jury, key, await jury.api.send(command, body));
}

/** A command's answer shown: its refusal under `key`, and the grading it leaves (read again
 * only when the answer has none: an erratum, or a refusal). */
async function settle(jury: Jury, key: string, sent: Sent): Promise<boolean> {
  jury.errors.value = { ...jury.errors.value, [key]: sent.refusal ? sent.refusal.reason : "" };
  if (sent.grading) jury.grading.value = sent.grading;
  else await refreshGrading(jury);
  return sent.refusal === null;
}
