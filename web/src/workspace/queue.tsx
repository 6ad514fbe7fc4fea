// The queue of contacts across channels: icon, customer, waiting time, live SLA countdown,
// the candidate's urgent mark; closed contacts are filed away below.

import type { ContactView } from "./reducer";
import { type Desk, isOpen, useDesk } from "./model";
import { duration } from "./text";

export const ICONS: Readonly<Record<string, string>> = {
  phone: "☎",
  chat: "❝",
  email: "✉",
  sms: "✆",
  complaint: "⚠",
};

/** When the contact's deadline falls (sim seconds), and how long it was: pick-up, then reply. */
export function deadline(desk: Desk, c: ContactView): { due: number; span: number } | null {
  const rule = desk.dossier.channels[c.channel];
  if (!rule || !isOpen(c)) return null;
  if (c.status === "offered" && rule.pickup_seconds) {
    return { due: c.offered.sim + rule.pickup_seconds, span: rule.pickup_seconds };
  }
  const answered = c.lines.some((l) => l.actor === "candidate");
  if (!answered && rule.reply_deadline_minutes) {
    const span = rule.reply_deadline_minutes * 60;
    return { due: c.offered.sim + span, span };
  }
  return null;
}

/** Since when the customer waits for the candidate (sim seconds), or null. */
export function waitingSince(c: ContactView): number | null {
  if (!isOpen(c)) return null;
  if (c.status === "offered") return c.offered.sim;
  const last = c.lines[c.lines.length - 1];
  if (c.status === "held") return c.holds[c.holds.length - 1]?.start.sim ?? null;
  return last && last.actor === "customer" ? last.sim : null;
}

export function isUrgent(desk: Desk, id: string): boolean {
  return desk.drafts.get(`urgent:${id}`).value === "1";
}

function Item({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const now = desk.sim.value;
  const sla = deadline(desk, c);
  const left = sla ? sla.due - now : null;
  const level = left === null || !sla ? "" : left <= 0 ? "red" : left < sla.span / 3 ? "amber" : "ok";
  const since = waitingSince(c);
  const selected = desk.selected.value === c.id;
  const ringing = c.channel === "phone" && c.status === "offered";
  const urgent = isUrgent(desk, c.id);
  return (
    <li class={`q-item st-${c.status}${selected ? " selected" : ""}${ringing ? " ringing" : ""}`} data-contact={c.id}>
      <button
        type="button"
        class="q-open"
        aria-current={selected ? "true" : undefined}
        onClick={() => (desk.selected.value = c.id)}
      >
        <span class="icon" role="img" aria-label={t(`channel.${c.channel}`)}>
          {ICONS[c.channel] ?? "•"}
        </span>
        <span class="who">{c.customer || c.sender}</span>
        {urgent ? <span class="badge urgent">{t("desk.urgent")}</span> : null}
        <span class="state">{t(`status.${c.status}`)}</span>
        <span class="meta">
          {since !== null ? (
            <span class="wait">
              {t("desk.wait")} {duration(Math.max(0, now - since))}
            </span>
          ) : null}
          {left !== null ? (
            <span class={`sla sla-${level}`}>
              {t("desk.sla")} {duration(left)}
            </span>
          ) : null}
        </span>
      </button>
    </li>
  );
}

export function Queue() {
  const desk = useDesk();
  const { t } = desk;
  const all = Object.values(desk.state.value.contacts);
  const open = all.filter(isOpen);
  // Urgent first (the candidate's mark), then the deadline nearest, then arrival order.
  open.sort((a, b) => {
    const ua = isUrgent(desk, a.id) ? 0 : 1;
    const ub = isUrgent(desk, b.id) ? 0 : 1;
    if (ua !== ub) return ua - ub;
    return a.offered.seq - b.offered.seq;
  });
  const filed = all.filter((c) => !isOpen(c));
  return (
    <section class="queue" aria-labelledby="queue-title">
      <h2 id="queue-title">
        {t("candidate.contacts")} <span class="count">{open.length}</span>
      </h2>
      {open.length === 0 ? <p class="empty">{t("candidate.empty")}</p> : null}
      <ul class="q-list" aria-live="polite">
        {open.map((c) => (
          <Item key={c.id} c={c} />
        ))}
      </ul>
      {filed.length ? (
        <details class="filed">
          <summary>{t("desk.filed", { n: filed.length })}</summary>
          <ul class="q-list">
            {filed.map((c) => (
              <Item key={c.id} c={c} />
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
