// The jury's page: the replay on the left (candidate picker, controls, timeline, desk), the
// review on the right in three tabs: the grid and its grading (./grid.tsx), the measures with
// their evidence, the interview questions drawn from the evidence (./interview.tsx).

import { Desk } from "./desk";
import { GradingPanel } from "./grid";
import { Interview } from "./interview";
import { type Tab, useJury } from "./model";
import { Controls, Moment, Timeline } from "./timeline";

function Measures() {
  const { t, measures } = useJury();
  return (
    <table class="measures">
      <thead><tr><th>{t("jury.measure")}</th><th>{t("jury.value")}</th><th>{t("jury.verdict")}</th><th>{t("jury.evidence")}</th></tr></thead>
      <tbody>{measures.value.map((m) => (
        <tr key={m.id} id={`measure-${m.id}`}>
          <td>{m.label}</td>
          <td>{m.value}{m.detail ? <small> ({m.detail})</small> : null}</td>
          <td class={m.passed === null ? "undecided" : m.passed ? "passed" : "failed"}>{t(m.passed === null ? "jury.undecided" : m.passed ? "jury.passed" : "jury.failed")}</td>
          <td>{m.evidence.map((e) => <Moment e={e} key={e.seq} />)}</td>
        </tr>
      ))}</tbody>
    </table>
  );
}

/** Another candidate of the exam: the page again, on them. */
function CandidatePicker() {
  const { t, boot } = useJury();
  const pick = (candidate: string) => {
    const url = new URL(location.href);
    url.searchParams.set("candidate", candidate);
    location.href = url.toString();
  };
  return (
    <nav class="pick">
      <label>{t("role.candidate")}{" "}
        <select onChange={(e) => pick((e.target as HTMLSelectElement).value)}>
          {boot.candidates.map((c) => <option value={c.id} selected={c.id === boot.candidate}>{c.name} · n° {c.number}</option>)}
        </select>
      </label>
    </nav>
  );
}

const TABS: readonly Tab[] = ["grid", "measures", "interview"];

/** A read of the page refused or failed, said until one goes through (./model.ts). */
function ReadProblem() {
  const { errors } = useJury();
  return errors.value.read ? <p class="error read-problem" role="alert">{errors.value.read}</p> : null;
}

export function App() {
  const { t, tab } = useJury();
  return (
    <div class="jury">
      <section id="replay" class="replay" aria-label={t("jr.replay")}>
        <CandidatePicker />
        <Controls />
        <Timeline />
        <Desk />
      </section>
      <section class="review">
        <ReadProblem />
        <div role="tablist" aria-label={t("jr.review")}>
          {TABS.map((k) => (
            <button type="button" role="tab" id={`jr-tab-${k}`} aria-controls="jr-panel" aria-selected={tab.value === k} onClick={() => { tab.value = k; }}>{t(`jr.tab.${k}`)}</button>
          ))}
        </div>
        <div role="tabpanel" id="jr-panel" aria-labelledby={`jr-tab-${tab.value}`}>
          {tab.value === "grid" ? <GradingPanel /> : tab.value === "measures" ? <Measures /> : <Interview />}
        </div>
      </section>
    </div>
  );
}
