// The trainer's board: every candidate of an exam live on one screen, from one feed; the
// console is the same page on one candidate (`focus`).
//
// The page's one connection follows every stream of the exam (./live.ts); each card shows
// ./summary.ts of its candidate (./card.tsx); drilling into a candidate shows that candidate's
// own desk read-only with the trainer's hands beside it (./drill.tsx). The components share
// the Board made here (./model.ts).
// esbuild bundles this into web/static/app/board.js (window.OmniSimBoard).

import { signal } from "@preact/signals";
import { render } from "preact";
import { socketTransport } from "../net/socket";
import { Card } from "./card";
import { Controls } from "./controls";
import { Drill } from "./drill";
import { followExam } from "./live";
import { type Board, BoardContext, type Boot, createRoom, summaryOf, useBoard } from "./model";
import type { Summary } from "./summary";

function BoardPage() {
  const { boot, people, cards, drilled, notice } = useBoard();
  const roster = people.value; // the cards exist once the roster is known
  const focus = drilled.value && roster.length ? cards.get(drilled.value) : undefined;
  return (
    <div class={`board${focus ? " drilling" : ""}${boot.focus ? " focus" : ""}`}>
      <Controls />
      {notice.value ? (
        <p id="notice" class={notice.value.error ? "error" : "ok"} role={notice.value.error ? "alert" : "status"}>
          {notice.value.text}
        </p>
      ) : null}
      {boot.focus ? null : (
        <div class="cards" data-count={roster.length}>
          {roster.map((p) => {
            const card = cards.get(p.id);
            return card ? <Card card={card} /> : null;
          })}
        </div>
      )}
      {focus ? <Drill card={focus} /> : null}
    </div>
  );
}

type Snapshot = Record<string, { seq: number; received: number; summary: Summary }>;

/** Opens the board in `root`; returns what tests and benches may read of it. */
function mountBoard(root: HTMLElement, boot: Boot): () => Snapshot {
  const room = createRoom(boot);
  const connection = followExam(room, socketTransport({ exam: boot.exam, board: true, lang: boot.lang }));
  const now = signal(Date.now() / 1000);
  setInterval(() => {
    now.value = Date.now() / 1000;
  }, 1000);
  const board: Board = {
    ...room,
    link: connection.state,
    now,
    drilled: signal(boot.focus),
    mirrors: new Map(),
    act: (candidate, type, data) =>
      candidate === null ? connection.act(type, data) : connection.actOn(candidate, type, data),
  };
  root.textContent = ""; // the "loading" hint the server rendered
  render(
    <BoardContext.Provider value={board}>
      <BoardPage />
    </BoardContext.Provider>,
    root,
  );
  return () => {
    const out: Snapshot = {};
    for (const [id, card] of board.cards) {
      const c = card.value;
      out[id] = { seq: c.state.last.seq, received: c.received, summary: summaryOf(board, c) };
    }
    return out;
  };
}

const boot = JSON.parse(document.getElementById("boot")!.textContent!) as Boot;

/** For tests and the latency bench: each candidate's state and when it last changed here. */
export const snapshot = mountBoard(document.getElementById("board")!, boot);
