// The principals' agendas: free and busy slots as the deck gives them, with the bookings of
// this session on top; book, move and cancel. The server refuses a busy slot or a double
// booking; the view follows the log, so it changes as soon as the booking is logged.
// Bookings attach to the contact they are made from, only while it is open, and to its
// customer's record (./active.ts: the record consulted only when the contact's customer is
// not identified); the active contact's principal's agenda comes first.
// CQP C.1.12: rendez-vous récapitulés, agenda mis à jour.

import { useSignal } from "@preact/signals";
import { type Booking } from "./reducer";
import { type Principal, useDesk } from "./model";
import { activeContact, allRecords, bookingRecord, openContact } from "./active";
import { whenText } from "./formats";
import { Refused, useAction } from "./refusal";

interface Row {
  readonly start: string;
  readonly end: string;
  readonly kind: "free" | "busy" | "booked";
  readonly label: string;
  readonly booking?: Booking;
}

function rows(p: Principal, bookings: readonly Booking[]): Row[] {
  const mine = bookings.filter((b) => b.principal === p.id);
  const list: Row[] = p.agenda.map((s) => {
    const booking = mine.find((b) => b.start === s.start);
    if (booking) return { start: s.start, end: s.end, kind: "booked", label: booking.reason, booking };
    return { start: s.start, end: s.end, kind: s.free ? "free" : "busy", label: s.with_whom };
  });
  for (const b of mine) {
    if (!p.agenda.some((s) => s.start === b.start)) list.push({ start: b.start, end: "", kind: "booked", label: b.reason, booking: b });
  }
  return list.sort((a, b) => a.start.localeCompare(b.start));
}

function AgendaOf({ p }: { p: Principal }) {
  const desk = useDesk();
  const { t } = desk;
  const slotText = (start: string) => whenText(start, desk.dossier.formats);
  const [refusal, run] = useAction();
  // A signal, not state: a click right after "Déplacer" must see it before the next render.
  const moving = useSignal<Booking | null>(null);
  const when = desk.drafts.get(`agenda:${p.id}:start`);
  const reason = desk.drafts.get(`agenda:${p.id}:reason`);
  const book = async (start: string) => {
    const old = moving.value;
    // A moved appointment stays its customer's; a new one is the active contact's customer's.
    const record = old?.record_id || bookingRecord(desk);
    const data = { principal: p.id, start, record_id: record, contact_id: openContact(desk), reason: reason.value };
    if (old) {
      // A move is the new slot booked, then the old one freed: a refused slot frees nothing.
      if (!(await run("agenda_book", data))) return;
      await run("agenda_cancel", { principal: p.id, start: old.start, record_id: old.record_id, contact_id: openContact(desk) });
      moving.value = null;
      return;
    }
    if (await run("agenda_book", data)) desk.drafts.clear(`agenda:${p.id}:reason`);
  };
  return (
    <section class="agenda" aria-label={`${t("dossier.agenda")} ${p.name}`}>
      <h3>{p.name}</h3>
      {moving.value ? (
        <p class="moving" role="status">
          {t("desk.moving", { slot: slotText(moving.value.start) })}{" "}
          <button type="button" onClick={() => (moving.value = null)}>
            {t("desk.cancel")}
          </button>
        </p>
      ) : null}
      <ul class="slots">
        {rows(p, desk.state.value.bookings).map((r) => (
          <li key={r.start} class={`slot ${r.kind}`}>
            <span class="when">{slotText(r.start)}</span>
            <span class="what">
              {r.kind === "free" ? t("dossier.free") : r.kind === "busy" ? `${t("dossier.busy")}${r.label ? ` · ${r.label}` : ""}` : `${t("desk.booked")}${r.label ? ` · ${r.label}` : ""}`}
            </span>
            {desk.act !== null ? (
              <span class="slot-actions">
                {r.kind !== "booked" ? (
                  <button type="button" onClick={() => void book(r.start)} aria-label={`${t("desk.book")} ${slotText(r.start)}`}>
                    {t("desk.book")}
                  </button>
                ) : (
                  <>
                    <button type="button" onClick={() => (moving.value = r.booking ?? null)} aria-label={`${t("desk.move")} ${slotText(r.start)}`}>
                      {t("desk.move")}
                    </button>
                    <button
                      type="button"
                      aria-label={`${t("desk.cancel_booking")} ${slotText(r.start)}`}
                      onClick={() => void run("agenda_cancel", { principal: p.id, start: r.start, record_id: r.booking?.record_id ?? "", contact_id: openContact(desk) })}
                    >
                      {t("desk.cancel_booking")}
                    </button>
                  </>
                )}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {desk.act !== null ? (
        <form
          class="book-other"
          onSubmit={(e) => {
            e.preventDefault();
            if (when.value) void book(when.value);
          }}
        >
          <label>
            {t("desk.reason")}
            <input type="text" value={reason.value} onInput={(e) => desk.drafts.set(`agenda:${p.id}:reason`, e.currentTarget.value)} />
          </label>
          <label>
            {t("desk.other_slot")}
            <input type="datetime-local" value={when.value} onInput={(e) => desk.drafts.set(`agenda:${p.id}:start`, e.currentTarget.value)} />
          </label>
          <button type="submit">{t("desk.book")}</button>
        </form>
      ) : null}
      <Refused refusal={refusal} />
    </section>
  );
}

export function Agendas() {
  const desk = useDesk();
  const { t } = desk;
  const record = bookingRecord(desk);
  const found = allRecords(desk).find((r) => r.id === record);
  const name = found ? `${found.fields["last_name"] ?? ""} ${found.fields["first_name"] ?? ""}`.trim() : record;
  const first = activeContact(desk)?.principal ?? "";
  const shown = desk.dossier.principals.filter((p) => p.agenda.length || desk.state.value.bookings.some((b) => b.principal === p.id));
  // The contact's principal first: its agenda is the one the caller is booking in.
  shown.sort((a, b) => Number(b.id === first) - Number(a.id === first));
  return (
    <div class="agendas">
      <p class="for">{record ? t("desk.booking_for", { record: name }) : t("desk.booking_no_record")}</p>
      {shown.map((p) => (
        <AgendaOf key={p.id} p={p} />
      ))}
    </div>
  );
}
