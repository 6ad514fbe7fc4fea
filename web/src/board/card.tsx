// One candidate's card on the board: presence, status, open contacts, SLA, the customers'
// moods, the last activity and the alerts (./summary.ts); its name drills into the candidate.

import type { Signal } from "@preact/signals";
import { type Board, type Candidate, nowSim, summaryOf, useBoard } from "./model";
import { MOOD_NAMES, type Summary } from "./summary";

export function MoodChip({ mood, label }: { mood: number; label: string }) {
  const { t } = useBoard();
  const name = MOOD_NAMES[mood] ?? "neutral";
  return (
    <span class={`mood mood-${mood}`} title={label}>
      <span class="scale" aria-hidden="true">
        {[0, 1, 2, 3, 4].map((n) => (
          <i class={n <= mood ? "on" : ""} />
        ))}
      </span>
      {t(`mood.${name}`)}
    </span>
  );
}

function ago(board: Board, c: Candidate, summary: Summary): string {
  const { t } = board;
  if (summary.last_activity === null) return t("board.never");
  const seconds = Math.max(0, (nowSim(board, c) - summary.last_activity.sim) / (c.state.time_factor || 1));
  return seconds < 60
    ? t("board.ago_s", { n: Math.round(seconds) })
    : t("board.ago_min", { n: Math.floor(seconds / 60) });
}

export function Card({ card }: { card: Signal<Candidate> }) {
  const board = useBoard();
  const { t, drilled } = board;
  const c = card.value;
  const s = summaryOf(board, c);
  const shown = s.customers.slice(0, 3);
  const customerName = (contactId: string) => c.state.contacts[contactId]?.customer ?? contactId;
  return (
    <article
      class={`card status-${s.status}${s.online ? "" : " offline"}${s.alerts.length ? " alerting" : ""}${
        drilled.value === c.person.id ? " drilled" : ""
      }`}
      data-candidate={c.person.id}
    >
      <header>
        <button type="button" class="name" onClick={() => (drilled.value = c.person.id)}>
          {c.person.name}
        </button>
        <span class={`presence ${s.online ? "on" : "off"}`}>{t(s.online ? "board.online" : "board.offline")}</span>
      </header>
      <p class="facts">
        <span class="status">{t(`status.attempt.${s.status}`)}</span>
        <span class={`agent-status st-${s.agent_status}`}>{t(`agent.${s.agent_status}`)}</span>
        <span class="open">{t("board.open", { n: s.open_contacts })}</span>
      </p>
      <p class={`sla${s.sla_breaches.length ? " bad" : ""}`}>
        {s.sla_breaches.length ? t("board.sla", { n: s.sla_breaches.length }) : t("board.sla_ok")}
      </p>
      <ul class="customers">
        {shown.map((cu) => (
          <li data-contact={cu.contact_id} class={cu.taken_over ? "taken" : ""}>
            <span class="who">{cu.name}</span>
            <MoodChip mood={cu.mood} label={`${cu.name} : ${t(`mood.${MOOD_NAMES[cu.mood]}`)}`} />
            {cu.taken_over ? <span class="badge">{t("board.taken_short")}</span> : null}
          </li>
        ))}
        {s.customers.length > shown.length ? <li class="more">+{s.customers.length - shown.length}</li> : null}
      </ul>
      <p class="last">{t("board.last", { when: ago(board, c, s) })}</p>
      {s.alerts.length ? (
        <ul class="alerts" role="alert">
          {s.alerts.map((a) => (
            <li class={`alert-${a.kind}`}>
              {t(`board.alert.${a.kind}`, { customer: a.contact_id ? customerName(a.contact_id) : "" })}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
