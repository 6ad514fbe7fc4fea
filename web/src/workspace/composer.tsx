// The composer of the selected contact, shaped by the channel it replies on:
// - chat: a live word count per send against the chat's limit (the company's stated count, else
//   CQP C.1.9's 4–5 mots par envoi: omnisim/deck/chat_norm.py), Enter sends;
// - e-mail: subject (« RE: » the contact's, as a mail client starts it), a multi-line body
//   (Enter is a new line; Ctrl+Enter or the button sends) and the deck's templates, their
//   variables filled for the contact's own customer (./active.ts) and highlighted where still
//   empty: the server warns before sending them so (omnisim/engine/entries.py) and the desk asks
//   « Compléter » (back to the text, nothing lost) or « Envoyer quand même » (sent as written);
// - SMS: characters and segments as the network counts them (GSM-7 or Unicode);
// - phone: the typed conversation, Enter says the line.
// Replying on another channel asks for a one-line justification (asked, not required: whether
// the choice is argued is graded);
// while the customer is on an outbound call, the box is on the phone, and no justification is
// asked line after line. An e-mail takes copies and attachments (./documents.tsx).
//
// Every field is a draft: bound to a signal, saved as typed, so an arriving event re-renders
// around it without touching its value or caret.

import { useEffect, useRef, useState } from "preact/hooks";
import type { ContactView } from "./reducer";
import { templateValues } from "./active";
import { customerCall } from "./calls";
import { clearEnclosures, Enclosures, enclosures } from "./documents";
import { useDesk } from "./model";
import { FieldError, invalid, Refused, useAction } from "./refusal";
import { emptyVariables, fillTemplate, smsCount, wordCount } from "./text";

const CHANNELS = ["chat", "email", "sms", "phone"] as const;

/** The text with each `{{ variable }}` still empty highlighted (text nodes only). */
function Highlighted({ text }: { text: string }) {
  const parts = text.split(/(\{\{\s*[\w.]+\s*\}\})/g);
  return (
    <>
      {parts.map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}
    </>
  );
}

