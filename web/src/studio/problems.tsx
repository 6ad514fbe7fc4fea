// Problems said where they are: beside their field, and all together in a list whose
// entries take the trainer to the field (its section, its item, the control focused).

import { useStudio } from "./model";
import { placeOf } from "./labels";
import { formatPath, type Seg } from "./paths";

/** The problems of exactly this path, said beside the field. */
export function Problems(props: { readonly id: string; readonly path: readonly Seg[] }) {
  const { byPath } = useStudio();
  const found = byPath.value.get(formatPath(props.path));
  if (!found?.length) return null;
  return (
    <ul class="field-problems" id={props.id} role="alert">
      {found.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** Every problem of the deck, each a button that opens its field. */
export function ProblemList() {
  const studio = useStudio();
  const { t } = studio;
  const all = studio.problems.value;
  if (!all.length) {
    return <p class="all-good">{t("studio.no_problem")}</p>;
  }
  return (
    <section class="problem-list" aria-labelledby="problem-list-title">
      <h2 id="problem-list-title">{t("studio.problems", { count: all.length })}</h2>
      <ol>
        {all.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            <button type="button" class="link" onClick={() => studio.go(p.path)}>
              {placeOf(studio.t, studio.doc.value, p.path)}
            </button>{" "}
            {p.message}
          </li>
        ))}
      </ol>
    </section>
  );
}
