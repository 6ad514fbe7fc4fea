// The conversation panel: the selected contact's header (whom it is for, the line it reached
// and the principal's greeting), its transcript (with hold announcements, outbound calls and
// consultations, internal notes, the transfer and the close in place; the newest line always
// in full view), and the composer of its channel; a call to a colleague has its own panel.
//
// Customer text is rendered as text nodes only: markup, scripts or template syntax a
// customer writes are shown, never run.

import { useEffect, useRef } from "preact/hooks";
import { type ContactView, type Line, own, toCall } from "./reducer";
import { CallCustomer, CallPanel, callsAbout, personName, PlaceCall } from "./calls";
import { CloseButton, NoteForm, TransferControl, wrapUpLabel } from "./closing";
import { Composer } from "./composer";
import { DocumentLink } from "./documents";
import { draftLabel, namesOf } from "./drafts";
import { type Desk, isOpen, selectedContact, statusKey, useDesk } from "./model";
import { ICONS, isUrgent } from "./queue";
import { Refused, useAction } from "./refusal";
import { principalOf } from "./active";
import { timeText } from "./formats";
import { scenarioDate } from "./text";
import { UnfilledMark, unfilledNote, withVariables } from "./unfilled";

type Entry =
  | { kind: "line"; seq: number; line: Line }
  | { kind: "hold"; seq: number; sim: number; text: string }
  | { kind: "resume"; seq: number; sim: number }
  | { kind: "event"; seq: number; sim: number; label: string; text: string; css: string };

/** What the desk logged on the contact besides its lines: holds, calls, notes, its end. */
function entries(desk: Desk, c: ContactView): Entry[] {
  const { t } = desk;
  const list: Entry[] = c.lines.map((line) => ({ kind: "line", seq: line.seq, line }));
  const event = (at: { seq: number; sim: number }, label: string, text = "", css = "system") =>
    list.push({ kind: "event", seq: at.seq, sim: at.sim, label, text, css });
  for (const h of c.holds) {
    list.push({ kind: "hold", seq: h.start.seq, sim: h.start.sim, text: h.announcement });
    if (h.end) list.push({ kind: "resume", seq: h.end.seq, sim: h.end.sim });
  }
  for (const call of callsAbout(desk, c)) {
    const staff = call.kind === "staff";
    const placed = staff ? t("desk.consulting", { who: personName(desk, call.to) }) : t("desk.calling", { number: call.to });
    event(call.placed, placed, call.kind === "customer" ? call.text : "");
    if (call.ended) event(call.ended, staff ? t("desk.consult_ended") : t("desk.call_ended"));
  }
  for (const n of c.notes) event(n, t("desk.note"), n.text, "note");
  if (c.transferred) event(c.transferred, t("desk.transferred_to", { who: personName(desk, c.transferred_to) }), c.transfer_note);
  if (c.closed) event(c.closed, c.wrap_up ? t("desk.closed_as", { code: wrapUpLabel(desk, c.wrap_up) }) : t("status.closed"));
  return list.sort((a, b) => a.seq - b.seq);
}

/** One line of the transcript; on a staff reader's desk, one sent over the unfilled-variables
 * warning is marked and its `{{ … }}` highlighted (./unfilled.tsx). */
function LineItem({ line, c, at }: { line: Line; c: ContactView; at: (sim: number) => string }) {
  const { t, staff } = useDesk();
  const unfilled = staff ? unfilledNote(line, t) : "";
  return (
    <li class={`msg ${line.actor}${unfilled ? " unfilled" : ""}`} data-seq={line.seq}>
      <span class="msg-meta">
        <time>{at(line.sim)}</time> · {line.actor === "candidate" ? t("desk.you") : c.customer}
        {line.channel !== c.channel ? ` · ${t(`channel.${line.channel}`)}` : ""}
      </span>
      {unfilled ? <UnfilledMark note={unfilled} /> : null}
      {line.justification ? (
        <span class="why">
          {t("candidate.justification")} {line.justification}
        </span>
      ) : null}
      {line.cc.length ? (
        <span class="why">
          {t("desk.cc_sent")} {line.cc.join(", ")}
        </span>
      ) : null}
      {line.channel === "email" && line.subject ? (
        <span class="msg-subject">{t("desk.subject_sent", { subject: line.subject })}</span>
      ) : null}
      <span class={`msg-text${line.channel === "email" ? " mail" : ""}`}>{unfilled ? withVariables(line.text) : line.text}</span>
      {line.attachments.length ? (
        <span class="msg-files">
          {line.attachments.map((name) => (
            <DocumentLink key={name} name={name} />
          ))}
        </span>
      ) : null}
    </li>
  );
}

