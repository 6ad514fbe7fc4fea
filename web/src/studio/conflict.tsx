// Another trainer saved this deck while this one was writing it: say who changed what, where
// both changed the same thing, and let the trainer choose. Nothing is decided for them;
// their own version is kept in this browser either way.

import { useStudio } from "./model";
import type { Sync } from "./sync";
import { when } from "./versions";

export function ConflictDialog(props: { readonly sync: Sync }) {
  const studio = useStudio();
  const { t } = studio;
  const conflict = studio.conflict.value;
  if (conflict === null) return null;
  return (
    <div class="overlay">
      <div class="dialog conflict" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" aria-describedby="conflict-what">
        <h2 id="conflict-title">{t("studio.conflict_title")}</h2>
        <p id="conflict-what">{t("studio.conflict_what", { version: conflict.version })}</p>
        {conflict.theirs.map((v) => (
          <section key={v.version} class="their-version">
            <h3>
              {t("studio.version_n", { version: v.version })} · {when(v.at, studio.boot.lang)} · {v.author}
            </h3>
            <ul class="changes">
              {v.changes.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </section>
        ))}
        {conflict.both_changed.length > 0 && (
          <section class="both-changed">
            <h3>{t("studio.both_changed")}</h3>
            <ul>
              {conflict.both_changed.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </section>
        )}
        <div class="choices">
          <button type="button" onClick={() => props.sync.resolve("mine")}>
            {t("studio.keep_mine")}
          </button>
          <button type="button" class="secondary" onClick={() => props.sync.resolve("theirs")}>
            {t("studio.take_theirs")}
          </button>
        </div>
        <p class="hint">{t("studio.conflict_hint")}</p>
      </div>
    </div>
  );
}
