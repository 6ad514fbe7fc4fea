// The interview after the observation: the questions drawn from the evidence, each asked once
// (it names every criterion it serves) and each with a field for the member's note of the
// candidate's answer; the notes go to the grading stream, then on the result sheet.

import type { Grading } from "./api";
import { useTyped } from "./fields";
import { send, useJury } from "./model";
import { nameOf } from "./reconcile";
import { Moment } from "./timeline";

type Question = Grading["questions"][number];

function Asked({ g, q, n }: { g: Grading; q: Question; n: number }) {
  const jury = useJury();
  const { t, errors } = jury;
  const [note, setNote] = useTyped(q.note);
  const key = `note:${q.id}`;
  const frozen = g.signatures.length > 0 || g.record.locked || g.status !== null;
  const label = t("jr.note_of", { n });
  return (
    <li id={`question-${n}`}>
      <p>{q.text} {q.seq ? <Moment e={{ seq: q.seq, sim: 0, clock: q.clock, note: "" }} label={t("jr.see_moment")} /> : null}</p>
      <p class="note">{t("jr.serves", { refs: q.references.join(", ") })}</p>
      {frozen ? (q.note ? <blockquote>{q.note}</blockquote> : null) : (
        <form class="answer-note" onSubmit={(e) => {
          e.preventDefault();
          void send(jury, key, "note", { question_id: q.id, question: q.text, note });
        }}>
          <textarea rows={2} aria-label={label} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
          <button type="submit">{t("jr.save_note")}</button>
          {q.note && q.note === note ? <span class="saved" role="status">{t("jr.note_saved")}</span> : null}
          {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
        </form>
      )}
      {q.others?.some((o) => o.note) ? (
        <div class="others-notes"><strong>{t("jr.notes_of_others")}</strong>
          {q.others.filter((o) => o.note).map((o) => <p key={o.jury_id}>{nameOf(g, o.jury_id)} : {o.note}</p>)}
        </div>
      ) : null}
    </li>
  );
}

export function Interview() {
  const { grading } = useJury();
  const g = grading.value;
  if (!g) return null;
  return <ol class="questions">{g.questions.map((q, n) => <Asked key={q.id} g={g} q={q} n={n + 1} />)}</ol>;
}
