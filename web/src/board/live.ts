// The board's feed: every stream of the exam on the page's one connection
// (../net/connection.ts, `follow: "exam"`). The exam stream tells the exam's status; each
// attempt stream is folded by the shared reducer (../workspace/reducer.ts) into its
// candidate's card. The roster and presence come with the opening answers, then presence
// with each change.

import type { StoredEvent } from "../generated/protocol";
import { Connection, type Transport } from "../net/connection";
import type { WorkerLoad } from "../net/messages";
import { reduce } from "../workspace/reducer";
import { learnRoster, type Room, say } from "./model";

const EXAM_STATUS: Readonly<Record<string, string>> = {
  "exam.started": "running",
  "exam.paused": "paused",
  "exam.resumed": "running",
  "exam.stopped": "stopped",
};

function fold(room: Room, stream: string, events: readonly StoredEvent[]): void {
  const exam = room.boot.exam;
  if (stream === exam) {
    for (const e of events) {
      const status = EXAM_STATUS[e.type];
      if (status) room.examStatus.value = status;
    }
    return;
  }
  const card = room.cards.get(stream.slice(exam.length + 1));
  if (card === undefined) return;
  let state = card.value.state;
  let wall = card.value.wall;
  for (const event of events) {
    if (event.seq > state.last.seq) state = reduce(state, event);
    wall = event.wall_time;
  }
  card.value = { ...card.value, state, wall, received: Date.now() / 1000 };
}

/** Follows the exam into `room` over `transport` (a socket in the exam's board room). */
export function followExam(room: Room, transport: Transport): Connection {
  return new Connection(transport, {
    follow: "exam",
    onEvents: (stream, events) => fold(room, stream, events),
    onCatchUp: (page) => learnRoster(room, page),
    onJoined: (stream, answer) => {
      if (stream === room.boot.exam && "candidates" in answer) learnRoster(room, answer);
    },
    onPresence: ({ candidate, online }) => {
      room.presence.value = { ...room.presence.value, [candidate]: online };
    },
    onRefusal: (error) => say(room, { ok: false, error }),
    onConnectError: (message) => room.tell(message, true),
    onLoad: (load) => tellLoad(room, load),
  });
}

/** The workers each board last heard saturated: a change is told once, not every repeat. */
const saturated = new WeakMap<Room, Set<string>>();

/** A worker's saturation (omnisim/web/socket/overload.py) told to the trainer: new
 * candidates are refused with a retry hint while it lasts. */
function tellLoad(room: Room, load: WorkerLoad): void {
  const known = saturated.get(room) ?? new Set<string>();
  saturated.set(room, known);
  if (load.saturated) {
    known.add(load.worker);
    const { worker, lag_ms, depth, refused } = load;
    room.tell(room.t("board.saturated", { worker, lag_ms, depth, refused }), true);
  } else if (known.delete(load.worker)) {
    room.tell(room.t("board.unsaturated", { worker: load.worker }), false);
  }
}
