// The record as a whole once locked: when it was locked, and its errata. A correction after the
// lock is an erratum one member writes and signs, and every other member signs too; it stands
// only then. Nothing else changes a locked record.

import { useState } from "preact/hooks";
import type { Grading } from "./api";
import { when } from "./fields";
import { sendRecord, useJury } from "./model";
import { nameOf } from "./reconcile";

export function RecordBanner({ g }: { g: Grading }) {
  const { t, boot } = useJury();
  if (!g.record.locked) return null;
  return <p class="locked" role="status">{t("jr.record_locked", { at: when(boot, g.record.locked_at) })}</p>;
}

function Countersign({ number }: { number: number }) {
  const jury = useJury();
  const { t, errors } = jury;
  const [name, setName] = useState("");
  const key = `countersign:${number}`;
  return (
    <form class="countersign" onSubmit={(e) => {
      e.preventDefault();
      void sendRecord(jury, key, "countersign", { number, name });
    }}>
      <label>{t("jr.typed_name")} <input type="text" autoComplete="name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">{t("jr.erratum_sign", { number })}</button>
      {errors.value[key] ? <p class="error" role="alert">{errors.value[key]}</p> : null}
    </form>
  );
}

function Write() {
  const jury = useJury();
  const { t, boot, errors } = jury;
  const [text, setText] = useState("");
  const [about, setAbout] = useState(boot.candidate);
  const [name, setName] = useState("");
  return (
    <form class="erratum-new" onSubmit={async (e) => {
      e.preventDefault();
      if (await sendRecord(jury, "erratum", "erratum", { text, name, candidate_id: about })) setText("");
    }}>
      <label>{t("jr.erratum_text")} <textarea rows={3} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} /></label>
      <label>{t("jr.erratum_about")}{" "}
        <select value={about} onChange={(e) => setAbout((e.target as HTMLSelectElement).value)}>
          {boot.candidates.map((c) => <option key={c.id} value={c.id}>{c.name} · n° {c.number}</option>)}
          <option value="">{t("jr.erratum_record")}</option>
        </select>
      </label>
      <p class="note">{t("jr.sign_as", { name: boot.my_name })}</p>
      <label>{t("jr.typed_name")} <input type="text" autoComplete="name" value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} /></label>
      <button type="submit">{t("jr.erratum_write")}</button>
      {errors.value.erratum ? <p class="error" role="alert">{errors.value.erratum}</p> : null}
    </form>
  );
}

export function Errata({ g }: { g: Grading }) {
  const { t } = useJury();
  if (!g.record.locked) return null;
  return (
    <section class="errata" aria-labelledby="errata-title">
      <h3 id="errata-title">{t("jr.errata")}</h3>
      <ol>{g.record.errata.map((e) => {
        const signed = e.signatures.map((s) => nameOf(g, s.jury_id));
        const waiting = g.jury.filter((j) => !e.signatures.some((s) => s.jury_id === j.id));
        return (
          <li key={e.number} id={`erratum-${e.number}`}>
            <p>{e.text}</p>
            <p class="note">{t("jr.erratum_signed_by", { names: signed.join(", ") })} · {e.stands ? t("jr.erratum_stands") : t("jr.erratum_waiting", { names: waiting.map((j) => j.name).join(", ") })}</p>
            {waiting.some((j) => j.id === g.me) ? <Countersign number={e.number} /> : null}
          </li>
        );
      })}</ol>
      <Write />
    </section>
  );
}
