// An action and its refusal, shown next to where it was asked, in the page's language: the
// reason only, in words; the field it names (`text`, `start`) is for placing it, never read.

import { useState } from "preact/hooks";
import type { ActionData, ActionType } from "../generated/protocol";
import type { Refusal } from "../net/messages";
import { useDesk } from "./model";

type Run = <K extends ActionType>(type: K, data: ActionData<K>) => Promise<boolean>;

/** An action with its refusal kept for display; `run.seqs` holds the last accepted one's seqs. */
export function useAction(): [Refusal | null, Run & { seqs: readonly number[] }] {
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
    { seqs: [] as readonly number[] },
  );
  return [refusal, run];
}

export function Refused({ refusal }: { refusal: Refusal | null }) {
  const { t } = useDesk();
  if (refusal === null) return null;
  return (
    <p class="refusal" role="alert">
      {t("candidate.refused")} : {refusal.reason ?? ""}
    </p>
  );
}
