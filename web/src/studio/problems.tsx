// Problems said where they are: beside their field, and all together in a list whose
// entries take the trainer to the field (its section, its item, the control focused).

import { useStudio } from "./model";
import { formatPath, parsePath, type Seg } from "./paths";

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
              {placeOf(studio.t, p.path)}
            </button>{" "}
            {p.message}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Where a problem is, for a person: « Contacts › 3 › client › nom ». */
export function placeOf(t: (key: string) => string, path: string): string {
  const segs: Seg[] = parsePath(path);
  return segs
    .map((seg, i) =>
      typeof seg === "number" ? String(seg + 1) : i === 0 ? t(`studio.section.${seg}`) : t(`studio.f.${seg}`).replace(/^studio\.f\./, ""),
    )
    .join(" › ");
}
