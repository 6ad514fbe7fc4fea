// The agent desk on one 1366×768 screen: header, queue and softphone, conversation,
// customer context and tools — no page scroll; each panel scrolls inside itself.
//
// `Desk` renders any workspace state. Given `act`, it is the candidate's live desk; without
// it (the board's mirror, the jury's replay: ./readonly.tsx) it is read-only: no composer, no
// button that acts, no keyboard shortcut, drafts listed as unsent text under human labels.

import { effect } from "@preact/signals";
import { useEffect } from "preact/hooks";
import { Conversation } from "./conversation";
import { Dialog } from "./dialog";
import { Header } from "./header";
import { draftLabel, namesOf, unsent } from "./drafts";
import { type Desk as DeskModel, DeskContext, isOpen, useDesk } from "./model";
import { Queue } from "./queue";
import type { ContactView } from "./reducer";
import { waited } from "./timers";
import { Softphone } from "./softphone";
import { ToolPanel } from "./tools";

// A live customer waiting this long (real seconds) gets a coach's hint in training.
const HINT_AFTER = 20;

/** Training only: the coach's gentle live hints (never in exam mode). */
function Hints() {
  const desk = useDesk();
  if (desk.mode !== "training" || desk.act === null) return null;
  const waiting = Object.values(desk.state.value.contacts)
    .filter(isOpen)
    .map((c) => ({ c, wait: waited(desk, c) }))
    .filter((x) => x.wait !== null && x.wait.clock === "real" && x.wait.seconds >= HINT_AFTER);
  if (!waiting.length) return null;
  return (
    <ul class="hints" aria-label={desk.t("desk.hints")}>
      {waiting.slice(0, 2).map(({ c, wait }) => (
        <li key={c.id} class="hint coach">
          {desk.t("desk.hint_waiting", { who: c.customer, s: Math.floor(wait?.seconds ?? 0) })}
        </li>
      ))}
    </ul>
  );
}

/** Before the start: what the exercise is, its pace, and (in training) the start button; in
 * an exam the trainer starts everyone at once. In the page's middle, not in the header. */
function Ready({ onStart }: { onStart: (() => void) | null }) {
  const desk = useDesk();
  const { t } = desk;
  const pace = desk.factor.value;
  return (
    <section class="conversation ready" aria-labelledby="ready-title">
      <h2 id="ready-title">{desk.dossier.title}</h2>
      <p class="pace-note">{t(pace === 1 ? "desk.pace_note_one" : "desk.pace_note", { n: pace })}</p>
      <p>{t(onStart === null ? "desk.ready_exam" : "desk.ready_training")}</p>
      {onStart !== null ? (
        <p>
          <button type="button" class="primary" onClick={onStart}>
            {t("candidate.start")}
          </button>
        </p>
      ) : null}
    </section>
  );
}

function Offline() {
  const desk = useDesk();
  if (desk.link.value === "closed") {
    return (
      <div class="offline" role="alert">
        {desk.t("desk.closed_banner")}
      </div>
    );
  }
  if (desk.link.value !== "offline") return null;
  return (
    <div class="offline" role="alert">
      {desk.t("desk.offline_banner")}
    </div>
  );
}

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ["Alt+D", "desk.key.pickup"],
  ["Alt+H", "desk.key.hold"],
  ["Alt+N", "desk.key.next"],
  ["Ctrl+Entrée", "desk.key.send"],
  ["Alt+U", "desk.key.urgent"],
  ["F1", "desk.key.help"],
];

