// The studio's bar: how the work stands (saved as version N, waiting, offline, in conflict),
// save now, the history, publish the current version (only when it has no problem), the
// zip, an exam on the published version, and the assessment pages when this server has
// them (coverage of a grid's criteria, a dry run, trying the deck as a candidate).

import { useState } from "preact/hooks";
import { useStudio } from "./model";
import { idsOf } from "./paths";
import type { Sync } from "./sync";

function Status() {
  const studio = useStudio();
  const { t } = studio;
  const sync = studio.sync.value;
  const text =
    sync === "saved" ? t("studio.sync.saved", { version: studio.info.value.version }) : t(`studio.sync.${sync}`);
  return (
    <span class={`sync ${sync}`} role="status" aria-live="polite">
      {text}
    </span>
  );
}

function Tools() {
  const studio = useStudio();
  const { t } = studio;
  const { tools, csrf, lang } = studio.boot;
  // The assessment pages name a deck as the exam form does ("library:dk…"), URL-encoded.
  const deck = encodeURIComponent(studio.info.value.choice);
  const settings = (studio.doc.value.settings ?? {}) as Record<string, unknown>;
  const grids = [settings.grid, ...(Array.isArray(settings.grids) ? settings.grids : [])].filter(
    (g): g is string => typeof g === "string" && g !== "",
  );
  const [grid, setGrid] = useState(grids[0] ?? "");
  if (!tools.coverage && !tools.dryrun && !tools.try) return null;
  const contacts = idsOf(studio.doc.value.contacts);
  return (
    <div class="tools" role="group" aria-label={t("studio.tools")}>
      {tools.coverage && (
        <form method="get" action={`/decks/${deck}/coverage`} target="_blank" class="inline">
          <input type="hidden" name="lang" value={lang} />
          <select name="grid" aria-label={t("studio.grid")} value={grid} onChange={(e) => setGrid((e.currentTarget as HTMLSelectElement).value)}>
            {(grids.length ? grids : studio.boot.choices.grids.map((g) => g.id)).map((g) => (
              <option key={g} value={g}>
                {studio.boot.choices.grids.find((x) => x.id === g)?.title ?? g}
              </option>
            ))}
          </select>
          <button type="submit" class="secondary">
            {t("studio.coverage")}
          </button>
        </form>
      )}
      {tools.dryrun && (
        <form method="post" action={`/decks/${deck}/dryrun?lang=${lang}`} target="_blank" class="inline">
          <input type="hidden" name="csrf_token" value={csrf} />
          <button type="submit" class="secondary">
            {t("studio.dryrun")}
          </button>
        </form>
      )}
      {tools.try && (
        <form method="post" action={`/decks/${deck}/try?lang=${lang}`} target="_blank" class="inline try">
          <input type="hidden" name="csrf_token" value={csrf} />
          <select name="contact" aria-label={t("studio.try_what")}>
            <option value="">{t("studio.try_all")}</option>
            {contacts.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
          <input name="pace" inputMode="decimal" size={4} aria-label={t("studio.try_pace")} placeholder={t("studio.try_pace")} />
          <button type="submit" class="secondary">
            {t("studio.try")}
          </button>
        </form>
      )}
    </div>
  );
}

export function Toolbar(props: { readonly sync: Sync; readonly problemsOpen: boolean; readonly toggleProblems: () => void }) {
  const studio = useStudio();
  const { t } = studio;
  const info = studio.info.value;
  const count = studio.problems.value.length;
  const unsaved = studio.sync.value !== "saved";
  const publish = async () => {
    await props.sync.saveNow();
    if (studio.sync.value !== "saved") return;
    const answer = await studio.api.publish(studio.base.value);
    if (answer?.ok) {
      studio.info.value = answer.body;
      studio.notice.value = t("studio.published", { version: answer.body.published });
    } else if (answer) {
      studio.notice.value = answer.error.reason;
      const found = answer.body.problems;
      if (Array.isArray(found)) studio.problems.value = found as typeof studio.problems.value;
    } else studio.notice.value = t("studio.sync.offline");
  };
  const view = studio.view.value;
  return (
    <div class="toolbar">
      <div class="where">
        <strong class="deck-title">{info.title}</strong>{" "}
        <span class={`state ${info.archived ? "archived" : info.published ? "published" : "draft"}`}>
          {info.archived
            ? t("library.status.archived")
            : info.published
              ? t("studio.published_version", { version: info.published })
              : t("library.status.draft")}
        </span>{" "}
        <Status />
      </div>
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void props.sync.saveNow()} disabled={!unsaved || studio.conflict.value !== null}>
          {t("studio.save")}
        </button>
        <button type="button" class={`secondary${props.problemsOpen ? " pressed" : ""}`} aria-pressed={props.problemsOpen} onClick={props.toggleProblems}>
          {count ? t("studio.problems", { count }) : t("studio.no_problem_short")}
          {studio.warnings.value.length ? ` · ${t("studio.warnings", { count: studio.warnings.value.length })}` : ""}
        </button>
        <button
          type="button"
          class={`secondary${view.versions ? " pressed" : ""}`}
          aria-pressed={view.versions}
          onClick={() => (studio.view.value = { ...view, versions: !view.versions })}
        >
          {t("studio.versions")}
        </button>
        <button
          type="button"
          onClick={() => void publish()}
          disabled={
            count > 0 || info.archived || studio.conflict.value !== null || (info.published === info.version && !unsaved)
          }
          title={count > 0 ? t("studio.publish_blocked") : ""}
        >
          {t("studio.publish", { version: unsaved ? info.version + 1 : info.version })}
        </button>
        <a class="button secondary" href={`/api/decks/${encodeURIComponent(info.deck)}/zip`} download>
          {t("library.download")}
        </a>
        {info.published > 0 && !info.archived && (
          <a class="button secondary" href={`/exams/new?deck=${encodeURIComponent(info.choice)}&lang=${studio.boot.lang}`}>
            {t("exams.new")}
          </a>
        )}
      </div>
      <Tools />
    </div>
  );
}
