// The agent desk on one 1366×768 screen: header, queue and softphone, conversation,
// customer context and tools — no page scroll; each panel scrolls inside itself.
//
// `Desk` renders any workspace state. Given `act`, it is the candidate's live desk; without
// it (the board's mirror, the jury's replay: ./readonly.tsx) it is read-only: no composer, no
// button that acts, no keyboard shortcut, drafts listed as unsent text under human labels.

import { useEffect } from "preact/hooks";
import { Conversation } from "./conversation";
import { Dialog } from "./dialog";
import { Header } from "./header";
import { draftLabel, namesOf, unsent } from "./drafts";
import { type Desk as DeskModel, DeskContext, isOpen, useDesk } from "./model";
import { Queue, waitingSince } from "./queue";
import { Softphone } from "./softphone";
import { ToolPanel } from "./tools";

/** Training only: the coach's gentle live hints (never in exam mode). */
function Hints() {
  const desk = useDesk();
  if (desk.mode !== "training" || desk.act === null) return null;
  const now = desk.sim.value;
  const waiting = Object.values(desk.state.value.contacts)
    .filter(isOpen)
    .map((c) => ({ c, since: waitingSince(c) }))
    .filter((x) => x.since !== null && now - (x.since ?? now) >= 40);
  if (!waiting.length) return null;
  return (
    <ul class="hints" aria-label={desk.t("desk.hints")}>
      {waiting.slice(0, 2).map(({ c, since }) => (
        <li key={c.id} class="hint coach">
          {desk.t("desk.hint_waiting", { who: c.customer, s: Math.floor(now - (since ?? now)) })}
        </li>
      ))}
    </ul>
  );
}

function Offline() {
  const desk = useDesk();
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
    <section class="unsent-drafts" aria-labelledby="unsent-title">
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
        const target = current?.status === "offered" ? current : contacts.find((c) => c.status === "offered");
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

export function Desk({ desk, onStart = null }: { desk: DeskModel; onStart?: (() => void) | null }) {
  useShortcuts(desk);
  return (
    <DeskContext.Provider value={desk}>
      <div class={`desk${desk.act === null ? " read-only" : ""}`}>
        <Header onStart={onStart} />
        <Offline />
        <div class="desk-body">
          <div class="col-left">
            <Queue />
            <Softphone />
            <Unsent />
          </div>
          <div class="col-mid">
            <Hints />
            <Conversation />
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
