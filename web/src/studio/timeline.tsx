// The contacts on the deck's simulated day: one lane per channel, a mark per contact at its
// arrival. Drag a mark (or focus it and use the arrow keys: a minute, five with Shift) to
// move the contact; click it to open it. A contact with a problem is marked, and one that
// arrives after the end of the session falls outside the day, in red.

import { useRef } from "preact/hooks";
import { labelOf, useStudio } from "./model";
import { clockOf } from "./paths";
import { valueLabel } from "./labels";

const LANES = ["phone", "chat", "email", "sms", "complaint"] as const;
const LANE_H = 30;
const LEFT = 92; // room for the lanes' names
const SNAP = 30; // seconds a drag moves by

interface Mark {
  readonly index: number;
  readonly id: string;
  readonly at: number;
  readonly lane: number;
  readonly who: string;
  readonly bad: boolean;
}

function marksOf(contacts: unknown, bad: (index: number) => boolean): { marks: Mark[]; extras: Mark[] } {
  const marks: Mark[] = [];
  const extras: Mark[] = [];
  (Array.isArray(contacts) ? contacts : []).forEach((c: Record<string, unknown>, index) => {
    if (!c || typeof c !== "object") return;
    const lane = Math.max(0, LANES.indexOf(c.channel as (typeof LANES)[number]));
    const customer = c.customer as Record<string, unknown> | undefined;
    const who = typeof customer?.name === "string" && customer.name ? customer.name : String(c.id ?? "?");
    const mark = { index, id: String(c.id ?? ""), at: typeof c.at === "number" ? c.at : 0, lane, who, bad: bad(index) };
    (c.extra === true ? extras : marks).push(mark);
  });
  return { marks, extras };
}

export function Timeline() {
  const studio = useStudio();
  const { t } = studio;
  const svg = useRef<SVGSVGElement>(null);
  const settings = (studio.doc.value.settings ?? {}) as Record<string, unknown>;
  const minutes = typeof settings.duration_minutes === "number" && settings.duration_minutes > 0 ? settings.duration_minutes : 60;
  const duration = minutes * 60;
  const problems = studio.problems.value;
  const bad = (index: number) => problems.some((p) => p.path.startsWith(`contacts[${index}]`));
  const { marks, extras } = marksOf(studio.doc.value.contacts, bad);
  const width = 1000;
  const span = width - LEFT - 16;
  const x = (at: number) => LEFT + (Math.min(at, duration * 1.06) / duration) * span;
  const step = duration > 4 * 3600 ? 3600 : duration > 2 * 3600 ? 1800 : duration > 3600 ? 900 : 600;
  const ticks: number[] = [];
  for (let at = 0; at <= duration; at += step) ticks.push(at);
  const selected = studio.view.value.section === "contacts" ? studio.view.value.item : null;
  const move = (index: number, at: number) => studio.edit(["contacts", index, "at"], Math.max(0, Math.round(at / SNAP) * SNAP));
  const drag = (mark: Mark) => (down: PointerEvent) => {
    const box = svg.current?.getBoundingClientRect();
    if (!box) return;
    const target = down.currentTarget as SVGElement;
    target.setPointerCapture(down.pointerId);
    const scale = width / box.width;
    const startX = down.clientX;
    let moved = false;
    const onMove = (e: PointerEvent) => {
      const dx = (e.clientX - startX) * scale;
      if (Math.abs(dx) < 2 && !moved) return;
      moved = true;
      move(mark.index, mark.at + (dx / span) * duration);
    };
    const onUp = () => {
      target.removeEventListener("pointermove", onMove);
      target.removeEventListener("pointerup", onUp);
      if (!moved) studio.view.value = { section: "contacts", item: mark.index, versions: false };
    };
    target.addEventListener("pointermove", onMove);
    target.addEventListener("pointerup", onUp);
  };
  const keys = (mark: Mark) => (e: KeyboardEvent) => {
    const by = e.shiftKey ? 300 : 60;
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") {
      e.preventDefault();
      move(mark.index, mark.at + (e.key === "ArrowRight" ? by : -by));
    } else if (e.key === "Enter") {
      studio.view.value = { section: "contacts", item: mark.index, versions: false };
    }
  };
  return (
    <figure class="timeline-box">
      <svg
        ref={svg}
        class="studio-timeline"
        viewBox={`0 0 ${width} ${LANES.length * LANE_H + 26}`}
        role="group"
        aria-label={t("studio.timeline")}
      >
        {LANES.map((lane, i) => (
          <g key={lane}>
            <rect class={`lane ${lane}`} x={LEFT} y={i * LANE_H} width={span} height={LANE_H - 2} />
            <text class="lane-name" x={LEFT - 6} y={i * LANE_H + 19} text-anchor="end">
              {valueLabel(t, "channel", lane)}
            </text>
          </g>
        ))}
        <rect class="after-end" x={x(duration)} y={0} width={width - x(duration)} height={LANES.length * LANE_H} />
        {ticks.map((at) => (
          <text key={at} class="tick-label" x={x(at)} y={LANES.length * LANE_H + 16} text-anchor="middle">
            {clockOf(at).slice(0, -3)}
          </text>
        ))}
        {marks.map((mark) => (
          <g
            key={mark.id || mark.index}
            class={`mark ${LANES[mark.lane]}${mark.bad ? " bad" : ""}${mark.index === selected ? " selected" : ""}${mark.at > duration ? " late" : ""}`}
            transform={`translate(${x(mark.at)} ${mark.lane * LANE_H + 14})`}
            tabindex={0}
            role="slider"
            aria-label={`${mark.who} (${mark.id})`}
            aria-valuemin={0}
            aria-valuemax={duration}
            aria-valuenow={mark.at}
            aria-valuetext={`${labelOf(t, "", "at")} ${clockOf(mark.at)}`}
            data-contact={mark.id}
            onPointerDown={drag(mark)}
            onKeyDown={keys(mark)}
          >
            <circle r={9} />
            <title>{`${clockOf(mark.at)} · ${mark.who}`}</title>
          </g>
        ))}
      </svg>
      <figcaption>
        {t("studio.timeline_help", { end: clockOf(duration) })}
        {extras.length > 0 && (
          <span class="extras">
            {" "}
            {t("studio.in_reserve")}{" "}
            {extras.map((m) => (
              <button key={m.index} type="button" class="chip" onClick={() => (studio.view.value = { section: "contacts", item: m.index, versions: false })}>
                {m.who}
              </button>
            ))}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
