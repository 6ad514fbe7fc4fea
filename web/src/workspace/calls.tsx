// Outbound calls as softphone lines (omnisim/engine/calls.py): each has its row with a timer,
// hold, transfer and hang-up; a call to a contact's customer carries on in that contact's
// conversation (its reply box on the phone), a call to a colleague or a number has its own
// panel. Calling a colleague about an open contact is a consultation: transfer the caller to
// them, or take the caller back. Ids come from the events, never from the deck.

import type { CallView, ContactView } from "./reducer";
import { own } from "./reducer";
import { type Desk, isOpen, useDesk } from "./model";
import { Refused, useAction } from "./refusal";
import { digits } from "./text";
import { realSeconds, Timer } from "./timers";

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly role: string;
  readonly reachable: boolean;
  readonly principal: string;
}

export function staffOf(desk: Desk): Person[] {
  return desk.dossier.principals.flatMap((p) => p.staff.map((s) => ({ ...s, principal: p.name })));
}

/** « Mme Nadia Ferrand (superviseure du plateau) » for a staff id; the id itself otherwise. */
export function personName(desk: Desk, id: string): string {
  const s = staffOf(desk).find((x) => x.id === id);
  return s ? `${s.name} (${s.role})` : id;
}

export const isCall = (desk: Desk, id: string | null): boolean =>
  id !== null && own(desk.state.value.calls, id) !== undefined;

export function liveCalls(desk: Desk): CallView[] {
  return Object.values(desk.state.value.calls).filter((call) => call.ended === null);
}

/** The call live with contact `c`'s customer, if any. */
export function customerCall(desk: Desk, c: ContactView): CallView | undefined {
  return liveCalls(desk).find((call) => call.kind === "customer" && call.contact_id === c.id);
}

/** Every call about contact `c`: its customer called back, colleagues consulted. */
export function callsAbout(desk: Desk, c: ContactView): CallView[] {
  return Object.values(desk.state.value.calls).filter((call) => call.contact_id === c.id);
}

const NUMBER = /\+?\d[\d .-]{6,}\d/g;

/** The number contact `c`'s customer can be called back on: the one they came from, their
 * CRM record's (found by their address), or one they gave in what they wrote. */
export function customerNumber(desk: Desk, c: ContactView): string {
  const written = c.channel === "email" || c.channel === "complaint";
  if (!written && digits(c.sender).length >= 8) return c.sender;
  const address = c.sender.trim().toLowerCase();
  const records = [
    ...desk.dossier.crm.map((r) => ({ ...r, ...(own(desk.state.value.records, r.id) ?? {}) })),
    ...Object.values(desk.state.value.records),
  ] as Readonly<Record<string, string>>[];
  const record = address ? records.find((r) => (r["email"] ?? "").trim().toLowerCase() === address) : undefined;
  if (record?.["phone"]) return record["phone"];
  const said = c.lines.filter((l) => l.actor === "customer").flatMap((l) => l.text.match(NUMBER) ?? []);
  return said[0]?.trim() ?? "";
}

/** Whom a call reached, as the candidate reads it. */
export function callName(desk: Desk, call: CallView): string {
  if (call.kind === "staff") return personName(desk, call.to);
  const about = own(desk.state.value.contacts, call.contact_id);
  return call.kind === "customer" && about ? `${about.customer} · ${call.to}` : call.to;
}

/** A consultation: a colleague called about a contact still open (held, usually). */
export function consulted(desk: Desk, call: CallView): ContactView | undefined {
  const about = own(desk.state.value.contacts, call.contact_id);
  return call.kind === "staff" && about !== undefined && isOpen(about) ? about : undefined;
}

/** « Appeler le client »: the customer of a written contact, called back on their number. */
export function CallCustomer({ c }: { c: ContactView }) {
  const desk = useDesk();
  const [refusal, run] = useAction();
  const number = customerNumber(desk, c);
  if (desk.act === null || c.status !== "active" || c.channel === "phone" || !number) return null;
  if (customerCall(desk, c) !== undefined) return null;
  return (
    <>
      <button
        type="button"
        title={number}
        onClick={async () => {
          if (await run("call_out", { to: number, contact_id: c.id })) desk.drafts.clear(`via:${c.id}`);
        }}
      >
        {desk.t("desk.call_customer")}
      </button>
      <Refused refusal={refusal} />
    </>
  );
}

/** « Appeler »: a call to place (a call-back promised, a sales call) dialled to the number the
 * desk shows for its customer, which connects it: they pick up and speak first. */
