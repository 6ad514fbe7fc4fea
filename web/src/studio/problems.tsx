// Problems said where they are: beside their field, and all together in a list whose
// entries take the trainer to the field (its section, its item, the control focused).

import { useStudio } from "./model";
import { placeOf } from "./labels";
import { formatPath, type Seg } from "./paths";

/** The problems of this path (and, for a list of lines, of each of its lines: « accepts[1] »),
 *  from the map of every problem by path. */
export function problemsAt(byPath: ReadonlyMap<string, readonly string[]>, path: readonly Seg[], lines = false): readonly string[] {
  const own = formatPath(path);
  if (!lines) return byPath.get(own) ?? [];
  return [...byPath].filter(([at]) => at === own || (at.startsWith(`${own}[`) && /^\[\d+\]$/.test(at.slice(own.length)))).flatMap(([, said]) => said);
}

/** The problems of this path, said beside the field (a list of lines: its lines' too); then
 *  its warnings, said as advice (the deck loads and plays). */
export function Problems(props: { readonly id: string; readonly path: readonly Seg[]; readonly lines?: boolean }) {
  const { byPath, warnedByPath } = useStudio();
  const found = problemsAt(byPath.value, props.path, props.lines);
  const warned = problemsAt(warnedByPath.value, props.path, props.lines);
  return (
    <>
      {found.length ? (
        <ul class="field-problems" id={props.id} role="alert">
          {found.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
      {warned.length ? (
        <ul class="field-warnings" id={`${props.id}-warnings`}>
          {warned.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/** Every problem of the deck, each a button that opens its field; then its warnings (the
 *  deck loads and plays, grading is weaker), after the problems as `omnisim deck check` says. */
export function ProblemList() {
  const studio = useStudio();
  const { t } = studio;
  const all = studio.problems.value;
  const warnings = studio.warnings.value;
  const items = (list: readonly { path: string; message: string }[]) => (
    <ol>
      {list.map((p) => (
        <li key={`${p.path}:${p.message}`}>
          <button type="button" class="link" onClick={() => studio.go(p.path)}>
            {placeOf(studio.t, studio.doc.value, p.path)}
          </button>{" "}
          {p.message}
        </li>
      ))}
    </ol>
  );
  const warned = warnings.length ? (
    <section class="warning-list" aria-labelledby="warning-list-title">
      <h2 id="warning-list-title">{t("studio.warnings", { count: warnings.length })}</h2>
      <p>{t("studio.warnings_hint")}</p>
      {items(warnings)}
    </section>
  ) : null;
  if (!all.length) {
    return (
      <>
        <p class="all-good">{t("studio.no_problem")}</p>
        {warned}
      </>
    );
  }
  return (
    <>
      <section class="problem-list" aria-labelledby="problem-list-title">
        <h2 id="problem-list-title">{t("studio.problems", { count: all.length })}</h2>
        {items(all)}
      </section>
      {warned}
    </>
  );
}
