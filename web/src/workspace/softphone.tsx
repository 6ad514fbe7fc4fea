// The softphone: the agent's status (available, wrap-up, break: the trainer's board sees it),
// one row per line (caller number, the line dialled and the principal it is for with its
// greeting, shown while it rings; timer in real seconds; pick up — which brings the call
// forward —, or for a call to place « À appeler » and « Appeler », which dials it; hold with its announcement, resume, consult a colleague, transfer, hang up with a
// wrap-up code), the deck's line count with its limit, and outbound calls, each its own line
// (./calls.tsx).
// CQP C.1.2: décroché en moins de 15 secondes; 3 lignes en attente avec annonce claire.

import { useState } from "preact/hooks";
import { type AgentState, type ContactView, own, ringing, toCall } from "./reducer";
import { HoldControls, liveCalls, OutboundRow, PlaceCall, staffOf, TransferControls } from "./calls";
import { WrapUpForm } from "./closing";
import { principalOf } from "./active";
import { isOpen, statusKey, useDesk } from "./model";
import { realSeconds, Timer } from "./timers";
import { Refused, useAction } from "./refusal";

const STATUSES: readonly AgentState[] = ["available", "wrap_up", "break"];

function LineRow({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const now = desk.sim.value;
  const hold = c.holds[c.holds.length - 1];
  const since = c.status === "offered" ? c.offered.sim : c.status === "held" && hold ? hold.start.sim : (c.picked?.sim ?? c.offered.sim);
  const act = desk.act;
  const [closing, setClosing] = useState(false);
  const principal = principalOf(desk, c);
  const dial = toCall(c); // a call to place: nobody on the line yet, no ring, no timer
  return (
    <li class={`line st-${c.status}${ringing(c) ? " ringing" : ""}${dial ? " to-call" : ""}`} data-line={c.id}>
      <div class="line-head">
        <span class="num">{c.sender || "—"}</span>
        <span class="who" title={c.customer}>
          {c.customer}
        </span>
        <span class="state">{t(statusKey(c))}</span>
        {dial ? null : (
          <span aria-label={t("desk.line_timer")}>
            <Timer seconds={realSeconds(desk, Math.max(0, now - since))} clock="real" />
          </span>
        )}
      </div>
      {principal || c.line ? (
        <div class="dialled">
          {t("desk.dialled", { line: c.line || "—", name: principal?.name ?? "—" })}
          {principal?.greeting && ringing(c) ? <q class="greeting">{principal.greeting}</q> : null}
        </div>
      ) : null}
      {act === null ? null : (
        <div class="line-actions">
          {dial ? (
            <PlaceCall c={c} />
          ) : c.status === "offered" ? (
            <button
              type="button"
              class="primary"
              onClick={async () => {
                // The call answered is the one on screen (as Alt+D does).
                if (await run("pickup", { contact_id: c.id })) desk.selected.value = c.id;
              }}
            >
              {t("candidate.pickup")}
            </button>
          ) : null}
          <HoldControls c={c} run={run} />
          {c.status === "active" || c.status === "held" ? (
            <>
              <TransferControls c={c} run={run} />
              {closing ? null : (
                <button type="button" class="danger" onClick={() => setClosing(true)}>
                  {t("desk.hang_up")}
                </button>
              )}
            </>
          ) : null}
          {closing && isOpen(c) ? <WrapUpForm c={c} onCancel={() => setClosing(false)} /> : null}
        </div>
      )}
      <Refused refusal={refusal} />
    </li>
  );
}

function Outbound() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const to = desk.drafts.get("call:to");
  const what = desk.drafts.get("call:text");
  const staff = staffOf(desk);
  const open = desk.selected.value === null ? undefined : own(desk.state.value.contacts, desk.selected.value);
  const selected = open !== undefined && isOpen(open) ? open.id : "";
  return (
    <details class="outbound">
      <summary>{t("desk.call_out")}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await run("call_out", { to: to.value, text: what.value, contact_id: selected });
          if (!ok) return;
          desk.drafts.clear("call:to", "call:text");
          // The new line on screen: the customer's conversation, or the call's own panel.
          const placed = Object.values(desk.state.value.calls).find((call) => run.seqs.includes(call.placed.seq));
          if (placed) desk.selected.value = placed.kind === "customer" ? placed.contact_id : placed.id;
        }}
      >
        <label>
          {t("desk.call_to")}
          <input
            type="text"
            list="call-targets"
            value={to.value}
            onInput={(e) => desk.drafts.set("call:to", e.currentTarget.value)}
          />
        </label>
        <datalist id="call-targets">
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </datalist>
        <label>
          {t("desk.call_text")}
          <input type="text" value={what.value} onInput={(e) => desk.drafts.set("call:text", e.currentTarget.value)} />
        </label>
        <button type="submit">{t("desk.call")}</button>
        <Refused refusal={refusal} />
      </form>
    </details>
  );
}

/** Available, in after-contact work, on a break: what the trainer's board shows. */
function Status() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const status = desk.state.value.agent_status;
  return (
    <label class={`agent-status st-${status}`}>
      {t("desk.status")}{" "}
      <select
        value={status}
        disabled={desk.act === null}
        onChange={(e) => void run("agent_status", { status: e.currentTarget.value as AgentState })}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`agent.${s}`)}
          </option>
        ))}
      </select>
      <Refused refusal={refusal} />
    </label>
  );
}

export function Softphone() {
  const desk = useDesk();
  const { t } = desk;
  const lines = Object.values(desk.state.value.contacts).filter((c) => c.channel === "phone" && isOpen(c));
  // A call to a phone contact's customer (a call to place, dialled) is that contact's own line.
  const calls = liveCalls(desk).filter((call) => call.kind !== "customer" || !lines.some((c) => c.id === call.contact_id));
  const limit = desk.dossier.phone_lines;
  const held = lines.filter((c) => c.status === "held").length;
  const holdMax = desk.dossier.channels["phone"]?.max_lines_on_hold ?? 3;
  return (
    // On a read-only desk it holds no button: focusable itself, a keyboard can scroll it (axe
    // scrollable-region-focusable); the candidate's desk keeps its tab order.
    <section class="softphone" aria-labelledby="phone-title" {...(desk.act === null ? { tabIndex: 0 } : {})}>
      <h2 id="phone-title">
        {t("desk.softphone")}{" "}
        <span class={`lines${lines.length + calls.length >= limit ? " full" : ""}`}>
          {t("desk.lines", { n: lines.length + calls.length, max: limit })}
        </span>{" "}
        <span class="lines">{t("desk.held_lines", { n: held, max: holdMax })}</span>
      </h2>
      <Status />
      {lines.length + calls.length === 0 ? <p class="empty">{t("desk.no_call")}</p> : null}
      <ul class="lines-list">
        {calls.map((call) => (
          <OutboundRow key={call.id} call={call} />
        ))}
        {lines.map((c) => (
          <LineRow key={c.id} c={c} />
        ))}
      </ul>
      {desk.act !== null ? <Outbound /> : null}
    </section>
  );
}
