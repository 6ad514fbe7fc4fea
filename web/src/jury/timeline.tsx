// The replay's controls (play, speed, position, live, connection) and its timeline: one lane
// per contact with a mark per event, and the playhead. `Moment` is a piece of evidence: a
// button that moves the replay to its event and highlights it.

import { useMemo } from "preact/hooks";
import type { Evidence } from "./api";
import { useJury } from "./model";
import { atSim, follow, moveTo } from "./player";
import { clock } from "./replay";

const SPEEDS = [1, 4, 16] as const;

export function Moment({ e, label }: { e: Evidence; label?: string }) {
  const jury = useJury();
  const go = () => {
    moveTo(jury, e.seq, true);
    document.getElementById("replay")?.scrollIntoView({ block: "start" });
  };
  return (
    <button type="button" class="moment" onClick={go} title={jury.t("jr.go_to", { clock: e.clock })}>
      {label ?? `${e.clock} — ${e.note}`}
    </button>
  );
}

export function Controls() {
  const jury = useJury();
  const { t, boot, replay, sim, pos, speed, playing, following } = jury;
  const online = jury.connection.value?.state.value === "online";
  const toggle = () => {
    if (sim.value >= replay.lastSim) atSim(jury, 0);
    following.value = false;
    playing.value = !playing.value;
  };
  return (
    <div class="controls" role="group" aria-label={t("jr.controls")}>
      <button type="button" onClick={toggle}>
        {playing.value ? t("jr.pause") : t("jr.play")}
      </button>
      {SPEEDS.map((s) => (
        <button type="button" aria-pressed={speed.value === s} onClick={() => { speed.value = s; }}>×{s}</button>
      ))}
      <input type="range" min={0} max={Math.max(1, Math.ceil(replay.lastSim))} step={1} value={Math.round(sim.value)}
        aria-label={t("jr.position")} onInput={(e) => atSim(jury, Number((e.target as HTMLInputElement).value))} />
      <span class="clock" aria-live="off">{clock(boot.start_clock, sim.value, true)} · n° {pos.value}</span>
      <button type="button" aria-pressed={following.value} onClick={() => follow(jury)}>{t("jr.live")}</button>
      <span class={online ? "online" : "offline"}>{online ? t("jr.online") : t("jr.offline")}</span>
    </div>
  );
}

function Lanes() {
  const jury = useJury();
  const { t, boot, replay, lanes } = jury;
  // Drawn again only when the log grows or the highlight moves, never as the replay plays.
  const total = Math.max(replay.lastSim, 1);
  const pct = (v: number) => `${(100 * v) / total}%`;
  const mark = jury.highlighted.value;
  return useMemo(
    () => (
      <>
        {lanes.value.map((lane) => (
          <div class="lane" key={lane.contact} onClick={(e) => {
            const box = (e.currentTarget as HTMLElement).querySelector(".track")?.getBoundingClientRect();
            if (box && e.clientX >= box.left) atSim(jury, ((e.clientX - box.left) / box.width) * total);
          }}>
            <span class="lane-name">{lane.customer} <small>{t(`channel.${lane.channel}`)}</small></span>
            <span class="track">
              <span class="bar" style={{ left: pct(lane.start), width: pct(Math.max(lane.end - lane.start, total / 200)) }} />
              {lane.marks.map((m) => (
                <span class={`mark ${m.kind.replace(".", "-")}${m.unfilled ? " unfilled" : ""}${m.seq === mark ? " hl" : ""}`} key={m.seq} style={{ left: pct(m.sim) }}
                  title={`n° ${m.seq} · ${clock(boot.start_clock, m.sim)} · ${m.kind}${m.unfilled ? ` · ${t("jr.unfilled_mark")}` : ""}`} />
              ))}
            </span>
          </div>
        ))}
      </>
    ),
    [lanes.value, mark],
  );
}

function Playhead() {
  const { sim, replay } = useJury();
  const frac = sim.value / Math.max(replay.lastSim, 1);
  return <span class="playhead" style={{ left: `calc(11.3rem + (100% - 11.6rem) * ${frac})` }} />;
}

export function Timeline() {
  const { t } = useJury();
  return (
    <div class="timeline" aria-label={t("jr.timeline")}>
      <Lanes />
      <Playhead />
    </div>
  );
}
