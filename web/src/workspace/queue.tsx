// The queue of contacts across channels: icon, customer, whom it is for and the line it
// reached, waiting time, live deadline (each in the time it means: ./timers.tsx), the
// candidate's urgent mark; closed contacts are filed away below.

import { type ContactView, ringing as ringingNow } from "./reducer";
import { principalOf } from "./active";
import { type Desk, isOpen, statusKey, useDesk } from "./model";
import { deadline, Timer, waited } from "./timers";

export const ICONS: Readonly<Record<string, string>> = {
  phone: "☎",
  chat: "❝",
  email: "✉",
  sms: "✆",
  complaint: "⚠",
};

export function isUrgent(desk: Desk, id: string): boolean {
  return desk.drafts.get(`urgent:${id}`).value === "1";
}

function Item({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const due = deadline(desk, c);
  const level = due === null ? "" : due.left <= 0 ? "red" : due.left < due.span / 3 ? "amber" : "ok";
  const wait = waited(desk, c);
  const selected = desk.selected.value === c.id;
  const ringing = ringingNow(c);
  const urgent = isUrgent(desk, c.id);
  const principal = principalOf(desk, c);
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
        <span class="state">{t(statusKey(c))}</span>
        {principal || c.line ? (
          <span class="for">
            {principal ? t("desk.for_principal", { name: principal.name }) : ""}
            {c.line ? <span class="line-no"> · {c.line}</span> : null}
          </span>
        ) : null}
        <span class="meta">
          {wait !== null ? <Timer label={t("desk.wait")} seconds={wait.seconds} clock={wait.clock} class="wait" /> : null}
          {due !== null ? (
            <Timer label={t(`desk.due.${due.kind}`)} seconds={due.left} clock={due.clock} class={`sla sla-${level}`} />
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
