// Live: the jury page follows two streams on its one connection (../net/connection.ts): the
// candidate's attempt, from the log the page loaded (the replay grows), and the exam's grading
// stream, which the server sends each jury member through the blind rule
// (omnisim/jury/blind.py, docs/protocol.md). No polling: the grading view is read once that stream
// is joined, then again only when a push says another member did something about this
// candidate.

import type { StoredEvent } from "../generated/protocol";
import { Connection, OWN, type Transport } from "../net/connection";
import { type Jury, refreshGrading } from "./model";

/** A grading event this page's view depends on: about its candidate, by someone else. */
function concernsMe(jury: Jury, e: StoredEvent): boolean {
  const p = e.payload as { candidate_id?: string };
  return (p.candidate_id === undefined || p.candidate_id === jury.boot.candidate) && e.actor_id !== jury.boot.me;
}

/** Follows the attempt (into `grow`) and the grading stream over `transport`. */
export function followLive(jury: Jury, transport: Transport, grow: (events: readonly StoredEvent[]) => void): Connection {
  const grading = `${jury.boot.exam}-grading`;
  let gradingKnown = false; // the view is read once the grading stream is joined, then on pushes
  const connection = new Connection(transport, {
    follow: [{ stream: OWN, from: jury.replay.lastSeq }, { stream: grading }],
    onEvents(stream, events) {
      if (stream === OWN) grow(events);
      else if (stream === grading && gradingKnown && events.some((e) => concernsMe(jury, e))) void refreshGrading(jury);
    },
    onJoined(stream) {
      if (stream !== grading || gradingKnown) return;
      gradingKnown = true;
      void refreshGrading(jury);
    },
  });
  jury.connection.value = connection;
  return connection;
}