export function Composer({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t, dossier } = desk;
  const [refusal, run] = useAction();
  const [completing, setCompleting] = useState(false); // « Compléter » answered the warning
  const bodyBox = useRef<HTMLTextAreaElement>(null);
  const inbound = c.channel;
  const natural = dossier.reply_by[inbound] ?? inbound;
  const via = desk.drafts.get(`via:${c.id}`);
  // On a call with the customer, the talk is on the phone: its natural channel then.
  const onCall = customerCall(desk, c) !== undefined;
  const channel = (via.value || (onCall ? "phone" : natural)) as (typeof CHANNELS)[number];
  const body = desk.drafts.get(`reply:${c.id}`);
  const subject = desk.drafts.get(`subject:${c.id}`);
  const why = desk.drafts.get(`why:${c.id}`);
  const other = channel !== inbound && channel !== natural && !(onCall && channel === "phone");
  const rule = dossier.channels[channel];
  const active = c.status === "active" && desk.state.value.status === "running";
  const templates = dossier.templates.filter((tp) => tp.channel === channel);
  const chosen = desk.drafts.get(`template:${c.id}`);
  // A reply by e-mail starts with a subject, as a mail client does; the candidate may change
  // it, and an e-mail sent without one is refused at the field.
  const startSubject = () => {
    if (channel === "email" && !subject.value && desk.act !== null) {
      desk.drafts.set(`subject:${c.id}`, c.subject ? `RE: ${c.subject}` : "", c.id);
    }
  };
  useEffect(startSubject, [channel, c.id]);

  const send = async (unfilledOk = false) => {
    // An empty text goes to the server too: its refusal says why, in the page's language.
    const mail = channel === "email" ? enclosures(desk, c) : { cc: [], attachments: [] };
    setCompleting(false);
    const ok = await run("send", {
      contact_id: c.id,
      text: body.value,
      ...(channel !== natural ? { channel } : {}),
      ...(other ? { justification: why.value } : {}),
      ...(channel === "email" ? { subject: subject.value } : {}),
      ...(mail.cc.length ? { cc: mail.cc } : {}),
      ...(mail.attachments.length ? { attachments: mail.attachments } : {}),
      ...(unfilledOk ? { unfilled_ok: true } : {}),
    });
    if (ok) {
      desk.drafts.clear(`reply:${c.id}`, `subject:${c.id}`, `why:${c.id}`, `template:${c.id}`);
      if (channel === "email") clearEnclosures(desk, c);
      startSubject(); // the next e-mail of the same exchange starts with its subject too
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== "Enter") return;
    // An e-mail is a letter: Enter is a new line; only Ctrl+Enter (or the button) sends it.
    const sends = e.ctrlKey || e.metaKey || (channel !== "email" && !e.shiftKey);
    if (sends) {
      e.preventDefault();
      void send();
    }
  };
  const words = wordCount(body.value);
  const maxWords = rule?.max_words_per_send ?? null;
  const left = emptyVariables(`${channel === "email" ? subject.value : ""}\n${body.value}`);
  const sms = channel === "sms" ? smsCount(body.value) : null;
  const err = (name: string) => `err-${name}-${c.id}`;
  // The server's warning that variables are left: answered here, never a dead end.
  const unfilledWarning = refusal !== null && refusal.field === "unfilled_ok" && !completing;

  return (
    <form
      noValidate
      class={`composer ch-${channel}`}
      aria-label={t("desk.composer")}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div class="comp-row" key="row">
        <label>
          {t("candidate.channel")}{" "}
          <select
            value={channel}
            onChange={(e) => desk.drafts.set(`via:${c.id}`, e.currentTarget.value, c.id)}
          >
            {CHANNELS.map((ch) => (
              <option key={ch} value={ch}>
                {t(`channel.${ch}`)}
              </option>
            ))}
          </select>
        </label>
        {other ? (
          <label class="grow">
            {t("candidate.justification")}{" "}
            <input
              type="text"
              class="why"
              value={why.value}
              onInput={(e) => desk.drafts.set(`why:${c.id}`, e.currentTarget.value, c.id)}
              onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
              {...invalid(refusal, "justification", err("why"))}
            />
          </label>
        ) : null}
        {templates.length ? (
          <span class="templates">
            <label>
              {t("desk.template")}{" "}
              <select value={chosen.value} onChange={(e) => desk.drafts.set(`template:${c.id}`, e.currentTarget.value, c.id)}>
                <option value="">—</option>
                {templates.map((tp) => (
                  <option key={tp.id} value={tp.id}>
                    {tp.title}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              disabled={!chosen.value}
              onClick={() => {
                const tp = templates.find((x) => x.id === chosen.value);
                if (!tp) return;
                const text = fillTemplate(tp.body.trim(), templateValues(desk, c));
                desk.drafts.set(`reply:${c.id}`, body.value ? `${body.value}\n\n${text}` : text, c.id);
              }}
            >
              {t("desk.insert")}
            </button>
          </span>
        ) : null}
      </div>
      {channel === "email" ? (
        <div class="comp-mail" key="mail">
          <div class="comp-subject">
            <label>
              {t("candidate.subject")}{" "}
              <input
                type="text"
                value={subject.value}
                onInput={(e) => desk.drafts.set(`subject:${c.id}`, e.currentTarget.value, c.id)}
                {...invalid(refusal, "subject", err("subject"))}
              />
            </label>
            <FieldError refusal={refusal} name="subject" id={err("subject")} />
          </div>
          <Enclosures c={c} />
        </div>
      ) : null}
      <label class="comp-body" key="body">
        <span class="sr-only">{t("candidate.reply_placeholder")}</span>
        <textarea
          id="reply"
          rows={channel === "email" ? 5 : 2}
          placeholder={channel === "phone" ? t("desk.say") : t("candidate.reply_placeholder")}
          value={body.value}
          onInput={(e) => desk.drafts.set(`reply:${c.id}`, e.currentTarget.value, c.id)}
          onKeyDown={onKey}
          aria-keyshortcuts="Control+Enter"
          ref={bodyBox}
          {...invalid(refusal, "text", err("text"))}
          {...(unfilledWarning ? invalid(refusal, "unfilled_ok", err("unfilled")) : {})}
        />
      </label>
      <FieldError key="text-error" refusal={refusal} name="text" id={err("text")} />
      {unfilledWarning ? (
        <div class="warning unfilled" role="alert" key="unfilled" id={err("unfilled")}>
          <p>
            <Highlighted text={refusal.reason ?? ""} />
          </p>
          <button
            type="button"
            onClick={() => {
              setCompleting(true);
              bodyBox.current?.focus();
            }}
          >
            {t("desk.unfilled_complete")}
          </button>{" "}
          <button type="button" class="primary" disabled={!active} onClick={() => void send(true)}>
            {t("desk.unfilled_send_anyway")}
          </button>
        </div>
      ) : null}
      {left.length ? (
        <p class="to-fill" key="fill">
          {t("desk.to_fill")} <Highlighted text={left.map((v) => `{{ ${v} }}`).join(" ")} />
        </p>
      ) : null}
      <div class="comp-foot" key="foot">
        <span class="counter" aria-live="polite">
          {sms !== null
            ? t(sms.outside.length ? "desk.sms_count_unicode" : "desk.sms_count", {
                n: sms.length,
                s: sms.segments,
                per: sms.perSegment,
                chars: sms.outside.join(" "),
              })
            : channel === "chat"
              ? t("desk.words", { n: words })
              : t("desk.chars", { n: body.value.length })}
        </span>
        {desk.mode === "training" && channel === "chat" && maxWords !== null && words > maxWords ? (
          <span class="hint coach">{t("desk.hint_words", { max: maxWords })}</span>
        ) : null}
        <span class="keys">{channel === "email" ? t("desk.ctrl_enter") : t("desk.enter_sends")}</span>
        <button type="submit" class="primary" disabled={!active}>
          {channel === "phone" ? t("desk.say_button") : t("candidate.send")}
        </button>
      </div>
      <FieldError key="why-error" refusal={refusal} name="justification" id={err("why")} />
      <Refused key="refusal" refusal={refusal} shown={["subject", "text", "justification", "unfilled_ok"]} />
    </form>
  );
}
