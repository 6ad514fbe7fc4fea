// The softphone: one row per line (caller number, the line dialled and the principal it is
// for with its greeting, shown while it rings; timer in real seconds; pick up, hold with its announcement,
// resume, transfer, hang up), the deck's line count with its limit, and outbound calls.
// CQP C.1.2: décroché en moins de 15 secondes; 3 lignes en attente avec annonce claire.

import type { ContactView } from "./reducer";
import { principalOf } from "./active";
import { isOpen, useDesk } from "./model";
import { realSeconds, Timer } from "./timers";
import { Refused, useAction } from "./refusal";

function staffOf(desk: ReturnType<typeof useDesk>) {
  return desk.dossier.principals.flatMap((p) => p.staff.map((s) => ({ ...s, principal: p.name })));
}

function LineRow({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const now = desk.sim.value;
  const hold = c.holds[c.holds.length - 1];
  const since = c.status === "offered" ? c.offered.sim : c.status === "held" && hold ? hold.start.sim : (c.picked?.sim ?? c.offered.sim);
  const announce = desk.drafts.get(`hold:${c.id}`);
  const target = desk.drafts.get(`transfer:${c.id}`);
  const staff = staffOf(desk);
  const act = desk.act;
  const principal = principalOf(desk, c);
  return (
    <li class={`line st-${c.status}${c.status === "offered" ? " ringing" : ""}`} data-line={c.id}>
      <div class="line-head">
        <span class="num">{c.sender || "—"}</span>
        <span class="who">{c.customer}</span>
        <span class="state">{t(`status.${c.status}`)}</span>
        <span aria-label={t("desk.line_timer")}>
          <Timer seconds={realSeconds(desk, Math.max(0, now - since))} clock="real" />
        </span>
      </div>
      {principal || c.line ? (
        <div class="dialled">
          {t("desk.dialled", { line: c.line || "—", name: principal?.name ?? "—" })}
          {principal?.greeting && c.status === "offered" ? <q class="greeting">{principal.greeting}</q> : null}
        </div>
      ) : null}
      {act === null ? null : (
        <div class="line-actions">
          {c.status === "offered" ? (
            <button type="button" class="primary" onClick={() => run("pickup", { contact_id: c.id })}>
              {t("candidate.pickup")}
            </button>
          ) : null}
          {c.status === "active" ? (
            <>
              <input
                type="text"
                aria-label={t("candidate.hold_announcement")}
                placeholder={t("candidate.hold_announcement")}
                value={announce.value}
                onInput={(e) => desk.drafts.set(`hold:${c.id}`, e.currentTarget.value, c.id)}
              />
              <button
                type="button"
                onClick={async () => {
                  const ok = await run("hold", { contact_id: c.id, announcement: announce.value });
                  if (ok) desk.drafts.clear(`hold:${c.id}`);
                }}
              >
                {t("candidate.hold")}
              </button>
            </>
          ) : null}
          {c.status === "held" ? (
            <button type="button" onClick={() => run("unhold", { contact_id: c.id })}>
              {t("candidate.unhold")}
            </button>
          ) : null}
          {c.status === "active" || c.status === "held" ? (
            <>
              <select
                aria-label={t("candidate.transfer_to")}
                value={target.value}
                onChange={(e) => desk.drafts.set(`transfer:${c.id}`, e.currentTarget.value, c.id)}
              >
                <option value="">{t("candidate.transfer_to")}</option>
                {staff.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.role}, {s.principal})
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => run("transfer", { contact_id: c.id, to: target.value })}>
                {t("candidate.transfer")}
              </button>
              <button type="button" class="danger" onClick={() => run("close", { contact_id: c.id })}>
                {t("desk.hang_up")}
              </button>
            </>
          ) : null}
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
  const selected = desk.selected.value ?? "";
  return (
    <details class="outbound">
      <summary>{t("desk.call_out")}</summary>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          const ok = await run("call_out", { to: to.value, text: what.value, contact_id: selected });
          if (ok) desk.drafts.clear("call:to", "call:text");
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

export function Softphone() {
  const desk = useDesk();
  const { t } = desk;
  const lines = Object.values(desk.state.value.contacts).filter((c) => c.channel === "phone" && isOpen(c));
  const limit = desk.dossier.phone_lines;
  const held = lines.filter((c) => c.status === "held").length;
  const holdMax = desk.dossier.channels["phone"]?.max_lines_on_hold ?? 3;
  return (
    <section class="softphone" aria-labelledby="phone-title">
      <h2 id="phone-title">
        {t("desk.softphone")}{" "}
        <span class={`lines${lines.length >= limit ? " full" : ""}`}>
          {t("desk.lines", { n: lines.length, max: limit })}
        </span>{" "}
        <span class="lines">{t("desk.held_lines", { n: held, max: holdMax })}</span>
      </h2>
      {lines.length === 0 ? <p class="empty">{t("desk.no_call")}</p> : null}
      <ul class="lines-list">
        {lines.map((c) => (
          <LineRow key={c.id} c={c} />
        ))}
      </ul>
      {desk.act !== null ? <Outbound /> : null}
    </section>
  );
}
