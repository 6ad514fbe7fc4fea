// Ending and handing over a contact, as an agent desk does: closing (or hanging up) asks for a
// wrap-up code (« qualification », the deck's codes or the default list), a transferred contact
// too; any contact — a call, a chat, an e-mail — can be transferred to a supervisor or a
// principal's staff with a note for them; an internal note can be added to a contact, open or
// closed, and is never sent.

import { useState } from "preact/hooks";
import type { ContactView } from "./reducer";
import { handOver, StaffChoice } from "./calls";
import { type Desk, isOpen, useDesk } from "./model";
import { Refused, useAction } from "./refusal";

/** A wrap-up code's label: the deck's, else the catalog's for a default code. */
export function wrapUpLabel(desk: Desk, id: string): string {
  const code = desk.dossier.wrap_up_codes.find((w) => w.id === id);
  return code?.label || desk.t(`wrap_up.${id}`);
}

/** The wrap-up code, then the close: the contact ends with it. */
export function WrapUpForm({ c, onCancel }: { c: ContactView; onCancel: () => void }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const code = desk.drafts.get(`wrap:${c.id}`);
  return (
    <form
      class="wrap-up"
      aria-label={t("desk.wrap_up")}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run("close", { contact_id: c.id, wrap_up: code.value })) desk.drafts.clear(`wrap:${c.id}`);
      }}
    >
      <label>
        {t("desk.wrap_up_code")}{" "}
        <select required value={code.value} onChange={(e) => desk.drafts.set(`wrap:${c.id}`, e.currentTarget.value, c.id)}>
          <option value="">{t("desk.wrap_up_choose")}</option>
          {desk.dossier.wrap_up_codes.map((w) => (
            <option key={w.id} value={w.id}>
              {wrapUpLabel(desk, w.id)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="primary">
        {t("desk.wrap_up_confirm")}
      </button>
      <button type="button" onClick={onCancel}>
        {t("desk.cancel")}
      </button>
      <Refused refusal={refusal} />
    </form>
  );
}

/** « Clôturer » (« Raccrocher » on a call): asks for the wrap-up code first. A contact passed on
 * is closed too, with its code (« transfert »), as a desk takes it after a transfer: the caller
 * is already with someone else, so nothing is hung up. */
export function CloseButton({ c }: { c: ContactView }) {
  const desk = useDesk();
  const [asking, setAsking] = useState(false);
  const transferred = c.status === "transferred";
  if (!transferred && (!isOpen(c) || c.status === "offered")) return null;
  return asking ? (
    <WrapUpForm c={c} onCancel={() => setAsking(false)} />
  ) : (
    <button type="button" onClick={() => setAsking(true)}>
      {c.channel === "phone" && !transferred ? desk.t("desk.hang_up") : desk.t("candidate.close")}
    </button>
  );
}

/** Hand any contact over: to whom, with a note for them. */
export function TransferControl({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const note = desk.drafts.get(`transfer-note:${c.id}`);
  if (desk.act === null || (c.status !== "active" && c.status !== "held")) return null;
  return (
    <form
      class="transfer"
      onSubmit={(e) => {
        e.preventDefault();
        void handOver(desk, run, c);
      }}
    >
      <StaffChoice c={c} />
      <input
        type="text"
        aria-label={t("desk.transfer_note")}
        placeholder={t("desk.transfer_note")}
        value={note.value}
        onInput={(e) => desk.drafts.set(`transfer-note:${c.id}`, e.currentTarget.value, c.id)}
      />
      <button type="submit">{t("candidate.transfer")}</button>
      <Refused refusal={refusal} />
    </form>
  );
}

/** « Note interne »: a note for the team and the jury, on the contact, never sent. */
export function NoteForm({ c }: { c: ContactView }) {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [open, setOpen] = useState(false);
  const text = desk.drafts.get(`note:${c.id}`);
  if (desk.act === null) return null;
  if (!open) {
    return (
      <button type="button" class="note-toggle" aria-expanded="false" onClick={() => setOpen(true)}>
        {t("desk.note")}
      </button>
    );
  }
  return (
    <form
      class="note-form"
      aria-label={t("desk.note")}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run("note", { contact_id: c.id, text: text.value })) {
          desk.drafts.clear(`note:${c.id}`);
          setOpen(false);
        }
      }}
    >
      <label class="grow">
        {t("desk.note_text")}
        <textarea rows={2} value={text.value} onInput={(e) => desk.drafts.set(`note:${c.id}`, e.currentTarget.value, c.id)} />
      </label>
      <button type="submit">{t("desk.note_add")}</button>
      <button type="button" onClick={() => setOpen(false)}>
        {t("desk.cancel")}
      </button>
      <Refused refusal={refusal} />
    </form>
  );
}
