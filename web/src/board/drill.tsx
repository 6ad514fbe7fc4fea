// One candidate drilled into: that candidate's own desk, read-only (../workspace/readonly.tsx:
// no act, no send path), so the trainer sees what the candidate sees, scenario clock included;
// beside it the trainer's controls: pause/resume that candidate, inject a library contact, and
// the hands on each open contact.

import { computed, effect, type Signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { type Desk as DeskModel, isOpen } from "../workspace/model";
import { mountMirror, readOnlyDesk } from "../workspace/readonly";
import { ContactPanel, Operations } from "./contact";
import { LibraryPicker } from "./controls";
import { type Board, type Candidate, nowSim, say, summaryOf, useBoard } from "./model";

/** The candidate's read-only desk, made on the first drill and kept (board.mirrors). */
function mirrorOf(board: Board, card: Signal<Candidate>): DeskModel {
  const { boot } = board;
  const id = card.peek().person.id;
  let desk = board.mirrors.get(id);
  if (desk === undefined) {
    const state = computed(() => card.value.state);
    const sim = computed(() => nowSim(board, card.value));
    desk = readOnlyDesk({ dossier: boot.workspace, state, texts: boot.texts, lang: boot.lang, sim, staff: true });
    const chosen = desk.selected;
    // Like the candidate's page: the first open contact is shown until another is picked.
    effect(() => {
      const contacts = state.value.contacts;
      const current = chosen.peek();
      if (current !== null && Object.prototype.hasOwnProperty.call(contacts, current)) return;
      const first = Object.values(contacts).find(isOpen);
      if (first) chosen.value = first.id;
    });
    board.mirrors.set(id, desk);
  }
  return desk;
}

/** The candidate's desk, read-only, in its own shadow root (the desk's stylesheet, not ours). */
function Mirror({ card }: { card: Signal<Candidate> }) {
  const board = useBoard();
  const host = useRef<HTMLDivElement>(null);
  const id = card.peek().person.id;
  useEffect(() => {
    if (host.current === null) return;
    const mounted = mountMirror(host.current, mirrorOf(board, card));
    return () => mounted.unmount();
  }, [id]);
  return <div class="mirror" role="region" ref={host} data-candidate={id} aria-label={board.t("board.mirror")} />;
}

export function Drill({ card }: { card: Signal<Candidate> }) {
  const board = useBoard();
  const { boot, t } = board;
  const c = card.value;
  const s = summaryOf(board, c);
  const who = c.person.id;
  // The trainer's hands reach open contacts only (a closed one has no customer to play).
  const open = Object.values(c.state.contacts).filter((x) => isOpen(x) || x.taken_over);
  const one = async (kind: "pause" | "resume") => say(board, await board.act(who, kind, {}), t(`board.done.${kind}`));
  const inject = async (contact: string) =>
    say(board, await board.act(who, "inject", { contact_id: contact }), t("board.injected", { n: 1 }));
  return (
    <aside class="drill" aria-label={t("board.drill", { name: c.person.name })}>
      <header>
        <h2>
          {c.person.name} <small>n° {c.person.number}</small>
        </h2>
        <span class={`presence ${s.online ? "on" : "off"}`}>{t(s.online ? "board.online" : "board.offline")}</span>
        <span class="status">{t(`status.attempt.${s.status}`)}</span>
        {boot.focus ? null : (
          <button type="button" class="close" onClick={() => (board.drilled.value = "")}>
            {t("board.close")}
          </button>
        )}
      </header>
      {!s.online && s.status !== "ended" ? <p class="warning" role="alert">{t("board.offline_warning")}</p> : null}
      <div class="drill-controls">
        <button type="button" onClick={() => one("pause")}>{t("board.pause_one")}</button>
        <button type="button" onClick={() => one("resume")}>{t("board.resume_one")}</button>
        <LibraryPicker id={`inject-${who}`} onPick={inject} label={t("board.inject_one")} />
      </div>
      <p class="hint">{t("board.mirror")}</p>
      <div class="drill-body">
        <Mirror card={card} />
        <div class="drill-side">
          <section class="hands" aria-label={t("mirror.hands")}>
            <h3>{t("mirror.hands")}</h3>
            {open.length === 0 ? <p class="hint">{t("board.no_contacts")}</p> : null}
            {open.map((contact) => (
              <ContactPanel who={who} contact={contact} />
            ))}
          </section>
          <Operations state={c.state} />
        </div>
      </div>
    </aside>
  );
}
