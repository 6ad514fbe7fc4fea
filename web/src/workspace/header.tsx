// The desk's header: the scenario's clock (simulated), the pace, the time left (real: what
// the candidate has), the connection, sound, help, language. On a 1366 px screen everything
// stays in view, the deck's title giving way first.

import { dateText, timeText } from "./formats";
import { useDesk } from "./model";
import { scenarioDate } from "./text";
import { realSeconds, Timer } from "./timers";

export function Header() {
  const desk = useDesk();
  const { t, dossier, lang } = desk;
  const sim = desk.sim.value;
  const state = desk.state.value;
  const date = scenarioDate(dossier.today, dossier.start_time, sim);
  const left = realSeconds(desk, Math.max(0, dossier.duration_minutes * 60 - sim));
  const pace = desk.factor.value;
  const link = desk.link.value;
  const status = state.status;
  return (
    <header class="desk-head">
      <strong class="brand">{t("app.name")}</strong>
      <span class="deck-title">{dossier.title}</span>
      {desk.agent ? <span class="agent">{desk.agent}</span> : null}
      <span class="clock" aria-label={t("desk.clock")} title={t("desk.clock_title.sim")}>
        <span class="day">{dateText(date, dossier.formats)}</span>{" "}
        <time class="time">{timeText(date, dossier.formats)}</time>
      </span>
      <span class="pace" title={t("desk.pace", { n: pace })}>
        ×{pace}
      </span>
      <span class="left">
        <Timer label={t("desk.time_left")} seconds={left} clock="real" />
      </span>
      <span class={`session s-${status}`}>{t(`desk.session.${status}`)}</span>
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