export function PlaceCall({ c }: { c: ContactView }) {
  const desk = useDesk();
  const [refusal, run] = useAction();
  if (desk.act === null) return null;
  return (
    <>
      <button
        type="button"
        class="primary place-call"
        title={c.sender}
        onClick={async () => {
          if (await run("call_out", { to: c.sender, contact_id: c.id })) desk.selected.value = c.id;
        }}
      >
        {desk.t("desk.call")}
      </button>
      <Refused refusal={refusal} />
    </>
  );
}

/** The buttons of a consultation: transfer the caller to the colleague, or take them back. */
function ConsultActions({ call, about }: { call: CallView; about: ContactView }) {
  const desk = useDesk();
  const [refusal, run] = useAction();
  return (
    <>
      <button
        type="button"
        class="primary"
        onClick={() => run("transfer", { contact_id: about.id, to: call.to, note: desk.drafts.get(`transfer-note:${about.id}`).value })}
      >
        {desk.t("desk.transfer_caller")}
      </button>
      {about.status === "held" ? (
        <button type="button" onClick={() => run("unhold", { contact_id: about.id })}>
          {desk.t("desk.take_caller_back")}
        </button>
      ) : null}
      <Refused refusal={refusal} />
    </>
  );
}

/** Hold with the announcement typed, or take back a caller on hold: an inbound line's and an
 * outbound call's to a customer alike. */
export function HoldControls({ c, run }: { c: ContactView; run: ReturnType<typeof useAction>[1] }) {
  const desk = useDesk();
  const { t } = desk;
  const announce = desk.drafts.get(`hold:${c.id}`);
  if (c.status === "held") {
    return (
      <button type="button" onClick={() => run("unhold", { contact_id: c.id })}>
        {t("candidate.unhold")}
      </button>
    );
  }
  if (c.status !== "active") return null;
  return (
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
          if (await run("hold", { contact_id: c.id, announcement: announce.value })) desk.drafts.clear(`hold:${c.id}`);
        }}
      >
        {t("candidate.hold")}
      </button>
    </>
  );
}

/** Choose a colleague, consult them (the caller held first, with the announcement typed) or
 * transfer the caller to them: an inbound line's and an outbound call's to a customer alike. */
export function TransferControls({ c, run }: { c: ContactView; run: ReturnType<typeof useAction>[1] }) {
  const desk = useDesk();
  const { t } = desk;
  const target = desk.drafts.get(`transfer:${c.id}`);
  const consult = async () => {
    const announcement = desk.drafts.get(`hold:${c.id}`).value;
    if (c.status === "active" && !(await run("hold", { contact_id: c.id, announcement }))) return;
    desk.drafts.clear(`hold:${c.id}`);
    if (await run("call_out", { to: target.value, contact_id: c.id })) {
      const placed = Object.values(desk.state.value.calls).find((call) => run.seqs.includes(call.placed.seq));
      if (placed) desk.selected.value = placed.id;
    }
  };
  return (
    <>
      <StaffChoice c={c} />
      <button type="button" onClick={() => void consult()}>
        {t("desk.consult")}
      </button>
      <button type="button" onClick={() => void handOver(desk, run, c)}>
        {t("candidate.transfer")}
      </button>
    </>
  );
}

/** Transfer the contact to the colleague chosen, with the note typed for them (the contact's
 * drafts, whichever control holds them); the drafts are cleared once it is done. */
export async function handOver(desk: Desk, run: ReturnType<typeof useAction>[1], c: ContactView): Promise<void> {
  const to = desk.drafts.get(`transfer:${c.id}`).value;
  const note = desk.drafts.get(`transfer-note:${c.id}`).value;
  if (await run("transfer", { contact_id: c.id, to, note })) desk.drafts.clear(`transfer:${c.id}`, `transfer-note:${c.id}`);
}

/** To whom a contact goes: the principals' staff, those who cannot be reached shown but not
 * offered. The choice is the contact's draft, shared by every control that hands it over. */
export function StaffChoice({ c }: { c: ContactView }) {
  const desk = useDesk();
  const target = desk.drafts.get(`transfer:${c.id}`);
  return (
    <select
      aria-label={desk.t("candidate.transfer_to")}
      value={target.value}
      onChange={(e) => desk.drafts.set(`transfer:${c.id}`, e.currentTarget.value, c.id)}
    >
      <option value="">{desk.t("candidate.transfer_to")}</option>
      {staffOf(desk).map((s) => (
        <option key={s.id} value={s.id} disabled={!s.reachable}>
          {s.name} ({s.role}, {s.principal})
        </option>
      ))}
    </select>
  );
}

