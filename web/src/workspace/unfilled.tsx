// A letter or e-mail the candidate sent over the desk's warning that template variables were
// left (« Des variables ne sont pas remplies … Envoyer quand même ? », omnisim/engine/entries.py):
// on a staff reader's desk (the jury's replay, the board's mirror) the line says so and its
// `{{ … }}` are highlighted, for MC ACVD C3 « les variables correctes sont ajoutées aux
// emplacements prévus ». Never on the candidate's own desk or debrief (./model.ts Desk.staff).
//
// The text is rendered as text nodes and <mark> elements only: nothing a candidate typed runs.

import type { ComponentChildren } from "preact";
import type { Line } from "./reducer";

/** The same pattern as omnisim/engine/entries.py VARIABLE, which raised the warning. */
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The `{{ variables }}` still in `texts`, once each, in order, written as the warning wrote
 * them (`{{ client.adresse }}`; an empty one `{{ … }}`). */
export function unfilledIn(...texts: string[]): string[] {
  const found = texts.flatMap((text) => [...text.matchAll(VARIABLE)].map((m) => `{{ ${m[1] || "…"} }}`));
  return [...new Set(found)];
}

/** What a staff reader is told of a line sent over the warning; "" for any other line. */
export function unfilledNote(line: Line, t: (key: string, params?: Record<string, string>) => string): string {
  if (!line.unfilled_ok) return "";
  const left = unfilledIn(line.text);
  // The warning counted the e-mail's subject too, which the line does not keep.
  return left.length ? t("mirror.unfilled_sent", { variables: left.join(", ") }) : t("mirror.unfilled_in_subject");
}

/** `text` with each `{{ variable }}` in a <mark>, the rest as plain text. */
export function withVariables(text: string): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let from = 0;
  for (const m of text.matchAll(VARIABLE)) {
    const at = m.index ?? 0;
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark class="unfilled-var" key={at}>{m[0]}</mark>);
    from = at + m[0].length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** The mark on the line: visible, in words (read by a screen reader as it is shown). */
export function UnfilledMark({ note }: { note: string }) {
  return (
    <span class="unfilled-sent" role="note">
      <span aria-hidden="true">⚠ </span>
      {note}
    </span>
  );
}
