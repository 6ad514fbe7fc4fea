// A deck's history: every save with who, when and what changed in words; the difference
// between any two versions; an old version brought back (as a new version: nothing is
// ever lost from the history).

import { useEffect, useState } from "preact/hooks";
import type { VersionRow } from "./api";
import { useStudio } from "./model";

export function when(seconds: number, lang: string): string {
  // Exam rooms are French: dates are read on Paris time, as the server's pages say them.
  return new Date(seconds * 1000).toLocaleString(lang === "en" ? "en-GB" : "fr-FR", {
    timeZone: "Europe/Paris",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
  });
}

export function Versions(props: { readonly onRestored: (doc: Record<string, unknown>, base: number) => void }) {
  const studio = useStudio();
  const { t } = studio;
  const [rows, setRows] = useState<readonly VersionRow[] | null>(null);
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [words, setWords] = useState<readonly string[] | null>(null);
  const [error, setError] = useState("");
  const current = studio.info.value.version;
  useEffect(() => {
    void studio.api.versions().then((answer) => {
      if (!answer?.ok) return setError(answer ? answer.error.reason : t("studio.offline"));
      setRows(answer.body.versions);
      const last = answer.body.versions[0]?.version ?? 1;
      setTo(last);
      setFrom(Math.max(1, last - 1));
    });
  }, [current]);
  const compare = async () => {
    const answer = await studio.api.compare(from, to);
    if (answer?.ok) setWords(answer.body.changes);
    else setError(answer ? answer.error.reason : t("studio.offline"));
  };
  const restore = async (version: number) => {
    const answer = await studio.api.restore(version, studio.base.value);
    if (answer?.ok) {
      studio.info.value = answer.body;
      studio.problems.value = answer.body.problems;
      props.onRestored(answer.body.document as Record<string, unknown>, answer.body.version);
      studio.notice.value = t("studio.restored_version", { version });
    } else setError(answer ? answer.error.reason : t("studio.offline"));
  };
  if (rows === null) return <p class="hint">{error || t("studio.loading")}</p>;
  const numbers = rows.map((r) => r.version);
  return (
    <section class="versions" aria-labelledby="versions-title">
      <h1 id="versions-title">{t("studio.versions")}</h1>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="compare">
        <label for="diff-from">{t("studio.compare_from")}</label>
        <select id="diff-from" value={from} onChange={(e) => setFrom(Number((e.currentTarget as HTMLSelectElement).value))}>
          {numbers.map((n) => (
            <option key={n} value={n}>
              {t("studio.version_n", { version: n })}
            </option>
          ))}
        </select>
        <label for="diff-to">{t("studio.compare_to")}</label>
        <select id="diff-to" value={to} onChange={(e) => setTo(Number((e.currentTarget as HTMLSelectElement).value))}>
          {numbers.map((n) => (
            <option key={n} value={n}>
              {t("studio.version_n", { version: n })}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void compare()}>
          {t("studio.compare")}
        </button>
      </div>
      {words && (
        <section class="difference" aria-labelledby="difference-title">
          <h2 id="difference-title">{t("studio.difference", { from, to })}</h2>
          {words.length ? (
            <ul>
              {words.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          ) : (
            <p>{t("studio.no_difference")}</p>
          )}
        </section>
      )}
      <ol class="history" reversed>
        {rows.map((row) => (
          <li key={row.version} class={row.published ? "published" : ""}>
            <h3>
              {t("studio.version_n", { version: row.version })} · {when(row.at, studio.boot.lang)} · {row.author}
              {row.published && <span class="state published"> {t("library.status.published")}</span>}
              {row.version === current && <span class="state"> {t("studio.current")}</span>}
            </h3>
            <p class="meta">
              {row.restored_from
                ? t("studio.restored_from", { version: row.restored_from })
                : row.version === 1
                  ? t("studio.first_version")
                  : t("studio.changes_count", { count: row.changes.length })}
              {row.problems > 0 && ` · ${t("studio.problems", { count: row.problems })}`}
            </p>
            {row.changes.length > 0 && (
              <ul class="changes">
                {row.changes.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            )}
            {row.version !== current && (
              <button type="button" class="secondary small" onClick={() => void restore(row.version)}>
                {t("studio.restore", { version: row.version })}
              </button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