function Help() {
  const desk = useDesk();
  if (!desk.help.value) return null;
  const close = () => (desk.help.value = false);
  return (
    <Dialog id="help-title" title={desk.t("desk.shortcuts")} onClose={close}>
      <dl class="keys-list">
        {SHORTCUTS.map(([key, label]) => (
          <div key={key}>
            <dt>
              <kbd>{key}</kbd>
            </dt>
            <dd>{desk.t(label)}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}

/** Read-only desk: every draft the candidate typed and has not sent, named for a person. */
function Unsent() {
  const desk = useDesk();
  if (desk.act !== null) return null;
  const state = desk.state.value;
  // The selected contact's reply draft is shown where its composer would be (Conversation).
  const shown = desk.selected.value === null ? "" : `reply:${desk.selected.value}`;
  const list = unsent(state).filter((d) => d.field !== shown);
  const names = namesOf(desk.dossier, state);
  return (
    // It scrolls and holds no button: focusable, so a keyboard can scroll it.
    <section class="unsent-drafts" aria-labelledby="unsent-title" tabIndex={0}>
      <h2 id="unsent-title">
        {desk.t("mirror.drafts")} <span class="count">{list.length}</span>
      </h2>
      {list.length === 0 ? <p class="empty">{desk.t("mirror.none")}</p> : null}
      <ul>
        {list.map((d) => (
          <li key={d.field} data-seq={d.seq} class="draft">
            <b class="draft-label">{draftLabel(d.field, state, names, desk.t)}</b>
            <span class="msg-text">{d.text}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Keyboard shortcuts of the live desk (Alt+letter works while typing); none when read-only. */
function useShortcuts(desk: DeskModel) {
  useEffect(() => {
    if (desk.act === null) return; // a mirror: even a local mark would misstate the candidate's
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "F1" || (e.key === "?" && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement))) {
        e.preventDefault();
        desk.help.value = !desk.help.value;
        return;
      }
      if (e.key === "Escape" && desk.help.value) {
        desk.help.value = false;
        return;
      }
      if (!e.altKey || desk.act === null) return;
      const contacts = Object.values(desk.state.value.contacts).filter(isOpen);
      const current = contacts.find((c) => c.id === desk.selected.value);
      const key = e.code;
      if (key === "KeyD") {
        // Alt+D answers what rings (or a chat, an e-mail waiting); a call to place is dialled.
        const waiting = (c: ContactView | undefined) => c?.status === "offered" && !c.to_place;
        const target = waiting(current) ? current : contacts.find(waiting);
        if (target) {
          e.preventDefault();
          desk.selected.value = target.id;
          void desk.act("pickup", { contact_id: target.id });
        }
      } else if (key === "KeyH" && current && current.channel === "phone") {
        e.preventDefault();
        if (current.status === "active") {
          const announcement = desk.drafts.get(`hold:${current.id}`).value;
          void desk.act("hold", { contact_id: current.id, announcement }).then((r) => r.ok && desk.drafts.clear(`hold:${current.id}`));
        } else if (current.status === "held") void desk.act("unhold", { contact_id: current.id });
      } else if (key === "KeyN" && contacts.length) {
        e.preventDefault();
        const i = current ? contacts.indexOf(current) : -1;
        desk.selected.value = (contacts[(i + 1) % contacts.length] ?? contacts[0])?.id ?? null;
      } else if (key === "KeyU" && current) {
        e.preventDefault();
        const mark = desk.drafts.get(`urgent:${current.id}`).value === "1" ? "" : "1";
        desk.drafts.set(`urgent:${current.id}`, mark, current.id);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [desk]);
}

/** The desk follows the active contact: changing contact closes a record consulted for the
 * previous one (./active.ts), so nothing stale feeds the next customer's letter or booking. */
function useFollowContact(desk: DeskModel) {
  useEffect(() => {
    let last = desk.selected.value;
    return effect(() => {
      const now = desk.selected.value;
      if (now !== last) {
        last = now;
        desk.record.value = null;
      }
    });
  }, [desk]);
}

export function Desk({ desk, onStart = null }: { desk: DeskModel; onStart?: (() => void) | null }) {
  useShortcuts(desk);
  useFollowContact(desk);
  return (
    <DeskContext.Provider value={desk}>
      <div class={`desk${desk.act === null ? " read-only" : ""}`}>
        <Header />
        <Offline />
        <div class="desk-body">
          <div class="col-left">
            <Queue />
            <Softphone />
            <Unsent />
          </div>
          <div class="col-mid">
            <Hints />
            {desk.act !== null && desk.state.value.status === "ready" ? <Ready onStart={onStart} /> : <Conversation />}
          </div>
          <div class="col-right">
            <ToolPanel />
          </div>
        </div>
        <Help />
      </div>
    </DeskContext.Provider>
  );
}
