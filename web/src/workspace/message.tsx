// A message for a principal (CQP C.1.8 « prendre des messages avec des coordonnées
// correctes »): for whom (the active contact's principal, then one of its people, chosen),
// from whom, how to call them back (a phone number, or the address they wrote from, or the
// box « Numéro non communiqué » when the caller left none: the field is then set aside, its
// text kept for when the box is unticked), what.
// The server refuses a missing or malformed field (omnisim/engine/entries.py), said here at
// the field; nothing typed is lost.

import { useState } from "preact/hooks";
import { activeContact, openContact } from "./active";
import { Field } from "./fields";
import { useDesk } from "./model";
import { FieldError, invalid, Refused, useAction } from "./refusal";

const FIELDS = ["msg:caller", "msg:phone", "msg:text", "msg:for", "msg:urgent", "msg:principal", "msg:no_number"];

export function MessageForm() {
  const desk = useDesk();
  const { t } = desk;
  const [refusal, run] = useAction();
  const [saved, setSaved] = useState("");
  const principal = desk.drafts.get("msg:principal");
  const forWhom = desk.drafts.get("msg:for");
  const urgent = desk.drafts.get("msg:urgent");
  const noNumber = desk.drafts.get("msg:no_number").value === "1";
  // Whom the message is for follows the contact being handled, unless chosen here.
  const contact = activeContact(desk);
  const chosenId = principal.value || contact?.principal || "";
  const chosen = desk.dossier.principals.find((p) => p.id === chosenId) ?? desk.dossier.principals[0];
  const people = chosen === undefined ? [] : chosen.staff.length ? chosen.staff : [{ id: chosen.id, name: chosen.name, role: "" }];
  return (
    <form
      noValidate
      class="message-form"
      aria-label={t("dossier.messages")}
      onSubmit={async (e) => {
        e.preventDefault();
        setSaved("");
        const ok = await run("take_message", {
          principal: chosen?.id ?? "",
          for_whom: forWhom.value,
          caller: desk.drafts.get("msg:caller").value,
          phone: noNumber ? "" : desk.drafts.get("msg:phone").value,
          text: desk.drafts.get("msg:text").value,
          urgent: urgent.value === "1",
          no_number: noNumber,
          contact_id: openContact(desk),
        });
        if (ok) {
          desk.drafts.clear(...FIELDS);
          setSaved(t("desk.message_saved"));
        }
      }}
    >
      <label>
        {t("dossier.principal")}
        <select
          value={chosen?.id ?? ""}
          onChange={(e) => {
            desk.drafts.set("msg:principal", e.currentTarget.value);
            desk.drafts.set("msg:for", "");
          }}
        >
          {desk.dossier.principals.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <div class="field">
        <label>
          {t("dossier.for_whom")}
          <select
            value={forWhom.value}
            onChange={(e) => desk.drafts.set("msg:for", e.currentTarget.value)}
            {...invalid(refusal, "for_whom", "err-msg-for")}
          >
            <option value="">{t("desk.choose_recipient")}</option>
            {people.map((s) => (
              <option key={s.id} value={s.id}>
                {s.role ? `${s.name} (${s.role})` : s.name}
              </option>
            ))}
          </select>
        </label>
        <FieldError refusal={refusal} name="for_whom" id="err-msg-for" />
      </div>
      <Field field="msg:caller" label={t("dossier.caller")} name="caller" refusal={refusal} />
      <Field field="msg:phone" label={t("desk.reach")} type="tel" name="phone" refusal={refusal} disabled={noNumber} />
      <label class="check">
        <input type="checkbox" checked={noNumber} onChange={(e) => desk.drafts.set("msg:no_number", e.currentTarget.checked ? "1" : "")} />
        {t("desk.no_number")}
      </label>
      <Field field="msg:text" label={t("dossier.message")} area name="text" refusal={refusal} />
      <label class="check">
        <input type="checkbox" checked={urgent.value === "1"} onChange={(e) => desk.drafts.set("msg:urgent", e.currentTarget.checked ? "1" : "")} />
        {t("desk.msg_urgent")}
      </label>
      <button type="submit">{t("dossier.take_message")}</button>
      {saved ? (
        <p class="ok" role="status">
          {saved}
        </p>
      ) : null}
      <Refused refusal={refusal} shown={["for_whom", "caller", "phone", "text"]} />
    </form>
  );
}
