// The grid as each jury member grades it alone: per criterion the automatic proposal with
// its evidence, the member's decision and comment; then the hand-in. Once both have handed in,
// the grading is revealed (./reveal.tsx).

import { useState } from "preact/hooks";
import type { CriterionRow, Grading } from "./api";
import { Errata, RecordBanner } from "./errata";
import { type Decision, DecisionRadios, useTyped, verdictText } from "./fields";
import { send, useJury } from "./model";
import { Outcome, Reveal, Sign } from "./reveal";
import { Moment } from "./timeline";

function OwnRow({ row, frozen }: { row: CriterionRow; frozen: boolean }) {
  const jury = useJury();
  const { t, picked, errors } = jury;
  const key = `decide:${row.id}`;
  const [comment, setComment] = useTyped(row.mine?.comment ?? "");
  const chosen = picked.value[row.id] ?? row.mine?.decision;
  const decide = (decision: Decision, text = comment) =>
    void send(jury, key, "decide", { criterion_id: row.id, decision, comment: text });
  const pick = (d: Decision) => {
    picked.value = { ...picked.value, [row.id]: d };
    decide(d);
  };
  const label = { ref: row.reference, id: row.id };
  return (
    <tr id={`criterion-${row.id}`}>
      <td>{row.reference}</td>
      <td>{row.label}</td>
      <td class={`verdict ${row.proposal}`}>{t(`verdict.${row.proposal}`)}<div>{row.evidence.slice(0, 4).map((e) => <Moment e={e} key={e.seq} label={e.clock} />)}</div></td>
      <td>
        {frozen ? verdictText(t, row.mine?.decision) : <DecisionRadios name={`d-${row.id}`} value={chosen} onPick={pick} label={t("jr.decision_of", label)} />}
      </td>
      <td>
        {frozen ? row.mine?.comment : (
          <textarea id={`comment-${row.id}`} rows={2} aria-label={t("jr.comment_of", label)} value={comment}
            onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)}
            onChange={(e) => { if (chosen) decide(chosen, (e.target as HTMLTextAreaElement).value); }} />
        )}
        {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
      </td>
    </tr>
  );
}

/** Handing in freezes the grading: the member confirms, told what is frozen, first. */
function HandIn({ g }: { g: Grading }) {
  const jury = useJury();
  const { t, errors } = jury;
  const [asking, setAsking] = useState(false);
  const decided = g.criteria.filter((row) => row.mine).length;
  return (
    <div class="hand-in">
      {!g.attempt.ended ? <p class="note">{t("jr.attempt_running")}</p> : null}
      {asking ? (
        <div role="alertdialog" aria-labelledby="hand-in-ask" class="confirm">
          <p id="hand-in-ask">{t("jr.submit_confirm", { count: decided })}</p>
          <button type="button" class="primary" onClick={() => { setAsking(false); void send(jury, "submit", "submit", {}); }}>{t("jr.submit_yes")}</button>
          <button type="button" onClick={() => setAsking(false)}>{t("jr.cancel")}</button>
        </div>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>{t("jr.submit")}</button>
      )}
      {errors.value.submit ? <p class="error" role="alert">{errors.value.submit}</p> : null}
    </div>
  );
}

export function GradingPanel() {
  const jury = useJury();
  const { t } = jury;
  const g = jury.grading.value;
  if (!g) return <p>…</p>;
  if (!g.criteria.length) return <p>{t("err.jury.no_grid")}</p>;
  const me = g.jury.find((j) => j.id === g.me);
  const submitted = Boolean(me?.submitted);
  const others = g.jury.filter((j) => j.id !== g.me);
  const status = g.status;
  return (
    <div class="grading">
      <RecordBanner g={g} />
      {status ? (
        <p class="status" role="status">{t("jr.status", { name: g.candidate.name, status: t(`doc.status.${status.status}`), reason: status.reason })}</p>
      ) : (
        <p class="phase" role="status">{t(`jr.phase.${g.phase}`)} {others.map((o) => <span key={o.id}> · {o.name} : {t(o.submitted ? "jr.handed_in" : "jr.not_handed_in")}</span>)}</p>
      )}
      {!g.revealed ? (
        <>
          <table class="criteria">
            <thead><tr><th>{t("jury.reference")}</th><th>{t("jury.criterion")}</th><th>{t("jury.proposal")}</th><th>{t("jr.my_decision")}</th><th>{t("jr.comment")}</th></tr></thead>
            <tbody>{g.criteria.map((row) => <OwnRow row={row} frozen={submitted || status !== null || g.record.locked} key={row.id} />)}</tbody>
          </table>
          {status !== null || g.record.locked ? null : !submitted ? <HandIn g={g} /> : <p>{t("jr.waiting_other")}</p>}
        </>
      ) : (
        <>
          <Outcome g={g} />
          <Reveal g={g} />
          <Sign g={g} />
        </>
      )}
      <Errata g={g} />
    </div>
  );
}
