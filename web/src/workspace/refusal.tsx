// An action and its refusal, shown where it was asked, in the page's language: next to the
// field it names when the form shows that field (issue 22: « checked where the candidate
// types them »), else under the form. Nothing typed is touched: the fields are drafts. Only
// the reason is read: the field's name (`text`, `start`) places it, it is never shown.

import { useState } from "preact/hooks";
import type { ActionData, ActionType } from "../generated/protocol";
import type { Refusal } from "../net/messages";
import { useDesk } from "./model";

type Run = <K extends ActionType>(type: K, data: ActionData<K>) => Promise<boolean>;
interface RunExtras {
  /** The seqs the last accepted action appended. */
  seqs: readonly number[];
  /** A refusal made here, before asking the server (a field the server never sees). */
  refuse(field: string, reason: string): void;
}

/** An action with its refusal kept for display. */
export function useAction(): [Refusal | null, Run & RunExtras] {
  const desk = useDesk();
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const run = Object.assign(
    async <K extends ActionType>(type: K, data: ActionData<K>) => {
      if (desk.act === null) return false;
      const reply = await desk.act(type, data);
      setRefusal(reply.ok ? null : reply.error);
      if (reply.ok) run.seqs = "seq" in reply ? reply.seq : [];
      return reply.ok;
    },
    {
      seqs: [] as readonly number[],
      refuse: (field: string, reason: string) => setRefusal({ field, reason }),
    },
  );
  return [refusal, run];
}

/** The attributes that tie a field to the refusal naming it (`name` as the server calls it). */
export function invalid(refusal: Refusal | null, name: string, id: string) {
  const mine = refusal !== null && refusal.field === name;
  return mine ? { "aria-invalid": true as const, "aria-describedby": id } : {};
}

/** The refusal's reason beside the field it names. */
export function FieldError({ refusal, name, id }: { refusal: Refusal | null; name: string; id: string }) {
  if (refusal === null || refusal.field !== name) return null;
  return (
    <span class="field-error" id={id} role="alert">
      {refusal.reason}
    </span>
  );
}

/** A refusal the form shows no field for, under the form. */
export function Refused({ refusal, shown = [] }: { refusal: Refusal | null; shown?: readonly string[] }) {
  const { t } = useDesk();
  if (refusal === null || shown.includes(refusal.field)) return null;
  return (
    <p class="refusal" role="alert">
      {t("candidate.refused")} : {refusal.reason ?? ""}
    </p>
  );
}