function Transcript({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t, dossier } = desk;
  const list = useRef<HTMLOListElement>(null);
  const at = (sim: number) => timeText(scenarioDate(dossier.today, dossier.start_time, sim), dossier.formats);
  const all = entries(desk, c);
  const count = all.length;
  // The newest line in full view: scrolled to once drawn, and again whenever the panel's size
  // changes under it (the composer growing, a refusal or a template appearing).
  useEffect(() => {
    const el = list.current;
    if (!el) return;
    const bottom = () => (el.scrollTop = el.scrollHeight);
    bottom();
    const frame = requestAnimationFrame(bottom);
    const watch = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(bottom);
    watch?.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      watch?.disconnect();
    };
  }, [count, c.id]);
  return (
    <ol class="transcript" ref={list} aria-label={t("desk.transcript")} aria-live="polite" tabIndex={0}>
      {all.map((e) =>
        e.kind === "event" ? (
          <li key={`e${e.seq}${e.label}`} class={`msg ${e.css}`} data-seq={e.seq}>
            <span class="msg-meta">
              <time>{at(e.sim)}</time> · {e.label}
            </span>
            {e.text ? <span class="msg-text">{e.text}</span> : null}
          </li>
        ) : e.kind === "line" ? (
          <LineItem key={`l${e.seq}`} line={e.line} c={c} at={at} />
        ) : e.kind === "hold" ? (
          <li key={`h${e.seq}`} class="msg system" data-seq={e.seq}>
            <span class="msg-meta">
              <time>{at(e.sim)}</time> · {t("desk.on_hold")}
            </span>
            <span class="msg-text">{e.text ? `« ${e.text} »` : t("desk.no_announcement")}</span>
          </li>
        ) : (
          <li key={`r${e.seq}`} class="msg system" data-seq={e.seq}>
            <span class="msg-meta">
              <time>{at(e.sim)}</time> · {t("desk.resumed")}
            </span>
          </li>
        ),
      )}
    </ol>
  );
}

export function Conversation() {
  const desk = useDesk();
  const { t } = desk;
  const c = selectedContact(desk).value;
  const [refusal, run] = useAction();
  const call = desk.selected.value === null ? undefined : own(desk.state.value.calls, desk.selected.value);
  if (call !== undefined) return <CallPanel key={call.id} call={call} />;
  if (c === undefined) {
    return (
      <section class="conversation empty" aria-label={t("desk.conversation")}>
        <p class="hint">{t("candidate.select")}</p>
      </section>
    );
  }
  const urgent = isUrgent(desk, c.id);
  const escalation = c.escalations[c.escalations.length - 1]?.level;
  const principal = principalOf(desk, c);
  return (
    <section class="conversation" aria-labelledby="conv-title" data-contact={c.id}>
      <div class="conv-head">
        <h2 id="conv-title">
          <span class="icon" aria-hidden="true">
            {ICONS[c.channel]}
          </span>{" "}
          {t(`channel.${c.channel}`)} — {c.customer}
        </h2>
        {escalation ? <span class={`badge ${escalation}`}>{t(`escalation.${escalation}`)}</span> : null}
        {desk.act === null && c.taken_over ? <span class="badge taken">{t("mirror.taken_over")}</span> : null}
        <span class="state">{t(statusKey(c))}</span>
        {desk.act !== null ? (
          <span class="conv-actions">
            {isOpen(c) ? (
              <button
                type="button"
                aria-pressed={urgent}
                onClick={() => desk.drafts.set(`urgent:${c.id}`, urgent ? "" : "1", c.id)}
              >
                {urgent ? t("desk.unmark_urgent") : t("desk.mark_urgent")}
              </button>
            ) : null}
            <CallCustomer c={c} />
            <NoteForm c={c} />
            {toCall(c) ? (
              <PlaceCall c={c} />
            ) : c.status === "offered" ? (
              <button type="button" class="primary" onClick={() => run("pickup", { contact_id: c.id })}>
                {c.channel === "phone" ? t("candidate.pickup") : t("desk.take")}
              </button>
            ) : (
              <CloseButton key={c.id} c={c} />
            )}
          </span>
        ) : null}
        {c.channel !== "phone" ? <TransferControl c={c} /> : null}
      </div>
      {c.sender || c.subject || c.attachments.length || principal || c.line ? (
        <dl class="conv-meta">
          {principal || c.line ? (
            <>
              <dt>{t("desk.for")}</dt>
              <dd class="for">
                {principal?.name ?? "—"}
                {c.line ? <span class="line-no"> · {t(c.channel === "email" || c.channel === "complaint" ? "desk.written_to" : "desk.line", { line: c.line })}</span> : null}
                {/* How to answer in the principal's name: not for a call the candidate places. */}
                {principal?.greeting && !c.to_place && c.status !== "closed" && c.status !== "transferred" ? (
                  <>
                    {" · "}
                    {t("desk.greeting")} <q class="greeting">{principal.greeting}</q>
                  </>
                ) : null}
              </dd>
            </>
          ) : null}
          {c.sender ? (
            <>
              <dt>{t(c.to_place ? "desk.number_to_call" : "candidate.from")}</dt>
              <dd>{c.sender}</dd>
            </>
          ) : null}
          {c.subject ? (
            <>
              <dt>{t("candidate.subject")}</dt>
              <dd>{c.subject}</dd>
            </>
          ) : null}
          {c.attachments.length ? (
            <>
              <dt>{t("candidate.attachments")}</dt>
              <dd>
                <ul class="attachments">
                  {c.attachments.map((a) => (
                    <li key={a}>
                      <DocumentLink name={a} />
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      <Refused refusal={refusal} />
      <Transcript c={c} />
      {desk.act !== null ? <Composer key={c.id} c={c} /> : <UnsentDraft c={c} />}
    </section>
  );
}

/** On a read-only desk: what the candidate had typed and not sent. */
function UnsentDraft({ c }: { c: ContactView }) {
  const desk = useDesk();
  const state = desk.state.value;
  const draft = own(state.drafts, `reply:${c.id}`);
  if (!draft || !draft.text) return null;
  return (
    <p class="unsent" data-seq={draft.at.seq}>
      <b>{draftLabel(`reply:${c.id}`, state, namesOf(desk.dossier, state), desk.t)}</b>{" "}
      <span class="msg-text">{draft.text}</span>
    </p>
  );
}
