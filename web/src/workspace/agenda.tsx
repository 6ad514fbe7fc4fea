// The principals' agendas, as the principal's real agenda: free slots, the deck's appointments
// and those booked in this session, the principal's hours and announced absences. Every
// appointment — the deck's as well as the candidate's — can be moved (one action: the old slot
// is freed, and says so) or cancelled. The server refuses a taken slot; a time inside an
// announced absence or outside the principal's hours comes back as a warning the candidate may
// override with a reason (refused on the field `override`), kept in the log for the jury.
// Bookings attach to the contact they are made from, only while it is open, and to its
// customer's record (./active.ts: the record consulted only when the contact's customer is
// not identified); the active contact's principal's agenda comes first. Times are written in
// the desk's one format (./formats.ts).
// CQP C.1.11 « Mettre à jour des agendas », C.1.12 « Gérer la prise de rendez-vous ».

import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { Booking, Freed } from "./reducer";
import { type Principal, useDesk } from "./model";
import { activeContact, allRecords, bookingRecord, openContact } from "./active";
import { type Formats, calendar, dateText, timeText, whenText } from "./formats";
import { Refused, useAction } from "./refusal";

type Kind = "free" | "busy" | "booked" | "absent";

interface Row {
  readonly start: string;
  readonly end: string;
  readonly kind: Kind;
  readonly label: string;
  readonly note: string;
  readonly booking?: Booking;
  /** Whose slot or absence it is: a staff member's name, where the principal has several. */
  readonly who?: string;
}

/** What is being moved: an appointment's start, whose record it is, who it is. */
interface Moving {
  readonly start: string;
  readonly record_id: string;
  readonly label: string;
}

function rows(p: Principal, bookings: readonly Booking[], freed: readonly Freed[], when: (s: string) => string, t: (k: string, v?: Record<string, string>) => string): Row[] {
  const mine = bookings.filter((b) => b.principal === p.id);
  const gone = freed.filter((f) => f.principal === p.id);
  const whose = (staff?: string) => (staff ? p.staff.find((m) => m.id === staff)?.name ?? "" : "");
  const whoWas = (start: string) => p.agenda.find((s) => s.start === start && !s.free)?.with_whom ?? "";
  const bookedRow = (b: Booking, end: string): Row => {
    const who = (b.moved_from && whoWas(b.moved_from)) || b.reason;
    const note = b.moved_from ? t("desk.moved_from", { slot: when(b.moved_from) }) : "";
    return { start: b.start, end, kind: "booked", label: who, note: b.override ? `${note} ${t("desk.override_given", { reason: b.override })}`.trim() : note, booking: b };
  };
  const list: Row[] = p.agenda.map((s) => {
    const who = whose(s.staff);
    const booking = mine.find((b) => b.start === s.start);
    if (booking) return { ...bookedRow(booking, s.end), who };
    const out = gone.find((f) => f.start === s.start);
    if (!s.free && out === undefined) return { start: s.start, end: s.end, kind: "busy", label: s.with_whom, note: "", who };
    const note = out === undefined ? "" : out.moved_to ? t("desk.freed_moved", { who: s.with_whom, slot: when(out.moved_to) }) : t("desk.freed", { who: s.with_whom });
    return { start: s.start, end: s.end, kind: "free", label: "", note, who };
  });
  for (const b of mine) {
    if (!p.agenda.some((s) => s.start === b.start)) list.push(bookedRow(b, ""));
  }
  for (const i of p.instructions) {
    if (i.absent) list.push({ start: i.valid_from, end: i.valid_until, kind: "absent", label: i.text, note: "", who: whose(i.staff) });
  }
  return list.sort((a, b) => a.start.localeCompare(b.start));
}

const WEEK = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** « lundi–vendredi 09:00–12:30, 14:00–18:30 »: the principal's hours in the desk's day names
 * and time format, or nothing when unstated. */
function hoursText(p: Principal, f: Formats): string {
  const day = (d: string) => f.days[WEEK.indexOf(d)] ?? d;
  const hour = (hhmm: string) => {
    const at = calendar(`2024-01-01T${hhmm}`);
    return at === null ? hhmm : timeText(at.when, f);
  };
  const days = (ds: readonly string[]) => (ds.length > 2 ? `${day(ds[0] ?? "")}–${day(ds[ds.length - 1] ?? "")}` : ds.map(day).join(", "));
  // Ranges on the same days read once.
  const byDays = new Map<string, string[]>();
  for (const h of p.hours) byDays.set(days(h.days), [...(byDays.get(days(h.days)) ?? []), `${hour(h.start)}–${hour(h.end)}`]);
  return [...byDays].map(([d, ranges]) => `${d} ${ranges.join(", ")}`).join(" ; ");
}

/** A slot's day as the desk writes it (« jeudi 12 mars 2026 »). */
function dayOf(iso: string, f: Formats): string {
  const at = calendar(iso);
  return at === null ? iso : dateText(at.when, f);
}

/** A slot's time alone; the whole day for an untimed one. */
function timeOf(iso: string, f: Formats): string {
  const at = calendar(iso);
  return at === null ? iso : at.timed ? timeText(at.when, f) : "";
}

/** An absence's end: only its time when it ends the day it starts. */
function untilText(start: string, end: string, f: Formats): string {
  const at = calendar(end);
  return at !== null && at.timed && end.slice(0, 10) === start.slice(0, 10) ? timeText(at.when, f) : whenText(end, f);
}

