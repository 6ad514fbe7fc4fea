// The composer of the selected contact, shaped by the channel it replies on:
// - chat: a live word count per send (CQP C.1.9: 4–5 mots par envoi), Enter sends;
// - e-mail: subject, a multi-line body (Enter is a new line; Ctrl+Enter or the button sends)
//   and the deck's templates, their variables filled from the CRM record open and
//   highlighted where still empty;
// - SMS: characters and 160-character segments;
// - phone: the typed conversation, Enter says the line.
// Replying on another channel asks for a one-line justification (the server refuses without);
// while the customer is on an outbound call, the box is on the phone, and no justification is
// asked line after line. An e-mail takes copies and attachments (./documents.tsx).
//
// Every field is a draft: bound to a signal, saved as typed, so an arriving event re-renders
// around it without touching its value or caret.

import type { ContactView } from "./reducer";
import { own } from "./reducer";
import { customerCall } from "./calls";
import { clearEnclosures, Enclosures, enclosures } from "./documents";
import { type Desk, useDesk } from "./model";
import { Refused, useAction } from "./refusal";
import { emptyVariables, fillTemplate, smsSegments, withEnglishNames, wordCount } from "./text";

const CHANNELS = ["chat", "email", "sms", "phone"] as const;

function recordFields(desk: Desk, id: string | null): Record<string, string> {
  if (id === null) return {};
  const base = desk.dossier.crm.find((r) => r.id === id);
  const fields: Record<string, string> = base
    ? {
        last_name: base.last_name,
        first_name: base.first_name,
        principal: base.principal,
        phone: base.phone,
        email: base.email,
      }
    : {};
  return { ...fields, ...(own(desk.state.value.records, id) ?? {}) };
}

/** Values of the deck's template variables known now, from the record, contact and agenda. */
export function templateValues(desk: Desk, c: ContactView): Record<string, string> {
  const rec = recordFields(desk, desk.record.value);
  const principal = desk.dossier.principals.find((p) => p.id === rec["principal"]);
  const booking = [...desk.state.value.bookings]
    .reverse()
    .find((b) => b.contact_id === c.id || (desk.record.value !== null && b.record_id === desk.record.value));
  const [day, time] = (booking?.start ?? "").split("T");
  const fr = desk.lang === "fr";
  const dateOf = (iso: string) => {
    const [y, m, d] = iso.split("-").map(Number);
    return iso ? new Date(y ?? 0, (m ?? 1) - 1, d ?? 1).toLocaleDateString(fr ? "fr-FR" : "en-GB", { day: "numeric", month: "long", year: "numeric" }) : "";
  };
  return withEnglishNames({
    "client.nom": rec["last_name"] ?? "",
    "client.prenom": rec["first_name"] ?? "",
    "client.civilite": rec["civilite"] ?? rec["title"] ?? "",
    "client.email": rec["email"] ?? "",
    "client.telephone": rec["phone"] ?? "",
    "donneur.nom": principal?.name ?? "",
    "agent.nom": desk.agent,
    date: dateOf(desk.dossier.today),
    objet: c.subject,
    "rdv.date": day ? dateOf(day) : "",
    "rdv.heure": time ? time.replace(":", fr ? " h " : ":") : "",
  });
}

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
  const inbound = c.channel;
  const natural = dossier.reply_by[inbound] ?? inbound;
  // On a call with the customer, the talk is on the phone: its natural channel then.
  const onCall = customerCall(desk, c) !== undefined;
  const via = desk.drafts.get(`via:${c.id}`);
  const channel = (via.value || (onCall ? "phone" : natural)) as (typeof CHANNELS)[number];
  const body = desk.drafts.get(`reply:${c.id}`);
  const subject = desk.drafts.get(`subject:${c.id}`);
  const why = desk.drafts.get(`why:${c.id}`);
  const other = channel !== inbound && channel !== natural && !(onCall && channel === "phone");
  const rule = dossier.channels[channel];
  const active = c.status === "active" && desk.state.value.status === "running";
  const templates = dossier.templates.filter((tp) => tp.channel === channel);
  const chosen = desk.drafts.get(`template:${c.id}`);

  const send = async () => {
    // An empty text goes to the server too: its refusal says why, in the page's language.
    const mail = channel === "email" ? enclosures(desk, c) : { cc: [], attachments: [] };
    const ok = await run("send", {
      contact_id: c.id,
      text: body.value,
      ...(channel !== natural ? { channel } : {}),
      ...(other ? { justification: why.value } : {}),
      ...(channel === "email" && subject.value ? { subject: subject.value } : {}),
      ...(mail.cc.length ? { cc: mail.cc } : {}),
      ...(mail.attachments.length ? { attachments: mail.attachments } : {}),
    });
    if (ok) {
      desk.drafts.clear(`reply:${c.id}`, `subject:${c.id}`, `why:${c.id}`);
      if (channel === "email") clearEnclosures(desk, c);
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
  const left = emptyVariables(body.value);

  return (
    <form
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
              required
              value={why.value}
              onInput={(e) => desk.drafts.set(`why:${c.id}`, e.currentTarget.value, c.id)}
              onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
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
          <label class="comp-subject">
            {t("candidate.subject")}{" "}
            <input
              type="text"
              value={subject.value}
              placeholder={c.subject ? `RE: ${c.subject}` : ""}
              onInput={(e) => desk.drafts.set(`subject:${c.id}`, e.currentTarget.value, c.id)}
            />
          </label>
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
        />
      </label>
      {left.length ? (
        <p class="to-fill" key="fill">
          {t("desk.to_fill")} <Highlighted text={left.map((v) => `{{ ${v} }}`).join(" ")} />
        </p>
      ) : null}
      <div class="comp-foot" key="foot">
        <span class="counter" aria-live="polite">
          {channel === "sms"
            ? t("desk.sms_count", { n: body.value.length, s: smsSegments(body.value, rule?.max_characters ?? 160) })
            : channel === "chat"
              ? t("desk.words", { n: words })
              : t("desk.chars", { n: body.value.length })}
        </span>
        {desk.mode === "training" && channel === "chat" && maxWords !== null && words > maxWords ? (
          <span class="hint coach">{t("desk.hint_words", { min: maxWords - 1, max: maxWords })}</span>
        ) : null}
        <span class="keys">{channel === "email" ? t("desk.ctrl_enter") : t("desk.enter_sends")}</span>
        <button type="submit" class="primary" disabled={!active}>
          {channel === "phone" ? t("desk.say_button") : t("candidate.send")}
        </button>
      </div>
      <Refused key="refusal" refusal={refusal} />
    </form>
  );
}
