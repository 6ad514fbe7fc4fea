// The desk's header: the scenario's clock, the time left, the connection, sound, help, language.

import { useDesk } from "./model";
import { clockText, dayText, duration, scenarioDate } from "./text";

export function Header({ onStart }: { onStart: (() => void) | null }) {
  const desk = useDesk();
  const { t, dossier, lang } = desk;
  const sim = desk.sim.value;
  const state = desk.state.value;
  const date = scenarioDate(dossier.today, dossier.start_time, sim);
  const left = Math.max(0, dossier.duration_minutes * 60 - sim);
  const link = desk.link.value;
  const status = state.status;
  return (
    <header class="desk-head">
      <strong class="brand">{t("app.name")}</strong>
      <span class="deck-title">{dossier.title}</span>
      {desk.agent ? <span class="agent">{desk.agent}</span> : null}
      <span class="clock" aria-label={t("desk.clock")}>
        <span class="day">{dayText(date, lang)}</span>{" "}
        <time class="time">{clockText(date, lang)}</time>
      </span>
      <span class="left">
        {t("desk.time_left")} <b>{duration(left)}</b>
      </span>
      <span class={`session s-${status}`}>{t(`desk.session.${status}`)}</span>
      {onStart !== null && status === "ready" ? (
        <button type="button" class="primary" onClick={onStart}>
          {t("candidate.start")}
        </button>
      ) : null}
      <span class="spacer" />
      {desk.act === null ? (
        <span class="read-only-badge">{t("mirror.read_only")}</span>
      ) : (
        <span class={`link l-${link}`} role="status" aria-live="polite">
          {t(`desk.link.${link}`)}
          {desk.queued.value > 0 ? ` · ${t("desk.queued", { n: desk.queued.value })}` : ""}
          {desk.busy.value ? ` · ${desk.busy.value}` : ""}
        </span>
      )}
      {desk.act === null ? null : (
        <>
          <button
            type="button"
            aria-pressed={desk.muted.value}
            onClick={() => {
              desk.muted.value = !desk.muted.value;
            }}
          >
            {desk.muted.value ? t("desk.sound_off") : t("desk.sound_on")}
          </button>
          <button type="button" onClick={() => (desk.help.value = true)} aria-keyshortcuts="F1">
            {t("desk.shortcuts")}
          </button>
          <a class="lang" href={desk.otherLangUrl} hrefLang={lang === "fr" ? "en" : "fr"}>
            {t("lang.switch")}
          </a>
        </>
      )}
    </header>
  );
}
