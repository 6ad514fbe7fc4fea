// The candidate's desk at the replayed moment: the very Desk of the candidate's page,
// read-only (../workspace/readonly.tsx), over the state the replay folds with the same
// reducer; below it, the back-office operations up to that moment.

import { effect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { mountMirror, readOnlyDesk } from "../workspace/readonly";
import { type Jury, useJury } from "./model";
import { clock } from "./replay";

function ReplayDesk() {
  const jury = useJury();
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (host.current === null) return;
    const { boot, view, sim, selected } = jury;
    const desk = readOnlyDesk({ dossier: boot.workspace, state: view, texts: boot.texts, lang: boot.lang, sim, selected, staff: true });
    jury.mirror.value = desk;
    const mounted = mountMirror(host.current, desk, jury.highlighted);
    const stop = effect(() => {
      jury.mirrorShown.value = mounted.shown.value;
    });
    return () => {
      stop();
      mounted.unmount();
      jury.mirror.value = null;
    };
  }, []);
  return <div class="replay-desk" role="region" ref={host} aria-label={jury.t("jr.workspace")} />;
}

/** An event's name for the jury: the operations' and the attempt's, never a raw type. */
function eventName(jury: Jury, type: string): string {
  const texts = jury.boot.texts;
  return texts[`jr.event.${type}`] ?? texts[`jr.op.${type}`] ?? type;
}

function summary(payload: unknown): string {
  const p = payload as Record<string, unknown>;
  const text = p.summary ?? p.text ?? p.action ?? p.start ?? "";
  return typeof text === "string" && text ? `— ${text}` : "";
}

export function Desk() {
  const jury = useJury();
  const { t, boot } = jury;
  const state = jury.view.value;
  const target = jury.highlighted.value;
  const pos = jury.pos.value;
  useEffect(() => {
    if (!target) return;
    document.querySelector(`#desk .ops [data-seq="${target}"]`)?.scrollIntoView({ block: "nearest" });
  }, [target, pos]);
  const inJournal = state.operations.some((op) => op.at.seq === target);
  const event = target ? jury.replay.event(target) : undefined;
  const hl = (seq: number) => (seq === target ? " hl" : "");
  return (
    <div id="desk" class="desk">
      {event && !jury.mirrorShown.value && !inJournal ? (
        <p class="hl event-note">n° {event.seq} · {clock(boot.start_clock, event.sim_time, true)} · {eventName(jury, event.type)}</p>
      ) : null}
      <ReplayDesk />
      <section class="backoffice" aria-label={t("jr.backoffice")}>
        <h3>{t("jr.operations")}</h3>
        {state.operations.length ? (
          <ul class="ops">{state.operations.map((op) => (
            <li key={op.at.seq} data-seq={op.at.seq} class={hl(op.at.seq)}>{clock(boot.start_clock, op.at.sim, true)} · {t(`jr.op.${op.kind}`)} {summary(op.payload)}</li>
          ))}</ul>
        ) : <p class="empty">—</p>}
      </section>
    </div>
  );
}
