// Beside the drilled candidate's mirror: the trainer's hands on each open contact (take the
// customer over, speak as them, hand back) and the back-office operations in the scenario's time.

import { useState } from "preact/hooks";
import type { ContactView, WorkspaceState } from "../workspace/reducer";
import { clockText, scenarioDate } from "../workspace/text";
import { MoodChip } from "./card";
import { say, useBoard } from "./model";
import { MOOD_NAMES, moodStep } from "./summary";

export function ContactPanel({ who, contact }: { who: string; contact: ContactView }) {
  const board = useBoard();
  const { t } = board;
  const [text, setText] = useState("");
  const target = { contact_id: contact.id };
  const mood = contact.moods.length ? contact.moods[contact.moods.length - 1]!.mood : 0;
  const open = contact.status === "offered" || contact.status === "active" || contact.status === "held";
  const step = moodStep(mood);
  const lastSaid = [...contact.lines].reverse().find((l) => l.actor !== "candidate");
  return (
    <section class={`contact${contact.taken_over ? " taken" : ""}`} data-contact={contact.id}>
      <header>
        <strong>{contact.customer}</strong> · {t(`channel.${contact.channel}`)} · {t(`board.contact.${contact.status}`)}
        {contact.subject ? ` · ${contact.subject}` : ""}
        <MoodChip mood={step} label={t(`mood.${MOOD_NAMES[step]}`)} />
        {contact.taken_over ? <span class="badge taken-over">{t("board.taken_over")}</span> : null}
        {contact.escalations.length ? <span class="badge bad">{t(`board.escalation.${contact.escalations[contact.escalations.length - 1]!.level}`)}</span> : null}
      </header>
      {contact.taken_over && lastSaid ? (
        <p class="last-said">
          <span class="actor">{t(`actor.${lastSaid.actor}`)}</span> {lastSaid.text}
        </p>
      ) : null}
      {open ? (
        <div class="hands">
          {contact.taken_over ? (
            <form
              onSubmit={async (e) => {
                e.preventDefault();
                const reply = await board.act(who, "say", { ...target, text });
                say(board, reply);
                if (reply.ok) setText("");
              }}
            >
              <input
                type="text"
                value={text}
                aria-label={t("board.say_as", { customer: contact.customer })}
                placeholder={t("board.say_as", { customer: contact.customer })}
                onInput={(e) => setText((e.target as HTMLInputElement).value)}
              />
              <button type="submit">{t("trainer.say")}</button>
              <button type="button" onClick={async () => say(board, await board.act(who, "hand_back", target))}>
                {t("trainer.hand_back")}
              </button>
            </form>
          ) : (
            <button type="button" onClick={async () => say(board, await board.act(who, "take_over", target))}>
              {t("board.take_over", { customer: contact.customer })}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** An operation's payload in one line: its texts and fields, ids left out. */
function detail(payload: unknown): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries((payload ?? {}) as Record<string, unknown>)) {
    if (key.endsWith("_id") || value === "" || value === null) continue;
    if (typeof value === "string") parts.push(value);
    else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) parts.push(`${k} : ${String(v)}`);
    }
  }
  const text = parts.join(" · ");
  return text.length > 180 ? `${text.slice(0, 179)}…` : text;
}

export function Operations({ state }: { state: WorkspaceState }) {
  const { boot, t } = useBoard();
  if (state.operations.length === 0) return null;
  // The scenario's clock, as the candidate's desk shows it (« 09:41:07 »).
  const clock = (sim: number) => clockText(scenarioDate(boot.workspace.today, boot.workspace.start_time, sim), boot.lang);
  return (
    <section class="backoffice">
      <h3>{t("board.backoffice")}</h3>
      <ol class="operations">
        {state.operations.map((op) => (
          <li>
            <time>{clock(op.at.sim)}</time> <strong>{t(`board.op.${op.kind}`)}</strong> {detail(op.payload)}
          </li>
        ))}
      </ol>
    </section>
  );
}
