// Reconciling a disagreement takes both members: one proposes a decision with its reason, the
// other accepts it or answers with a proposal of their own. The final column of the side-by-side
// table shows where each disagreement stands and the controls the member has on it.

import { useState } from "preact/hooks";
import type { CriterionRow, Grading } from "./api";
import { type Decision, DecisionRadios, verdictText } from "./fields";
import { send, useJury } from "./model";

function Propose({ row }: { row: CriterionRow }) {
  const jury = useJury();
  const { t, errors } = jury;
  const [decision, setDecision] = useState<Decision | "">("");
  const [comment, setComment] = useState("");
  const key = `propose:${row.id}`;
  const label = { ref: row.reference, id: row.id };
  return (
    <form class="reconcile" onSubmit={(e) => {
      e.preventDefault();
      if (decision === "") return;
      void send(jury, key, "propose", { criterion_id: row.id, decision, comment });
    }}>
      <DecisionRadios name={`p-${row.id}`} value={decision} onPick={setDecision} label={t("jr.propose_of", label)} />
      <textarea rows={2} aria-label={t("jr.propose_comment_of", label)} value={comment}
        onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      <button type="submit">{t("jr.propose")}</button>
      {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
    </form>
  );
}

/** Who a member is, by name. */
export const nameOf = (g: Grading, id: string) => g.jury.find((j) => j.id === id)?.name ?? id;

/** A disagreement as it stands: the proposal on the table, accepting it, answering it. */
export function Reconcile({ g, row }: { g: Grading; row: CriterionRow }) {
  const jury = useJury();
  const { t, errors } = jury;
  const standing = row.standing;
  const key = `agree:${row.id}`;
  if (!standing) return <Propose row={row} />;
  const mine = standing.by === g.me;
  const waiting = g.jury.filter((j) => j.id !== standing.by && !standing.agreed.includes(j.id));
  return (
    <div class="standing">
      <p>{t("jr.standing", { by: nameOf(g, standing.by), decision: verdictText(t, standing.decision), comment: standing.comment })}</p>
      {mine ? <p class="note">{t("jr.waiting_agreement", { names: waiting.map((j) => j.name).join(", ") })}</p> : null}
      {!mine && !standing.agreed.includes(g.me) ? (
        <>
          <button type="button" class="primary" onClick={() => void send(jury, key, "agree", {
            criterion_id: row.id, decision: standing.decision, proposed_by: standing.by,
          })}>{t("jr.agree")}</button>
          {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
          <p class="note">{t("jr.answer")}</p>
          <Propose row={row} />
        </>
      ) : null}
    </div>
  );
}
