// A form field bound to a draft (typed text survives re-renders, reloads and the language
// switch) that shows, right under it, the refusal naming it.

import type { Refusal } from "../net/messages";
import { useDesk } from "./model";
import { FieldError, invalid } from "./refusal";

type Kind = "text" | "tel" | "email" | "date";

export interface FieldProps {
  /** The draft it is kept in. */
  readonly field: string;
  readonly label: string;
  readonly type?: Kind | undefined;
  readonly area?: boolean;
  /** The name the server's refusals give it ("phone", "fields.email"…). */
  readonly name?: string;
  readonly refusal?: Refusal | null;
  readonly contactId?: string | undefined;
  /** Shown but not sent (its draft kept): a box beside it says there is nothing to type. */
  readonly disabled?: boolean;
}

export function Field({ field, label, type = "text", area = false, name = "", refusal = null, contactId, disabled = false }: FieldProps) {
  const desk = useDesk();
  const value = desk.drafts.get(field);
  const errorId = `err-${field.replace(/[^\w-]/g, "-")}`;
  const aria = name ? invalid(refusal, name, errorId) : {};
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    desk.drafts.set(field, e.currentTarget.value, contactId);
  // The cast picks one member of preact's per-type input props: the union is not one of them.
  const kind = { type } as { type: "text" };
  // The reason sits beside the label, not in it: the field keeps its own accessible name.
  return (
    <div class="field">
      <label>
        {label}
        {area ? (
          <textarea rows={3} value={value.value} onInput={onInput} disabled={disabled} {...aria} />
        ) : (
          <input {...kind} value={value.value} onInput={onInput} disabled={disabled} {...aria} />
        )}
      </label>
      {name ? <FieldError refusal={refusal} name={name} id={errorId} /> : null}
    </div>
  );
}