/** An outbound call's row in the softphone. */
export function OutboundRow({ call }: { call: CallView }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const about = own(desk.state.value.contacts, call.contact_id);
  const consult = consulted(desk, call);
  const mine = call.kind === "customer" && about !== undefined ? about : undefined;
  const held = mine?.status === "held";
  const select = () => (desk.selected.value = mine ? mine.id : call.id);
  // The person first: a narrow softphone cuts the end, and « App… » tells a candidate nothing.
  const kind = consult ? t("desk.consultation") : t("desk.call_out");
  const who = mine ? `${mine.customer} · ${kind}` : kind;
  return (
    <li class={`line outbound${held ? " st-held" : ""}`} data-call={call.id}>
      <div class="line-head">
        <button type="button" class="link num" onClick={select}>
          {call.kind === "staff" ? personName(desk, call.to).split(" (")[0] : call.to}
        </button>
        <span class="who" title={who}>
          {who}
        </span>
        <span class="state">{held ? t("status.held") : t("desk.on_line")}</span>
        <span aria-label={t("desk.line_timer")}>
          <Timer seconds={realSeconds(desk, Math.max(0, desk.sim.value - call.placed.sim))} clock="real" />
        </span>
      </div>
      {desk.act === null ? null : (
        <div class="line-actions">
          {mine ? <HoldControls c={mine} run={run} /> : null}
          {mine && !consult && (mine.status === "active" || mine.status === "held") ? <TransferControls c={mine} run={run} /> : null}
          {consult ? <ConsultActions call={call} about={consult} /> : null}
          <button
            type="button"
            class="danger"
            onClick={async () => {
              if (await run("call_end", { call_id: call.id }) && mine) desk.drafts.clear(`via:${mine.id}`);
            }}
          >
            {t("desk.hang_up")}
          </button>
        </div>
      )}
      <Refused refusal={refusal} />
    </li>
  );
}

/** The conversation panel of a call to a colleague, the principal or a number. */
export function CallPanel({ call }: { call: CallView }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const say = desk.drafts.get(`say:${call.id}`);
  const consult = consulted(desk, call);
  const about = own(desk.state.value.contacts, call.contact_id);
  const live = call.ended === null;
  const send = async () => {
    if (await run("call_say", { call_id: call.id, text: say.value })) desk.drafts.clear(`say:${call.id}`);
  };
  return (
    <section class="conversation call" aria-labelledby="conv-title" data-call={call.id}>
      <div class="conv-head">
        <h2 id="conv-title">
          <span class="icon" aria-hidden="true">
            ☎
          </span>{" "}
          {consult ? t("desk.consultation") : t("desk.call_out")} — {callName(desk, call)}
        </h2>
        <span class="state">{live ? t("desk.on_line") : t("desk.call_over")}</span>
        {desk.act !== null && live ? (
          <span class="conv-actions">
            {consult ? <ConsultActions call={call} about={consult} /> : null}
            <button type="button" class="danger" onClick={() => run("call_end", { call_id: call.id })}>
              {t("desk.hang_up")}
            </button>
          </span>
        ) : null}
      </div>
      {about ? (
        <p class="conv-about">
          {t("desk.about", { who: about.customer, status: t(`status.${about.status}`) })}
        </p>
      ) : null}
      <ol class="transcript" aria-label={t("desk.transcript")} aria-live="polite" tabIndex={0}>
        {call.text ? (
          <li class="msg candidate" data-seq={call.placed.seq}>
            <span class="msg-meta">{t("desk.you")}</span>
            <span class="msg-text">{call.text}</span>
          </li>
        ) : null}
        {call.lines.map((line) => (
          <li key={line.seq} class={`msg ${line.actor === "candidate" ? "candidate" : "customer"}`} data-seq={line.seq}>
            <span class="msg-meta">{line.actor === "candidate" ? t("desk.you") : callName(desk, call)}</span>
            <span class="msg-text">{line.text}</span>
          </li>
        ))}
        {call.ended ? (
          <li class="msg system" data-seq={call.ended.seq}>
            <span class="msg-meta">{t("desk.call_ended")}</span>
          </li>
        ) : null}
      </ol>
      {desk.act !== null && live ? (
        <form
          class="composer ch-phone"
          aria-label={t("desk.composer")}
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label class="comp-body">
            <span class="sr-only">{t("desk.say_to")}</span>
            <input
              type="text"
              aria-label={t("desk.say_to")}
              placeholder={t("desk.say")}
              value={say.value}
              onInput={(e) => desk.drafts.set(`say:${call.id}`, e.currentTarget.value)}
            />
          </label>
          <div class="comp-foot">
            <span class="keys">{t("desk.enter_sends")}</span>
            <button type="submit" class="primary">
              {t("desk.say_button")}
            </button>
          </div>
          <Refused refusal={refusal} />
        </form>
      ) : null}
    </section>
  );
}
