// The jury's form fields: a decision's two radios, and a text field that holds what the
// member types (in state, never read back from the page).

import { useState } from "preact/hooks";
import { useJury } from "./model";

/**
 * A text field's value: what the server has until this member types, then what they typed
 * (a grading view read again never overwrites a field being typed in).
 */
export function useTyped(server: string): [string, (text: string) => void] {
  const [typed, setTyped] = useState<string | null>(null);
  return [typed ?? server, setTyped];
}

export type Decision = "acquis" | "non_acquis";
const DECISIONS: readonly Decision[] = ["acquis", "non_acquis"];

export function DecisionRadios(props: { name: string; value: string | undefined; onPick: (d: Decision) => void; label: string }) {
  const { t } = useJury();
  return (
    <span role="radiogroup" aria-label={props.label}>
      {DECISIONS.map((d) => (
        <label key={d}><input type="radio" name={props.name} value={d} checked={props.value === d} onChange={() => props.onPick(d)} /> {t(`verdict.${d}`)}</label>
      ))}
    </span>
  );
}

export const verdictText = (t: (key: string) => string, d: string | null | undefined) => (d ? t(`verdict.${d}`) : "—");

/** A wall-clock moment as the documents print it: the exam room's clock, the page's language. */
export function when(boot: { lang: string; time_zone: string }, at: number): string {
  return new Date(at * 1000).toLocaleString(boot.lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: boot.time_zone });
}
