// Once both members handed in: the outcome, the two gradings side by side (disagreements
// first, as the server orders them) with the reconciliation of each disagreement
// (./reconcile.tsx) and a recommendation for each criterion not acquired, then the
// signatures and the documents.

import { useState } from "preact/hooks";
import type { CriterionRow, Grading } from "./api";
import { useTyped, verdictText, when } from "./fields";
import { send, useJury } from "./model";
import { nameOf, Reconcile } from "./reconcile";
import { Moment } from "./timeline";

export function Outcome({ g }: { g: Grading }) {
  const { t } = useJury();
  const o = g.outcome;
  if (!o) return null;
  const state = o.passed === null ? "pending" : o.passed ? "passed" : "failed";
  return (
    <section class={`outcome ${state}`} aria-label={t("doc.result")}>
      <p><strong>{t(`doc.${state}`)}</strong> — {o.reason}</p>
      <p><small>{t("doc.rule")} : {o.rule} ({t(`passrule.source.${o.source}`)}) — « {g.pass_rule_text} »</small></p>
      {o.retake.length ? <p>{t("doc.retake")} : {o.competences.filter((c) => o.retake.includes(c.id)).map((c) => c.label).join(" ; ")}</p> : null}
    </section>
  );
}

function Recommend({ row }: { row: CriterionRow }) {
  const jury = useJury();
  const { t, errors } = jury;
  const [text, setText] = useTyped(row.recommendation ?? "");
  const key = `rec:${row.id}`;
  return (
    <form class="recommend" onSubmit={(e) => {
      e.preventDefault();
      void send(jury, key, "recommend", { criterion_id: row.id, text });
    }}>
      <textarea rows={2} aria-label={t("jr.recommendation_of", { ref: row.reference, id: row.id })} value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
      <button type="submit">{t("jr.recommend")}</button>
      {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
    </form>
  );
}

export function Reveal({ g }: { g: Grading }) {
  const { t } = useJury();
  const other = g.jury.find((j) => j.id !== g.me);
  const open = g.phase === "reconciling" || g.phase === "signing";
  const editable = open && g.signatures.length === 0;
  return (
    <table class="side-by-side">
      <thead><tr><th>{t("jury.reference")}</th><th>{t("jury.criterion")}</th><th>{t("jury.proposal")}</th>
        <th>{t("jr.you")}</th><th>{other ? other.name : "—"}</th><th>{t("jr.final")}</th></tr></thead>
      <tbody>{g.criteria.map((row) => {
        const theirs = row.others?.[0];
        return (
          <tr key={row.id} id={`criterion-${row.id}`} class={row.disagreement ? "split" : ""}>
            <td>{row.reference}{row.disagreement ? <strong class="tag">{t("jr.disagreement")}</strong> : null}</td>
            <td>{row.label}</td>
            <td class={`verdict ${row.proposal}`}>{t(`verdict.${row.proposal}`)}<div>{row.evidence.slice(0, 3).map((e) => <Moment e={e} key={e.seq} label={e.clock} />)}</div></td>
            <td><span class={`verdict ${row.mine?.decision ?? ""}`}>{verdictText(t, row.mine?.decision)}</span><small>{row.mine?.comment}</small></td>
            <td><span class={`verdict ${theirs?.decision ?? ""}`}>{verdictText(t, theirs?.decision)}</span><small>{theirs?.comment}</small></td>
            <td>
              <span class={`verdict ${row.final?.decision ?? "open"}`}>{row.final?.decision ? verdictText(t, row.final.decision) : t("jr.to_reconcile")}</span>
              {row.final?.how === "reconciled" ? (
                <small>
                  {row.final.agreed_by.length ? t("jr.reconciled_by", { by: nameOf(g, row.final.proposed_by), agreed: row.final.agreed_by.map((j) => nameOf(g, j)).join(", ") }) : t("jr.reconciled")} : {row.final.comment}
                </small>
              ) : null}
              {editable && row.disagreement && !row.final?.decision ? <Reconcile g={g} row={row} /> : null}
              {row.final?.decision === "non_acquis" ? (
                editable ? <Recommend row={row} /> : <p><strong>{t("jr.recommendation")}</strong> {row.recommendation}</p>
              ) : null}
            </td>
          </tr>
        );
      })}</tbody>
    </table>
  );
}

export function Sign({ g }: { g: Grading }) {
  const jury = useJury();
  const { t, boot, errors } = jury;
  const [name, setName] = useState("");
  const mine = g.signatures.find((s) => s.jury_id === g.me);
  const docs = new URLSearchParams({ token: boot.token, candidate: boot.candidate, lang: boot.lang }).toString();
  return (
    <section class="sign" aria-label={t("doc.signatures")}>
      <h3>{t("doc.signatures")}</h3>
      <ul>{g.signatures.map((s) => (
        <li key={s.jury_id}>{nameOf(g, s.jury_id)} — {when(boot, s.at)} <small class="hash">{t("doc.log_hash")} : {s.log_hash}</small></li>
      ))}</ul>
      {g.phase === "signing" && !mine ? (
        <form onSubmit={(e) => {
          e.preventDefault();
          void send(jury, "sign", "sign", { sheet_hash: g.sheet_hash, name });
        }}>
          <p class="note">{t("jr.sign_as", { name: boot.my_name })}</p>
          <label>{t("jr.typed_name")} <input type="text" autoComplete="name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
          <button type="submit">{t("jr.sign")}</button>
        </form>
      ) : null}
      {errors.value.sign ? <p class="error" role="alert">{errors.value.sign}</p> : null}
      {g.phase === "locked" ? <p class="locked" role="status">{t("jr.locked")}</p> : null}
      {g.revealed ? (
        <p class="docs">
          <a href={`/jury/sheet?${docs}`}>{t("doc.sheet.title")}</a> · <a href={`/jury/sheet?${docs}&format=pdf`}>PDF</a> ·{" "}
          <a href={`/jury/record?${docs}`}>{t("doc.record.title")}</a> · <a href={`/jury/grading.csv?${docs}`}>CSV</a>
        </p>
      ) : null}
    </section>
  );
}
