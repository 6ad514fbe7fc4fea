// What the server sends on the socket, as the Python records generate them
// (omnisim/protocol/messages.py → web/src/generated/protocol.ts). The contract is
// docs/protocol.md. An action's answer is an acknowledgement (or, for the board's inject to
// every candidate, who got the contact) or a refusal.

import type { Acknowledged, Injected } from "../generated/protocol";

export type {
  Acknowledged,
  Batch,
  BoardCaughtUp,
  BoardJoined,
  Candidate,
  Closed,
  DeskJoined,
  GradingJoined,
  Injected,
  Presence,
  Refusal,
  Refused,
  WorkerLoad,
} from "../generated/protocol";

/** An action durably logged. */
export type Ack = Acknowledged | Injected;
