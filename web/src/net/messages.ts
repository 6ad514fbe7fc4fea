// What the server sends on the socket that is not generated yet: the push batch, the join
// answers (desk, board, grading), presence, an action's acknowledgement and a refusal. The
// contract is docs/protocol.md; the senders are omnisim/web/socket/ (gateway.py, board_feed.py,
// grading_feed.py). Each type is named as the Python record that will replace it, so that
// `web/src/generated/protocol.ts` can take its place name for name.

import type { StoredEvent } from "../generated/protocol";

/** One push, or the events part of a join answer: the stream's events after seq `after`
 * up to `upto` (events the role may not see are left out, the range still covers them). */
export interface Batch {
  readonly stream: string;
  readonly after: number;
  readonly upto: number;
  readonly events: readonly StoredEvent[];
}

/** Why the server did not do what was asked, in the reader's language. */
export interface Refusal {
  readonly field: string;
  readonly reason: string;
}

/** An action durably logged: the seqs it appended. Injecting to every candidate answers who
 * got the contact and, for the others, why not. */
export interface Ack {
  readonly ok: true;
  readonly seq?: readonly number[];
  readonly injected?: readonly string[];
  readonly refused?: Readonly<Record<string, string>>;
}

/** The answer to `{last_seq}`: the followed attempt from there, a page at most (`more`). */
export interface DeskJoinAnswer extends Batch {
  readonly ok: true;
  readonly more: boolean;
  readonly role: string;
  readonly candidate: string;
  readonly mode: string;
  readonly last_seq: number;
}

/** A jury member's join of the exam's grading stream, through the blind rule. */
export interface GradingJoinAnswer extends Batch {
  readonly ok: true;
  readonly more: boolean;
}

/** A board's join of one stream `{stream, last_seq}`; the exam stream's adds the roster. */
export interface BoardJoinAnswer extends Batch {
  readonly ok: true;
  readonly more?: boolean;
  readonly candidates?: BoardCatchUp["candidates"];
  readonly presence?: BoardCatchUp["presence"];
}

/** One page of a board's read of its whole exam by global position
 * (`{all: true, after, positions?}`): per-stream batches, then `position` to go on from. */
export interface BoardCatchUp {
  readonly ok: true;
  readonly all: true;
  readonly after: number;
  readonly position: number;
  readonly more: boolean;
  readonly batches: readonly Batch[];
  /** The exam's candidates, as the board lists them. */
  readonly candidates: readonly { readonly id: string; readonly name: string; readonly number: string }[];
  readonly presence: Readonly<Record<string, boolean>>;
}

/** A candidate's link connected (their first socket) or gone (their last one). */
export interface Presence {
  readonly candidate: string;
  readonly online: boolean;
}