function AgendaOf({ p }: { p: Principal }) {
  const desk = useDesk();
  const { t } = desk;
  const formats = desk.dossier.formats;
  const when = (start: string) => whenText(start, formats);
  const [refusal, run] = useAction();
  // Signals, not state: a click right after "Déplacer" must see it before the next render.
  const moving = useSignal<Moving | null>(null);
  const warned = useSignal<string | null>(null); // the start a warning was given for
  const when_ = desk.drafts.get(`agenda:${p.id}:start`);
  const reason = desk.drafts.get(`agenda:${p.id}:reason`);
  const override = desk.drafts.get(`agenda:${p.id}:override`);
  const book = async (start: string, because = "") => {
    const contact_id = openContact(desk);
    const old = moving.value;
    // A moved appointment stays its customer's; a new one is the active contact's customer's.
    const record_id = old?.record_id || bookingRecord(desk);
    const ok = old
      ? await run("agenda_move", { principal: p.id, start: old.start, to: start, record_id, contact_id, override: because })
      : await run("agenda_book", { principal: p.id, start, record_id, contact_id, reason: reason.value, override: because });
    if (!ok) {
      warned.value = start; // kept only if the refusal is a warning (field `override`)
      return;
    }
    warned.value = null;
    moving.value = null;
    desk.drafts.clear(`agenda:${p.id}:reason`, `agenda:${p.id}:override`);
  };
  const cancel = (r: Row) => run("agenda_cancel", { principal: p.id, start: r.start, record_id: r.booking?.record_id ?? "", contact_id: openContact(desk) });
  const warning = refusal !== null && refusal.field === "override" && warned.value !== null ? warned.value : null;
  const warningBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (warning !== null) warningBox.current?.scrollIntoView({ block: "nearest" });
  }, [warning]);
  const hours = hoursText(p, formats);
  return (
    <section class="agenda" aria-label={`${t("dossier.agenda")} ${p.name}`}>
      <h3>{p.name}</h3>
      {hours ? <p class="hours">{t("desk.hours", { hours })}</p> : null}
      {moving.value ? (
        <p class="moving" role="status">
          {t("desk.moving", { slot: when(moving.value.start) })}{" "}
          <button type="button" onClick={() => (moving.value = null)}>
            {t("desk.cancel")}
          </button>
        </p>
      ) : null}
      <ul class="slots">
        {rows(p, desk.state.value.bookings, desk.state.value.freed, when, t).flatMap((r, i, all) => [
          // One heading per day, the rows then at their time: a narrow column reads a day once.
          ...(i === 0 || all[i - 1]?.start.slice(0, 10) !== r.start.slice(0, 10)
            ? [<li key={`day${r.start.slice(0, 10)}`} class="day">{dayOf(r.start, formats)}</li>]
            : []),
          <li key={`${r.kind}${r.start}`} class={`slot ${r.kind}`}>
            <span class="when">
              <span class="sr-only">{dayOf(r.start, formats)}, </span>
              {timeOf(r.start, formats)}
              {r.kind === "absent" ? ` → ${untilText(r.start, r.end, formats)}` : ""}
            </span>
            <span class="what">
              {t(`desk.slot.${r.kind}`)}
              {r.who ? <span class="whose"> · {r.who}</span> : null}
              {r.label ? ` · ${r.label}` : ""}
              {r.note ? <small class="slot-note"> · {r.note}</small> : null}
            </span>
            {desk.act !== null && r.kind !== "absent" ? (
              <span class="slot-actions">
                {r.kind === "free" ? (
                  <button type="button" onClick={() => void book(r.start)} aria-label={`${t("desk.book")} ${when(r.start)}`}>
                    {t("desk.book")}
                  </button>
                ) : (
                  <>
                    <button
                      type="button"
                      onClick={() => (moving.value = { start: r.start, record_id: r.booking?.record_id ?? "", label: r.label })}
                      aria-label={`${t("desk.move")} ${when(r.start)}`}
                    >
                      {t("desk.move")}
                    </button>
                    <button type="button" aria-label={`${t("desk.cancel_booking")} ${when(r.start)}`} onClick={() => void cancel(r)}>
                      {t("desk.cancel_short")}
                    </button>
                  </>
                )}
              </span>
            ) : null}
          </li>,
        ])}
      </ul>
      {warning !== null && refusal !== null ? (
        <div class="warning" role="alert" ref={warningBox}>
          <p>{refusal.reason}</p>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void book(warning, override.value);
            }}
          >
          <label>
            {t("desk.override_reason")}{" "}
            <input type="text" required value={override.value} onInput={(e) => desk.drafts.set(`agenda:${p.id}:override`, e.currentTarget.value)} />
          </label>{" "}
          <button type="submit">{moving.value ? t("desk.move_anyway") : t("desk.book_anyway")}</button>{" "}
          <button type="button" onClick={() => (warned.value = null)}>
            {t("desk.cancel")}
          </button>
          </form>
        </div>
      ) : null}
      {desk.act !== null ? (
        <form
          class="book-other"
          onSubmit={(e) => {
            e.preventDefault();
            if (when_.value) void book(when_.value);
          }}
        >
          <label>
            {t("desk.reason")}
            <input type="text" value={reason.value} onInput={(e) => desk.drafts.set(`agenda:${p.id}:reason`, e.currentTarget.value)} />
          </label>
          <label>
            {t("desk.other_slot")}
            <input type="datetime-local" value={when_.value} onInput={(e) => desk.drafts.set(`agenda:${p.id}:start`, e.currentTarget.value)} />
          </label>
          <button type="submit">{moving.value ? t("desk.move_here") : t("desk.book")}</button>
        </form>
      ) : null}
      {warning === null ? <Refused refusal={refusal} /> : null}
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
  const state = desk.state.value;
  const shown = desk.dossier.principals.filter((p) => p.agenda.length || p.hours.length || state.bookings.some((b) => b.principal === p.id));
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
