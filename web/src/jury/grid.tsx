// The grid as each jury member grades it alone: per criterion the automatic proposal with
// its evidence, the member's decision and comment; then the hand-in. Once both have handed in,
// the grading is revealed (./reveal.tsx).

import type { CriterionRow } from "./api";
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
  const decide = (decision: string, text = comment) =>
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

export function GradingPanel() {
  const jury = useJury();
  const { t, errors } = jury;
  const g = jury.grading.value;
  if (!g) return <p>…</p>;
  if (!g.criteria.length) return <p>{t("err.jury.no_grid")}</p>;
  const me = g.jury.find((j) => j.id === g.me);
  const submitted = Boolean(me?.submitted);
  const others = g.jury.filter((j) => j.id !== g.me);
  return (
    <div class="grading">
      <p class="phase" role="status">{t(`jr.phase.${g.phase}`)} {others.map((o) => <span key={o.id}> · {o.name} : {t(o.submitted ? "jr.handed_in" : "jr.not_handed_in")}</span>)}</p>
      {!g.revealed ? (
        <>
          <table class="criteria">
            <thead><tr><th>{t("jury.reference")}</th><th>{t("jury.criterion")}</th><th>{t("jury.proposal")}</th><th>{t("jr.my_decision")}</th><th>{t("jr.comment")}</th></tr></thead>
            <tbody>{g.criteria.map((row) => <OwnRow row={row} frozen={submitted} key={row.id} />)}</tbody>
          </table>
          {!submitted ? <button type="button" onClick={() => void send(jury, "submit", "submit", {})}>{t("jr.submit")}</button> : <p>{t("jr.waiting_other")}</p>}
          {errors.value.submit ? <p class="error" role="alert">{errors.value.submit}</p> : null}
        </>
      ) : (
        <>
          <Outcome g={g} />
          <Reveal g={g} />
          <Sign g={g} />
        </>
      )}
    </div>
  );
}
