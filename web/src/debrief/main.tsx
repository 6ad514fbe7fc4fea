// The candidate's debrief (omnisim/web/pages/debrief.py): the criteria are the server's HTML;
// this bundle loads the attempt's log, folds it into the candidate's own desk, read-only, with
// the jury's replay (../jury/replay.ts, ../jury/player.ts), and moves the replay to a moment
// when one of the page's moment buttons (`button.moment[data-seq]`) is pressed.
// esbuild bundles it into web/static/app/debrief.js (see package.json "build").

import { batch, computed, effect, signal } from "@preact/signals";
import { render } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { LogView, StoredEvent } from "../generated/protocol";
import { atSim, moveTo, type Player, play } from "../jury/player";
import { clock, Replay } from "../jury/replay";
import { type Dossier, isOpen } from "../workspace/model";
import { mountMirror, readOnlyDesk, translator } from "../workspace/readonly";

interface Boot {
  readonly texts: Record<string, string>;
  readonly lang: string;
  readonly log_url: string;
  readonly at: number;
  readonly start_clock: number;
  readonly workspace: Dossier;
}

const SPEEDS = [1, 4, 16] as const;

/** The whole log, page after page (`after`/`upto`/`more`). */
async function loadLog(url: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let after = 0;
  for (;;) {
    const r = await fetch(`${url}&after=${after}`);
    const page = (await r.json()) as LogView;
    if (!r.ok) throw new Error(String(r.status));
    events.push(...page.events);
    if (!page.more || page.upto <= after) return events;
    after = page.upto;
  }
}

function createPlayer(): Player {
  const replay = new Replay();
  const version = signal(0);
  const pos = signal(0);
  return {
    replay,
    version,
    pos,
    sim: signal(0),
    following: signal(false),
    playing: signal(false),
    speed: signal(4),
    highlighted: signal(0),
    view: computed(() => {
      void version.value;
      return replay.stateAt(pos.value);
    }),
    timeFactor: computed(() => {
      void version.value;
      return replay.stateAt(replay.lastSeq).time_factor || 1;
    }),
    selected: signal(null),
    mirror: signal(null),
  };
}

function App({ player, boot }: { player: Player; boot: Boot }) {
  const t = translator(boot.texts);
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (host.current === null) return;
    const desk = readOnlyDesk({ dossier: boot.workspace, state: player.view, texts: boot.texts, lang: boot.lang, sim: player.sim, selected: player.selected });
    player.mirror.value = desk;
    const mounted = mountMirror(host.current, desk, player.highlighted);
    return () => mounted.unmount();
  }, []);
  const { replay, sim, speed, playing } = player;
  const toggle = () => {
    if (sim.value >= replay.lastSim) atSim(player, 0);
    playing.value = !playing.value;
  };
  const target = player.highlighted.value;
  const event = target ? replay.event(target) : undefined;
  return (
    <div>
      <div class="controls" role="group" aria-label={t("jr.controls")}>
        <button type="button" onClick={toggle}>{playing.value ? t("jr.pause") : t("jr.play")}</button>
        {SPEEDS.map((s) => (
          <button type="button" aria-pressed={speed.value === s} onClick={() => { speed.value = s; }}>×{s}</button>
        ))}
        <input type="range" min={0} max={Math.max(1, Math.ceil(replay.lastSim))} step={1} value={Math.round(sim.value)}
          aria-label={t("jr.position")} onInput={(e) => atSim(player, Number((e.target as HTMLInputElement).value))} />
        <span class="clock" aria-live="off">{clock(boot.start_clock, sim.value, true)}</span>
      </div>
      {event ? (
        <p class="event-note" role="status">{t("debrief.at_moment", { clock: clock(boot.start_clock, event.sim_time, true) })}</p>
      ) : null}
      <div class="replay-desk" role="region" ref={host} aria-label={t("debrief.your_desk")} />
    </div>
  );
}

/** The replay's desk shows a contact while it exists at the moment replayed; else the first open one. */
function keepSelection(player: Player): void {
  effect(() => {
    const contacts = player.view.value.contacts;
    const current = player.selected.peek();
    if (current !== null && Object.prototype.hasOwnProperty.call(contacts, current)) return;
    const all = Object.values(contacts);
    const first = all.find(isOpen) ?? all[all.length - 1];
    player.selected.value = first ? first.id : null;
  });
}

function go(player: Player, seq: number, button?: Element): void {
  moveTo(player, seq, true);
  for (const b of document.querySelectorAll("button.moment.current")) b.classList.remove("current");
  button?.classList.add("current");
  document.getElementById("replay")?.scrollIntoView({ block: "start" });
}

async function start(root: HTMLElement, boot: Boot): Promise<void> {
  const player = createPlayer();
  keepSelection(player);
  const events = await loadLog(boot.log_url);
  player.replay.append(events);
  batch(() => {
    player.version.value += 1;
    player.pos.value = player.replay.lastSeq;
    player.sim.value = player.replay.lastSim;
  });
  effect(() => {
    document.body.dataset.replaySeq = String(player.pos.value);
  });
  root.textContent = "";
  render(<App player={player} boot={boot} />, root);
  for (const button of document.querySelectorAll<HTMLButtonElement>("button.moment[data-seq]")) {
    button.addEventListener("click", () => go(player, Number(button.dataset.seq), button));
  }
  if (boot.at > 0) go(player, boot.at, document.querySelector(`button.moment[data-seq="${boot.at}"]`) ?? undefined);
  play(player);
  document.body.dataset.debriefReady = "1";
}

const bootText = (document.getElementById("boot") as HTMLElement).textContent ?? "{}";
void start(document.getElementById("debrief-replay") as HTMLElement, JSON.parse(bootText) as Boot);
